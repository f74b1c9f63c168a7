"""A channel pair is merged into one snippet only when its halves agree on what a snippet
holds once for every variant (issue 17, rt17e 1): public or internal, actions (status, tags,
group ...), restriction, and fallbacks. Halves that differ are imported as two snippets,
the one that is not email titled with its channel as Zendesk has it ("Upgrade (chat)"),
the report says why, and the first sync changes neither macro. Import -> sync against the
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
        # The chat half first, the email half unmarked: the chat one still has the channel.
        macro(7405, "VIP::Voucher (chat)", "Code sent!", {"field": "group_id", "value": 12}),
        macro(7406, "VIP::Voucher", "Your code is below.", {"field": "group_id", "value": 11}),
        macro(7407, "VIP::Refund (email)", "Refunded.", restriction={"type": "User", "id": 5}),
        macro(7408, "VIP::Refund (chat)", "Refunded!"),
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
        "variant's macro; imported as two snippets, each keeping its own" in out
    assert "their fallbacks differ" in out
    assert ("'VIP::Upgrade (chat)' (id 7402) -> upgrade-chat: not merged with "
            "Zendesk macro 'VIP::Upgrade (email)' (id 7401) as its chat variant: their actions "
            "and restriction differ") in out, out
    assert "give both macros the same actions and restriction and import them again" in out
    assert ("(id 7406) -> voucher: not merged with Zendesk macro 'VIP::Voucher (chat)' (id "
            "7405) as its email variant: their actions differ") in out
    assert "(id 7408) -> refund-chat: not merged with Zendesk macro 'VIP::Refund (email)' (id " \
        "7407) as its chat variant: their restriction differ" in out
    assert "(2)" not in out and "import both files" not in out, out  # no twin, no wrong hint
    snippets = {p.stem: yaml.safe_load(p.read_text("utf-8"))
                for p in (project / "playbooks/snippets").glob("*.yml")}
    notes = [s for s in snippets.values() if s["title"].startswith("Notes")]
    assert sorted(list(s["variants"]) for s in notes) == [["chat"], ["email"]]
    assert sorted(s["zendesk"].get("public", True) for s in notes) == [False, True]
    assert snippets["upgrade"]["title"] == "Upgrade"
    assert snippets["upgrade-chat"]["title"] == "Upgrade (chat)"
    assert list(snippets["upgrade-chat"]["variants"]) == ["chat"]
    assert snippets["upgrade-chat"]["zendesk"].get("restriction") is None
    assert snippets["upgrade"]["zendesk"]["restriction"] == {"type": "Group", "ids": [11]}
    assert [(snippets[i]["title"], list(snippets[i]["variants"])) for i in (
        "voucher", "voucher-chat", "refund", "refund-chat")] == [
        ("Voucher", ["email"]), ("Voucher (chat)", ["chat"]), ("Refund", ["email"]),
        ("Refund (chat)", ["chat"])]
    checked = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")]).output
    assert not [line for line in checked.splitlines() if "-chat.yml" in line], checked
    sent = [s for s in snippets.values() if s["title"] == "Sent"]
    assert len(sent) == 1 and set(sent[0]["variants"]) == {"email", "chat"}  # they agree
    # The first sync takes each macro over as it is: no reply made public, no fallback,
    # status, tags or restriction taken from the other half, no macro renamed.
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "refused" not in out and "PUBLIC" not in out and "NARROWS" not in out, out

    def settings(actions: list[dict]) -> dict:
        kept = {a["field"]: str(a["value"]) for a in actions  # Zendesk's ids: 12 or "12"
                if a["field"] in ("status", "set_tags", "group_id", "comment_mode_is_public")}
        return {"comment_mode_is_public": "True", **kept}  # public unless it says not

    for m in macros:
        after = stand_in.macros[m["id"]]
        assert after["title"] == m["title"], after
        assert after["restriction"] == m["restriction"], after
        assert settings(after["actions"]) == settings(m["actions"]), after
    settle(project, stand_in, "zendesk")


def test_a_retired_half_is_kept_apart_and_its_advice_retires_nothing_live(
        project: Path, stand_in: StandIn) -> None:
    """rt17f 4: an active email macro and its retired (inactive) chat half were merged, and
    the refusal's advice (delete the snippet) then deactivated the email macro agents use.
    They are two snippets; deleting the retired one's, as advised, leaves both macros be."""
    retired = {**macro(7602, "Ship::Delay (chat)", "Chat delay text"), "active": False}
    macros = [macro(7601, "Ship::Delay (email)", "Email delay text"), retired]
    stand_in.macros.update({m["id"]: json.loads(json.dumps(m)) for m in macros})
    path = project / "zendesk.json"
    path.write_text(json.dumps({"macros": macros}), "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(path), "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert "(id 7602) -> delay-chat: not merged with Zendesk macro 'Ship::Delay (email)' (id " \
        "7601) as its chat variant: their active or retired differ" in result.output
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    line = next(ln for ln in out.splitlines() if "(id 7602)" in ln)
    assert line.startswith("refused    delay-chat.chat ") and "delete this snippet" in line, line
    (project / "playbooks/snippets/delay-chat.yml").unlink()
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "deactivate" not in "\n".join(out.splitlines()[:-1]), out
    assert stand_in.macros[7601]["active"] is True and stand_in.macros[7602]["active"] is False
    settle(project, stand_in, "zendesk")


def test_a_retired_variant_is_removed_not_its_snippet(project: Path, stand_in: StandIn) -> None:
    """rt17f 4: the team retires a snippet's chat macro in Zendesk; the refusal advises
    removing the chat variant (deleting the snippet would deactivate its email macro), and
    following it leaves the email macro active."""
    sync(project, stand_in, "zendesk", "--apply")
    chat = base.keys(stand_in)["order-shipped.chat"]
    stand_in.macros[chat["id"]]["active"] = False
    out = sync(project, stand_in, "zendesk", code=0)
    line = next(ln for ln in out.splitlines() if f"(id {chat['id']})" in ln)
    assert line.startswith("refused ") and "remove the snippet's chat variant (not the snippet: " \
        "deleting it would deactivate its other macros too)" in line, line
    path = project / "playbooks/snippets/order-shipped.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  chat: Order [[order_number]] ships today, "
                                 "[[first_name]].\n", ""), "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "refused" not in out and "deactivate order-shipped " not in out, out
    assert base.keys(stand_in)["order-shipped"]["active"] is not False
    assert stand_in.macros[chat["id"]]["active"] is False
    settle(project, stand_in, "zendesk")
