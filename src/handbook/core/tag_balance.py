"""Tags the author opened and never closed, or closed without opening, in a page's rendered HTML.

A prose placeholder that happens to be an HTML tag name (`Reply with <details> of the order.`,
`Paste the <code> here.`) passes the tag allow-list, and Markdown passes it on as raw HTML:
the placeholder vanishes and the browser makes the rest of the block, or of the page, part of
the element (a closed "Details" box, code). A stray end tag (`Hi </name> there`) vanishes too.
Markdown's own output closes every element it opens, so on the rendered page such a tag is
one the author wrote. `handbook check` reports it like an unknown tag, with the same fix.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .html_policy import GUIDE, TAGS, Violation

# Elements whose end tag HTML lets the browser imply, and void ones: never "unclosed".
_END_IMPLIED = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                          "rt", "rp", "colgroup", "caption", "option", "optgroup"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})
# Allowed tags whose missing end tag swallows what follows (unknown tags are refused anyway).
_CHECKED = TAGS - _END_IMPLIED - _VOID


def unbalanced_tags(html: str) -> list[Violation]:
    """One violation per allowed tag in `html` (a rendered page) opened and not closed before
    the element around it ends, and per end tag that closes nothing; offsets are 0 (the
    caller finds the tag in the Markdown by the `<name` its message quotes)."""
    if "<" not in html:
        return []
    parser = _Balance()
    parser.feed(html)
    parser.close()
    parser.left_open(len(parser.stack))
    return parser.found


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


def placeholder_reason(tag: str, attributes: set[str], stack: list[str]) -> str:
    """Why a void or end-implied start tag with these attribute names, inside the open
    elements `stack` (outermost first, an open sibling it ends already taken off: see
    _SIBLINGS), can only be a prose placeholder (`Attach an <img> of the receipt.`, `Type <p>
    here.`, `Pick a <li> item.`), or "" for a real use. `<br>`, `<wbr>` and `<hr>` are
    always real."""
    if tag == "img":
        return "" if attributes & {"src", "srcset"} else "is an image with no src"
    if tag == "p":
        if attributes or not stack or stack[-1] not in _PHRASING_ONLY:
            return ""
        return f"inside <{stack[-1]}> ends it there"
    parents = _PARENTS.get(tag)
    if parents is None or (stack and stack[-1] in parents):
        return ""
    return f"stands outside {' or '.join(f'<{p}>' for p in sorted(parents))}"


# Tags whose open sibling a start tag ends (the HTML standard's implied end tags).
_SIBLINGS: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr"}), "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
    "rt": frozenset({"rt", "rp"}), "rp": frozenset({"rt", "rp"}),
}


class _Balance(HTMLParser):
    """A stack of open elements, as the browser keeps it for well-nested markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stack and self.stack[-1] in _SIBLINGS.get(tag, ()):
            self.stack.pop()  # <li>a<li>b, <dt>a<dd>b: the open sibling ends here
        self.misplaced(tag, attrs)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.misplaced(tag, attrs)  # <br />, <img ... />: nothing to close

    def misplaced(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Reports a void or end-implied tag that can only be a placeholder where it stands
        (see placeholder_reason); `<br>` and `<hr>` never are."""
        why = placeholder_reason(tag, {name for name, _ in attrs}, self.stack)
        if why:
            text = self.get_starttag_text() or f"<{tag}>"
            self.found.append(Violation(0, f"HTML tag '{text}' {why}: the word vanishes "
                                        "from the page",
                                        f"write &lt;{tag}&gt; or put it in `backticks` to "
                                        f"show it as text; {GUIDE}"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag not in self.stack:
            self.found.append(Violation(0, f"'</{tag}>' closes no element, so it vanishes "
                                        "from the page",
                                        f"write &lt;/{tag} or put it in `backticks` to show it "
                                        f"as text; {GUIDE}"))
            return
        depth = len(self.stack) - 1 - self.stack[::-1].index(tag)
        self.left_open(len(self.stack) - depth - 1)
        del self.stack[depth:]

    def left_open(self, count: int) -> None:
        """Reports the `count` innermost open elements, closed by an outer end tag."""
        for tag in self.stack[len(self.stack) - count:]:
            if tag in _CHECKED:
                self.found.append(Violation(0, f"HTML tag <{tag}> is opened but never "
                                            "closed, so the text after it becomes part of it "
                                            "and the tag itself vanishes",
                                            f"write &lt;{tag} or put it in `backticks` to show "
                                            f"it as text, or close it with </{tag}>; {GUIDE}"))
