"""How loudly MkDocs reports each kind of doubtful link: mkdocs.yml's `validation:` block.

"warn" makes `mkdocs build --strict` fail, so `handbook check` reports an error there; "info"
and "ignore" are only notes. MkDocs resolves the block in mkdocs/config/defaults.py
(MkDocsConfig.Validation, a PropagatingSubConfig: a key written directly under `validation:`
applies to both `nav:` and `links:`). The build hands its resolved values over
(`from_mkdocs`); `handbook check` reads mkdocs.yml as written (`from_mapping`), and a test
holds the two together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

_NAMES = {logging.WARNING: "warn", logging.INFO: "info", logging.DEBUG: "ignore"}
_LEVELS = ("warn", "info", "ignore")


@dataclass(frozen=True)
class LinkLevels:
    """Each level is "warn", "info" or "ignore"; the absolute-link ones may also be
    "relative_to_docs" (a link starting with / is read from the docs folder)."""

    not_found: str = "warn"
    absolute_links: str = "info"
    unrecognized_links: str = "info"
    anchors: str = "info"
    nav_not_found: str = "warn"
    nav_absolute_links: str = "info"
    omitted_files: str = "info"


# (sub-config, key) -> LinkLevels field
_FIELDS = {("links", "not_found"): "not_found", ("links", "absolute_links"): "absolute_links",
           ("links", "unrecognized_links"): "unrecognized_links", ("links", "anchors"): "anchors",
           ("nav", "not_found"): "nav_not_found", ("nav", "absolute_links"): "nav_absolute_links",
           ("nav", "omitted_files"): "omitted_files"}


def from_mapping(value: Any) -> LinkLevels:
    """The levels for `validation:` as written in mkdocs.yml. A value MkDocs would reject
    keeps its default here: MkDocs' own validation of the file reports it."""
    if not isinstance(value, dict):
        return LinkLevels()
    found: dict[str, str] = {}
    for (section, key), name in _FIELDS.items():
        sub = value.get(section)
        # A key under nav:/links: wins over the same key written directly under validation:.
        for source in (sub if isinstance(sub, dict) else {}, value):
            level = source.get(key)
            if isinstance(level, str) and (level in _LEVELS or (
                    level == "relative_to_docs" and key == "absolute_links")):
                found.setdefault(name, level)
    return LinkLevels(**found)


def from_mkdocs(validation: Any) -> LinkLevels:
    """The levels from MkDocs' resolved config (`config.validation`), as names."""
    values = {}
    for (section, key), name in _FIELDS.items():
        level = getattr(getattr(validation, section, None), key, None)
        values[name] = _NAMES.get(level, "relative_to_docs") if level is not None else \
            getattr(LinkLevels, name)
    return LinkLevels(**values)

