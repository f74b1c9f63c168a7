"""Who else receives a ticket when an agent applies a macro: a plan line shows the value of
each `cc`, `follower` and `assignee_id` action a create or update sends (new or changed),
so an outside address a snippet adds is read before --apply, not after. Those are
Zendesk macro actions (https://developer.zendesk.com/documentation/ticketing/reference-guides/
actions-reference/): `cc` and `follower` take a user id or an email address (several for
`cc`, as a list or comma-separated), `assignee_id` a user id or "current_user".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .plan import Step

# The action, and how a plan line says what it does (capitals: it copies every ticket).
SAYS = {"cc": "COPIES EVERY TICKET TO {}", "follower": "ADDS {} AS A FOLLOWER OF EVERY TICKET",
        "assignee_id": "assigns the ticket to {}"}


def recipient_actions(macro: Any) -> dict[str, list[str]]:
    """The `cc`, `follower` and `assignee_id` values of a macro (`{"macro": …}` or the macro),
    each as written: {"cc": ["a@x.example", "b@y.example"], "assignee_id": ["42"]}."""
    macro = macro.get("macro", macro) if isinstance(macro, dict) else None
    actions = macro.get("actions") if isinstance(macro, dict) else None
    out: dict[str, list[str]] = {}
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("field") in SAYS:
            value = action.get("value")
            for item in value if isinstance(value, list) else [value]:
                out.setdefault(action["field"], []).extend(
                    part.strip() for part in str(item).split(",") if part.strip())
    return out


def announce(steps: Iterable[Step]) -> None:
    """Adds to each create or update line the recipients it sends that the macro does not
    have yet, in place: "; COPIES EVERY TICKET TO attacker@evil.example"."""
    for step in steps:
        if step.action not in ("create", "update"):
            continue
        new, had = recipient_actions(step.body), recipient_actions(step.was)
        for field, says in SAYS.items():
            values = new.get(field, [])
            if values and values != had.get(field):
                step.why += ("; " if step.why else "") + says.format(", ".join(values))
