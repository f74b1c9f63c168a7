"""`handbook sync zendesk`: Zendesk's macros follow the handbook, by stable key.

Documented endpoints (https://developer.zendesk.com/api-reference/ticketing/business-rules/
macros/): List Macros, GET /api/v2/macros, with cursor pagination (`page[size]`, then
`links.next` while `meta.has_more`: https://developer.zendesk.com/api-reference/introduction/
pagination/); Create Macro, POST /api/v2/macros; Update Macro, PUT /api/v2/macros/{macro_id};
both take `{"macro": {...}}`. Authentication with an API token: basic auth of
`{email}/token:{api_token}` (https://developer.zendesk.com/api-reference/introduction/
security-and-auth/).

A macro is ours when its description holds `[handbook:<key>]` (render/exports.py). A macro
whose key is a renamed snippet's alias is updated in place; one whose snippet is gone is
deactivated, never deleted. Macros without a key are not touched.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from ..render.exports import KEY_MARK_RE, macro_key
from .http import call
from .plan import Step

FIELDS = ("title", "active", "description", "actions", "restriction")


def headers(email: str, token: str) -> dict[str, str]:
    pair = base64.b64encode(f"{email}/token:{token}".encode()).decode("ascii")
    return {"Authorization": f"Basic {pair}"}


def list_macros(base_url: str, auth: dict[str, str]) -> list[dict[str, Any]]:
    """Every macro in the account, following the cursor pages."""
    url: str | None = f"{base_url.rstrip('/')}/api/v2/macros?page[size]=100"
    macros: list[dict[str, Any]] = []
    while url:
        page = call("GET", url, auth) or {}
        macros += page.get("macros", [])
        url = (page.get("links") or {}).get("next") if (page.get("meta") or {}).get(
            "has_more") else None
    return macros


def plan(desired: Mapping[str, dict[str, Any]], aliases: Mapping[str, str],
         existing: list[dict[str, Any]]) -> list[Step]:
    """Steps that make `existing` (as listed) match `desired` (key -> {"macro": body}).
    `aliases` maps an old snippet id to its current id."""
    ours: dict[str, dict[str, Any]] = {}
    for macro in existing:
        found = KEY_MARK_RE.findall(str(macro.get("description") or ""))
        if found:
            ours.setdefault(_current(found[-1], aliases), macro)
    steps = []
    for key, body in desired.items():
        macro = ours.pop(key, None)
        title = body["macro"]["title"]
        if macro is None:
            steps.append(Step("create", key, title, body=body))
        elif _same(body["macro"], macro):
            steps.append(Step("unchanged", key, title, macro.get("id")))
        else:
            changed = [f for f in FIELDS if _norm(f, body["macro"]) != _norm(f, macro)]
            steps.append(Step("update", key, title, macro.get("id"), body,
                              "changed: " + ", ".join(changed)))
    for key, macro in ours.items():
        if macro.get("active", True):
            body = {"macro": {**{f: macro[f] for f in FIELDS if f in macro and f != "restriction"},
                              "active": False}}
            steps.append(Step("deactivate", key, str(macro.get("title")), macro.get("id"),
                              body, "its snippet was removed"))
        else:
            steps.append(Step("unchanged", key, str(macro.get("title")), macro.get("id"),
                              why="inactive; its snippet was removed"))
    return steps


def _current(key: str, aliases: Mapping[str, str]) -> str:
    ident, dot, channel = key.partition(".")
    ident = aliases.get(ident, ident)
    return macro_key(ident, channel) if dot else ident


def _norm(field: str, macro: Mapping[str, Any]) -> Any:
    value = macro.get(field)
    if field == "active":
        return value is not False
    if field == "description":
        return value or ""
    if field == "restriction" and isinstance(value, dict):
        ids = value.get("ids") or ([value["id"]] if value.get("id") is not None else [])
        return (value.get("type"), sorted(ids))
    if field == "actions":
        return [(a.get("field"), a.get("value")) for a in value or []]
    return value


def _same(body: Mapping[str, Any], macro: Mapping[str, Any]) -> bool:
    return all(_norm(f, body) == _norm(f, macro) for f in FIELDS)


def apply(steps: list[Step], base_url: str, auth: dict[str, str]) -> None:
    """Sends each step's request, in order."""
    root = f"{base_url.rstrip('/')}/api/v2/macros"
    for step in steps:
        if step.action == "create":
            answer = call("POST", root, auth, step.body) or {}
            step.helpdesk_id = (answer.get("macro") or {}).get("id")
        elif step.action in ("update", "deactivate"):
            call("PUT", f"{root}/{step.helpdesk_id}", auth, step.body)
