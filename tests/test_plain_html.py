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
    # Links and images whose every attribute the policy accepts (rt12c: 10 ms a page rendered)
    ('See <a href="https://example.com/help" title="Help">the help</a>.', True),
    ('<a href="../other/page.md">x</a> and <img src="shot.png" alt="Shot" width="200">', True),
    ('<img src="shot.png" alt="Shot" />', True),
    ('<a href="javascript:alert(1)">x</a>', False),
    ('<a href="&#106;avascript:alert(1)">x</a>', False),  # a reference the browser decodes
    ('<a href="x.md" target="_blank">x</a>', False),
    ('<a name="faq"></a>', False),  # sets an anchor
    ('<a href="x.md" href="y.md">x</a>', False),
    ('Attach an <img alt="receipt"> here.', False),  # no source: a placeholder
    ('<img src="https://example.com/x.png" alt="x">', False),  # from another host
    ('<img src="x.png"></img>', False),
    # Markdown inside a plain element that could cross it
    ("**<kbd>a** b</kbd>", False),
    ("<kbd>a **b</kbd> c**", False),
    ('<a href="x.md">[y](z.md)</a>', False),
    # Values Markdown rewrites before raw HTML is stashed, and elements a table or a line
    # break could split (rt12d: check green, the strict build or the page broken)
    ('<a href="https://example.com" title="[x](https://evil.example)">form</a>', False),
    ('<a href="https://example.com/[x](y)">z</a>', False),
    ('<abbr title="see [the SLA](https://example.com)">SLA</abbr>', False),
    ('<abbr title="`code`">x</abbr>', False),
    ('<kbd title="++ctrl++">x</kbd>', False),
    ('| <a href="https://example.com">x|y</a> | z |', False),
    ('| <kbd>a|b</kbd> |', False),
    ('| <kbd>a</kbd> | <kbd>b</kbd> |', True),
    ('Call <a href="x.md">the <abbr title="Service level">SLA</abbr>\n> desk</a> now.', False),
    ('<a\nhref="x.md">x</a>', False),
    ('<a href="x.md">x</a\n>', False),
    ('<a href="x.md" title="one\ntwo">x</a>', False),
    ('Go <a href="https://example.com">here</a\xa0> on.', False),
    ('<s>a<s>b</s> c\nd</s>', False),  # the outer element spans two lines
    ('<a href="https://example.com/help?a=b_c&d" title="Help">help</a>', False),
    ('See <a href="https://example.com/help?topic=b_c" title="Help">the help</a>.', True),
])
def test_only_plain_inline_tags_count_as_plain(text: str, plain: bool) -> None:
    assert plainly_fine_html(text) is plain


def test_plain_inline_tags_leave_the_heading_scan_sure() -> None:
    body = "# Title\n\nPress <kbd>Ctrl</kbd>.\n\n## Next\n"
    assert scan_headings(body).sure
    assert not scan_headings("# Title\n\n<h2 id=\"x\">Raw</h2>\n").sure


RENDERED = [
    "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, then see <span class=\"x\">this</span> note.<br>",
    'See <a href="https://example.com/help" title="Help">the help</a> and <a href="x.md">x</a>.',
    '<img src="shot.png" alt="Shot" width="200"> and <img src="a.png" alt="" />',
    "- <kbd>a</kbd> in a list\n\n> <a href=\"x.md\">quoted</a>\n\n| <kbd>x</kbd> | y |\n|---|---|",
    "## Title <kbd>x</kbd>\n\nText <b>bold</b> <i>it</i> <abbr title=\"t\">T</abbr>.",
]


@pytest.mark.parametrize("text", RENDERED)
def test_plain_pages_are_ones_the_rendered_check_finds_nothing_on(text: str) -> None:
    from handbook.core.rendered_check import rendered_problems

    assert plainly_fine_html(text)
    config = (["attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences",
               "pymdownx.keys"], {})
    assert rendered_problems(text, config) == []


@pytest.mark.parametrize("text", ["**<kbd>a** b</kbd>", "<kbd>a **b</kbd> c**"])
def test_crossing_markup_is_left_to_the_rendered_check(text: str) -> None:
    from handbook.core.rendered_check import rendered_problems

    assert not plainly_fine_html(text)
    assert [f.message for f in rendered_problems(text, (["attr_list"], {}))]


@pytest.mark.parametrize("text", [
    'Open <a href="https://example.com" title="[x](https://evil.example)">form</a> now.',
    '| a |\n|---|\n| <a href="https://example.com">x|y</a> |',
    'Call <a href="x.md">the <abbr title="Service level">SLA</abbr>\n> desk</a> now.',
    'Go <a href="https://example.com">here</a\xa0> and on.',
    'Press <kbd>x</kbd\u2003> now.',
])
def test_what_is_not_plain_the_rendered_check_finds(text: str) -> None:
    """The rt12d pages check passed without rendering: each has a finding when rendered, as
    the build has (the no-break space: html.parser would end the element where a browser
    does not)."""
    from handbook.core.rendered_check import rendered_problems

    assert not plainly_fine_html(text)
    assert rendered_problems(text, (["attr_list", "md_in_html", "tables"], {}))
