"""`handbook check`'s half of the HTML and URL policy: finds, in a page's Markdown source,
what the build would have to remove from its HTML (see html_policy.py for the policy).

It reads the source, not rendered HTML, so each problem has its line and column, and it
costs no Markdown rendering: raw HTML tags (through html_policy.scan_html), link and image
targets `[x](url)` / `![x](url)`, reference definitions `[id]: url`, autolinks `<…>` and
attribute lists `{: key=value }`, everywhere outside code (fenced blocks, inline code and
indented code blocks). Pages without '<', '](', ']:' or '{' are not read at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from html import unescape

from .block_layout import Layout
from .char_search import find, holds
from .html_policy import (
    GLOBAL_ATTRIBUTES,
    LINK_HINT,
    RESOURCE_HINT,
    TAG_ATTRIBUTES,
    Violation,
    attribute_problem,
    scan_html,
)
from .markdown_scan import (
    INDENTED_STARTS,
    INLINE_CODE_RE,
    code_spans,
    comment_spans,
    expand_tabs,
    indented_code_spans,
    inside,
)
from .url_policy import link_problem, resource_problem, shown, srcset_problem

# Python-Markdown's own autolink and automail patterns: these <…> become links.
_AUTOLINK_RE = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
_AUTOMAIL_RE = re.compile(r"<([^<> !]+@[^@<> ]+)>")
# <scheme:…>: Markdown makes no link of it (unless it is an e-mail address) but passes it on
# as an unknown HTML tag.
_SCHEME_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>")
_REFERENCE_RE = re.compile(r"^[ \t]*\[([^\[\]]*)\]:[ \t]*(?:\n[ \t]*)?(\S+)", re.MULTILINE)
# A line that may define a reference, also inside quotes and list items (`> [x]: /a`): for
# the quick "nothing to look at" test, which may say yes too often but never too rarely.
_MAYBE_REFERENCE_RE = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*\[[^\[\]]*\]:",
                                 re.MULTILINE)
_IMAGE_REFERENCE_RE = re.compile(r"!\[([^\[\]]*)\](?:[ ]?(?:\n[ ]*)?\[([^\[\]]*)\])?(?![(\[])")
# A target that needs no closer look: relative (no scheme, not //host), or a web, mail or
# phone address when it is not an image's; nothing Markdown would unescape or the browser
# decode; an optional title.
_RELATIVE = r"(?![/\\]{2})[^\s()<>\\&:]*"
# A full web address (with '//': `https:account` is a relative path to a browser's eye, and
# leads nowhere from a reply), or a mail or phone link.
_WEB = r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:|[Tt][Ee][Ll]:)[^\s()<>\\&]*"
_TITLE = r"""(?:[ ]+(?:"[^"\n]*"|'[^'\n]*'))?"""
_RELATIVE_TARGET_RE = re.compile(rf"{_RELATIVE}{_TITLE}\)")
_WEB_TARGET_RE = re.compile(rf"{_WEB}{_TITLE}\)")
_PLAIN_RELATIVE_RE = re.compile(r"([\w./#-]+)\)")
_TITLE_RE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""", re.DOTALL)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:|<>=~^&])")
# { … } or {: … }, not Jinja's {{ … }} or {% … %}.
_ATTR_LIST_RE = re.compile(r"\{(?!\{)(:?)[ \t]*([^{}\n]*?)[ \t]*\}(?!\})")
# attr_list's own scanner, token by token.
_ATTR_TOKEN_RE = re.compile(
    r"""([^ =}]+)="(.*?)"|([^ =}]+)='(.*?)'|([^ =}]+)=([^ =}]+)|([^ =}]+)|\s+""")
_INLINE_END = frozenset(")]*_`=~^+>")
# Anything an attribute list may set (the tag it lands on is not known here).
_ATTR_LIST_ALLOWED = GLOBAL_ATTRIBUTES | frozenset().union(*TAG_ATTRIBUTES.values())

Problem = tuple[int, int, str, str]  # line, col, message, hint


def page_problems(body: str, first_line: int = 1,
                  code: list[tuple[int, int]] | None = None) -> list[Problem]:
    """(line, col, message, hint) of every policy violation in a page's Markdown body;
    `first_line` is the file line the body starts on; `code`, if known, is code_spans(body)."""
    scan = _Scan(body, code)
    found: list[Violation] = []
    if "<" in body:
        found += scan.autolinks()
        found += scan_html(body, skip=scan.not_markup)
    if "]" in body:
        found += scan.brackets()
    if "{" in body:
        found += scan.attribute_lists()
    if not found:
        return []
    unique = sorted({(v.offset, v.message): v for v in found}.values(), key=lambda v: v.offset)
    return [(*scan.position(v.offset, first_line), v.message, v.hint) for v in unique]


def link_targets(body: str) -> list[tuple[int, str, bool]]:
    """(offset, target, is an image) of every link and image outside code that MkDocs checks
    against the site's files: inline ones as written (backslash escapes undone), and the
    reference definitions that a reference link or image uses (reference_targets)."""
    out = []
    scan = None
    for mark in _INLINE_MARK_RE.finditer(body):  # faster than str.find for two characters
        pos = mark.start()
        opening = -1 if _escaped(body, pos) else _open_bracket(body, pos)
        if opening < 0:
            continue
        if scan is None:
            scan = _Scan(body)
        if not scan.in_code(pos):
            image = opening > 0 and body[opening - 1] == "!" and not _escaped(body, opening - 1)
            plain = _PLAIN_RELATIVE_RE.match(body, pos + 2)
            if plain:  # the usual `](other-page.md)`: nothing to unescape or decode
                out.append((pos + 2, plain.group(1), image))
            else:
                start, target, _end = _destination(body, pos + 2)
                out.append((start, _MD_ESCAPE_RE.sub(r"\1", target), image))
    if _DEFINITION_MARK_RE.search(body):
        out = sorted(out + _reference_targets(body))
    return out


# -- reference links: [text][id], [id][], [id], ![alt][id], ![id] and [id]: url ------------
#
# Python-Markdown reads the definitions first (blockprocessors.py, ReferenceProcessor), as
# blocks: in list items, quotes, admonitions and content tabs too, not in code or in an HTML
# comment that starts a line. Then its inline patterns (inlinepatterns.py) turn [text][id]
# and the rest into <a href> or <img src>, each pattern in a pass of its own over the text,
# in this order: reference (170), link (160), image_link (150), image_reference (140),
# short_reference (130), short_image_ref (125). A definition no pattern uses makes no HTML,
# so MkDocs never sees its target.

# Found by a regular expression faster than by `in` or str.find (which do not jump to the
# ']' at C speed for a two-character string).
_INLINE_MARK_RE = re.compile(r"\]\(")
_DEFINITION_MARK_RE = re.compile(r"\]:")
# ReferenceProcessor.RE, on a line that may open quotes and list items (their content is
# read as blocks of its own). Tabs count as four columns (Markdown expands them first).
# (?=(?P<x>…))(?P=x) takes all that … matches and never gives any back (an atomic group,
# before Python 3.11): the quotes and list items, whose spaces could be split in many ways,
# and the target. Markdown's own pattern gives the target back character by character, to
# try a title at each quote in it (`[id]: page.md"a title"`), in time that grows with the
# square of the line: that is tried only on a short line the first found no definition on.
_DEFINITION = (
    r"^(?=(?P<lead>(?:[ \t]*(?:>[ ]?|[-*+][ ]+|\d+\.[ ]+|:[ ]{{1,3}}))*))(?P=lead)"
    r"(?P<indent>[ \t]*)"
    r"\[(?P<id>[^\[\]\n]*)\]:[ \t]*(?:\n[ \t]*)?{url}[ \t]*(?:\n[ \t]*)?"
    r"""(?:(?P<quote>["']).*(?P=quote)[ \t]*|\(.*\)[ \t]*)?$""")
_DEFINITION_RE = re.compile(_DEFINITION.format(url=r"(?=(?P<url>\S+))(?P=url)"), re.MULTILINE)
_TITLE_IN_TARGET_RE = re.compile(_DEFINITION.format(url=r"(?P<url>\S+)"), re.MULTILINE)
_SHORT_LINE = 200
# The abbr extension's AbbrBlockprocessor.RE (its id on one line): a line Markdown takes
# out, like a definition.
_ABBREVIATION_RE = re.compile(r"^[*]\[([^\\\n]*?)\][ ]?:[ ]*\n?[ ]*(.*)$", re.MULTILINE)
# '[' and the word after it: where a reference may name a definition (by its first word).
_BRACKET_WORD_RE = re.compile(r"\[([^\s\[\]]*)")
# The id part of [text][id] or [text] [id] (ReferenceInlineProcessor.RE_LINK).
_REFERENCE_ID_RE = re.compile(r"\s?\[([^\]]*)\]")
_WHITESPACE_RE = re.compile(r"\s+")
# An escape or a code span in an id: Markdown has put a placeholder there before it looks
# the id up, so no definition matches (the characters of ESCAPED_CHARS with this site's
# extensions).
_ESCAPE_IN_ID_RE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|=]")
_LINK_BRACKET_RE = re.compile(r"[\[\]]")
_TEXT_BREAK_RE = re.compile(r"\n[ \t]*(?:\n|#)")


def reference_targets(body: str) -> list[tuple[int, str, bool]]:
    """(offset, target, is an image) of each reference definition `[id]: target` that a
    reference link or image of the page uses, once as a link and once as an image if both;
    the offset is the target's, in the definition (where the author fixes it). Pages
    without ']:' are not read."""
    return _reference_targets(body) if _DEFINITION_MARK_RE.search(body) else []


def _reference_targets(body: str) -> list[tuple[int, str, bool]]:
    unread, definitions, _lines = _read_definitions(body)
    if not definitions:
        return []
    used = _used_references(body, unread, definitions)
    return sorted((*definitions[ref], image) for ref, image in used)


def hidden_definitions(body: str) -> list[tuple[int, str, str]]:
    """(offset, message, hint) for each line Markdown reads as a reference definition
    (`[id]: target`, which it takes off the page) that looks meant as text: its target is
    no address (`[Agent]: Hello!` in a chat transcript), or no link of the page uses it. The
    offset is the line's '['. Python-Markdown's ReferenceProcessor takes any such line whose
    target is one word (with an optional title), whatever the word."""
    if not _DEFINITION_MARK_RE.search(body):
        return []
    unread, definitions, lines = _read_definitions(body)
    if not definitions:
        return []
    used = {ref for ref, _image in _used_references(body, unread, definitions)}
    out = []
    for ref, start, end, url in lines:
        address = bool(_ADDRESS_RE.match(url))
        if address and ref in used:
            continue
        line = body[start:end].strip()
        label = line[:line.index("]:") + 1]
        hint = f"to show the line as text, write \\{label}:"
        message = f"'{line}' is read by Markdown as a link reference definition"
        if address:
            message = f"'{line}' is a link reference definition no link of the page uses"
            hint += f"; to link with it, write [text]{label}; or remove it"
        message += ": the line is not shown"
        if ref in used:
            message += f", and {label} elsewhere on the page links to '{url}'"
        out.append((start, message, hint))
    return out


# A link address: a scheme, an absolute or relative path, a file name or an anchor.
_ADDRESS_RE = re.compile(r"[A-Za-z][\w+.-]*:|[/#?.]|[^\s]*(?:/|\.\w|#)")


def _read_definitions(body: str) -> tuple[_Unread, dict[str, tuple[int, str]],
                                          list[tuple[str, int, int, str]]]:
    """The page's reference definitions as Markdown reads them: (what Markdown does not
    read for links, id -> (offset of the target, target) where the last of one id wins, as
    in Markdown, and each definition line as (id, its offset, its end, its target))."""
    unread = _Unread(body)
    definitions: dict[str, tuple[int, str]] = {}
    lines: list[tuple[str, int, int, str]] = []
    for match in _definitions(body):
        if (unread.holds(match.start("id") - 1)
                or not _definition_applies(body, match, unread)):
            continue
        unread.taken.append(match.span())
        ref = match.group("id")
        if "\t" in ref:  # expanded, as Markdown reads it
            line = expand_tabs(body[match.start():match.end("id")])
            ref = line[line.rfind("[") + 1:]
        url = match.group("url")
        start = match.start("url") + len(url) - len(url.lstrip("<"))
        definitions[ref.strip().lower()] = (start, url.lstrip("<").rstrip(">"))  # last wins
        lines.append((ref.strip().lower(), match.start("id") - 1, match.end(),
                      url.lstrip("<").rstrip(">")))
    if definitions and "*[" in body:
        unread.taken[:] = sorted(unread.taken + [m.span() for m in _ABBREVIATION_RE.finditer(
            body) if not unread.holds(m.start())])
    return unread, definitions, lines


def _definitions(body: str) -> Iterator[re.Match[str]]:
    """Each line (or two) that reads as a definition, top down: tried once on each line
    that holds a ']:' (a pattern anchored at line starts, run over the whole page, is
    slow)."""
    end = 0
    for mark in _DEFINITION_MARK_RE.finditer(body):
        if mark.start() < end:
            continue  # on a line tried already
        line_start = body.rfind("\n", 0, mark.start()) + 1
        line_end = body.find("\n", mark.start())
        line_end = len(body) if line_end < 0 else line_end
        match = _DEFINITION_RE.match(body, line_start)
        if match is None and line_end - line_start <= _SHORT_LINE:
            match = _TITLE_IN_TARGET_RE.match(body, line_start)
        end = line_end if match is None else max(match.end(), line_end)
        if match is not None:
            yield match


class _Unread:
    """Where Python-Markdown's inline patterns never look for a link: code (fenced, inline,
    and indented within the block that holds it), an HTML comment that starts a line (a
    comment inside a line is read: a link in it is made) and the lines definitions take
    (`taken`, filled in by the caller, top down)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.code = code_spans(body)
        self.taken: list[tuple[int, int]] = []
        self._lines = Layout(body, self.taken)
        self._spans: list[tuple[int, int]] | None = None

    def holds(self, pos: int) -> bool:
        return (inside(pos, self.spans()) or (bool(self.taken) and inside(pos, self.taken))
                or self.indented_code(pos))

    def spans(self) -> list[tuple[int, int]]:
        """Code (fenced or inline) and the comments Markdown keeps, sorted and merged."""
        if self._spans is None:
            body = self.body
            comments = [span for span in comment_spans(body, self.code)
                        if _line_opens_comment(body, span[0])] if "<!--" in body else []
            merged: list[tuple[int, int]] = []
            for start, end in sorted(self.code + comments):
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            self._spans = merged
        return self._spans

    def indented_code(self, pos: int) -> bool:
        """Whether the line of `pos` is indented code."""
        line_start = self.body.rfind("\n", 0, pos) + 1
        return (self.body.startswith(INDENTED_STARTS, line_start)
                and self._lines.at(line_start)[1])

    def line(self, line_start: int) -> tuple[int, bool, str]:
        """(level, code, kind) of the line at `line_start` (see Layout.at)."""
        return self._lines.at(line_start)


def _line_opens_comment(body: str, pos: int) -> bool:
    """Whether the line of `pos` starts with an HTML comment (after three spaces at most):
    Markdown keeps that comment, and any other that starts later on the line, as raw HTML."""
    line_start = body.rfind("\n", 0, pos) + 1
    first = body.find("<!--", line_start, pos + 4)
    return 0 <= first - line_start <= 3 and not body[line_start:first].strip(" ")


def _definition_applies(body: str, match: re.Match[str], unread: _Unread) -> bool:
    """Whether Markdown reads the matched line (not in code) as a definition: indented by
    three columns at most within the container that holds it (a list item, an admonition
    ...; see block_layout.Layout), as is the text after the quotes, list item or description of a
    definition list the line opens. A list item only where a list may be (Markdown starts
    one only at the start of a block); a description only below its term."""
    lead, indent = match.group("lead"), match.group("indent")
    if not lead and len(indent) <= 3 and "\t" not in indent:
        return True  # the usual definition, at the start of its line
    level, _code, kind = unread.line(match.start())
    if not lead.strip():
        return len(expand_tabs(lead + indent)) <= level + 3
    before = lead[:len(lead) - len(lead.lstrip(" \t"))]
    after = len(expand_tabs(lead + indent)) - len(expand_tabs(lead))
    if len(expand_tabs(before)) > level + 3 or after > 3:
        return False
    marks = lead.replace(" ", "").replace("\t", "")
    if marks.strip(">:"):
        return kind == "list"
    if ":" in marks:
        above = body[body.rfind("\n", 0, max(match.start() - 1, 0)) + 1:match.start()]
        return match.start() > 0 and bool(above.strip())
    return True


def _reference_id(raw: str) -> str | None:
    """The id Markdown looks up for `[raw]` (lowercased, runs of whitespace made one
    space), or None when none can match."""
    if ("\\" in raw and _ESCAPE_IN_ID_RE.search(raw)) or ("`" in raw and
                                                       INLINE_CODE_RE.search(raw)):
        return None
    return _WHITESPACE_RE.sub(" ", raw.lower())


def _used_references(body: str, unread: _Unread, definitions: dict[str, tuple[int, str]],
                     ) -> set[tuple[str, bool]]:
    """(id, is an image) of every reference link and image in `body` whose id is one of
    `definitions`: Markdown's inline passes, replayed on the '[' of the page. A '[' that a
    pass has made part of a link or image is hidden from the passes after it (Markdown puts
    a placeholder there), except the text of a link, which the later passes still read."""
    named, regions = _naming(body, definitions, unread.taken)
    closing = _link_brackets(body, unread, regions)
    opens = sorted(closing)
    if not opens:
        return set()
    image = {o for o in opens if o > 0 and body[o - 1] == "!" and not _escaped(body, o - 1)}
    hidden: set[int] = set()
    used: set[tuple[str, bool]] = set()

    def hide(start: int, end: int) -> None:
        hidden.update(opens[bisect_left(opens, start):bisect_left(opens, end)])

    def defined(opening: int, close: int) -> str | None:
        """The defined id that the brackets at `opening` and `close` name, if any."""
        if opening not in named:
            return None
        ref = _reference_id(body[opening + 1:close])
        return ref if ref is not None and ref in definitions else None

    for pass_ in ("reference", "link", "image_reference", "short_reference", "short_image"):
        resume = -1
        for o in opens:
            if o < resume or o in hidden:
                continue
            close = closing[o]
            is_image = o in image
            if pass_ == "link":  # [text](url) and ![alt](url), the one pass for both
                if body.startswith("(", close + 1):
                    end = _destination(body, close + 2)[2]
                    hidden.add(o)
                    hide(o if is_image else close, end)
                    resume = end
                continue
            if is_image != (pass_ in ("image_reference", "short_image")):
                continue
            if pass_ in ("reference", "image_reference"):
                match = _REFERENCE_ID_RE.match(body, close + 1)
                if match is None or match.start(1) - 1 not in closing or (
                        match.start(1) - 1 in hidden):
                    continue
                ref = (defined(match.start(1) - 1, match.end(1)) if match.group(1)
                       else defined(o, close))
                if ref is not None:
                    used.add((ref, is_image))
                    hidden.add(o)
                    hide(o if is_image else close, match.end())
                resume = match.end()
            else:  # [id] or ![id]
                ref = defined(o, close)
                if ref is not None:
                    used.add((ref, is_image))
                    hidden.add(o)
                    if is_image:
                        hide(o, close)
                resume = close + 1
    return used


def _naming(body: str, definitions: dict[str, tuple[int, str]],
            taken: list[tuple[int, int]]) -> tuple[set[int], list[tuple[int, int]]]:
    """The '[' outside definitions followed by the first word of a defined id (as Markdown
    compares ids: case aside), which alone may name one, and (start, end) of the runs of
    lines between blank lines that hold one: the only text where a reference may use a
    definition (Markdown reads each block on its own)."""
    firsts = {words[0] if words else "" for words in map(str.split, definitions)}
    named = {match.start() for match in _BRACKET_WORD_RE.finditer(body)
             if match.group(1).lower() in firsts and not inside(match.start(), taken)}
    regions: list[tuple[int, int]] = []
    for pos in sorted(named):
        if regions and pos < regions[-1][1]:
            continue
        end = body.find("\n\n", pos)  # empty lines: a line of spaces only makes it longer
        regions.append((body.rfind("\n\n", 0, pos) + 1, len(body) if end < 0 else end))
    return named, regions


def _link_brackets(body: str, unread: _Unread, regions: list[tuple[int, int]],
                   ) -> dict[int, int]:
    """Each '[' Markdown reads in the `regions` of `body` -> the ']' that closes it in the
    same run of inline text (a paragraph or a heading: blank lines, heading lines and the
    lines definitions take end it), paired as Markdown's getText pairs them, nested.
    Escaped brackets are text."""
    # Code, comments and definitions (True: a definition, which also ends the text),
    # merged, walked through alongside the brackets.
    spans: list[tuple[int, int, bool]] = []
    for start, end, taken in sorted([(s, e, False) for s, e in unread.spans()]
                                    + [(s, e, True) for s, e in unread.taken]):
        if spans and start < spans[-1][1]:
            last = spans[-1]
            spans[-1] = (last[0], max(end, last[1]), taken or last[2])
        else:
            spans.append((start, end, taken))
    pairs: dict[int, int] = {}
    opened: list[int] = []
    last = i = line_start = 0
    code = unread.indented_code(0)
    for match in (m for start, end in regions
                  for m in _LINK_BRACKET_RE.finditer(body, start, end)):
        pos = match.start()
        newline = body.rfind("\n", last, pos)
        if newline >= 0:
            if opened and (_TEXT_BREAK_RE.search(body, last, pos)
                           or body.startswith("#", line_start)):
                opened.clear()  # a blank line, or a heading line, since the last bracket
            line_start = newline + 1
            code = unread.indented_code(line_start)
        last = pos
        while i < len(spans) and spans[i][1] <= pos:
            i += 1
        if i < len(spans) and spans[i][0] <= pos:
            if spans[i][2]:
                opened.clear()
        elif code or (body[pos - 1] == "\\" and _escaped(body, pos)):
            continue
        elif match.group() == "[":
            opened.append(pos)
        elif opened:
            pairs[opened.pop()] = pos
    return pairs


class _Scan:
    def __init__(self, body: str, code: list[tuple[int, int]] | None = None) -> None:
        self.body = body
        self._code = code  # code_spans(body), worked out on first use if not given
        self._indented: list[tuple[int, int]] | None = None
        self.autolinked: set[int] = set()

    # -- where code is ---------------------------------------------------------------------
    def in_code(self, pos: int) -> bool:
        if self._code is None:
            self._code = code_spans(self.body)
        if inside(pos, self._code):
            return True
        line_start = self.body.rfind("\n", 0, pos) + 1
        if not self.body.startswith(INDENTED_STARTS, line_start):
            return False
        if self._indented is None:
            self._indented = indented_code_spans(self.body)
        return inside(pos, self._indented)

    def not_markup(self, pos: int) -> bool:
        """For scan_html: a '<' that Markdown does not pass on as HTML."""
        body = self.body
        return (pos in self.autolinked or _escaped(body, pos) or self.in_code(pos)
                or self._bracketed_target(pos))

    def _bracketed_target(self, pos: int) -> bool:
        """[x](<url>) and [id]: <url>: a link target in angle brackets, judged as a link."""
        before = self.body[max(0, pos - 40):pos].rstrip(" \t\n")
        return before.endswith("](") or (before.endswith("]:")
                                         and _line_start_ref(self.body, pos))

    def position(self, offset: int, first_line: int) -> tuple[int, int]:
        line = self.body.count("\n", 0, offset) + first_line
        col = offset - (self.body.rfind("\n", 0, offset) + 1) + 1
        return line, col

    # -- <…> --------------------------------------------------------------------------------
    def autolinks(self) -> list[Violation]:
        out = []
        body = self.body
        pos = body.find("<")
        while pos >= 0:
            auto = _AUTOLINK_RE.match(body, pos) or _AUTOMAIL_RE.match(body, pos)
            other = None if auto else _SCHEME_TAG_RE.match(body, pos)
            if ((auto or other) and not self.in_code(pos) and not _escaped(body, pos)
                    and not self._bracketed_target(pos)):
                self.autolinked.add(pos)
                if auto and auto.re is _AUTOLINK_RE:
                    out += _link(pos + 1, auto.group(1))
                elif other:
                    url = other.group(1)
                    reason = link_problem(url, decode=True)
                    if reason:
                        out += _link(pos + 1, url)
                    else:
                        out.append(Violation(pos, f"'<{shown(url)}>' is not a link: only "
                                             "<https://…> and <name@example.com> become links",
                                             f"write [text]({shown(url)})"))
            pos = body.find("<", pos + 1)
        return out

    # -- [x](url), ![x](url) and [id]: url -------------------------------------------------
    def brackets(self) -> list[Violation]:
        """Every ']' (found at C speed) that ends link text followed by a target, or a
        reference id followed by ':'. Most targets are plainly fine and need no more."""
        out: list[Violation] = []
        body = self.body
        references = False
        pos = body.find("]")
        while pos >= 0:
            after = body[pos + 1:pos + 2]
            if (after == "(" and not _RELATIVE_TARGET_RE.match(body, pos + 2)
                    and _open_bracket(body, pos) >= 0):  # no '[': no link, just text
                web = _WEB_TARGET_RE.match(body, pos + 2) is not None
                if not (web and not _is_image(body, pos)):
                    out += self._target(pos)
            elif after == ":":
                references = True
            pos = body.find("]", pos + 1)
        if references:
            out += self.references()
        return out

    def _target(self, close: int) -> list[Violation]:
        body = self.body
        if self.in_code(close) or _escaped(body, close):
            return []
        start, href, _end = _destination(body, close + 2)
        return _image(start, href) if _is_image(body, close) else _link(start, href)

    # -- [id]: url, and the images that use one ----------------------------------------------
    def references(self) -> list[Violation]:
        out = []
        defs: dict[str, tuple[int, str]] = {}
        for match in _REFERENCE_RE.finditer(self.body):
            if self.in_code(match.start(2)):
                continue
            url = match.group(2)
            start = match.start(2)
            if url.startswith("<"):
                url, start = url[1:], start + 1
            url = url.removesuffix(">")
            defs.setdefault(match.group(1).strip().lower(), (start, url))
            out += _link(start, url)
        if defs and "![" in self.body:
            for match in _IMAGE_REFERENCE_RE.finditer(self.body):
                ref = (match.group(2) or match.group(1)).strip().lower()
                if ref in defs and not self.in_code(match.start()):
                    url = defs[ref][1]
                    out += _image(match.start(), url)
        return out

    # -- {: key=value } ----------------------------------------------------------------------
    def attribute_lists(self) -> list[Violation]:
        out = []
        body = self.body
        pos = body.find("{")  # at C speed; skipping Jinja's {{ and {%
        while pos >= 0:
            if body.startswith("{{", pos):
                pos = body.find("{", pos + 2)
                continue
            match = _ATTR_LIST_RE.match(body, pos)
            pos = body.find("{", pos + 1)
            if match is None or not self._attr_list_applies(match):
                continue
            if self.in_code(match.start()) or _escaped(body, match.start()):
                continue
            if vanishes(match.group(2), bool(match.group(1))):
                continue  # text, unless attr_list reads it: rendered_check asks Markdown
            tokens = [t for t in _ATTR_TOKEN_RE.finditer(match.group(2))
                      if not _harmless_token(t)]
            if not tokens:
                continue
            for token in tokens:
                key = token.group(1) or token.group(3) or token.group(5) or token.group(7)
                value = next((v for v in token.group(2, 4, 6) if v is not None), key)
                if key.startswith("#"):  # {: #id }
                    key, value = "id", key[1:]
                problem = attr_list_problem(key, value)
                if problem:
                    out.append(Violation(match.start(2) + token.start(), *problem))
        return out

    def _attr_list_applies(self, match: re.Match[str]) -> bool:
        """Where Python-Markdown's attr_list reads { … }: on a line of its own, at the end
        of a heading or table cell, or right after an inline element."""
        body = self.body
        line_start = body.rfind("\n", 0, match.start()) + 1
        line_end = body.find("\n", match.end())
        before = body[line_start:match.start()]
        after = body[match.end():len(body) if line_end < 0 else line_end].strip(" \t")
        if not before.strip(" \t") and not after:
            return True
        if before and before[-1] in _INLINE_END:
            return True
        if before and before[-1] in " \t":
            heading = before.lstrip(" \t").startswith("#")
            return (heading and not after.rstrip("#").rstrip(" \t")) or after.startswith("|")
        return False


def vanishes(content: str, colon: bool) -> bool:
    """Whether `{content}` (`{: content}` if `colon`), where attr_list reads it, is text the
    author meant to show: a bare word, or something that is no attribute syntax at all, such
    as Jinja's `{% endif %}` or `{# note #}`. attr_list turns it into attributes (`<p _
    endif>`, `<p name>`) and the text is gone. A bare word is taken as an attribute only in
    the `{: hidden }` form: `{name}`, `{title}` and `{id}` are support text's placeholders,
    so a word that happens to be an attribute's name is no sign of intent. `.class`, `#id`
    and `key=value` tokens are attributes in either form."""
    for token in _ATTR_TOKEN_RE.finditer(content):
        word = token.group(7)
        if word is None:
            continue
        if word[0] in ".#" and len(word) > 1 and _NAME_RE.match(word[1:]):
            continue
        if not colon or word.lower() not in _ATTR_LIST_ALLOWED:
            return True
    return False


_NAME_RE = re.compile(r"^[\w-]+$")
# A { … } on one line that is not Jinja's {{ … }}: what attr_list could read.
_BRACED_RE = re.compile(r"(?<!\{)\{(?!\{)(:?)[ \t]*([^{}\n]*?)[ \t]*\}")


def may_vanish(body: str) -> bool:
    """Whether `body` holds a `{ … }` outside fenced and inline code that is text if
    attr_list leaves it and vanishes if it reads it (see `vanishes`), or a bare word in
    `{: … }` that only the element it lands on can judge: only such pages are rendered to
    find out."""
    if "{" not in body:
        return False
    # attr_list reads { … } at the end of a line or table cell, or right after an inline
    # element: nowhere else need a page be rendered. (Found by the closing brace: scanning
    # for every '{' was a sixth of `handbook check` on a large handbook.)
    starts = [body.rfind("{", body.rfind("\n", 0, m.start()) + 1, m.start())
              for m in _BRACE_END_RE.finditer(body)]
    pos = body.find("{", 1)
    while pos > 0:
        if body[pos - 1] in _INLINE_END and not body.startswith("{", pos + 1):
            starts.append(pos)
        pos = body.find("{", pos + 2)
    code = code_spans(body) if starts else []  # remembered: the other scans ask too
    for start in starts:
        match = _BRACED_RE.match(body, start) if start >= 0 else None
        if (match is not None and not inside(start, code)
                # a bare word vanishes, or (in `{: hidden }`) is judged on its element
                and (vanishes(match.group(2), False) or (match.group(1) and not match.group(2)))):
            return True
    return False


# A heading's closing hashes (`## Reply to {customer} ##`) go before attr_list reads it.
_BRACE_END_RE = re.compile(r"\}[ \t]*(?:#+[ \t]*)?(?:\n|\||\Z)")


def attr_list_source(body: str, read: str, after: int = 0) -> int:
    """Offset in `body` of the first `{ … }` at or after `after`, outside code and not
    escaped, from which attr_list read the attribute text `read` (its captured group:
    `{: .x }` gives ".x", `{:}` gives ":"); -1 if none."""
    pattern = re.compile(r"\{:?[ ]*" + re.escape(read.rstrip(" ")) + r"[ ]*\}")
    scan = _Scan(body)
    for match in pattern.finditer(body, after):
        if not (scan.in_code(match.start()) or _escaped(body, match.start())):
            return match.start()
    return -1


def vanish_problem(text: str) -> tuple[str, str]:
    """(message, hint) for `{ … }` text that attr_list reads as attributes."""
    return (f"'{text}' is read by Markdown as an attribute list here, so it would vanish from "
            "the page",
            f"to show it as text, put it in backticks or write \\{text}; to set an "
            "attribute, write {: .class } or {: #id }")


def _harmless_token(token: re.Match[str]) -> bool:
    """Whitespace, .class, #id or an attribute allowed with any value (no closer look)."""
    word = token.group(7)
    if word is not None:
        if word.startswith("#"):
            return not word[1:].startswith("__")  # reserved ids: see attribute_problem
        return word[0] == "." or word.lower() in _ATTR_LIST_ALLOWED
    key = token.group(1) or token.group(3) or token.group(5)
    return key is None or (key.lower() in _ATTR_LIST_ALLOWED
                           and key.lower() not in _URL_ATTRIBUTE_TAGS)


def attr_list_problem(key: str, value: str) -> tuple[str, str] | None:
    """(message, hint) if an attribute list may not set `key` to `value`. The element it
    lands on is not known here: a URL attribute is judged as on a link or an image, any
    other attribute must be one the policy allows on some element."""
    name = key.lower()
    tag = _URL_ATTRIBUTE_TAGS.get(name)
    if tag is None:
        if name in _ATTR_LIST_ALLOWED:
            return None
        tag = "div"
    problem = attribute_problem(tag, name, unescape(value) if "&" in value else value)
    if problem is None:
        return None
    message, hint = problem
    return message.replace(f" on <{tag}>", " in an attribute list"), hint


_URL_ATTRIBUTE_TAGS = {"href": "a", "src": "img", "srcset": "img", "poster": "video"}


def _link(start: int, url: str) -> list[Violation]:
    reason = link_refusal(url)
    if reason:
        return [Violation(start, f"link to '{shown(url)}' is not allowed: {reason}", LINK_HINT)]
    return []


def _image(start: int, url: str) -> list[Violation]:
    for candidate in _forms(url):
        reason = (srcset_problem if "," in candidate and " " in candidate else
                  resource_problem)(candidate, decode=True)
        if reason:
            return [Violation(start, f"image '{shown(url)}' is not allowed: {reason}",
                              RESOURCE_HINT)]
    return []


def link_refusal(url: str) -> str | None:
    """Why a link target as written in Markdown is refused in some reading of it, or None."""
    for candidate in _forms(url):
        reason = link_problem(candidate, decode=True)
        if reason:
            return reason
    return None


def refused_link(url: str) -> bool:
    return link_refusal(url) is not None


def _has_reference(text: str) -> bool:
    """Whether a line of `text` defines a link reference ([id]: url). Tried only at the lines
    that hold ']:' (a multi-line pattern scanned over the whole page was slow)."""
    pos = find(text, "]:")
    while pos >= 0:
        if _MAYBE_REFERENCE_RE.match(text, text.rfind("\n", 0, pos) + 1):
            return True
        pos = find(text, "]:", pos + 2)
    return False


def link_targets_plainly_fine(text: str, relative: bool = True) -> bool:
    """True when `text` holds no image, no reference definition and only link targets that
    are web, mail or phone addresses (or, with `relative`, relative ones): nothing a link
    policy could refuse. (Each looked for by its '!' or ']', see char_search.)"""
    if holds(text, "![") or _has_reference(text):
        return False
    pos = find(text, "](")
    while pos >= 0:
        target = pos + 2
        if not ((relative and _RELATIVE_TARGET_RE.match(text, target))
                or _WEB_TARGET_RE.match(text, target)):
            return False
        pos = find(text, "](", target)
    return True


# The start of a reference definition's line, up to where its address may start or go on.
_DEFINITION_LEAD_RE = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*\[[^\[\]]*\]:[ \t]*\S*")


def in_link_address(text: str, pos: int) -> str:
    """"link" when offset `pos` of `text` is inside the address of an inline link or image
    (`[x](…)`), "title" when inside its title (`[x](url "…")`), "definition" when inside a
    reference definition (`[id]: …`), else ""."""
    line_start = text.rfind("\n", 0, pos) + 1
    if "]:" in text[line_start:pos]:
        lead = _DEFINITION_LEAD_RE.match(text, line_start)
        if lead is not None and lead.end() >= pos:
            return "definition"
    mark = text.rfind("](", 0, pos)
    while mark >= 0 and text.find("\n\n", mark, pos) < 0:
        if not _escaped(text, mark) and _open_bracket(text, mark) >= 0:
            at, target, end = _destination(text, mark + 2)
            if end > pos:  # (the target read ends before a title)
                return "title" if pos >= at + len(target) else "link"
        mark = text.rfind("](", 0, mark)
    return ""


def inline_links(text: str) -> Iterator[tuple[int, int, str, str, bool]]:
    """(start, end, text, target, is_image) of each [text](target) and ![text](target)."""
    pos = text.find("](")
    while pos >= 0:
        start = _open_bracket(text, pos)
        if start >= 0 and not _escaped(text, pos):
            image = start > 0 and text[start - 1] == "!" and not _escaped(text, start - 1)
            _at, href, end = _destination(text, pos + 2)
            yield (start - image, end, text[start + 1:pos], href, image)
        pos = text.find("](", pos + 2)


def _forms(url: str) -> list[str]:
    """The target as written, as Markdown unescapes it, without <…> around it, and its first
    word: judged all, so that no reading of it slips through."""
    forms = [url]
    if url.startswith("<") and url.endswith(">"):
        forms.append(url[1:-1])
    unescaped = _MD_ESCAPE_RE.sub(r"\1", url)
    if unescaped != url:
        forms.append(unescaped)
    first = url.split(None, 1)[0] if url.strip() else url
    if first != url:
        forms.append(first)
    return forms


_TARGET_CHARS_RE = re.compile(r"\\.|[()]|\n\n", re.DOTALL)


def _destination(body: str, pos: int) -> tuple[int, str, int]:
    """(offset, text, end) of the link target that starts at `pos` (just after '](');
    `end` is just after its closing ')', or where reading stopped."""
    size = len(body)
    while pos < size and body[pos] in " \t":
        pos += 1
    if pos < size and body[pos] == "\n":
        pos += 1
        while pos < size and body[pos] in " \t":
            pos += 1
    if pos < size and body[pos] == "<":
        end = body.find(">", pos)
        newline = body.find("\n", pos)
        if end > 0 and (newline < 0 or end < newline):
            close = body.find(")", end)
            return pos + 1, body[pos + 1:end], size if close < 0 else close + 1
    # Jump from one character that matters to the next (at C speed), no further than any
    # real target reaches: a page of thousands of unclosed '(' costs no more than one.
    depth, i, limit = 1, size, min(size, pos + 2048)
    for match in _TARGET_CHARS_RE.finditer(body, pos, limit):
        c = match.group()
        if c == "(":
            depth += 1
            if depth > 8:  # Markdown's own reading gives up long before
                i = match.start()
                break
        elif c == ")":
            depth -= 1
            if depth == 0:
                i = match.start()
                break
        elif c == "\n\n":
            i = match.start()
            break
    else:
        i = limit
    inner = body[pos:i]
    return pos, _TITLE_RE.sub("", inner).strip(), min(i + 1, size)


def _open_bracket(body: str, close: int) -> int:
    """Offset of the '[' that the ']' at `close` closes, or -1 (none in its paragraph)."""
    # The usual case, found at C speed: the nearest '[' before, with no bracket between.
    opening = body.rfind("[", 0, close)
    if (opening >= 0 and body.find("]", opening, close) < 0
            and body.find("\n\n", opening, close) < 0 and not _escaped(body, opening)
            and not _escaped(body, close)):
        return opening
    return _bracket_pairs(body).get(close, -1)


_PAIRS: tuple[str, dict[int, int]] = ("", {})
_BRACKET_RE = re.compile(r"[\[\]]|\n[ \t]*\n")


def _bracket_pairs(body: str) -> dict[int, int]:
    """Every unescaped ']' of `body` that closes a '[' in the same paragraph -> that '['.
    One pass for the whole page (asking bracket by bracket was quadratic: a page of ten
    thousand '](' took a minute); the last page's answer is kept."""
    global _PAIRS
    if _PAIRS[0] is body:
        return _PAIRS[1]
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET_RE.finditer(body):
        pos, char = match.start(), match.group()
        if char == "[":
            if not _escaped(body, pos):
                opened.append(pos)
        elif char == "]":
            if opened and not _escaped(body, pos):
                pairs[pos] = opened.pop()
        else:
            opened.clear()  # a blank line ends the paragraph
    _PAIRS = (body, pairs)
    return pairs


def _is_image(body: str, close: int) -> bool:
    """Whether the ']' at `close` ends the alt text of an image (![…])."""
    start = _open_bracket(body, close)
    return start > 0 and body[start - 1] == "!" and not _escaped(body, start - 1)


def _escaped(body: str, pos: int) -> bool:
    """Whether the character at `pos` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and body[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _line_start_ref(body: str, pos: int) -> bool:
    line_start = body.rfind("\n", 0, pos) + 1
    return _REFERENCE_RE.match(body, line_start) is not None
