"""YAML loading that remembers where every key stands, for file:line errors."""

from __future__ import annotations

import os
import re
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
    """Maps a key path such as ("nodes", "start", "answers", 0) to its line and column.

    The map is worked out from `text` on first use: only files with a problem (or an overdue
    review) ever need a line number, and recording every key of 2,000 files up front was a
    tenth of `handbook check`. Duplicate keys are found while loading, since they are errors."""

    offset: int = 0
    text: str = ""
    duplicates: list[tuple[Key, int]] = field(default_factory=list)
    _spots: dict[Key, tuple[int, int]] | None = field(default=None, repr=False)

    def __reduce__(self) -> tuple:
        # As constructor arguments: the page workers of `handbook check` send one per page.
        return (Lines, (self.offset, self.text, self.duplicates, self._spots))

    @property
    def spots(self) -> dict[Key, tuple[int, int]]:
        if self._spots is None:
            self._spots = {}
            if self.text:
                loader = _Loader(self.text)
                try:
                    node = loader.get_single_node()
                finally:
                    loader.dispose()
                if node is not None:
                    _walk(node, (), self._spots, [], set())
        return self._spots

    def at(self, path: Key) -> tuple[int, int]:
        spots, path = self.spots, tuple(path)
        while path:
            if path in spots:
                line, col = spots[path]
                return line + self.offset, col
            path = path[:-1]
        return spots.get((), (1, 1))[0] + self.offset, 1

    def line(self, path: Key) -> int:
        return self.at(path)[0]


MAX_BYTES = 1024 * 1024


def read_text(path: Path) -> str:
    """Reads UTF-8 text, raising YamlError at the line of the first undecodable byte."""
    # One open and an fstat (was a stat by path, then Path.read_bytes), and read() with no size:
    # read(MAX_BYTES + 1) would allocate a megabyte per file. 2,000 pages: 39 ms to 24 ms.
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise YamlError(
                f"file is too large ({size / MAX_BYTES:.1f} MiB; the limit is 1 MiB)",
                hint="split it into smaller playbooks, snippets or trees",
            )
        raw = file.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            line,
            hint="save the file with UTF-8 encoding",
        ) from None


def load(text: str, offset: int = 0, front_matter: bool = False) -> tuple[Any, Lines]:
    """Parses one YAML document; `offset` shifts line numbers (front matter starts at 2).

    With `front_matter`, a plain value MkDocs' reader would take for a date must be a real
    one: where it is not, MkDocs ignores the whole front matter (raises YamlError)."""
    global _DATES
    _DATES = front_matter
    loader = _Loader(text)
    lines = Lines(offset=offset, text=text)
    try:
        node = loader.get_single_node()
        data = None
        if node is not None:
            if "&" in text:  # anchors: aliases can nest and multiply past _build's check
                _check_shape(node, offset)
            try:
                repeated: list[bool] = []
                data = _build(node, loader, {}, set(), repeated)
            except _TooDeep as exc:
                raise _shape_error(exc.node, offset, deep=True) from None
            except _BadTimestamp as exc:
                tag = exc.node.tag.rpartition(":")[2]
                raise YamlError(
                    f"'{exc.node.value}' is not a real date or time, and MkDocs would then "
                    "ignore all of the front matter" if tag in ("str", "timestamp") else
                    f"invalid YAML: '{exc.node.value}' cannot be read as !!{tag}",
                    *_where(exc.node, offset),
                    hint="write a real date, or put the value in quotes to keep it as text"
                    if tag in ("str", "timestamp") else
                    f"remove the !!{tag} tag, or write a value it can read",
                ) from None
            except (_Generic, yaml.YAMLError):
                # PyYAML's own constructor decides, and reports errors in its own order.
                _check_shape(node, offset)  # it recurses, and _build may have stopped early
                # Repeated keys are named before construction: PyYAML folds merge keys (<<)
                # into the mapping, and a key written to override a merged one is no repeat.
                lines._spots = {}
                _walk(node, (), lines._spots, lines.duplicates, set())
                loader.constructed_objects, loader.recursive_objects = {}, {}
                loader.state_generators = []
                data = loader.construct_document(node)
                repeated = []
            if repeated:  # walk the nodes again to name each repeated key and its line
                lines._spots = {}
                _walk(node, (), lines._spots, lines.duplicates, set())
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
    except RecursionError:  # the pure-Python parser, without libyaml, recurses while parsing
        raise YamlError("invalid YAML: nested too deeply to read", 1 + offset,
                        hint=DEPTH_HINT) from None
    finally:
        loader.dispose()
    return data, lines


def repeated_keys(text: str) -> list[tuple[Key, int]]:
    """Each key written twice in its mapping anywhere in the YAML `text` (which YAML would
    silently replace by the last): (its key path, the line of the repeat). Reads the document's
    nodes only, so tags (mkdocs.yml's !ENV, !!python/name) build nothing. Raises YamlError for
    text that is no YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    duplicates: list[tuple[Key, int]] = []
    if node is not None:
        _walk(node, (), {}, duplicates, set())
    return duplicates


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))


class _Generic(Exception):
    """Something `_build` leaves to PyYAML's own constructor (merge keys, complex keys, tags,
    recursive anchors)."""


# Lists and mappings inside each other: content needs a handful of levels (a tree's answers
# are five deep). Deeper data would overflow Python's stack here, in PyYAML's constructor or
# in validation (a flow list 600 deep once gave a RecursionError traceback).
MAX_DEPTH = 50
# Values the data would hold with every alias expanded (a text counts once per 64 characters):
# aliases of aliases double it at each step, and validating or exporting it walks every copy.
MAX_VALUES = 100_000
DEPTH_HINT = "nest lists and mappings less deeply: content needs only a few levels"


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__("too deep")
        self.node = node


def _check_shape(node: yaml.Node, offset: int) -> None:
    """Refuses data nested deeper than MAX_DEPTH, an alias inside the collection it names,
    and data that aliases expand past MAX_VALUES. Walks each node once, without recursion:
    only needed where aliases (or PyYAML's own constructor) could get past `_build`'s check."""
    heights: dict[int, tuple[int, int]] = {}  # node -> (levels, values with aliases expanded)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, finished = stack.pop()
        key, children = id(current), _children(current)
        if finished:
            on_path.discard(key)
            levels = 1 + max((heights[id(c)][0] for c in children), default=0)
            # A long text counts as several values: one aliased 500,000-character string
            # used in a thousand places is as much work as a thousand thousand values.
            own = 1 + len(current.value) // 64 if isinstance(current, yaml.ScalarNode) else 1
            values = own + sum(heights[id(c)][1] for c in children)
            if levels > MAX_DEPTH + 1 or values > MAX_VALUES:
                raise _shape_error(current, offset, levels > MAX_DEPTH + 1)
            heights[key] = (levels, values)
        elif key in on_path:
            raise YamlError("invalid YAML: an alias names a list or mapping it is inside",
                            *_where(current, offset), hint="remove the alias (*name) or copy "
                            "the values it stands for")
        elif key not in heights:
            on_path.add(key)
            stack.append((current, True))
            stack += [(c, False) for c in children if id(c) not in heights]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _where(node: yaml.Node, offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def _shape_error(node: yaml.Node, offset: int, deep: bool) -> YamlError:
    if deep:
        return YamlError(f"invalid YAML: lists and mappings nested more than {MAX_DEPTH} "
                         "levels deep", *_where(node, offset), hint=DEPTH_HINT)
    return YamlError(f"invalid YAML: its aliases expand to more than {MAX_VALUES:,} values",
                     *_where(node, offset), hint="write the values out instead of aliasing "
                     "aliases (*name)")


# What PyYAML's SafeLoader (MkDocs' front matter reader) takes for a date or time.
_TIMESTAMP_RE = next(rx for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
                     for tag, rx in resolvers if tag == "tag:yaml.org,2002:timestamp")


_DATES = False  # set by load() for the document being built
_DATE_FIELDS = frozenset({"reviewed"})


class _BadTimestamp(Exception):
    def __init__(self, node: yaml.ScalarNode) -> None:
        super().__init__(node.value)
        self.node = node


def _check_timestamp(node: yaml.ScalarNode, value: str) -> None:
    """This loader keeps dates as text, but MkDocs' reads them as dates, and when one is not
    a real date (2026-02-30) it drops the whole front matter and shows it as page text."""
    try:
        yaml.SafeLoader("").construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        raise _BadTimestamp(node) from None


def _build(node: yaml.Node, loader: Any, done: dict[int, Any], busy: set[int],
           repeated: list[bool]) -> Any:
    """Constructs the data in one lean pass over the nodes; same result as
    construct_document(), in about half the time (most of `handbook check` on a large handbook
    is spent reading front matter). A repeated mapping key is noted in `repeated`."""
    if id(node) in done:  # an alias: share the value, as PyYAML does
        return done[id(node)]
    if id(node) in busy:
        raise _Generic  # a recursive structure
    if isinstance(node, yaml.ScalarNode):
        try:
            value = node.value if node.tag == _STR else loader.construct_object(node)
        except (ValueError, TypeError, OverflowError):  # e.g. !!int abc, !!timestamp 2026-02-30
            raise _BadTimestamp(node) from None
        if (_DATES and node.tag == _STR and not node.style and value[:4].isdigit()
                and _TIMESTAMP_RE.match(value)):
            _check_timestamp(node, value)
        done[id(node)] = value
        return value
    if len(busy) >= MAX_DEPTH:  # `busy` holds the lists and mappings around this one
        raise _TooDeep(node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        busy.add(id(node))
        value = [_build(item, loader, done, busy, repeated) for item in node.value]
        busy.discard(id(node))
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        busy.add(id(node))
        value = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise _Generic
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node)
            if key in _DATE_FIELDS and isinstance(value_node, yaml.ScalarNode):
                value[key] = value_node.value  # checked, with its own message, by the model
                continue
            value[key] = _build(value_node, loader, done, busy, repeated)
        if len(value) < len(node.value) and not repeated:
            repeated.append(True)
        busy.discard(id(node))
    else:
        raise _Generic
    done[id(node)] = value
    return value


def _special_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str] | None:
    """Plain words for the YAML mistakes authors make most, as (message, hint)."""
    mark = exc.problem_mark
    if mark is not None:
        lines = text.split("\n", mark.line + 1)
        here = lines[mark.line] if mark.line < len(lines) else ""
        if mark.column < len(here) and here[mark.column] == "\t":
            return ("invalid YAML: a tab is used for indentation",
                    "indent with spaces: YAML does not allow tabs")
    if str(exc.problem or "").startswith("could not determine a constructor for the tag"):
        tag = str(exc.problem).rpartition(" ")[2]
        return (f"invalid YAML: the tag {tag} is not allowed here (content is plain data)",
                "write the value as plain text, in quotes if it starts with '!'")
    if exc.problem == "but found another document":
        return ("invalid YAML: a second document starts here (a line '---')",
                "a file holds one snippet or tree: remove the '---' line, or move what "
                "follows into a file of its own")
    return None


Spots = dict[Key, tuple[int, int]]


def _walk(node: yaml.Node, path: Key, spots: Spots, duplicates: list[tuple[Key, int]],
          seen_nodes: set[int]) -> None:
    """Records where each key stands in `spots`, and each repeated key in `duplicates`."""
    if id(node) in seen_nodes:  # an alias: walk each node once, however often it is reused
        return
    seen_nodes.add(id(node))
    spots.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            here = (*path, key_node.value)
            if key_node.value in seen:
                duplicates.append((here, key_node.start_mark.line + 1))
            seen.add(key_node.value)
            _walk(value_node, here, spots, duplicates, seen_nodes)
            # The value's own walk may have set this path to the value's line: the key wins.
            spots[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), spots, duplicates, seen_nodes)


FRONT_MATTER_HINT = "start the file with a line '---', the YAML fields, then a closing '---'"


# MkDocs' own patterns for front matter (mkdocs/utils/meta.py, which reads pages opened with
# universal newlines): restated because importing mkdocs.utils costs `handbook check` a tenth
# of a second; tests/test_yaml_and_models.py holds them to MkDocs' own.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


def universal_newlines(text: str) -> str:
    """Line ends as MkDocs reads a page (open() in text mode): \r\n and \r become \n."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Returns (front matter YAML or None, body, line number where the body starts), reading
    `text` (with universal newlines) exactly as MkDocs does.

    Raises YamlError where MkDocs would read something else than the author meant: front
    matter whose '---' lines it does not accept (it would show the YAML as text), and
    MultiMarkdown-style `key: value` lines at the top (it would hide them and read them as
    settings)."""
    match = YAML_RE.match(text)
    if match:
        return match.group(1), text[match.end():], text.count("\n", 0, match.end()) + 1
    first, _, rest = text.partition("\n")
    if first.strip() == "---":
        if not any(line.strip() in ("---", "...") for line in rest.split("\n")):
            raise YamlError("front matter is not closed", 1,
                            hint="add a line '---' after the last front matter field")
        raise YamlError(
            "front matter is not read as such: MkDocs would show it as text", 1,
            hint="start and end it with lines that hold '---' and nothing else, the closing "
            "one followed by a line break")
    meta = META_RE.match(first)
    if meta:
        raise YamlError(
            f"the first line '{meta.group('key')}: ...' is read by MkDocs as metadata, not "
            "shown: the lines up to the first blank line would vanish", 1,
            hint="put metadata between '---' lines; to start the page with such a line of "
            "text, put a heading or a blank line above it")
    return None, text, 1
