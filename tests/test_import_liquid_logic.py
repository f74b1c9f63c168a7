"""Liquid that does more than fill in a name (issue 17, rt17d items 7 and 11): a filter, an
assigned name, a case on the locale, an if on the brand, an output that is no variable, an
unclosed block. Import makes each a visible required gap with a report line naming the
Liquid, never `{ {…} }` text or one branch frozen in; `liquid.logic` names what an update
would drop (sync's guard); check warns on spaced braces around anything. Input:
helpdesk_files/rt17e/logic.json, written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.helpdesk.liquid import logic
from handbook.helpdesk.sources import zendesk_json
from handbook.helpdesk.text import Converted, convert

FILE = Path(__file__).resolve().parent / "helpdesk_files" / "rt17e" / "logic.json"


def replies() -> dict[str, str]:
    return {r.title: r.text for r in zendesk_json(FILE.read_text("utf-8"))}


def form(title: str) -> Converted:
    return convert(replies()[f"{title}"], html=False, plain=True)


@pytest.mark.parametrize(("title", "text", "name", "label", "quoted"), [
    ("Date", "Sat. [[date]] today", "date", "Date", "{{ 'now' | date: '%Y-%m-%d' }}"),
    ("Assign", "Hi [[first_name]], thanks.", "first_name", "First name", "{{n}}"),
    ("Bad variable", "Dear [[customer_name]], thanks.", "customer_name", "Customer name",
     "{{Customer Name}}"),
])
def test_an_output_that_is_no_variable_is_a_labelled_required_gap(
        title: str, text: str, name: str, label: str, quoted: str) -> None:
    out = form(title)
    assert out.markdown == text
    assert out.placeholders[name].label == label and out.placeholders[name].fallback is None
    assert any(f"Liquid '{quoted}' is no variable a snippet holds" in line
               for line in out.dropped)


def test_a_gap_named_as_a_mapped_placeholder_is_reported() -> None:
    assert any("became [[first_name]], a placeholder the helpdesk fills in itself" in line
               for line in form("Assign").dropped)


@pytest.mark.parametrize(("title", "name", "cases"), [
    ("Locale", "ticket_requester_locale", ["Hallo (when", "Bonjour (when", "else Hello"]),
    ("Brand", "ticket_brand_name", ["Acme team (when ticket.brand.name == 'Acme')",
                                    "else Support team"]),
])
def test_a_choice_on_the_ticket_is_never_frozen_to_one_branch(
        title: str, name: str, cases: list[str]) -> None:
    out = form(title)
    assert f"[[{name}]]" in out.markdown and "Hello" not in out.markdown
    assert out.placeholders[name].fallback is None
    assert all(case in out.placeholders[name].label for case in cases)
    assert any(f"the required placeholder [[{name}]]" in line for line in out.dropped)


def test_an_unclosed_block_with_an_else_is_one_gap_to_its_paragraphs_end() -> None:
    out = form("Unclosed")
    assert out.markdown == "Hi [[liquid_block]]\n\nThe team."
    assert "there" not in out.markdown and "first_name" not in out.placeholders
    assert any("no {% endif %} closes it" in line for line in out.dropped)


def test_a_filter_other_than_default_is_reported() -> None:
    out = form("Upcase")
    assert out.markdown == "Order [[ticket_id]] is on its way."
    assert any("filter '| upcase' on 'ticket.id' was taken out" in line
               for line in out.dropped)


def test_logic_names_what_an_update_would_drop() -> None:
    texts = replies()
    assert logic(texts["Date"]) == ["{{ 'now' | date: '%Y-%m-%d' }}"]
    assert logic(texts["Assign"]) == ["{% assign n = ticket.requester.first_name %}",
                                            "{{n}}"]
    assert logic(texts["Brand"]) == ["{% if ticket.brand.name == 'Acme' %}Acme team"
                                            "{% else %}Support team{% endif %}"]
    assert logic(texts["Upcase"]) == ["{{ticket.id | upcase}}"]
    assert len(logic(texts["Locale"])) == 1
    # What a snippet holds and the exports write back is no logic.
    assert logic("Hi {% if ticket.requester.first_name %}{{ticket.requester.first_name}}"
                 "{% else %}there{% endif %}, {{ticket.id | default: 'x'}}.") == []
    assert logic("{% comment %}note{% endcomment %}Plain text.") == []


def test_the_import_passes_check_and_holds_no_code(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["import", "zendesk", str(FILE), "-C", str(project)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert result.output.count("wrote ") == len(json.loads(FILE.read_text("utf-8"))["macros"])
    check = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    assert ": error:" not in check.output and "spaced apart" not in check.output, check.output
    for path in (project / "playbooks/snippets").glob("logic-*.yml"):
        text = path.read_text("utf-8")
        assert not any(code in text for code in ("{{", "{ {", "{%", "{ %")), path.name
        data = yaml.safe_load(text)
        assert all(p.get("fallback") is None for p in data.get("placeholders", {}).values()
                   if p.get("label", "").startswith(("Acme", "Hallo"))), path.name
