"""Where each line of a page stands in Markdown's block structure: inside which container (a
list item, an admonition, a content tab, a definition, a block quote) and whether it is indented
code there. Link scanning (markdown_policy) and the macro-call scanner (markdown_scan.NotProse)
read the page through it, so they agree on what is code."""

from __future__ import annotations

import re

from .markdown_scan import expand_tabs, inside

_LIST_ITEM_RE = re.compile(r"(?:[-*+]|\d+\.)[ ]+")
_BLOCK_OPENER_RE = re.compile(r"(?:!!!|\?\?\?|===|:[ ]+)")
_QUOTE_LEAD_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)*")


class Layout:
    """The line-by-line reading behind markdown_policy's _Unread and NotProse: for a line
    with text, (level, code): the indentation of the content of its container (a list item,
    an admonition, a content tab, a definition; 0 at the top), and whether it is indented
    code. A line of quote markers only is blank inside its quote.

    After a blank line, a line indented less than that content leaves the container, and
    one indented by four more is code. Without one, a line continues the block above: the
    first paragraph of a list item (a lazy line included), of an admonition (a lazy line
    ends it) or code. A heading ends a block; so does a definition, which makes nothing:
    the block after it belongs to the container before it. Worked out from the top of the
    page down, each line once; the caller adds definitions to `taken` top down, and asks
    about a line only when those above it are in."""

    def __init__(self, body: str, taken: list[tuple[int, int]]) -> None:
        self.body = body
        self.taken = taken
        self._pos = 0  # where the lines read so far end
        self._read_lines: dict[int, tuple[int, bool, str]] = {}
        self._blank = True  # a blank line (or the top of the page) above the next line
        self._new_block = True  # a block starts at the next line
        # What the last line with text leaves for the line below: its kind, the level of a
        # line right below it, the content of a block after a blank line, and whether
        # that is a list item's.
        self._prev: tuple[str, int, int, bool] | None = None

    def at(self, line_start: int) -> tuple[int, bool, str]:
        """(level, code, kind) of the line at `line_start`; kind is "code", "heading",
        "opener" (of an admonition, a tab or a definition), "list" (an item), "text", or
        "" for a blank line."""
        body = self.body
        while self._pos < line_start:
            start = self._pos
            end = body.find("\n", start)
            end = len(body) if end < 0 else end
            self._pos = end + 1
            line = body[start:end]
            if not line.strip(" \t>"):  # blank, also inside a block quote
                self._blank = self._new_block = True
            elif self.taken and inside(start, self.taken):
                # A definition makes no element, but ends a block; one that opens a list
                # item ("- [id]: url") opens it all the same.
                state = self._read(line)[2]
                if state[0] == "list":
                    self._prev = state
                self._blank, self._new_block = False, True
            else:
                level, code, self._prev = self._read(line)
                self._blank = False
                self._new_block = self._prev[0] == "heading"
                self._read_lines[start] = (level, code, self._prev[0])
        if line_start < self._pos:
            return self._read_lines.get(line_start, (0, False, ""))
        end = body.find("\n", line_start)
        line = body[line_start:len(body) if end < 0 else end]
        if not line.strip(" \t>"):
            return 0, False, ""
        level, code, prev = self._read(line)
        return level, code, prev[0]

    def _read(self, line: str) -> tuple[int, bool, tuple[str, int, int, bool]]:
        line = expand_tabs(line)  # before the quote markers come off, as Markdown does
        line = line[_QUOTE_LEAD_RE.match(line).end():]
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        if self._prev is None:
            level, content, listed, code = 0, 0, False, indent >= 4
            starts = True
        else:
            kind, level, content, listed = self._prev
            if self._new_block:
                level = content
            code = indent >= level + 4 and (self._new_block or kind == "code")
            starts = self._new_block or kind in ("opener", "code")  # a block starts here
            if indent < level and not code and (self._blank or not listed):
                level = content = indent - indent % 4  # out of the container (a lazy
                listed = False  # line stays in a list item's first paragraph)
        if code:
            return level, True, ("code", level, content, listed)
        if text.startswith("#") and indent <= level:
            return level, False, ("heading", level, content, listed)
        if _BLOCK_OPENER_RE.match(text):
            return level, False, ("opener", indent + 4, indent + 4, False)
        if _LIST_ITEM_RE.match(text) and (starts or listed):  # a list starts a block
            return level, False, ("list", indent, indent + 4, True)
        return level, False, ("text", level, content, listed)
