"""`validation: anchors: warn` (issue 12): the anchors check finds exactly the links MkDocs
itself warns about, on the corpus case that holds every kind of id (generated snippet and tree
pages, attribute lists, ids in code and comments, numbered tab ids)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT, TODAY, copy_project

CASE = ROOT / "tests" / "corpus" / "validation-anchors-warn-rendered-ids"
# MkDocs' build with the handbook's own anchors check switched off: its verdict alone.
MKDOCS_ALONE = (
    "import handbook.core.validate as v\n"
    "v.check_link_anchors = lambda book, report: None\n"
    "from mkdocs.__main__ import cli\n"
    "cli(['build', '--strict', '-d', 'site'])\n")


def test_check_reports_the_anchors_mkdocs_warns_about(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shutil.copytree(CASE, project, dirs_exist_ok=True)
    (project / "expected.txt").unlink()
    env = {**os.environ, "HANDBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-c", MKDOCS_ALONE], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    theirs = set(re.findall(r"contains a link '([^']+)', but", proc.stdout + proc.stderr))
    expected = (CASE / "expected.txt").read_text(encoding="utf-8")
    ours = set(re.findall(r"error: link '([^']+)'", expected))
    assert theirs and theirs == ours, proc.stdout + proc.stderr
