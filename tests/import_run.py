"""Runs `handbook import` on test inputs into a fresh copy of the project, for the import
tests' module fixtures."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main


def import_into_copy(dest: Path, files: list[tuple[str, Path]]) -> tuple[Path, str]:
    """A copy of the project at `dest` after `handbook import KIND FILE` for each (kind,
    file) in turn, and the output of every run; each must exit 0 without a traceback."""
    root = copy_project(dest)
    output = ""
    for kind, path in files:
        result = CliRunner().invoke(main, ["import", kind, str(path), "-C", str(root)])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        output += result.output
    return root, output
