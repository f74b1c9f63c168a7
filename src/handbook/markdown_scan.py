"""Reads Markdown the way authors write it: code regions, headings and anchors.

The checker, the build and the Jinja guard (macro_calls.py) all use these functions, so they
agree on what is code and where a heading's anchor points.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache

FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
# As Python-Markdown reads a heading line: no space is needed after the #s.
HEADING_RE = re.compile(r"^(#{1,6})[ \t]*(.+?)[ \t]*#*[ \t]*$")
ATTR_LIST_END_RE = re.compile(r"[ \t]*\{:?[^{}]*\}[ \t]*$")
ATTR_ID_RE = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")


@lru_cache(maxsize=8192)
def code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline code, where nothing is a macro call.

    Sorted and non-overlapping; the caller must not change the list. Remembered per page:
    loading, the macro scan, the link scan and the HTML policy all ask (a string's hash is
    computed once, and a hit compares by identity first)."""
    return _code_spans(text)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """code_spans without the memory. Only lines holding a backtick or a tilde can open, close or
    contain code, so the scan jumps from one such line to the next with str.find (at C speed:
    this keeps `handbook check` under a second on a 2,000-page handbook)."""
    if "`" not in text and "~~~" not in text:
        return []
    if _other_breaks(text):  # lines end in \r or rarer breaks: walk every line
        return _code_spans_by_line(text)
    spans: list[tuple[int, int]] = []
    fence, fence_start, pos, size = "", 0, 0, len(text)
    while pos < size:
        tick, tilde = text.find("`", pos), text.find("~", pos)
        hit = tilde if tick < 0 else tick if tilde < 0 else min(tick, tilde)
        if hit < 0:
            break
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = size if end < 0 else end + 1
        fence, fence_start = _code_line(text[start:end], start, end, fence, fence_start, spans)
        pos = end
    if fence:  # An unclosed fence runs to the end, as Markdown renders it.
        spans.append((fence_start, size))
    return spans


_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"
_OTHER_BREAKS = _ASCII_BREAKS + "\x85\u2028\u2029"


def _other_breaks(text: str) -> bool:
    """Whether str.splitlines() would break `text` anywhere but at "\n".

    One `in` test per character: a regex character class walks the text forty times slower,
    which was a sixth of `handbook check` on a large handbook."""
    return any(c in text for c in (_ASCII_BREAKS if text.isascii() else _OTHER_BREAKS))


def _code_spans_by_line(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    offset, fence, fence_start = 0, "", 0
    for line in text.splitlines(keepends=True):
        if "`" in line or "~" in line:
            fence, fence_start = _code_line(line, offset, offset + len(line), fence, fence_start,
                                            spans)
        offset += len(line)
    if fence:
        spans.append((fence_start, len(text)))
    return spans


def _code_line(line: str, start: int, end: int, fence: str, fence_start: int,
               spans: list[tuple[int, int]]) -> tuple[str, int]:
    """One line that holds a backtick or a tilde; returns the open fence after it, if any."""
    match = FENCE_RE.match(line)
    if fence:
        if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            spans.append((fence_start, end))
            return "", 0
        return fence, fence_start
    if match:
        return match.group(1), start
    if "`" in line:
        spans.extend((start + m.start(), start + m.end()) for m in INLINE_CODE_RE.finditer(line))
    return fence, fence_start


_CONTAINER_RE = re.compile(r"(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|:[ \t])")


def indented_code_spans(body: str) -> list[tuple[int, int]]:
    """Offsets of indented code blocks at the top level of a page, as Python-Markdown reads
    them: lines indented by four columns after a blank line, unless they continue a list
    item, an admonition, a content tab or a definition (where indentation is content)."""
    spans: list[tuple[int, int]] = []
    offset, blank_before, container, code_start = 0, True, False, -1
    for line in body.split("\n"):
        end = offset + len(line) + 1
        stripped = line.lstrip(" \t")
        if not stripped:
            blank_before = True
        else:
            indent = len(line[: len(line) - len(stripped)].expandtabs(4))
            if indent >= 4 and (code_start >= 0 or (blank_before and not container)):
                if code_start < 0:
                    code_start = offset
            else:
                if code_start >= 0:
                    spans.append((code_start, offset))
                    code_start = -1
                if indent < 4 and blank_before:
                    container = _CONTAINER_RE.match(stripped) is not None
            blank_before = False
        offset = end
    if code_start >= 0:
        spans.append((code_start, len(body)))
    return spans


def comment_spans(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets of HTML comments outside `code` (from `code_spans`). Markdown passes them on
    as they are, so nothing in one is shown, and no macro call in one is run. An unclosed
    `<!--` is text."""
    spans: list[tuple[int, int]] = []
    pos = text.find("<!--")
    while pos >= 0:
        if inside(pos, code):
            pos = text.find("<!--", pos + 4)
            continue
        end = text.find("-->", pos + 4)
        while end >= 0 and inside(end, code):
            end = text.find("-->", end + 3)
        if end < 0:
            break
        spans.append((pos, end + 3))
        pos = text.find("<!--", end + 3)
    return spans


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether offset `pos` falls in one of the sorted, non-overlapping `spans`."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_inside = inside


Slugify = Callable[[str, str], str]


def heading_anchors(text: str, slugify: Slugify | None = None,
                    separator: str = "-") -> dict[str, int]:
    """Anchor id -> line of every heading (`# Title`, `#Title`, and underlined with === or
    ---), outside code and comments, with ids as the toc extension makes them: from the
    heading's text as rendered (code spans keep their underscores, tags are dropped), by
    `slugify` (the site's; Markdown's own by default), made unique with _1, _2 ..."""
    if "#" not in text and "\n=" not in text and "\n-" not in text:
        return {}
    regions = NotProse(text)
    anchors: dict[str, int] = {}
    runs: dict[str, tuple[int, int]] = {}
    for line, title in _headings(text, regions):
        explicit = ATTR_ID_RE.search(title)
        if explicit:
            anchor = explicit.group(1)
        else:
            plain = heading_text(title)
            slug = slugify(plain, separator) if slugify else _slugify(plain, separator)
            anchor = _unique(slug, anchors, runs)
        anchors.setdefault(anchor, line)
    return anchors


_SETEXT_RE = re.compile(r"^(=+|-+)[ \t]*$")
# A line above === or --- that is no paragraph text: a list item, a rule, a quote, a table.
_LIST_OR_RULE_RE = re.compile(
    r"^[ \t]{0,3}(?:[-*+][ \t]|\d+[.)][ \t]|[-*_][ \t]*[-*_][ \t]*[-*_]|>|\||$)")


def _headings(text: str, regions: NotProse) -> Iterator[tuple[int, str]]:
    """(line number, title source) of each heading, in order: at the top level, in block
    quotes (`> ## Step`) and in indented containers (admonitions, content tabs, list items),
    whose indentation Markdown takes off before reading the block inside."""
    lines = text.split("\n")
    offset = 0
    previous = ""
    for number, line in enumerate(lines, 1):
        inner = _block_content(line) if line[:1] in (" ", "\t", ">") else line
        if inner.startswith("#") and not regions.holds(offset):
            match = HEADING_RE.match(inner)
            if match:
                yield number, match.group(2)
                previous, offset = "", offset + len(line) + 1
                continue
        elif (_SETEXT_RE.match(inner) and previous.strip() and number > 1
              and not regions.holds(offset) and not _LIST_OR_RULE_RE.match(previous)
              and not previous.startswith("#")):
            yield number - 1, previous.strip()
            previous, offset = "", offset + len(line) + 1
            continue
        previous = inner
        offset += len(line) + 1


_QUOTE_OR_INDENT_RE = re.compile(r"^(?:>[ ]?|(?: {4}|\t))+")


def _block_content(line: str) -> str:
    """A line without the quote markers and container indentation in front of it (a line
    that is indented code never gets here: NotProse holds it)."""
    return line[_QUOTE_OR_INDENT_RE.match(line).end():] if _QUOTE_OR_INDENT_RE.match(line) \
        else line


_MARKUP = frozenset("[<*_`&\\")
_TAG_RE = re.compile(r"<[^>]*>")


def heading_text(title: str) -> str:
    """A heading's source as the toc reads it: rendered by Markdown, tags dropped, entities
    decoded (`The `ticket_id` field` gives "The ticket_id field")."""
    title = ATTR_LIST_END_RE.sub("", title)
    if not any(c in _MARKUP for c in title):
        return title.strip()
    import html

    rendered = _inline_markdown().convert(title)
    _inline_markdown().reset()
    return html.unescape(_TAG_RE.sub("", rendered)).strip()


@lru_cache(maxsize=1)
def _inline_markdown():  # type: ignore[no-untyped-def]
    import markdown

    return markdown.Markdown()


# Python-Markdown's toc extension slugs headings with these two steps (the defaults MkDocs
# uses). They are restated here because importing Markdown would be a twentieth of
# `handbook check`; tests/test_markdown_scan.py holds them to Markdown's own functions.
_NOT_SLUG_RE = re.compile(r"[^\w\s-]")
_SLUG_SPACE_RE = re.compile(r"[-\s]+")
_COUNTED_RE = re.compile(r"^(.*)_([0-9]+)$")


def _slugify(value: str, separator: str = "-") -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _SLUG_SPACE_RE.sub(separator, _NOT_SLUG_RE.sub("", value).strip().lower())


def _unique(anchor: str, taken: dict[str, int],
            runs: dict[str, tuple[int, int]] | None = None) -> str:
    """`anchor`, or with _1, _2 ... appended when a heading before it took it already.

    Markdown's own unique() tries _1, _2 ... from the start every time, so 20,000 headings
    named "Step" cost 200 million lookups. `runs` remembers, per base, a stretch of counts
    [first, end) already found taken: anchors are never given back, so the next search for the
    same base can start at `end`. The result is the same as Markdown's."""
    if anchor not in taken and anchor:
        return anchor
    counted = _COUNTED_RE.match(anchor)
    base, count = (counted.group(1), int(counted.group(2)) + 1) if counted else (anchor, 1)
    start = count
    known = runs.get(base) if runs is not None else None
    if known is not None and known[0] <= count < known[1]:
        start, count = known[0], known[1]
    while f"{base}_{count}" in taken:
        count += 1
    if runs is not None:
        runs[base] = (start, count)
    return f"{base}_{count}"


class NotProse:
    """Where Markdown shows text as it is or hides it: code (fenced, inline, indented) and
    HTML comments. A call there is an example or a note, never run. The rarer regions are
    worked out only when a call could be in one."""

    _INDENTED = ("    ", "\t", " \t", "  \t", "   \t")

    def __init__(self, text: str) -> None:
        self.text = text
        self.code = code_spans(text)
        self._comments: list[tuple[int, int]] | None = None if "<!--" in text else []
        self._indented: list[tuple[int, int]] | None = None

    def holds(self, pos: int) -> bool:
        if inside(pos, self.code):
            return True
        if self._comments is None:
            self._comments = comment_spans(self.text, self.code)
        if inside(pos, self._comments):
            return True
        if not self.text.startswith(self._INDENTED, self.text.rfind("\n", 0, pos) + 1):
            return False
        if self._indented is None:
            self._indented = indented_code_spans(self.text)
        return inside(pos, self._indented)
