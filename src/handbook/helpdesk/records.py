"""One reply as a helpdesk holds it, before it becomes a snippet, and what its title says.

Zendesk titles name categories with `::` ("Billing::Refunds::Approved": Zendesk, "Organizing
macros in categories", https://support.zendesk.com/hc/en-us/articles/4408887656602); teams
mark channel and language at the end of a title ("… (chat)", "… (RU)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CHANNEL_SUFFIX_RE = re.compile(r"\s*[\(\[](email|chat|social)[\)\]]\s*\Z", re.IGNORECASE)
LANGUAGE_SUFFIX_RE = re.compile(r"\s*[\(\[]([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?[\)\]]\s*\Z")
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
    chat_text: str | None = None  # Help Scout's chatText, plain text
    helpdesk: str | None = None  # "zendesk" or "helpscout": where `helpdesk_id` is from
    helpdesk_id: int | None = None
    category: str = ""  # Zendesk's "::" path before the title, as written
    marked: bool = False  # the title ended with its language ("… (DE)"): the snippet's keeps it
    # Only Help Scout's list preview was read, not the reply: it is not imported (a snippet
    # of the preview, recording the id, would cut the reply down to it on the first sync).
    preview_only: bool = False
    raw_title: str = ""  # the title as the helpdesk has it, "Billing::Refund (ES)"
    dropped: list[str] = field(default_factory=list)


def split_title(raw: str) -> tuple[str, list[str], str | None, str | None]:
    """(title, category tags, channel or None, language or None) from a helpdesk title:
    "Billing::Refund approved (chat)" -> ("Refund approved", ["billing"], "chat", None)."""
    title = raw.strip()
    channel = language = None
    for _ in range(2):  # "(chat) (RU)" or "(RU) (chat)"
        found = CHANNEL_SUFFIX_RE.search(title)
        if found and channel is None:
            channel, title = found.group(1).lower(), title[:found.start()]
            continue
        found = LANGUAGE_SUFFIX_RE.search(title)
        if found and language is None and _clearly_language(found.group(1), found.group(2)):
            region = found.group(2)
            language = found.group(1).lower() + (f"-{region.upper()}" if region else "")
            title = title[:found.start()]
    parts = [p.strip() for p in title.split("::") if p.strip()]
    if not parts:
        return raw.strip() or "Untitled", [], channel, language
    tags = [tag_of(p) for p in parts[:-1] if tag_of(p)]
    return parts[-1], tags, channel, language


def _clearly_language(code: str, region: str | None) -> bool:
    """Whether a title's "(XX)" names a language: a two-letter code (ISO 639-1) that is no
    common abbreviation, or any code with a region ("yue-HK"). A bare three-letter code is
    far more often an abbreviation ("SMS", "ACH") than one of ISO 639-3's thousands."""
    if not language_name(code):
        return False
    if region is not None:
        return True
    return len(code) == 2 and code.upper() not in NOT_LANGUAGES


def same_reply(theirs: object, ours: str) -> bool:
    """Whether a helpdesk title names the same reply as ours, categories, channel and
    language suffixes aside ("Billing::Voucher issued (DE)" ~ "Handbook::Voucher issued")."""
    return (isinstance(theirs, str) and
            split_title(theirs)[0].casefold() == split_title(ours)[0].casefold())


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
