"""Plain inline HTML needs no rendering to be checked (core/plain_html.py): only text the policy
accepts and Markdown passes on whole counts as plain; anything else is rendered as before."""

from __future__ import annotations

import pytest

from handbook.core.markdown_scan import scan_headings
from handbook.core.plain_html import plainly_fine_html


@pytest.mark.parametrize(("text", "plain"), [
    ("Press <kbd>Ctrl</kbd> to copy.", True),
    ("<kbd>Ctrl</kbd>+<kbd>C</kbd>, then <abbr title=\"Service level\">SLA</abbr>.", True),
    ("<kbd><mark>a</mark></kbd> and <span class=\"x\" lang=\"de\">b</span>", True),
    ("Reply with <details> of the order.", False),  # a tag name as a placeholder
    ("<kbd>left open", False),
    ("closed </kbd> only", False),
    ("<kbd><mark>a</kbd></mark>", False),  # misnested
    ("<kbd>over\ntwo lines</kbd>", False),
    ("a < b", False),
    ("<span id=\"__tabbed_1_1\">x</span>", False),  # an id
    ("<span onclick=\"x()\">x</span>", False),
    ("<span title=\"{{ x }}\">x</span>", False),
    ("<code>{{ snippet(\"x\") }}</code>", False),
    ("<!-- note --> <kbd>x</kbd>", False),
    ("Line one<br>line two<br/>three<br />four, and a long<wbr>word", True),
    ("<kbd>Ctrl</kbd><br class=\"x\"><span>y</span>", True),
    ("</br> is read as a break by browsers", False),
    ("<br onclick=\"x()\">", False),
    ("<kbd/>", False),  # a self-closed element that is not void
    ("<br>", True),
])
def test_only_plain_inline_tags_count_as_plain(text: str, plain: bool) -> None:
    assert plainly_fine_html(text) is plain


def test_plain_inline_tags_leave_the_heading_scan_sure() -> None:
    body = "# Title\n\nPress <kbd>Ctrl</kbd>.\n\n## Next\n"
    assert scan_headings(body).sure
    assert not scan_headings("# Title\n\n<h2 id=\"x\">Raw</h2>\n").sure
