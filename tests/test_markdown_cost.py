"""Pages that would make Python-Markdown recurse too deep are refused by check whatever marker
nests them (validate._check_markdown_cost): its quick test looks for quote runs only on a page
holding a '>', and takes a tab for a possible deep indent."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.content import Page
from handbook.core.problems import Report
from handbook.core.validate import MAX_NESTING, _check_markdown_cost

DEEP = MAX_NESTING + 5


@pytest.mark.parametrize("line", [
    "> " * DEEP + "quoted",
    ">" * DEEP + " quoted",
    "- " * DEEP + "item",
    "1. " * DEEP + "item",
    "\t" * DEEP + "- item",
])
def test_nesting_past_the_limit_is_refused(line: str, tmp_path: Path) -> None:
    report = Report(tmp_path)
    _check_markdown_cost(Page(tmp_path / "p.md", "p.md", f"Intro.\n\n{line}\n", 9, []), report)
    assert [(p.line, p.message) for p in report.problems] == [
        (11, f"lists or quotes nested more than {MAX_NESTING} levels deep")]


@pytest.mark.parametrize("line", ["> " * 10 + "quoted", "a > b > c", "\tindented"])
def test_nesting_within_the_limit_passes(line: str, tmp_path: Path) -> None:
    report = Report(tmp_path)
    _check_markdown_cost(Page(tmp_path / "p.md", "p.md", f"Intro.\n\n{line}\n", 9, []), report)
    assert report.problems == []
