"""Work check shares between its scans gives what each scan would find alone (issue 12's
speed): the code regions of a page serve the page with its macro calls blanked whenever
validate._blanking_keeps_code says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.content import Page
from handbook.core.macro_calls import find_calls
from handbook.core.markdown_scan import code_spans
from handbook.core.validate import _blanking_keeps_code, _calls_blanked
from handbook.core.yamlio import YamlError, split_front_matter, universal_newlines

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("tests/corpus/*/playbooks/**/*.md"), *ROOT.glob("playbooks/**/*.md"),
                *ROOT.glob("docs/**/*.md")])
CRAFTED = [
    "Run `{{ cadence(\"update\") }}` and {{ cadence(\"update\") }} then `x`.",
    "A {{ cadence(\"a`b\") }} call with a backtick, then `code` here.",
    "> Every {{ cadence(\n> \"update\") }} here, `x`.",
    "```\n{{ snippet(\"x\") }}\n```\n\n{{ snippet(\"y\") }}\n\n~~~\nz\n~~~\n",
    "Text {{ cadence(\"~~~\") }}\n~~~\ncode\n~~~\n",
]


def _page(body: str) -> Page:
    return Page(Path("p.md"), "p.md", body, 1, find_calls(body))


def _body(path: Path) -> str:
    text = universal_newlines(path.read_text(encoding="utf-8", errors="replace"))
    try:
        return split_front_matter(text)[1]
    except YamlError:  # a corpus page with broken front matter: its text is the page
        return text


@pytest.mark.parametrize("body", CRAFTED + [
    _body(p) for p in PAGES if p.is_file() and p.stat().st_size < 200_000])
def test_blanked_calls_leave_code_where_it_was(body: str) -> None:
    page = _page(body)
    if _blanking_keeps_code(page):
        assert code_spans(_calls_blanked(page)) == code_spans(body)


def test_calls_that_could_move_code_are_not_shared() -> None:
    assert not _blanking_keeps_code(_page(CRAFTED[1]))
    assert not _blanking_keeps_code(_page(CRAFTED[2]))
    assert _blanking_keeps_code(_page(CRAFTED[0]))
