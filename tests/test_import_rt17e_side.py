"""The import side of rt17e (issue 17): separate gaps in one reply stay separate placeholders,
a link whose address holds a helpdesk variable keeps its macro, nested lists nest and a block
quote is reported, more gap forms, entity braces stay text, a rule or an escaped tag stays
text, and a Help Scout pair whose email half has its own chatText loses neither text.
Inputs: helpdesk_files/rt17e/import_side.json (Zendesk), hs_import_side.json (Help Scout)
and plain_side.csv, written for these tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from import_run import import_into_copy

from handbook.cli import main
from handbook.core.models import Snippet
from handbook.core.reply_gaps import gaps, leftovers
from handbook.core.yamlio import load
from handbook.helpdesk.text import convert
from handbook.render.exports import zendesk_macro
from handbook.render.snippet import variant_html

FILES = Path(__file__).resolve().parent / "helpdesk_files" / "rt17e"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_into_copy(tmp_path_factory.mktemp("side") / "p",
                            [("zendesk", FILES / "import_side.json"),
                             ("helpscout", FILES / "hs_import_side.json"),
                             ("csv", FILES / "plain_side.csv")])


def snippet(root: Path, ident: str) -> Snippet:
    data, _lines = load((root / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))
    return Snippet.model_validate(data)


def test_every_macro_is_written_and_passes_check(project: tuple[Path, str]) -> None:
    root, output = project
    assert output.count("wrote ") == 18 and "skipped" not in output, output
    assert "\ue000" not in output and "\ue001" not in output  # no internal marker leaks
    result = CliRunner().invoke(main, ["check", str(root)])
    problems = [line for line in result.output.splitlines()
                if (": error:" in line or ": warning:" in line) and "CODEOWNERS" not in line]
    assert result.exit_code == 0, result.output
    # Only the literal braces the team shows ("{{ticket.id}}" as entities) are warned on.
    assert len(problems) == 1 and "shown-as-typed.yml" in problems[0], problems


@pytest.mark.parametrize(("ident", "text", "labels"), [
    ("partial-refund", "We refunded [[amount]] of your [[amount_2]] EUR payment. The "
     "remaining [[amount_3]] stays as credit.",
     ["Amount (after 'We refunded')", "Amount (after 'of your')",
      "Amount (after 'The remaining')"]),
    ("dates", "Ordered on [[date]], shipped on [[date_2]], arriving [[date_3]].",
     ["Date (after 'Ordered on')", "Date (after 'shipped on')", "Date (after 'arriving')"]),
    # The same text twice is one value: one placeholder.
    ("orders", "Order [[order_number]] replaces order [[order_number_2]]. Again: "
     "[[order_number]].", ["Order number (after 'Order')",
                           "Order number (after 'replaces order')"]),
    # Never the helpdesk's own variable for an agent-typed gap beside it.
    ("colleague", "Hi [[first_name]], your colleague [[first_name_2]] asked us.",
     ["First name", "First name (after 'your colleague')"]),
])
def test_separate_gaps_are_separate_placeholders(project: tuple[Path, str], ident: str,
                                                 text: str, labels: list[str]) -> None:
    root, output = project
    found = snippet(root, ident)
    assert found.variants["email"] == text
    assert [p.label for p in found.placeholders.values()] == labels
    assert all(p.fallback is None for p in found.placeholders.values())
    assert f"-> {ident}: " in output


def test_the_report_says_which_gaps_are_one_and_which_are_apart(
        project: tuple[Path, str]) -> None:
    _root, output = project
    assert ("separate gaps are placeholders of their own: '[DATE]' [[date]], "
            "'[Date]' [[date_2]], '[date]' [[date_3]]") in output
    assert ("the gap '[ORDER NUMBER]', written 2 times, is one placeholder, "
            "[[order_number]]") in output
    assert ("the gap '[FIRST NAME]' is a placeholder of its own, [[first_name_2]], filled in "
            "by the agent") in output


def test_a_subjects_gaps_are_the_replys_only_where_written_the_same(
        project: tuple[Path, str]) -> None:
    root, output = project
    found = snippet(root, "subject-gaps")
    assert found.subject == "Your order [[order_number_2]]"
    assert found.variants["email"] == "Order [[order_number]] shipped."
    assert {n: p.label for n, p in found.placeholders.items()} == {
        "order_number": "Order number (after 'Order')",
        "order_number_2": "Order number (after 'Your order')"}
    assert ("-> subject-gaps: subject: separate gaps are placeholders of their own: "
            "'[Order Number]' [[order_number]], '[ORDER NUMBER]' [[order_number_2]]"
            ) in output


def test_a_twin_title_line_gives_each_helpdesks_reason(project: tuple[Path, str]) -> None:
    _root, output = project
    assert ("'Dates' (id 9111) -> dates-2: the title 'Dates' is another snippet's; this one "
            "is 'Dates (2)' (Zendesk would show both as 'Handbook::Dates')") in output
    assert ("'Partial refund' -> partial-refund-2: the title 'Partial refund' is another "
            "snippet's; this one is 'Partial refund (2)' (each helpdesk names a reply by its "
            "title)") in output
    assert output.count("Help Scout tells saved replies apart by name") == 1  # Billing (2)


def test_a_mask_that_names_nothing_is_a_value_at_each_place() -> None:
    out = convert("You paid $XX.XX and we refunded $XX.XX. Code XXXX, PIN XXXX.", html=False)
    assert out.markdown == ("You paid [[amount]] and we refunded [[amount_2]]. Code "
                            "[[code]], PIN [[pin]].")  # "PIN" is no currency code: kept
    assert [p.label for p in out.placeholders.values()] == [
        "Amount (after 'You paid')", "Amount (after 'we refunded')", "Code", "PIN"]
    assert convert("Total CHF XX.XX.", html=False).markdown == "Total [[amount]]."


def test_gaps_after_the_same_words_get_labels_that_differ() -> None:
    out = convert("We refunded [AMOUNT] today. We refunded $XX.XX now and $XX.XX later. "
                  "We refunded $XX.XX.", html=False)
    labels = [p.label for p in out.placeholders.values()]
    assert labels == ["Amount (after 'We refunded')", "Amount (after 'We refunded', 2nd)",
                      "Amount (after 'now and')", "Amount (after 'We refunded', 4th)"]


def test_the_plain_csv_keeps_an_authors_placeholder_apart_from_a_gap() -> None:
    out = convert("We refunded [[amount]] of XX.XX € in total.", html=False, ours=True)
    assert out.markdown == "We refunded [[amount]] of [[amount_2]] in total."
    assert out.placeholders["amount_2"].label == "Amount (after 'of')"


@pytest.mark.parametrize(("ident", "text", "address"), [
    ("track", "Track it here or at [the site](https://track.example/).",
     "https://track.example/{{ticket.id}}"),
    ("ticket-link", "See your ticket, [[first_name]].", "{{ticket.url}}"),
    ("hs-track", "Track it now, [[first_name]].", "https://t.example/{%conversation.number%}"),
    # The plain CSV's own Markdown; a written-out address keeps its placeholder (text).
    ("plain-link", "Track here or at https://track.example/[[order_id]], [[first_name]].",
     "https://track.example/[[order_id]]"),
])
def test_a_link_to_a_variable_address_keeps_the_reply(project: tuple[Path, str], ident: str,
                                                      text: str, address: str) -> None:
    root, output = project
    found = snippet(root, ident)
    assert found.variants["email"] == text
    assert set(found.placeholders) <= {"first_name", "order_id"}  # none for an address alone
    assert (f"-> {ident}: the link to '{address}' left out (its text kept): its address "
            "holds a") in output


class _Structure(HTMLParser):
    """The list items' nesting of some HTML: ("ul", "li", "/li", ...) with their words."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("ul", "ol", "li", "blockquote"):
            self.seen.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol", "li", "blockquote"):
            self.seen.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.seen += data.split()


def structure(html: str) -> list[str]:
    parser = _Structure()
    parser.feed(html)
    return [s for s in parser.seen if s not in ("Steps:",)]


def test_nested_lists_round_trip_as_nested_lists(project: tuple[Path, str]) -> None:
    root, output = project
    found = snippet(root, "nested")
    source = ('<ul><li>L1<ul><li>L2 em<ul><li>L3</li></ul></li></ul></li><li>Two line</li>'
              '</ul><ol><li>One<ol><li>a</li><li>b</li></ol></li><li>Two</li></ol>'
              # a list written straight in a list, as mail editors do, nests the same
              '<ul><li>m<ul><li>n</li></ul></li><li>o</li></ul>')
    assert structure(variant_html(found, "email")) == structure(source)
    body = zendesk_macro(found, "email")["macro"]["actions"]
    html = next(a["value"] for a in body if a["field"] == "comment_value_html")
    assert structure(html) == structure(source)
    assert "-> nested:" not in output  # nothing lost, nothing to say


def test_a_block_quote_becomes_plain_text_with_a_line(project: tuple[Path, str]) -> None:
    root, output = project
    html = variant_html(snippet(root, "quote"), "email")
    assert "<p>Quoted policy text.</p>" in html and "&gt;" not in html
    assert ("-> quote: a block quote became plain text (its text kept: 'Quoted policy text. "
            "Second line.'): a reply has no quote form") in output


def test_a_rule_an_escaped_tag_and_entity_braces_stay_text(project: tuple[Path, str]) -> None:
    root, _output = project
    found = snippet(root, "shown-as-typed")
    assert not found.placeholders  # "{{ticket.id}}" shown literally is no field
    for html in (variant_html(found, "email"), next(
            a["value"] for a in zendesk_macro(found, "email")["macro"]["actions"]
            if a["field"] == "comment_value_html")):
        assert "<hr" not in html and "<p>---</p>" in html
        assert "<h1" not in html and "<p>Title</p>\n<p>===</p>" in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
        assert "Type { {ticket.id} } in the form." in html


def test_spaced_braces_are_text_for_check_with_a_warning() -> None:
    assert gaps("Type { {ticket.id} } in the form.") == []
    for text in ("Type { {ticket.id} } here.", "Ref { [[ticket_id]] } here."):
        (found,) = leftovers(text)
        assert "helpdesk code with its braces spaced apart" in found.message


def test_gap_forms_of_the_report_become_placeholders(project: tuple[Path, str]) -> None:
    root, _output = project
    text = snippet(root, "gap-forms").variants["email"]
    for written in ("[Name des Kunden]", "[numero d'ordine]", "[naam klant]", "[imię]",
                    "XX dni", "«имя»", "XX:XX", "DD/MM/YYYY", "#####", "[ ]", "[__]",
                    "(NAME)", "%%name%%", "$$AMOUNT$$", "<agent name>"):
        assert written not in text, written
    assert "[[" in text and not leftovers(text)


@pytest.mark.parametrize(("gap", "label"), [
    ("[Name des Kunden]", "Name des Kunden"), ("[numero d'ordine]", "numero d'ordine"),
    ("[naam klant]", "naam klant"), ("[naam]", "naam"), ("[imię]", "imię"),
    ("«имя»", "имя"), ("XX:XX", "Time"), ("DD/MM/YYYY", "Date"), ("MM/DD/YYYY", "Date"),
    ("YYYY-MM-DD", "Date"), ("DD.MM.YYYY", "Date"), ("(NAME)", "NAME"),
    ("(ORDER NUMBER)", "ORDER NUMBER"), ("%%name%%", "name"), ("$$AMOUNT$$", "AMOUNT"),
    ("<agent name>", "agent name"),
])
def test_each_form_is_one_gap_with_its_label(gap: str, label: str) -> None:
    (found,) = gaps(f"Hello, {gap} here.")
    assert (found.written, found.label) == (gap, label)


@pytest.mark.parametrize(("text", "written"), [
    ("Sent in XX dni.", "XX"), ("Sent in \uff38\uff38\u65e5.", "\uff38\uff38"),
    ("Ref #####, thanks.", "#####"), ("Tick [ ] here.", "[ ]"), ("Sign [__] here.", "[__]"),
    ("Uhr XX:XX bitte.", "XX:XX"), ("Shipped on DD/MM/YYYY.", "DD/MM/YYYY"),
])
def test_masks_are_one_gap_each(text: str, written: str) -> None:
    assert [g.written for g in gaps(text)] == [written]


@pytest.mark.parametrize("text", [
    "The web address (URL) and our (FAQ) in the (USA).", "<input name> and <a name>",
    "<param name> <meta name> <frame name>",
    "«bonjour» dit-il", "Costs $$ and 50%% off", "##### Heading", "- [ ] Call back",
    "Open 10:30 to 18:00 on 2024-01-02.", "C# and F#", "progress (100%)",
    "Send the date in the format DD/MM/YYYY.", "Format: YYYY-MM-DD, please.",
])
def test_prose_around_the_new_forms_stays_quiet(text: str) -> None:
    assert leftovers(text) == []


def test_a_help_scout_pair_loses_neither_chat_text(project: tuple[Path, str]) -> None:
    root, output = project
    billing, chat_half = snippet(root, "billing"), snippet(root, "billing-2")
    assert billing.variants == {"email": "Email text.", "chat": "Chat text of the email half."}
    assert chat_half.variants == {"chat": "The chat half."}
    assert chat_half.helpscout.id == 9202
    assert ("'Billing (chat)' (id 9202) -> billing-2: not merged with Help Scout saved reply "
            "'Billing' (id 9201): that reply's own chatText says something else") in output
    same = snippet(root, "same")  # the same words: one snippet, both ids
    assert same.variants == {"email": "Email.", "chat": "Chat words."}
    assert (same.helpscout.id, same.helpscout.chat.id) == (9204, 9203)
