"""A build is all or nothing: a failed `mkdocs build` leaves the previous site as it was and
no staging folder behind; a good one replaces it whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import TODAY, add_late_warning, build, copy_project


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if ".building-" in p.name or ".old-" in p.name)


def test_a_failed_build_keeps_the_published_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "stale.txt").write_text("from an older build", encoding="utf-8")
    first = build(project)
    assert first.returncode == 0, first.output
    assert not (first.site / "stale.txt").exists()  # replaced whole, as MkDocs' clean does
    assert (first.site / "index.html").is_file() and _leftovers(project) == []
    assert (first.site.stat().st_mode & 0o755) == 0o755  # readable by a web server
    home = (first.site / "index.html").read_text(encoding="utf-8")
    (first.site / "marker.txt").write_text("published", encoding="utf-8")

    # Strict mode aborts after every page was written: here on a hook's warning.
    add_late_warning(project)
    page = project / "docs" / "broken.md"
    page.write_text("---\ntitle: Broken\n---\n\n# Broken\n", "utf-8")
    failed = build(project, quiet=False)
    assert failed.returncode != 0 and "Aborted with 1 warnings in strict mode" in failed.output
    assert (failed.site / "marker.txt").read_text(encoding="utf-8") == "published"
    assert (failed.site / "index.html").read_text(encoding="utf-8") == home
    assert not (failed.site / "broken").exists()
    assert _leftovers(project) == []


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_build_stopped_with_a_signal_leaves_no_staging_folder(tmp_path: Path,
                                                                stop: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    project = copy_project(tmp_path / "project")
    env = {**os.environ, "HANDBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _leftovers(project) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _leftovers(project), "the build never made its staging folder"
        proc.send_signal(getattr(signal, stop))
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert _leftovers(project) == [] and not (project / "site").exists()
