"""A snippet can stay in the handbook while sync leaves its macro or saved reply alone
(issue 17, rt17e 6: the advice "take its id out" made sync create a twin macro), and the
plan names what it can't act on by what it knows (rt17e 14: a removed snippet's saved reply
named from helpscout-sync.json; a title with control characters printed escaped). Against
the stand-in; each case ends with a run that sends nothing."""

from __future__ import annotations

import json
from pathlib import Path

import test_sync as base
import test_sync_guards as guards
from click.testing import CliRunner
from helpdesk_standin import StandIn

from handbook.cli import main

sync, settle = base.sync, guards.settle
project, stand_in = guards.project, guards.stand_in  # the fixtures
LATE = "playbooks/snippets/order-late.yml"


def edit(project: Path, old: str, new: str) -> None:
    path = project / LATE
    text = path.read_text("utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_zendesk_sync_false_leaves_the_macros_alone(project: Path, stand_in: StandIn) -> None:
    sync(project, stand_in, "zendesk", "--apply")
    late = base.keys(stand_in)["order-late"]
    before = json.dumps(late, sort_keys=True)
    edit(project, "zendesk:\n", "zendesk:\n  sync: false\n")
    edit(project, "ships today.", "ships tomorrow.")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert (f"left       order-late (id {late['id']}) 'Order late': sync: false in the "
            "snippet's zendesk: block: left as it is") in out
    assert "left       order-late.chat (id " in out and "deactivate " not in out
    assert "2 unchanged, 2 left (applied)" in out
    assert json.dumps(late, sort_keys=True) == before
    # A macro an import recorded (no key yet): left too, and no twin is created.
    stand_in.macros[7020] = {"id": 7020, "title": "Greeting::Locale case", "active": True,
                             "description": None, "restriction": None,
                             "actions": [{"field": "comment_value",
                                          "value": "{% case ticket.requester.locale %}…"}]}
    base.write(project, "locale-case", "Locale case")
    path = project / "playbooks/snippets/locale-case.yml"
    path.write_text(path.read_text("utf-8").replace(
        "zendesk:\n", "zendesk:\n  sync: false\n  ids: {email: 7020}\n"
        "  title: Greeting::Locale case\n", 1), "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert "left       locale-case (id 7020) 'Locale case'" in out and "create " not in out
    assert "Locale case" not in {m["title"] for m in stand_in.macros.values()} - {
        "Greeting::Locale case"}
    settle(project, stand_in, "zendesk")


def test_check_takes_only_true_or_false(project: Path) -> None:
    edit(project, "zendesk:\n", "zendesk:\n  sync: nope\n")
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    assert "order-late.yml:9:3" in result.output and "'zendesk.sync': must be true or " \
        "false" in result.output, result.output


def test_helpscout_sync_false_and_a_removed_snippets_reply(project: Path,
                                                          stand_in: StandIn) -> None:
    sync(project, stand_in, "helpscout", "--apply")
    ids = {r["name"]: i for i, r in stand_in.replies.items()}
    edit(project, "zendesk:\n", "helpscout: {sync: false}\nzendesk:\n")
    edit(project, "ships today.", "ships tomorrow.")
    out = sync(project, stand_in, "helpscout", "--apply")
    assert (f"left       order-late (id {ids['Order late']}) 'Order late': sync: false in the "
            "snippet's helpscout: block: left as it is") in out
    assert "unmatched" not in out and "ships today" in stand_in.replies[ids["Order late"]][
        "text"]
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    out = sync(project, stand_in, "helpscout", "--apply")
    assert (f"unmatched  - (id {ids['Order shipped']}) 'Order shipped': it was snippet "
            "'order-shipped''s (helpscout-sync.json records it), and that snippet is gone or "
            "not for this mailbox; sync never deletes") in out
    state = json.loads((project / "helpscout-sync.json").read_text("utf-8"))
    assert set(state["mailboxes"]["42"]) == {"order-late", "order-shipped"}
    settle(project, stand_in, "helpscout")


def test_a_title_with_control_characters_is_printed_escaped() -> None:
    from handbook.helpdesk.plan import Step

    line = Step("refused", "nul", "Misc::Nul\x00title\x1b[2J", 5, why="a\nb").line()
    assert line == "refused    nul (id 5) 'Misc::Nul\\x00title\\x1b[2J': a\\x0ab"


def test_advice_for_a_lost_built_in_variable_can_be_followed(project: Path,
                                                            stand_in: StandIn) -> None:
    """rt17e 12: the advice was to map a placeholder to ticket.id, which ticket_id is
    already; the fix that works is writing [[ticket_id]] where the reply holds it."""
    sync(project, stand_in, "zendesk", "--apply")
    late = base.keys(stand_in)["order-late"]
    text = next(a for a in late["actions"] if a["field"] == "comment_value_html")
    text["value"] += "<p>Ref {{ticket.id}}, {{ticket.url}}</p>"
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    line = next(ln for ln in out.splitlines() if ln.startswith("refused "))
    assert ("would remove {{ticket.id}}, {{ticket.url}} (the helpdesk fills them in; the update "
            "puts the placeholder's gap or fallback there): to keep them, write [[ticket_id]] "
            "in the snippet where the reply should hold it (the exports write [[ticket_id]] as "
            "{{ticket.id}}); map the placeholder in mkdocs.yml under the handbook plugin, "
            "helpdesk_variables: {zendesk: {<placeholder>: ticket.url}}; to remove on purpose, "
            "run with --allow-variable-loss; to leave the macro as it is and keep the snippet, "
            "write sync: false in the snippet's zendesk: block") in line
