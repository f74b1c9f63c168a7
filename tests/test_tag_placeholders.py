"""Void and end-implied tags used as prose placeholders (issue 12, rt12b item 7): `<img>` with
no source, `<p>` inside a sentence, `<li>`, `<dt>`, `<td>` outside their list or table vanish
from the page, so check reports them like the other tag-name placeholders. Real uses (a
`<br>` between words, a table written in HTML with implied end tags, an image with a source,
the HTML Markdown's extensions write) are not reported."""

from __future__ import annotations

import markdown
import pytest

from handbook.core.tag_balance import placeholder_reason, unbalanced_tags

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
              "footnotes", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed",
              "pymdownx.tasklist", "pymdownx.keys", "pymdownx.mark"]


def _found(text: str) -> list[str]:
    html = markdown.markdown(text, extensions=EXTENSIONS,
                             extension_configs={"pymdownx.tabbed": {"alternate_style": True}})
    return [v.message for v in unbalanced_tags(html)]


@pytest.mark.parametrize(("text", "tag"), [
    ("Attach an <img> of the receipt.", "<img>"),
    ('Attach an <img alt="receipt"> here.', '<img alt="receipt">'),
    ("Type <p> here please.", "<p>"),
    ("## Type <p> here", "<p>"),
    ("Ask **for <p> now**.", "<p>"),
    ("Pick a <li> item.", "<li>"),
    ("- one\n\n- Pick a <li> item.", "<li>"),  # a loose list item: inside its <p>
    ("Ask for the <dt> now.", "<dt>"),
    ("Then <dd> here.", "<dd>"),
    ("The <td> cell.", "<td>"),
    ("A <tr> row.", "<tr>"),
    ("> Quoted <td> cell.", "<td>"),
    ("!!! note\n    The <li> in a note.", "<li>"),
    ("- Pick a <li> item.\n- Two", "<li>"),  # a tight list item: mid-sentence
    ("- Type <p> here\n- Two", "<p>"),
    ("| a | b |\n|---|---|\n| Type <p> here | z |", "<p>"),
    ("Term\n:   Type <p> here", "<p>"),
])
def test_placeholders_are_reported_with_the_tag_as_written(text: str, tag: str) -> None:
    found = _found(text)
    assert len(found) == 1, found
    assert found[0].startswith(f"HTML tag '{tag}' ")
    assert found[0].endswith("the word vanishes from the page")


@pytest.mark.parametrize("text", [
    "Enter the <br> value.",  # a line break is real wherever it stands
    "Line one<br>line two",
    "| a | b |\n|---|---|\n| x<br>y | z |",
    "A rule <hr> here, and <wbr> a break chance.",
    '<img src="receipt.png" alt="Receipt">',
    'An inline ![receipt](receipt.png) image.',
    "<ul>\n<li>a\n<li>b\n</ul>",  # implied end tags, as HTML allows
    "<table><tr><td>a<td>b</tr><tr><th>c<td>d</tr></table>",
    "<dl><dt>term<dd>meaning<dt>other<dd>more</dl>",
    "<p>A raw paragraph</p>\n\nand text",
    '<div markdown>\nText in a div.\n\n- a list\n</div>',
    "Term\n:   Definition with <kbd>Ctrl</kbd>.",
    "- [x] done\n- [ ] open",
    '=== "One"\n\n    Tab one.\n\n=== "Two"\n\n    Tab two.',
    "Note[^1].\n\n[^1]: The footnote.",
    "[TOC]\n\n# Title\n\n## Part",
    "`<img>`, `<p>`, `<li>` and `<td>` in code.",
    "Pick &lt;li&gt; item, type &lt;p&gt; here.",
    "<ul><li>One<li>Two</ul>",  # markup, not a sentence: no space before the tag
    "<table><tr><td>a<p>b</td></tr></table>",
    "<div>\nText <p>more</p>\n</div>",  # closed by its own </p>: markup
    "- a <p>b</p> c",
    # Implied end tags (rt12c item 10): a row ends the open cell and row, a table section
    # the open section, a paragraph the open paragraph.
    "<table>\n<tr><td>B\n<tr><td>C\n</table>",
    "<table>\n<thead><tr><th>H1<th>H2\n<tbody><tr><td>x<td>y\n</table>",
    "<table>\n<caption>Refunds\n<tr><td>a\n<tfoot><tr><td>total\n</table>",
    "<p>One\n<p>Two",
    "<div>\n<p>One\n<p>Two\n</div>",
])
def test_real_uses_are_not_reported(text: str) -> None:
    assert _found(text) == []


def test_reasons_name_what_is_wrong() -> None:
    assert placeholder_reason("img", set(), ["p"]) == "is an image with no src"
    assert placeholder_reason("img", {"srcset"}, ["p"]) == ""
    assert placeholder_reason("p", set(), ["h2"]) == "inside <h2> ends it there"
    assert placeholder_reason("p", {"class"}, ["p"]) == ""
    assert placeholder_reason("p", set(), ["td"]) == ""  # a cell may hold paragraphs
    assert placeholder_reason("li", set(), []) == "stands outside <menu> or <ol> or <ul>"
    assert placeholder_reason("li", set(), ["ul"]) == ""
    assert placeholder_reason("td", set(), ["p"]) == "stands outside <tr>"
    assert placeholder_reason("br", set(), ["p"]) == ""
    assert placeholder_reason("p", set(), ["ul", "li"], mid_sentence=True) == \
        "in the middle of a sentence starts a new paragraph there"
    assert placeholder_reason("li", set(), ["ul", "li"], mid_sentence=True) == \
        "in the middle of a sentence starts a new item there"
    assert placeholder_reason("li", set(), ["ul", "li"]) == ""  # <li>a<li>b: implied end
    assert placeholder_reason("li", {"class"}, ["ul", "li"], mid_sentence=True) == ""


# -- where a finding points (rt12c item 10): at the offending tag, not the first of its name --

def _lines(body: str) -> list[tuple[int, str]]:
    from handbook.core.rendered_check import rendered_problems

    config = (EXTENSIONS, {"pymdownx.tabbed": {"alternate_style": True}})
    found = [f for f in rendered_problems(body, config) if f.unbalanced]
    return [(body.count("\n", 0, f.offset) + 1, f.message) for f in found]


TABLE = "<table>\n<tr><td>A</td></tr>\n</table>\n\n"


def test_a_misplaced_tag_is_found_at_its_own_line_after_good_ones() -> None:
    body = TABLE * 3 + "Then a <tr> row.\n"
    assert _lines(body) == [(13, "HTML tag '<tr>' stands outside <table> or <tbody> or "
                             "<tfoot> or <thead>: the word vanishes from the page")]


def test_a_tag_left_open_is_found_where_it_is_opened() -> None:
    body = ("<details><summary>One</summary>Text.</details>\n\n"
            "<details><summary>Two</summary>Text.</details>\n\n"
            "Write the <details> of the order.\n\nMore.\n")
    assert [line for line, message in _lines(body) if "never closed" in message] == [5]


def test_a_stray_end_tag_is_found_at_its_own_line() -> None:
    body = "Press <kbd>A</kbd> then <kbd>B</kbd>.\n\nHi </kbd> there.\n"
    assert _lines(body) == [(3, "'</kbd>' closes no element, so it vanishes from the page")]


def test_a_tag_markdown_also_writes_falls_back_to_the_first_unused_place() -> None:
    # A Markdown table makes <tr> too: the counts differ, so the tag is looked up by name.
    body = "| a |\n|---|\n| b |\n\nA <tr> row.\n"
    assert [line for line, _ in _lines(body)] == [5]


@pytest.mark.parametrize(("body", "line"), [
    # rt12d item 3: Markdown writes a tag of the name too, or the name is quoted in a title;
    # the text after the tag tells which one the author wrote.
    ("Some *emphasis* here.\n\nA stray <em>word in text.\n\n"
     "A [link](https://example.com \"<em>\") here.\n", 3),
    ("Press ++ctrl+c++ and <kbd>x</kbd>.\n\nThen <kbd>open one.\n", 3),
    ("??? note\n    Body\n\n<details><summary>A</summary>B</details>\n\n"
     "Stray <details> of order.\n", 6),
    ("A [link](https://example.com \"<b>\") here.\n\nStray <b>bold text.\n", 3),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n\n<table><tr><td>x</td></tr></table>\n\n"
     "Stray </tr> end.\n", 7),
])
def test_the_text_after_a_tag_tells_which_one_the_author_wrote(body: str, line: int) -> None:
    assert [found_line for found_line, _ in _lines(body)] == [line]
