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


def test_anchors_made_in_a_worker_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page worker's anchors come back pickled, their toc options a copy: with pymdownx's
    slugify (a functools.partial, no ==) they are kept all the same; other options make them
    again."""
    import pickle
    from functools import partial
    from types import SimpleNamespace

    from pymdownx.slugs import slugify

    from handbook.core import content

    made = []
    monkeypatch.setattr(content, "page_sections",
                        lambda *args: made.append(args) or SimpleNamespace(lines={"steps": 3}))
    slug = slugify(case="lower")
    assert isinstance(slug, partial)
    toc = (slug, "-", (["toc"], {"toc": {"slugify": slug}}), {})
    page = _page("## Steps\n")
    page.toc = toc
    page.anchors  # noqa: B018  (made in the worker)
    back = pickle.loads(pickle.dumps(page))
    back.toc = toc
    assert back.anchors == {"steps": 3} and len(made) == 1
    back.toc = (slugify(case="fold"), "-", (["toc"], {"toc": {}}), {})
    assert back.anchors == {"steps": 3} and len(made) == 2
