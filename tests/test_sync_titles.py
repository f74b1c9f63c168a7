"""What import writes, `check` passes and sync accepts agree on saved-reply names (issue 17,
rt17e 4): a reply whose name is a snippet's title, or a case twin of another, is imported
with a numbered title, and sync sends that number (Help Scout tells replies apart by name)
instead of refusing to run; two snippets that would share a name are a `check` warning
before sync refuses them. Against the stand-in; each case ends with a run that sends
nothing."""

from __future__ import annotations

from pathlib import Path

import test_sync as base
import test_sync_guards as guards
from click.testing import CliRunner
from helpdesk_standin import StandIn

from handbook.cli import main

sync, settle, imported = base.sync, guards.settle, guards.imported
project, stand_in = guards.project, guards.stand_in  # the fixtures


def check(project: Path) -> str:
    return CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")]).output


def test_an_imported_twin_is_synced_under_its_numbered_title(project: Path,
                                                             stand_in: StandIn) -> None:
    replies = [{"id": 8008, "name": "Order late", "text": "<p>The team's own.</p>"},
               {"id": 8010, "name": "Welcome", "text": "<p>Hello!</p>"},
               {"id": 8011, "name": "welcome", "text": "<p>hello</p>"}]
    stand_in.replies = {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in replies}
    imported(project, "helpscout", replies)
    twin = (project / "playbooks/snippets/order-late-2.yml").read_text("utf-8")
    assert "title: Order late (2)" in twin and "title: Order late\n" in twin
    assert "no problems" in check(project)
    out = sync(project, stand_in, "helpscout", "--apply")
    assert ("update     order-late-2 (id 8008) 'Order late (2)': changed: name (matched by "
            "helpscout.id, taken over: the reply the import read, unchanged since); renames "
            "'Order late'") in out
    assert "'welcome (2)': changed: name" in out and "renames 'welcome'" in out
    assert {r["name"] for r in stand_in.replies.values()} == {
        "Order late (2)", "Welcome", "welcome (2)", "Order late", "Order shipped"}
    assert stand_in.replies[8008]["text"] == "<p>The team's own.</p>"
    settle(project, stand_in, "helpscout")


def test_check_warns_on_titles_sync_helpscout_refuses(project: Path) -> None:
    base.write(project, "shop-late", "Order late")
    path = project / "playbooks/snippets/shop-late.yml"
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", "zendesk:\n  category: Shop\n"),
                    "utf-8")
    assert "has the title of" not in check(project)  # two macros: fine in Zendesk
    other = project / "playbooks/snippets/order-late.yml"
    other.write_text(other.read_text("utf-8").replace("zendesk:\n", "helpscout: {}\nzendesk:\n"),
                     "utf-8")  # the handbook goes to Help Scout too
    out = check(project)
    assert ("snippet 'shop-late' has the title of snippet 'order-late', 'Order late' (in another "
            "Zendesk category): `handbook sync helpscout` refuses to run while two saved "
            "replies would share a name") in out
    # Kept apart by their mailboxes: no warning.
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", "helpscout: {mailboxes: [7]}"
                                                    "\nzendesk:\n"), "utf-8")
    other.write_text(other.read_text("utf-8").replace("helpscout: {}", "helpscout: "
                                                      "{mailboxes: [8]}"), "utf-8")
    assert "has the title of" not in check(project)


def test_check_warns_on_an_id_sync_will_not_take_over(project: Path) -> None:
    """An id typed by hand without the import's title or fingerprint is refused by every
    sync (rt17d 8); check says so before sync does."""
    path = project / "playbooks/snippets/order-late.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("zendesk:\n", "helpscout: {id: 31}\nzendesk:\n  ids: {email: "
                                 "7}\n"), "utf-8")
    out = check(project)
    assert ("order-late.yml:10:1: warning: snippet 'order-late' records macro 7 (email) "
            "without the title it was imported with (zendesk.title) or what the import read "
            "(zendesk.fingerprints): `handbook sync zendesk` won't update that macro unless "
            "its description holds [handbook:order-late]") in out
    assert "snippet 'order-late' records saved reply 31 without the name it was imported " \
        "with" in out
    path.write_text(text.replace("zendesk:\n", "helpscout: {id: 31, title: Late}\nzendesk:\n"
                                 "  ids: {email: 7}\n  title: Shipping::Late\n"), "utf-8")
    assert "records" not in check(project)
