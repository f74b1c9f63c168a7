"""Where each entry of mkdocs.yml's `nav:` is written, so a problem with one is reported at its
own line rather than at `nav:`.

PyYAML composes the file into nodes that carry their line (nothing is constructed, so MkDocs'
own tags such as `!ENV` or `!!python/name:` need no loader); the paths are walked in the order
validate._nav_paths reads them from the loaded value: a mapping's values, a list's items.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def nav_entry_lines(path: Path) -> list[tuple[str, int]]:
    """(path or address, line from 1) of every entry of the `nav:` written in the
    configuration file `path`, in order; [] when the file has no `nav:` or can't be read."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8", errors="replace"),
                            Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            return list(_entries(value))
    return []


def _entries(node: yaml.Node) -> list[tuple[str, int]]:
    if isinstance(node, yaml.MappingNode):
        return [e for _key, value in node.value for e in _entries(value)]
    if isinstance(node, yaml.SequenceNode):
        return [e for item in node.value for e in _entries(item)]
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return [(node.value, node.start_mark.line + 1)]
    return []
