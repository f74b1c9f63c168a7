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


# -- rt17c 8: gap forms check and import missed; one definition (reply_gaps.gaps) ----------
@pytest.mark.parametrize(("gap", "label"), [
    ("[ AMOUNT ]", "AMOUNT"), ("[ ORDER ]", "ORDER"), ("[Tracking URL]", "Tracking URL"),
    ("[customer's name]", "customer's name"), ("[Agent\u2019s name]", "Agent\u2019s name"),
    ("XX days", "Number of days"), ("XX business days", "Number of business days"),
    ("XX.XX USD", "Amount"), ("XX USD", "Amount"), ("XX%", "Percentage"),
    ("{first_name}", "first name"), ("{customerName}", "customerName"),
    ("{Customer name}", "Customer name"), ("%FIRSTNAME%", "FIRSTNAME"),
    ("%first_name%", "first name"), ("[Имя клиента]", "Имя клиента"),
    ("[Nome do cliente]", "Nome do cliente"), ("[注文番号]", "注文番号"),
    ("[رقم الطلب]", "رقم الطلب"), ("[מספר הזמנה]", "מספר הזמנה"),
    ("[...]", "Fill in (before 'is due')"), ("[…]", "Fill in (before 'is due')"),
    ("????", "Fill in (before 'is due')"), ("<<ИМЯ>>", "ИМЯ"),
])
def test_every_gap_form_is_one_gap_with_its_label(gap: str, label: str) -> None:
    from handbook.core.reply_gaps import gaps

    (found,) = gaps(f"Hello, {gap} is due.")
    written = gap.split(" ")[0].rstrip("%") if gap.startswith("XX") else gap
    assert (found.written, found.label) == (written, label)
    (warning,) = leftovers(f"Hello, {gap} is due.")
    assert "a gap for the agent to type over" in warning.message


@pytest.mark.parametrize("text", [
    "We reply in 2 days; sizes XS, XL and XXL cost 20 USD.", "What???? Really?",
    "- [x] done", "{: .note}", "a {word} here", "「注文番号」 and 【重要】", "[sic]",
    "10% off and 20% more", "Take 50%.", "[Name](https://example.com)", "{{ and }}",
    "see [the guide][guide] or [brackets]", "Hi *there*", "x = {a}",
])
def test_ordinary_prose_is_still_not_a_gap(text: str) -> None:
    assert leftovers(text) == []


def test_a_mailer_variable_is_another_helpdesks(tmp_path: Path) -> None:
    (found,) = leftovers("Hi *|FNAME|*,")
    assert "another helpdesk's variable" in found.message


def test_check_and_import_find_the_same_gaps(tmp_path: Path) -> None:
    """The new forms warn in a variant, the subject and a fallback, and import makes each a
    required placeholder, so what import writes warns on none of them."""
    from handbook.helpdesk.text import convert

    text = ("Hi {first_name}, your [ AMOUNT ] refund arrives in XX days: [Tracking URL]. "
            "%AGENT% [注文番号]")
    snippet = GAPPY.replace("We refunded [AMOUNT] on XXXXX.", text).replace(
        "fallback: there}", "fallback: \"[customer's name]\"}").replace(
        "placeholders:", 'subject: "Order [ ORDER ] ships in XX days"\nplaceholders:')
    project = copy_project(tmp_path / "p", {"playbooks/snippets/gappy.yml": snippet})
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets/gappy.yml")])
    for gap in ("{first_name}", "[ AMOUNT ]", "'XX'", "[Tracking URL]", "%AGENT%",
                "[注文番号]"):
        assert f"variant 'email' holds {gap if gap.startswith(chr(39)) else repr(gap)}" \
            in result.output, gap
    assert "the subject holds '[ ORDER ]'" in result.output
    assert "the subject holds 'XX'" in result.output
    assert "the fallback of placeholder 'first_name' holds \"[customer's name]\"" in \
        result.output or "holds '[customer's name]'" in result.output
    out = convert(text, html=False)
    assert leftovers(out.markdown) == []
    assert out.markdown.count("[[") == 6
    assert all(p.fallback is None for p in out.placeholders.values())
    assert out.placeholders["tracking_url"].label == "Tracking URL"
    assert out.placeholders["number_of_days"].label == "Number of days"


def test_helpdesk_code_with_spaced_braces_is_named_but_single_braces_are_text() -> None:
    """rt17c 7: `{ {ticket.requester.first_name | default: …} }` was left silently; rt17d 7:
    `{ {n} }` and `{ { 'now' | date } }` too."""
    for text in ('Hi { {ticket.requester.first_name | default: "x" } }, thanks.',
                 "Hi { {n} }, thanks.", "Sat. { { 'now' | date: '%Y-%m-%d' } } today",
                 "{ % if ticket.brand.name == 'Acme' % }Acme", "Type { { and } } here."):
        (found,) = leftovers(text)
        assert "braces spaced apart" in found.message, text
    assert leftovers("Sets {a, b} and { x } are math; 100 % sure.") == []


@pytest.mark.parametrize(("text", "found"), [
    ("\u3007\u3007\u69d8\u3001", "\u3007\u3007"),  # maru-maru sama: Japanese "XX"
    ("\u304a\u5ba2\u69d8\u25cb\u25cb\u69d8", "\u25cb\u25cb"),
    ("\uff3b\u6ce8\u6587\u756a\u53f7\uff3d", "\uff3b\u6ce8\u6587\u756a\u53f7\uff3d"),
    ("\u4e8c\u3007\u3007\u3007\u5e74", None),  # the year 2000 in kanji digits
    ("\uff3bsee below\uff3d", None),
])
def test_japanese_gap_forms(text: str, found: str | None) -> None:
    from handbook.core.reply_gaps import gaps

    assert [g.written for g in gaps(text)] == ([found] if found else [])
