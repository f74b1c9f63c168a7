"""Unit tests: snippet and tree HTML, escaping, the no-JS fallback and the exports' mapping."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest

from handbook.core.models import Snippet, Tree
from handbook.render.exports import fill, helpscout_value, zendesk_value
from handbook.render.snippet import plain_text, render_snippet
from handbook.render.tree import render_tree

EVIL = '<script>alert(1)</script> <img src=x onerror=alert(1)>'


def make_snippet(**over) -> Snippet:
    data = {
        "id": "hello", "title": "Hello <b>there</b>", "owner": "@a", "reviewed": date(2026, 1, 1),
        "review_every": "90d",
        "placeholders": {"first_name": {"label": "First name", "fallback": "there"}},
        "variants": {"email": "Hi [[first_name]],\n\n**Thanks** for writing.\nAna",
                     "chat": f"Hey [[first_name]] {EVIL}"},
    }
    data.update(over)
    return Snippet.model_validate(data)


def placeholders_of(html: str) -> dict:
    raw = re.search(r"data-placeholders='([^']*)'", html).group(1)
    return json.loads(unescape(raw))


def test_snippet_block_has_tabs_placeholders_link_and_anchor() -> None:
    html = render_snippet(make_snippet(), "../../snippets/hello/")
    assert 'id="snippet-hello"' in html
    assert html.count('class="tabbed-block hb-snippet__text"') == 2
    assert '<label for="snippet-hello_1">Email</label>' in html
    assert placeholders_of(html) == {"first_name": ["First name", "there", False]}
    required = render_snippet(make_snippet(placeholders={"amount": {
        "label": "Amount", "required": True}}, variants={"email": "Refunded [[amount]]."}), "x/")
    assert placeholders_of(required) == {"amount": ["Amount", "", True]}
    assert '<var data-ph="first_name">First name</var>' in html
    assert '<a class="hb-snippet__permalink" href="../../snippets/hello/">' in html
    assert "<strong>Thanks</strong>" in html  # light Markdown renders
    # Fields and buttons need JavaScript: handbook.js builds them, the page does not carry them.
    assert "<input type=\"text\"" not in html and "<button" not in html


def test_reply_text_is_searchable_on_its_own_page_only() -> None:
    elsewhere = render_snippet(make_snippet(), "../../snippets/hello/")
    own = render_snippet(make_snippet(), "./")
    excluded = '<div class="tabbed-block hb-snippet__text" data-channel="{}" data-search-exclude>'
    assert all(excluded.format(ch) in elsewhere for ch in ("email", "chat"))
    assert "data-search-exclude>" + "<p>" not in own and 'data-channel="email">' in own
    assert "hb-snippet__permalink" not in own


def test_snippet_content_is_escaped_everywhere() -> None:
    html = render_snippet(make_snippet(), "x/")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in html
    label = f"Name {EVIL}"
    html = render_snippet(make_snippet(placeholders={"first_name": {
        "label": label, "fallback": f'"{EVIL}'}}), "x/")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert placeholders_of(html) == {"first_name": [label, f'"{EVIL}', False]}


def test_second_instance_gets_unique_ids() -> None:
    first = render_snippet(make_snippet(), "x/")
    second = render_snippet(make_snippet(), "x/", instance=2)
    ids = set(re.findall(r'id="([^"]+)"', first)) & set(re.findall(r'id="([^"]+)"', second))
    assert ids == set()


def test_plain_text_strips_light_markdown_and_keeps_placeholders() -> None:
    assert plain_text("Hi [[first_name]], **bold** *it* [docs](https://x.y/z)") == (
        "Hi [[first_name]], bold it docs (https://x.y/z)\n")


def test_helpdesk_mapping_uses_their_variables_or_our_fallback() -> None:
    snippet = make_snippet(
        placeholders={"first_name": {"label": "F", "fallback": "there"},
                      "refund_amount": {"label": "R", "fallback": "the full amount"}},
        variants={"email": "Hi [[first_name]], [[refund_amount]] is back."})
    text = snippet.variants["email"]
    assert fill(text, snippet, zendesk_value) == (
        "Hi {% if ticket.requester.first_name and ticket.requester.first_name != empty %}"
        "{{ticket.requester.first_name}}{% else %}there{% endif %}, the full amount is back.\n")
    assert fill(text, snippet, helpscout_value) == (
        "Hi {%customer.firstName,fallback=there%}, the full amount is back.\n")


TREE = Tree.model_validate({
    "id": "t", "title": "T", "owner": "@a", "reviewed": "2026-01-01", "review_every": "1y",
    "start": "q",
    "nodes": {
        "q": {"question": f"Angry? {EVIL}", "help": "Look at tone",
              "answers": [{"label": "Yes", "next": "calm"}, {"label": "No", "next": "done"}]},
        "calm": {"outcome": "Calm down", "instruction": "Breathe", "playbook": "p#sec",
                 "snippet": "hello"},
        "done": {"outcome": "Done", "instruction": "Close", "snippet": "hello"},
    },
})


def test_tree_renders_every_step_as_heading_with_anchor_and_links() -> None:
    html = render_tree(TREE, playbook_link=lambda ref: ("../p/#sec", "P \u203a Sec"),
                       snippet_html=lambda sid: f"<div data-snippet='{sid}'></div>")
    for node in ("q", "calm", "done"):
        assert f'id="t--{node}"' in html
    assert '<a class="hb-tree__answer" href="#t--calm" data-next="calm">Yes</a>' in html
    assert '<a href="../p/#sec">P \u203a Sec</a>' in html
    assert html.count("data-snippet='hello'") == 2
    # No-JS fallback: nested lists that read top-down from the start.
    assert html.index('data-node="q"') < html.index('data-node="calm"')
    assert "<ol" in html and "<ul" in html


def test_an_outcome_links_on_to_another_tree() -> None:
    tree = TREE.model_copy(deep=True)
    tree.nodes["done"].tree = "next-tree#start"
    html = render_tree(tree, playbook_link=lambda ref: None, snippet_html=lambda sid: "",
                       tree_link=lambda ref: (f"../{ref.replace('#', '/#')}", f"<{ref}>"))
    assert ('<p class="hb-tree__next">Go on with the tree: <a href="../next-tree/#start">'
            "&lt;next-tree#start&gt;</a></p>") in html
    assert html.count("hb-tree__next") == 1  # only the outcome that names a tree


def test_tree_text_is_escaped() -> None:
    html = render_tree(TREE, playbook_link=lambda ref: None, snippet_html=lambda sid: "")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "Angry? &lt;script&gt;" in html


@pytest.mark.parametrize("text", [
    "~~~", "```", "1. first", "- item", "| a | b |", "---", "=== \"Tab\"", "!!! note", "??? x",
    "> quote", "# heading", "{{ snippet(\"x\") }}", "{: #__config }", "<img src=x>", "*em* _u_",
    "[x](javascript:alert(1))", "++ctrl++", "==mark==", "^^ins^^", "Term\n: definition",
    "a\n===", "&amp; &#60;", "    indented code",
])
def test_generated_markdown_shows_content_text_as_written(text: str) -> None:
    import html

    import markdown

    from handbook.render.pages import md_text

    md = markdown.Markdown(extensions=[
        "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
        "pymdownx.keys", "pymdownx.mark", "pymdownx.caret"])
    out = md.convert(md_text(text))
    assert out.startswith("<p>") and out.endswith("</p>") and out.count("<") == 2, out
    assert html.unescape(out[3:-4]) == " ".join(text.split())


def test_heading_as_text_is_escaped_plain_text() -> None:
    from handbook.render.html_util import heading_as_text

    assert heading_as_text("# `<img src=x onerror=alert(1)>` in a heading") == (
        "&lt;img src=x onerror=alert(1)&gt; in a heading")
    assert heading_as_text("## Refund *within* `30` days {#refunds}") == "Refund within 30 days"
    assert heading_as_text("# <b onmouseover=x>Bold</b> & more") == "Bold &amp; more"


def test_a_reply_holding_internal_looking_tokens_is_just_text() -> None:
    from handbook.core.models import Snippet
    from handbook.render.snippet import _TOKEN, variant_html

    text = f"Hi HBPHTOKEN7X {_TOKEN.format(9)[:-3]} [[n]]"
    snippet = Snippet.model_validate({
        "id": "a", "title": "t", "owner": "o", "reviewed": "2026-01-01",
        "review_every": "90d", "variants": {"email": text},
        "placeholders": {"n": {"label": "N", "fallback": "f"}}})
    html = variant_html(snippet, "email")
    assert "HBPHTOKEN7X" in html and '<var data-ph="n">N</var>' in html
