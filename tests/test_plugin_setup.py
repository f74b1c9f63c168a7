"""The plugin in the setups teams write: any order in `plugins:`, and no Jinja markers of
their own (the guard that keeps content out of Jinja knows Jinja's)."""

from __future__ import annotations

from pathlib import Path

from sitebuild import ROOT, build_copy

HANDBOOK = "  - handbook:\n      playbooks_dir: playbooks\n"


def _config(edit) -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert HANDBOOK in text
    return edit(text)


def test_macros_listed_before_the_handbook_plugin_still_renders_every_block(
        tmp_path: Path) -> None:
    # Move the handbook entry after the macros entry (the last plugin listed).
    config = _config(lambda t: t.replace(HANDBOOK, ""))
    start = config.index("  - macros:\n")
    end = config.index("\n\n", start) + 1
    config = config[:end] + HANDBOOK + config[end:]
    assert config.index("  - macros:") < config.index("  - handbook:")
    result = build_copy(tmp_path / "p", {"mkdocs.yml": config})
    assert result.returncode == 0, result.output
    html = result.html("playbooks/heard-service-recovery/index.html")
    assert html.count('class="hb-snippet"') >= 5
    assert "data-hb-stash" not in html and "hbtext" not in html


def test_custom_jinja_markers_are_refused(tmp_path: Path) -> None:
    config = _config(lambda t: t.replace("      on_undefined: strict\n",
                                         "      on_undefined: strict\n"
                                         "      j2_block_start_string: '<%'\n"))
    result = build_copy(tmp_path / "p", {"mkdocs.yml": config})
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "the macros plugin's j2_block_start_string must stay unset" in result.output
    assert not (result.site / "index.html").exists()
