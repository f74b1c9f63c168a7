"""Zendesk macros sync must not quietly take or wake (issue 17, rt17d items 6, 8 and 9): a
retired macro is not made active again unasked, and a macro holding one snippet's key but
recorded by another is named as a conflict, not taken. Against the stand-in; each case ends
with a run that sends nothing."""

from __future__ import annotations

from pathlib import Path

import test_sync as base
import test_sync_guards as guards
from helpdesk_standin import StandIn

sync, write, settle = base.sync, base.write, guards.settle
project, stand_in = guards.project, guards.stand_in  # the fixtures


def record(project: Path, ident: str, lines: str) -> None:
    """Puts `lines` (indented for the zendesk: block) at the top of the snippet's block."""
    path = project / "playbooks/snippets" / f"{ident}.yml"
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", f"zendesk:\n{lines}", 1),
                    "utf-8")


def test_a_retired_macro_is_not_made_active_unasked(project: Path, stand_in: StandIn) -> None:
    """rt17d 6: List Macros lists inactive macros too; an update sends active: true."""
    retired = {"id": 7020, "title": "Shipping::Order late", "active": False, "description": None,
               "restriction": None, "actions": [{"field": "comment_value", "value": "Old"}]}
    stand_in.macros[7020] = dict(retired)
    record(project, "order-late", "  ids: {email: 7020}\n  category: Shipping\n"
           "  title: Shipping::Order late\n")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("refused    order-late (id 7020) 'Shipping::Order late': it is inactive in Zendesk "
            "(retired) and the update would make it active for every agent again") in out
    assert "run with --allow-activate" in out and stand_in.macros[7020] == retired
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-activate")
    assert "update     order-late (id 7020)" in out and "ACTIVATES it (inactive in Zendesk)" \
        in out
    assert stand_in.macros[7020]["active"] is True
    settle(project, stand_in, "zendesk")
    # Ours (it has the key): its snippet removed and restored, it is woken with a word.
    text = (project / "playbooks/snippets/order-shipped.yml").read_text("utf-8")
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    assert "2 deactivate" in sync(project, stand_in, "zendesk", "--apply")
    (project / "playbooks/snippets/order-shipped.yml").write_text(text, "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert out.count("; ACTIVATES it (inactive in Zendesk)") == 2 and "refused" not in out
    settle(project, stand_in, "zendesk")
