"""A macro's description after sync created or took it over (issue 17, item 3 after rt17d):
sync's part, the snippet's summary and the key, follows the snippet; the team's own text
stays as they wrote it. Help Scout saved replies have no description (name, text,
chatText), so there is nothing to follow there."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_sync as base
import test_sync_guards as guards
from helpdesk_standin import StandIn

from handbook.helpdesk.sync_zendesk import described, team_text

sync, settle = base.sync, guards.settle
project, stand_in = guards.project, guards.stand_in  # the fixtures

OURS = "Say when it ships.\n[handbook:order-late]"


def body() -> dict:
    return {"macro": {"title": "Handbook::Order late", "description": OURS}}


@pytest.mark.parametrize(("theirs", "after"), [
    (None, OURS),  # a macro sync creates
    ("Said when it shipped.\n[handbook:order-late]", OURS),  # sync's part, edited summary
    ("Team note.\n\nSaid when it shipped.\n[handbook:order-late]", f"Team note.\n\n{OURS}"),
    ("Said when it shipped.\n[handbook:order-late]\n\nTeam note below.",
     f"{OURS}\n\nTeam note below."),
    ("Managers only. [handbook:order-late]", f"Managers only.\n\n{OURS}"),  # typed by hand
    ("Team note.", f"Team note.\n\n{OURS}"),  # keyless, taken over
    ("Say  when it\nships.", OURS),  # keyless, its text read into the summary at import
    ("Say when it ships.\n\n[handbook:order-late]", OURS),  # the form earlier syncs wrote
    ("[handbook:order-shipped]", OURS),  # a renamed snippet's (its alias's key)
    ("Team note.\r\n\r\nOld.\r\n[handbook:order-late]", f"Team note.\n\n{OURS}"),  # CRLF
    ("Old.\n[handbook:order-late]\nTeam line.", f"{OURS}\n\nTeam line."),
])
def test_syncs_part_follows_the_snippet_and_the_teams_text_stays(theirs: str | None,
                                                                 after: str) -> None:
    macro = {"id": 1, "description": theirs}
    assert described(body(), macro, "order-late")["macro"]["description"] == after


def test_team_text_is_told_apart_from_syncs_part() -> None:
    assert not team_text(OURS) and not team_text("[handbook:x]")
    assert team_text(f"Team note.\n\n{OURS}") and team_text("Managers only. [handbook:x]")
    assert team_text(f"{OURS}\nA line of the team's under it.")


def test_an_edited_summary_reaches_zendesk_and_the_plan_says_so(project: Path,
                                                                stand_in: StandIn) -> None:
    sync(project, stand_in, "zendesk", "--apply")
    late = next(m for m in stand_in.macros.values() if m["title"] == "Handbook::Order late")
    assert late["description"] == "For the sync tests.\n[handbook:order-late]"
    late["description"] = "Ask Sam before changing.\n\n" + late["description"]  # the team's
    settle(project, stand_in, "zendesk")
    path = project / "playbooks/snippets/order-late.yml"
    path.write_text(path.read_text("utf-8").replace("summary: For the sync tests.",
                                                    "summary: Say when it ships."), "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply")
    assert (f"update     order-late (id {late['id']}) 'Handbook::Order late': changed: "
            "description (the snippet's summary; the team's text kept)") in out
    assert late["description"] == ("Ask Sam before changing.\n\nSay when it ships.\n"
                                   "[handbook:order-late]")
    settle(project, stand_in, "zendesk")
