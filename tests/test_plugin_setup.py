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


def test_extra_front_matter_lets_other_tools_fields_through_but_never_ours(
        tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitebuild import TODAY

    from handbook.cli import main

    config = _config(lambda t: t.replace(
        HANDBOOK, HANDBOOK + "      extra_front_matter: [cover, lastmod, status]\n"))
    page = ("---\ntitle: Migrated\nsummary: s\nowner: \"@acme/qa\"\nreviewed: 2026-11-01\n"
            "review_every: 90d\ncover: images/cover.png\nlastmod: 2026-10-01\n"
            "status: '\"><script>alert(1)</script>'\n---\n\nBody.\n")
    files = {"mkdocs.yml": config, "playbooks/migrated.md": page}
    result = build_copy(tmp_path / "p", files)
    assert result.returncode != 0
    line = ("playbooks/migrated.md:9:1: error: field 'status': "
            "'\"><script>alert(1)</script>' is not a status name, e.g. new")
    assert line in result.output and "cover" not in result.output
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "p")],
                                 env={"HANDBOOK_TODAY": TODAY})
    assert checked.exit_code == 1 and line in checked.output
    assert "cover" not in checked.output and "lastmod" not in checked.output
