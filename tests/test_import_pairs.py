"""A channel pair is merged into one snippet only when its halves agree on what customers
read (issue 17, rt17e 1): public or internal, and fallbacks. Halves that differ are imported
as two snippets, the report says so, and the first sync changes neither macro; a pair that
differs only in actions or restriction is still merged, and the first sync's line names
each change, a narrowed restriction in capitals. Import -> check -> sync against the
stand-in."""

from __future__ import annotations

import json
from pathlib import Path

import test_sync as base
import test_sync_guards as guards
import yaml
from click.testing import CliRunner
from helpdesk_standin import StandIn

from handbook.cli import main

sync, settle = base.sync, guards.settle
project, stand_in = guards.project, guards.stand_in  # the fixtures


def macro(ident: int, title: str, text: str, *actions: dict, restriction=None) -> dict:
    return {"id": ident, "title": title, "active": True, "description": None,
            "restriction": restriction,
            "actions": [{"field": "comment_value", "value": text}, *actions]}


def test_halves_that_differ_are_two_snippets(project: Path, stand_in: StandIn) -> None:
    internal = {"field": "comment_mode_is_public", "value": False}
    macros = [
        macro(7403, "VIP::Notes (email)", "Public text"),
        macro(7404, "VIP::Notes (chat)", "Internal only", internal),
        macro(7401, "VIP::Upgrade (email)", "Upgraded.", {"field": "status", "value": "solved"},
              restriction={"type": "Group", "ids": [11]}),
        macro(7402, "VIP::Upgrade (chat)", "Upgraded!", {"field": "status", "value": "open"},
              {"field": "set_tags", "value": "chat_upgrade"}),
        macro(5002, "Greeting::Dear (email)",
              "Dear {{ticket.requester.first_name | default: 'customer'}},"),
        macro(5003, "Greeting::Dear (chat)",
              "Hi {{ticket.requester.first_name | default: 'there'}}!"),
        macro(5004, "Shipping::Sent (email)", "It ships.", {"field": "status", "value": "solved"}),
        macro(5005, "Shipping::Sent (chat)", "Shipped!", {"field": "status", "value": "solved"}),
    ]
    stand_in.macros.update({m["id"]: json.loads(json.dumps(m)) for m in macros})
    path = project / "zendesk.json"
    path.write_text(json.dumps({"macros": macros}), "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(path), "-C", str(project)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert ("'VIP::Notes (chat)' (id 7404)" in out or "7404" in out) and (
        "not merged with") in out
    assert "their public or internal differ, and a snippet sends one set to every " \
        "variant's macro; imported as a snippet of its own" in out
    assert "their fallbacks differ" in out
    snippets = {p.stem: yaml.safe_load(p.read_text("utf-8"))
                for p in (project / "playbooks/snippets").glob("*.yml")}
    notes = [s for s in snippets.values() if s["title"].startswith("Notes")]
    assert sorted(list(s["variants"]) for s in notes) == [["chat"], ["email"]]
    assert sorted(s["zendesk"].get("public", True) for s in notes) == [False, True]
    sent = [s for s in snippets.values() if s["title"] == "Sent"]
    assert len(sent) == 1 and set(sent[0]["variants"]) == {"email", "chat"}  # they agree
    # The first sync takes each macro over as it is: no reply made public, no fallback
    # taken from the other half; the merged pair's chat macro gets the email one's
    # settings, and its line says which.
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "refused" not in out and "PUBLIC" not in out, out
    assert ("(id 7402) 'VIP::Upgrade (chat)': taken over the macro the import read "
            "(zendesk.fingerprints), unchanged since; it gets the key; changed: description, "
            "text, public or internal, status, set_tags, restriction; NARROWS WHO SEES IT: "
            "restriction everyone -> Group [11]") in out

    def settings(actions: list[dict]) -> dict:
        kept = {a["field"]: a["value"] for a in actions
                if a["field"] in ("status", "set_tags", "comment_mode_is_public")}
        return {"comment_mode_is_public": True, **kept}  # public unless it says not

    for m in macros:
        after = stand_in.macros[m["id"]]
        if m["id"] != 7402:
            assert after["restriction"] == m["restriction"], after
            assert settings(after["actions"]) == settings(m["actions"]), after
    settle(project, stand_in, "zendesk")
