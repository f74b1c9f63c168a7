"""The title a macro or saved reply keeps in the helpdesk while its snippet still has the
title import gave it (issue 17, rt17d item 5): the first sync after an import renames
nothing. Without this, the export's title ("<category or Handbook>::<title> (<channel>)")
would rename a macro without a category ("Damaged item" -> "Handbook::Damaged item"), the
email half of a pair ("Where is my order (email)" loses "(email)"), a twin import numbered
("Welcome (FR)" -> "Welcome (2) (FR)") and a title spaced as the team wrote it
("Billing :: Refund" -> "Billing::Refund (4)").

What import records (importer.py): `zendesk: {title}`, the macro's full title, and for a
pair `zendesk: {titles: {channel: title}}`, each macro's own; `helpscout: {title}`, the
reply's name, and a pair's chat reply's `helpscout: {chat: {title}}`. The snippet's title
is "the one imported" when it is the recorded title as import shows it
(records.title_as_written: categories and the channel marker aside, the language marker as
written), for Zendesk with or without the counter import adds to tell twins apart
("Refund (4)", "Welcome (2) (FR)": macros in other categories may share a title) and while
its category is still the recorded one; for Help Scout only as it is (names there are
told apart by name alone).
An edited title or category is sent as the export writes it, so the macro is renamed then.
"""

from __future__ import annotations

import re
from typing import Any

from .records import CHANNEL_MARK_RE, category_of, title_as_written, title_with_channel

# The counter import puts before a title's language marker, or at its end: "Refund (4)",
# "Welcome (2) (FR)".
COUNTER_RE = re.compile(r"\s\(\d+\)(?=\s*(?:[\(\[][^()\[\]]*[\)\]])?\s*\Z)")


def zendesk(snippet: Any, channel: str) -> str | None:
    """The recorded title of the snippet's `channel` macro, to send as it is, or None (send
    the export's)."""
    options = snippet.zendesk
    if options is None or channel not in options.ids or not options.title:
        return None
    titles = getattr(options, "titles", None) or {}
    recorded = titles.get(channel) or (options.title if not titles else None)
    if not recorded or (options.category or "") != category_of(recorded):
        return None
    return recorded if (_same(snippet.title, title_as_written(recorded))
                        or snippet.title == title_with_channel(recorded, True, channel)) \
        else None


def helpscout(snippet: Any, channel: str = "email") -> str | None:
    """The recorded name of the snippet's saved reply (`channel` "chat": of a pair's chat
    reply, `helpscout: {chat: {title}}`), to send as it is, or None. Help Scout names have
    no categories ("::" is text there), and sync refuses two replies of one name, so a
    title import numbered to tell twins apart ("Refund approved (2)" beside a snippet of
    that title, "welcome (2)" beside "Welcome") is sent with its number, and the first sync
    renames that reply (rt17e 4: the name without it made sync refuse to run)."""
    options = snippet.helpscout
    if options is None or options.id is None:
        return None
    half = options.chat if channel == "chat" else options
    recorded = half.title if half is not None else None
    if not recorded:
        return None
    shown = " ".join(CHANNEL_MARK_RE.sub("", recorded, count=1).split())
    return recorded if snippet.title == shown else None


def _same(title: str, imported: str) -> bool:
    """Whether the snippet's title is the imported one, an import's counter aside (case
    counts: an author's edit of it is sent)."""
    return imported in (title, COUNTER_RE.sub("", title, count=1))
