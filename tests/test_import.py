"""`handbook import`: small files in each format (written for these tests: HTML, dynamic
content, actions, an internal note, two languages, a channel pair, agent-typed gaps) become
snippets that pass `handbook check`, the report names what was not carried, nothing is
overwritten, and the exports carry the helpdesk's fields back out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.core.models import Snippet
from handbook.core.yamlio import load
from handbook.helpdesk.records import split_title
from handbook.helpdesk.text import back, convert
from handbook.render.exports import helpscout_reply, zendesk_macro

FILES = Path(__file__).resolve().parent / "helpdesk_files"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("import") / "project")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def snippet(project: Path, ident: str) -> Snippet:
    data, _lines = load((project / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))
    return Snippet.model_validate(data)


def written(output: str) -> list[str]:
    return [line.split("/")[-1].removesuffix(".yml") for line in output.splitlines()
            if line.startswith("wrote ")]


def check_lines(project: Path, idents: list[str]) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    return [line for line in result.output.splitlines()
            if any(f"snippets/{i}.yml" in line for i in idents)]


def test_zendesk_json_round_trip(project: Path) -> None:
    before = sorted(p.name for p in (project / "playbooks/snippets").iterdir())
    dry = run("import", "zendesk", str(FILES / "zendesk-macros.json"), "--dry-run",
              "-C", str(project))
    assert "would write playbooks/snippets/escalate-internal.yml" in dry
    assert sorted(p.name for p in (project / "playbooks/snippets").iterdir()) == before
    output = run("import", "zendesk", str(FILES / "zendesk-macros.json"), "-C", str(project))
    idents = written(output)
    # The channel pair is one snippet; the Russian macro one of its own.
    assert len(idents) == 3, output
    assert check_lines(project, idents) == []
    refund = snippet(project, next(i for i in idents if i.startswith("refund-approved")))
    assert set(refund.variants) == {"email", "chat"} and refund.tags == ["billing"]
    assert refund.placeholders["amount"].required and refund.placeholders["fill_in"].required
    assert "**[[amount]]**" in refund.variants["email"]
    assert "[refunds](https://example.com/r)" in refund.variants["email"]
    macro = zendesk_macro(refund, "email")["macro"]
    actions = {a["field"]: a["value"] for a in macro["actions"]}
    assert actions["status"] == "solved" and actions["current_tags"] == "refund"
    assert "{{ticket.requester.first_name}}" in actions["comment_value_html"]
    assert "<strong>[Amount]</strong>" in actions["comment_value_html"]
    assert macro["restriction"] == {"type": "Group", "ids": [5]}
    note = snippet(project, "escalate-internal")
    assert note.zendesk.public is False
    assert zendesk_macro(note, "email")["macro"]["actions"][1] == {
        "field": "comment_mode_is_public", "value": False}
    russian = snippet(project, next(i for i in idents if i.endswith("-ru")))
    assert russian.language == "ru" and russian.subject == "Возврат"
    assert "Вернули [[" in russian.variants["email"]
    # The report, per macro: every action, variable and template it could not carry.
    assert "action 'notification_user'" in output
    assert "dynamic content '{{dc.escalation_note}}'" in output
    assert "Liquid code '{% if ticket.priority == 'urgent' %}' was taken out" in output
    assert "'{{current_user.name}}' has no mapping" in output


def test_import_never_overwrites(project: Path, tmp_path: Path) -> None:
    target = project / "playbooks/snippets/password-reset.yml"
    target.write_text("mine\n", encoding="utf-8")
    output = run("import", "helpscout", str(FILES / "helpscout-saved-replies.json"),
                 "-C", str(project))
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert "wrote playbooks/snippets/password-reset-2.yml" in output
    target.unlink()
    reset = snippet(project, "password-reset-2")
    assert reset.placeholders["first_name"].fallback == "there"
    assert reset.placeholders["agent_name"].required  # an empty fallback: the agent fills it
    assert "[this link](https://example.com/reset)" in reset.variants["email"]
    assert reset.variants["chat"].startswith("Hi [[first_name]]!")
    body = helpscout_reply(reset)
    assert body["chatText"].startswith("Hi {%customer.firstName,fallback=there%}!")
    assert '<a href="https://example.com/reset">this link</a>' in body["text"]
    assert "holds only a preview" in output
    assert check_lines(project, ["password-reset-2", "sale-on"]) == []


def test_zendesk_csv_and_plain_csv(project: Path) -> None:
    output = run("import", "zendesk", str(FILES / "zendesk-macros.csv"), "-C", str(project))
    (late,) = written(output)
    order = snippet(project, late)
    assert set(order.variants) == {"email", "chat"} and order.tags == ["shipping"]
    assert order.placeholders["order_number"].required
    assert [a.field for a in order.zendesk.actions] == ["status", "current_tags", "follower"]
    output = run("import", "csv", str(FILES / "replies.csv"), "-C", str(project))
    idents = written(output)
    assert len(idents) == 2
    english, russian = (snippet(project, i) for i in idents)
    assert english.language == "en" and russian.language == "ru"
    assert english.tags == ["onboarding", "greetings"] and english.subject == "Welcome"
    assert english.placeholders["first_name"].required
    assert "column 'colour' is not one of" in output
    assert check_lines(project, [late, *idents]) == []


def test_unreadable_files_are_one_line(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(bad), "-C", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{bad}: not JSON" in result.output


@pytest.mark.parametrize(("raw", "expected"), [
    ("Billing::Refunds::Approved (chat)", ("Approved", ["billing", "refunds"], "chat", None)),
    ("Возврат одобрен (RU)", ("Возврат одобрен", [], None, "ru")),
    ("Welcome [pt-BR] (email)", ("Welcome", [], "email", "pt-BR")),
    ("Plain", ("Plain", [], None, None)),
])
def test_titles_give_categories_channel_and_language(raw: str, expected: tuple) -> None:
    assert split_title(raw) == expected


def test_gaps_and_variables_become_placeholders() -> None:
    result = convert("Hi {%customer.firstName,fallback=there%}, [AMOUNT] on XXXX "
                     "[see below] {{ticket.id}}", html=False)
    assert result.markdown == ("Hi [[first_name]], [[amount]] on [[fill_in]] [see below] "
                               "[[ticket_id]]")
    assert result.placeholders["first_name"].fallback == "there"
    assert all(result.placeholders[n].fallback is None
               for n in ("amount", "fill_in", "ticket_id"))
    assert result.dropped == []


def test_mapped_custom_fields_come_back_as_their_placeholders() -> None:
    tables = back({"order_number": "ticket.ticket_field_7"}, {"order_number": "conversation.no"})
    zendesk = convert("Order {{ticket.ticket_field_7}}.", html=False, tables=tables)
    assert zendesk.markdown == "Order [[order_number]]." and zendesk.dropped == []
    assert zendesk.placeholders["order_number"].label == "Order number"
    helpscout = convert("Order {%conversation.no,fallback=yours%}.", html=False, tables=tables)
    assert helpscout.markdown == "Order [[order_number]]."
    assert helpscout.placeholders["order_number"].fallback == "yours"
