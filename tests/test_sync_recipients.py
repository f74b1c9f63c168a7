"""Issue 17, rt17f 2: a snippet that adds a `cc`, `follower` or assignee action to its macro
changes who receives every ticket it is applied to; the plan line shows the value (cc and
follower in capitals), on create and whenever it changes, against the local stand-in."""

from __future__ import annotations

from pathlib import Path

from helpdesk_standin import StandIn
from test_sync_guards import project, settle, stand_in, sync, write

__all__ = ["project", "stand_in"]  # the fixtures, used by name


def _act(project: Path, actions: str) -> None:
    path = project / "playbooks/snippets/zz-act.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    - {field: status, value: pending}\n", actions), "utf-8")


def test_the_plan_shows_who_else_receives_the_ticket(project: Path, stand_in: StandIn) -> None:
    write(project, "zz-act", "Act probe")
    _act(project, '    - {field: cc, value: "attacker@evil.example,x@evil.example"}\n'
                  "    - {field: follower, value: '9001'}\n"
                  "    - {field: assignee_id, value: current_user}\n")
    out = sync(project, stand_in, "zendesk", "--apply")
    line = next(ln for ln in out.splitlines() if ln.startswith("create     zz-act "))
    assert line.endswith(": COPIES EVERY TICKET TO attacker@evil.example, x@evil.example; "
                         "ADDS 9001 AS A FOLLOWER OF EVERY TICKET; assigns the ticket to "
                         "current_user"), line
    assert "COPIES" not in next(ln for ln in out.splitlines() if "order-late" in ln)
    settle(project, stand_in, "zendesk")  # unchanged: nothing to show
    path = project / "playbooks/snippets/zz-act.yml"
    path.write_text(path.read_text("utf-8").replace("x@evil.example", "y@evil.example"),
                    "utf-8")
    out = sync(project, stand_in, "zendesk")
    line = next(ln for ln in out.splitlines() if ln.startswith("update     zz-act "))
    assert "changed: cc; COPIES EVERY TICKET TO attacker@evil.example, y@evil.example" \
        in line and "FOLLOWER" not in line, line
