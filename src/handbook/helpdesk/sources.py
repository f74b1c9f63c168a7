"""Reading helpdesk files into `Reply` records: Zendesk macros (JSON as the API returns them,
or a CSV with one column per macro field or action), Help Scout saved replies (JSON as the
API returns them) and a plain CSV (title, email, chat, social, tags, summary, language,
subject).

Shapes: Zendesk "List Macros" returns `{"macros": [...]}`, "Show Macro" `{"macro": {...}}`,
each with title, description, active, actions ([{field, value}]) and restriction
(https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/). Help Scout
"Get Saved Reply" returns `{"id", "name", "text", "chatText"}`, "List Saved Replies" a list
(https://developer.helpscout.com/mailbox-api/endpoints/inboxes/saved_Replies/saved-replies-get/).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..core.helpdesk_fields import SNIPPET_OWNS, ZENDESK_FIELDS
from .records import Reply, split_title, tag_of


class SourceError(ValueError):
    """The file is not what the format expects; the message names the fix."""


def read(kind: str, data: str) -> list[Reply]:
    """Replies in a file's text. `kind`: zendesk, helpscout or csv."""
    if kind == "zendesk":
        return zendesk_csv(data) if not data.lstrip().startswith(("{", "[")) else zendesk_json(data)
    if kind == "helpscout":
        return helpscout_json(data)
    return plain_csv(data)


def _json(data: str, what: str) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON ({exc.msg} at line {exc.lineno}): export {what} as the "
                          "API returns them") from None


def zendesk_json(data: str) -> list[Reply]:
    doc = _json(data, "the macros")
    if isinstance(doc, dict) and "macros" in doc:
        macros = doc["macros"]
    elif isinstance(doc, dict) and "macro" in doc:
        macros = [doc["macro"]]
    else:
        macros = doc
    if not isinstance(macros, list) or not all(isinstance(m, dict) for m in macros):
        raise SourceError("expected Zendesk's {\"macros\": [...]} (GET /api/v2/macros)")
    return [_zendesk_macro(m) for m in macros]


def zendesk_csv(data: str) -> list[Reply]:
    """One macro a row: Title, Description, Active, and one column per action field
    (comment_value, comment_value_html, status, current_tags ...)."""
    rows = list(csv.DictReader(io.StringIO(data)))
    if not rows or not any(k and k.strip().lower() == "title" for k in rows[0]):
        raise SourceError("expected a CSV whose first row names the columns, one of them Title")
    macros = []
    for row in rows:
        row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        actions = [{"field": k, "value": v} for k, v in row.items()
                   if k not in ("title", "description", "active", "id") and v.strip()]
        macros.append({"title": row.get("title", ""), "description": row.get("description"),
                       "active": row.get("active", "true").strip().lower() != "false",
                       "id": row.get("id"), "actions": actions})
    return [_zendesk_macro(m) for m in macros]


def _zendesk_macro(macro: dict[str, Any]) -> Reply:
    raw_title = str(macro.get("title") or "Untitled")
    title, tags, channel, language = split_title(raw_title)
    source = f"Zendesk macro '{raw_title}'" + (f" (id {macro['id']})" if macro.get("id") else "")
    reply = Reply(source, title, "", html=False, channel=channel or "email", language=language,
                  tags=tags, summary=str(macro.get("description") or "").strip())
    if macro.get("active") is False:
        reply.dropped.append("was inactive in Zendesk; imported, and sync will make it active")
    for action in macro.get("actions") or []:
        _zendesk_action(reply, action)
    _restriction(reply, macro.get("restriction"))
    if not reply.text:
        reply.dropped.append("has no reply text (comment_value); imported with an empty "
                             "variant to write")
    return reply


def _zendesk_action(reply: Reply, action: Any) -> None:
    if not isinstance(action, dict):
        reply.dropped.append(f"action {action!r} is not a field and value; left out")
        return
    name, value = str(action.get("field", "")), action.get("value")
    if name == "comment_value_html":
        reply.text, reply.html = _text_value(value), True
    elif name == "comment_value" and not reply.html:
        reply.text = _text_value(value)
    elif name == "comment_mode_is_public":
        reply.public = str(value).strip().lower() != "false"
    elif name == "subject":
        reply.subject = str(value)
    elif name in ZENDESK_FIELDS or name.startswith("custom_fields_"):
        reply.actions.append({"field": name, "value": _action_value(value)})
    elif name not in SNIPPET_OWNS:
        reply.dropped.append(f"action '{name}' = {value!r} is not one a snippet carries; "
                             "left out")


def _text_value(value: Any) -> str:
    """comment_value may be ["channel:all", "text"]: the text is the last part."""
    if isinstance(value, list):
        return str(value[-1]) if value else ""
    return str(value or "")


def _action_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def _restriction(reply: Reply, restriction: Any) -> None:
    if not isinstance(restriction, dict):
        return
    kind = restriction.get("type")
    ids = restriction.get("ids") or ([restriction["id"]] if restriction.get("id") else [])
    if kind in ("Group", "User") and ids and all(isinstance(i, int) for i in ids):
        reply.restriction = {"type": kind, "ids": ids[:1] if kind == "User" else ids}
    else:
        reply.dropped.append(f"restriction {restriction!r} was not understood; left out")


def helpscout_json(data: str) -> list[Reply]:
    doc = _json(data, "the saved replies")
    if isinstance(doc, dict):
        doc = (doc.get("_embedded") or {}).get("savedReplies", doc.get("savedReplies", [doc]))
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise SourceError("expected Help Scout saved replies: a list of {name, text, chatText}")
    replies = []
    for item in doc:
        raw = str(item.get("name") or "Untitled")
        title, tags, channel, language = split_title(raw)
        source = f"Help Scout saved reply '{raw}'" + (
            f" (id {item['id']})" if item.get("id") else "")
        text = item.get("text")
        reply = Reply(source, title, str(text or ""), html=True, channel=channel or "email",
                      language=language, tags=tags, chat_text=item.get("chatText") or None)
        if text is None and item.get("preview"):
            reply.dropped.append("holds only a preview (the list's shape): export each reply "
                                 "with GET …/saved-replies/{id} for its whole text")
            reply.text, reply.html = str(item["preview"]), False
        replies.append(reply)
    return replies


PLAIN_COLUMNS = ("title", "email", "chat", "social", "tags", "summary", "language", "subject")


def plain_csv(data: str) -> list[Reply]:
    """One snippet a row; the columns are PLAIN_COLUMNS (title and one variant at least)."""
    rows = list(csv.DictReader(io.StringIO(data)))
    if not rows or "title" not in {(k or "").strip().lower() for k in rows[0]}:
        raise SourceError("expected a CSV whose first row names the columns: "
                          + ", ".join(PLAIN_COLUMNS))
    replies = []
    for n, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        title, tags, _channel, language = split_title(row.get("title", ""))
        tags += [tag_of(t) for t in row.get("tags", "").replace(";", ",").split(",")
                 if tag_of(t)]
        source = f"CSV row {n} '{row.get('title', '')}'"
        for channel in ("email", "chat", "social"):
            if row.get(channel):
                reply = Reply(source, title, row[channel], html=False, channel=channel,
                              language=row.get("language") or language, tags=tags,
                              summary=row.get("summary", ""),
                              subject=row.get("subject") or None)
                reply.dropped += [f"column '{k}' is not one of {', '.join(PLAIN_COLUMNS)}; "
                                  "left out" for k, v in row.items()
                                  if k not in PLAIN_COLUMNS and v and channel == "email"]
                replies.append(reply)
    return replies
