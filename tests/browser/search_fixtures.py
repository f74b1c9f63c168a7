"""Fixture content for the search tests, added to the browser tests' site (conftest.py): words
in forms, accents and compound tokens the default content does not use, keywords, text in
Japanese, and a word inside other words (numbat). Its words (quokka, Zürich, SAML, numbat ...)
appear nowhere else, so it moves no other search."""

SEARCH_FILES = {
    "playbooks/fixture-search.md": """\
---
title: Fixture single sign-on trouble
summary: When SSO/SAML sign-in fails for the office in Zürich.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
keywords: [quokka, wombat burrow]
---

# Fixture single sign-on trouble

Staff at the Zürich office sign in through SSO/SAML. When the identity provider rejects
them, ask for the time of the failed attempt.

## パスワードの再設定

パスワード 再設定 の手順を案内します。

## Rebooting the kiosk

Rebooted kiosks recover within a minute; a kiosk that keeps rebooting needs a technician.
When its Wi-Fi/LAN drops, check the cable first.
""",
    "playbooks/fixture-places.md": """\
---
title: Fixture offices abroad
summary: Offices whose names have letters that do not decompose.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

# Fixture offices abroad

Our teams sit in Łódź, København, Straße am Ørsted, İstanbul and Æbleskiver town.

## ग्राहक सहायता

ग्राहक की शिकायत का उत्तर दें।

## 窓口

お客様がパスワードの再設定を依頼した場合、本人確認を行ってください。東京のオフィスは休みです。
""",
    "playbooks/fixture-marks.md": """\
---
title: Fixture numbat marks
summary: A word that other words hold.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

# Fixture numbat marks

A numbat, two numbats, a subnumbatic antinumbat and numbatology: only the whole word is marked.
The numbat line runs through AT&T.
""",
    "playbooks/snippets/fixture-search-reply.yml": """\
id: fixture-search-reply
title: Fixture kookaburra reply
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  first_name: {label: First name, fallback: there}
variants:
  email: |
    Hi [[first_name]], the kookaburra feeder is fixed.
""",
}
