"""One reply as a helpdesk holds it, before it becomes a snippet, and what its title says.

Zendesk titles name categories with `::` ("Billing::Refunds::Approved": Zendesk, "Organizing
macros in categories", https://support.zendesk.com/hc/en-us/articles/4408887656602); teams
mark channel and language at the end of a title ("… (chat)", "… (RU)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.helpdesk_fields import (
    LANGUAGE_MARK_RE,
    LANGUAGE_NAME_RE,
    LANGUAGE_PREFIX_RE,
    language_of_name,
)

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CHANNEL_SUFFIX_RE = re.compile(r"\s*[\(\[](email|chat|social)[\)\]]\s*\Z", re.IGNORECASE)
# The channel marker before a language marker at the end: "Delay (chat) (DE)".
CHANNEL_MARK_RE = re.compile(r"\s*[\(\[](?:email|chat|social)[\)\]](?=\s*(?:[\(\[][^()\[\]]*"
                             r"[\)\]])?\s*\Z)", re.IGNORECASE)
# Written in capitals, these name a region or a shift far more often than a language
# (Ukrainian, Basque, Catalan ...): they stay in the title.
NOT_LANGUAGES = {"UK", "US", "EU", "CA", "AU", "NZ", "IN", "AM", "PM", "HQ", "VIP", "FAQ",
                 "OLD", "NEW", "ALL", "KB", "IT", "HR", "PR", "ID", "TV", "PC", "OK", "SA"}


@dataclass
class Reply:
    """A macro or saved reply, read from a file. `text` is HTML when `html` is true, else
    plain text. `source` names it in the report (title and, where known, the helpdesk's id).
    `dropped` collects what could not be carried, one line each."""

    source: str
    title: str
    text: str
    html: bool
    channel: str = "email"
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    subject: str | None = None
    public: bool = True
    actions: list[dict[str, Any]] = field(default_factory=list)
    restriction: dict[str, Any] | None = None
    active: bool = True  # False: a Zendesk macro listed as inactive (retired)
    chat_text: str | None = None  # Help Scout's chatText, plain text
    helpdesk: str | None = None  # "zendesk" or "helpscout": where `helpdesk_id` is from
    helpdesk_id: int | None = None
    category: str = ""  # Zendesk's "::" path before the title, as written
    marked: bool = False  # the title ended with its language ("… (DE)"): the snippet's keeps it
    # Only Help Scout's list preview was read, not the reply: it is not imported (a snippet
    # of the preview, recording the id, would cut the reply down to it on the first sync).
    preview_only: bool = False
    raw_title: str = ""  # the title as the helpdesk has it, "Billing::Refund (ES)"
    # What was read of the object as the API gives it (fingerprints.py); None from a CSV.
    fingerprint: str | None = None
    dropped: list[str] = field(default_factory=list)


def split_title(raw: str, categories: bool = True,
                ) -> tuple[str, list[str], str | None, str | None]:
    """(title, category tags, channel or None, language or None) from a helpdesk title:
    "Billing::Refund approved (chat)" -> ("Refund approved", ["billing"], "chat", None).
    `categories`: whether "::" parts are categories (Zendesk's); a Help Scout name has
    none, so its "::" is text.
    Language markers are the forms helpdesk_fields reads: "(DE)", "[pt-BR]", "(zh-Hant)" at
    the end, "FR - " or "[FR] " at the start, " - Spanish" at the end."""
    title = raw.strip()
    channel = language = None
    for _ in range(2):  # "(chat) (RU)" or "(RU) (chat)"
        found = CHANNEL_SUFFIX_RE.search(title)
        if found and channel is None:
            channel, title = found.group(1).lower(), title[:found.start()]
            continue
        found = LANGUAGE_MARK_RE.search(title)
        if found and language is None and _clearly_language(found.group(1)):
            language, title = _tag(found.group(1)), title[:found.start()]
    parts = [p.strip() for p in (title.split("::") if categories else [title]) if p.strip()]
    if not parts:
        return raw.strip() or "Untitled", [], channel, language
    last = parts[-1]
    if language is None:
        language, last = _other_marker(last)
    tags = [tag_of(p) for p in parts[:-1] if tag_of(p)]
    return last, tags, channel, language


def _other_marker(title: str) -> tuple[str | None, str]:
    """(language, title without it) for a marker at the start ("FR - Remboursement") or a
    language's name at the end ("Reembolso - Spanish"); (None, title) when there is none."""
    found = LANGUAGE_PREFIX_RE.search(title)
    code = found and (found.group(1) or found.group(2))
    if code and _clearly_language(code):
        return _tag(code), title[found.end():].strip()
    named = LANGUAGE_NAME_RE.search(title)
    language = language_of_name(named.group(1)) if named else None
    if named and language and title[:named.start()].strip():
        return language, title[:named.start()].strip()
    return None, title


def _tag(code: str) -> str:
    """"DE" -> "de", "pt_br" -> "pt-BR", "zh-hant" -> "zh-Hant" (BCP 47's casing)."""
    primary, _, rest = code.replace("_", "-").partition("-")
    if not rest:
        return primary.lower()
    return f"{primary.lower()}-{rest.upper() if len(rest) == 2 else rest.title()}"


def title_as_written(raw: str, categories: bool = True) -> str:
    """A helpdesk title as the snippet keeps it: without its categories and its channel
    marker, its language marker as written ("Billing::Refund issued [DE] (chat)" ->
    "Refund issued [DE]"), so the first sync does not rename the macro."""
    parts = raw.split("::") if categories else [raw]
    last = [p.strip() for p in parts if p.strip()][-1:] or [raw.strip()]
    return " ".join(CHANNEL_MARK_RE.sub("", last[0], count=1).split())


def title_with_channel(raw: str, categories: bool, channel: str) -> str:
    """A helpdesk title as the snippet of a pair's half kept apart keeps it: without its
    categories, its channel and language markers as written ("VIP::Notes (chat)" -> "Notes
    (chat)"); " (<channel>)" is added when it has no channel marker."""
    parts = raw.split("::") if categories else [raw]
    last = " ".join(([p.strip() for p in parts if p.strip()][-1:] or [raw.strip()])[0].split())
    return last if CHANNEL_MARK_RE.search(last) else f"{last} ({channel})"


def _clearly_language(written: str) -> bool:
    """Whether a title's "(XX)" names a language: a two-letter code (ISO 639-1) that is no
    common abbreviation, or any code with a region or script ("yue-HK", "zh-Hant"). A bare
    three-letter code is far more often an abbreviation ("SMS", "ACH") than one of ISO
    639-3's thousands."""
    code, _, region = written.replace("_", "-").partition("-")
    if not language_name(code):
        return False
    if region:
        return True
    return len(code) == 2 and code.upper() not in NOT_LANGUAGES


def same_reply(theirs: object, ours: str) -> bool:
    """Whether a helpdesk title names the same reply as ours, categories, channel and
    language suffixes aside ("Billing::Voucher issued (DE)" ~ "Handbook::Voucher issued"),
    and control characters too (a title the helpdesk holds with a NUL, which a snippet's
    YAML can't: "Misc::Nul\\x00title" ~ "Misc::Nultitle")."""
    def norm(title: str) -> str:
        return split_title(CONTROL_RE.sub("", title))[0].casefold()

    return isinstance(theirs, str) and norm(theirs) == norm(ours)


def category_of(raw: str) -> str:
    """The "::" path before a title as written: "Billing::Refunds::Approved (chat)" ->
    "Billing::Refunds"."""
    parts = [p.strip() for p in raw.split("::")]
    return "::".join(p for p in parts[:-1] if p)


def language_name(code: str) -> str | None:
    """The English name of a language code ("uk" -> "Ukrainian"), None when it is not one
    (CLDR's list, through Babel)."""
    from babel import Locale

    return Locale("en").languages.get(code.lower()) if code.isascii() else None


def tag_of(text: str) -> str:
    """A category as a tag the snippet model accepts: letters, digits, spaces and hyphens,
    starting with a letter or digit ("../../etc" -> "etc")."""
    tag = re.sub(r"\s+", " ", re.sub(r"[^\w .+/-]+", " ", text)).strip().lower()
    return re.sub(r"^[^\w]+", "", tag).strip()


def language_code(written: str) -> tuple[str | None, str]:
    """(a language tag the snippet model takes, or None; a report line, or "") from a
    column's text: "fr" and "pt-BR" as they are, a language's English name ("English")
    as its code, anything else left out."""
    from babel import Locale

    from ..core.helpdesk_fields import LANGUAGE_RE

    text = written.strip().replace("_", "-")
    if LANGUAGE_RE.match(text) and language_name(text.split("-")[0]):
        return text, ""
    names = {name.casefold(): code for code, name in Locale("en").languages.items()}
    code = names.get(text.casefold())
    if code and LANGUAGE_RE.match(code):
        return code, f"language '{written}' was written as its code, '{code}'"
    return None, (f"language '{written}' is not a language tag (en, fr, pt-BR): left out, "
                  "the reply kept")
