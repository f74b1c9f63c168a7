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

import contextlib
import csv
import io
import json
import re
from typing import Any

from pydantic import ValidationError

from ..core.helpdesk_fields import MACRO_CHOICES, SNIPPET_OWNS, ZENDESK_FIELDS, ZendeskAction
from ..render.exports import KEY_MARK_RE
from . import fingerprints
from .records import Reply, category_of, language_code, language_name, split_title, tag_of


class SourceError(ValueError):
    """The file is not what the format expects; the message names the fix."""


def decode(raw: bytes) -> str:
    """A file's text: UTF-8 (with or without a BOM), or UTF-16 with its BOM, as Excel saves
    "Unicode text". Raises SourceError with the fix for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start + 1}): save it as UTF-8 (in "
                          "Excel: Save As, 'CSV UTF-8')") from None


def read(kind: str, data: str, notes: list[str] | None = None) -> list[Reply]:
    """Replies in a file's text. `kind`: zendesk, helpscout or csv. `notes` gets a line for
    what concerns the whole file (a list that is one page of several)."""
    notes = [] if notes is None else notes
    if kind == "zendesk":
        return (zendesk_csv(data, notes) if not data.lstrip().startswith(("{", "[")) else
                zendesk_json(data, notes))
    if kind == "helpscout":
        return helpscout_json(data, notes)
    return plain_csv(data)


def _pages(doc: Any, listed: int, notes: list[str]) -> None:
    """A list response that is one page of several (offset or cursor pagination)."""
    if not isinstance(doc, dict):
        return
    meta, links, page = doc.get("meta"), doc.get("links"), doc.get("page")
    more = bool(doc.get("next_page")) or (isinstance(meta, dict) and meta.get("has_more")) \
        or (isinstance(links, dict) and isinstance(links.get("next"), dict | str)
            and bool(links.get("next")))
    count = doc.get("count")
    if isinstance(page, dict):  # Help Scout: {"page": {"number", "totalPages"}}
        more = more or (page.get("number") or 1) < (page.get("totalPages") or 1)
    if more or (isinstance(count, int) and count > listed):
        notes.append(f"this file holds {listed} replies of "
                     f"{count if isinstance(count, int) and count > listed else 'more'}: "
                     "it is one page of the list; export every page (follow next_page) and "
                     "import them in one run (handbook import KIND page1.json page2.json …), "
                     "so replies split across pages are merged")


def _json(data: str, what: str) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON ({exc.msg} at line {exc.lineno}): export {what} as the "
                          "API returns them") from None


def zendesk_json(data: str, notes: list[str] | None = None) -> list[Reply]:
    doc = _json(data, "the macros")
    if isinstance(doc, dict) and "macros" in doc:
        macros = doc["macros"]
    elif isinstance(doc, dict) and "macro" in doc:
        macros = [doc["macro"]]
    else:
        macros = doc
    if not isinstance(macros, list) or not all(isinstance(m, dict) for m in macros):
        raise SourceError("expected Zendesk's {\"macros\": [...]} (GET /api/v2/macros)")
    _pages(doc, len(macros), [] if notes is None else notes)
    replies = [_zendesk_macro(m) for m in macros]
    for reply, macro in zip(replies, macros, strict=True):
        if reply.helpdesk_id is not None:  # the id as the API lists it: a number
            reply.fingerprint = fingerprints.of("zendesk", {**macro, "id": reply.helpdesk_id})
        if reply.helpdesk_id is None:
            reply.dropped.append(_NO_ID.format("the file gives no id for it",
                                               reply.raw_title))
    return replies


# The columns a CSV may name a macro's id with (compared in lower case): a spreadsheet made
# from the API's JSON has "id"; Zendesk documents no CSV export of macros of its own.
ID_COLUMNS = ("id", "macro id", "macro_id", "macro-id")
_NOT_ACTIONS = {"title", "description", "active", *ID_COLUMNS}


def zendesk_csv(data: str, notes: list[str] | None = None) -> list[Reply]:
    """One macro a row: Title, Description, Active, ID, and one column per action field
    (comment_value, comment_value_html, status, current_tags ...). A row without the
    macro's id gets a report line: the first sync would create a second macro beside it;
    a file with no ID column gets a line in `notes` too."""
    rows = _rows(data)
    if not rows or not any(k and k.strip().lower() == "title" for k in rows[0]):
        raise SourceError("expected a CSV whose first row names the columns, one of them Title")
    if not {(k or "").strip().lower() for k in rows[0]} & set(ID_COLUMNS) and notes is not None:
        notes.append("this CSV has no ID column: the first `handbook sync zendesk` will create "
                     "every macro again beside its original. Add an ID column with each "
                     "macro's id, or import the JSON GET /api/v2/macros returns")
    if {(k or "").strip().lower() for k in rows[0]} & set(ID_COLUMNS) and notes is not None:
        notes.append("a CSV is not the API's shape, so import records no fingerprint of what "
                     "it read: the first `handbook sync zendesk` takes these macros over only "
                     "with --allow-takeover (once; read its plan first), or import the JSON "
                     "GET /api/v2/macros returns")
    replies = []
    for row in rows:
        row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        actions = [{"field": k, "value": v} for k, v in row.items()
                   if k not in _NOT_ACTIONS and v.strip()]
        written = next((row[k] for k in ID_COLUMNS if row.get(k, "").strip()), "")
        reply = _zendesk_macro({"title": row.get("title", ""),
                                "description": row.get("description"),
                                "active": row.get("active", "").strip() or True, "id": written,
                                "actions": actions})
        if reply.helpdesk_id is None:
            reply.dropped.append(_NO_ID.format(
                f"its ID, {written.strip()!r}, is not a macro id" if written.strip() else
                "the CSV gives no id for it", reply.raw_title))
        replies.append(reply)
    return replies


_NO_ID = ("{0}, so sync can't know which macro it was: the first `handbook sync zendesk` "
          "will create a new macro beside '{1}'. To avoid it, give the CSV an ID column "
          "with each macro's id (the number in its address in Zendesk) and import again, or "
          "import the JSON GET /api/v2/macros returns; or add `ids: {{email: <id>}}` under "
          "this snippet's zendesk: block")


def _zendesk_macro(macro: dict[str, Any]) -> Reply:
    written = macro.get("title")
    raw_title = written if isinstance(written, str) and written.strip() else "Untitled"
    title, tags, channel, language = split_title(raw_title)
    ident = _id(macro.get("id"))
    source = f"Zendesk macro '{raw_title}'" + (f" (id {ident})" if ident else "")
    reply = Reply(source, title, "", html=False, channel=channel or "email", language=language,
                  tags=tags, summary=str(macro.get("description") or "").strip(),
                  helpdesk="zendesk", helpdesk_id=ident, category=category_of(raw_title),
                  marked=language is not None, raw_title=raw_title.strip())
    _language_note(reply)
    keys = KEY_MARK_RE.findall(reply.summary)
    if keys:  # a clone of a handbook macro keeps the key in its description
        reply.summary = " ".join(KEY_MARK_RE.sub("", reply.summary).split())
        reply.dropped.append(f"its description holds the key [handbook:{keys[0]}] of the "
                             f"handbook's macro '{keys[0]}' (a copy of it?): taken out of the "
                             "summary; sync names the conflict until it is taken out of the "
                             "description in Zendesk")
    if written is not None and not isinstance(written, str):
        reply.raw_title = ""  # not the macro's title: nothing to record for sync
        reply.dropped.append(f"its title is not text ({_short_repr(written)}): imported as "
                             "'Untitled'; give the snippet its title")
    active = truth(macro.get("active", True))
    reply.active = active is not False
    if active is False:
        reply.dropped.append("was inactive in Zendesk (retired); imported: sync updates it "
                             "only with --allow-activate, which makes it active again; if "
                             "it stays retired, delete the snippet")
    elif active is None:
        reply.dropped.append(f"active is {macro.get('active')!r}, not true or false: "
                             "imported; if it is a retired macro, delete the snippet")
    for action in macro.get("actions") or []:
        _zendesk_action(reply, action)
    _restriction(reply, macro.get("restriction"))
    return reply


def _short_repr(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _id(value: Any) -> int | None:
    """The helpdesk's id of an object: a whole number (also written as text in a CSV)."""
    if type(value) is int and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# A yes or no as the API writes it (JSON true/false, or "true"/"false" in an action's
# value: Zendesk's actions reference) and as spreadsheets do (TRUE/FALSE, 1/0, yes/no).
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


def truth(value: Any) -> bool | None:
    """True or False from a helpdesk's or a spreadsheet's yes or no (any case, spaces
    around); None for anything else ("maybe", "", 2), which the caller reports."""
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    written = str(value).strip().casefold() if isinstance(value, str) else None
    return True if written in _TRUE else False if written in _FALSE else None


def _language_note(reply: Reply) -> None:
    if reply.language:
        name = language_name(reply.language.split("-")[0])
        reply.dropped.append(f"the title's marker was read as the language "
                             f"'{reply.language}' ({name}), kept in the title too: if it says "
                             "something else, remove 'language:'")


def _zendesk_action(reply: Reply, action: Any) -> None:
    if not isinstance(action, dict):
        reply.dropped.append(f"action {action!r} is not a field and value; left out")
        return
    name, value = str(action.get("field", "")), action.get("value")
    if name == "comment_value_html":
        reply.text, reply.html = _text_value(value, reply), True
    elif name == "comment_value" and not reply.html:
        reply.text = _text_value(value, reply)
    elif name == "comment_mode_is_public":
        public = truth(value)
        reply.public = public is True  # never public by guess: an internal note stays one
        if public is None:
            reply.dropped.append(f"comment_mode_is_public is {value!r}, not true or false: "
                                 "imported as an internal note (public: false); if it is "
                                 "a public reply, take 'public: false' out of the zendesk "
                                 "block")
    elif name == "subject":
        reply.subject = str(value)
    elif name in ZENDESK_FIELDS or name.startswith("custom_fields_"):
        _carry(reply, name, value)
    elif name not in SNIPPET_OWNS:
        reply.dropped.append(f"action '{name}' = {value!r} is not one a snippet carries; "
                             "left out")


def _carry(reply: Reply, name: str, value: Any) -> None:
    """An action the snippet carries, if the snippet model takes it; else a report line."""
    value = _action_value(value)
    if name in MACRO_CHOICES and isinstance(value, str) and value.strip().lower() in \
            MACRO_CHOICES[name]:  # Zendesk's UI and CSV write "Urgent", its API "urgent"
        value = value.strip().lower()
    carried = {"field": name, "value": value}
    try:
        ZendeskAction.model_validate(carried)
    except ValidationError as exc:
        why = exc.errors()[0]["msg"].removeprefix("Value error, ")
        reply.dropped.append(f"action '{name}' = {value!r} left out: {why}")
        return
    reply.actions.append(carried)


def _text_value(value: Any, reply: Reply) -> str:
    """comment_value may be ["channel:all", "text"] (in a CSV cell too, as JSON): the text is
    the last part; a channel other than "all" is a report line (the snippet's variant is
    sent on any channel)."""
    if isinstance(value, str) and _CHANNEL_LIST_RE.match(value):
        with contextlib.suppress(ValueError):  # not JSON after all: the text as written
            value = json.loads(value)
    if isinstance(value, list):
        channel = next((str(v) for v in value[:-1] if str(v).startswith("channel:")), "")
        if channel and channel != "channel:all":
            reply.dropped.append(f"its comment is for one channel only ('{channel}'): the "
                                 "snippet's variant is sent on whichever channel the agent "
                                 "uses")
        return str(value[-1]) if value else ""
    return str(value or "")


_CHANNEL_LIST_RE = re.compile(r'\A\s*\[\s*"channel:')


def _action_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    return str(value) if isinstance(value, str | int | float) else value


def _restriction(reply: Reply, restriction: Any) -> None:
    if not isinstance(restriction, dict):
        return
    kind = restriction.get("type")
    ids = restriction.get("ids") or ([restriction["id"]] if restriction.get("id") else [])
    if not isinstance(ids, list):
        ids = [ids]
    if kind in ("Group", "User") and ids and all(type(i) is int for i in ids):
        reply.restriction = {"type": kind, "ids": ids[:1] if kind == "User" else ids}
    else:
        reply.dropped.append(f"restriction {restriction!r} was not understood; left out")


def helpscout_json(data: str, notes: list[str] | None = None) -> list[Reply]:
    doc = _json(data, "the saved replies")
    whole = doc
    if isinstance(doc, dict) and isinstance(doc.get("_embedded"), dict):
        embedded = doc["_embedded"]
        if not isinstance(embedded.get("savedReplies"), list):
            raise SourceError("expected Help Scout's list shape, {\"_embedded\": "
                              "{\"savedReplies\": [...]}}; this file's _embedded holds "
                              f"{', '.join(map(repr, embedded)) or 'nothing'}: export the "
                              "saved replies as the API returns them")
        doc = embedded["savedReplies"]
    elif isinstance(doc, dict):
        doc = doc.get("savedReplies", [doc])
    if isinstance(doc, list) and any(isinstance(r, dict) and not {"name", "text", "id"} & set(r)
                                     for r in doc):
        raise SourceError("expected Help Scout saved replies, each with an id, a name and a "
                          "text (GET /v2/mailboxes/{id}/saved-replies/{replyId})")
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise SourceError("expected Help Scout saved replies: a list of {name, text, chatText}")
    _pages(whole, len(doc), [] if notes is None else notes)
    replies = []
    for item in doc:
        raw = str(item.get("name") or "Untitled")
        title, tags, channel, language = split_title(raw, categories=False)  # no "::"
        ident = _id(item.get("id"))
        source = f"Help Scout saved reply '{raw}'" + (f" (id {ident})" if ident else "")
        text = item.get("text")
        chat = item.get("chatText")
        reply = Reply(source, title, str(text or ""), html=True, channel=channel or "email",
                      language=language, tags=tags, chat_text=str(chat) if chat else None,
                      helpdesk="helpscout", helpdesk_id=ident, marked=language is not None,
                      raw_title=raw.strip())
        _language_note(reply)
        if text is None and (item.get("preview") or item.get("chatPreview")):
            reply.preview_only = True  # the list's shape: importing it would cut the reply
        elif ident is not None:
            reply.fingerprint = fingerprints.of("helpscout", {**item, "id": ident})
        replies.append(reply)
    return replies


PLAIN_COLUMNS = ("title", "email", "chat", "social", "tags", "summary", "language", "subject")


def plain_csv(data: str) -> list[Reply]:
    """One snippet a row; the columns are PLAIN_COLUMNS (title and one variant at least)."""
    rows = _rows(data)
    if not rows or "title" not in {(k or "").strip().lower() for k in rows[0]}:
        raise SourceError("expected a CSV whose first row names the columns: "
                          + ", ".join(PLAIN_COLUMNS))
    replies = []
    for n, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        title, tags, _channel, language = split_title(row.get("title", ""))
        notes = _row_fields(row, tags)
        source = f"CSV row {n} '{row.get('title', '')}'"
        if not any(row.get(ch) for ch in ("email", "chat", "social")):
            empty = Reply(source, title, "", html=False)
            empty.dropped.append("has no text in email, chat or social; not imported")
            replies.append(empty)
            continue
        for channel in ("email", "chat", "social"):
            if row.get(channel):
                reply = Reply(source, title, row[channel], html=False, channel=channel,
                              language=row.get("language") or language, tags=tags,
                              summary=row.get("summary", ""),
                              subject=row.get("subject") or None,
                              marked=language is not None and not row.get("language"))
                reply.dropped += notes
                notes = []  # said once, by the row's first variant
                reply.dropped += [f"column '{k}' is not one of {', '.join(PLAIN_COLUMNS)}; "
                                  "left out" for k, v in row.items()
                                  if k not in PLAIN_COLUMNS and v and channel == "email"]
                if not row.get("language"):
                    _language_note(reply)
                replies.append(reply)
    return replies


def _row_fields(row: dict[str, str], tags: list[str]) -> list[str]:
    """A row's tags (added to `tags`) and language (put back in `row`) as the snippet model
    takes them: a field it can't take is written as it can, or left out, with a report
    line each; the reply is kept (Zendesk's invalid actions are treated so too)."""
    notes = []
    for written in row.get("tags", "").replace(";", ",").split(","):
        tag = tag_of(written)
        if tag:
            tags.append(tag)
        if written.strip() and tag != written.strip().lower():
            notes.append(f"tag '{written.strip()}' " + (f"was written '{tag}'" if tag else
                         "has no letters or digits: left out"))
    if row.get("language"):
        row["language"], note = language_code(row["language"])
        notes += [note] if note else []
    return notes


def _rows(data: str) -> list[dict[str | None, str | None]]:
    """A CSV's rows by column; the separator (comma, semicolon as Excel writes it in many
    countries, or tab) is the one the first line uses most."""
    first = data.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        return list(csv.DictReader(io.StringIO(data), delimiter=delimiter))
    except csv.Error as exc:
        raise SourceError(f"not a CSV file ({exc})") from None
