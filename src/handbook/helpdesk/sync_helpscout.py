"""`handbook sync helpscout`: one mailbox's saved replies follow the handbook.

Documented endpoints (Help Scout Mailbox API 2.0): List Saved Replies, GET
/v2/mailboxes/{mailboxId}/saved-replies (`includeChatReplies=true` for chat-only ones; each
item id, name, preview); Get Saved Reply, GET …/saved-replies/{savedReplyId} (name, text,
chatText); Create Saved Reply, POST …/saved-replies; Update Saved Reply, PUT
…/saved-replies/{savedReplyId} (https://developer.helpscout.com/mailbox-api/endpoints/
mailboxes/saved_Replies/saved-replies-create and the pages beside it). Requests carry an
OAuth2 bearer token (https://developer.helpscout.com/mailbox-api/overview/authentication/).

A saved reply has no field for our key, so a reply is matched by its name, the snippet's
title: after a title changes, sync creates a reply with the new name and leaves the old one
alone (saved replies have no inactive state, and sync never deletes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .http import call
from .plan import Step


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _root(base_url: str, mailbox: int) -> str:
    return f"{base_url.rstrip('/')}/v2/mailboxes/{mailbox}/saved-replies"


def existing(base_url: str, mailbox: int, auth: dict[str, str],
             names: set[str]) -> dict[str, dict[str, Any]]:
    """The mailbox's saved replies named in `names`, by name, each read in full."""
    listed = call("GET", _root(base_url, mailbox) + "?includeChatReplies=true", auth) or []
    out: dict[str, dict[str, Any]] = {}
    for item in listed:
        name = item.get("name")
        if name in names and name not in out:
            out[name] = call("GET", f"{_root(base_url, mailbox)}/{item['id']}", auth) or {}
            out[name].setdefault("id", item["id"])
    return out


def plan(desired: Mapping[str, dict[str, Any]], found: Mapping[str, dict[str, Any]],
         ) -> list[Step]:
    """Steps that make the mailbox's replies match `desired` (snippet id -> body)."""
    steps = []
    for key, body in desired.items():
        current = found.get(body["name"])
        if current is None:
            steps.append(Step("create", key, body["name"], body=body))
            continue
        changed = [f for f in ("text", "chatText") if (current.get(f) or "") != body.get(f, "")]
        steps.append(Step("update", key, body["name"], current.get("id"), body,
                          "changed: " + ", ".join(changed)) if changed else
                     Step("unchanged", key, body["name"], current.get("id")))
    return steps


def apply(steps: list[Step], base_url: str, mailbox: int, auth: dict[str, str]) -> None:
    for step in steps:
        if step.action == "create":
            call("POST", _root(base_url, mailbox), auth, step.body)
        elif step.action == "update":
            call("PUT", f"{_root(base_url, mailbox)}/{step.helpdesk_id}", auth, step.body)
