"""Heading anchors as the build makes them, for the pages trees and links point into.

The build's ids and heading text come from Python-Markdown's toc extension, run with the
site's Markdown extensions and slug function on the page as mkdocs-macros leaves it (each
macro call replaced by its output). Two ways to the same answer:

- the scanner (markdown_scan.scan_headings) reads ordinary pages exactly, at a fraction of
  the cost, and says when it is sure. It is sure only when every extension the site lists is
  one it knows, and the page holds nothing those extensions or the macros could read
  otherwise than it does (see `_scanner_reads_it`);
- any other page is converted by Markdown itself, with the instance rendered_check.py keeps
  for the site's extensions, its macro calls replaced by what the build puts in their place,
  and the ids and text are read from the toc.

Both run only when a page's anchors are asked for (Page.anchors): a tree outcome or a link
points into it. Converting a page costs fifty times what scanning it does: a second more
for `handbook check` on a 2,000-page handbook if every page a tree points into went that way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .macro_calls import BLOCK_MACROS, MacroCall
from .markdown_scan import (
    CONTAINERS,
    Heading,
    anchors_of,
    code_spans,
    inside,
    scan_headings,
    title_text,
)
from .markdown_scan import _slugify as _default_slugify

MarkdownConfig = tuple[list[Any], dict[str, Any]]


@dataclass
class Sections:
    """A page's heading anchors: id -> line in the body, and the heading's text."""

    lines: dict[str, int]
    # id -> the heading's Markdown (read by the scanner), or its text (read by Markdown).
    sources: dict[str, str]
    rendered: bool = False

    def title(self, anchor: str) -> str | None:
        """The heading's text as the reader sees it (plain text, not escaped)."""
        source = self.sources.get(anchor)
        if source is None:
            return None
        return " ".join((source if self.rendered else title_text(source)).split())


def page_sections(body: str, calls: list[MacroCall],
                  slugify: Callable[[str, str], str] | None = None, separator: str = "-",
                  markdown: MarkdownConfig | None = None,
                  cadence: Mapping[str, str] | None = None) -> Sections:
    """The anchors of a page `body` (its macro calls `calls`), as the build's toc makes them
    with the site's `slugify` and `separator`, Markdown extensions `markdown` (as MkDocs
    passes them) and cadence texts. Without `markdown`, the scanner's reading."""
    site = _site(markdown)
    breaks, odd = _block_call_lines(body, calls)
    scan = scan_headings(body, site.containers, breaks)
    if markdown is None or (scan.sure and not odd and _scanner_reads_it(
            scan.found, body, calls, site, cadence or {})):
        return _scanned(scan.found, slugify, separator)
    try:
        return _converted(body, calls, slugify, separator, markdown, cadence or {}, site)
    except Exception:  # an extension's own error: the HTML check reports it, the build fails
        return _scanned(scan.found, slugify, separator)


def _scanned(found: list[Heading], slugify: Callable[[str, str], str] | None,
             separator: str) -> Sections:
    lines = anchors_of(found, slugify, separator)
    by_line = {h.line: h.title for h in found}
    return Sections(lines, {anchor: by_line.get(line, "") for anchor, line in lines.items()})


def _block_call_lines(body: str, calls: list[MacroCall]) -> tuple[frozenset[int], bool]:
    """The lines (from 1) of the block macro calls the build runs, which it replaces by a
    raw HTML placeholder: a block of its own where it starts a line. Also whether a call
    is where the scanner can't tell what its output does: over several lines, or a block
    call inside a quote or indented, with text right under it."""
    lines, odd = set(), False
    for call in calls:
        if call.error:
            continue
        if "\n" in body[call.start:call.end]:
            odd = odd or call.runnable
        elif call.name in BLOCK_MACROS:
            # (One with wrong arguments is an error of its own: its line counts all the same.)
            start = body.rfind("\n", 0, call.start) + 1
            if start == call.start:
                lines.add(body.count("\n", 0, start) + 1)
            else:
                end = body.find("\n", call.end)
                following = body[end + 1:].split("\n", 1)[0] if end >= 0 else ""
                odd = odd or following.strip(" \t>") != ""
    return frozenset(lines), odd


# -- what the site's extensions do to headings ----------------------------------------------------

# The extensions the scanner knows: name -> what in a heading's title the extension reads
# otherwise than plain Markdown (None: nothing). Anything else the site lists makes every
# page go through Markdown. Block syntax (definition lists, raw HTML, footnotes) makes the
# scanner unsure by itself.
_TITLE_SYNTAX: dict[str, str | None] = {
    "toc": None, "tables": None, "fenced_code": None, "abbr": None, "admonition": None,
    "attr_list": None, "def_list": None, "md_in_html": None, "codehilite": None,
    "nl2br": None, "sane_lists": None,
    "footnotes": r"\[\^", "extra": r"\[\^", "smarty": r"['\"]|--|\.\.\.|<<|>>",
    "wikilinks": r"\[\[",
    "pymdownx.details": None, "pymdownx.superfences": None, "pymdownx.tabbed": None,
    "pymdownx.tasklist": None, "pymdownx.highlight": None, "pymdownx.pathconverter": None,
    "pymdownx.b64": None,
    "pymdownx.inlinehilite": r"`[ ]*(?:#!|:::)",
    "pymdownx.keys": r"\+\+", "pymdownx.mark": r"==", "pymdownx.caret": r"\^",
    "pymdownx.tilde": r"~", "pymdownx.emoji": r":[^\s:]+:", "pymdownx.betterem": r"[*_]",
    "pymdownx.smartsymbols": r"\([cCrR]\)|\([tT][mM]\)|c/o|\+/-|<?-->?|<--|=/=|\d/\d"
                             r"|\d(?:st|nd|rd|th)\b",
    "pymdownx.magiclink": r"://|www\.|ftp\.|@|[#!?]\d|mailto:",
    "pymdownx.critic": r"\{(?:\+\+|--|~~|==|>>)|~>",
    "pymdownx.escapeall": r"\\", "pymdownx.arithmatex": r"\$|\\\(",
    "pymdownx.progressbar": r"\[=", "pymdownx.extra": r"[*_]|\[\^",
    "pymdownx.snippets": None,
}
# Options that change what the scanner relies on: the extension counts as unknown with them.
_UNKNOWN_WITH = {
    "pymdownx.superfences": ("disable_indented_code_blocks",),
    "pymdownx.tabbed": ("slugify",),  # tab ids: toc numbers headings around them
    "pymdownx.snippets": ("auto_append",),
}
# Block syntax of an extension the scanner does not read: a page holding it is converted.
_PAGE_SYNTAX = {"pymdownx.snippets": r"-8<-"}
_CONTAINER_OF = {"admonition": "admonition", "pymdownx.details": "details",
                 "pymdownx.tabbed": "tabbed"}


@dataclass(frozen=True)
class _Site:
    known: bool  # every extension is one the scanner knows
    containers: frozenset[str]
    title: re.Pattern[str] | None  # title text an extension reads otherwise
    page: re.Pattern[str] | None  # page text an extension reads otherwise


_SITES: dict[int, tuple[Any, _Site]] = {}
_ANY_SITE = _Site(True, frozenset(CONTAINERS), None, None)


def _site(markdown: MarkdownConfig | None) -> _Site:
    if markdown is None:
        return _ANY_SITE
    hit = _SITES.get(id(markdown))
    if hit is not None and hit[0] is markdown:
        return hit[1]
    names, configs = markdown
    known, containers, title, page = True, set(), [], []
    listed = set()
    for entry in names:
        name = entry.removeprefix("markdown.extensions.") if isinstance(entry, str) else None
        if name is None or name not in _TITLE_SYNTAX:
            known = False
            continue
        listed.add(name)
        options = configs.get(entry) or configs.get(name) or {}
        if any(options.get(option) for option in _UNKNOWN_WITH.get(name, ())):
            known = False
        if name == "pymdownx.inlinehilite" and options.get("custom_inline"):
            title.append("`")
        if _TITLE_SYNTAX[name]:
            title.append(_TITLE_SYNTAX[name])  # type: ignore[arg-type]
        if name in _PAGE_SYNTAX:
            page.append(_PAGE_SYNTAX[name])
        if name in _CONTAINER_OF:
            containers.add(_CONTAINER_OF[name])
    if not listed & {"attr_list", "extra", "pymdownx.extra"}:
        title.append(r"\{")  # without attr_list, {#id} is text
    site = _Site(known, frozenset(containers), re.compile("|".join(title)) if title else None,
                 re.compile("|".join(page), re.MULTILINE) if page else None)
    _SITES[id(markdown)] = (markdown, site)
    return site


# Cadence text that reads as the same words wherever it stands.
_PLAIN_TEXT_RE = re.compile(r"[^\W_][\w ,.;()%/]*|")


def _scanner_reads_it(found: list[Heading], body: str, calls: list[MacroCall], site: _Site,
                      cadence: Mapping[str, str]) -> bool:
    """Whether the scanner's sure reading is the build's: the site's extensions are all known,
    no heading holds a macro call or text an extension reads, and no inline macro brings
    text other than plain words."""
    if not site.known or (site.page is not None and site.page.search(body)):
        return False
    for heading in found:
        if "{{" in heading.title or (site.title is not None and site.title.search(heading.title)):
            return False
    return all(_PLAIN_TEXT_RE.fullmatch(_inline_output(call, cadence))
               for call in calls if call.name not in BLOCK_MACROS and call.runnable)


def _inline_output(call: MacroCall, cadence: Mapping[str, str]) -> str:
    """What an inline macro call puts in the page: cadence() its text, escaped (as the
    macro in macros_env.py does)."""
    text = cadence.get(call.args[0], "") if call.args else ""
    return html.escape(str(text), quote=True)


# -- the page converted by Markdown ---------------------------------------------------------------

def _converted(body: str, calls: list[MacroCall], slugify: Callable[[str, str], str] | None,
               separator: str, markdown: MarkdownConfig, cadence: Mapping[str, str],
               site: _Site) -> Sections:
    text, shifts = _as_built(body, calls, cadence)
    found = _toc_headings(text, markdown)
    slug = slugify or _default_slugify
    located = _locate(text, found, site, slug, separator)
    lines: dict[str, int] = {}
    titles: dict[str, str] = {}
    for (anchor, name), line in zip(found, located, strict=True):
        if anchor not in lines:
            lines[anchor] = line + sum(moved for after, moved in shifts if after < line)
            titles[anchor] = name
    return Sections(lines, titles, rendered=True)


def _as_built(body: str, calls: list[MacroCall], cadence: Mapping[str, str]
              ) -> tuple[str, list[tuple[int, int]]]:
    """The body as Markdown sees it in the build: each block macro call replaced by the
    placeholder <div> the plugin stashes its HTML behind (its ids are not headings of the
    page), each inline one by its text. Also, for calls over several lines, (the line they
    end on in the result, how many lines they took out)."""
    out: list[str] = []
    shifts: list[tuple[int, int]] = []
    pos, line = 0, 1
    for i, call in enumerate(c for c in calls if c.runnable):
        before = body[pos:call.start]
        out.append(before)
        line += before.count("\n")
        out.append(f'<div data-hb-stash="check-{i}"></div>' if call.name in BLOCK_MACROS
                   else _inline_output(call, cadence))
        taken = body.count("\n", call.start, call.end)
        if taken:
            shifts.append((line, taken))
        pos = call.end
    out.append(body[pos:])
    return "".join(out), shifts


# A fence opening line with more than a language after the fence (options, attributes).
_FENCE_WITH_OPTIONS_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*\.?[\w#.+-]*[ \t]+\S",
                                    re.MULTILINE)
_FAITHFUL: dict[int, tuple[Any, Any]] = {}


def _toc_headings(text: str, markdown: MarkdownConfig) -> list[tuple[str, str]]:
    """(id, text) of every heading of `text` converted with the site's Markdown, in order:
    the ids the toc extension gave them and the text it read (its `name`).

    The instance rendered_check.py keeps for the site is used: it turns Pygments off, which
    changes nothing outside code, except that the fence extension then refuses options such as
    title="x.py" and reads the fence as text. A page with such a fence gets an instance with
    the site's options as they are."""
    from .rendered_check import _MARKDOWN, _render

    if _FENCE_WITH_OPTIONS_RE.search(text):
        md = _faithful(markdown)
    else:
        md = _MARKDOWN.get(id(markdown))
        if md is None:
            _render("", markdown)  # builds the site's instance (see rendered_check)
            md = _MARKDOWN[id(markdown)]
    if "handbook_headings" not in md.treeprocessors:
        md.treeprocessors.register(_collector(md), "handbook_headings", 4)  # after toc (5)
    md.handbook_headings = []
    md.reset()
    md.convert(text)
    return list(md.handbook_headings)


def _faithful(markdown: MarkdownConfig) -> Any:
    """A Markdown instance with the site's extensions and options exactly as configured (an
    option the checker could not read from mkdocs.yml, None, left to its default)."""
    hit = _FAITHFUL.get(id(markdown))
    if hit is not None and hit[0] is markdown:
        return hit[1]
    import markdown as python_markdown

    names, configs = markdown
    configs = {name: {k: v for k, v in (value or {}).items() if v is not None}
               for name, value in configs.items()}
    md = python_markdown.Markdown(extensions=list(names), extension_configs=configs)
    _FAITHFUL[id(markdown)] = (markdown, md)
    return md


def _collector(md: Any) -> Any:
    from markdown.treeprocessors import Treeprocessor

    class HeadingCollector(Treeprocessor):
        """Notes each heading's id and text once toc has given them (headings outside the
        toc's depth have ids too: their text is read here)."""

        def run(self, root: Any) -> None:
            tokens = list(_flat(getattr(self.md, "toc_tokens", [])))
            found = []
            for el in root.iter():
                if not isinstance(el.tag, str) or el.tag not in _HEADING_TAGS:
                    continue
                anchor = el.get("id", "")
                if tokens and tokens[0].get("id") == anchor:
                    name = html.unescape(str(tokens.pop(0).get("name", "")))
                else:
                    name = "".join(_own_text(el))
                found.append((anchor, name))
            self.md.handbook_headings = found

    return HeadingCollector(md)


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _flat(tokens: list[dict[str, Any]]) -> Any:
    for token in tokens:
        yield token
        yield from _flat(token.get("children") or [])


def _own_text(el: Any) -> Any:
    """The text of a heading element without toc's permalink."""
    if el.text:
        yield el.text
    for child in el:
        if "headerlink" not in (child.get("class") or ""):
            yield from _own_text(child)
        if child.tail:
            yield child.tail


# A heading line in a container the scanner does not read (a definition, a list item).
_NESTED_HEADING_RE = re.compile(r"^[ \t>]*(?:(?:[:*+-]|\d+[.)])[ \t]+)?#{1,6}(.*?)[ \t#]*$")
_HTML_HEADING_RE = re.compile(r"<h([1-6])\b[^>]*>(.*?)(?:</h\1>|$)", re.IGNORECASE)
_TAGS_RE = re.compile(r"<[^>]*>")
_UNDERLINED_RE = re.compile(r"(?:=+|-+)[ \t]*$")


def _locate(text: str, found: list[tuple[str, str]], site: _Site,
            slugify: Callable[[str, str], str], separator: str) -> list[int]:
    """The line of `text` each of the headings Markdown `found` is on: its headings as the
    scanner guesses them, and lines that may be headings in what it does not read
    (definitions, list items, HTML, underlined text), matched in order by id or slug. A
    heading not matched is given the next guess's line."""
    lines_of_text = text.split("\n")
    placeholders = frozenset(n for n, line in enumerate(lines_of_text, 1)
                             if line.startswith('<div data-hb-stash="check-'))
    guesses: list[tuple[int, str, str]] = [
        (h.line, h.anchor, slugify(title_text(h.title), separator))
        for h in scan_headings(text, site.containers, placeholders).found]
    seen = {line for line, _, _ in guesses}
    code = code_spans(text)
    offset = 0
    for number, line in enumerate(lines_of_text, 1):
        start, offset = offset, offset + len(line) + 1
        if number in seen or inside(start, code):
            continue
        nested = _NESTED_HEADING_RE.match(line)
        if nested:
            guesses.append((number, "", slugify(title_text(nested.group(1)), separator)))
        elif (number < len(lines_of_text) and line.strip() and number not in placeholders
              and _UNDERLINED_RE.match(lines_of_text[number])):
            guesses.append((number, "", slugify(title_text(line.strip()), separator)))
        for tag in _HTML_HEADING_RE.finditer(line):
            plain = html.unescape(_TAGS_RE.sub("", tag.group(2)))
            guesses.append((number, "", slugify(plain, separator)))
    guesses.sort(key=lambda g: g[0])
    lines, cursor, last = [], 0, 1
    for anchor, name in found:
        wanted = slugify(name, separator)
        match = next((k for k in range(cursor, len(guesses)) if guesses[k][1] == anchor
                      or (not guesses[k][1] and guesses[k][2] == wanted)), None)
        if match is None:
            last = guesses[cursor][0] if cursor < len(guesses) else last
        else:
            last, cursor = guesses[match][0], match + 1
        lines.append(last)
    return lines
