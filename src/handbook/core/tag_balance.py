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


class _Balance(HTMLParser):
    """A stack of open elements, as the browser keeps it for well-nested markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br />, <img ... />: nothing to close

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
