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
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover", code=1)
    assert ("refused    order-late (id 7020) 'Shipping::Order late': macro 7020, 'Shipping::Order "
            "late', is inactive in Zendesk (retired) and the update would make it active for "
            "every agent again") in out
    assert "run with --allow-activate" in out and stand_in.macros[7020] == retired
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-activate", "--allow-takeover")
    assert "update     order-late (id 7020)" in out and "ACTIVATES it (inactive in Zendesk; " \
        "--allow-activate)" in out
    assert stand_in.macros[7020]["active"] is True
    settle(project, stand_in, "zendesk")


def test_a_keyed_macro_deactivated_is_woken_only_with_the_flag(project: Path,
                                                               stand_in: StandIn) -> None:
    """Issue 17, item 1 of the fifth round: a macro with our key that the team deactivated
    in Zendesk was made active again by the next sync (the plan said so, nothing refused
    it); so was one sync deactivated when its snippet was removed, and the two look the
    same in Zendesk."""
    sync(project, stand_in, "zendesk", "--apply")
    shipped = next(m for m in stand_in.macros.values()
                   if m["title"] == "Handbook::Order shipped")
    shipped["active"] = False  # the team retired it in Zendesk
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert (f"refused    order-shipped (id {shipped['id']}) 'Handbook::Order shipped': macro "
            f"{shipped['id']}, 'Handbook::Order shipped', is inactive in Zendesk (deactivated "
            "there, or by sync when this snippet was removed) and the update would make it "
            "active for every agent again: to bring it back, run with --allow-activate") in out
    assert shipped["active"] is False and "1 refused" in out
    # Its snippet removed and restored: the same; woken with the flag, said in capitals.
    text = (project / "playbooks/snippets/order-late.yml").read_text("utf-8")
    (project / "playbooks/snippets/order-late.yml").unlink()
    assert "2 deactivate" in sync(project, stand_in, "zendesk", "--apply", code=1)
    (project / "playbooks/snippets/order-late.yml").write_text(text, "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert out.count("is inactive in Zendesk (deactivated there") == 3
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-activate")
    assert out.count("; ACTIVATES it (inactive in Zendesk; --allow-activate)") == 3
    assert "refused" not in out and shipped["active"] is True
    settle(project, stand_in, "zendesk")


def test_a_macro_holding_one_snippets_key_recorded_by_another_is_a_conflict(
        project: Path, stand_in: StandIn) -> None:
    """rt17d 9 and 15 (grab.yml): a clone of order-shipped's macro, imported as a snippet of
    its own (or an id copied by hand), is neither renamed to order-shipped nor left for a
    second 'Order shipped' macro to be created beside it."""
    clone = {"id": 8808, "title": "Key in desc", "active": True, "restriction": None,
             "description": "Old macro [handbook:order-shipped]",
             "actions": [{"field": "comment_value", "value": "Clone text"}]}
    stand_in.macros[8808] = dict(clone)
    write(project, "key-in-desc", "Key in desc")
    record(project, "key-in-desc", "  ids: {email: 8808}\n  title: Key in desc\n")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    why = ("macro 8808, 'Key in desc', holds [handbook:order-shipped] in its description, and "
           "snippet key-in-desc's zendesk.ids records it: neither takes it over, nothing is "
           "created. If it is key-in-desc's, take [handbook:order-shipped] out of its "
           "description in Zendesk; else take its id out of key-in-desc's zendesk: block")
    assert f"refused    key-in-desc (id 8808) 'Key in desc': {why}" in out
    assert f"refused    order-shipped (id 8808) 'Handbook::Order shipped': {why}" in out
    assert stand_in.macros[8808] == clone
    assert sorted(m["title"] for m in stand_in.macros.values()) == [
        "Handbook::Key in desc (chat)", "Handbook::Order late", "Handbook::Order late (chat)",
        "Handbook::Order shipped (chat)", "Key in desc"]
    # Fixed in Zendesk as the line says: each snippet gets its own macro.
    stand_in.macros[8808]["description"] = "Old macro"
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    assert "update     key-in-desc (id 8808)" in out and "create     order-shipped " in out
    settle(project, stand_in, "zendesk")


def test_the_first_sync_after_an_import_renames_nothing(project: Path,
                                                        stand_in: StandIn) -> None:
    """rt17d 5: a macro without a category, both halves of a channel pair, a title spaced
    as the team wrote it and case twins keep their titles; an edited title is sent."""
    def macro(ident: int, title: str, text: str) -> dict:
        return {"id": ident, "title": title, "active": True, "description": None,
                "restriction": None, "actions": [{"field": "comment_value", "value": text}]}

    macros = [macro(7003, "Damaged item", "Sorry it arrived damaged."),
              macro(7010, "Shipping::Where is my order (email)", "It is on its way."),
              macro(7011, "Shipping::Where is my order (chat)", "On its way!"),
              macro(7012, "Billing :: Refund", "Refunded."),
              macro(7013, "Welcome::Welcome (FR)", "Bienvenue."),
              macro(7014, "Welcome::welcome (FR)", "Bienvenue !")]
    stand_in.macros.update({m["id"]: dict(m) for m in macros})
    guards.imported(project, "zendesk", macros)
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    assert "RENAMES" not in out and "changed: title" not in out, out
    assert {m["id"]: stand_in.macros[m["id"]]["title"] for m in macros} == {
        m["id"]: m["title"] for m in macros}
    settle(project, stand_in, "zendesk")
    damaged = next((project / "playbooks/snippets").glob("damaged-item*.yml"))
    text = damaged.read_text("utf-8")
    assert "\ntitle: Damaged item\n" in text  # the snippet's, not zendesk.title
    damaged.write_text(text.replace("\ntitle: Damaged item\n", "\ntitle: Damaged on arrival\n"),
                       "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "(id 7003) 'Handbook::Damaged on arrival': changed: title; RENAMES 'Damaged item'" \
        in out
    settle(project, stand_in, "zendesk")


def test_a_macro_whose_title_is_no_text_is_named_as_such() -> None:
    """rt17d 15: a title that is a JSON list read "names macro 8805, '['list', 'title']',
    not the title it was imported with ('['list', 'title']')"."""
    from handbook.helpdesk import sync_zendesk as zd

    odd = {"id": 8805, "title": ["list", "title"], "active": True, "description": None,
           "restriction": None, "actions": []}
    body = {"macro": {"title": "Handbook::List", "active": True, "description": "[handbook:x]",
                      "restriction": None, "actions": []}}
    (step,) = zd.plan({"x": body}, {}, [odd], {"x": 8805}, {"x": "['list', 'title']"},
                      allow_takeover=True)
    assert step.action == "refused" and step.why == (
        "zendesk.ids names macro 8805, whose title in Zendesk's answer is not text (a list): "
        "not taken over; look at the macro in Zendesk, or take the id out")
