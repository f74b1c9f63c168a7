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
LANGUAGE_SUFFIX_RE = re.compile(r"\s*[\(\[]([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?[\)\]]\s*\Z")


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
        if found and language is None:
            region = found.group(2)
            language = found.group(1).lower() + (f"-{region.upper()}" if region else "")
            title = title[:found.start()]
    parts = [p.strip() for p in title.split("::") if p.strip()]
    if not parts:
        return raw.strip() or "Untitled", [], channel, language
    tags = [tag_of(p) for p in parts[:-1] if tag_of(p)]
    return parts[-1], tags, channel, language


def tag_of(text: str) -> str:
    """A category as a tag the snippet model accepts: letters, digits, spaces and hyphens."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w .+/-]+", " ", text)).strip().lower()
