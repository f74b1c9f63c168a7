"""A sync plan: what `handbook sync` would change in a helpdesk, step by step, and running it
so that a failure names the step and says what was applied before it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .http import SyncError
from .records import CONTROL_RE

# "unmatched": a Help Scout saved reply no snippet claims (by a recorded id or by name); sync
# never deletes, so the plan names it for a person to delete or keep. "refused": an update
# that would lose the helpdesk's text (a snippet holding only the reply's list preview), take
# over a macro or reply without our key (no record, a key conflict, or the first time without
# --allow-takeover), lose helpdesk variables, widen who may use a macro or wake a retired one
# without the flag that allows it (guards.py): nothing is sent for it. "left": a snippet
# with `sync: false` in its helpdesk's block; its macro or saved reply is left as it is.
Action = Literal["create", "update", "deactivate", "unchanged", "left", "unmatched",
                 "refused"]
ACTIONS = ("create", "update", "deactivate", "unchanged", "left", "unmatched", "refused")
LEFT = "sync: false in the snippet's {} block: left as it is"


@dataclass
class Step:
    """One object: what to do with it, its key (ours) and the helpdesk's id, the body to
    send (None for unchanged), why, and (updates) the object as the helpdesk has it now."""

    action: Action
    key: str
    title: str
    helpdesk_id: int | None = None
    body: Any = None
    why: str = ""
    was: Any = None

    def line(self) -> str:
        """The step as the plan prints it, on one line: control characters a helpdesk title
        may hold (a NUL, an escape sequence, a line break) written as \\x00, never sent to
        the terminal."""
        where = f" (id {self.helpdesk_id})" if self.helpdesk_id is not None else ""
        why = f": {self.why}" if self.why else ""
        return printable(f"{self.action:<10} {self.key}{where} '{self.title}'{why}")


def printable(text: str) -> str:
    """`text` with each control character (C0, DEL, C1) written as `\\xNN`."""
    return CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def summary(steps: list[Step]) -> str:
    counts = {a: sum(1 for s in steps if s.action == a) for a in ACTIONS}
    return ", ".join(f"{n} {a}" for a, n in counts.items()
                     if n or a not in ("left", "unmatched", "refused"))


def run(steps: list[Step], send: Callable[[Step], None]) -> None:
    """Sends each step that changes something, in order. Raises SyncError naming the step
    that failed, the API's reason and the steps applied before it."""
    done: list[Step] = []
    for step in steps:
        if step.action not in ("create", "update", "deactivate"):
            continue
        try:
            send(step)
        except SyncError as exc:
            applied = "; ".join(f"{s.action} {s.key}" for s in done[:20]) + (
                f" and {len(done) - 20} more" if len(done) > 20 else "")
            raise SyncError(f"{step.action} {step.key} '{step.title}' failed: {exc}. "
                            f"Applied before it: {len(done)} step(s)"
                            + (f" ({applied})" if done else "")
                            + "; running sync again picks up from here") from None
        done.append(step)
