"""Symlinks and special files under the content folders (issue 11, item 3).

A symlink that leads out of docs/ and playbooks/ (to /proc/self/environ, to a token under
.git/, to any file outside) and anything that is not a regular file or folder (a FIFO would
hang the build) is refused by `handbook check` and by the build alike, with one line each, and
nothing it points at is read or published. Such files cannot be committed as corpus cases, so
they are made here, in a copy of the handbook. Both commands run in a subprocess with a
timeout: if either opened a FIFO, the test fails instead of hanging.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import TODAY, build, copy_project

from handbook.adapter.plugin import _unlisted
from handbook.core.paths import walk

SECRET = "hb-secret-5f1c0ffee"
OUTSIDE = "replace the link with a copy of what it points at, inside docs/ or playbooks/"
NOT_REGULAR = ("delete it: the handbook reads only regular files, and a FIFO would hang the "
               "build")


def _env() -> dict[str, str]:
    # The secret is in the environment too, so /proc/self/environ would carry it.
    return {**os.environ, "HANDBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
            "HB_DEPLOY_TOKEN": SECRET}


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "handbook.cli", "check", str(project)]
    return subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=120)


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A copy of the handbook with every kind of unsafe entry, and the lines they must give."""
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "token.txt").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    os.mkfifo(outside / "fifo")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(f"[credential]\n\thelper = {SECRET}\n",
                                             encoding="utf-8")
    links = {
        "docs/env.md": "/proc/self/environ",
        "docs/assets/git.css": "../../.git/config",
        "docs/token.md": str(outside / "token.txt"),
        "docs/outside-folder": str(outside),
        "playbooks/leak.md": "../.git/config",
        "playbooks/snippets/leak.yml": str(outside / "token.txt"),
        "playbooks/trees/fifo.yml": str(outside / "fifo"),
        "docs/loop": ".",
        "docs/broken.md": "nowhere.md",
        # Inside the content folders: accepted.
        "docs/assets/same.css": "handbook.css",
        "docs/more-assets": "assets",
    }
    for rel, target in links.items():
        os.symlink(target, project / rel)
    os.mkfifo(project / "docs" / "pipe.md")
    os.mkfifo(project / "docs" / "assets" / "pipe.css")
    monkeypatch.chdir(project / "playbooks")  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.md")
    expected = [
        f"docs/assets/git.css:1:1: error: symlink points outside the handbook's content "
        f"folders (../../.git/config) ({OUTSIDE})",
        f"docs/assets/pipe.css:1:1: error: not a regular file or folder: a named pipe (FIFO) "
        f"({NOT_REGULAR})",
        "docs/broken.md:1:1: error: symlink points to nothing (nowhere.md) (point it at a file "
        "that exists, or delete it)",
        f"docs/env.md:1:1: error: symlink points outside the handbook's content folders "
        f"(/proc/self/environ) ({OUTSIDE})",
        "docs/loop:1:1: error: symlink loop: it points to a folder it is inside (.) (delete the "
        "link: the build would walk through it forever)",
        f"docs/outside-folder:1:1: error: symlink points outside the handbook's content folders "
        f"({outside}) ({OUTSIDE})",
        f"docs/pipe.md:1:1: error: not a regular file or folder: a named pipe (FIFO) "
        f"({NOT_REGULAR})",
        f"docs/token.md:1:1: error: symlink points outside the handbook's content folders "
        f"({outside / 'token.txt'}) ({OUTSIDE})",
        f"playbooks/leak.md:1:1: error: symlink points outside the handbook's content folders "
        f"(../.git/config) ({OUTSIDE})",
        f"playbooks/snippets/leak.yml:1:1: error: symlink points outside the handbook's content "
        f"folders ({outside / 'token.txt'}) ({OUTSIDE})",
        f"playbooks/sock.md:1:1: error: not a regular file or folder: a socket ({NOT_REGULAR})",
        f"playbooks/trees/fifo.yml:1:1: error: symlink points outside the handbook's content "
        f"folders ({outside / 'fifo'}) ({OUTSIDE})",
    ]
    return project, expected


def test_check_refuses_each_unsafe_entry_and_reads_none(hostile: tuple[Path, list[str]]) -> None:
    project, expected = hostile
    result = _check(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert SECRET not in output
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == expected


def test_the_build_refuses_them_before_writing_anything(hostile: tuple[Path, list[str]]) -> None:
    project, expected = hostile
    result = build(project)
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    lines = result.output.splitlines()
    for line in expected:
        assert line in lines, f"missing: {line}\n{result.output}"
    assert not result.site.exists() or not any(
        SECRET.encode() in p.read_bytes() for p in result.site.rglob("*") if p.is_file())


def test_check_of_the_link_itself_names_the_link(hostile: tuple[Path, list[str]]) -> None:
    project, expected = hostile
    cmd = [sys.executable, "-m", "handbook.cli", "check", "docs/env.md"]
    result = subprocess.run(cmd, cwd=project, env=_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [line for line in expected
                                          if line.startswith("docs/env.md:")]
    assert "in 0 files under docs/env.md" in result.stderr


def test_links_inside_the_content_folders_are_published(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    os.symlink("handbook.css", project / "docs" / "assets" / "same.css")
    os.symlink("../playbooks/snippets", project / "docs" / "snippet-sources")
    assert _check(project).returncode == 0
    result = build(project)
    assert result.returncode == 0, result.output
    assert (result.site / "assets" / "same.css").read_bytes() == (
        project / "docs" / "assets" / "handbook.css").read_bytes()
    assert (result.site / "snippet-sources" / "heard-hear.yml").is_file()


def test_a_symlink_in_the_theme_overrides_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    os.symlink("/proc/self/environ", project / "overrides" / "env.txt")
    result = build(project)
    assert result.returncode != 0
    assert SECRET not in result.output and not result.site.exists()
    assert ("overrides/env.txt:1:1: error: symlink points outside the handbook's content "
            "folders (/proc/self/environ) (replace the link with a copy of what it points at, "
            "inside docs/, playbooks/ or overrides/)") in result.output.splitlines()


def test_a_content_folder_that_leads_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    (project / "playbooks").rename(outside)
    os.symlink(outside, project / "playbooks")
    result = _check(project)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    refused = (f"playbooks:1:1: error: the content folder is outside the project "
               f"({outside}) (make it a real folder inside the project)")
    assert refused in errors
    # The rest follows from it: links to the trees that could not be read.
    assert all("is not a page or file of the site" in line for line in errors
               if line != refused), errors


def test_walk_never_descends_a_link_out_and_reports_a_link_with_a_newline_on_one_line(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "inner.md").write_text("x", encoding="utf-8")
    docs.mkdir()
    (docs / "a.md").write_text("x", encoding="utf-8")
    os.symlink("../outside", docs / "out")
    os.symlink("/tmp/x\nsrc/fake.md:1:1: error: forged", docs / "forged.md")
    listing = walk(docs, [docs], "docs/")
    assert listing.files == [docs / "a.md"]
    assert [(r.path.name, r.message) for r in listing.refused] == [
        ("forged.md", "symlink points outside the handbook's content folders "
                      "(/tmp/x\\nsrc/fake.md:1:1: error: forged)"),
        ("out", "symlink points outside the handbook's content folders (../outside)"),
    ]


def test_the_build_drops_nothing_silently_a_file_found_after_the_check_is_an_error(
        tmp_path: Path) -> None:
    """on_files compares what MkDocs found with what `walk` accepted (an entry made between
    the check and MkDocs' walk)."""

    class Found:
        def __init__(self, src_path: str) -> None:
            self.src_path = src_path

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "ok.md").write_text("x", encoding="utf-8")
    os.symlink("/etc", docs / "etc")
    listing = walk(docs, [docs], "docs/")
    found = [Found("ok.md"), Found("late.md"), Found("etc/passwd"), Found("sub/late.css")]
    assert _unlisted(found, docs, listing) == ["late.md", "sub/late.css"]  # type: ignore[arg-type]


def test_names_that_would_become_markup_or_links_are_refused(tmp_path: Path) -> None:
    """File and folder names become navigation titles and page addresses."""
    project = copy_project(tmp_path / "p", {
        "docs/x<img src=x onerror=alert(1)>.md": "Notes.\n",
        "playbooks/y<b>/inner.md": "x\n",
        "docs/javascript:alert(1).md": "x\n",
        "docs/fine name (v2).md": "Fine.\n",
    })
    checked = _check(project)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    hint = "(rename it with letters, digits, spaces and . , + @ ( ) - _ only)"
    for line in (
        "docs/x<img src=x onerror=alert(1)>.md:1:1: error: the name holds '<' '=' '>', which "
        f"would break or hijack the page's address and navigation title {hint}",
        "playbooks/y<b>:1:1: error: the name holds '<' '>', which would break or hijack the "
        f"page's address and navigation title {hint}",
        "docs/javascript:alert(1).md:1:1: error: the name holds ':', which would break or "
        f"hijack the page's address and navigation title {hint}",
    ):
        assert line in checked.stdout.splitlines(), checked.stdout
    assert "fine name" not in checked.stdout
    built = build(project)
    assert built.returncode != 0 and "Traceback" not in built.output
    assert not (project / "site").exists()


def test_a_file_the_build_cannot_read_is_one_error_line(tmp_path, monkeypatch) -> None:
    """The build copies files under docs/ and beside playbooks as they are, and stops with a
    PermissionError at one it can't read (root reads everything: os.access is stood in)."""
    import os

    from sitebuild import copy_project

    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core import content
    from handbook.core.validate import check

    project = copy_project(tmp_path / "p", {"playbooks/chart.png": b"\x89PNG"})
    unreadable = {str(project / "docs/assets/handbook.css"), str(project / "playbooks/chart.png")}
    real = os.access
    monkeypatch.setattr(content.os, "access",
                        lambda path, mode: str(path) not in unreadable and real(path, mode))
    _book, report = check(read_site_config(project))
    lines = [p for p in report.errors if "cannot be read" in p.message]
    assert sorted(p.path for p in lines) == ["docs/assets/handbook.css", "playbooks/chart.png"]
    assert all("make it readable" in p.hint for p in lines)
