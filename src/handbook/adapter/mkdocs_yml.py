"""mkdocs.yml read by MkDocs' own loader, for `handbook check` (the build has MkDocs' config).

MkDocs' `yaml_load` gives what the build will see: `INHERIT:` merged with the parent file,
`!ENV` values from the environment. It runs with site_config.TolerantLoader underneath, so a
`!!python/...` tag builds nothing but the toc slug functions. mkdocs_problems() then runs
MkDocs' own validation of every setting, plugins and their options included (the CLI runs
it in a worker beside the page check: loading the plugins takes half a second). Hooks, the
repository's own Python files, are never run by the checker: they must only exist.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..core import macros_setup
from ..core.request_link import option_place
from ..core.site_config import (
    SiteConfig,
    SiteConfigError,
    TolerantLoader,
    config_path,
    from_mapping,
    setting_place,
)


class ConfigError(Exception):
    """mkdocs.yml (or a file it inherits) can't be read; the message is one line."""


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """The values of `root`/mkdocs.yml (site_config.CONFIG_NAMES) as MkDocs loads them; {}
    when there is no such file. Raises ConfigError."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    path = config_path(root)
    if path is None:
        return {}
    try:
        with path.open("rb") as source:
            data = yaml_load(source, loader=get_yaml_loader(loader=TolerantLoader))
    except ConfigurationError as exc:
        raise ConfigError(_config_error(exc, root, path.name)) from None
    except RecursionError:
        raise ConfigError(f"{path.name}:1:1: error: its INHERIT files inherit from each "
                          "other in a loop; MkDocs would never finish reading them") from None
    except TypeError:  # MkDocs joins INHERIT's value to a folder: it must be text
        raise ConfigError(f"{path.name}:1:1: error: INHERIT must name one file, as text "
                          "(INHERIT: base.yml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}:1:1: error: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}:1:1: error: it does not hold settings "
                          "(name: value lines)")
    return data


def read_site_config(root: Path, data: dict[str, Any] | None = None) -> SiteConfig:
    """The SiteConfig of the handbook in folder `root`; from `data`, its mkdocs.yml's values,
    when read already (read_mkdocs_yml). Raises ConfigError."""
    if data is None:
        data = read_mkdocs_yml(root)
    try:
        return from_mapping(root, data)
    except SiteConfigError as exc:
        path = config_path(root)
        if path is None:
            raise ConfigError(f"mkdocs.yml:1:1: error: {exc}") from None
        where, line = _key_place(path, str(exc))
        shown = os.path.relpath(where, root).replace(os.sep, "/")
        raise ConfigError(f"{shown}:{line}:1: error: {exc}") from None


def mkdocs_problems(root: Path) -> list[tuple[str, str, Path, int]]:
    """(severity, message, file, line) of every setting MkDocs' own validation refuses or warns
    about, as the build reports them, at the file of the INHERIT chain that writes it: plugins
    are loaded and their options checked; hooks are compiled, never run (MkDocs would stop on
    one that is missing or not Python). A warning is an error too: the handbook is built
    strict (`make build`, CI), where MkDocs stops on it."""
    import logging

    from mkdocs.config.defaults import MkDocsConfig

    path = config_path(root)
    if path is None:
        return []
    data = read_mkdocs_yml(root)
    hooks = data.pop("hooks", None)  # Python files MkDocs would run: checked as files only
    # As written, before MkDocs pops `enabled` and leaves a switched-off plugin out.
    macros_off = macros_setup.switched_off(data.get("plugins"))
    handbook_off = macros_setup.switched_off(data.get("plugins"), "handbook")
    config = MkDocsConfig(config_file_path=str(path))
    config.load_dict(data)
    logging.disable(logging.CRITICAL)  # MkDocs logs what it returns too (this is a worker)
    try:
        errors, warnings = config.validate()  # plugins are loaded and their options checked
    finally:
        logging.disable(logging.NOTSET)
    out = [("error", f"config value '{key}': {_short(error)}") for key, error in errors]
    out += [("error", f"config value '{key}': {_short(warning)}") for key, warning in warnings]
    if not errors:  # the plugins loaded: the macros plugin's resolved options
        macros = config.plugins.get("macros")
        out += [("error", f"config value 'plugins': {problem}") for problem in
                macros_setup.problems(None if macros is None else dict(macros.config),
                                      handbook_listed="handbook" in config.plugins,
                                      off=macros_off, handbook_off=handbook_off)]
        if macros is not None and macros.config.get("module_name") == macros_setup.MODULE:
            out += [("error", problem) for problem in [_module_problem(path.parent)] if problem]
        out += [("error", problem) for problem in _edit_link_problems(config)]
    if hooks is not None and not isinstance(hooks, list):
        out.append(("error", "config value 'hooks': must be a list of Python files"))
    out += [("error", problem) for hook in (hooks if isinstance(hooks, list) else [])
            if (problem := _hook_problem(path.parent, hook))]
    return [(severity, message, *_key_place(path, message)) for severity, message in out]


def _edit_link_problems(config: Any) -> list[str]:
    """What MkDocs warns about the edit links as it builds each page (Page._set_edit_url: an
    edit_uri that is no URL without repo_url), asked of MkDocs for one page: the warning
    comes once per page, and a strict build stops on it."""
    import logging
    from types import SimpleNamespace

    from mkdocs.structure.pages import Page

    key = "edit_uri_template" if config.edit_uri_template else "edit_uri"
    said: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.structure.pages")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        Page._set_edit_url(SimpleNamespace(file=SimpleNamespace(edit_uri="index.md")),
                           config.repo_url, config.edit_uri, config.edit_uri_template)
    except ValueError as exc:  # urljoin with repo_url: MkDocs itself stops on it
        said.append(f"{key}: {config.edit_uri_template or config.edit_uri!r} is not a valid "
                    f"URL: {exc}")
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    return [f"config value '{key}': {message.partition(': ')[2]} (MkDocs says so on every "
            "page)" for message in said]


def _module_problem(folder: Path) -> str:
    """Why mkdocs-macros could not import the handbook's macros module from `folder` (the
    project), or "": compiled, never run, as hooks are."""
    name = macros_setup.MODULE
    for source in (folder / name / "__init__.py", folder / f"{name}.py"):
        if source.is_file():
            why = _compile_problem(source, source.relative_to(folder).as_posix())
            return f"config value 'plugins': the macros module {why}" if why else ""
    return (f"config value 'plugins': the macros module '{name}' is not in the project "
            f"(restore {name}/__init__.py from the handbook's repository)")


def _compile_problem(source: Path, shown: str) -> str:
    """'`shown`' and why it is not valid Python, or "" when it compiles."""
    try:
        compile(source.read_bytes(), shown, "exec", dont_inherit=True)
    except OSError as exc:
        return f"'{shown}' cannot be read ({exc.strerror})"
    except (SyntaxError, ValueError) as exc:
        where = f" at line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        return f"'{shown}' is not valid Python{where}: {getattr(exc, 'msg', None) or exc}"
    return ""


def _hook_problem(folder: Path, hook: Any) -> str:
    """Why MkDocs could not load hook file `hook` (relative to `folder`), or "". The file is
    compiled, not run: compiling executes nothing."""
    if not isinstance(hook, str) or not (folder / hook).is_file():
        return f"config value 'hooks': '{hook}' is not a file"
    why = _compile_problem(folder / hook, hook)
    return f"config value 'hooks': {why}" if why else ""


def _short(problem: object) -> str:
    """MkDocs' message without the traceback some of them carry (a Markdown extension that
    fails to load): its first line, and the last when there are more."""
    lines = [line for line in str(problem).splitlines() if line.strip()]
    return lines[0] if len(lines) < 2 else f"{lines[0]} {lines[-1].strip()}"


def _key_place(path: Path, message: str) -> tuple[Path, int]:
    """(file, line) where the setting a message names ('key', or 'key.sub': its top-level
    key) is written: mkdocs.yml or a file it inherits from; a plugin's option ("Plugin
    'handbook' option 'request_playbook_url': ..."), at the line that writes the option."""
    option = re.search(r"option '([\w-]+)'", message)
    if option:
        place = option_place(path, option.group(1))
        if place[1] > 1:
            return place
    key = message.split("'", 2)[1] if message.count("'") >= 2 else ""
    return setting_place(path, key.split(".")[0])


def _config_error(exc: Exception, root: Path, name: str) -> str:
    """One line for an error of MkDocs' loader: file:line:col of a YAML error (MkDocs keeps
    the YAML error as the cause), else MkDocs' own words."""

    import yaml

    cause = exc.__context__
    mark = getattr(cause, "problem_mark", None) if isinstance(cause, yaml.YAMLError) else None
    if mark is None:
        return f"{name}:1:1: error: {' '.join(str(exc).split())}"
    name = str(mark.name)
    shown = os.path.relpath(name, root).replace(os.sep, "/") if os.path.isabs(name) else name
    problem = getattr(cause, "problem", None) or "invalid YAML"
    return (f"{shown}:{mark.line + 1}:{mark.column + 1}: error: {shown} is not valid YAML: "
            f"{problem} (fix it first: the checker and the build both read it)")
