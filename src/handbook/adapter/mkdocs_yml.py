"""mkdocs.yml read by MkDocs' own loader, for `handbook check` (the build has MkDocs' config).

MkDocs' `yaml_load` gives what the build will see: `INHERIT:` merged with the parent file,
`!ENV` values from the environment. It runs with site_config.TolerantLoader underneath, so a
`!!python/...` tag builds nothing but the toc slug functions. Plugins and the theme are not
started: that costs half a second, and `handbook check` must stay under one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.site_config import SiteConfig, TolerantLoader, from_mapping


class ConfigError(Exception):
    """mkdocs.yml (or a file it inherits) can't be read; the message is one line."""


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """The values of `root`/mkdocs.yml as MkDocs loads them; {} when there is no such file.
    Raises ConfigError."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as source:
            data = yaml_load(source, loader=get_yaml_loader(loader=TolerantLoader))
    except ConfigurationError as exc:
        raise ConfigError(_config_error(exc, root)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"mkdocs.yml cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError("mkdocs.yml does not hold settings (name: value lines)")
    return data


def read_site_config(root: Path) -> SiteConfig:
    """The SiteConfig of the handbook in folder `root`. Raises ConfigError."""
    return from_mapping(root, read_mkdocs_yml(root))


def _config_error(exc: Exception, root: Path) -> str:
    """One line for an error of MkDocs' loader: file:line:col of a YAML error (MkDocs keeps
    the YAML error as the cause), else MkDocs' own words."""
    import os

    import yaml

    cause = exc.__context__
    mark = getattr(cause, "problem_mark", None) if isinstance(cause, yaml.YAMLError) else None
    if mark is None:
        return f"mkdocs.yml:1:1: error: {' '.join(str(exc).split())}"
    name = str(mark.name)
    shown = os.path.relpath(name, root).replace(os.sep, "/") if os.path.isabs(name) else name
    problem = getattr(cause, "problem", None) or "invalid YAML"
    return (f"{shown}:{mark.line + 1}:{mark.column + 1}: error: {shown} is not valid YAML: "
            f"{problem} (fix it first: the checker and the build both read it)")
