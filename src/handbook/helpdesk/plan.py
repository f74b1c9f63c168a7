"""A sync plan: what `handbook sync` would change in a helpdesk, step by step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Action = Literal["create", "update", "deactivate", "unchanged"]


@dataclass
class Step:
    """One object: what to do with it, its key (ours) and the helpdesk's id, the body to
    send (None for unchanged) and why."""

    action: Action
    key: str
    title: str
    helpdesk_id: int | None = None
    body: Any = None
    why: str = ""

    def line(self) -> str:
        where = f" (id {self.helpdesk_id})" if self.helpdesk_id is not None else ""
        why = f": {self.why}" if self.why else ""
        return f"{self.action:<10} {self.key}{where} '{self.title}'{why}"


def summary(steps: list[Step]) -> str:
    counts = {a: sum(1 for s in steps if s.action == a)
              for a in ("create", "update", "deactivate", "unchanged")}
    return ", ".join(f"{n} {a}" for a, n in counts.items())
