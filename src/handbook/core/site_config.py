"""What the checker needs from mkdocs.yml: the values, as MkDocs' YAML loader gives them
(mkdocs_yml.py reads the file; the build passes its own validated config, plugin.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .helpdesk_fields import variable_tables
from .inclusion import Inclusion
from .inclusion import from_settings as inclusion_from_settings
from .link_levels import LinkLevels
from .link_levels import from_mapping as levels_from_mapping


class TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely: a `!!python/...` tag builds only the slug callables below
    and is None for anything else (the build runs it; the checker does not). A tag MkDocs'
    loader can't build either is an error, as in the build (mkdocs_yml.py adds !ENV)."""


# Callables mkdocs.yml may name for Markdown (a toc slug function; the emoji index and
# generator Material's documentation gives): the checker builds these and no others, so
# reading mkdocs.yml runs nothing else.
_CALLABLES = ("pymdownx.slugs.", "markdown.extensions.toc.", "material.extensions.emoji.",
              "pymdownx.emoji.")


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """`!!python/name:x.y` and `!!python/object/apply:x.y {kwds: ...}` for the callables
    above (as MkDocs' loader builds them); None for anything else."""
    kind, _, name = suffix.partition(":")
    if not name.startswith(_CALLABLES) or kind not in ("name", "object/apply"):
        _must_be_installed(node, name)
        return None
    import importlib

    module, _, attribute = name.rpartition(".")
    try:
        target = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        raise _cannot_build(node, f"'{name}' names nothing that exists") from None
    if kind == "name":
        return target
    try:
        if isinstance(node, yaml.MappingNode):
            options = loader.construct_mapping(node, deep=True)
            return target(*options.get("args", ()), **options.get("kwds", {}))
        if isinstance(node, yaml.SequenceNode):
            return target(*loader.construct_sequence(node, deep=True))
        return target()
    except (TypeError, ValueError) as exc:
        raise _cannot_build(node, f"'{name}' can't be called with these arguments ({exc})") \
            from None


def _must_be_installed(node: yaml.Node, name: str) -> None:
    """MkDocs' loader imports what a `!!python/...` tag names; the checker only looks its
    top-level package up (which runs none of it): one that is not there stops the build."""
    from importlib.util import find_spec

    top = name.partition(".")[0]
    try:
        found = find_spec(top) is not None if top.isidentifier() else False
    except (ImportError, ValueError):
        found = False
    if not found:
        raise _cannot_build(node, f"'{name}' names a module that is not installed")


def slug_problem(markdown: tuple[list[Any], dict[str, Any]]) -> str:
    """Why the toc extension's `slugify` setting can't make anchors, or "": Python-Markdown
    calls it as slugify(text, separator) and needs text back (a slug factory such as
    pymdownx.slugs.slugify must be called with its options first)."""
    options = markdown[1].get("toc") or markdown[1].get("markdown.extensions.toc") or {}
    slugify = options.get("slugify") if isinstance(options, dict) else None
    if slugify is None:
        return ""
    fix = ("write it as !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}, "
           "or !!python/name: of a function taking (text, separator)")
    if not callable(slugify):
        return f"'markdown_extensions': toc's slugify is not a function; {fix}"
    try:
        made = slugify("Refund requests", "-")
    except Exception as exc:  # whatever the named function raises
        return f"'markdown_extensions': toc's slugify fails on a heading ({exc}); {fix}"
    if not isinstance(made, str):
        return f"'markdown_extensions': toc's slugify gives no text for a heading; {fix}"
    return ""


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Tags of MkDocs' own (`!relative`) are values for the build alone; any other tag MkDocs'
    loader does not know either: the build stops on it."""
    if suffix == "!relative":
        return None
    raise _cannot_build(node, f"the tag '{suffix}' is not one MkDocs knows")


def _cannot_build(node: yaml.Node, why: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, why, node.start_mark)


# PyYAML tries the prefixes in the order they were added: the python one first.
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
TolerantLoader.add_multi_constructor("", _other_tag)

# The file names MkDocs looks for, in its order (mkdocs/config/base.py, _open_config_file);
# ProperDocs' own names come after them: only ProperDocs reads those.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


def config_path(folder: Path) -> Path | None:
    """The configuration file the build reads in `folder`, or None."""
    return next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()), None)


# The extensions MkDocs always adds before the configured ones (its MarkdownExtensions option).
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")

DEFAULT_CADENCE = {
    "acknowledge": "within 5 minutes",
    "scope": "within 10 minutes",
    "update": "every 20 minutes",
    "long_update": "every 60 minutes",
}


@dataclass
class SiteConfig:
    root: Path
    docs_dir: Path
    playbooks_dir: Path
    site_url: str = ""
    cadence: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    # Where the theme's templates and icons are, first match wins (MkDocs' theme.dirs).
    theme_dirs: list[Path] = field(default_factory=list)
    # Page statuses the theme can show: Material's own and those named in extra.status.
    statuses: frozenset[str] = frozenset({"new", "deprecated"})
    # Front matter fields of other tools to accept while migrating (plugin option).
    extra_front_matter: frozenset[str] = frozenset()
    # MkDocs' use_directory_urls: x.md is served as x/ (on) or x.html (off).
    directory_urls: bool = True
    # theme.custom_dir (overrides/): the templates of its own a page may name.
    custom_dir: Path | None = None
    # Markdown extensions and their configs, as MkDocs passes them to Python-Markdown.
    markdown: tuple[list[Any], dict[str, Any]] = field(
        default_factory=lambda: (list(MKDOCS_EXTENSIONS), {}))
    # mkdocs.yml's `nav:` as written (None: MkDocs builds the navigation from the files).
    nav: Any = None
    # Placeholders -> helpdesk variables beyond the exports' own (helpdesk_fields.py).
    helpdesk_variables: dict[str, dict[str, str]] = field(default_factory=dict)
    # mkdocs.yml's `validation:`: which doubtful links fail the strict build (link_levels.py).
    link_levels: LinkLevels = field(default_factory=LinkLevels)
    # exclude_docs, draft_docs and not_in_nav: which files are built (inclusion.py).
    inclusion: Inclusion = field(default_factory=Inclusion)
    # The handbook plugin's request_playbook_url as written (judged in request_link.py).
    request_playbook_url: Any = None

    def page_templates(self) -> set[str]:
        """Templates a page may choose with `template:`: the theme's main.html and the
        top-level templates of custom_dir. Material's others (redirect.html, blog-post.html,
        404.html, partials) expect context a page does not give: one reloads for ever."""
        names = {"main.html"}
        if self.custom_dir is not None and self.custom_dir.is_dir():
            names |= {p.name for p in self.custom_dir.glob("*.html") if p.is_file()}
        return names

    @property
    def snippets_dir(self) -> Path:
        return self.playbooks_dir / "snippets"

    @property
    def trees_dir(self) -> Path:
        return self.playbooks_dir / "trees"


def plugin_options(plugins: Any, name: str = "handbook") -> dict[str, Any]:
    """The options of plugin `name` in mkdocs.yml's `plugins:`, which MkDocs accepts as a
    list (of names, or of one-key mappings) or as one mapping of names to options."""
    if isinstance(plugins, dict):
        options = plugins.get(name)
        return options if isinstance(options, dict) else {}
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and name in entry:
            options = entry[name]
            return options if isinstance(options, dict) else {}
    return {}


def from_values(root: Path, docs_dir: str, playbooks_dir: str, site_url: str,
                extra: dict[str, Any] | None, theme_dirs: list[str] | None = None,
                extra_front_matter: list[str] | None = None,
                directory_urls: bool = True, custom_dir: str | None = None,
                markdown: tuple[list[Any], dict[str, Any]] | None = None,
                nav: Any = None,
                helpdesk_variables: dict[str, dict[str, str]] | None = None,
                link_levels: LinkLevels | None = None,
                inclusion: Inclusion | None = None) -> SiteConfig:
    # MkDocs hands `extra` over as its own config object (a Mapping, not a dict).
    extra = dict(extra) if isinstance(extra, Mapping) else {}
    cadence = dict(DEFAULT_CADENCE)
    cadence.update({str(k): str(v) for k, v in (extra.get("outage_cadence") or {}).items()})
    status = extra.get("status")
    named = set(map(str, status)) if isinstance(status, dict) else set()
    statuses = {"new", "deprecated"} | named
    return SiteConfig(root, root / docs_dir, root / playbooks_dir, site_url or "", cadence,
                      [root / d for d in theme_dirs or []], frozenset(statuses),
                      frozenset(map(str, extra_front_matter or [])), directory_urls is not False,
                      root / custom_dir if custom_dir else None,
                      markdown or (list(MKDOCS_EXTENSIONS), {}), nav,
                      dict(helpdesk_variables or {}), link_levels or LinkLevels(),
                      inclusion or Inclusion())


def material_dir() -> Path | None:
    """Material's templates folder, found without importing the theme."""
    from importlib.util import find_spec

    spec = find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


class SiteConfigError(ValueError):
    """A setting of mkdocs.yml the handbook reads has the wrong type; the message is one line
    naming the setting and what it must be."""


def _typed(value: Any, kind: type | tuple[type, ...], name: str, what: str) -> Any:
    if value is not None and not isinstance(value, kind):
        raise SiteConfigError(f"'{name}' must be {what}, not {type(value).__name__}")
    return value


def setting_line(text: str, key: str) -> int:
    """The line of a configuration file's `text` where top-level setting `key` takes effect:
    the last of a repeated key (YAML keeps the last), quoted or not; 1 when it is not there
    (an inherited file holds it: see setting_place)."""
    return _written_line(text, key) or 1


def _written_line(text: str, key: str) -> int:
    import re

    found = list(re.finditer(rf"""^["']?{re.escape(key)}["']?[ \t]*:""", text,
                             re.MULTILINE)) if key else []
    return text.count("\n", 0, found[-1].start()) + 1 if found else 0


# MkDocs follows INHERIT from file to file (mkdocs/utils/yaml.py); a loop is its error.
_MAX_INHERIT = 20


def setting_place(path: Path, key: str) -> tuple[Path, int]:
    """(file, line) where top-level setting `key` of configuration file `path` is written:
    `path` itself, else the file its `INHERIT:` names (MkDocs merges the child over it), and
    so on up the chain; (path, 1) when no file of the chain writes it."""
    current = path
    for _ in range(_MAX_INHERIT):
        try:
            text = current.read_text(encoding="utf-8", errors="replace")
        except OSError:
            break
        line = _written_line(text, key)
        if line:
            return current, line
        parent = inherited_file(current)
        if parent is None:
            break
        current = parent
    return path, 1


def inherited_file(path: Path) -> Path | None:
    """The file configuration file `path` names in `INHERIT:`, or None."""
    try:
        parent = _inherit(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return None if parent is None else (path.parent / parent).resolve()


def _inherit(text: str) -> str | None:
    """The file a configuration's top-level `INHERIT:` names; None without one. Only used to
    find where a setting is written: the values come from MkDocs' loader."""
    import re

    found = re.search(r"""^INHERIT[ \t]*:[ \t]*(["']?)([^"'#\n]+?)\1[ \t]*(?:#.*)?$""", text,
                      re.MULTILINE)
    return found.group(2) if found else None


def from_mapping(root: Path, data: dict[str, Any]) -> SiteConfig:
    """The handbook's view of mkdocs.yml's values `data` (the project in folder `root`).
    Raises SiteConfigError."""
    options = plugin_options(data.get("plugins"))
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = _typed(theme.get("custom_dir"), str, "theme.custom_dir", "a folder name")
    dirs = [custom_dir] if custom_dir else []
    material = material_dir()
    dirs += [str(material)] if material else []
    extra_keys = _typed(options.get("extra_front_matter"), list,
                        "plugins.handbook.extra_front_matter", "a list of field names") or []
    for key in extra_keys:
        _typed(key, str, "plugins.handbook.extra_front_matter", "a list of field names")
    markdown = _markdown_extensions(data.get("markdown_extensions"))
    if problem := slug_problem(markdown):
        raise SiteConfigError(problem)
    site = from_values(root, _typed(data.get("docs_dir"), str, "docs_dir", "a folder name")
                       or "docs",
                       _typed(options.get("playbooks_dir"), str, "plugins.handbook.playbooks_dir",
                              "a folder name") or "playbooks",
                       _typed(data.get("site_url"), str, "site_url", "a URL") or "",
                       data.get("extra"), dirs, extra_keys,
                       _typed(data.get("use_directory_urls"), bool, "use_directory_urls",
                              "true or false") is not False,
                       custom_dir or None,
                       markdown,
                       nav=data.get("nav"),
                       helpdesk_variables=_helpdesk_variables(options),
                       link_levels=levels_from_mapping(data.get("validation")),
                       inclusion=inclusion_from_settings(data))
    site.request_playbook_url = options.get("request_playbook_url")
    return site


def _helpdesk_variables(options: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The plugin's helpdesk_variables; a wrong one is MkDocs' validation's to report
    (the check runs it), so here it counts as none."""
    try:
        return variable_tables(options.get("helpdesk_variables"))
    except ValueError:
        return {}


def _markdown_extensions(entries: Any) -> tuple[list[Any], dict[str, Any]]:
    """mkdocs.yml's markdown_extensions as MkDocs hands them to Python-Markdown: its own
    three first, then each listed one (a name, or a name with its options)."""
    names, configs = list(MKDOCS_EXTENSIONS), {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            name, options = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
        else:
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = options
    return names, configs
