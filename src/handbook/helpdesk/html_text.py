"""A helpdesk reply's HTML as the light Markdown snippets use, with a line for everything that
did not come across as it was.

nh3 (the sanitizer the build already uses) keeps the tags a reply or its conversion can
carry; markdownify (https://github.com/matthewwithanm/python-markdownify) converts them.
What the light Markdown has no form for is kept as text: a heading becomes a bold line, a
table one line a row (cells joined by " | "), preformatted text its lines, struck-through
text plain text; each is reported.
Every other element (images, rules, frames, forms …) is left out and reported by name.
Text that Markdown would read as a list or heading ("2024. A year", "- not a list") is
escaped, so it stays text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from markdownify import MarkdownConverter

# What a reply carries as it is, and what is converted to text it can hold (see above).
REPLY_TAGS = {"p", "br", "div", "strong", "b", "em", "i", "a", "ul", "ol", "li",
              "blockquote", "span", "u"}
AS_TEXT = {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr",
           "td", "th", "pre", "code", "caption", "s", "strike", "del"}
# Wrappers of a whole document or of text, whose content is kept: not worth a report line.
QUIET = {"html", "head", "body", "font", "center", "small", "big", "sup", "sub", "ins",
         "mark", "abbr", "cite", "q", "section", "article",
         "header", "footer", "main", "meta", "title", "tt", "kbd", "samp", "var", "label"}
# Elements whose content goes with them.
CONTENT_GOES = {"script", "style", "iframe", "object", "embed", "svg", "math", "template",
                "noscript", "select", "textarea"}
_LIST_START_RE = re.compile(r"(^|\n)([ \t]*)(\d{1,9})([.)])(?=\s|$)")
# Python-Markdown's tab_length, which render/snippet.py's instance keeps: a nested list's
# indent.
TAB_LENGTH = 4
# A line of dashes, which Markdown reads as a rule (or, under a line, a heading).
_DASHES_RE = re.compile(r"(^|\n)([ \t]*)(?=-{2,}[ \t]*(?:\n|$))")
# A line of "=" under a line of text, which Markdown reads as a heading ("\=" is no escape
# there): a paragraph of its own.
_EQUALS_RE = re.compile(r"(?<=[^\n])\n(?=[ \t]*=+[ \t]*(?:\n|$))")
_BULLET_RE = re.compile(r"(^|\n)([ \t]*)([-+*]|#{1,6}|>)(?=\s|$)")


class _Tags(HTMLParser):
    """Counts the elements a reply holds, without building a tree (any depth)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: Counter[str] = Counter()
        self.alts: list[str] = []
        self.refused: list[str] = []  # link targets nh3 takes out (a scheme it does not allow)
        self.relative: list[str] = []  # link targets with no scheme ("/help", "faq.html")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] += 1
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")
        href = dict(attrs).get("href") if tag == "a" else None
        scheme = _SCHEME_RE.match(re.sub(r"[\x00-\x20]", "", href or ""))
        if scheme and scheme.group(1).lower() not in _schemes():
            self.refused.append(href or "")
        elif href is not None and not scheme:
            self.relative.append(href)


# A link's scheme, as browsers read it once whitespace and controls are taken out.
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _schemes() -> frozenset[str]:
    import nh3

    return frozenset(nh3.ALLOWED_URL_SCHEMES)


class _Converter(MarkdownConverter):
    def __init__(self, notes: list[str], **options: object) -> None:
        super().__init__(**options)
        self.notes = notes

    def escape(self, text: str, parent_tags: set[str]) -> str:
        return _escape_forms(super().escape(text, parent_tags))

    def convert_hN(self, n: int, el: object, text: str, parent_tags: set[str]) -> str:
        text = " ".join(text.split())
        if "_inline" in parent_tags or not text:
            return text
        self.notes.append(f"heading '{_short(text)}' became a bold line")
        return f"\n\n**{text}**\n\n"

    def convert_td(self, el: object, text: str, parent_tags: set[str]) -> str:
        return " ".join(text.split()) + "\x1f"

    convert_th = convert_td

    def convert_tr(self, el: object, text: str, parent_tags: set[str]) -> str:
        cells = [c for c in text.split("\x1f") if c.strip()]
        return " | ".join(c.strip() for c in cells) + "\n" if cells else ""

    def convert_table(self, el: object, text: str, parent_tags: set[str]) -> str:
        rows = [r for r in text.split("\n") if r.strip()]
        self.notes.append(f"a table became {len(rows)} line(s) of text, cells joined by ' | '")
        return "\n\n" + "\n".join(rows) + "\n\n"

    def convert_pre(self, el: object, text: str, parent_tags: set[str]) -> str:
        lines = [self.escape(" ".join(line.split()), set()) for line in text.split("\n")]
        lines = [line for line in lines if line]
        self.notes.append("preformatted text became plain lines (spacing not kept)")
        return "\n\n" + "\n".join(lines) + "\n\n"

    def convert_s(self, el: object, text: str, parent_tags: set[str]) -> str:
        """Struck-through text kept as plain text, with a line naming it: a snippet's light
        Markdown has no strikethrough (render/snippet.py), and struck text read as current
        reverses what the reply says ("<s>Old price</s> New price")."""
        if text.strip():
            self.notes.append(f"struck-through text '{_short(' '.join(text.split()))}' kept "
                              "as plain text (a reply has no strikethrough), so it now reads "
                              "as current: delete it from the snippet if it no longer holds")
        return text

    convert_del = convert_strike = convert_s

    def convert_code(self, el: object, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A list item whose lines after the first, a nested list's too, are indented by
        the snippet renderer's tab_length (Python-Markdown's default, 4, which
        render/snippet.py keeps): markdownify indents by the bullet's width, 2 for "- ",
        which Python-Markdown does not nest."""
        item = super().convert_li(el, text, parent_tags)
        first, _, rest = item.partition("\n")
        bullet = re.match(r"(?:[-+*]|\d+[.)]) ", first)
        width = len(bullet.group(0)) if bullet else 0
        rest = re.sub(rf"(?m)^ {{{width}}}(?=.)", " " * TAB_LENGTH, rest) if width else rest
        return first + "\n" + rest

    def convert_list(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A list written straight inside another after an item (`<ul><li>a</li><ul>…`, as
        mail editors write it) nested under that item, as a list inside the item is."""
        parent = getattr(el, "parent", None)
        if parent is None or parent.name not in ("ul", "ol") or \
                el.find_previous_sibling("li") is None:
            return super().convert_list(el, text, parent_tags)
        lines = text.strip("\n").split("\n")
        return "\n".join(" " * TAB_LENGTH + line if line else line for line in lines) + "\n"

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_blockquote(self, el: object, text: str, parent_tags: set[str]) -> str:
        """A block quote's paragraphs as plain ones, with a line: a snippet's text is
        escaped before Markdown reads it (render/snippet.py), so "> " would show as typed."""
        text = text.strip()
        if "_inline" in parent_tags or not text:
            return f" {text} " if text else ""
        self.notes.append(f"a block quote became plain text (its text kept: "
                          f"'{_short(' '.join(text.split()))}'): a reply has no quote form")
        return f"\n\n{text}\n\n"


def escape_plain(text: str) -> str:
    """A helpdesk's plain text as Markdown that shows it as written: `*`, `_` runs, backticks
    and list or heading starts escaped, a line of "=" under text a paragraph of its own."""
    return _EQUALS_RE.sub("\n\n", _escape_forms(re.sub(r"([\\*])", r"\\\1", text)))


# Markdown forms a helpdesk's text may hold as text (rt17d 14): a link written out,
# "[not a link](https://…)" (its "[" escaped), "__x__" emphasis (an "_" that opens or
# closes a run; "snake_case" is left as it is) and a code span's backtick.
_LINK_FORM_RE = re.compile(r"\[(?=[^\[\]\n]*\]\()")
_EMPHASIS_UNDERSCORE_RE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def _escape_forms(text: str) -> str:
    """`text` with list and heading starts, written-out links, `_` emphasis, backticks and
    lines of dashes escaped, so Markdown shows them as written."""
    text = _LINK_FORM_RE.sub(r"\\[", text.replace("`", "\\`"))
    text = _EMPHASIS_UNDERSCORE_RE.sub(r"\\_", text)
    text = _LIST_START_RE.sub(r"\1\2\3\\\4", text)
    text = _DASHES_RE.sub(r"\1\2\\", text)
    return _BULLET_RE.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)


def markdown(source: str, notes: list[str]) -> str:
    """The light Markdown of `source` (HTML); `notes` gets a line per change of form and per
    kind of element left out. Raises nothing: HTML too deep to convert becomes its text."""
    import nh3

    tags = _Tags()
    tags.feed(source)
    tags.close()
    for alt in tags.alts:
        notes.append(f"image{f' {alt!r}' if alt else ''} left out: a reply carries no images")
    for href in tags.refused:
        notes.append(f"the link to {_short(href)!r} left out (its text kept): a reply links "
                     "only to web, mail and phone addresses")
    for href in tags.relative:
        notes.append(f"the link to {_short(href)!r} left out (its text kept): it is no whole "
                     "address, which a reply sent from a helpdesk needs; link the text to its "
                     "https:// address")
    for tag, count in sorted(tags.seen.items()):
        if tag in REPLY_TAGS or tag in AS_TEXT or tag in QUIET or tag == "img":
            continue
        what = " with its content" if tag in CONTENT_GOES else ""
        times = f" ({count} times)" if count > 1 else ""
        notes.append(f"<{tag}> left out{what}{times}: a reply has no form for it")
    clean = nh3.clean(source, tags=REPLY_TAGS | AS_TEXT,
                      attributes={"a": {"href"}, "ol": {"start"}}, link_rel=None,
                      attribute_filter=_whole_links)
    try:
        text = _Converter(notes, heading_style="ATX", bullets="-",
                          escape_underscores=False).convert(clean)
    except RecursionError:
        notes.append("the HTML is nested too deep to convert: imported as plain text, "
                     "without its bold, links and lists")
        text = html.unescape(nh3.clean(re.sub(r"<(?:br|/p|/div|/li)\b[^>]*>", "\n", clean),
                                       tags=set()))
        text = _LIST_START_RE.sub(r"\1\2\3\\\4", text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", _EQUALS_RE.sub("\n\n", "\n".join(lines))).strip()


def _whole_links(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a link's href only when it is a whole address (a scheme); a
    relative one or an anchor is taken out, its text kept (reported by `markdown`)."""
    if tag == "a" and attribute == "href" and not _SCHEME_RE.match(
            re.sub(r"[\x00-\x20]", "", value)):
        return None
    return value


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
