"""YAML loading that remembers where every key stands, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Key = tuple[Any, ...]


# libyaml when present: it reads 2,000 pages of front matter in well under a second.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that leaves dates as strings, so a bad date is our error, not a crash."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # A plain scalar's tag depends on its text alone (this loader has no path
        # resolvers), and front matter repeats the same owners, dates and periods in every
        # file: remembering them saves a tenth of `handbook check` on a large handbook.
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 50_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS: dict[str, str] = {}


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    """A file that is not valid YAML (or not text) at a known line."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


@dataclass
class Lines:
    """Maps a key path such as ("nodes", "start", "answers", 0) to its line and column."""

    offset: int = 0
    spots: dict[Key, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Key, int]] = field(default_factory=list)

    def at(self, path: Key) -> tuple[int, int]:
        path = tuple(path)
        while path:
            if path in self.spots:
                line, col = self.spots[path]
                return line + self.offset, col
            path = path[:-1]
        return self.spots.get((), (1, 1))[0] + self.offset, 1

    def line(self, path: Key) -> int:
        return self.at(path)[0]


MAX_BYTES = 1024 * 1024


def read_text(path: Path) -> str:
    """Reads UTF-8 text, raising YamlError at the line of the first undecodable byte."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlError(
            f"file is too large ({size / MAX_BYTES:.1f} MiB; the limit is 1 MiB)",
            hint="split it into smaller playbooks, snippets or trees",
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            line,
            hint="save the file with UTF-8 encoding",
        ) from None


def load(text: str, offset: int = 0) -> tuple[Any, Lines]:
    """Parses one YAML document; `offset` shifts line numbers (front matter starts at 2)."""
    loader = _Loader(text)
    lines = Lines(offset=offset)
    try:
        node = loader.get_single_node()
        data = None
        if node is not None:
            try:
                data = _build(node, (), lines, loader, {}, set())
            except (_Generic, yaml.YAMLError):
                # PyYAML's own constructor decides, and reports errors in its own order.
                loader.constructed_objects, loader.recursive_objects = {}, {}
                loader.state_generators = []
                lines = Lines(offset=offset)
                data = loader.construct_document(node)
                _walk(node, (), lines, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        special = _special_error(exc, text)
        if special:
            raise YamlError(special[0], line + offset, col, hint=special[1]) from None
        what = exc.problem or "invalid YAML"
        start = exc.context_mark
        if exc.context and start and mark and start.line != mark.line:
            what = f"{what} {exc.context} that starts on line {start.line + 1 + offset}"
        elif exc.context:
            what = f"{what} {exc.context}"
        raise YamlError(
            f"invalid YAML: {what}", line + offset, col,
            hint="check indentation, colons and quotes on this line",
        ) from None
    except yaml.reader.ReaderError as exc:
        pos = max(0, min(int(exc.position or 0), len(text)))
        char = exc.character
        code = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        raise YamlError(
            f"invalid YAML: the file contains a control character ({code})",
            text.count("\n", 0, pos) + 1 + offset, pos - text.rfind("\n", 0, pos),
            hint="delete it: such characters usually arrive by copy and paste",
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())  # one line, whatever PyYAML put in it
        raise YamlError(f"invalid YAML: {message}", 1 + offset) from None
    finally:
        loader.dispose()
    return data, lines


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))


class _Generic(Exception):
    """Something `_build` leaves to PyYAML's own constructor (merge keys, complex keys, tags,
    recursive anchors)."""


def _build(node: yaml.Node, path: Key, lines: Lines, loader: Any, done: dict[int, Any],
           busy: set[int]) -> Any:
    """Constructs the data and records where each key stands in one pass over the nodes.

    Same result as construct_document() followed by _walk(), in about half the time: most of
    `handbook check` on a large handbook is spent reading front matter."""
    if id(node) in done:  # an alias: share the value, as PyYAML does; record no new spots
        return done[id(node)]
    if id(node) in busy:
        raise _Generic  # a recursive structure
    lines.spots.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        value = node.value if node.tag == _STR else loader.construct_object(node)
    elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        busy.add(id(node))
        value = [_build(item, (*path, i), lines, loader, done, busy)
                 for i, item in enumerate(node.value)]
        busy.discard(id(node))
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        busy.add(id(node))
        value = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise _Generic
            name = key_node.value
            here = _note_key(lines, path, key_node, seen)
            key = name if key_node.tag == _STR else loader.construct_object(key_node)
            value[key] = _build(value_node, here, lines, loader, done, busy)
        busy.discard(id(node))
    else:
        raise _Generic
    done[id(node)] = value
    return value


def _note_key(lines: Lines, path: Key, key_node: yaml.Node, seen: set[Any]) -> Key:
    """Records where a mapping key stands (and whether it repeats); returns its path."""
    here = (*path, key_node.value)
    if key_node.value in seen:
        lines.duplicates.append((here, key_node.start_mark.line + 1))
    seen.add(key_node.value)
    lines.spots[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return here


def _special_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str] | None:
    """Plain words for the YAML mistakes authors make most, as (message, hint)."""
    mark = exc.problem_mark
    if mark is not None:
        lines = text.split("\n", mark.line + 1)
        here = lines[mark.line] if mark.line < len(lines) else ""
        if mark.column < len(here) and here[mark.column] == "\t":
            return ("invalid YAML: a tab is used for indentation",
                    "indent with spaces: YAML does not allow tabs")
    if exc.problem == "but found another document":
        return ("invalid YAML: a second document starts here (a line '---')",
                "a file holds one snippet or tree: remove the '---' line, or move what "
                "follows into a file of its own")
    return None


def _walk(node: yaml.Node, path: Key, lines: Lines, seen_nodes: set[int]) -> None:
    if id(node) in seen_nodes:  # an alias: walk each node once, however often it is reused
        return
    seen_nodes.add(id(node))
    lines.spots.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            here = _note_key(lines, path, key_node, seen)
            _walk(value_node, here, lines, seen_nodes)
            # The value's own walk may have set this path to the value's line: the key wins.
            lines.spots[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, seen_nodes)


FRONT_MATTER_HINT = "start the file with a line '---', the YAML fields, then a closing '---'"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Returns (front matter YAML or None, body, line number where the body starts)."""
    # Walks the front matter line by line and slices the body off in one go: splitting a
    # whole page into lines costs more than the rest of `handbook check`.
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return None, text, 1
    pos, index = first_end + 1, 1  # start and 0-based number of the line being read
    while first_end >= 0:
        end = text.find("\n", pos)
        if text[pos : len(text) if end < 0 else end].rstrip() in ("---", "..."):
            body = "" if end < 0 else text[end + 1 :]
            return text[first_end + 1 : max(pos - 1, first_end + 1)], body, index + 2
        if end < 0:
            break
        pos, index = end + 1, index + 1
    raise YamlError(
        "front matter is not closed", 1, hint="add a line '---' after the last front matter field"
    )
