"""`handbook import` of what a macro carries besides its text (issue 17, rt17c items 3, 4,
9 and 10): ids from a CSV, yes/no fields written any way a spreadsheet writes them, titles
kept as the helpdesk has them. Inputs are small files written for these tests
(helpdesk_files/rt17d); each import is held to `handbook check`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.core.models import Snippet
from handbook.core.yamlio import load
from handbook.helpdesk.sources import truth

RT = Path(__file__).resolve().parent / "helpdesk_files" / "rt17d"


def imported(tmp_path: Path, kind: str, *names: str) -> tuple[str, dict[str, Snippet]]:
    """(the import's output, the snippets it wrote by id); `handbook check` finds no error
    in them."""
    project = copy_project(tmp_path / "p")
    folder = project / "playbooks/snippets"
    before = {p.name for p in folder.iterdir()}
    result = CliRunner().invoke(main, ["import", kind, *(str(RT / n) for n in names),
                                       "-C", str(project)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    new = sorted({p.name for p in folder.iterdir()} - before)
    found = {}
    for name in new:
        data, _lines = load((folder / name).read_text("utf-8"))
        found[name.removesuffix(".yml")] = Snippet.model_validate(data)
    check = CliRunner().invoke(main, ["check", str(folder)])
    errors = [line for line in check.output.splitlines() if ": error:" in line
              and any(f"snippets/{n}" in line for n in new)]
    assert errors == [], check.output
    return result.output, found


def lines_about(output: str, ident: str) -> list[str]:
    return [line for line in output.splitlines() if f"-> {ident}:" in line]


def test_a_zendesk_csv_records_each_macro_id_and_names_rows_without_one(tmp_path: Path) -> None:
    output, found = imported(tmp_path, "zendesk", "zd_ids.csv")
    assert found["late"].zendesk.ids == {"email": 900}
    assert found["late"].zendesk.title == "Orders::Late"
    assert not lines_about(output, "late")
    for ident, why in (("lost", "the CSV gives no id for it"),
                       ("found", "its ID, 'n/a', is not a macro id")):
        assert found[ident].zendesk.ids == {}
        (line,) = lines_about(output, ident)
        assert why in line
        assert f"will create a new macro beside 'Orders::{ident.title()}'" in line
        assert "give the CSV an ID column" in line
    assert "this CSV has no ID column" not in output
    output, _found = imported(tmp_path / "n", "zendesk", "zd_bools.json")
    assert "this CSV has no ID column" not in output
    project = copy_project(tmp_path / "none")
    bare = tmp_path / "bare.csv"
    bare.write_text("Title,comment_value\nOrders::Late,Soon.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(bare), "-C", str(project)])
    assert "this CSV has no ID column: the first `handbook sync zendesk` will create every " \
        "macro again" in result.output
    # "Macro ID" is an id column too, never an action.
    output, found = imported(tmp_path / "b", "zendesk", "zd_bools.csv")
    assert found["upper-false"].zendesk.ids == {"email": 801}
    assert "macro id" not in output.lower().replace("a macro id", "")


def test_yes_and_no_written_any_way_never_make_an_internal_note_public(tmp_path: Path) -> None:
    output, found = imported(tmp_path, "zendesk", "zd_bools.csv")
    for ident in ("upper-false", "zero", "no", "spaced", "maybe"):
        assert found[ident].zendesk.public is False, ident
    for ident in ("yes", "one"):
        assert found[ident].zendesk is None or found[ident].zendesk.public is True
    (unclear,) = [line for line in lines_about(output, "maybe")
                  if "comment_mode_is_public" in line]
    assert "'maybe', not true or false: imported as an internal note" in unclear
    assert [ident for ident in found if any("comment_mode_is_public" in line
                                            for line in lines_about(output, ident))] == ["maybe"]
    # Active: "1" and "yes" are active; "sometimes" is named.
    assert not any("inactive" in line for line in output.splitlines())
    assert any("active is 'sometimes', not true or false" in line
               for line in lines_about(output, "one"))


def test_yes_and_no_in_the_api_json(tmp_path: Path) -> None:
    output, found = imported(tmp_path, "zendesk", "zd_bools.json")
    assert found["string-false"].zendesk.public is False
    assert any("was inactive in Zendesk" in line for line in lines_about(output,
                                                                         "string-false"))
    assert found["null"].zendesk.public is False
    assert any("comment_mode_is_public is None, not true or false" in line
               for line in lines_about(output, "null"))
    assert found["bool"].zendesk.public is True
    assert any("the file gives no id for it" in line for line in lines_about(output, "no-id"))


def test_truth_reads_documented_and_spreadsheet_spellings_only() -> None:
    for value in (True, 1, "true", "TRUE", " True ", "1", "yes", "Y", "on"):
        assert truth(value) is True, value
    for value in (False, 0, "false", "FALSE", " False ", "0", "no", "N", "off"):
        assert truth(value) is False, value
    for value in ("maybe", "", None, 2, "2", "ja", "wahr", 0.0, [], "tru"):
        assert truth(value) is None, value


def test_a_title_keeps_its_language_marker_as_the_helpdesk_has_it(tmp_path: Path) -> None:
    """rt17c 9: "[DE]" stayed "(DE)" and "(pt-BR)" became "(PT-BR)", so the first sync
    renamed the macros; "(zh-Hant)", "- Spanish" and "FR - …" were not read."""
    from handbook.render.exports import helpscout_reply, zendesk_macro

    _output, found = imported(tmp_path, "zendesk", "zd_lang.json")
    expected = {
        "refund-issued-de": ("Refund issued [DE]", "de"),
        "refund-issued-pt-br": ("Refund issued (pt-BR)", "pt-BR"),
        "refund-issued-zh-hant": ("Refund issued (zh-Hant)", "zh-Hant"),
        "reembolso-emitido-es": ("Reembolso emitido - Spanish", "es"),
        "remboursement-emis-fr": ("FR - Remboursement émis", "fr"),
        "it-password-reset": ("IT - Password reset", None),  # IT: the department
    }
    assert {i: (s.title, s.language) for i, s in found.items()} == expected
    for snip in found.values():
        macro = zendesk_macro(snip, "email")["macro"]
        assert macro["title"] == snip.zendesk.title == f"Billing::{snip.title}"
        assert helpscout_reply(snip)["name"] == snip.title


def test_the_smaller_losses_are_carried_or_named(tmp_path: Path) -> None:
    """rt17c 10: the plain CSV's own [[name]] is a placeholder, not escaped text; a priority
    Zendesk has no value for is left out as status is; a Help Scout id listed twice with two
    texts says so; a Help Scout file of another shape is one line, not an "Untitled" reply."""
    output, found = imported(tmp_path, "csv", "plain.csv")
    welcome = found["welcome-back"]
    assert welcome.variants["email"] == ("Hi [[first_name]], your order [[order_number]] is "
                                         "on its way.")
    assert welcome.variants["chat"] == "Hi [[first_name]]!"
    assert welcome.placeholders["order_number"].required and "outside any" not in output
    output, found = imported(tmp_path / "z", "zendesk", "zd_priority.json")
    actions = {a.field: a.value for a in found["urgent"].zendesk.actions}
    assert actions == {"type": "incident"}
    assert "a macro sets priority to low, normal, high, urgent, not 'bogus'" in output
    output, found = imported(tmp_path / "h", "helpscout", "hs_page1.json", "hs_page2.json")
    assert list(found) == ["shipping-times"]
    assert "its text here differs from the one imported" in output
    project = copy_project(tmp_path / "k")
    result = CliRunner().invoke(main, ["import", "helpscout", str(RT / "hs_other_key.json"),
                                       "-C", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "this file's _embedded holds 'replies'" in result.output
    assert "Untitled" not in result.output


def test_check_names_a_priority_zendesk_has_no_value_for(tmp_path: Path) -> None:
    snippet = ("id: urgent\ntitle: Urgent\nowner: '@acme/support-leads'\nreviewed: 2026-11-01\n"
               "review_every: 90d\nzendesk:\n  actions:\n    - {field: priority, value: bogus}\n"
               "variants:\n  email: On it.\n")
    project = copy_project(tmp_path / "p", {"playbooks/snippets/urgent.yml": snippet})
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets/urgent.yml")])
    assert "a macro sets priority to low, normal, high, urgent, not 'bogus'" in result.output


def test_everything_these_imports_write_builds_strict(tmp_path: Path) -> None:
    """What import writes passes `handbook check` (imported() above) and `mkdocs build
    --strict`: the files of this round in one project, built once."""
    from sitebuild import build

    project = copy_project(tmp_path / "p")
    for kind, name in (("zendesk", "zd_ids.csv"), ("zendesk", "zd_bools.csv"),
                       ("zendesk", "zd_bools.json"), ("zendesk", "zd_lang.json"),
                       ("zendesk", "liquid.json"), ("zendesk", "zd_priority.json"),
                       ("csv", "plain.csv")):
        result = CliRunner().invoke(main, ["import", kind, str(RT / name), "-C", str(project)])
        assert result.exit_code == 0, result.output
    built = build(project)
    assert built.returncode == 0, built.output
    page = (built.site / "snippets" / "refund-issued-de" / "index.html").read_text("utf-8")
    assert "Refund issued [DE]" in page
