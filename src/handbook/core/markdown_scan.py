"""Reads Markdown the way authors write it: code regions, headings and anchors.

The checker, the build and the Jinja guard (macro_calls.py) all use these functions, so they
agree on what is code and where a heading's anchor points.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .plain_html import plainly_fine_html

FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
ATTR_LIST_END_RE = re.compile(r"[ \t]*\{:?[^{}]*\}[ \t]*$")


@lru_cache(maxsize=1)
def tab_length() -> int:
    """Python-Markdown's tab_length (columns per tab stop) as MkDocs leaves it: MkDocs never
    sets it, so it is Markdown's own default, asked of Markdown on first use (only a page
    holding a tab imports Markdown for it)."""
    return int(_inline_markdown().tab_length)


def expand_tabs(line: str) -> str:
    """`line` (whole, from its start) with tabs expanded as Python-Markdown does before it
    reads any block: its NormalizeWhitespace preprocessor runs str.expandtabs(tab_length) on
    the whole text. So `>` then a tab is `>` and three spaces, a quoted paragraph, not code."""
    return line.expandtabs(tab_length()) if "\t" in line else line


# How a line indented by four columns (indented code, a container's body) starts: Markdown
# expands a tab to the next multiple of four.
INDENTED_STARTS = ("    ", "\t", " \t", "  \t", "   \t")


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
    pos, size = 0, len(text)
    opens_from = 0  # where a line may open a fence (-1: nowhere; see fenced_blocks)
    while pos < size:
        tick, tilde = text.find("`", pos), text.find("~", pos)
        hit = tilde if tick < 0 else tick if tilde < 0 else min(tick, tilde)
        if hit < 0:
            break
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = size if end < 0 else end + 1
        fence = _FENCE_LINE_RE.match(text, start) if 0 <= opens_from <= start else None
        if fence is not None:
            found = _fence_end(text, end, *fence.groups())
            if found is not None and found[0]:
                spans.append((start, found[1]))
                pos = found[1]
                continue
            opens_from = -1 if found is None else found[1]  # its lines are text
        pos = _code_line(text, start, end, spans)
    return spans


_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"
_OTHER_BREAKS = _ASCII_BREAKS + "\x85\u2028\u2029"


def _other_breaks(text: str) -> bool:
    """Whether str.splitlines() would break `text` anywhere but at "\n".

    One `in` test per character: a regex character class walks the text forty times slower,
    which was a sixth of `handbook check` on a large handbook."""
    return any(c in text for c in (_ASCII_BREAKS if text.isascii() else _OTHER_BREAKS))


def _code_spans_by_line(text: str) -> list[tuple[int, int]]:
    blocks = fenced_blocks(text)
    spans: list[tuple[int, int]] = []
    offset, read_to, i = 0, 0, 0
    for line in text.splitlines(keepends=True):
        while i < len(blocks) and blocks[i][0] < max(offset, read_to):
            i += 1
        if offset >= read_to and i < len(blocks) and offset == blocks[i][0]:
            spans.append(blocks[i])
            read_to, i = blocks[i][1], i + 1
        elif offset >= read_to and ("`" in line or "~" in line):
            read_to = _code_line(text, offset, offset + len(line), spans)
        offset += len(line)
    return spans


def _code_line(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """The line text[start:end], which holds a backtick or a tilde and opens no fenced block:
    adds its inline code to `spans`; returns where the scan goes on (the line's end, or its
    paragraph's when a code span may run on over lines)."""
    line = text[start:end]
    if "`" in line:
        runs = [(m.start(), m.end()) for m in _TICKS_RE.finditer(line)]
        if len(runs) % 2 or "\\`" in line or any(
                runs[i][1] - runs[i][0] != runs[i + 1][1] - runs[i + 1][0]
                for i in range(0, len(runs), 2)):
            return _paragraph_code(text, start, spans)
        # Runs of equal length in pairs, none escaped: Markdown pairs them so too.
        spans.extend((start + runs[i][0], start + runs[i + 1][1])
                     for i in range(0, len(runs), 2))
    return end


_FENCE_LINE_RE = re.compile(r"([ \t]*)(`{3,}|~{3,})")
_LONE_CR_RE = re.compile(r"\r(?!\n)")


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of the fenced code blocks in `text`, from the opening line to the end of the
    closing one, as pymdownx.superfences finds them (its search_nested and eval_fence, in
    pymdownx/superfences.py): the closing line is exactly the opening run (not a longer or
    shorter one) at the opening's indent; a line of text indented less than the opening, or
    quoted where the opening is not, ends the attempt (that line opens nothing); and a fence
    never closed is no fence, nor is any opening after it: Markdown reads those lines as
    text, and calls in them run."""
    lines = _LONE_CR_RE.sub("\n", text) if "\r" in text else text  # Markdown's own breaks
    blocks: list[tuple[int, int]] = []
    resume = 0
    for match in _fence_lines(lines):
        if match.start() < resume:
            continue
        found = _fence_end(lines, _line_end(lines, match.end()), *match.groups())
        if found is None:
            break
        closed, resume = found
        if closed:
            blocks.append((match.start(), resume))
    return blocks


def _fence_lines(text: str) -> list[re.Match[str]]:
    """Each line that starts (after spaces and tabs) with three backticks or tildes, top
    down: found with str.find (at C speed; a pattern anchored at line starts, run over the
    whole page, made code_spans three times slower)."""
    found = []
    for mark in ("```", "~~~"):
        pos = text.find(mark)
        while pos >= 0:
            match = _FENCE_LINE_RE.match(text, text.rfind("\n", 0, pos) + 1)
            if match is not None and match.start(2) == pos:
                found.append(match)
                pos = match.end() - 3
            pos = text.find(mark, pos + 3)
    return sorted(found, key=lambda m: m.start()) if "```" in text and "~~~" in text else found


def _fence_end(text: str, pos: int, indent: str, fence: str) -> tuple[bool, int] | None:
    """For a fence opened by `indent` and `fence` on the line ending at `pos`: (True, end of
    its closing line), (False, end of the line that ends the attempt), or None if it is
    never closed. See fenced_blocks."""
    width = len(expand_tabs(indent))
    if not width:  # at column 0 nothing is indented less: only the closing line matters
        at = text.find("\n" + fence, pos - 1)
        while at >= 0:
            end = _line_end(text, at + 1)
            if text[at + 1:end].rstrip(" \t\r\n") == fence:
                return True, end
            at = text.find("\n" + fence, at + 1)
        return None
    while pos < len(text):
        end = _line_end(text, pos)
        line = text[pos:end].rstrip("\r\n")
        prefix = expand_tabs(line[:len(line) - len(line.lstrip(" \t>"))])
        if line.strip():
            if ">" in prefix[:width] or len(prefix) < width:
                return False, end
            if len(prefix) == width and line.lstrip(" \t>").rstrip(" \t") == fence:
                return True, end
        pos = end
    return None


def _line_end(text: str, pos: int) -> int:
    """Offset just after the line break ending the line at `pos` (the text's end if none)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


_TICKS_RE = re.compile(r"`+")
# Where a paragraph ends: a blank line (also in a quote), or a line that starts another block
# (a fence, a heading, a list item).
_PARAGRAPH_END_RE = re.compile(r"(\r\n|\r(?!\n)|\n)[ \t>]*"
                               r"(?:[\r\n]|`{3,}|~{3,}|#|[-*+][ \t]|\d+[.)][ \t])")


def _paragraph_code(text: str, start: int, spans: list[tuple[int, int]]) -> int:
    """Inline code from the line at `start` to the end of its paragraph, where a backtick run
    is unpaired, escaped or paired with one of another length: a code span may then run
    over lines (`start` on one line, its end on the next), and an escaped backtick opens
    none. Appends the spans; returns where the paragraph ends."""
    found = _PARAGRAPH_END_RE.search(text, start)
    stop = len(text) if found is None else found.end(1)
    if text[start:start + 1] == "#":  # a heading is one line
        stop = text.find("\n", start) + 1 or len(text)
    spans.extend((start + a, start + b) for a, b in _markdown_code(text[start:stop]))
    return stop


def _markdown_code(data: str) -> list[tuple[int, int]]:
    """Offsets of the code spans in `data` (a paragraph's text) as Python-Markdown's own
    backtick processor pairs the runs: its pattern, its pairing (find_code_spans, which
    falls back to the longest run), and its skipping of escaped backslashes. Imports Markdown:
    only lines whose backticks don't simply pair up come here."""
    from xml.etree.ElementTree import Element

    from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

    processor = BacktickInlineProcessor(BACKTICK_RE)
    pattern = processor.compiled_re
    found: list[tuple[int, int]] = []
    pos = 0
    while (match := pattern.search(data, pos)) is not None:
        node, begin, end = processor.handleMatch(match, data)
        if isinstance(node, Element):
            found.append((begin, end))
        elif isinstance(node, str):  # escaped backslashes: Markdown puts a placeholder there
            data = data[:begin] + "\x02" * (end - begin) + data[end:]
        pos = max(end, pos + 1)
    return found


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
            indent = len(expand_tabs(line[: len(line) - len(stripped)]))
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
        if inside(pos, code) or _in_attribute_value(text, pos):
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


_START_TAG_OPEN_RE = re.compile(r"<[A-Za-z][^\s<>/]*\s")
_QUOTED_VALUE_RE = re.compile(r"\"[^\"]*\"|'[^']*'")


def _in_attribute_value(text: str, pos: int) -> bool:
    """Whether `pos` is inside a quoted attribute value of a start tag still open there
    (`<span title="<!--">`): text, not the start of a comment."""
    tag = text.rfind("<", 0, pos)
    if tag < 0 or text.rfind(">", 0, pos) > tag or not _START_TAG_OPEN_RE.match(text, tag):
        return False
    rest = _QUOTED_VALUE_RE.sub("", text[tag:pos])
    return '"' in rest or "'" in rest


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether offset `pos` falls in one of the sorted, non-overlapping `spans`."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_inside = inside


Slugify = Callable[[str, str], str]

# -- headings ---------------------------------------------------------------------------------
#
# The scanner reads the block structure Python-Markdown gives headings: ATX lines, underlined
# (setext) ones, and those inside block quotes and indented containers (admonitions, details,
# content tabs). It is exact on the pages it is sure of, and says so: anything Markdown could
# read otherwise (raw HTML, definition lists, headings in list items, odd fences, tables next
# to headings, attribute lists that set ids elsewhere ...) makes it unsure, and the caller
# (rendered_anchors.py) then asks Markdown itself.


class Heading(NamedTuple):
    line: int  # in the text, from 1
    title: str  # the heading's Markdown, without the #s, the underline and the attribute list
    anchor: str  # the id its attribute list sets, or ""


@dataclass
class Headings:
    found: list[Heading]
    # False when the page holds something Markdown may read otherwise than the scanner: then
    # `found` is only its best guess.
    sure: bool


# Container openers, as their extensions read them (on one line): admonition, details, tabbed.
CONTAINERS = {
    "admonition": re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)*(?: +"(.*?)")? *$'),
    "details": re.compile(r'\?{3}\+? ?(?:(?:[\w\-]+(?: +[\w\-]+)*?)?(?: +"(.*?)")'
                          r'|[\w\-]+(?: +[\w\-]+)*?) *$'),
    "tabbed": re.compile(r'={3}(?:\+|\+!|!\+|!)? +"(.*?)" *$'),
}
# Python-Markdown's hash heading, on one line (HashHeaderProcessor.RE).
_HASH_RE = re.compile(r"(#{1,6})((?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*$")
_UNDERLINE_RE = re.compile(r"(=+|-+)[ ]*$")
_HR_RE = re.compile(r"[ ]{0,3}(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})[ ]*$")
_LIST_ITEM_RE = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
_QUOTE_RE = re.compile(r"[ ]{0,3}>[ ]?")
_FENCE_OPEN_RE = re.compile(r"(`{3,}|~{3,})(.*)$")
# The info string of a fence every fence extension takes: a language at most.
_PLAIN_INFO_RE = re.compile(r"[ \t]*(?:\.?[\w#.+-]+)?[ \t]*$")
# attr_list on a heading (AttrListTreeprocessor.HEADER_RE), and the parts it reads.
_HEADER_ATTRS_RE = re.compile(r"[ ]+\{:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_ATTR_TOKEN_RE = re.compile(r"#([^\s=}\"'{]+)|\.[^\s=}\"'{]+|([^\s=}\"'{#.][^\s=}\"'{]*)"
                            r"(?:=([^\s=}\"'{]+))?")
# An attribute list that sets an id, anywhere: toc numbers headings around every id on the page.
_ANY_ID_ATTRS_RE = re.compile(r"\{:?[^{}\n]*?(?:#|\bid=)[^{}\n]*\}")
# What may follow "- " at the start of a list item the quick path reads (not a rule).
_NOT_AN_ITEM = ("", " ", "-", "*", "_")
# A tag, comment or autolink: raw HTML can hide lines or hold headings of its own.
_TAG_START_RE = re.compile(r"<[A-Za-z!/?]")
# Characters Python-Markdown reads differently from what the scanner does (its normalizing
# step removes STX/ETX; other line breaks split lines in str.splitlines only).
_ODD_CHARS = ("\x02", "\x03", "\r")


def scan_headings(text: str, containers: frozenset[str] = frozenset(CONTAINERS),
                  breaks: frozenset[int] = frozenset()) -> Headings:
    """The headings of a page body as Python-Markdown finds them, in order. `containers` are
    the container extensions the site has (their bodies are Markdown, else indented code);
    `breaks` are lines that stand for a block of raw HTML (a block macro's placeholder in the
    build), which ends the block before it and has no heading."""
    scan = _Scan(containers)
    if "#" in text or "=" in text or "-" in text:
        lines = expand_tabs(text).split("\n")
        for number in breaks:
            if 0 < number <= len(lines) and lines[number - 1][:1] not in (" ", "\t"):
                scan.breaks.add(number)  # a block of its own, without headings
            elif number < len(lines) and lines[number].strip():
                scan.unsure()  # indented: read as part of the Markdown around it
        scan.region(list(enumerate(lines, 1)))
    if scan.sure:
        scan.sure = _nothing_else_in_the_way(text, scan)
    return Headings(scan.found, scan.sure)


_DEFINITION_RE = re.compile(r"[ ]{0,3}\*?\[[^\]]*\]:")
_ANY_DEFINITION_RE = re.compile(r"^[ ]{0,3}\[[^\]]*\]:", re.MULTILINE)


def _nothing_else_in_the_way(text: str, scan: _Scan) -> bool:
    """Whether the page is free of what makes its headings depend on more than their lines:
    raw HTML (outside code), ids set by attribute lists elsewhere, odd characters, link
    references a heading may use."""
    if any(c in text for c in _ODD_CHARS) or _other_breaks(text):
        return False
    if any("[" in h.title for h in scan.found) and _ANY_DEFINITION_RE.search(text):
        return False
    attr_lines = scan.attr_lines
    code: list[tuple[int, int]] | None = None
    # Plain inline tags (`<kbd>Ctrl</kbd>`) outside headings set no id and hide no heading.
    plain = "<" in text and not any("<" in h.title for h in scan.found) and \
        plainly_fine_html(text)
    for pattern, start in ((_TAG_START_RE, "<"), (_ANY_ID_ATTRS_RE, "{")):
        if start not in text or (start == "<" and plain):
            continue
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] == "{":
                continue  # a macro call's {{
            code = code_spans(text) if code is None else code
            if inside(match.start(), code) and "\\`" not in text:
                continue
            if pattern is _ANY_ID_ATTRS_RE and text.count("\n", 0, match.start()) + 1 in attr_lines:
                continue
            return False
    return True


class _Scan:
    """One page's headings: `region` reads a run of lines (a page, or the inside of a block
    quote or container, its indentation removed) as Python-Markdown's block parser does."""

    def __init__(self, containers: frozenset[str]) -> None:
        self.found: list[Heading] = []
        self.sure = True
        self.attr_lines: set[int] = set()
        self.openers = [CONTAINERS[name] for name in sorted(containers) if name in CONTAINERS]
        # Lines that start a paragraph block, and lines that continue one.
        self.starts: set[int] = set()
        self.continues: set[int] = set()
        self.breaks: set[int] = set()  # lines of raw HTML blocks (see scan_headings)

    def unsure(self) -> None:
        self.sure = False

    def heading(self, line: int, header: str) -> None:
        header = header.strip()
        title, anchor, sure = split_attr_list(header)
        if not sure:
            self.unsure()
        if title != header:
            self.attr_lines.add(line)
        self.found.append(Heading(line, title, anchor))

    def opener(self, line: str) -> re.Match[str] | None:
        return next((m for o in self.openers if (m := o.match(line))), None)

    def region(self, lines: list[tuple[int, str]]) -> None:
        # `block`: what the block the last line indented less than four belongs to is ("para",
        # "list", "table", "quote", "atx" ...); `fresh`: whether the next line starts a block
        # (None: the scanner can't tell); `kind`: what the line before was ("blank",
        # "indented", "code" or a block kind).
        block, fresh, kind, code = "start", True, "blank", False
        code_block = False  # in a block that opened with indented code (no blank line since)
        i = 0
        while i < len(lines):
            number, line = lines[i]
            if not line:
                fresh, kind, code_block, i = True, "blank", False, i + 1
                continue
            first = line[0]
            if (first.isalnum() or (first in "-*+" and line[1:2] == " "
                                    and line[2:3] not in _NOT_AN_ITEM)
                    ) and (block != "table" or fresh is not False):
                # The commonest lines, read quickly: paragraph text and list items.
                if fresh is True:
                    self.starts.add(number)
                    block = kind = ("table" if "|" in line else "list"
                                    if first in "-*+" or _LIST_ITEM_RE.match(line) else "para")
                    fresh = False
                else:
                    if fresh is False and block == "para":
                        self.continues.add(number)
                    kind = "para"
                code, i = False, i + 1
                continue
            stripped = line.lstrip(" ")
            if not stripped or number in self.breaks:
                fresh, kind, code_block, i = True, "blank", False, i + 1
                continue
            indent = len(line) - len(stripped)
            if indent >= 4:
                code = self.indented(number, stripped, block, kind == "blank" or fresh is True,
                                     code)
                code_block = code_block or code
                fresh, kind, i = code, "code" if code else "indented", i + 1
                continue
            code = False
            starts = fresh
            if block == "table" and starts is False:
                if stripped[0] in "#>`~!?=" or _UNDERLINE_RE.match(stripped):
                    self.unsure()  # the table may take the line as a row
                kind, i = "table", i + 1
                continue
            # A fence or quote continuing a list is inside its item.
            inside_list = block == "list" and starts is not True
            if stripped.startswith(("```", "~~~")):
                if indent or kind in ("code", "indented") or code_block:
                    self.unsure()  # indented, or in indented code: extensions differ
                else:
                    i = self.fence(lines, i)
                    block = "list" if inside_list else "fence"
                    kind, fresh = "fence", None
                    continue
            if stripped[0] == ">" and _QUOTE_RE.match(line):
                i = self.quote(lines, i)
                block = "list" if inside_list else "quote"
                kind, fresh = "quote", None
                continue
            if indent == 0 and stripped[0] in "!?=" and self.opener(line):
                i = self.container(lines, i)
                block, fresh, kind = "para", True, "container"
                continue
            now = self.line_kind(lines, i, indent, starts, block, kind)
            if now == "definition":  # as a blank line, after which indentation is unclear
                block, fresh, kind, code_block, i = "other", True, "blank", False, i + 1
                continue
            if now in ("atx", "setext", "hr"):
                block, fresh = "atx", True
            elif starts is True:
                block, fresh = now, False
            else:
                fresh = False if starts is False else None
            kind = now
            i += 1

    def line_kind(self, lines: list[tuple[int, str]], i: int, indent: int,
                  starts: bool | None, block: str, before: str) -> str:
        """What line i (indented less than four) is; records it when it is a heading, and
        where paragraphs start and go on (a setext heading underlines a first line only)."""
        number, line = lines[i]
        kind = self._kind(lines, i, indent, starts, block, before)
        if kind == "para" and starts is True:
            self.starts.add(number)
            if "|" in line:
                return "table"
            if _LIST_ITEM_RE.match(line):
                return "list"
        elif kind == "para" and starts is False and block == "para":
            self.continues.add(number)
        return kind

    def _kind(self, lines: list[tuple[int, str]], i: int, indent: int,
              starts: bool | None, block: str, before: str) -> str:
        number, line = lines[i]
        stripped = line[indent:]
        following = lines[i + 1][1] if i + 1 < len(lines) else ""
        if indent == 0 and line[0] == "#":
            match = _HASH_RE.match(line)
            if match is None:
                if _UNDERLINE_RE.match(following):
                    self.unsure()  # not a hash heading (it ends in a backslash): underlined
                return "para"
            if block == "table" and starts is not True:
                self.unsure()  # the table takes the line as a row
                return "table"
            if "|" in line and following.strip():
                self.unsure()  # the heading may be the head of a table
            self.heading(number, match.group(2))
            return "atx"
        if _DEFINITION_RE.match(line):  # a link reference or abbreviation: taken out
            if following.strip():
                self.unsure()  # its title may go on, or the block after it starts here
            return "definition"
        rule = "hr" if _HR_RE.match(line) else "para"
        if _UNDERLINE_RE.match(stripped) and before != "blank":
            if indent == 0 and before == "para" and block == "para":
                above = lines[i - 1][1]
                if lines[i - 1][0] in self.starts and "|" not in above:
                    self.heading(lines[i - 1][0], above)
                    return "setext"
                if lines[i - 1][0] in self.continues:
                    return rule  # under a paragraph of several lines
            if before not in ("atx", "code"):
                self.unsure()
            return rule
        if rule == "hr":
            return rule
        if stripped[0] == ":" and stripped[1:2] in (" ", "\t", ""):
            self.unsure()  # a definition: its body is Markdown
            return "other"
        if stripped[0] == "<" or stripped.startswith("[^"):
            self.unsure()  # raw HTML; a footnote (its body is Markdown)
            return "other"
        return "para"

    def indented(self, number: int, stripped: str, block: str, after_break: bool,
                 code: bool) -> bool:
        """A line indented by four or more outside a container: indented code, a paragraph's
        continuation, or (in a list) something the scanner does not read. Returns whether it
        is code."""
        if code:
            return True
        plain = block in ("start", "para", "atx", "quote", "fence", "table")
        if after_break and plain:
            return True
        if block == "para":
            return False  # a continuation line of the paragraph
        if stripped.startswith("#") or _UNDERLINE_RE.match(stripped):
            self.unsure()
            match = _HASH_RE.match(stripped.lstrip(" >"))
            if match and block == "list":
                self.heading(number, match.group(2))
        return False

    def fence(self, lines: list[tuple[int, str]], i: int) -> int:
        """Skips the fenced block opening on line i; returns the line after it."""
        match = _FENCE_OPEN_RE.match(lines[i][1])
        if match is None:
            return i + 1
        fence, info = match.groups()
        if not _PLAIN_INFO_RE.match(info):
            self.unsure()  # a fence extension may refuse it: then it is text
        closer = re.compile(re.escape(fence) + r"[ \t]*$")
        for j in range(i + 1, len(lines)):
            if closer.match(lines[j][1]):
                return j + 1
            if lines[j][1].lstrip(" ")[:3] == fence[:3]:
                self.unsure()  # a longer or indented fence line: extensions differ
        self.unsure()  # never closed: Markdown reads it as text
        return len(lines)

    def quote(self, lines: list[tuple[int, str]], i: int) -> int:
        """Reads the block quote starting on line i as a region; returns the line after it."""
        inner: list[tuple[int, str]] = []
        j = i
        while j < len(lines):
            number, line = lines[j]
            match = _QUOTE_RE.match(line)
            if number in self.breaks:
                break
            if match:
                inner.append((number, "" if line.strip() == ">" else line[match.end():]))
            elif not line.strip():
                k = j
                while k < len(lines) and not lines[k][1].strip():
                    k += 1
                if k == len(lines) or not _QUOTE_RE.match(lines[k][1]):
                    break
                inner.extend((n, "") for n, _ in lines[j:k])
                j = k
                continue
            elif (line.startswith("#") or _UNDERLINE_RE.match(line.lstrip(" "))
                  or _HR_RE.match(line) or self.opener(line)):
                break  # the top level reads these first
            else:
                inner.append((number, line))  # a lazy line of the quote's paragraph
            j += 1
        self.region(inner)
        return j

    def container(self, lines: list[tuple[int, str]], i: int) -> int:
        """An admonition, details or content tab opening on line i: its body (the lines
        indented by four, and blank lines between them) is read as a region."""
        match = self.opener(lines[i][1])
        if match and "#" in (match.group(1) or ""):
            self.unsure()  # details and tabs make a heading of a title like "## Step"
        inner: list[tuple[int, str]] = []
        j = i + 1
        while j < len(lines):
            number, line = lines[j]
            if line.startswith("    ") and number not in self.breaks:
                inner.append((number, line[4:]))
            elif not line.strip():
                inner.append((number, ""))
            else:
                break
            j += 1
        while inner and not inner[-1][1]:
            inner.pop()
            j -= 1
        self.region(inner)
        return j


def split_attr_list(header: str) -> tuple[str, str, bool]:
    """(title, id, sure) of a heading's text as attr_list reads it: a trailing `{#id .class}`
    after a space sets the id (the last #id or id=); `sure` is False for lists it reads in
    ways the scanner does not follow (quoted values, braces inside, markup)."""
    if not header.endswith("}"):
        return header, "", True
    match = _HEADER_ATTRS_RE.search(header)
    if match is None:
        return header, "", True
    title, attrs = header[: match.start()], match.group(1).rstrip(" ")
    if any(c in title for c in "{}") or not re.fullmatch(r"[\w\s#.:=-]*", attrs):
        return header, "", False
    anchor = ""
    for token in attrs.split():
        m = _ATTR_TOKEN_RE.fullmatch(token)
        if m is None:
            return header, "", False
        if m.group(1):
            anchor = m.group(1)
        elif m.group(2) == "id" and m.group(3):
            anchor = m.group(3)
    return title.rstrip("#").rstrip(), anchor, True


def heading_anchors(text: str, slugify: Slugify | None = None,
                    separator: str = "-") -> dict[str, int]:
    """Anchor id -> line of every heading (`# Title`, `#Title`, and underlined with === or
    ---), outside code, with ids as the toc extension makes them: from the heading's text as
    rendered (code spans keep their underscores, tags are dropped), by `slugify` (the site's;
    Markdown's own by default), made unique with _1, _2 ... around the ids attribute lists
    set. The scanner's reading; see scan_headings for whether it is sure."""
    return anchors_of(scan_headings(text).found, slugify, separator)


def anchors_of(headings: list[Heading], slugify: Slugify | None = None,
               separator: str = "-") -> dict[str, int]:
    """Anchor id -> line of `headings`, numbered as toc numbers them: the ids set by attribute
    lists are taken first (wherever they are), then each other heading gets its slug, or
    the slug with _1, _2 ..."""
    taken = {h.anchor: 0 for h in headings if h.anchor}
    runs: dict[str, tuple[int, int]] = {}
    anchors: dict[str, int] = {}
    for heading in headings:
        anchor = heading.anchor
        if not anchor:
            plain = title_text(heading.title)
            slug = slugify(plain, separator) if slugify else _slugify(plain, separator)
            anchor = _unique(slug, taken, runs)
            taken[anchor] = 0
        anchors.setdefault(anchor, heading.line)
    return anchors


_MARKUP = frozenset("[<*_`&\\")
_TAG_RE = re.compile(r"<[^>]*>")


def title_text(title: str) -> str:
    """What the toc reads from a heading's title (the Markdown after the #s, its attribute
    list taken off): rendered by Markdown as a heading (so "1. The `x` step" stays text, not a
    list), tags dropped, entities decoded."""
    if not any(c in _MARKUP for c in title):
        return title.strip()
    import html

    rendered = _inline_markdown().convert(f"# {title} #")
    _inline_markdown().reset()
    return html.unescape(_TAG_RE.sub("", rendered)).strip()


def heading_text(title: str) -> str:
    """A heading line's source as the reader sees it: rendered by Markdown, tags dropped,
    entities decoded (`The `ticket_id` field` gives "The ticket_id field"). For a page's
    headings as the build reads them, see Page.section_title."""
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
    """Where Markdown shows text as it is or hides it: code (fenced, inline, indented, also
    inside list items, admonitions, content tabs and block quotes), raw `<pre>` and `<code>`
    HTML, and HTML comments. A call there is an example or a note, never run. The rarer
    regions are worked out only when a call could be in one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.code = code_spans(text)
        # (A '<' is found at C speed, a '<!--' is not: most pages hold no '<' at all.)
        self._comments: list[tuple[int, int]] | None = \
            None if "<" in text and "<!--" in text else []
        self._indented: list[tuple[int, int]] | None = None
        self._raw: list[tuple[int, int]] | None = None
        self._html: list[tuple[int, int]] | None = None
        self._layout = None

    def holds(self, pos: int) -> bool:
        if inside(pos, self.code):
            return True
        if self._comments is None:
            self._comments = comment_spans(self.text, self.code)
        if inside(pos, self._comments):
            return True
        if self._raw is None:
            self._raw = _raw_code_spans(self.text, self.code)
        if self._raw and inside(pos, self._raw):
            return True
        line_start = self.text.rfind("\n", 0, pos) + 1
        if self.text[line_start:line_start + 1] not in (" ", "\t", ">"):
            return False  # a line at the top level that is not indented: never code
        if self._html is None:
            self._html = raw_html_blocks(self.text, self.code) if "<" in self.text else []
        if self._html and inside(pos, self._html):
            return False  # raw HTML holds no indented code
        if self.text.startswith(INDENTED_STARTS, line_start):
            if self._indented is None:
                self._indented = indented_code_spans(self.text)
            if inside(pos, self._indented):
                return True
        if self._layout is None:
            from .block_layout import Layout

            self._layout = Layout(self.text, [])
        return self._layout.at(line_start)[1]


# A line opening a raw HTML block: a block-level start tag at most three spaces in.
_HTML_BLOCK_RE = re.compile(r"^[ ]{0,3}<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^>]*)>", re.MULTILINE)
_MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\b", re.IGNORECASE)


def raw_html_blocks(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets of the raw HTML blocks in `text`, where Markdown reads no blocks (so no
    indented code, blank lines or not): from a line opening with a block-level start tag
    (Markdown's own list, markdown.util.BLOCK_LEVEL_ELEMENTS) to the end of the line of its
    matching end tag, or to the end of the text if there is none, as Python-Markdown's raw
    HTML preprocessor (htmlparser.HTMLExtractor) takes them. A tag with md_in_html's
    `markdown` attribute opens no raw block: its content is Markdown."""
    from markdown.util import BLOCK_LEVEL_ELEMENTS

    spans: list[tuple[int, int]] = []
    end = 0
    for match in _HTML_BLOCK_RE.finditer(text):
        tag = match.group(1).lower()
        if (match.start() < end or tag not in BLOCK_LEVEL_ELEMENTS or tag == "hr"
                or match.group(2).endswith("/") or inside(match.start(), code)
                or _MARKDOWN_ATTR_RE.search(match.group(2))):
            continue
        end = _matching_end(text, tag, match.end())
        spans.append((match.start(), end))
    return spans


def _matching_end(text: str, tag: str, pos: int) -> int:
    """The end of the line holding the end tag that closes `tag` opened before `pos`, the
    same tags opened in between counted; the text's end if it is never closed."""
    tags = re.compile(rf"<(/?){tag}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 1
    for found in tags.finditer(text, pos):
        if found.group(0).endswith("/>") and not found.group(1):
            continue
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return _line_end(text, found.end())
    return len(text)


# Raw HTML whose content the browser shows as code (`<pre>`, `<code>`), to its end tag.
_RAW_CODE_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Where one may start: a search six times faster than lower-casing the page to look.
_RAW_CODE_START_RE = re.compile(r"<(?:pre|code)", re.IGNORECASE)
# A line inside a block quote: its quote markers, then the rest.
_QUOTED_LINE_RE = re.compile(r"((?:[ ]{0,3}>[ ]?)+)(.*)")


def _raw_code_spans(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets of code Markdown reads that `code_spans` does not: fenced blocks inside block
    quotes (each line behind the same number of `>`), and raw `<pre>` / `<code>` elements
    written outside code. Sorted, may overlap `code`."""
    spans: list[tuple[int, int]] = []
    if ">" in text and ("```" in text or "~~~" in text):
        spans += _quoted_fences(text)
    if "<" in text and _RAW_CODE_START_RE.search(text):
        spans += [m.span() for m in _RAW_CODE_RE.finditer(text) if not inside(m.start(), code)]
    return sorted(spans)


def _quoted_fences(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks inside block quotes, from the opening line to the closing one, as
    superfences takes them (see fenced_blocks): closed by exactly the opening run behind as
    many `>`; a fence the quote leaves before it is closed, or never closed, is text."""
    spans: list[tuple[int, int]] = []
    fence, depth, start, offset = "", 0, 0, 0
    for line in text.split("\n"):
        quoted = _QUOTED_LINE_RE.match(line) if line.lstrip(" ")[:1] == ">" else None
        marks = quoted.group(1).count(">") if quoted else 0
        rest = FENCE_RE.match(quoted.group(2)) if quoted else None
        if fence and marks != depth and line.strip():
            fence = ""  # the quote ended before the fence did: no fence
        elif fence:
            if rest and quoted and quoted.group(2).strip() == fence:
                spans.append((start, offset + len(line)))
                fence = ""
        elif rest:
            fence, depth, start = rest.group(1), marks, offset
        offset += len(line) + 1
    return spans
