"""check warns on gaps left for the agent to type over and on other helpdesks' variables in a
reply, with the line; real replies, links and placeholders are not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.core.reply_gaps import leftovers

GAPPY = """id: gappy
title: Gappy
owner: "@acme/support-leads"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  first_name: {label: First name, fallback: there}
variants:
  email: |
    Hi [[first_name]],

    We refunded [AMOUNT] on XXXXX.
    Your case is {!Case.Id}.
  chat: Hi ${Contact.FirstName}, see [the FAQ](https://example.com/faq).
"""


@pytest.mark.parametrize("text", [
    "Hi [[first_name]], see [the FAQ](https://example.com) and [docs][ref].",
    "[ref]: https://example.com/docs\n\n- [ ] a task",
    "Prices in [brackets] are lowercase; XXL and XL are sizes, 0x1F a number.",
    "Use 100% of it, 50%.",
])
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert leftovers(text) == []


def test_gaps_and_foreign_variables_are_named() -> None:
    found = [(item.offset, item.message.split("'")[1]) for item in leftovers(
        "[X] and [FIRST NAME] and XXXX, %ticket.subject% ${a.b} {!c.d}")]
    assert found == [(0, "[X]"), (8, "[FIRST NAME]"), (25, "XXXX"), (31, "%ticket.subject%"),
                     (48, "${a.b}"), (55, "{!c.d}")]


def test_check_warns_with_the_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", {"playbooks/snippets/gappy.yml": GAPPY})
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets/gappy.yml")])
    lines = [line for line in result.output.splitlines() if "gappy.yml:" in line]
    assert sorted(lines) == [
        "playbooks/snippets/gappy.yml:12:1: warning: snippet 'gappy': variant 'email' holds "
        "'XXXXX', a gap for the agent to type over (make it a placeholder, [[name]], "
        "declared with 'required: true')",
        "playbooks/snippets/gappy.yml:12:1: warning: snippet 'gappy': variant 'email' holds "
        "'[AMOUNT]', a gap for the agent to type over (make it a placeholder, [[amount]], "
        "declared with 'required: true')",
        "playbooks/snippets/gappy.yml:13:1: warning: snippet 'gappy': variant 'email' holds "
        "'{!Case.Id}', another helpdesk's variable, which would be sent as written (write a "
        "placeholder, [[name]]: the exports map it to each helpdesk's own variable)",
        "playbooks/snippets/gappy.yml:14:1: warning: snippet 'gappy': variant 'chat' holds "
        "'${Contact.FirstName}', another helpdesk's variable, which would be sent as written "
        "(write a placeholder, [[name]]: the exports map it to each helpdesk's own variable)",
    ], result.output


SUBJECT = GAPPY.replace("placeholders:\n  first_name: {label: First name, fallback: there}\n",
                        'subject: "Refund of [AMOUNT] for XXXX {%customer.firstName%}"\n'
                        "placeholders:\n  first_name: {label: First name, fallback: '[NAME]'}\n")


def test_check_reads_the_subject_and_fallbacks(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", {"playbooks/snippets/gappy.yml": SUBJECT})
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets/gappy.yml")])
    out = result.output
    assert "gappy.yml:6:1: error: snippet 'gappy': the subject holds helpdesk template code" in out
    assert "the subject holds '[AMOUNT]', a gap" in out and "the subject holds 'XXXX'" in out
    assert "the fallback of placeholder 'first_name' holds '[NAME]', a gap" in out


@pytest.mark.parametrize("gap", [
    "[Order number]", "[order number]", "[customer name]", "[insert date]", "[Fill in]",
    "₹XX.XX", "CHF XX.XX", "XX,XX €", "______", "\\_\\_\\_\\_", "#ORDER#"])
def test_the_exports_own_gap_form_and_common_real_ones_are_found(gap: str) -> None:
    """rt17b 3: in a reply, a subject or a fallback alike (all go through leftovers)."""
    (found,) = leftovers(f"Re: {gap} is due.")
    assert gap in found.message


@pytest.mark.parametrize("text", ["[see below]", "[the FAQ](https://x.example)", "snake_case",
                                  "a __init__ file", "CHF 12.50", "[[order_number]]"])
def test_text_that_looks_like_a_gap_is_not_one(text: str) -> None:
    assert leftovers(text) == []


def test_import_makes_the_new_gap_forms_placeholders() -> None:
    from handbook.helpdesk.text import convert

    out = convert("<p>Pay ₹XX.XX by [insert date] for [Order number]: ______</p>", html=True)
    assert out.markdown.count("[[") == 4 and all(
        p.fallback is None for p in out.placeholders.values())
    assert out.placeholders["amount"].label == "Amount"
