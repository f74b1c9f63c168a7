"""The call scanner reads tabs and code spans as Python-Markdown does (issue 12, rt12b items
5 and 12). Each input holds one macro call; Markdown itself says whether the call ends up in
code (shown as written) or in prose (run and checked), and the scanner must agree."""

from __future__ import annotations

import re

import markdown
import pytest

from handbook.core.macro_calls import find_calls
from handbook.core.markdown_scan import code_spans, expand_tabs, tab_length

CALL = '{{ cadence("update") }}'

# (input, whether Markdown shows the call as code)
CASES = [
    (f">\tQuoted every {CALL} here.\n", False),  # a tab after '>' is three spaces
    (f"> >\tNested {CALL}.\n", False),
    (f"> \tQuoted {CALL}.\n", False),
    (f">\t\tQuoted code {CALL}\n", True),  # two tabs: code inside the quote
    (f"-\tList {CALL} item.\n", False),
    (f"- a\n\n\t- b {CALL}\n", False),  # a nested item indented by a tab
    (f"Para.\n\n\t{CALL}\n", True),  # a tab at the top level: indented code
    (f"Span over lines `start\n{CALL} end` here.\n", True),  # a code span over two lines
    (f"> Quoted `start\n> {CALL} end` here.\n", True),
    (f"Escaped \\`{CALL}\\` here.\n", False),  # escaped backticks open no code
    (f"Two \\\\`{CALL}` here.\n", True),  # an escaped backslash, then real code
    (f"Odd ``a` {CALL} ``b`` here.\n", True),
    (f"Plain `a` and {CALL} and `b`.\n", False),
    (f"Unpaired ` tick {CALL} here.\n", False),
    (f"# Heading `open\n\n{CALL} `close`\n", False),  # a code span never leaves a heading
    (f"Para `open\n\n{CALL} close`\n", False),  # nor a paragraph
    # Tabs in containers: a tab is the container's four columns, two are code inside it.
    (f"!!! note\n\tIn note {CALL}\n", False),
    (f"!!! note\n    Text.\n\n\t\t{CALL}\n", True),
    (f'=== "Tab"\n\n\tTab {CALL}\n', False),
    (f"Term\n:\tDefinition {CALL}\n", False),
    (f"Term\n:   Definition.\n\n\t\t{CALL}\n", True),
    (f"1.\tItem {CALL}\n", False),
    (f"- a\n\n\t\t{CALL}\n", True),
    (f"> - a\n>\n>\t\t{CALL}\n", False),  # a tab after '>' is three columns: in the item
    (f">\t- item {CALL}\n", False),
    (f"- >\tquoted {CALL}\n", False),
    (f" \t{CALL}\n", True),
    # Fences as superfences reads them (rt12c item 3): one never closed, or closed by a run
    # of another length, is no fence, so what follows is text; a fence opened in a list item
    # ends at a line indented less than its opening.
    (f"Run:\n\n```\ncurl x\n\nThen every {CALL}.\n", False),
    (f"Run:\n\n````\ncurl x\n```\n\nThen every {CALL}.\n", False),
    (f"Run:\n\n```\ncurl x\n````\n\nThen every {CALL}.\n", False),
    (f"- item\n\n    ```\n    curl x\n```\n\nThen every {CALL}.\n", False),
    (f"- item\n\n    ```\n    curl {CALL}\n    ```\n", True),
    (f"```\n{CALL}\n````\n```\n", True),
    (f"~~~\n{CALL}\n```\n~~~\n", True),
    (f"```\n{CALL}\n```   \nafter\n", True),
    (f"- a\n\n    ```\n      {CALL}\n    ```\n", True),
    (f"````\nopen\n\n```\ncode\n\n{CALL}\n```\n", False),  # no fence after an open one
    (f"- a\n\n    ```\n    x\n```\n\n{CALL}\n\n```\ncode\n```\n", False),
    (f"- a\n\n    ```\n    x\n```\n\n```\n{CALL}\n```\n", True),
    (f"> ```\n> x {CALL}\n\nAfter.\n", False),  # a quoted fence never closed is text
    (f"> ```\n> x {CALL}\n> ````\n> ```\n", True),  # closed by exactly its own run
    (f"> ```\n> x {CALL}\n> ```\n", True),
    # Raw HTML blocks hold no indented code, blank lines or not (rt12c item 7).
    (f'<div class="x">\n\n    <p>Post every {CALL} in status.</p>\n\n</div>\n', False),
    (f"<div>\n\n    Raw indented every {CALL} here.\n", False),  # never closed: to the end
    (f"Text\n<div>\n\n    raw {CALL}\n\n</div>\n", False),
    (f"<section>\n<div>\n</div>\n\n    x {CALL}\n\n</section>\n", False),
    (f"<div markdown>\n\n    code {CALL}\n\n</div>\n", True),  # md_in_html: Markdown
    (f"<div>x</div>\n\n    code {CALL}\n", True),
    (f"<hr>\n\nPara.\n\n    code {CALL}\n", True),
    (f"<hr/>\n\n    code {CALL}\n", True),
    (f"<span>x</span>\n\n    code {CALL}\n", True),  # not block-level
]
EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.tabbed", "def_list", "md_in_html",
              "pymdownx.superfences", "attr_list"]


def _markdown_says_code(text: str) -> bool:
    html = markdown.markdown(text, extensions=EXTENSIONS,
                             extension_configs={"pymdownx.tabbed": {"alternate_style": True}})
    at = html.index(CALL.replace('"', "&quot;")) if CALL not in html else html.index(CALL)
    return html.rfind("<code", 0, at) > html.rfind("</code>", 0, at)


@pytest.mark.parametrize(("text", "code"), CASES)
def test_the_scanner_reads_code_as_markdown_does(text: str, code: bool) -> None:
    assert _markdown_says_code(text) is code, "the case's expectation is Markdown's"
    calls = find_calls(text)
    assert len(calls) == (0 if code else 1)
    assert all(call.runnable and call.args == ["update"] for call in calls)


def test_code_spans_are_markdown_s_pairs() -> None:
    text = "A `x` b ``y`` c `start\nend` d \\`e\\` f\n"
    assert [text[a:b] for a, b in code_spans(text)] == ["`x`", "``y``", "`start\nend`"]


def test_tabs_expand_to_markdown_s_own_tab_length() -> None:
    assert tab_length() == markdown.Markdown().tab_length == 4
    assert expand_tabs(">\tx") == ">   x"
    assert expand_tabs("> >\tx") == "> > x"
    assert expand_tabs("no tab") == "no tab"


def test_the_build_runs_a_quoted_call_after_a_tab_and_leaves_a_wrapped_span_as_code(
        tmp_path) -> None:
    from sitebuild import build_copy

    body = ('---\ntitle: Tabs and spans\nsummary: Tabs after quote markers.\nowner: "@acme/qa"\n'
            "reviewed: 2026-11-01\nreview_every: 90d\n---\n\n"
            f">\tQuoted every {CALL} here.\n\n"
            f"Span over lines `start\n{CALL} end` here.\n\n"
            f"Escaped \\`{CALL}\\` here.\n")
    site = build_copy(tmp_path / "project", {"playbooks/tabs.md": body})
    assert site.returncode == 0, site.output
    html = site.html("playbooks/tabs/index.html")
    assert "<blockquote>\n<p>Quoted every every 20 minutes here.</p>" in html
    assert re.search(r"<code>start\n\{\{ cadence\(&quot;update&quot;\) \}\} end</code>", html) \
        or "<code>start\n{{ cadence(\"update\") }} end</code>" in html
    assert "<p>Escaped `every 20 minutes` here.</p>" in html
