"""Builds the real handbook (plus optional fixture files) into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "playbooks", "overrides", "macros")
TODAY = "2026-11-29"


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    output: str

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def copy_project(dest: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A copy of the handbook's sources in `dest`, with `files` added or replaced."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    for rel, content in (files or {}).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return dest


def build(project: Path, today: str = TODAY, strict: bool = True, quiet: bool = False,
          engine: str = "mkdocs") -> Build:
    """`mkdocs build`, or `properdocs build` with engine="properdocs". Note that MkDocs' -q
    (quiet) stops strict mode from counting warnings: pass quiet=False where a warning must
    fail the build."""
    site = project / "site"
    env = {**os.environ, "HANDBOOK_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", engine, "build", *(["-q"] if quiet else []), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return Build(project, site, proc.returncode, proc.stdout + proc.stderr)


def build_copy(dest: Path, files: dict[str, str | bytes] | None = None,
               today: str = TODAY) -> Build:
    return build(copy_project(dest, files), today)


# A team's hook that warns after every page was written: a failure only MkDocs sees.
LATE_WARNING = (
    "import logging\n\n\ndef on_post_build(config, **kwargs):\n"
    "    logging.getLogger('mkdocs.hooks.late').warning('a late warning')\n")


def add_late_warning(project: Path) -> str:
    """Adds the hook to `project`; returns mkdocs.yml's text before."""
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    (project / "late_warning.py").write_text(LATE_WARNING, encoding="utf-8")
    config.write_text(original + "\nhooks:\n  - late_warning.py\n", encoding="utf-8")
    return original
