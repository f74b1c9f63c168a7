"""Which Help Scout saved reply is a snippet's (issue 17, rt17d 1-3): a reply has no key
field, so sync records the replies it creates or matches in helpscout-sync.json; a title
edit or a rename, however often, updates the same reply, and a reply that only has a
snippet's name is the team's until --allow-name-takeover says otherwise. Against the stand-in;
each case ends with a run that sends nothing."""

from __future__ import annotations

import json
from pathlib import Path

import test_sync as base
import test_sync_guards as guards
from helpdesk_standin import StandIn

sync, write, settle = base.sync, base.write, guards.settle
project, stand_in = guards.project, guards.stand_in  # the fixtures


def retitle(project: Path, ident: str, title: str) -> None:
    path = project / "playbooks/snippets" / f"{ident}.yml"
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(old, f"title: {title}"), "utf-8")


def names(stand_in: StandIn) -> dict[str, int]:
    return {r["name"]: i for i, r in stand_in.replies.items()}


def test_title_edits_and_renames_update_the_same_reply_every_time(project: Path,
                                                                   stand_in: StandIn) -> None:
    """rt17d 1: ids that are not their title's slug, retitled and renamed twice."""
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    write(project, "heard-hear", "Hear - show you read it")
    sync(project, stand_in, "helpscout", "--apply")
    first = names(stand_in)
    state = json.loads((project / "helpscout-sync.json").read_text("utf-8"))
    assert state["mailboxes"] == {"42": {
        "heard-hear": {"id": first["Hear - show you read it"], "name": "Hear - show you read it"},
        "order-late": {"id": first["Order late"], "name": "Order late"}}}
    retitle(project, "heard-hear", "Hear, show you have read it")
    (project / "playbooks/snippets/order-late.yml").unlink()
    write(project, "late-boundary", "Boundary on lateness", aliases="[order-late]")
    out = sync(project, stand_in, "helpscout", "--apply")
    assert "0 create, 2 update" in out and "unmatched" not in out, out
    assert (f"update     late-boundary (id {first['Order late']}) 'Boundary on lateness': "
            "changed: name; renames 'Order late'") in out
    settle(project, stand_in, "helpscout")
    # And again: the record moved with the rename, so a second one finds it too.
    retitle(project, "heard-hear", "Hear them out")
    (project / "playbooks/snippets/late-boundary.yml").unlink()
    write(project, "late-line", "Where we draw the line",
          aliases="[late-boundary, order-late]")
    out = sync(project, stand_in, "helpscout", "--apply")
    assert "0 create, 2 update" in out and "unmatched" not in out, out
    assert names(stand_in) == {"Hear them out": first["Hear - show you read it"],
                               "Where we draw the line": first["Order late"]}
    assert json.loads((project / "helpscout-sync.json").read_text("utf-8"))["mailboxes"] == {
        "42": {"heard-hear": {"id": first["Hear - show you read it"], "name": "Hear them out"},
               "late-line": {"id": first["Order late"], "name": "Where we draw the line"}}}
    settle(project, stand_in, "helpscout")


def test_an_imported_reply_can_be_renamed_again_and_again(project: Path,
                                                           stand_in: StandIn) -> None:
    """rt17d 2: after the first rename, the import's recorded name no longer matches; the
    record sync wrote does."""
    stand_in.replies = {91001: {"name": "Password reset", "text": "<p>old</p>"}}
    path = project / "playbooks/snippets/order-shipped.yml"
    path.write_text(path.read_text("utf-8").replace(
        "zendesk:\n", "helpscout: {id: 91001, title: Password reset}\nzendesk:\n"), "utf-8")
    retitle(project, "order-shipped", "Resetting your password")
    sync(project, stand_in, "helpscout", "--apply", "--allow-takeover")
    retitle(project, "order-shipped", "Reset password help")
    out = sync(project, stand_in, "helpscout", "--apply")
    assert "update     order-shipped (id 91001) 'Reset password help': changed: name; " \
        "renames 'Resetting your password'" in out
    assert stand_in.replies[91001]["name"] == "Reset password help"
    settle(project, stand_in, "helpscout")


def test_a_reply_of_the_same_name_is_not_taken_over_unasked(project: Path,
                                                             stand_in: StandIn) -> None:
    """rt17d 3: the team's own 'Order late' is not overwritten by the first sync."""
    stand_in.replies = {9701: {"name": "Order late", "text": "<p>The team's words</p>"}}
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert ("refused    order-late 'Order late': saved reply 9701, 'Order late', matches by "
            "name only: neither an import nor an earlier sync (helpscout-sync.json) recorded "
            "it for this snippet, and it may be the team's own; not taken over. If it is this "
            "snippet's, import it (handbook import helpscout) or run with --allow-name-takeover "
            "(--allow-takeover takes only what an import recorded); else give the snippet "
            "another title") in out
    assert stand_in.replies[9701] == {"name": "Order late", "text": "<p>The team's words</p>"}
    assert "unmatched" not in out and "1 create" in out  # order-shipped was created
    # rt17e 3: --allow-takeover takes what an import recorded, not a reply of the same name.
    assert "1 refused" in sync(project, stand_in, "helpscout", "--apply", "--allow-takeover",
                               code=1)
    assert stand_in.replies[9701] == {"name": "Order late", "text": "<p>The team's words</p>"}
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-name-takeover")
    assert "update     order-late (id 9701) 'Order late': changed: text, chatText (matched " \
        "by name, taken over: --allow-name-takeover)" in out
    assert "order-shipped" in out and " 0 create" in f" {out.splitlines()[-1]}"
    settle(project, stand_in, "helpscout")  # recorded now: no flag needed


def test_a_lost_or_broken_record_file_fails_safe(project: Path, stand_in: StandIn) -> None:
    sync(project, stand_in, "helpscout", "--apply")
    state = project / "helpscout-sync.json"
    state.write_text("{not json", "utf-8")
    writes = len(stand_in.writes())
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert out.startswith("Error: helpscout-sync.json: can't be read (") and out.count(
        "\n") == 1
    state.write_text('{"mailboxes": {"42": {"order-late": "x"}}}', "utf-8")
    assert "not the file sync writes" in sync(project, stand_in, "helpscout", code=1)
    state.unlink()
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert out.count("matches by name only") == 2 and len(stand_in.writes()) == writes


def test_a_help_scout_name_with_colons_is_imported_and_synced_as_written(
        project: Path, stand_in: StandIn) -> None:
    """rt17d 15: '::' is Zendesk's category mark, not Help Scout's: a saved reply named
    'Billing::Voucher issued' keeps that name through import and the first sync."""
    reply = {"id": 91077, "name": "Billing::Voucher issued",
             "text": "<p>Your voucher is on its way.</p>"}
    stand_in.replies = {91077: dict(reply)}
    guards.imported(project, "helpscout", [reply])
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-takeover")
    assert "renames" not in out and "1 unchanged" in out, out
    assert stand_in.replies[91077] == reply
    assert list(names(stand_in)).count("Billing::Voucher issued") == 1
    settle(project, stand_in, "helpscout")


def test_a_record_pointed_at_another_reply_is_a_takeover(project: Path,
                                                         stand_in: StandIn) -> None:
    """rt17e 5: helpscout-sync.json edited by hand (or merged wrongly) retargeted a snippet
    to the team's 'Billing (chat)' with no flag; a bare id, as an earlier version wrote it,
    is trusted only while the reply has the snippet's name."""
    sync(project, stand_in, "helpscout", "--apply")
    ours = names(stand_in)
    stand_in.replies[8002] = {"name": "Billing (chat)", "text": "<p>The team's words</p>"}
    path = project / "helpscout-sync.json"
    state = json.loads(path.read_text("utf-8"))
    state["mailboxes"]["42"]["order-late"] = 8002
    state["mailboxes"]["42"]["order-shipped"] = ours["Order shipped"]  # as written before
    path.write_text(json.dumps(state), "utf-8")
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert ("refused    order-late 'Order late': helpscout-sync.json records saved reply 8002, "
            "'Billing (chat)', for this snippet, but that name is not recorded (an earlier "
            "version's record) nor the snippet's title: the record may have been edited by "
            "hand or merged wrongly") in out
    assert "restore helpscout-sync.json from git" in out
    assert stand_in.replies[8002] == {"name": "Billing (chat)", "text": "<p>The team's words</p>"}
    assert "unchanged  order-shipped" in out  # a bare id of a reply with its name: trusted
    # Recorded with a name now; the refused record is kept for a person to look at.
    state = json.loads(path.read_text("utf-8"))["mailboxes"]["42"]
    assert state == {"order-late": 8002, "order-shipped": {"id": ours["Order shipped"],
                                                           "name": "Order shipped"}}
    state["order-late"] = {"id": 8002, "name": "Order late"}  # a name forged too
    path.write_text(json.dumps({"mailboxes": {"42": state}}), "utf-8")
    out = sync(project, stand_in, "helpscout")
    assert "but that name is not the one sync gave it ('Order late') nor the snippet's" in out
    # Restored from git: its own reply again.
    state["order-late"] = {"id": ours["Order late"], "name": "Order late"}
    path.write_text(json.dumps({"mailboxes": {"42": state}}), "utf-8")
    assert "refused" not in sync(project, stand_in, "helpscout")
    settle(project, stand_in, "helpscout")


def test_takeover_takes_what_import_recorded_and_not_a_name_match(project: Path,
                                                                  stand_in: StandIn) -> None:
    """rt17e 3: the run the guide asks for after an import (--allow-takeover) overwrote the
    team's own reply that had a shipped snippet's title."""
    stand_in.replies = {8008: {"name": "Order late", "text": "<p>The team's own</p>"},
                        8010: {"name": "Refund approved", "text": "<p>Imported</p>"}}
    guards.imported(project, "helpscout", [{"id": 8010, "name": "Refund approved",
                                            "text": "<p>Imported</p>"}])
    stand_in.replies[8010]["text"] = "<p>Edited since</p>"  # no longer what import read
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-takeover", code=1)
    assert "(matched by helpscout.id, taken over: --allow-takeover)" in out
    assert "refused    order-late 'Order late': saved reply 8008, 'Order late', matches by " \
        "name only" in out
    assert stand_in.replies[8008] == {"name": "Order late", "text": "<p>The team's own</p>"}
