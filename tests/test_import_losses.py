"""What import dropped or garbled where it could keep it (issue 17, rt17d items 13-15, import
side): a relative link, decoded brackets, a NUL in a title, Help Scout custom fields, a
subject's variables in the helpdesk_variables suggestion, Markdown-looking helpdesk text,
`<ol start>`, an action-only macro, capitalised priority/type, a Help Scout pair's email
id, '::' in a Help Scout name, each macro's own title in a Zendesk pair, and the
mailboxes check. Inputs: helpdesk_files/rt17e/losses.json and hs_losses.json, written for
these tests."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner
from import_run import import_into_copy
from sitebuild import copy_project

from handbook.cli import main

FILES = Path(__file__).resolve().parent / "helpdesk_files" / "rt17e"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_into_copy(tmp_path_factory.mktemp("losses") / "p",
                            [("zendesk", FILES / "losses.json"),
                             ("helpscout", FILES / "hs_losses.json")])


def snippet(root: Path, ident: str) -> dict:
    return yaml.safe_load((root / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))


def test_everything_written_passes_check(project: tuple[Path, str]) -> None:
    root, output = project
    assert output.count("wrote ") == 9
    result = CliRunner().invoke(main, ["check", str(root)])
    problems = [line for line in result.output.splitlines()
                if (": error:" in line or ": warning:" in line) and "CODEOWNERS" not in line]
    assert result.exit_code == 0 and problems == [], result.output


def test_a_relative_link_keeps_the_macro_and_markdown_forms_stay_text(
        project: tuple[Path, str]) -> None:
    root, output = project
    text = snippet(root, "links-and-lists")["variants"]["email"]
    assert "See our help and [the FAQ](https://example.com/faq)." in text
    assert "the link to '/relative' left out (its text kept)" in output
    html = markdown.markdown(text, extensions=["sane_lists"])
    assert "evil.example</a>" not in html and "<strong>" not in html and "<code>" not in html
    assert "[not a link](https://evil.example) __x__ `code` [[x]]" in html
    assert '<ol start="3">' in html


def test_a_nul_in_a_title_is_taken_out_and_the_file_written(project: tuple[Path, str]) -> None:
    root, _output = project
    data = snippet(root, "nul-title")
    assert data["title"] == "Nul title" and data["zendesk"]["title"] == "Nul title"


def test_an_action_only_macro_is_named_with_its_actions(project: tuple[Path, str]) -> None:
    _root, output = project
    assert ("'Mark as spam' (id 8102): not imported: it has no reply text, only actions "
            "(status = solved; set_tags = spam)") in output


def test_subject_and_custom_field_variables_are_suggested(project: tuple[Path, str]) -> None:
    root, output = project
    assert "subject_suffix: dc.subject_suffix" in output
    assert "conversation_customfield_123: conversation.customField.123" in output
    assert snippet(root, "custom-field")["variants"]["email"] == (
        "Your plan: [[conversation_customfield_123]].")


def test_capitalised_priority_and_type_are_kept(project: tuple[Path, str]) -> None:
    root, _output = project
    assert snippet(root, "escalate")["zendesk"]["actions"] == [
        {"field": "priority", "value": "urgent"}, {"field": "type", "value": "incident"}]


def test_pairs_record_each_title_and_both_replies(project: tuple[Path, str]) -> None:
    root, _output = project
    zendesk = snippet(root, "where-is-my-order")["zendesk"]
    assert zendesk["titles"] == {"email": "Shipping::Where is my order (email)",
                                 "chat": "Shipping::Where is my order (chat)"}
    assert snippet(root, "damaged-item")["zendesk"]["title"] == "Damaged item"  # no category
    shipping = snippet(root, "shipping")["helpscout"]
    assert (shipping["id"], shipping["title"]) == (93002, "Shipping (email)")
    assert {k: v for k, v in shipping["chat"].items() if k != "fingerprint"} == {
        "id": 93001, "title": "Shipping (chat)"}  # both halves (item 5 after rt17d)


def test_a_help_scout_name_has_no_categories(project: tuple[Path, str]) -> None:
    root, _output = project
    data = snippet(root, "odd-name")
    assert data["title"] == "Odd :: name" and data["tags"] == []


def test_mailbox_ids_must_be_ids(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    path = root / "playbooks/snippets/refund-approved.yml"
    path.write_text(path.read_text("utf-8") + "helpscout:\n  mailboxes: [0, -1]\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1 and "0 is not a helpdesk id" in result.output, result.output


@pytest.mark.parametrize(("raw", "title", "language"), [
    ("Refund \u2013 Deutsch", "Refund", "de"),
    ("Remboursement (Fran\u00e7ais)", "Remboursement", "fr"),
    ("Refund - Spanish", "Refund", "es"), ("Refund - express", "Refund - express", None),
    ("Refund (Pending)", "Refund (Pending)", None),
])
def test_a_language_named_in_itself_is_read(raw: str, title: str, language: str | None) -> None:
    from handbook.core.helpdesk_fields import titled
    from handbook.helpdesk.records import split_title

    assert split_title(raw)[::3] == (title, language)
    if language:  # the exports keep the marker as written, adding none
        assert titled(raw, language) == raw


def test_comment_value_arrays_in_a_csv_cell_and_their_channel(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["import", "zendesk", str(FILES / "zd_channels.csv"),
                                       "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert snippet(root, "web-only")["variants"]["email"] == "Hi from the web"
    assert snippet(root, "every-channel")["variants"]["email"] == "Hi all"
    assert "'Web only' (id 8201) -> web-only: its comment is for one channel only " \
           "('channel:web')" in result.output
    assert "channel:all" not in result.output


def test_a_title_too_long_to_record_still_writes_the_snippet(tmp_path: Path) -> None:
    import json

    root = copy_project(tmp_path / "p")
    source = tmp_path / "long.json"
    title = "Long " + "a" * 600
    source.write_text(json.dumps({"macros": [{"id": 8301, "title": title, "actions": [
        {"field": "comment_value", "value": "Hello."}]}]}), "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(source), "-C", str(root)])
    assert result.exit_code == 0 and "not written" not in result.output, result.output
    (path,) = (root / "playbooks/snippets").glob("long-*.yml")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["title"] == title and data["zendesk"]["ids"] == {"email": 8301}
    assert "title" not in data["zendesk"]
    assert "its title is longer than 500 characters" in result.output


def test_a_title_that_is_no_text_is_named(tmp_path: Path) -> None:
    import json

    root = copy_project(tmp_path / "p")
    source = tmp_path / "list.json"
    source.write_text(json.dumps({"macros": [{"id": 8302, "title": ["list", "title"],
                                              "actions": [{"field": "comment_value",
                                                           "value": "Hello."}]}]}), "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(source), "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "its title is not text (['list', 'title']): imported as 'Untitled'" in result.output
    data = snippet(root, "untitled")
    assert data["title"] == "Untitled" and "title" not in data["zendesk"]


def test_a_handbook_key_in_a_description_is_named_and_not_the_summary(tmp_path: Path) -> None:
    import json

    root = copy_project(tmp_path / "p")
    source = tmp_path / "clone.json"
    source.write_text(json.dumps({"macros": [{
        "id": 8808, "title": "Key in desc", "description": "Old macro [handbook:refund-approved]",
        "actions": [{"field": "comment_value", "value": "Hello."}]}]}), "utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(source), "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "its description holds the key [handbook:refund-approved]" in result.output
    assert snippet(root, "key-in-desc")["summary"] == "Old macro"


def test_struck_through_text_is_named_not_silently_unstruck() -> None:
    """rt17f 3: "<s>Old price</s> New price" became "Old price New price" with no line; a
    withdrawn offer then read as current. The text is kept, and the report names it."""
    from handbook.helpdesk.html_text import markdown as to_markdown

    notes: list[str] = []
    text = to_markdown("<p>Was <s>$10</s> now $8. <del>Offer ends Friday</del></p>", notes)
    assert text == "Was $10 now $8. Offer ends Friday"
    assert [n.split("'")[1] for n in notes if n.startswith("struck-through text")] == [
        "$10", "Offer ends Friday"]
    assert all("delete it from the snippet if it no longer holds" in n for n in notes)
