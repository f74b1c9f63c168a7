"""The plugin in the setups teams write: any order in `plugins:`, and no Jinja markers of
their own (the guard that keeps content out of Jinja knows Jinja's)."""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import ROOT, build_copy


def _handbook_entry() -> str:
    """The handbook plugin's entry in the shipped mkdocs.yml, options and comments included."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  - handbook:\n")
    return text[start:text.index("\n  - ", start) + 1]


HANDBOOK = _handbook_entry()


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


MACROS_ENTRY = ("  - macros:\n      module_name: macros\n      on_error_fail: true\n"
                "      on_undefined: strict\n")
MACROS_SETUPS = [
    ("", "the macros plugin (mkdocs-macros) is not in plugins:"),
    (MACROS_ENTRY.replace("  - macros:\n", "  - macros:\n      enabled: false\n"),
     "the macros plugin (mkdocs-macros) has enabled: false, so every"),  # not "not in plugins"
    ("  - macros\n", "the macros plugin's module_name is 'main'"),
    (MACROS_ENTRY.replace("module_name: macros", "module_name: main"),
     "the macros plugin's module_name is 'main', but the handbook's macros are in 'macros'"),
    (MACROS_ENTRY.replace("on_error_fail: true", "on_error_fail: false"),
     "the macros plugin's on_error_fail must be true"),
    (MACROS_ENTRY + "      render_by_default: false\n",
     "the macros plugin's render_by_default: false leaves every"),
]


def test_a_macros_plugin_that_cannot_render_the_handbook_fails_check_and_build(
        tmp_path: Path) -> None:
    """Without mkdocs-macros, or with another module, every call would be published as text
    or the build would end in a Jinja traceback: one line from check and from the build."""
    from click.testing import CliRunner
    from sitebuild import TODAY, build, copy_project

    from handbook.cli import main

    project = copy_project(tmp_path / "p")
    good = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert MACROS_ENTRY in good
    for entry, message in MACROS_SETUPS:
        (project / "mkdocs.yml").write_text(good.replace(MACROS_ENTRY, entry), "utf-8")
        result = CliRunner().invoke(main, ["check", str(project)],
                                    env={"HANDBOOK_TODAY": TODAY})
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert re.search(r"mkdocs\.yml:\d+:1: error: config value 'plugins': "
                         + re.escape(message), result.output), (entry, result.output)
    for entry, message in MACROS_SETUPS[:3]:  # MkDocs loads no plugin: the build stops early
        (project / "mkdocs.yml").write_text(good.replace(MACROS_ENTRY, entry), "utf-8")
        built = build(project)
        assert built.returncode != 0 and message in built.output, built.output
        assert "Traceback" not in built.output and not (built.site / "index.html").exists()
    # Without the handbook plugin itself (the build ended in a traceback naming the order).
    (project / "mkdocs.yml").write_text(good.replace(HANDBOOK, ""), "utf-8")
    missing = "the handbook plugin is not in plugins:"
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1 and missing in result.output, result.output
    built = build(project)
    assert built.returncode != 0 and missing in built.output and "Traceback" not in built.output
    # Switched off, it is named as such (rt12c item 12), not as missing.
    (project / "mkdocs.yml").write_text(good.replace(
        "  - handbook:\n", "  - handbook:\n      enabled: false\n"), "utf-8")
    off = "the handbook plugin has enabled: false, so no snippet"
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1 and off in result.output, result.output
    built = build(project)
    assert built.returncode != 0 and off in built.output and "Traceback" not in built.output


def test_extra_front_matter_lets_other_tools_fields_through_but_never_ours(
        tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitebuild import TODAY

    from handbook.cli import main

    config = _config(lambda t: t.replace(
        HANDBOOK, HANDBOOK + "      extra_front_matter: [cover, lastmod, status, snippet]\n"))
    page = ("---\ntitle: Migrated\nsummary: s\nowner: \"@acme/qa\"\nreviewed: 2026-11-01\n"
            "review_every: 90d\ncover: images/cover.png\nlastmod: 2026-10-01\n"
            "status: '\"><script>alert(1)</script>'\nsnippet: shadowed\n---\n\nBody.\n")
    files = {"mkdocs.yml": config, "playbooks/migrated.md": page}
    result = build_copy(tmp_path / "p", files)
    assert result.returncode != 0
    line = ("playbooks/migrated.md:9:1: error: field 'status': "
            "'\"><script>alert(1)</script>' is not a status name, e.g. new")
    assert line in result.output and "cover" not in result.output
    # A field named like a macro would shadow it in mkdocs-macros: never let through.
    assert "playbooks/migrated.md:10:1: error: unknown field 'snippet'" in result.output
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "p")],
                                 env={"HANDBOOK_TODAY": TODAY})
    assert checked.exit_code == 1 and line in checked.output
    assert "cover" not in checked.output and "lastmod" not in checked.output


def test_without_directory_urls_every_exported_url_and_redirect_exists(
        tmp_path: Path) -> None:
    import json

    config = _config(lambda t: "use_directory_urls: false\n" + t)
    renamed = (ROOT / "playbooks/snippets/heard-hear.yml").read_text(encoding="utf-8")
    renamed = renamed.replace("id: heard-hear", "id: heard-hear-v2\naliases: [heard-hear]")
    files = {"mkdocs.yml": config, "playbooks/snippets/heard-hear.yml": None,
             "playbooks/snippets/heard-hear-v2.yml": renamed}
    project = tmp_path / "p"
    from sitebuild import build, copy_project
    copy_project(project, {k: v for k, v in files.items() if v is not None})
    (project / "playbooks/snippets/heard-hear.yml").unlink()
    for page in [*project.joinpath("playbooks").rglob("*.md"), *project.joinpath(
            "playbooks/trees").glob("*.yml")]:
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace('"heard-hear"', '"heard-hear-v2"').replace(
            "snippet: heard-hear\n", "snippet: heard-hear-v2\n"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    snippets = json.loads((result.site / "snippets.json").read_text(encoding="utf-8"))
    for item in snippets["snippets"]:
        assert item["url"].endswith(".html"), item["url"]
        assert (result.site / item["url"].lstrip("/")).is_file(), item["url"]
    redirect = (result.site / "snippets" / "heard-hear.html").read_text(encoding="utf-8")
    assert 'href="heard-hear-v2.html"' in redirect
    assert not (result.site / "snippets" / "heard-hear").exists()


def test_page_paths_follow_mkdocs(tmp_path: Path) -> None:
    from mkdocs.structure.files import File

    from handbook.core.site_paths import file_dest

    for uri in ("index.md", "a.md", "x/index.md", "x/README.md", "x/y.md", "x/y.markdown",
                "img/a.png", "snippets/index.md"):
        for dirs in (True, False):
            mkdocs = File(uri, src_dir=None, dest_dir=str(tmp_path), use_directory_urls=dirs)
            assert file_dest(uri, dirs) == mkdocs.dest_uri, (uri, dirs)


def test_plugins_written_as_a_mapping_are_read_by_check_as_by_the_build(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    config = _config(lambda t: t.replace(
        "plugins:\n  - search\n  - tags\n" + HANDBOOK + "  - macros:\n",
        "plugins:\n  search: {}\n  tags: {}\n  handbook:\n    playbooks_dir: content\n"
        "  macros:\n").replace("      module_name: macros\n      on_error_fail: true\n"
                               "      on_undefined: strict\n",
                               "    module_name: macros\n    on_error_fail: true\n"
                               "    on_undefined: strict\n"))
    assert "  handbook:\n    playbooks_dir: content" in config
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    (project / "playbooks").rename(project / "content")
    checked = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert checked.exit_code == 0, checked.output
    from sitebuild import build
    built = build(project)
    assert built.returncode == 0, built.output
    assert (built.site / "playbooks/six-support-rules/index.html").is_file()


def test_inherit_and_env_in_mkdocs_yml_are_read_by_check_as_by_the_build(
        tmp_path: Path) -> None:
    """check reads mkdocs.yml with MkDocs' own loader: `INHERIT:` merges the parent file
    (here holding the plugins) and `!ENV` takes the value from the environment."""
    import os

    from click.testing import CliRunner
    from sitebuild import TODAY, build, copy_project

    from handbook.cli import main

    base = _config(lambda t: t.replace(HANDBOOK, "  - handbook:\n      playbooks_dir: content\n"))
    top = "INHERIT: base.yml\ndocs_dir: !ENV [HB_DOCS_DIR, docs]\n"
    project = copy_project(tmp_path / "p", {"mkdocs.yml": top, "base.yml": base})
    (project / "playbooks").rename(project / "content")
    (project / "docs").rename(project / "site-docs")
    env = {"HANDBOOK_TODAY": TODAY, "HB_DOCS_DIR": "site-docs"}
    checked = CliRunner().invoke(main, ["check", str(project)], env=env)
    assert checked.exit_code == 0, checked.output
    os.environ["HB_DOCS_DIR"] = "site-docs"
    try:
        built = build(project)
    finally:
        del os.environ["HB_DOCS_DIR"]
    assert built.returncode == 0, built.output
    assert (built.site / "playbooks/six-support-rules/index.html").is_file()
    # The same files, checked: a mistake in content/ is found there.
    broken = project / "content" / "six-support-rules.md"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n{{ snippet(\"no-such\") }}\n",
                      encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(project)], env=env)
    assert checked.exit_code == 1
    assert "content/six-support-rules.md:" in checked.output
    assert "unknown snippet 'no-such'" in checked.output


SETTINGS = [
    # (line added to mkdocs.yml, what check says: MkDocs' own validation, or our one line)
    ("x3: 1", "config value 'x3': Unrecognised configuration name: x3"),
    ("nav: 5", "config value 'nav': Expected nav to be a list"),
    ("nav: [index.md, {Rules: playbooks/six-support-rules.md}, {More: [missing.md]}]",
     "nav: 'missing.md' is not a page or file of the site"),
    ("theme: {name: nosuchtheme}", "config value 'theme': Unrecognised theme name"),
    ("docs_dir: nonexist", "config value 'docs_dir': The path"),
    ("extra: [1, 2]", "config value 'extra': The configuration is invalid"),
    ("hooks: [nohook.py]", "config value 'hooks': 'nohook.py' is not a file"),
    ("plugins: [search: {bogus: 1}]", "Plugin 'material/search' option 'bogus'"),
    ("site_url: 5", "'site_url' must be a URL, not int"),
    ("use_directory_urls: maybe", "'use_directory_urls' must be true or false, not str"),
    ("INHERIT: 5", "INHERIT must name one file"),
    ("INHERIT: mkdocs.yml", "inherit from each other in a loop"),
    ("toc_depth: !python/name:os.system", "the tag '!python/name:os.system' is not one MkDocs"),
    ("toc_depth: !!python/name:nosuch.mod.slug", "'nosuch.mod.slug' names a module that is not"),
    ("markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.slugify",
     "toc's slugify fails on a heading"),
]


def test_settings_mkdocs_refuses_fail_check_too_in_one_line(tmp_path: Path) -> None:
    """check runs MkDocs' own validation of the settings (not the plugins or hooks): every
    setting a strict build stops on fails the check, as one line naming mkdocs.yml."""
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    project = copy_project(tmp_path / "p")
    good = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for line, message in SETTINGS:
        (project / "mkdocs.yml").write_text(good + "\n" + line + "\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(project)],
                                    env={"HANDBOOK_TODAY": TODAY})
        assert result.exit_code == 1, (line, result.output)
        assert "Traceback" not in result.output, (line, result.output)
        shown = [out for out in result.output.splitlines() if message in out]
        assert len(shown) == 1 and re.search(r"mkdocs\.yml:\d+:\d+: error: ", shown[0]), (
            line, result.output)
    # ... and the build stops on each of a few of them.
    from sitebuild import build
    for line, _message in SETTINGS[:3]:
        (project / "mkdocs.yml").write_text(good + "\n" + line + "\n", encoding="utf-8")
        assert build(project).returncode != 0, line


def test_a_plugin_that_is_not_installed_fails_check(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    config = _config(lambda t: t.replace("plugins:\n  - search\n", "plugins:\n  - search\n"
                                         "  - no-such-plugin\n"))
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1
    assert ("error: config value 'plugins': The \"no-such-plugin\" plugin is "
            "not installed") in result.output
    # 'tags' is Material's (material/tags), as MkDocs finds it: no error for it.
    assert "'tags'" not in result.output


def test_properdocs_and_yaml_config_names_are_found(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    for name in ("mkdocs.yaml", "properdocs.yml"):
        project = copy_project(tmp_path / name)
        (project / "mkdocs.yml").rename(project / name)
        result = CliRunner().invoke(main, ["check", str(project)],
                                    env={"HANDBOOK_TODAY": TODAY})
        assert result.exit_code == 0, (name, result.output)


def test_the_build_uses_the_cadence_set_in_mkdocs_yml(tmp_path: Path) -> None:
    """MkDocs hands `extra` to the plugin as its own config object, not a dict: the build
    must read the cadence (and the statuses) from it, as check does."""
    config = _config(lambda t: t.replace("    update: every 20 minutes\n",
                                         "    update: every 35 minutes\n"))
    result = build_copy(tmp_path / "p", {"mkdocs.yml": config})
    assert result.returncode == 0, result.output
    html = result.html("playbooks/outage-communications/index.html")
    assert "Post an update every 35 minutes" in html
    assert "Post an update every 20 minutes" not in html


def test_settings_are_reported_where_they_are_written_and_hooks_must_compile(
        tmp_path: Path) -> None:
    """A setting a file inherits is reported at the inherited file's line; a hook that is not
    valid Python (MkDocs stops on it with a traceback) is one line, and is never run."""
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    base = _config(lambda t: t + "\nnav:\n  - index.md\n  - nowhere.md\n")
    nav_line = base.splitlines().index("  - nowhere.md") + 1  # the entry's own line
    top = "INHERIT: base.yml\nsite_name: Child\nhooks:\n  - ran.py\n  - broken.py\n"
    project = copy_project(tmp_path / "p", {
        "mkdocs.yml": top, "base.yml": base,
        "ran.py": f"open({str(tmp_path / 'ran')!r}, 'w').close()\n",
        "broken.py": "def on_config(config:\n    return config\n",
    })
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"base.yml:{nav_line}:1: error: nav: 'nowhere.md' is not a page or file of "
            "the site") in result.output
    assert ("mkdocs.yml:3:1: error: config value 'hooks': 'broken.py' is not valid Python at "
            "line 1: '(' was never closed") in result.output
    assert "'ran.py'" not in result.output and not (tmp_path / "ran").exists()


def test_material_emoji_setup_and_a_broken_macros_module(tmp_path: Path) -> None:
    """Material's documented emoji settings pass check as they pass the build; a macros
    module that is not valid Python (the build ends in a traceback) is one line."""
    from click.testing import CliRunner
    from sitebuild import TODAY, copy_project

    from handbook.cli import main

    emoji = ("  - pymdownx.emoji:\n"
             "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
             "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    config = _config(lambda t: t.replace("markdown_extensions:\n",
                                         "markdown_extensions:\n" + emoji, 1))
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    module = project / "macros" / "__init__.py"
    module.write_text(module.read_text(encoding="utf-8") + "def broken(:\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the macros module 'macros/__init__.py' is not valid Python" in result.output
