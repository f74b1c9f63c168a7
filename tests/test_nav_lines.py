"""A bad `nav:` entry is reported at its own line (issue 12, rt12b item 15), read from the
YAML nodes PyYAML composes (MkDocs' tags need no loader)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sitebuild import ROOT, TODAY, copy_project

from handbook.cli import main
from handbook.core.nav_lines import nav_entry_lines


def test_entries_come_with_their_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nextra:\n  key: !ENV [HOME, x]\nnav:\n  - Home: index.md\n"
                    "  - Playbooks:\n      - playbooks/a.md\n      - 'playbooks/b.md'\n"
                    "  - https://example.org/\n  - 7\n")
    assert nav_entry_lines(path) == [("index.md", 5), ("playbooks/a.md", 7),
                                     ("playbooks/b.md", 8), ("https://example.org/", 9)]
    path.write_text("site_name: x\n")
    assert nav_entry_lines(path) == []
    path.write_text("nav: [unclosed\n")
    assert nav_entry_lines(path) == []


def test_check_reports_a_bad_entry_at_its_line(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config += "\nnav:\n  - index.md\n  - Playbooks:\n      - playbooks/six-support-rules.md\n" \
              "      - playbooks/no-such-page.md\n"
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    line = config.splitlines().index("      - playbooks/no-such-page.md") + 1
    assert f"mkdocs.yml:{line}:1: error: nav: 'playbooks/no-such-page.md' is not a page or " \
        "file of the site" in result.output, result.output
