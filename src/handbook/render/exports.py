"""Machine-readable snippet exports: our JSON, Zendesk macros and Help Scout saved replies.

The helpdesk files are request bodies, one per object, each in the shape its API documents,
so each imports as it is (`curl --data @file`) and `handbook sync` sends the same bodies:

- Zendesk, `exports/zendesk/<key>.json`: `{"macro": {...}}`, the body of "Create Macro",
  POST /api/v2/macros, and "Update Macro", PUT /api/v2/macros/{macro_id}
  (https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/). The
  reply is `comment_value_html`, public or internal by `comment_mode_is_public`, with the
  ticket actions of the snippet's `zendesk:` block (Actions reference,
  https://developer.zendesk.com/documentation/ticketing/reference-guides/actions-reference/).
  One macro per variant; the macro's description is the snippet's summary with, on the line
  after it, its stable key, `[handbook:<key>]`, which a rename keeps (the old id stays as an
  alias).
- Help Scout, `exports/helpscout/<id>.json`: `{"name", "text", "chatText"}`, the body of
  "Create Saved Reply", POST /v2/mailboxes/{mailboxId}/saved-replies (and "Update Saved
  Reply", PUT …/saved-replies/{savedReplyId}): `text` is HTML (the API's own example
  separates paragraphs with <br />), `chatText` plain text from the chat variant
  (https://developer.helpscout.com/mailbox-api/endpoints/mailboxes/saved_Replies/
  saved-replies-create). A pair import merged ("… (email)" and "… (chat)", both recorded)
  stays two replies: `<id>.json` and `<id>.chat.json`, each with its variant as `text`.

The title a macro or saved reply gets is one answer for the exports and `handbook sync`:
the one it had at import while the snippet keeps the title import gave it (helpdesk/
kept_titles.py: the first sync renames nothing), else "<category or Handbook>::<title>".

Placeholders the helpdesk knows become its own variables (with the fallback where the
placeholder has one); a required placeholder it does not know becomes a visible gap,
`[Label]`, never a made-up value; an optional one becomes its fallback.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..core.content import Handbook
from ..core.helpdesk_fields import titled
from ..core.models import PLACEHOLDER_USE_RE, Snippet
from ..helpdesk import kept_titles
from .snippet import plain_text, variant_html, without_refused_links

# Our placeholder -> the helpdesk's own variable (its name inside the helpdesk's braces).
ZENDESK = {
    "first_name": "ticket.requester.first_name",
    "last_name": "ticket.requester.last_name",
    "customer_name": "ticket.requester.name",
    "customer_email": "ticket.requester.email",
    "agent_name": "current_user.first_name",
    "ticket_id": "ticket.id",
    "ticket_subject": "ticket.title",
    "company_name": "ticket.organization.name",
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
KEY_MARK = "[handbook:{}]"
KEY_MARK_RE = re.compile(r"\[handbook:([a-z0-9-]+(?:\.[a-z]+)?)\]")

# mapper(helpdesk variable or None, fallback or None, gap) -> the text put in its place.
Mapper = Callable[[str | None, str | None, str], str]


def snippet_path(ident: str) -> str:
    return f"snippets/{ident}/"


def zendesk_value(var: str | None, fallback: str | None, gap: str) -> str:
    """Zendesk's placeholder, `{{ticket.requester.first_name}}`. A fallback is kept with
    Liquid, which Zendesk placeholders are written in ("Understanding Liquid markup",
    https://support.zendesk.com/hc/en-us/articles/4408883291290): a placeholder with no
    value is blank there ("Using placeholders", …/articles/203662116)."""
    if var is None:
        return gap if fallback is None else fallback
    if fallback is None:
        return f"{{{{{var}}}}}"
    return (f"{{% if {var} and {var} != empty %}}{{{{{var}}}}}{{% else %}}{fallback}"
            f"{{% endif %}}")


def helpscout_value(var: str | None, fallback: str | None, gap: str) -> str:
    """Help Scout's variable, `{%customer.firstName,fallback=there%}`."""
    if var is None:
        return gap if fallback is None else fallback
    return f"{{%{var},fallback={fallback or ''}%}}"


def _parts(snippet: Snippet, name: str, table: Mapping[str, str],
           escape: Callable[[str], str]) -> tuple[str | None, str | None, str]:
    placeholder = snippet.placeholders[name]
    fallback = None if placeholder.fallback is None else escape(placeholder.fallback)
    return table.get(name), fallback, escape(f"[{placeholder.label}]")


def fill(text: str, snippet: Snippet, mapper: Mapper, table: Mapping[str, str] | None = None,
         ) -> str:
    """A variant (or any text with placeholders) as plain text, each placeholder replaced by
    `mapper` with its variable in `table` (default: the mapper's helpdesk's)."""
    table = _table(mapper) if table is None else table
    parts = PLACEHOLDER_USE_RE.split(plain_text(text))  # text, name, text, name, ..., text
    return "".join(part if i % 2 == 0 else mapper(*_parts(snippet, part, table, str))
                   if part in snippet.placeholders else f"[[{part}]]"  # an escaped one
                   for i, part in enumerate(parts))


_VAR_RE = re.compile(r'<var data-ph="([^"]*)"[^>]*>.*?</var>', re.DOTALL)


def fill_html(snippet: Snippet, channel: str, mapper: Mapper,
              table: Mapping[str, str] | None = None) -> str:
    """A variant as the HTML the site shows (render/snippet.py's variant_html: light Markdown,
    raw HTML as text, the link policy), each placeholder replaced by `mapper`, its fallback
    and gap escaped."""
    table = _table(mapper) if table is None else table
    escape = lambda t: html.escape(t, quote=False)  # noqa: E731
    return _VAR_RE.sub(
        lambda m: mapper(*_parts(snippet, html.unescape(m.group(1)), table, escape)),
        variant_html(snippet, channel)).strip()


def _table(mapper: Mapper) -> Mapping[str, str]:
    return HELPSCOUT if mapper is helpscout_value else ZENDESK


def macro_key(ident: str, channel: str) -> str:
    """The stable key of a snippet's macro for one channel: the id, `<id>.chat` …"""
    return ident if channel == "email" else f"{ident}.{channel}"


def zendesk_macro(snippet: Snippet, channel: str,
                  table: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The body of Zendesk's Create/Update Macro for one variant: `{"macro": {...}}`."""
    options = snippet.zendesk
    actions: list[dict[str, Any]] = []
    if snippet.subject:
        actions.append({"field": "subject",
                        "value": fill(snippet.subject, snippet, zendesk_value, table).strip()})
    actions.append({"field": "comment_value_html",
                    "value": fill_html(snippet, channel, zendesk_value, table)})
    actions.append({"field": "comment_mode_is_public",
                    "value": options.public if options else True})
    if options:
        actions.extend(a.model_dump() for a in options.actions)
    key = KEY_MARK.format(macro_key(snippet.id, channel))
    macro: dict[str, Any] = {
        "title": kept_titles.zendesk(snippet, channel) or
        f"{options.category if options and options.category else 'Handbook'}::"
        f"{titled(snippet.title, snippet.language)}"
        + ("" if channel == "email" else f" ({channel})"),
        "active": True,
        "description": f"{snippet.summary}\n{key}" if snippet.summary else key,
        "actions": actions,
    }
    # null is "unrestricted" in Update Macro: left out, a restriction removed from the snippet
    # would stay in Zendesk.
    restriction = options.restriction if options else None
    macro["restriction"] = (None if restriction is None else
                            {"type": "Group", "ids": list(restriction.ids)}
                            if restriction.type == "Group" else
                            {"type": "User", "id": restriction.ids[0]})
    return {"macro": macro}


def helpscout_reply(snippet: Snippet, table: Mapping[str, str] | None = None,
                    ) -> dict[str, Any]:
    """The body of Help Scout's Create/Update Saved Reply: `name`, `text` (HTML, from the
    email variant, else social) and `chatText` (plain text, from the chat variant)."""
    reply: dict[str, Any] = {"name": kept_titles.helpscout(snippet)
                             or titled(snippet.title, snippet.language)}
    channel = next((ch for ch in ("email", "social") if ch in snippet.variants), None)
    if channel:
        reply["text"] = fill_html(snippet, channel, helpscout_value, table)
    if "chat" in snippet.variants:
        reply["chatText"] = fill(snippet.variants["chat"], snippet, helpscout_value,
                                 table).strip()
    return reply


def helpscout_replies(snippet: Snippet, table: Mapping[str, str] | None = None,
                      ) -> dict[str, dict[str, Any]]:
    """The saved replies a snippet makes, by key: `<id>`, helpscout_reply(); for a pair
    import merged (`helpscout: {chat: …}` and a chat variant beside email or social) each
    reply as it was, `<id>` with `text` from the email variant and `<id>.chat` with `text`
    from the chat variant (HTML), named as recorded (kept_titles) or "<title> (chat)"."""
    pair = snippet.helpscout.chat if snippet.helpscout else None
    channel = next((ch for ch in ("email", "social") if ch in snippet.variants), None)
    if pair is None or channel is None or "chat" not in snippet.variants:
        return {snippet.id: helpscout_reply(snippet, table)}
    name = titled(snippet.title, snippet.language)
    return {
        snippet.id: {"name": kept_titles.helpscout(snippet) or name,
                     "text": fill_html(snippet, channel, helpscout_value, table)},
        macro_key(snippet.id, "chat"): {
            "name": kept_titles.helpscout(snippet, "chat") or f"{name} (chat)",
            "text": fill_html(snippet, "chat", helpscout_value, table)},
    }


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
            "language": s.language,
            "subject": s.subject,
            "placeholders": {n: p.model_dump() for n, p in s.placeholders.items()},
            # Links and images the renderer refuses never leave the build (check fails first).
            # The site escapes a reply before Markdown reads it (HTML, quotes and the like are
            # text there): escaped the same way, a Markdown renderer shows what the site shows.
            "variants": {ch: {"markdown": html.escape(without_refused_links(text), quote=False),
                              "text": plain_text(text)}
                         for ch, text in s.variants.items()},
        })
    return out


def tables(variables: Mapping[str, Mapping[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(Zendesk, Help Scout) variables by placeholder: the eight above, with the handbook
    plugin's `helpdesk_variables` added or put in their place (SiteConfig)."""
    return ({**ZENDESK, **variables.get("zendesk", {})},
            {**HELPSCOUT, **variables.get("helpscout", {})})


def export_files(book: Handbook) -> dict[str, Any]:
    """Every helpdesk body by its path under the site: exports/zendesk/<key>.json and
    exports/helpscout/<key>.json (`<id>`, and `<id>.chat` for a pair import merged)."""
    zendesk, helpscout = tables(book.config.helpdesk_variables)
    files: dict[str, Any] = {}
    for ident, doc in sorted(book.snippets.items()):
        for channel in doc.model.variants:
            files[f"exports/zendesk/{macro_key(ident, channel)}.json"] = zendesk_macro(
                doc.model, channel, zendesk)
        for key, body in helpscout_replies(doc.model, helpscout).items():
            files[f"exports/helpscout/{key}.json"] = body
    return files


def write_exports(book: Handbook, site_dir: Path, base_path: str, site_url: str,
                  urls: Mapping[str, str] | None = None) -> None:
    def dump(rel: str, data: Any) -> None:
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    dump("snippets.json", {"snippets": snippets_json(book, base_path, site_url, urls)})
    # A removed snippet's file must not stay behind from an earlier build (serve).
    for folder in ("exports/zendesk", "exports/helpscout"):
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for rel, body in export_files(book).items():
        dump(rel, body)
