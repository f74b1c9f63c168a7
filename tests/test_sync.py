"""`handbook sync` against the local stand-in of the documented endpoints
(helpdesk_standin.py): the dry run changes nothing, --apply creates by stable key, a second
run changes nothing, a renamed snippet updates its macro in place, a removed one is
deactivated, and every body sent matches the API's documented shape."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpdesk_standin import BEARER, EMAIL, TOKEN, StandIn
from sitebuild import copy_project

from handbook.cli import main
from handbook.render.exports import KEY_MARK_RE

SNIPPET = """id: {id}
title: {title}
summary: For the sync tests.
owner: "@acme/support-leads"
reviewed: 2026-11-01
review_every: 90d
aliases: {aliases}
zendesk:
  public: {public}
  actions:
    - {{field: status, value: pending}}
placeholders:
  first_name: {{label: First name, fallback: there}}
  order_number: {{label: Order number, required: true}}
variants:
  email: |
    Hi [[first_name]],

    Order **[[order_number]]** ships today.
  chat: Order [[order_number]] ships today, [[first_name]].
"""


def write(project: Path, ident: str, title: str, aliases: str = "[]",
          public: str = "true") -> None:
    (project / "playbooks/snippets" / f"{ident}.yml").write_text(
        SNIPPET.format(id=ident, title=title, aliases=aliases, public=public), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Path:
    """The handbook's settings with snippets of the test's own (no trees or pages)."""
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "playbooks")
    (root / "playbooks/snippets").mkdir(parents=True)
    write(root, "order-shipped", "Order shipped")
    write(root, "order-late", "Order late", public="false")
    return root


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    yield server
    server.close()


def sync(project: Path, stand_in: StandIn, helpdesk: str, *args: str,
         code: int = 0) -> str:
    env = {"ZENDESK_EMAIL": EMAIL, "ZENDESK_API_TOKEN": TOKEN, "HELPSCOUT_TOKEN": BEARER,
           "HELPSCOUT_MAILBOX": "42"}
    result = CliRunner().invoke(main, ["sync", helpdesk, "--url", stand_in.url, "-C",
                                       str(project), *args], env=env)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)  # an exception, not a one-line message
    assert stand_in.errors == []
    return result.output


def keys(stand_in: StandIn) -> dict[str, dict]:
    return {KEY_MARK_RE.findall(m["description"])[0]: m for m in stand_in.macros.values()}


def keys_of_keyed(stand_in: StandIn) -> dict[str, dict]:
    """keys(), of the macros that have a key."""
    return {KEY_MARK_RE.findall(m["description"])[0]: m for m in stand_in.macros.values()
            if KEY_MARK_RE.search(m.get("description") or "")}


def test_zendesk_dry_run_apply_and_second_run(project: Path, stand_in: StandIn) -> None:
    plan = sync(project, stand_in, "zendesk")
    assert "4 create, 0 update, 0 deactivate, 0 unchanged (dry run" in plan
    assert stand_in.writes() == [] and stand_in.macros == {}
    sync(project, stand_in, "zendesk", "--apply")
    assert sorted(keys(stand_in)) == ["order-late", "order-late.chat", "order-shipped",
                                      "order-shipped.chat"]
    late = keys(stand_in)["order-late"]
    assert {"field": "comment_mode_is_public", "value": False} in late["actions"]
    # A human's macro without our key is never touched.
    stand_in.macros[1] = {"id": 1, "title": "Theirs", "actions": [], "active": True,
                          "description": "not ours"}
    writes = len(stand_in.writes())
    again = sync(project, stand_in, "zendesk", "--apply")
    assert "0 create, 0 update, 0 deactivate, 4 unchanged" in again
    assert len(stand_in.writes()) == writes
    assert stand_in.macros[1]["title"] == "Theirs"


def test_zendesk_rename_updates_in_place_and_removal_deactivates(project: Path,
                                                                 stand_in: StandIn) -> None:
    sync(project, stand_in, "zendesk", "--apply")
    ids = {k: m["id"] for k, m in keys(stand_in).items()}
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    write(project, "order-dispatched", "Order dispatched", aliases="[order-shipped]")
    (project / "playbooks/snippets/order-late.yml").unlink()
    plan = sync(project, stand_in, "zendesk", "--apply")
    assert "0 create, 2 update, 2 deactivate, 0 unchanged" in plan
    now = keys(stand_in)
    assert now["order-dispatched"]["id"] == ids["order-shipped"]
    assert now["order-dispatched"]["title"] == "Handbook::Order dispatched"
    assert now["order-late"]["active"] is False and now["order-late"]["id"] == ids["order-late"]
    assert len(stand_in.macros) == 4  # nothing deleted, nothing added
    again = sync(project, stand_in, "zendesk", "--apply")
    assert "0 create, 0 update, 0 deactivate, 4 unchanged" in again


def test_helpscout_create_update_and_second_run(project: Path, stand_in: StandIn) -> None:
    sync(project, stand_in, "helpscout", "--apply")
    names = sorted(r["name"] for r in stand_in.replies.values())
    assert names == ["Order late", "Order shipped"]
    reply = next(r for r in stand_in.replies.values() if r["name"] == "Order shipped")
    assert reply["text"].startswith("<p>Hi {%customer.firstName,fallback=there%},")
    assert reply["chatText"] == ("Order [Order number] ships today, "
                                 "{%customer.firstName,fallback=there%}.")
    assert "0 create, 0 update, 0 deactivate, 2 unchanged" in sync(
        project, stand_in, "helpscout", "--apply")
    path = project / "playbooks/snippets/order-late.yml"
    path.write_text(path.read_text("utf-8").replace("ships today", "ships tomorrow"), "utf-8")
    assert "0 create, 1 update, 0 deactivate, 1 unchanged" in sync(
        project, stand_in, "helpscout", "--apply")
    assert sum("tomorrow" in r["text"] for r in stand_in.replies.values()) == 1


def test_a_missing_token_or_a_refused_one_is_one_line(project: Path,
                                                      stand_in: StandIn) -> None:
    result = CliRunner().invoke(main, ["sync", "zendesk", "--url", stand_in.url, "-C",
                                       str(project)], env={"ZENDESK_EMAIL": "",
                                                           "ZENDESK_API_TOKEN": ""})
    assert result.exit_code == 1
    assert "set ZENDESK_EMAIL, ZENDESK_API_TOKEN in the environment" in result.output
    result = CliRunner().invoke(main, ["sync", "zendesk", "--url", stand_in.url, "-C",
                                       str(project)], env={"ZENDESK_EMAIL": EMAIL,
                                                           "ZENDESK_API_TOKEN": "wrong"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "HTTP 401" in result.output and "check the token" in result.output


def test_mkdocs_yml_variables_reach_the_helpdesk(project: Path, stand_in: StandIn) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - handbook:\n" in text
    config.write_text(text.replace("  - handbook:\n", "  - handbook:\n      helpdesk_variables:\n"
                                   "        zendesk: {order_number: ticket.ticket_field_7}\n",
                                   1), "utf-8")
    sync(project, stand_in, "zendesk", "--apply")
    html = next(a["value"] for a in keys(stand_in)["order-late"]["actions"]
                if a["field"] == "comment_value_html")
    assert "<strong>{{ticket.ticket_field_7}}</strong>" in html
    config.write_text(text.replace("  - handbook:\n", "  - handbook:\n      helpdesk_variables:\n"
                                   "        zendesk: {order_number: '{{ticket.x}}'}\n", 1),
                      "utf-8")
    result = CliRunner().invoke(main, ["check", str(project / "mkdocs.yml")])
    assert ("Plugin 'handbook' option 'helpdesk_variables': zendesk.order_number: "
            "'{{ticket.x}}' is not a variable") in result.output


def test_a_removed_restriction_is_sent_as_null_and_settles(project: Path,
                                                          stand_in: StandIn) -> None:
    path = project / "playbooks/snippets/order-late.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  public: false\n", "  public: false\n  restriction: "
                                 "{type: Group, ids: [77]}\n"), "utf-8")
    sync(project, stand_in, "zendesk", "--apply")
    assert keys(stand_in)["order-late"]["restriction"] == {"type": "Group", "ids": [77]}
    path.write_text(text, "utf-8")
    # rt17c 6: lifting a restriction opens the macro to everyone: refused without the flag.
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("refused    order-late (id 1000) 'Handbook::Order late': widens who may use it "
            "(restriction Group [77] -> everyone)") in out and "--allow-widen" in out
    assert "2 step(s) refused and not sent" in out
    assert keys(stand_in)["order-late"]["restriction"] == {"type": "Group", "ids": [77]}
    assert "2 update" in sync(project, stand_in, "zendesk", "--apply", "--allow-widen")
    assert keys(stand_in)["order-late"]["restriction"] is None
    assert "0 create, 0 update, 0 deactivate, 4 unchanged" in sync(
        project, stand_in, "zendesk", "--apply")


def test_an_imported_macro_is_updated_in_place(project: Path, stand_in: StandIn) -> None:
    stand_in.macros[7] = {"id": 7, "title": "Shipping::Order shipped", "active": True,
                          "description": None, "restriction": None,
                          "actions": [{"field": "comment_value", "value": "old"}]}
    path = project / "playbooks/snippets/order-shipped.yml"
    text = path.read_text("utf-8")
    # rt17c 6: an id written by hand (no title recorded by the import) is not taken over.
    path.write_text(text.replace(
        "zendesk:\n", "zendesk:\n  ids: {email: 7}\n  category: Shipping\n"), "utf-8")
    plan = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("refused    order-shipped (id 7) 'Shipping::Order shipped': zendesk.ids names "
            "macro 7, 'Shipping::Order shipped', which has no [handbook:order-shipped] and no "
            "import recorded") in plan
    assert stand_in.macros[7]["actions"] == [{"field": "comment_value", "value": "old"}]
    assert "order-shipped" not in keys_of_keyed(stand_in)
    path.write_text(text.replace("zendesk:\n", "zendesk:\n  ids: {email: 7}\n  category: "
                                 "Shipping\n  title: Shipping::Order shipped\n"), "utf-8")
    # rt17d 8: an id and title may be written by hand too: the first takeover needs the flag.
    plan = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("refused    order-shipped (id 7) 'Shipping::Order shipped': zendesk.ids names macro "
            "7, 'Shipping::Order shipped', which has no [handbook:order-shipped] and no "
            "fingerprint of what an import read (zendesk.fingerprints; ids and title may be "
            "typed by hand): taken over only with --allow-takeover") in plan
    assert stand_in.macros[7]["actions"] == [{"field": "comment_value", "value": "old"}]
    plan = sync(project, stand_in, "zendesk", "--allow-takeover")
    assert ("update     order-shipped (id 7) 'Shipping::Order shipped': taken over "
            "(--allow-takeover): the macro zendesk.ids records, titled as zendesk.title says "
            "('Shipping::Order shipped'); it gets the key") in plan
    sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    assert keys(stand_in)["order-shipped"]["id"] == 7 and len(stand_in.macros) == 4
    assert "4 unchanged" in sync(project, stand_in, "zendesk", "--apply")


def test_api_errors_name_the_snippet_and_429_waits(project: Path, stand_in: StandIn,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook.helpdesk import http

    waits: list[float] = []
    monkeypatch.setattr(http, "sleep", waits.append)
    stand_in.forced = [(429, {}, {"Retry-After": "2"})]
    sync(project, stand_in, "zendesk", "--apply")
    assert waits == [2.0] and len(keys(stand_in)) == 4
    (project / "playbooks/snippets/order-late.yml").unlink()
    write(project, "order-new", "Order new")
    stand_in.forced = [(422, {"error": "RecordInvalid", "description": "Record validation "
                              "errors", "details": {"title": [{"description": "Title: has "
                                                               "already been taken"}]}}, {})]
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert "create order-new 'Handbook::Order new' failed" in out
    assert "Title: has already been taken" in out and "Applied before it: 0 step" in out
    stand_in.forced = [(429, {}, {"Retry-After": "1"})] * 4
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert "rate limited; gave up after 3 retries" in out and "running sync again" in out


@pytest.mark.parametrize("answer", [[1, 2], {"macros": ["x"]}, {"macros": {"a": 1}}])
def test_odd_answers_are_one_line(project: Path, stand_in: StandIn, answer: object) -> None:
    stand_in.forced_get = [(200, answer, {})]
    out = sync(project, stand_in, "zendesk", code=1)
    assert "expected" in out and "GET " in out


def test_helpscout_matches_recorded_ids_lists_unmatched_and_refuses_twins(
        project: Path, stand_in: StandIn) -> None:
    stand_in.replies = {5: {"name": "Order shipped (email)", "text": "old"},
                        6: {"name": "Old name", "text": "stale"}}
    path = project / "playbooks/snippets/order-shipped.yml"
    path.write_text(path.read_text("utf-8").replace(
        "zendesk:\n", "helpscout: {id: 5, title: Order shipped (email)}\nzendesk:\n"), "utf-8")
    plan = sync(project, stand_in, "helpscout", "--apply", "--allow-takeover")
    # rt17d 5: the snippet's title is the one imported, so the reply keeps its name.
    assert "update     order-shipped (id 5) 'Order shipped (email)': changed: text" in plan
    assert "unmatched  - (id 6) 'Old name': no snippet has" in plan
    assert stand_in.replies[5]["name"] == "Order shipped (email)" and len(stand_in.replies) == 3
    assert "0 create, 0 update, 0 deactivate, 2 unchanged, 1 unmatched" in sync(
        project, stand_in, "helpscout", "--apply")
    write(project, "order-twin", "Order late")
    out = sync(project, stand_in, "helpscout", code=1)
    assert "snippets 'order-late' and 'order-twin' have the same title" in out
    check = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    assert "snippet 'order-twin' has the title of snippet 'order-late'" in check.output
    stand_in.forced_get = [(200, {"_embedded": {"savedReplies": "x"}}, {})]
    (project / "playbooks/snippets/order-twin.yml").unlink()
    assert "expected a list" in sync(project, stand_in, "helpscout", code=1)


def test_a_recorded_id_is_not_trusted_blindly() -> None:
    """rt17b 5, rt17c 6: a snippet's zendesk.ids takes over a keyless macro only with the
    title the import recorded, while the macro has it; copying the macro's title is not
    enough; an update that lifts a restriction is refused unless allowed."""
    from handbook.helpdesk import sync_zendesk as zd
    from handbook.helpdesk.guards import guard

    admin = {"id": 9600, "title": "Admin::Refund override (managers only)", "active": True,
             "description": None, "restriction": {"type": "Group", "ids": [1]}, "actions": []}
    body = {"macro": {"title": "Admin::Refund override (managers only)", "active": True,
                      "description": "[handbook:hijack]", "restriction": None,
                      "actions": [{"field": "comment_value_html", "value": "Pay here"}]}}
    (step,) = zd.plan({"hijack": body}, {}, [admin], {"hijack": 9600})
    assert step.action == "refused" and step.body is None
    assert "macro 9600, 'Admin::Refund override (managers only)', which has no " \
        "[handbook:hijack] and no import recorded" in step.why
    assert "put [handbook:hijack] in the macro's description" in step.why
    (step,) = zd.plan({"hijack": body}, {}, [admin], {"hijack": 9600}, {"hijack": "Other"})
    assert step.action == "refused" and "not the title it was imported with ('Other')" \
        in step.why
    (step,) = zd.plan({"hijack": body}, {}, [admin], {"hijack": 9600},
                      {"hijack": admin["title"]})
    assert step.action == "refused" and "taken over only with --allow-takeover" in step.why
    steps = zd.plan({"hijack": body}, {}, [admin], {"hijack": 9600},
                    {"hijack": admin["title"]}, allow_takeover=True)
    assert steps[0].action == "update" and steps[0].helpdesk_id == 9600
    guard(steps, "zendesk", lambda key: set())
    assert steps[0].action == "refused" and steps[0].body is None
    assert "widens who may use it (restriction Group [1] -> everyone)" in steps[0].why
    narrower = {"macro": {**body["macro"], "restriction": {"type": "Group", "ids": [1]}}}
    wider = {"macro": {**body["macro"], "restriction": {"type": "Group", "ids": [1, 2]}}}
    user = {"macro": {**body["macro"], "restriction": {"type": "User", "id": 1}}}
    for new, refused in ((narrower, False), (wider, True), (user, True), (body, True)):
        steps = zd.plan({"hijack": new}, {}, [{**admin, "restriction": {"type": "Group",
                                                                         "ids": [1, 3]}}],
                        {"hijack": 9600}, {"hijack": admin["title"]}, allow_takeover=True)
        guard(steps, "zendesk", lambda key: set(), allow_widen=False)
        assert (steps[0].action == "refused") is refused, new
    steps = zd.plan({"hijack": body}, {}, [admin], {"hijack": 9600},
                    {"hijack": "Refund override (managers only)"}, allow_takeover=True)
    guard(steps, "zendesk", lambda key: set(), allow_widen=True)
    assert steps[0].action == "update"
    assert "WIDENS OR CHANGES WHO SEES IT: restriction Group [1] -> anyone" in steps[0].why


def test_every_copy_of_a_keyed_macro_follows_its_snippet() -> None:
    """rt17b 7: a macro cloned in Zendesk carries the key too; it is updated, and
    deactivated with the original."""
    from handbook.helpdesk import sync_zendesk as zd

    macro = {"id": 1, "title": "Handbook::A", "active": True, "description": "[handbook:a]",
             "actions": [], "restriction": None}
    clone = {**macro, "id": 2, "actions": [{"field": "status", "value": "open"}]}
    body = {"macro": {k: macro[k] for k in zd.FIELDS}}
    steps = zd.plan({"a": body}, {}, [macro, clone])
    assert [(s.action, s.helpdesk_id) for s in steps] == [("unchanged", 1), ("update", 2)]
    assert "a copy of macro 1" in steps[1].why
    assert [(s.action, s.helpdesk_id) for s in zd.plan({}, {}, [macro, clone])] == [
        ("deactivate", 1), ("deactivate", 2)]


def test_ids_two_snippets_claim_are_check_errors(project: Path, stand_in: StandIn) -> None:
    for ident in ("order-shipped", "order-late"):
        path = project / "playbooks/snippets" / f"{ident}.yml"
        path.write_text(path.read_text("utf-8").replace(
            "zendesk:\n", "helpscout: {id: 3}\nzendesk:\n  ids: {email: 8001}\n"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    assert result.exit_code == 1
    assert "snippet 'order-shipped' records zendesk id 8001, which snippet 'order-late'" \
        in result.output
    assert "records helpscout id 3, which snippet 'order-late' records too" in result.output
    for helpdesk in ("zendesk", "helpscout"):  # rt17c 6: sync refuses while check errs
        output = sync(project, stand_in, helpdesk, "--apply", code=1)
        assert "problems in the snippets and trees: run `handbook check`" in output
    assert stand_in.requests == []


def test_helpscout_429_waits_per_x_ratelimit_retry_after(project: Path, stand_in: StandIn,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    """rt17b 6: Help Scout's Mailbox API 2.0 says when to retry in X-RateLimit-Retry-After;
    Retry-After may be an HTTP date."""
    from email.utils import formatdate

    from handbook.helpdesk import http

    waits: list[float] = []
    monkeypatch.setattr(http, "sleep", waits.append)
    stand_in.forced = [(429, {}, {"X-RateLimit-Retry-After": "30"})] * 2
    assert "2 create" in sync(project, stand_in, "helpscout", "--apply")
    assert waits == [30.0, 30.0] and len(stand_in.replies) == 2
    exc = http.urllib.error.HTTPError("u", 429, "Too Many", {"Retry-After": formatdate(
        1_000_060, usegmt=True)}, None)
    assert http._retry_after(exc, now=1_000_000) == 60.0
    exc.headers = {"Retry-After": formatdate(1_100_000, usegmt=True)}
    assert "asks for a longer wait" in str(http._retry_after(exc, now=1_000_000))
    exc.headers = {"Retry-After": "soon"}
    assert "neither seconds nor a date" in str(http._retry_after(exc))


def test_a_chat_reply_merged_at_import_is_named_as_such() -> None:
    """rt17b 9: "Password reset (chat)", merged into password-reset's chat variant, is not
    "no snippet has this saved reply" in every plan."""
    from handbook.helpdesk import sync_helpscout as hs

    desired = {"password-reset": {"name": "Password reset", "text": "x", "chatText": "y"}}
    merged = {"id": 7003, "name": "Password reset (chat)"}
    other = {"id": 7010, "name": "Refund (chat)"}
    steps = hs.plan(desired, {}, [merged, other])
    lines = {s.helpdesk_id: s.why for s in steps if s.action == "unmatched"}
    assert "snippet 'password-reset''s chat variant now" in lines[7003]
    assert "no snippet has" in lines[7010]
    assert "no snippet has" in hs.plan({"password-reset": {"name": "Password reset",
                                                           "text": "x"}}, {}, [merged])[1].why


def test_imported_macros_of_one_title_in_other_categories_are_updated_in_place(
        project: Path, stand_in: StandIn) -> None:
    """rt17c 2: Billing::Refund, Shop::Refund and Refund keep their titles (no "(2)"), and
    language twins ("(es)", "(ES)") get the counter before the marker, never the marker twice;
    the first sync trusts each recorded macro by the title it was imported with."""
    import json

    files = Path(__file__).resolve().parent / "helpdesk_files/rt17c"
    macros = []
    for name in ("zd_same.json", "zd_lang.json"):
        doc = json.loads((files / name).read_text("utf-8"))
        macros += doc["macros"] if isinstance(doc, dict) else doc
        result = CliRunner().invoke(main, ["import", "zendesk", str(files / name), "-C",
                                           str(project)])
        assert result.exit_code == 0, result.output
    for macro in macros:
        stand_in.macros[macro["id"]] = {**macro, "description": None, "restriction": None}
    output = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    created = [line for line in output.splitlines() if line.startswith("create ")]
    assert [line.split()[1] for line in created] == [  # the fixture's own snippets only
        "order-late", "order-late.chat", "order-shipped", "order-shipped.chat"], output
    assert {m["title"] for m in stand_in.macros.values()} >= {
        "Billing::Refund", "Shop::Refund", "Refund", "Billing::Refund issued (es)",
        "Billing::Refund issued (ES)"}
    # rt17d 5: the first sync after the import renames nothing.
    assert {m["id"]: m["title"] for m in macros} == {
        m["id"]: stand_in.macros[m["id"]]["title"] for m in macros}
    assert not [m["title"] for m in stand_in.macros.values() if "(2)" in m["title"]
                and m["title"].count("(ES)") + m["title"].count("(DE)") > 1]
    assert all(KEY_MARK_RE.search(m["description"]) for m in stand_in.macros.values())
    assert len(stand_in.macros) == len(macros) + len(created)
    assert " 0 update" in sync(project, stand_in, "zendesk", "--apply").replace(",", "")


def test_a_saved_reply_is_trusted_by_the_name_it_was_imported_with(project: Path,
                                                                   stand_in: StandIn) -> None:
    """rt17c 2, Help Scout: a snippet retitled at import ("Order shipped (2)") still updates
    the saved reply whose id and name it recorded; another name is not taken over."""
    stand_in.replies = {5: {"name": "Order shipped", "text": "old"}}
    write(project, "order-shipped-2", "Order shipped (2)")
    path = project / "playbooks/snippets/order-shipped-2.yml"
    text = path.read_text("utf-8").replace("zendesk:\n", "helpscout: {id: 5, title: Order "
                                           "shipped}\nzendesk:\n")
    path.write_text(text, "utf-8")
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    plan = sync(project, stand_in, "helpscout", "--allow-takeover")
    # Sent with import's number (rt17e 4: Help Scout tells replies apart by name).
    assert "update     order-shipped-2 (id 5) 'Order shipped (2)': changed: name, text" in plan
    assert "renames 'Order shipped'" in plan
    path.write_text(text.replace("title: Order shipped}", "title: Someone else}"), "utf-8")
    plan = sync(project, stand_in, "helpscout")
    assert ("refused    order-shipped-2 'Order shipped (2)': helpscout.id names saved reply 5, "
            "'Order shipped': its name is not the one it was imported with ('Someone else')"
            ) in plan
    path.write_text(text.replace(", title: Order shipped}", "}"), "utf-8")  # rt17c 6
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert "no import recorded it for this snippet (helpscout.title is missing)" in out
    assert stand_in.replies[5] == {"name": "Order shipped", "text": "old"}


def test_a_snippet_holding_only_the_list_preview_never_overwrites_the_reply() -> None:
    """rt17c 1: a snippet whose text is the saved reply's list preview (an import of the list
    shape) would cut the reply down to it: sync refuses that update and sends nothing."""
    from handbook.helpdesk import sync_helpscout as hs
    from handbook.helpdesk.plan import run, summary

    preview = "Hi there. Out of stock items are typically available again within 3-4 weeks."
    current = {"id": 345678, "name": "Out of stock", "preview": preview, "chatText": "chat",
               "text": preview + "<br>Your order {%conversation.number%}: <a href=x>here</a>"}
    body = {"name": "Out of stock", "text": f"<p>{preview}</p>", "chatText": ""}
    (step,) = hs.plan({"out-of-stock": body}, {"out-of-stock": current})
    assert step.action == "refused" and "list preview" in step.why
    assert summary([step]) == "0 create, 0 update, 0 deactivate, 0 unchanged, 1 refused"
    run([step], lambda s: pytest.fail("nothing is sent"))
    body["text"] = f"<p>{preview} And more.</p>"
    (step,) = hs.plan({"out-of-stock": body}, {"out-of-stock": current})
    assert step.action == "update"
