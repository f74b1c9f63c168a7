"""Shared pieces of the browser tests: the browser to use, the fixture content added to the
handbook, the served site, and small page helpers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from mid_ticket_fixtures import MID_TICKET_FILES
from sitebuild import ROOT, Build
from subject_fixtures import SUBJECT_FILES

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

# Fixture content added to a copy of the real handbook. Payloads sit in every text field that
# reaches HTML; the tree's outcomes point at the fixture playbook and snippet.
FIXTURE_FILES = {
    "playbooks/snippets/fixture-payload.yml": f"""\
id: fixture-payload
title: "Payload {XSS_SCRIPT} title"
summary: "Summary {XSS_IMG}"
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  first_name:
    label: "Name {XSS_IMG}"
    fallback: "friend {XSS_SCRIPT}"
variants:
  email: |
    Hi [[first_name]], this {XSS_SCRIPT} and this {XSS_IMG} stay text.
  chat: |
    {XSS_IMG} chat for [[first_name]] {XSS_SCRIPT}
""",
    # Every light-Markdown form a reply may use: the Copy button must paste what the exports
    # hold for it (plain text with the same line breaks, list markers and link targets).
    "playbooks/snippets/fixture-markdown.yml": """\
id: fixture-markdown
title: Fixture Markdown reply
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  first_name: {label: First name, fallback: there}
  ticket: {label: Ticket, fallback: your ticket}
variants:
  email: |
    Hi [[first_name]],

    Thanks for **your patience** with *this* one.
    A second line, with a [status page](https://status.example.com/) link.

    - **Done:** [[ticket]] is fixed.
    - Next: nothing for you to do.

    1. Sign out.
    2. Sign in again with `Ctrl+Shift+R`.

    Talk soon,
    Ana
  chat: |
    Hey [[first_name]] - one line, with a ~tilde~ and 3 * 4 = 12.
  social: |
    Sorry, [[first_name]]! DM us about [[ticket]].
""",
    "playbooks/trees/fixture-payload.yml": f"""\
id: fixture-payload
title: "Tree {XSS_SCRIPT}"
summary: "Summary {XSS_IMG}"
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
start: ask
nodes:
  ask:
    question: "Does {XSS_SCRIPT} run?"
    help: "Help {XSS_IMG}"
    answers:
      - label: "Yes {XSS_IMG}"
        next: shown
      - label: "No {XSS_SCRIPT}"
        next: other
  shown:
    outcome: "Outcome {XSS_SCRIPT}"
    instruction: "Instruction {XSS_IMG}"
    playbook: fixture-payload#payload-section
    snippet: fixture-payload
  other:
    outcome: "Other {XSS_IMG}"
    instruction: "Instruction {XSS_SCRIPT}"
    snippet: fixture-payload
""",
    "playbooks/fixture-payload.md": f"""\
---
title: "Fixture payloads {XSS_SCRIPT}"
summary: "Summary {XSS_IMG}"
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
tags: [fixture]
---

A page that embeds the payload snippet and tree; none of it may run.

## Payload section

{{{{ snippet("fixture-payload") }}}}

## Payload tree

{{{{ decision_tree("fixture-payload") }}}}
""",
    # Names that a plain JavaScript object already answers for through its prototype
    # (`constructor`) or that look like its members: all legal placeholder names and node ids.
    # The snippet and the tree share one page, so a failure in one would show in the other.
    "playbooks/snippets/fixture-proto.yml": """\
id: fixture-proto
title: Fixture prototype names
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  constructor: {label: Builder, fallback: the builder}
  valueof: {label: Worth, fallback: some worth}
  hasownproperty: {label: Owner, fallback: an owner}
  tostring: {label: Text form, fallback: plain text}
variants:
  email: |
    Hi [[constructor]], [[valueof]] for [[hasownproperty]] as [[tostring]].
""",
    "playbooks/trees/fixture-proto.yml": """\
id: fixture-proto
title: Fixture prototype tree
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
start: ask
nodes:
  ask:
    question: Is it built?
    answers:
      - label: Go to the builder
        next: constructor
      - label: Go to the prototype
        next: prototype
  constructor:
    question: Who owns it?
    answers:
      - label: Someone owns it
        next: hasownproperty
      - label: Skip to the prototype
        next: prototype
  prototype:
    outcome: The prototype outcome
    instruction: Nothing to inherit.
    playbook: fixture-proto#the-reply
  hasownproperty:
    outcome: The owner outcome
    instruction: Tell the owner.
    playbook: fixture-proto#the-reply
""",
    "playbooks/fixture-proto.md": """\
---
title: Fixture prototype names
summary: A snippet and a tree named like an object's own members, on one page.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
tags: [fixture]
---

## The reply

{{ snippet("fixture-proto") }}

## The tree

{{ decision_tree("fixture-proto") }}
""",
    "playbooks/fixture-overdue.md": """\
---
title: Fixture overdue playbook
summary: A playbook whose review is long overdue.
owner: "@acme/qa"
reviewed: 2025-01-15
review_every: 90d
tags: [fixture]
---

This playbook was last reviewed in January 2025 and is due every 90 days.

## Some section

Nothing else to see.
""",
}


@dataclass
class Site:
    build: Build
    base: str  # e.g. http://127.0.0.1:40123/

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def playbook_paths(self) -> list[str]:
        root = self.build.site / "playbooks"
        return sorted(f"playbooks/{p.name}/" for p in root.iterdir() if (p / "index.html").exists())


FIXTURE_FILES.update(MID_TICKET_FILES)
FIXTURE_FILES.update(SUBJECT_FILES)


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def clear_clipboard(page) -> None:
    page.evaluate("navigator.clipboard.writeText('(empty)')")


def with_site_url(url: str) -> str:
    """The project's mkdocs.yml with `site_url` set to `url`."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_url:.*\n", "", text)
    return f"site_url: {url}\n" + text
