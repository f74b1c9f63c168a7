"""exclude_docs, draft_docs, not_in_nav and `validation.nav.omitted_files` (issue 12): the
files the build leaves out are neither checked nor linked to without a word, and a page left
out of `nav:` fails `handbook check` exactly when it fails the strict build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel, set_exclusions
from sitebuild import ROOT, TODAY, build, copy_project

from handbook.core.inclusion import Inclusion, Level, from_settings

PATHS = ["index.md", ".hidden.md", "a/.b/c.md", "templates/t.md", "x/templates/t.md",
         "drafts/old.md", "drafts/deep/er.md", "wip-new.md", "team/wip-plan.md",
         "playbooks/draft-refunds.md", "playbooks/refunds.md", "snippets/index.md",
         "snippets/refund-approved.md", "img/diagram.png", "notes/keep.md"]
SETTINGS = [
    {},
    {"exclude_docs": "drafts/\n/playbooks/draft-*\n!drafts/deep/\n"},
    {"draft_docs": "wip-*.md\n", "not_in_nav": "/snippets/\nnotes/\n"},
    {"exclude_docs": "*.png\n", "draft_docs": "/playbooks/\n", "not_in_nav": "*.md\n"},
]
_MKDOCS = {InclusionLevel.EXCLUDED: Level.EXCLUDED, InclusionLevel.DRAFT: Level.DRAFT,
           InclusionLevel.NOT_IN_NAV: Level.NOT_IN_NAV, InclusionLevel.INCLUDED: Level.INCLUDED,
           InclusionLevel.UNDEFINED: Level.INCLUDED}


@pytest.mark.parametrize("settings", SETTINGS)
def test_levels_are_mkdocs_own(tmp_path: Path, settings: dict[str, str]) -> None:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", **settings})
    errors, _ = config.validate()
    assert errors == []
    files = [File(path, str(tmp_path / "docs"), str(tmp_path / "site"), True) for path in PATHS]
    set_exclusions(files, config)
    theirs = {f.src_uri: _MKDOCS[f.inclusion] for f in files}
    ours = {path: from_settings(settings).level(path) for path in PATHS}
    assert ours == theirs
    # The same from the compiled patterns the build hands over.
    built = Inclusion(config.exclude_docs, config.draft_docs, config.not_in_nav)
    assert {path: built.level(path) for path in PATHS} == theirs


def test_drafts_are_built_by_serve_only() -> None:
    settings = {"draft_docs": "wip-*.md\n"}
    assert not from_settings(settings).built("wip-new.md")
    serving = Inclusion(draft=from_settings(settings).draft, serve=True)
    assert serving.built("wip-new.md") and not serving.built(".hidden.md")


def test_generated_pages_are_not_in_nav_once_nav_is_written_out() -> None:
    inclusion = from_settings({"exclude_docs": "/snippets/old-*\n"})
    assert inclusion.level("snippets/x.md", generated=True) is Level.INCLUDED
    assert inclusion.level("snippets/x.md", generated=True, nav_given=True) is Level.NOT_IN_NAV
    assert inclusion.level("snippets/old-x.md", generated=True,
                           nav_given=True) is Level.EXCLUDED
    assert inclusion.level("playbooks/p.md", nav_given=True) is Level.INCLUDED


def _check(project: Path) -> tuple[int, str]:
    env = {**os.environ, "HANDBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "handbook.cli", "check", str(project)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout + proc.stderr


LEFT_OUT = """
exclude_docs: |
  drafts/
  /playbooks/old-*
draft_docs: |
  wip-*.md
"""


def test_left_out_files_are_not_checked_and_links_to_them_are_warned(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + LEFT_OUT
    retired = '---\ntitle: Old\n---\n\n# Old\n\n{{ snippet("retired-reply") }}\n'
    project = copy_project(tmp_path / "p", {
        "mkdocs.yml": config,
        "docs/drafts/old.md": retired,
        "docs/wip-new.md": retired,
        "docs/.notes.md": retired,
        "playbooks/old-refunds.md": retired,
        "docs/links.md": "---\ntitle: Links\n---\n\n# Links\n\n[a](drafts/old.md) "
                         "[b](wip-new.md)\n\n![c](.notes.md)\n",
    })
    code, out = _check(project)
    assert code == 0, out
    assert "retired-reply" not in out  # the pages the build leaves out are not read
    assert "docs/links.md:7:5: warning: link 'drafts/old.md' leads to a file the build leaves " \
        "out (exclude_docs;" in out
    assert "docs/links.md:7:24: warning: link 'wip-new.md' leads to a draft (draft_docs), " \
        "which `mkdocs build` leaves out: the link is dead" in out
    assert "docs/links.md:9:6: warning: image '.notes.md' leads to a file the build leaves " \
        "out" in out
    result = build(project)
    assert result.returncode == 0, result.output
    for page in ("drafts/old", "wip-new", "playbooks/old-refunds"):
        assert not (result.site / page).exists()
    assert "old-refunds" not in result.html("snippets/index.html")


NAV = """
nav:
  - index.md
  - Team:
      - contributing.md
not_in_nav: |
  /playbooks/
  /tags.md
validation:
  nav:
    omitted_files: warn
"""


def test_a_page_nav_leaves_out_fails_check_as_it_fails_the_build(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + NAV
    project = copy_project(tmp_path / "p", {
        "mkdocs.yml": config,
        "docs/left-out.md": "---\ntitle: Left out\n---\n\n# Left out\n",
    })
    code, out = _check(project)
    line = ("docs/left-out.md:1:1: error: mkdocs.yml's nav: leaves out this page (left-out.md); "
            "with validation.nav.omitted_files: warn the strict build fails on it (add "
            "'left-out.md' to nav:, or match it in not_in_nav: in mkdocs.yml)")
    assert code == 1 and line in out and "1 error," in out, out
    failed = build(project)
    assert failed.returncode != 0 and line in failed.output
    # Named in nav:, the page passes both; the pages the handbook generates (snippets, trees,
    # indexes, review) are not in this nav: and count as not_in_nav, as check says.
    (project / "mkdocs.yml").write_text(config.replace("  - index.md\n",
                                                       "  - index.md\n  - left-out.md\n"))
    code, out = _check(project)
    assert code == 0, out
    passed = build(project)
    assert passed.returncode == 0, passed.output
    assert (passed.site / "snippets" / "refund-approved" / "index.html").is_file()


def test_leaving_out_generated_pages_is_an_error(tmp_path: Path) -> None:
    """The library, Copy link and the exports link to every reply's page: left out, those
    links would be dead."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nexclude_docs: |\n  " \
        "/snippets/refund-*\n"
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    code, out = _check(project)
    assert code == 1, out
    assert re.search(r"mkdocs\.yml:\d+:1: error: exclude_docs leaves out pages the handbook "
                     r"generates \(snippets/refund-approved\.md, ", out), out


def test_patterns_naming_only_snippet_or_tree_sources_are_reported(tmp_path: Path) -> None:
    """MkDocs never reads playbooks/snippets/*.yml or playbooks/trees/*.yml: a pattern naming
    only those leaves nothing out (issue 12, rt12b item 15), so check says so at its line."""
    spec = from_settings({"exclude_docs": "# note\nplaybooks/snippets/\n*.yml\n!keep.yml\n"
                                          "playbooks/old.md\n",
                          "draft_docs": "playbooks/trees/refund-request.yml\n"})
    sources = ["playbooks/snippets/a.yml", "playbooks/trees/refund-request.yml"]
    assert spec.source_only_patterns(sources, {"playbooks/old.md", "data/x.yml"}) == [
        ("exclude_docs", "playbooks/snippets/"),
        ("draft_docs", "playbooks/trees/refund-request.yml")]
    assert spec.source_only_patterns(sources, {"index.md"}) == [
        ("exclude_docs", "playbooks/snippets/"), ("exclude_docs", "*.yml"),
        ("draft_docs", "playbooks/trees/refund-request.yml")]
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nexclude_docs: |\n  " \
        "playbooks/snippets/\n  playbooks/trees/refund-request.yml\n"
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    code, out = _check(project)
    assert code == 0, out  # a warning: the build, which ignores the pattern, passes too
    line = config.splitlines().index("  playbooks/trees/refund-request.yml") + 1
    assert f"mkdocs.yml:{line - 1}:1: warning: exclude_docs pattern 'playbooks/snippets/' " \
        "matches only snippet or tree sources, which MkDocs never reads" in out, out
    assert f"mkdocs.yml:{line}:1: warning: exclude_docs pattern " \
        "'playbooks/trees/refund-request.yml' matches only snippet" in out, out
