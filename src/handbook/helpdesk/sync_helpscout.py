"""`handbook sync helpscout`: one mailbox's saved replies follow the handbook.

Documented endpoints (Help Scout Mailbox API 2.0): List Saved Replies, GET
/v2/mailboxes/{mailboxId}/saved-replies (`includeChatReplies=true` for chat-only ones; each
item id, name, preview); Get Saved Reply, GET …/saved-replies/{savedReplyId} (name, text,
chatText); Create Saved Reply, POST …/saved-replies; Update Saved Reply, PUT
…/saved-replies/{savedReplyId} (https://developer.helpscout.com/mailbox-api/endpoints/
mailboxes/saved_Replies/saved-replies-create and the pages beside it). Requests carry an
OAuth2 bearer token (https://developer.helpscout.com/mailbox-api/overview/authentication/).

A saved reply has no field for our key. A snippet imported from a saved reply records its id
(`helpscout: {id: …}`) and is matched by it first, when the reply's name is still the
snippet's title (language and channel suffixes aside; another name: the id is not trusted and
the plan says so); any other is matched by name, the snippet's title (check warns when two
snippets share one). Saved replies that neither
matches are listed as "unmatched": after a rename or removal the old reply is still live,
and since sync never deletes, the plan names it for a person to delete or keep.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import nh3

from .http import SyncError, call, expect
from .plan import Step, run
from .records import same_reply, split_title


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _root(base_url: str, mailbox: int) -> str:
    return f"{base_url.rstrip('/')}/v2/mailboxes/{mailbox}/saved-replies"


def listed(base_url: str, mailbox: int, auth: dict[str, str]) -> list[dict[str, Any]]:
    """The mailbox's saved replies as listed (id, name, preview): a list, or the HAL shape
    `{"_embedded": {"savedReplies": [...]}}`."""
    url = _root(base_url, mailbox) + "?includeChatReplies=true"
    answer = call("GET", url, auth) or []
    if isinstance(answer, dict):
        embedded = answer.get("_embedded")
        answer = embedded.get("savedReplies", []) if isinstance(embedded, dict) else answer
    items = expect(answer, list, f"GET {url}")
    for item in items:
        expect(item, dict, f"GET {url} (a saved reply)")
        if type(item.get("id")) is not int:
            raise SyncError(f"GET {url}: a saved reply without a numeric id: {item!r:.80}")
    return items


def existing(base_url: str, mailbox: int, auth: dict[str, str],
             desired: Mapping[str, dict[str, Any]], ids: Mapping[str, int],
             imported: Mapping[str, str] | None = None,
             ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """(snippet id -> its saved reply, read in full; the replies no snippet matched).
    Matched by recorded id (`ids`: snippet id -> reply id; trusted while the reply's name is
    the snippet's title or `imported`'s, the name at import) first, then by name."""
    items = listed(base_url, mailbox, auth)
    by_id = {item["id"]: item for item in items}
    found: dict[str, dict[str, Any]] = {}
    for key, reply_id in ids.items():
        item = by_id.get(reply_id)
        name = item.get("name") if item is not None else None
        if key in desired and item is not None and (
                same_reply(name, desired[key]["name"])
                or same_reply(name, (imported or {}).get(key) or "")):
            found[key] = by_id.pop(reply_id)
    by_name: dict[str, dict[str, Any]] = {}
    for item in by_id.values():
        by_name.setdefault(str(item.get("name")).casefold(), item)
    for key, body in desired.items():
        if key not in found and body["name"].casefold() in by_name:
            found[key] = by_name.pop(body["name"].casefold())
            by_id.pop(found[key]["id"], None)
    for key, item in found.items():
        url = f"{_root(base_url, mailbox)}/{item['id']}"
        full = expect(call("GET", url, auth) or {}, dict, f"GET {url}")
        found[key] = {**full, "id": item["id"], "preview": item.get("preview")}
    return found, list(by_id.values())



def plan(desired: Mapping[str, dict[str, Any]], found: Mapping[str, dict[str, Any]],
         unmatched: list[dict[str, Any]] | None = None,
         ids: Mapping[str, int] | None = None) -> list[Step]:
    """Steps that make the mailbox's replies match `desired` (snippet id -> body); `ids`
    the saved replies snippets record (snippet id -> reply id), named when not trusted."""
    steps = []
    listed = {item["id"]: item for item in unmatched or []}
    for key, body in desired.items():
        current = found.get(key)
        if current is None:
            other = listed.get((ids or {}).get(key))
            steps.append(Step("create", key, body["name"], body=body, why="" if other is None
                              else f"helpscout.id names saved reply {other['id']}, "
                              f"'{other.get('name')}', which has another name: not taken over"))
            continue
        changed = [f for f in ("name", "text", "chatText")
                   if (current.get(f) or "") != body.get(f, "")]
        if "text" in changed and _is_preview(body.get("text", ""), current.get("preview")):
            steps.append(Step("refused", key, body["name"], current.get("id"), why=(
                "the snippet's text is this saved reply's list preview, not its text: "
                "sending it would cut the reply down; import the reply in full (GET "
                "…/saved-replies/{id}) or write the snippet's text")))
            continue
        steps.append(Step("update", key, body["name"], current.get("id"), body,
                          "changed: " + ", ".join(changed)) if changed else
                     Step("unchanged", key, body["name"], current.get("id")))
    for item in unmatched or []:
        merged = _merged_into(str(item.get("name")), desired)
        steps.append(Step("unmatched", "-", str(item.get("name")), item["id"], why=(
            f"its text is snippet '{merged}''s chat variant now (a pair merged at import), "
            "sent as that saved reply's chatText: delete this one in Help Scout when agents "
            "use it" if merged else "no snippet has this saved reply's id or name; if it was "
            "a snippet's before a rename or removal, delete it in Help Scout")))
    return steps


def _is_preview(text: str, preview: Any) -> bool:
    """Whether an export's HTML `text` says no more than the list's plain `preview` of the
    saved reply (whitespace and a closing ellipsis aside)."""
    if not isinstance(preview, str) or not preview.strip():
        return False
    plain = html.unescape(nh3.clean(text, tags=set()))

    def norm(value: str) -> str:
        return " ".join(value.split()).rstrip(".… ").casefold()

    return norm(plain) == norm(preview)


def _merged_into(name: str, desired: Mapping[str, dict[str, Any]]) -> str:
    """The snippet a "… (chat)" saved reply's text went into at import (same title and
    language, its body with a chatText), or ""."""
    title, _tags, channel, language = split_title(name)
    if channel != "chat":
        return ""
    for key, body in desired.items():
        theirs = split_title(body["name"])
        if body.get("chatText") and (theirs[0].casefold(), theirs[3]) == (title.casefold(),
                                                                         language):
            return key
    return ""


def apply(steps: list[Step], base_url: str, mailbox: int, auth: dict[str, str]) -> None:
    def send(step: Step) -> None:
        if step.action == "create":
            call("POST", _root(base_url, mailbox), auth, step.body)
        else:
            call("PUT", f"{_root(base_url, mailbox)}/{step.helpdesk_id}", auth, step.body)

    run(steps, send)
