"""Liquid in imported Zendesk macros (issue 17, rt17c item 7), read by python-liquid's parser:
the common greeting forms become a placeholder with its fallback, what can't be one is a
visible required gap, each with a report line. Inputs: helpdesk_files/rt17d/liquid.json,
written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.helpdesk.sources import zendesk_json
from handbook.helpdesk.text import Converted, convert

FILE = Path(__file__).resolve().parent / "helpdesk_files" / "rt17d" / "liquid.json"


def form(title: str) -> Converted:
    (reply,) = [r for r in zendesk_json(FILE.read_text("utf-8")) if r.title == title]
    return convert(reply.text, reply.html, plain=True)


@pytest.mark.parametrize(("title", "text"), [
    ("Size", "Hi [[first_name]], thanks."),  # .size > 0
    ("Greeting", "Hi [[first_name]], thanks for waiting."),  # "Hi {{x}}," / "Hi there,"
    ("Elsif", "Hi [[first_name]], thanks."),
    ("Html else", "Hi [[first_name]], thanks."),  # <b>there</b>
    ("Capitals", "Hi [[first_name]], thanks."),  # {% IF %} … {% ENDIF %}
    ("Trimmed", "Hi [[first_name]], thanks."),  # {%- … -%} with spaces inside
])
def test_greeting_forms_become_the_name_with_its_fallback(title: str, text: str) -> None:
    out = form(title)
    assert out.markdown == text
    assert out.placeholders["first_name"].fallback == "there"
    assert "liquid_block" not in out.placeholders


def test_what_each_form_leaves_out_is_a_report_line() -> None:
    assert any("its elsif on ticket.requester.name was left out" in line
               for line in form("Elsif").dropped)
    assert any("'<b>there</b>', held HTML" in line for line in form("Html else").dropped)
    assert any("writes its tags in capitals, which Liquid does not read" in line
               for line in form("Capitals").dropped)


def test_an_else_text_that_is_no_fallback_leaves_the_name_required_and_says_so() -> None:
    out = form("Greeting word")  # "Hi {{x}}," / "Hello,"
    assert out.markdown == "Hi [[first_name]], thanks."
    assert out.placeholders["first_name"].fallback is None
    # Item 7 after rt17d: the line says exactly what the reply says instead.
    assert any("says 'Hello,' when ticket.requester.first_name is empty; a placeholder's "
               "fallback stands only for the name, so the snippet says 'Hi [[first_name]],' with "
               "the placeholder required: on the site Copy asks for it, and the exports and sync "
               "write 'Hi {{ticket.requester.first_name}},', which reads 'Hi ,' to a customer "
               "without one, not 'Hello,'" in line for line in out.dropped), out.dropped


def test_a_case_on_plain_texts_is_a_required_placeholder_naming_every_case() -> None:
    """rt17d 7: a case on the locale was frozen to its else text; the agent picks now."""
    out = form("Case")
    assert out.markdown == "[[ticket_requester_language]] [[first_name]]."
    choice = out.placeholders["ticket_requester_language"]
    assert choice.fallback is None
    assert "Hallo (when ticket.requester.language is 'de')" in choice.label
    assert "Bonjour" in choice.label and choice.label.endswith("else Hello")


def test_two_fallbacks_on_one_variable_each_read_as_written() -> None:
    out = form("Two fallbacks")
    assert out.markdown == "Hi [[first_name]], we refunded [[first_name_2]]."
    assert out.placeholders["first_name"].fallback == "there"
    assert out.placeholders["first_name_2"].fallback == "you"
    assert out.unmapped["first_name_2"] == "ticket.requester.first_name"


def test_broken_liquid_is_a_visible_gap_and_nothing_is_left_as_code() -> None:
    broken = form("Broken")
    assert broken.markdown == "Hi [[liquid_block]], thanks."
    assert broken.placeholders["liquid_block"].fallback is None
    # The gap agents see names what it depends on, never template code.
    assert broken.placeholders["liquid_block"].label == "Fill in (depends on first name)"
    assert any("Liquid can't read it" in line for line in broken.dropped)
    variable = form("Default variable")
    assert variable.markdown == "Hi [[first_name]], thanks." and "{ {" not in variable.markdown
    assert any("falls back on another variable, ticket.id" in line
               for line in variable.dropped)
    comment = form("Comment")
    assert comment.markdown == "Hi there." and comment.placeholders == {}


def test_the_import_of_every_form_passes_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["import", "zendesk", str(FILE), "-C", str(project)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert result.output.count("wrote ") == len(json.loads(FILE.read_text("utf-8"))["macros"])
    assert "first_name_2: ticket.requester.first_name" in result.output
    check = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    assert ": error:" not in check.output, check.output
    for path in (project / "playbooks/snippets").glob("*.yml"):
        text = path.read_text("utf-8")
        assert "{%" not in text and "{{" not in text, path.name


def test_a_block_never_closed_keeps_the_text_after_it() -> None:
    out = convert("Hi {% if ticket.requester.first_name %}{{ticket.requester.first_name}}, "
                  "your refund is on its way. Thanks, the team.", html=False)
    assert out.markdown == ("Hi [[liquid_block]][[first_name]], your refund is on its way. "
                            "Thanks, the team.")
    assert any("no {% endif %} closes it" in line for line in out.dropped)


def test_a_fallback_that_is_a_gap_makes_the_placeholder_required() -> None:
    out = convert("Hi {% if ticket.requester.first_name != empty %}"
                  "{{ticket.requester.first_name}}{% else %}[NAME]{% endif %}, thanks.",
                  html=False)
    assert out.markdown == "Hi [[first_name]], thanks."
    assert out.placeholders["first_name"].fallback is None
    assert any("'[NAME]' of [[first_name]] is itself a gap" in line for line in out.dropped)


def test_html_around_the_name_in_a_branch_keeps_the_fallback() -> None:
    name = "ticket.requester.first_name"
    out = convert(f"<p>{{% if {name} %}}Hi <b>{{{{{name}}}}}</b>,{{% else %}}Hi <b>there</b>,"
                  "{% endif %} ok</p>", html=True)
    assert out.markdown == "Hi **[[first_name]]**, ok"
    assert out.placeholders["first_name"].fallback == "there"
