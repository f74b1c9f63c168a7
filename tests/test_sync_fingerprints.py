"""The first sync after an import takes over what the import read, unasked (issue 17, items
2 and 5 after rt17d): import records a fingerprint of each macro or saved reply as read, so
sync tells that object (taken over without --allow-takeover) from an id typed by hand or an
object changed in the helpdesk since (refused, naming why); a Help Scout pair import merged
records both replies, and sync updates each. Import -> check -> sync against the stand-in;
each case ends with a run that sends nothing."""

from __future__ import annotations

from pathlib import Path

import test_sync as base
import test_sync_guards as guards
import yaml
from click.testing import CliRunner
from helpdesk_standin import StandIn

from handbook.cli import main
from handbook.helpdesk import fingerprints

sync, settle, imported = base.sync, guards.settle, guards.imported
project, stand_in = guards.project, guards.stand_in  # the fixtures


def macro(ident: int, title: str, text: str) -> dict:
    return {"id": ident, "title": title, "active": True, "description": "Team's note.",
            "restriction": None, "url": f"https://x.zendesk.com/api/v2/macros/{ident}.json",
            "updated_at": "2026-01-01T00:00:00Z", "position": 3, "usage_7d": 12,
            "actions": [{"field": "comment_value", "value": text},
                        {"field": "status", "value": "solved"}]}


def snippet(project: Path, ident: str) -> dict:
    return yaml.safe_load((project / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))


def check(project: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    return result.output


def test_zendesk_takes_over_what_the_import_read_and_refuses_a_changed_macro(
        project: Path, stand_in: StandIn) -> None:
    macros = [macro(7001, "Shipping::Where is it", "On its way."),
              macro(7002, "Shipping::Lost parcel", "We are sorry."),
              macro(7003, "Shipping::Delayed", "It is late.")]
    stand_in.macros.update({m["id"]: dict(m) for m in macros})
    imported(project, "zendesk", macros)
    record = snippet(project, "where-is-it")["zendesk"]
    assert record["fingerprints"] == {"email": fingerprints.of("zendesk", macros[0])}
    assert record["fingerprints"]["email"].startswith("sha256:")
    # Timestamps and usage change without the macro changing: not part of it.
    assert fingerprints.of("zendesk", {**macros[0], "usage_7d": 99, "updated_at": "x"}) == \
        record["fingerprints"]["email"]
    # Since the import, the team edited one macro in Zendesk, and someone typed an id and a
    # title into another snippet by hand (no fingerprint).
    stand_in.macros[7002]["actions"][0]["value"] = "We are very sorry."
    late = project / "playbooks/snippets/delayed.yml"
    text = late.read_text("utf-8")
    late.write_text("\n".join(line for line in text.splitlines()
                              if "fingerprints:" not in line and "sha256:" not in line) + "\n",
                    "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("update     where-is-it (id 7001) 'Shipping::Where is it': taken over the macro the "
            "import read (zendesk.fingerprints), unchanged since; it gets the key") in out
    assert ("refused    lost-parcel (id 7002) 'Shipping::Lost parcel': zendesk.ids names macro "
            "7002, 'Shipping::Lost parcel', has changed in Zendesk since the import (it is not "
            "what the import read: zendesk.fingerprints): not taken over, the update would "
            "replace the team's edit") in out
    assert ("refused    delayed (id 7003) 'Shipping::Delayed': zendesk.ids names macro 7003, "
            "'Shipping::Delayed', which has no [handbook:delayed] and no fingerprint") in out
    assert "[handbook:where-is-it]" in stand_in.macros[7001]["description"]
    assert stand_in.macros[7002]["actions"][0]["value"] == "We are very sorry."
    assert stand_in.macros[7003]["description"] == "Team's note."
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    assert "taken over (--allow-takeover)" in out and out.count("taken over") == 2
    settle(project, stand_in, "zendesk")


def test_check_names_a_fingerprint_import_did_not_write(project: Path) -> None:
    path = project / "playbooks/snippets/order-late.yml"
    path.write_text(path.read_text("utf-8").replace(
        "zendesk:\n", "zendesk:\n  ids: {email: 5}\n  fingerprints: {email: abc, chat: "
        "'sha256:0123456789abcdef'}\n", 1), "utf-8")
    out = check(project)
    assert "'abc' is not a fingerprint `handbook import` writes (sha256: and 16 hex digits)" \
        in out
    path.write_text(path.read_text("utf-8").replace("email: abc, ", ""), "utf-8")
    assert "fingerprints names chat, which ids does not" in check(project)


def reply(ident: int, name: str, text: str) -> dict:
    return {"id": ident, "name": name, "text": text, "createdAt": "2026-01-01T00:00:00Z"}


def test_helpscout_takes_over_what_the_import_read_and_updates_both_halves_of_a_pair(
        project: Path, stand_in: StandIn) -> None:
    """Item 5: the chat reply of a pair was not recorded, so sync listed it as unmatched
    and sent both texts to the email reply."""
    (project / "playbooks/snippets/order-late.yml").unlink()
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    replies = [reply(91001, "Shipping (email)", "<p>Your parcel is on its way.</p>"),
               reply(91002, "Shipping (chat)", "<p>On its way!</p>"),
               reply(91003, "Bank details", "<p>Pay to our account.</p>")]
    for item in replies:
        stand_in.replies[item["id"]] = {k: v for k, v in item.items() if k != "id"}
    imported(project, "helpscout", replies)
    record = snippet(project, "shipping")["helpscout"]
    assert record == {"id": 91001, "title": "Shipping (email)",
                      "fingerprint": fingerprints.of("helpscout", replies[0]),
                      "chat": {"id": 91002, "title": "Shipping (chat)",
                               "fingerprint": fingerprints.of("helpscout", replies[1])}}
    stand_in.replies[91003]["text"] = "<p>Pay to our new account.</p>"  # edited since
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert "unmatched" not in out and "create" not in out.split("\n\n")[0], out
    assert ("unchanged  shipping (id 91001) 'Shipping (email)'") in out
    assert ("unchanged  shipping.chat (id 91002) 'Shipping (chat)'") in out
    assert ("refused    bank-details 'Bank details': helpscout.id names saved reply 91003, "
            "'Bank details', which has changed in Help Scout since the import") in out
    # The snippet edited: each reply gets its own variant, under its own name.
    path = project / "playbooks/snippets/shipping.yml"
    path.write_text(path.read_text("utf-8").replace("On its way!", "On its way now!"), "utf-8")
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert "update     shipping.chat (id 91002) 'Shipping (chat)': changed: text" in out
    assert stand_in.replies[91002] == {"name": "Shipping (chat)",
                                       "text": "<p>On its way now!</p>"}
    assert stand_in.replies[91001]["name"] == "Shipping (email)"
    assert "chatText" not in stand_in.replies[91001]
    assert len(stand_in.replies) == 3
    sync(project, stand_in, "helpscout", "--apply", "--allow-takeover")
    settle(project, stand_in, "helpscout")
    # The exports write the same two bodies sync sends.
    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.content import load_handbook
    from handbook.render.exports import export_files

    book, _report = load_handbook(read_site_config(project), pages=False)
    files = export_files(book)
    assert files["exports/helpscout/shipping.chat.json"] == {
        "name": "Shipping (chat)", "text": "<p>On its way now!</p>"}
    assert files["exports/helpscout/shipping.json"]["name"] == "Shipping (email)"


def test_a_reply_no_longer_than_its_preview_is_not_refused_as_cut_down() -> None:
    """A short saved reply's preview is its whole text: an update that says the same in
    other markup (a pair's chat reply, "On its way!" -> "<p>On its way!</p>") cuts nothing."""
    from handbook.helpdesk import sync_helpscout as hs

    current = {"id": 91002, "name": "Shipping (chat)", "preview": "On its way!",
               "text": "On its way!"}
    body = {"name": "Shipping (chat)", "text": "<p>On its way!</p>"}
    (step,) = hs.plan({"shipping.chat": body}, {"shipping.chat": current})
    assert step.action == "update" and step.why == "changed: text"


def test_a_title_too_long_to_record_is_taken_over_by_its_fingerprint(
        project: Path, stand_in: StandIn) -> None:
    """The fingerprint holds the title: a macro whose title import could not record (over
    500 characters) is still the one the import read, and nothing else is."""
    long = macro(7009, "Shipping::" + "Very long title " * 40, "Long.")
    stand_in.macros[7009] = dict(long)
    imported(project, "zendesk", [long])
    ident = next(p.stem for p in (project / "playbooks/snippets").glob("very-long-title*"))
    assert "title" not in snippet(project, ident)["zendesk"]
    out = sync(project, stand_in, "zendesk", "--apply")
    assert f"update     {ident} (id 7009)" in out and "taken over the macro the import read" in out
    settle(project, stand_in, "zendesk")


def test_a_zendesk_csv_says_the_first_sync_needs_the_flag(project: Path) -> None:
    path = project / "macros.csv"
    path.write_text("Title,ID,comment_value\nShipping::Where,7001,On its way.\n", "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(path), "-C", str(project)])
    assert "import records no fingerprint of what it read: the first `handbook sync zendesk` " \
        "takes these macros over only with --allow-takeover" in result.output
    assert "fingerprints" not in snippet(project, "where")["zendesk"]


def test_an_id_written_as_text_is_fingerprinted_as_the_api_lists_it() -> None:
    """An export that writes ids as text ("7001") still matches the listing's 7001."""
    import json

    from handbook.helpdesk.sources import helpscout_json, zendesk_json

    listed = macro(7001, "Shipping::Where is it", "On its way.")
    (reply,) = zendesk_json(json.dumps({"macros": [{**listed, "id": "7001"}]}))
    assert reply.fingerprint == fingerprints.of("zendesk", listed)
    saved = {"id": 91001, "name": "Shipping", "text": "<p>Hi</p>"}
    (one,) = helpscout_json(json.dumps([{**saved, "id": "91001"}]))
    assert one.fingerprint == fingerprints.of("helpscout", saved)
