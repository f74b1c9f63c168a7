"""MkDocs' validation of mkdocs.yml is remembered between `handbook check` runs, and any change
it depends on validates afresh (adapter/settings_cache.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sitebuild import TODAY, copy_project

from handbook.adapter import settings_cache
from handbook.cli import main


def _check(project: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert "Traceback" not in result.output
    return result.output


def _stored(project: Path) -> dict:
    return json.loads((project / settings_cache.CACHE_DIR / settings_cache.CACHE_FILE)
                      .read_text(encoding="utf-8"))


def test_a_remembered_answer_is_used_until_something_it_depends_on_changes(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    assert "0 errors" in _check(project)
    first = _stored(project)
    assert first["problems"] == []
    # The remembered answer is what the next run reports: planted, it shows.
    planted = {"key": first["key"], "problems": [["error", "config value 'x': planted",
                                                  "mkdocs.yml", 3]]}
    (project / settings_cache.CACHE_DIR / settings_cache.CACHE_FILE).write_text(
        json.dumps(planted), encoding="utf-8")
    assert "mkdocs.yml:3:1: error: config value 'x': planted" in _check(project)
    # A change to mkdocs.yml, to a file it inherits, or to a hook validates afresh.
    config.write_text(good + "\nx3: 1\n", encoding="utf-8")
    assert "Unrecognised configuration name: x3" in _check(project)
    (project / "base.yml").write_text(good, encoding="utf-8")
    config.write_text("INHERIT: base.yml\n", encoding="utf-8")
    assert "0 errors" in _check(project)
    (project / "base.yml").write_text(good + "\nx4: 1\n", encoding="utf-8")
    assert "Unrecognised configuration name: x4" in _check(project)
    (project / "base.yml").write_text(good + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    (project / "hook.py").write_text("x = 1\n", encoding="utf-8")
    assert "0 errors" in _check(project)
    (project / "hook.py").write_text("def broken(:\n", encoding="utf-8")
    assert "'hook.py' is not valid Python" in _check(project)


def test_env_values_are_part_of_the_key(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\nuse_directory_urls: !ENV [HB_URLS, true]\n", encoding="utf-8")
    assert "0 errors" in _check(project)
    monkeypatch.setenv("HB_URLS", "maybe")
    assert "'use_directory_urls' must be true or false" in _check(project)


def test_a_folder_a_setting_names_is_part_of_the_key(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: overrides", "custom_dir: theme/overrides"), encoding="utf-8")
    (project / "theme").mkdir()
    (project / "overrides").rename(project / "theme" / "overrides")
    assert "0 errors" in _check(project)
    (project / "theme" / "overrides").rename(project / "theme" / "gone")
    assert "The path set in custom_dir" in _check(project)
