"""What a Zendesk update does to who reads a macro's reply is never a quiet step (issue 17,
rt17e 1): an update that makes an internal note a public reply is refused unless
--allow-public, and said in capitals when allowed; the reverse, and a restriction added or
narrowed, are said in capitals too; a line that takes a macro over lists every field it
changes. Against the stand-in; each case ends with a run that sends nothing."""

from __future__ import annotations

from pathlib import Path

import test_sync as base
import test_sync_guards as guards
from helpdesk_standin import StandIn

sync, settle, imported = base.sync, guards.settle, guards.imported
project, stand_in = guards.project, guards.stand_in  # the fixtures


def edit(project: Path, ident: str, old: str, new: str) -> None:
    path = project / "playbooks/snippets" / f"{ident}.yml"
    text = path.read_text("utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_internal_note_is_made_public_only_with_the_flag(project: Path,
                                                            stand_in: StandIn) -> None:
    sync(project, stand_in, "zendesk", "--apply")
    late = base.keys(stand_in)["order-late"]
    before = {k: v for k, v in late.items()}
    edit(project, "order-late", "public: false", "public: true")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    line = next(ln for ln in out.splitlines() if ln.startswith("refused "))
    assert line.startswith(f"refused    order-late (id {late['id']}) 'Handbook::Order late': "
                           f"would make an INTERNAL NOTE PUBLIC: macro {late['id']} adds an "
                           "internal note (comment_mode_is_public: false)")
    assert "write public: false in the snippet's zendesk: block" in line
    assert "run with --allow-public" in line and base.keys(stand_in)["order-late"] == before
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-public")
    assert (f"update     order-late (id {late['id']}) 'Handbook::Order late': changed: "
            "public or internal; MAKES AN INTERNAL NOTE A PUBLIC REPLY (--allow-public)") in out
    assert {"field": "comment_mode_is_public", "value": True} in late["actions"]
    settle(project, stand_in, "zendesk")
    # Back to a note: not refused (no customer reads more), but said in capitals.
    edit(project, "order-late", "public: true", "public: false")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "changed: public or internal; MAKES IT AN INTERNAL NOTE (customers no longer get " \
        "the reply)" in out
    settle(project, stand_in, "zendesk")


def test_a_restriction_added_or_narrowed_is_said_in_capitals(project: Path,
                                                              stand_in: StandIn) -> None:
    sync(project, stand_in, "zendesk", "--apply")
    edit(project, "order-shipped", "  actions:\n",
         "  restriction: {type: Group, ids: [11, 12]}\n  actions:\n")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert ("'Handbook::Order shipped': changed: restriction; NARROWS WHO SEES IT: "
            "restriction everyone -> Group [11, 12]") in out
    edit(project, "order-shipped", "ids: [11, 12]", "ids: [11]")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "NARROWS WHO SEES IT: restriction Group [11, 12] -> Group [11]" in out
    settle(project, stand_in, "zendesk")


def test_a_takeover_line_lists_what_changes(project: Path, stand_in: StandIn) -> None:
    """rt17e 1: every takeover line read only 'it gets the key', so a reviewer could not see
    that the chat macro's status, tags and restriction would change."""
    note = {"id": 7404, "title": "VIP::Notes", "active": True, "description": None,
            "restriction": None, "actions": [
                {"field": "comment_value", "value": "Internal only"},
                {"field": "comment_mode_is_public", "value": False},
                {"field": "status", "value": "open"},
                {"field": "set_tags", "value": "chat_upgrade"}]}
    stand_in.macros[7404] = dict(note)
    imported(project, "zendesk", [note])
    edit(project, "notes", "public: false", "public: true")
    edit(project, "notes", "value: open", "value: solved")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert "refused    notes (id 7404) 'VIP::Notes': would make an INTERNAL NOTE PUBLIC" in out
    assert stand_in.macros[7404] == note
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-public")
    assert ("update     notes (id 7404) 'VIP::Notes': taken over the macro the import read "
            "(zendesk.fingerprints), unchanged since; it gets the key; changed: description, "
            "text, public or internal, status; MAKES AN INTERNAL NOTE A PUBLIC REPLY "
            "(--allow-public)") in out
    settle(project, stand_in, "zendesk")


def test_a_takeover_keeps_a_macro_without_comment_mode_so(project: Path,
                                                          stand_in: StandIn) -> None:
    """rt17f 5: a macro that sets no comment mode keeps the composer's (an agent writing an
    internal note stays in it); the first sync no longer adds comment_mode_is_public: true.
    An internal note is still sent as one."""
    plain = {"id": 5001, "title": "Tracking::Where", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html",
                                               "value": "<p>It ships today.</p>"}]}
    note = {"id": 5002, "title": "Notes::Escalated", "active": True, "description": None,
            "restriction": None, "actions": [
                {"field": "comment_value_html", "value": "<p>Escalated to tier 2.</p>"},
                {"field": "comment_mode_is_public", "value": False}]}
    for macro in (plain, note):
        stand_in.macros[macro["id"]] = dict(macro)
    imported(project, "zendesk", [plain, note])
    out = sync(project, stand_in, "zendesk", "--apply")
    line = next(ln for ln in out.splitlines() if "(id 5001)" in ln)
    assert line.startswith("update ") and "public or internal" not in line, line
    modes = {m: [a["value"] for a in stand_in.macros[m]["actions"]
                 if a["field"] == "comment_mode_is_public"] for m in (5001, 5002)}
    assert modes == {5001: [], 5002: [False]}
    settle(project, stand_in, "zendesk")
