"""The plain CSV (issue 17, rt17d item 12): its `[[name]]` are placeholders in the subject
too, a name in another script is transliterated as a gap's is, and rows of one title in
different languages keep that title, each with its language (the exports add the marker).
Input: helpdesk_files/rt17e/plain_lang.csv, written for these tests."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.core.models import Snippet
from handbook.render.exports import helpscout_reply

FILE = Path(__file__).resolve().parent / "helpdesk_files" / "rt17e" / "plain_lang.csv"


def imported(tmp_path: Path) -> tuple[Path, str]:
    project = copy_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["import", "csv", str(FILE), "-C", str(project)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return project, result.output


def snippet(project: Path, ident: str) -> dict:
    return yaml.safe_load((project / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))


def test_subject_and_non_ascii_placeholders_are_placeholders(tmp_path: Path) -> None:
    project, output = imported(tmp_path)
    refund = snippet(project, "refund")
    assert refund["subject"] == "Refund for [[order]]"
    assert refund["variants"]["email"] == "Hi [[imya]], we refunded order [[order]]."
    assert refund["placeholders"]["imya"]["label"] == "Имя"
    assert "the placeholder [[имя]] is [[imya]]" in output
    assert "\\[" not in (project / "playbooks/snippets/refund.yml").read_text("utf-8")


def test_one_title_in_three_languages_keeps_its_title(tmp_path: Path) -> None:
    project, output = imported(tmp_path)
    welcomes = {p.stem: yaml.safe_load(p.read_text("utf-8"))
                for p in (project / "playbooks/snippets").glob("welcome*.yml")}
    assert sorted((d["title"], d["language"]) for d in welcomes.values()) == [
        ("Welcome", "de"), ("Welcome", "en"), ("Welcome", "fr-FR")]
    assert "another snippet's" not in output
    check = CliRunner().invoke(main, ["check", str(project)])
    assert ": error:" not in check.output and "has the title of" not in check.output, \
        check.output
    names = sorted(helpscout_reply(Snippet(**data))["name"] for data in welcomes.values())
    assert names == ["Welcome (DE)", "Welcome (EN)", "Welcome (FR-FR)"]
