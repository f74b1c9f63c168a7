"""Tags the author opened and never closed, or closed without opening, in a page's rendered HTML.

A prose placeholder that happens to be an HTML tag name (`Reply with <details> of the order.`,
`Paste the <code> here.`) passes the tag allow-list, and Markdown passes it on as raw HTML:
the placeholder vanishes and the browser makes the rest of the block, or of the page, part of
the element (a closed "Details" box, code). A stray end tag (`Hi </name> there`) vanishes too.
Markdown's own output closes every element it opens, so on the rendered page such a tag is
one the author wrote. `handbook check` reports it like an unknown tag, with the same fix.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .html_policy import GUIDE, TAGS, Violation

# Elements whose end tag HTML lets the browser imply, and void ones: never "unclosed".
_END_IMPLIED = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                          "rt", "rp", "colgroup", "caption", "option", "optgroup"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})
# Allowed tags whose missing end tag swallows what follows (unknown tags are refused anyway).
_CHECKED = TAGS - _END_IMPLIED - _VOID


# An end tag's name followed by a character Python's \s reads as a space and HTML does not (a
# no-break space: `</a\xa0>`). html.parser would end the <a> there; a browser reads the name
# `a\xa0`, ends nothing, and the link runs on to the end of the block. The character becomes
# part of the name here too (html.parser reads start tags' names as browsers do).
_NOT_A_SPACE_RE = re.compile(r"(</[A-Za-z][-.A-Za-z0-9:_]*)[^\S\t\n\f\r ]")


def unbalanced_tags(html: str) -> list[Violation]:
    """One violation per allowed tag in `html` (a rendered page) opened and not closed before
    the element around it ends, and per end tag that closes nothing; each violation's offset
    is where in `html` the offending tag starts (the tag left open, not the end tag that
    showed it; the caller finds it in the Markdown, see rendered_check._locate)."""
    if "<" not in html:
        return []
    spaced = {m.start(): m.group(1)[2:] for m in _NOT_A_SPACE_RE.finditer(html)}
    if spaced:
        html = _NOT_A_SPACE_RE.sub(lambda m: m.group(1) + "x", html)  # same length
    parser = _Balance(html)
    parser.spaced = spaced  # end tag offset -> its name as written before the character
    parser.feed(html)
    parser.close()
    parser.left_open(len(parser.stack))
    return [v for _, v in sorted(parser.found, key=lambda found: found[0])]


# Where an end-implied or void element may stand: the elements one of which must be open
# around it (the HTML standard's content models). Anywhere else the browser drops it (a table
# part) or makes a stray element of it (a list item's bullet, a definition outside a list).
_PARENTS: dict[str, frozenset[str]] = {
    "li": frozenset({"ul", "ol", "menu"}),
    "dt": frozenset({"dl"}), "dd": frozenset({"dl"}),
    "tr": frozenset({"table", "thead", "tbody", "tfoot"}),
    "td": frozenset({"tr"}), "th": frozenset({"tr"}),
    "thead": frozenset({"table"}), "tbody": frozenset({"table"}),
    "tfoot": frozenset({"table"}), "caption": frozenset({"table"}),
    "colgroup": frozenset({"table"}), "col": frozenset({"table", "colgroup"}),
    "rt": frozenset({"ruby"}), "rp": frozenset({"ruby"}),
    "source": frozenset({"audio", "video", "picture"}), "track": frozenset({"audio", "video"}),
}
# Elements that hold only phrasing content: a <p> opened inside one ends it there. (Not the
# transparent <a>, <ins>, <del>, nor <span>, which md_in_html's markdown="block" may fill.)
_PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "b", "bdi", "bdo",
                            "cite", "code", "dfn", "em", "i", "kbd", "label", "mark", "q", "s",
                            "samp", "small", "strong", "sub", "sup", "time", "u", "var"})


def placeholder_reason(tag: str, attributes: set[str], stack: list[str],
                       mid_sentence: bool = False) -> str:
    """Why a void or end-implied start tag with these attribute names, inside the open
    elements `stack` (outermost first), can only be a prose placeholder (`Attach an <img> of
    the receipt.`, `Type <p> here.`, `Pick a <li> item.`), or "" for a real use.
    `mid_sentence`: words and a space stand right before it on its line, as they do before a
    placeholder, never before the tags Markdown writes (each on a line, or right after a
    tag) nor in markup such as `<li>One<li>Two`. `<br>`, `<wbr>` and `<hr>` are always
    real."""
    if tag == "img":
        return "" if attributes & {"src", "srcset"} else "is an image with no src"
    if tag == "p":
        if attributes or not stack:
            return ""
        if stack[-1] in _PHRASING_ONLY and (stack[-1] != "p" or mid_sentence):
            return f"inside <{stack[-1]}> ends it there"  # (<p>One / <p>Two: a new one)
        return "in the middle of a sentence starts a new paragraph there" if mid_sentence \
            else ""
    parents = _PARENTS.get(tag)
    if parents is None or (stack and stack[-1] in parents):
        return ""
    ended = implied_ends(tag, stack)  # <li>a<li>b, <tr><td>a<tr>: the open ones end here
    if ended and len(stack) > ended and stack[-ended - 1] in parents:
        return "in the middle of a sentence starts a new item there" \
            if mid_sentence and not attributes else ""
    return f"stands outside {' or '.join(f'<{p}>' for p in sorted(parents))}"


def _mid_sentence(text: str) -> bool:
    """Whether `text`, what stands before a tag since the tag before it, ends in words and a
    space on the tag's line: `Pick a <li>`, not `<li>One<li>` or a tag on a line of its own."""
    line = text[text.rfind("\n") + 1:]
    return bool(line.strip()) and line[-1:].isspace()


# The open elements a start tag ends (the HTML standard's implied end tags, "in body" and
# "in table" insertion modes): a row ends the open cell and row, a table section the open
# section, row and cell, an item the open item, a paragraph the open paragraph.
_TABLE_PARTS = frozenset({"td", "th", "tr", "thead", "tbody", "tfoot", "caption", "colgroup"})
_ENDS: dict[str, frozenset[str]] = {
    "p": frozenset({"p"}), "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th", "caption", "colgroup"}), "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}), "thead": _TABLE_PARTS, "tbody": _TABLE_PARTS,
    "tfoot": _TABLE_PARTS, "rt": frozenset({"rt", "rp"}), "rp": frozenset({"rt", "rp"}),
}


def implied_ends(tag: str, stack: list[str]) -> int:
    """How many of the innermost open elements in `stack` a start tag `tag` ends."""
    ends, count = _ENDS.get(tag, frozenset()), 0
    while count < len(stack) and stack[-1 - count] in ends:
        count += 1
    return count


class _Balance(HTMLParser):
    """A stack of open elements, as the browser keeps it for well-nested markup."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.starts: list[int] = []  # where in the HTML each element of `stack` was opened
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        # (where in the HTML, as (line, column), the problem shows) and the problem
        self.found: list[tuple[tuple[int, int], Violation]] = []
        self.text = ""  # the text since the last tag
        # A <p> written mid-sentence, by its place in the stack: reported unless its own
        # </p> closes it (`Text <p>more</p>` in raw HTML is markup, not a placeholder).
        self.suspects: dict[int, tuple[tuple[int, int], Violation]] = {}
        self.spaced: dict[int, str] = {}  # where an end tag's name ran into a no-break space

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.misplaced(tag, attrs)
        ended = implied_ends(tag, self.stack)  # <li>a<li>b, <tr><td>a<tr>: they end here
        if ended:
            del self.stack[-ended:]
            del self.starts[-ended:]
        if tag not in _VOID:
            self.stack.append(tag)
            self.starts.append(self.here())

    def here(self) -> int:
        """Where in the HTML the tag being read starts."""
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.misplaced(tag, attrs)  # <br />, <img ... />: nothing to close

    def misplaced(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Reports a void or end-implied tag that can only be a placeholder where it stands
        (see placeholder_reason); `<br>` and `<hr>` never are."""
        mid, self.text = _mid_sentence(self.text), ""
        why = placeholder_reason(tag, {name for name, _ in attrs}, self.stack, mid)
        if why:
            text = self.get_starttag_text() or f"<{tag}>"
            found = Violation(self.here(), f"HTML tag '{text}' {why}: the word vanishes "
                              "from the page",
                              f"write &lt;{tag}&gt; or put it in `backticks` to show it as "
                              f"text; {GUIDE}")
            if tag == "p" and "middle of a sentence" in why:
                self.suspects[len(self.stack)] = (self.getpos(), found)
            else:
                self.found.append((self.getpos(), found))

    def handle_endtag(self, tag: str) -> None:
        self.text = ""
        if tag in _VOID:
            return
        if self.here() in self.spaced:
            name = self.spaced[self.here()]
            self.found.append((self.getpos(), Violation(
                self.here(), f"'</{name}' is followed by a character that is not a space "
                f"in HTML (a no-break space?), so it ends no <{name}> and vanishes",
                f"write </{name}> with nothing between the name and '>'; {GUIDE}")))
            return
        if tag not in self.stack:
            self.found.append((self.getpos(), Violation(
                self.here(), f"'</{tag}>' closes no element, so it vanishes from the page",
                f"write &lt;/{tag} or put it in `backticks` to show it as text; {GUIDE}")))
            return
        depth = len(self.stack) - 1 - self.stack[::-1].index(tag)
        self.left_open(len(self.stack) - depth - 1)
        self.suspects.pop(depth, None)  # closed by its own end tag
        del self.stack[depth:]
        del self.starts[depth:]

    def left_open(self, count: int) -> None:
        """Reports the `count` innermost open elements, closed by an outer end tag."""
        for depth in range(len(self.stack) - count, len(self.stack)):
            if depth in self.suspects:
                self.found.append(self.suspects.pop(depth))
        first = len(self.stack) - count
        for tag, start in zip(self.stack[first:], self.starts[first:], strict=True):
            if tag in _CHECKED:
                self.found.append((self.getpos(), Violation(
                    start, f"HTML tag <{tag}> is opened but never closed, so the text after it "
                    "becomes part of it and the tag itself vanishes",
                    f"write &lt;{tag} or put it in `backticks` to show it as text, or close it "
                    f"with </{tag}>; {GUIDE}")))
