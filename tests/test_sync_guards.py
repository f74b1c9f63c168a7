"""What `handbook sync` refuses unless told (issue 17, rt17c 5 and 6), and a renamed
snippet's Help Scout reply (no key field) renamed in place, against the local stand-in,
which checks every body sent against the documented fields; each case ends with a second
run that changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_sync as base
from click.testing import CliRunner
from helpdesk_standin import StandIn

from handbook.cli import main

sync, write = base.sync, base.write


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return base.make_project(tmp_path)


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    yield server
    server.close()


def imported(project: Path, helpdesk: str, items: list[dict]) -> None:
    """`handbook import` of `items`, as the helpdesk's API returns them."""
    path = project / f"{helpdesk}.json"
    path.write_text(json.dumps({"macros": items} if helpdesk == "zendesk" else items), "utf-8")
    result = CliRunner().invoke(main, ["import", helpdesk, str(path), "-C", str(project)])
    assert result.exit_code == 0, result.output


def settle(project: Path, stand_in: StandIn, helpdesk: str, *args: str) -> None:
    """A second run changes nothing: no write, every step unchanged."""
    writes = len(stand_in.writes())
    out = sync(project, stand_in, helpdesk, "--apply", *args)
    assert " 0 create, 0 update, 0 deactivate," in f" {out.splitlines()[-1]}", out
    assert "refused" not in out and len(stand_in.writes()) == writes


def map_variables(project: Path, lines: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("  - handbook:\n", "  - handbook:\n      helpdesk_variables:"
                                   f"\n{lines}", 1), "utf-8")


def test_helpscout_variables_import_cannot_map_are_not_lost_silently(
        project: Path, stand_in: StandIn) -> None:
    """rt17c 5: a sync right after import would turn {%customer.address%} into a gap."""
    reply = {"id": 8003, "name": "Shipping time",
             "text": "We ship in 3 days to {%customer.address%}."}
    stand_in.replies = {8003: {k: v for k, v in reply.items() if k != "id"}}
    imported(project, "helpscout", [reply])
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-takeover", code=1)
    line = next(ln for ln in out.splitlines() if ln.startswith("refused "))
    assert line.startswith("refused    shipping-time (id 8003) 'Shipping time': would remove "
                           "{%customer.address%} (the helpdesk fills it in;")
    assert ("helpdesk_variables: {helpscout: {customer_address: customer.address}}; to remove "
            "on purpose, run with --allow-variable-loss") in line
    assert "1 step(s) refused and not sent" in out
    assert stand_in.replies[8003]["text"] == reply["text"]  # nothing sent for it
    settle_plan = sync(project, stand_in, "helpscout")  # the others were applied
    assert "2 unchanged, 1 refused" in settle_plan  # recorded: no flag needed now
    map_variables(project, "        helpscout: {customer_address: customer.address}\n")
    assert "1 update" in sync(project, stand_in, "helpscout", "--apply")
    assert "{%customer.address,fallback=%}" in stand_in.replies[8003]["text"]
    settle(project, stand_in, "helpscout")


def test_zendesk_placeholders_lost_only_with_the_flag(project: Path,
                                                       stand_in: StandIn) -> None:
    """rt17c 5, Zendesk: {{ticket.url}} and dynamic content {{dc.returns}} are named per
    macro; --allow-variable-loss sends the gaps and says so."""
    macro = {"id": 70, "title": "Shipping::Where is it", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html", "value":
                                               "<p>See {{ticket.url}}. {{dc.returns}}</p>"}]}
    stand_in.macros[70] = dict(macro)
    imported(project, "zendesk", [macro])
    out = sync(project, stand_in, "zendesk", "--allow-takeover")  # a dry run refusing exits 0
    assert "would remove {{dc.returns}}, {{ticket.url}}" in out
    assert "{zendesk: {returns: dc.returns, ticket_url: ticket.url}}" in out
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover", code=1)
    assert stand_in.macros[70]["actions"] == macro["actions"]
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-variable-loss",
               "--allow-takeover")
    assert ("update     where-is-it (id 70) 'Shipping::Where is it': taken over the macro "
            "the import read (zendesk.fingerprints), unchanged since") in out
    assert "REMOVES {{dc.returns}}, {{ticket.url}} (--allow-variable-loss)" in out
    html = next(a["value"] for a in stand_in.macros[70]["actions"]
                if a["field"] == "comment_value_html")
    assert "{{" not in html and "[Ticket url]" in html
    settle(project, stand_in, "zendesk")


def test_a_copied_title_takes_nothing_over_and_widening_needs_the_flag(
        project: Path, stand_in: StandIn) -> None:
    """rt17c 6: hijack.yml copies a restricted macro's title and records its id by hand;
    hijack2.yml does the same with a saved reply. Neither is taken over, and an imported
    macro whose snippet drops its restriction is opened only with --allow-widen."""
    admin = {"id": 9600, "title": "Admin::Refund override (managers only)", "active": True,
             "description": "For managers", "restriction": {"type": "Group", "ids": [1]},
             "actions": [{"field": "comment_value", "value": "Approved by a manager."}]}
    stand_in.macros[9600] = dict(admin)
    stand_in.replies = {7600: {"name": "Bank details", "text": "Our IBAN is on the invoice."}}
    snippets = project / "playbooks/snippets"
    write(project, "hijack", "Refund override (managers only)")
    path = snippets / "hijack.yml"
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", "zendesk:\n  ids: {email: "
                                                    "9600}\n  category: Admin\n"), "utf-8")
    write(project, "hijack2", "Bank details")
    path2 = snippets / "hijack2.yml"
    path2.write_text(path2.read_text("utf-8").replace("zendesk:\n", "helpscout: {id: 7600}\n"
                                                      "zendesk:\n"), "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert ("refused    hijack (id 9600) 'Admin::Refund override (managers only)': zendesk.ids "
            "names macro 9600") in out
    assert stand_in.macros[9600] == admin
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert "refused    hijack2 'Bank details': helpscout.id names saved reply 7600" in out
    assert stand_in.replies[7600]["text"] == "Our IBAN is on the invoice."
    assert len(stand_in.replies) == 4  # 7600, the fixture's two and hijack: none for hijack2
    # Imported for real, the macro is updated in place, but not opened to everyone unasked.
    path.unlink()
    path2.unlink()
    imported(project, "zendesk", [admin])
    written = snippets / "refund-override-managers-only.yml"
    text = written.read_text("utf-8")
    assert "restriction:" in text
    written.write_text(_without_restriction(text), "utf-8")
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover", code=1)
    assert "widens who may use it (restriction Group [1] -> everyone)" in out
    assert stand_in.macros[9600]["restriction"] == {"type": "Group", "ids": [1]}
    written.write_text(text, "utf-8")
    assert "1 update" in sync(project, stand_in, "zendesk", "--apply", "--allow-takeover")
    assert stand_in.macros[9600]["restriction"] == {"type": "Group", "ids": [1]}
    # rt17d 8: the team's description stays (import read it into the summary); the key
    # goes on the line after it.
    assert stand_in.macros[9600]["description"] == ("For managers\n"
                                                    "[handbook:refund-override-managers-only]")
    settle(project, stand_in, "zendesk")


def _without_restriction(text: str) -> str:
    """The imported snippet file with its zendesk: block's restriction (the lines up to the
    block's next key, ids:) taken out."""
    head, rest = text.split("  restriction:\n", 1)
    return head + "  ids:\n" + rest.split("\n  ids:\n", 1)[1]


def test_a_renamed_snippets_saved_reply_is_renamed_in_place(project: Path,
                                                             stand_in: StandIn) -> None:
    """Help Scout has no key field: a snippet renamed with its old id in aliases finds the
    reply sync recorded for that id (helpscout-sync.json); title-only renames too."""
    sync(project, stand_in, "helpscout", "--apply")
    ids = {r["name"]: i for i, r in stand_in.replies.items()}
    (project / "playbooks/snippets/order-shipped.yml").unlink()
    write(project, "order-dispatched", "Order dispatched", aliases="[order-shipped]")
    late = project / "playbooks/snippets/order-late.yml"
    late.write_text(late.read_text("utf-8").replace("title: Order late", "title: Order delayed"),
                    "utf-8")
    out = sync(project, stand_in, "helpscout", "--apply")
    assert "0 create, 2 update, 0 deactivate, 0 unchanged" in out and "unmatched" not in out
    assert (f"update     order-dispatched (id {ids['Order shipped']}) 'Order dispatched': "
            "changed: name; renames 'Order shipped'") in out
    assert {r["name"]: i for i, r in stand_in.replies.items()} == {
        "Order dispatched": ids["Order shipped"], "Order delayed": ids["Order late"]}
    settle(project, stand_in, "helpscout")


@pytest.mark.parametrize("odd", [
    {"restriction": {"type": "Group", "ids": 1}},
    {"restriction": {"type": "Group", "ids": "1"}},
    {"restriction": "Group"},
    {"actions": {"field": "comment_value"}},
    {"actions": 5, "macro": 3},
    {"actions": [{"field": "comment_value", "value": 5}, "x", None]},
    {"title": None, "description": 7},
    {"id": None},
])
def test_odd_macros_in_the_listing_give_a_plan_or_one_line(project: Path, stand_in: StandIn,
                                                            odd: dict) -> None:
    """rt17c 5 of the brief: every failure is one line, never a traceback, whatever shape a
    macro the helpdesk lists has (the key, a recorded id, or neither)."""
    macro = {"id": 9, "title": "Shipping::Order shipped", "active": True,
             "description": "[handbook:order-shipped]", "restriction": None,
             "actions": [{"field": "comment_value", "value": "{{ticket.url}}"}]}
    stand_in.macros[9] = {**macro, **odd}
    stand_in.macros[10] = {**macro, "id": 10, "description": None, **odd}
    path = project / "playbooks/snippets/order-late.yml"
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", "zendesk:\n  ids: {email: "
                                                    "10}\n  title: Shipping::Order shipped\n"),
                    "utf-8")
    for args in (("--apply",), ("--apply", "--allow-widen", "--allow-variable-loss")):
        result = CliRunner().invoke(main, ["sync", "zendesk", "--url", stand_in.url, "-C",
                                           str(project), *args],
                                    env={"ZENDESK_EMAIL": base.EMAIL,
                                         "ZENDESK_API_TOKEN": base.TOKEN})
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, result.exception)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output
        if result.exit_code:
            assert result.output.count("Error: ") == 1, result.output


def test_odd_saved_replies_give_a_plan_or_one_line(project: Path, stand_in: StandIn) -> None:
    stand_in.replies = {5: {"name": None, "text": 5, "chatText": ["x"]},
                        6: {"name": "Order late", "text": None, "chatText": {"a": 1}}}
    path = project / "playbooks/snippets/order-shipped.yml"
    path.write_text(path.read_text("utf-8").replace("zendesk:\n", "helpscout: {id: 5, title: "
                                                    "x}\nzendesk:\n"), "utf-8")
    out = sync(project, stand_in, "helpscout", "--apply", code=1)
    assert "refused    order-shipped 'Order shipped': helpscout.id names saved reply 5" in out
    assert "refused    order-late 'Order late': saved reply 6, 'Order late', matches by " \
        "name only" in out
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-name-takeover", code=1)
    assert "update     order-late (id 6) 'Order late': changed: text, chatText (matched by " \
        "name, taken over: --allow-name-takeover)" in out
    assert stand_in.replies[5]["text"] == 5


@pytest.mark.parametrize("url", ["notaurl", "ftp://x.example", "http://[::1",
                                 "http://127.0.0.1:99999", "https://", "http://a b.example"])
def test_an_address_that_is_no_api_is_one_line(project: Path, stand_in: StandIn,
                                                url: str) -> None:
    for helpdesk in ("zendesk", "helpscout"):
        result = CliRunner().invoke(main, ["sync", helpdesk, "--url", url, "-C", str(project)],
                                    env={"ZENDESK_EMAIL": base.EMAIL, "HELPSCOUT_MAILBOX": "4",
                                         "ZENDESK_API_TOKEN": base.TOKEN,
                                         "HELPSCOUT_TOKEN": base.BEARER})
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert result.output == (f"Error: --url: '{url}' is not the address of an API: give "
                                 "it as https://acme.zendesk.com or https://api.helpscout.net\n")


def test_a_page_link_to_another_host_is_not_followed(project: Path, stand_in: StandIn) -> None:
    """The token goes only to the --url host, whatever links.next says."""
    stand_in.forced_get = [(200, {"macros": [], "meta": {"has_more": True},
                                  "links": {"next": "https://elsewhere.example/api/v2/macros"}},
                            {})]
    out = sync(project, stand_in, "zendesk", code=1)
    assert "links.next, https://elsewhere.example/api/v2/macros, is on another host" in out


def test_an_answer_that_breaks_off_is_one_line(project: Path) -> None:
    """A server that closes the connection in the middle of its answer."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 500\r\n\r\n{\"macros\": [")
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        result = CliRunner().invoke(main, [
            "sync", "zendesk", "--url", f"http://127.0.0.1:{listener.getsockname()[1]}", "-C",
            str(project)], env={"ZENDESK_EMAIL": base.EMAIL, "ZENDESK_API_TOKEN": base.TOKEN})
    finally:
        thread.join(timeout=10)
        listener.close()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "the answer broke off (IncompleteRead): run sync again" in result.output


@pytest.mark.parametrize("helpdesk,path", [("zendesk", "/api/v2/macros"),
                                           ("helpscout", "/v2/mailboxes/42/saved-replies")])
def test_a_redirect_is_not_followed_with_the_token(project: Path, stand_in: StandIn,
                                                   helpdesk: str, path: str) -> None:
    """rt17d 4: urllib would resend Authorization to the Location's host (here the same
    server under another name); sync stops at the redirect instead, with one line."""
    elsewhere = stand_in.url.replace("127.0.0.1", "localhost") + path
    stand_in.forced_get = [(302, None, {"Location": elsewhere})]
    out = sync(project, stand_in, helpdesk, "--apply", code=1)
    assert f"HTTP 302 Found, a redirect to {elsewhere}: not followed (the token goes only to " \
           "the --url host)" in out
    assert len(stand_in.requests) == 1  # the redirect's target was never asked
    assert out.count("\n") == 1


def test_the_sample_job_syncs_the_commit_that_was_published() -> None:
    """rt17d 16: checked out without a ref, the job after a publish syncs the branch's
    newest commit, which a push during the publish may have left unpublished."""
    import yaml

    job = yaml.safe_load((Path(__file__).parents[1] / ".github/workflows/helpdesk-sync.yml")
                         .read_text(encoding="utf-8"))["jobs"]["sync"]
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith(
        "actions/checkout@"))
    assert checkout["with"]["ref"].startswith("${{ github.event.workflow_run.head_sha ")


def test_zendesk_liquid_logic_is_not_dropped_silently(project: Path, stand_in: StandIn) -> None:
    """rt17d 7: a macro whose text chooses or computes (a case on the locale, a date filter,
    an assign) is imported as required gaps; the update that would replace that Liquid with
    the snippet's text is refused, naming it, and sent only with --allow-variable-loss."""
    text = ("<p>{% case ticket.requester.locale %}{% when 'de' %}Hallo{% else %}Hello"
            "{% endcase %}, today is {{ 'now' | date: '%Y-%m-%d' }}.</p>")
    macro = {"id": 71, "title": "Greeting::Dated", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html", "value": text}]}
    stand_in.macros[71] = dict(macro)
    imported(project, "zendesk", [macro])
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover", code=1)
    assert "would drop Liquid the snippet can't hold (" in out
    assert "'{% case ticket.requester.locale %}{% when 'de' %}" in out
    assert "'{{ 'now' | date: '%Y-%m-%d' }}'" in out
    assert stand_in.macros[71]["actions"] == macro["actions"]
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-takeover",
               "--allow-variable-loss")
    assert "DROPS the Liquid '{% case ticket.requester.locale %}" in out
    sent = next(a["value"] for a in stand_in.macros[71]["actions"]
                if a["field"] == "comment_value_html")
    assert "{%" not in sent
    settle(project, stand_in, "zendesk")


def test_an_else_greeting_is_not_replaced_unasked(project: Path, stand_in: StandIn) -> None:
    """Issue 17, item 7 after rt17d: "Hi {{x}}," else "Hello," can't be a fallback (it
    replaces only the name), so the snippet says "Hi [[first_name]],", required; the update
    that would make Zendesk say "Hi ," to a customer without a first name is refused, naming
    the Liquid, and sent only with --allow-variable-loss."""
    block = ("{% if ticket.requester.first_name %}Hi {{ticket.requester.first_name}},"
             "{% else %}Hello,{% endif %}")
    macro = {"id": 72, "title": "Greeting::Hello", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html",
                                               "value": f"<p>{block}</p><p>Thanks.</p>"}]}
    stand_in.macros[72] = dict(macro)
    imported(project, "zendesk", [macro])
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    assert "would drop Liquid the snippet can't hold ('{% if ticket.requester.first_name %}Hi" \
        in out
    assert stand_in.macros[72]["actions"] == macro["actions"]
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-variable-loss")
    assert "DROPS the Liquid '{% if ticket.requester.first_name %}Hi" in out
    sent = next(a["value"] for a in stand_in.macros[72]["actions"]
                if a["field"] == "comment_value_html")
    assert sent == "<p>Hi {{ticket.requester.first_name}},</p>\n<p>Thanks.</p>"
    settle(project, stand_in, "zendesk")
