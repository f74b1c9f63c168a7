"""The outage cadence read as durations for the checklist's incident mode (core/cadence.py),
and the check's warning for a cadence the page can't count down to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import TODAY, copy_project

from handbook.core.cadence import minutes, timed_cadence


@pytest.mark.parametrize(("text", "expected"), [
    ("every 20 minutes", 20), ("within 5 minutes", 5), ("every hour", 60),
    ("every 1 hour", 60), ("2 hours", 120), ("1.5 hours", 90), ("within 90 min", 90),
    ("every 2 hrs", 120), ("an hour", 60), ("every so often", None), ("a few minutes", None),
    ("every 0 minutes", None), ("", None), ("every 20 seconds", None),
])
def test_minutes(text: str, expected: int | None) -> None:
    assert minutes(text) == expected


def test_defaults_for_what_mkdocs_yml_leaves_out() -> None:
    assert timed_cadence({"update": "every 20 minutes"}) == {
        "update": 20, "long_update": None, "long_incident_after": 120,
        "checklist_expires_after": 720}


def test_check_warns_about_a_cadence_it_cannot_count_down_to(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    update: every 20 minutes\n" in text
    config.write_text(text.replace("    update: every 20 minutes\n",
                                   "    update: every so often\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handbook.cli", "check", str(project)],
                            capture_output=True, text=True,
                            env={**os.environ, "HANDBOOK_TODAY": TODAY})
    line = next(line for line in result.stdout.splitlines() if "outage_cadence" in line)
    assert line.startswith("mkdocs.yml:") and ": warning: extra.outage_cadence.update: " \
        "'every so often' names no duration" in line
