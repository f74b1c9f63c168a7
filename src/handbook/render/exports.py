"""Machine-readable snippet exports: our JSON, Zendesk macros and Help Scout saved replies."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.content import Handbook
from ..core.models import PLACEHOLDER_USE_RE, Snippet
from .snippet import plain_text, without_refused_links

# Our placeholder -> the helpdesk's own variable. Anything else becomes its fallback text.
ZENDESK = {
    "first_name": "{{ticket.requester.first_name}}",
    "last_name": "{{ticket.requester.last_name}}",
    "customer_name": "{{ticket.requester.name}}",
    "customer_email": "{{ticket.requester.email}}",
    "agent_name": "{{current_user.first_name}}",
    "ticket_id": "{{ticket.id}}",
    "ticket_subject": "{{ticket.title}}",
    "company_name": "{{ticket.organization.name}}",
}
HELPSCOUT = {
    "first_name": "customer.firstName",
    "last_name": "customer.lastName",
    "customer_name": "customer.fullName",
    "customer_email": "customer.email",
    "agent_name": "user.firstName",
    "ticket_id": "conversation.number",
    "ticket_subject": "conversation.subject",
    "company_name": "customer.company",
}


def snippet_path(ident: str) -> str:
    return f"snippets/{ident}/"


def fill(text: str, snippet: Snippet, mapper, *, as_html: bool = False) -> str:
    """A variant as the helpdesk gets it: plain text with each placeholder replaced by
    `mapper(name, fallback)`. With `as_html` (Help Scout reads saved replies as HTML) the
    text and fallbacks are escaped, so markup in a reply reaches the customer as text, as it
    shows on the site."""
    escape = (lambda t: html.escape(t, quote=False)) if as_html else (lambda t: t)
    # re.split with one group: text, name, text, name, ..., text.
    parts = PLACEHOLDER_USE_RE.split(plain_text(text))
    return "".join(escape(part) if i % 2 == 0 else
                   mapper(part, escape(_fallback(snippet, part)))
                   for i, part in enumerate(parts))


def _fallback(snippet: Snippet, name: str) -> str:
    """The placeholder's fallback; a required one's is a visible gap, "[Label]"."""
    placeholder = snippet.placeholders[name]
    return placeholder.fallback if placeholder.fallback is not None else f"[{placeholder.label}]"


def zendesk_value(name: str, fallback: str) -> str:
    return ZENDESK.get(name, fallback)


def helpscout_value(name: str, fallback: str) -> str:
    var = HELPSCOUT.get(name)
    return f"{{%{var},fallback={fallback}%}}" if var else fallback


def snippets_json(book: Handbook, base_path: str, site_url: str,
                  urls: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every snippet as JSON. `urls` maps ids to page URLs relative to the site root, as
    MkDocs made them (default: directory URLs, snippets/<id>/)."""
    out = []
    for ident, doc in sorted(book.snippets.items()):
        s = doc.model
        page = (urls or {}).get(ident) or snippet_path(ident)
        path = base_path + page
        out.append({
            "id": ident,
            "title": s.title,
            "summary": s.summary,
            "tags": list(s.tags),
            "owner": s.owner,
            "reviewed": s.reviewed.isoformat(),
            "review_due": s.due.isoformat(),
            "url": path,
            "permalink": site_url.rstrip("/") + "/" + page if site_url else path,
            "aliases": list(s.aliases),
            "placeholders": {n: p.model_dump() for n, p in s.placeholders.items()},
            # Links and images the renderer refuses never leave the build (check fails first).
            # The site escapes a reply before Markdown reads it (HTML, quotes and the like are
            # text there): escaped the same way, a Markdown renderer shows what the site shows.
            "variants": {ch: {"markdown": html.escape(without_refused_links(text), quote=False),
                              "text": plain_text(text)}
                         for ch, text in s.variants.items()},
        })
    return out


def zendesk_macros(book: Handbook) -> dict[str, Any]:
    """Objects in the shape of Zendesk's macro API (POST /api/v2/macros), one per variant."""
    macros = []
    for ident, doc in sorted(book.snippets.items()):
        s = doc.model
        for channel, text in s.variants.items():
            macros.append({
                "title": f"Handbook::{s.title}" + ("" if channel == "email" else f" ({channel})"),
                "active": True,
                "description": f"{s.summary} [handbook snippet {ident}, {channel}]".strip(),
                "actions": [{"field": "comment_value", "value": fill(text, s, zendesk_value)}],
            })
    return {"macros": macros}


def helpscout_replies(book: Handbook) -> list[dict[str, Any]]:
    """Help Scout saved replies (name + text), email variant, with Help Scout variables."""
    replies = []
    for ident, doc in sorted(book.snippets.items()):
        s = doc.model
        channel = "email" if "email" in s.variants else next(iter(s.variants))
        replies.append({"name": s.title,
                        "text": fill(s.variants[channel], s, helpscout_value, as_html=True),
                        "handbookId": ident})
    return replies


def write_exports(book: Handbook, site_dir: Path, base_path: str, site_url: str,
                  urls: Mapping[str, str] | None = None) -> None:
    def dump(rel: str, data: Any) -> None:
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    dump("snippets.json", {"snippets": snippets_json(book, base_path, site_url, urls)})
    dump("exports/zendesk-macros.json", zendesk_macros(book))
    dump("exports/helpscout-saved-replies.json", helpscout_replies(book))
