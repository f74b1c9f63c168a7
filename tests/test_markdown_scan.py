"""Unit tests: heading anchors as the toc extension writes them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify, unique

from handbook.core.markdown_scan import (
    _slugify,
    _unique,
    anchors_of,
    heading_anchors,
    heading_text,
    scan_headings,
    title_text,
)

ROOT = Path(__file__).resolve().parent.parent


def test_anchors_follow_toc_slugs_and_explicit_ids() -> None:
    text = ("## Don't confront a customer\n## Be **transparent**\n## Be transparent\n"
            "### Custom { #my-id }\n```\n## not a heading\n```\n")
    anchors = heading_anchors(text)
    assert anchors == {"dont-confront-a-customer": 1, "be-transparent": 2,
                       "be-transparent_1": 3, "my-id": 4}


def test_heading_slugs_are_markdowns_own() -> None:
    """The checker slugs headings without importing Markdown; it must agree with the toc
    extension that writes the anchors, duplicates included."""
    titles = ["Steps", "Steps", "Steps_1", "Žlutý kůň: 2 \u00d7 faster!", "  spaced   out  ", "",
              "émoji 🙂 here", "a_b-c d", "Steps_1", "-", "100% done?", "Steps"]
    ours: dict[str, int] = {}
    theirs: set[str] = set()
    for i, title in enumerate(titles):
        mine = _unique(_slugify(title), ours)
        ours[mine] = i
        assert mine == unique(slugify(title, "-"), theirs), title


def test_repeated_heading_slugs_stay_markdowns_own() -> None:
    """Runs of the same title, mixed with titles that look like counted slugs, in random
    order: the remembered runs in _unique must never skip a free count Markdown would use."""
    pool = ["Step", "Step", "Step", "Step 1", "Step_1", "Step_2", "step_3", "Step_10", "", "-",
            "Other", "Other_1"]
    rng = random.Random(11)
    for _ in range(20):
        titles = [rng.choice(pool) for _ in range(300)]
        ours: dict[str, int] = {}
        runs: dict[str, tuple[int, int]] = {}
        theirs: set[str] = set()
        for i, title in enumerate(titles):
            mine = _unique(_slugify(title), ours, runs)
            ours[mine] = i
            assert mine == unique(slugify(title, "-"), theirs), (title, titles[:i])


class _CountingDict(dict):
    lookups = 0

    def __contains__(self, key: object) -> bool:
        _CountingDict.lookups += 1
        return super().__contains__(key)


def test_repeated_headings_cost_a_few_lookups_each() -> None:
    """20,000 '## Step' headings (a tree links into one of them) once took 33 s: each
    heading re-tried _1, _2 ... from the start. Counted, not timed, so it cannot flake."""
    taken, runs = _CountingDict(), {}
    for i in range(20_000):
        taken[_unique("step", taken, runs)] = i
    assert "step_19999" in taken and len(taken) == 20_000
    assert _CountingDict.lookups < 3 * 20_000 + 10
    anchors = heading_anchors("## Step\n\ntext\n\n" * 20_000)
    assert len(anchors) == 20_000
    assert anchors["step_19999"] == 4 * 19_999 + 1


# -- what the scanner reads, and when it is sure ------------------------------------------------

SCANNED = [
    # (Markdown, ids in order when the scanner is sure, else None)
    ("## Steps\n\n## Other {#steps}\n", ["steps_1", "steps"]),  # the explicit id first
    ("Para\n{: #refunds }\n\n## Refunds\n", None),  # an id outside headings
    ("#\n\n## !!!\n", ["_1", "_2"]),  # empty headings are numbered too
    ("## Key { id=keyid .cls }\n", ["keyid"]),
    ("## Quoted {#q key=\"v\"}\n", None),
    ("## Title ##  \n", ["title"]),  # "Title ##": closing #s count at the end of the line only
    ("## Closed ## {#closed}\n", ["closed"]),
    ("Title\n---\n", ["title"]),
    ("line one\nline two\n---\n", []),  # under a paragraph of two lines: a rule
    ("   ## Three spaces\n", []),  # indented: paragraph text
    ("text\n\n    ## code\n", []),
    ("## Heading\n    ## code right after\n", ["heading"]),
    ("!!! note\n\n    ## Inside a note\n", ["inside-a-note"]),
    ("> ## Quoted\n>\n> Text\n> ---\n", ["quoted", "text"]),  # a quote holds Markdown
    ("> Lazy\nline\n> ## In the quote\n", ["in-the-quote"]),
    ("- item\n---\n", None),  # a setext heading of "- item"
    ("- item\n\n    ## In the item\n", None),
    ("```\n## unclosed fence: text\n", None),
    ("```python title=\"x.py\"\n# a comment\n```\n", None),  # options: extensions differ
    ("```python\n# a comment\n```\n", []),
    ("  ```\n## indented fence\n  ```\n", None),
    ("| a | b |\n|---|---|\n## Taken by the table\n", None),
    ("<div markdown>\n\n## In HTML\n\n</div>\n", None),
    ("Term\n:   ## In a definition\n", None),
    ("## See [the guide][g]\n\n[g]: https://example.com\n", None),
    ("## See [the guide](https://example.com)\n", ["see-the-guide"]),
    ("## 1. The `x` step\n", ["1-the-x-step"]),  # a heading, not a list
]


@pytest.mark.parametrize(("text", "ids"), SCANNED, ids=[c[0][:30] for c in SCANNED])
def test_the_scanner_reads_headings_as_markdown_does(text: str, ids: list[str] | None) -> None:
    scan = scan_headings(text)
    assert scan.sure is (ids is not None)
    if ids is not None:
        assert list(anchors_of(scan.found)) == ids


def test_containers_the_site_lacks_hold_indented_code() -> None:
    text = "!!! note\n\n    ## Inside a note\n"
    assert list(anchors_of(scan_headings(text).found)) == ["inside-a-note"]
    without = scan_headings(text, containers=frozenset())
    assert without.found == [] and without.sure


def test_a_block_macro_line_is_a_block_of_its_own() -> None:
    """The build puts a raw HTML placeholder where a block macro call stands: the line under
    it starts a block (so it can be underlined into a heading) and is no heading itself."""
    text = 'Text\n{{ snippet("x") }}\nTitle\n---\n'
    assert list(anchors_of(scan_headings(text, breaks=frozenset({2})).found)) == ["title"]
    assert list(anchors_of(scan_headings('{{ snippet("x") }}\n---\n',
                                         breaks=frozenset({1})).found)) == []


def test_a_title_is_read_as_a_heading_not_as_a_block() -> None:
    assert title_text("1. The `x` step") == "1. The x step"
    assert title_text("- Not a list *really*") == "- Not a list really"
    assert title_text("Refund *within* `30` days") == "Refund within 30 days"
    assert heading_text("Refund *within* `30` days {#refunds}") == "Refund within 30 days"


# -- the scanner against Markdown itself ---------------------------------------------------------

WORDS = ["Steps", "Refund", "Be clear", "Steps", "Ask", "Step 1", "Don't wait"]


def _fragments(r: random.Random) -> list[str]:
    w = r.choice(WORDS)
    return [
        f"## {w}", f"### {w} ###", f"## {w} ##  ", f"##{w}", "#", f"####### {w}",
        f"   ## {w}", f"    ## {w}", f"\t## {w}", f"## {w} {{#{r.choice(['steps', 'x'])}}}",
        f"## {w} {{: #{r.choice(['steps', 'refund_1'])} }}", f"## {w} {{ .cls }}",
        f"## *{w}* `code_x`", f"## {w} \\#", f"{w}\n===", f"{w}\n---", f"{w}\n---\t",
        f"para {w}\nmore text", "text line", f"- item {w}", "1. item", f"* item\n    ## {w}",
        f"- item\n\n    ## {w}", f"> ## {w}", "> text\n> ---", f">## {w}", f"> > ### {w}",
        f"!!! note\n\n    ## {w}", f"!!! note\n    ## {w}", f'??? note "T"\n\n    {w}\n    ---',
        f'=== "T"\n\n    ## {w}', f"```\n## {w}\n```", f"~~~\n## {w}\n~~~",
        f"- item\n\n    ```\n    ## {w}\n    ```", "---", "***", "- - -", "",
        "| a | b |\n|---|---|\n| c | d |", f"  - nested\n      ## {w}", "===", "-",
        f"## {w}\ntext after\n---", "Term\n:   def", f"- [ ] task {w}", f"Text {w}\n===\nmore",
        f"> {w}\nlazy line\n> ## {w}", f"> - item\n>\n>     ## {w}",
        f"!!! note\n\n    !!! tip\n\n        ## {w}", f'??? note "## {w}"\n\n    text',
        f"```python\n# {w}\n```", f'```python title="x.py"\n# {w}\n```',
        f"## 1. {w} `x`", "[ref]: https://example.com", f"## See [{w}][ref]",
        f"<div markdown>\n## {w}\n</div>", f"Term\n:   ## {w}", "Para {: #pid }",
        f"1. one\n\n    text\n\n    ## {w}", '{{ snippet("x") }}', "*[HTML]: Hyper",
        "  ---", f"{w}\n  ---", f"  {w}\n---", f"text\n    ## cont {w}", f"***\n{w}\n---",
        f"## A | {w}", "a | b\n--|--", "## Update {{ cadence('update') }}",
        "> {{ snippet('x') }}", "!!! note\n\n    {{ snippet('x') }}",
        f"{{{{ cadence('scope') }}}} {w}",
    ]


def _random_page(r: random.Random) -> str:
    parts = [r.choice(_fragments(r)) for _ in range(r.randint(2, 9))]
    return "".join(p + r.choice(["\n", "\n", "\n\n", "\n\n", "\n\n\n"]) for p in parts)


def _built_ids(body: str, config) -> list[str]:  # type: ignore[no-untyped-def]
    """The heading ids of `body` as the build makes them: its macro calls run as the build's
    (cadence text, block placeholders), then Markdown with the site's extensions."""
    import html as html_module
    import re

    import markdown

    from handbook.core.macro_calls import BLOCK_MACROS, find_calls

    out, pos = [], 0
    for call in (c for c in find_calls(body) if c.runnable):
        out.append(body[pos:call.start])
        out.append('<div data-hb-stash="x-1"></div>' if call.name in BLOCK_MACROS
                   else html_module.escape(config.cadence[call.args[0]]))
        pos = call.end
    out.append(body[pos:])
    names, configs = config.markdown
    md = markdown.Markdown(extensions=list(names), extension_configs=configs)  # Pygments on
    rendered = md.convert("".join(out))
    return re.findall(r'<h[1-6][^>]* id="([^"]*)"', rendered)


def test_what_the_scanner_is_sure_of_markdown_reads_the_same() -> None:
    """Random pages of the constructs above (and worse, in combination): whenever the
    scanner is sure of a page, its anchors are the build's. Any other page is converted by
    Markdown (rendered_anchors.py), which must give the build's anchors too."""
    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.content import toc_options
    from handbook.core.macro_calls import find_calls
    from handbook.core.rendered_anchors import page_sections

    config = read_site_config(ROOT)
    options = toc_options(config)
    r = random.Random(12)
    sure = 0
    for _ in range(400):
        body = _random_page(r)
        scan = scan_headings(body, breaks=frozenset(
            body.count("\n", 0, c.start) + 1 for c in find_calls(body)
            if c.runnable and c.name == "snippet"))
        built = _built_ids(body, config)
        if scan.sure and "{{" not in "".join(h.title for h in scan.found):
            sure += 1
            assert set(anchors_of(scan.found, *options[:2])) == set(built), body
        assert set(page_sections(body, find_calls(body), *options).lines) == set(built), body
    assert sure > 60


# -- a page's anchors: the scanner where it is sure, else Markdown (rendered_anchors.py) ---------

def _options() -> tuple:
    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.content import toc_options

    return toc_options(read_site_config(ROOT))


def _sections(body: str):  # type: ignore[no-untyped-def]
    from handbook.core.macro_calls import find_calls
    from handbook.core.rendered_anchors import page_sections

    return page_sections(body, find_calls(body), *_options())


def test_a_macro_call_in_a_heading_counts_with_the_text_it_puts_there() -> None:
    sections = _sections('Intro.\n\n## Update customers {{ cadence("update") }}\n\nText.\n')
    assert sections.lines == {"update-customers-every-20-minutes": 3}
    assert sections.title("update-customers-every-20-minutes") == (
        "Update customers every 20 minutes")


def test_headings_in_html_blocks_count_only_where_markdown_reads_them() -> None:
    body = ("<div markdown>\n\n## Read as Markdown\n\n</div>\n\n"
            "<div>\n\n## Kept as it is\n\n</div>\n\n"
            "<details markdown>\n<summary>More</summary>\n\n## In details\n\n</details>\n")
    assert _sections(body).lines == {"read-as-markdown": 3, "in-details": 16}


def test_headings_in_definitions_are_headings_and_lines_are_the_pages_own() -> None:
    body = ('{{ snippet(\n  "calm") }}\n\n## After the call\n\n'
            "Refund window\n:   ## Thirty days\n\n    More.\n\n    ## Inside too\n")
    sections = _sections(body)
    assert sections.lines == {"after-the-call": 4, "thirty-days": 7, "inside-too": 11}
    assert sections.title("thirty-days") == "Thirty days"


def test_ids_set_by_attribute_lists_anywhere_come_first() -> None:
    body = "A note.\n{: #refunds }\n\n## Refunds\n\n## Other {#steps}\n\n## Steps\n"
    assert _sections(body).lines == {"refunds_1": 4, "steps": 6, "steps_1": 8}


def test_a_fence_with_options_is_code_as_in_the_build() -> None:
    """The fence extension takes title="x.py" only with Pygments on, as the build has it:
    the comment inside is code, not a heading."""
    body = '## Setup\n\n```python title="setup.py"\n# not a heading\n```\n\n<b>HTML</b>\n'
    assert _sections(body).lines == {"setup": 1}


def test_ordinary_pages_are_read_by_the_scanner(tmp_path: Path, monkeypatch) -> None:
    """Converting a page costs a hundred times what scanning it does: the pages of the
    benchmark's handbook and the shipped playbooks must never need it."""
    import sys

    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core import rendered_anchors
    from handbook.core.content import load_handbook

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    converted: list[str] = []
    convert = rendered_anchors._converted
    monkeypatch.setattr(rendered_anchors, "_converted",
                        lambda body, *rest: converted.append(body) or convert(body, *rest))
    generate.generate(tmp_path / "bench", 40)
    for project in (tmp_path / "bench", ROOT):
        book, _ = load_handbook(read_site_config(project))
        for playbook in book.playbooks.values():
            assert playbook.anchors, playbook.slug
    assert converted == []
    assert _sections("<b>HTML</b>\n\n## Converted\n").lines == {"converted": 3}
    assert len(converted) == 1


TRICKY = """---
title: Tricky headings
summary: Headings in every place Markdown reads them.
owner: "@acme/support-leads"
reviewed: 2026-11-01
review_every: 90d
---

Intro.

<div markdown>

## In a markdown div

</div>

<div>

## In a plain div

</div>

<details markdown>
<summary>More</summary>

## In details

</details>

Refund window
:   ## In a definition

    ## Also in the definition

## Update customers {{ cadence("update") }}

A note.
{: #steps }

## Steps

## Custom {: #custom-id }

## Title{#nospace}

<!--
## In a comment
-->

Text then a comment <!--

## Visible after all

--> and on.

```python title="setup.py"
# in code
```

{{ snippet("heard-hear") }}
Underlined after a snippet
--------------------------

!!! note

    ## In a note

=== "Tab"

    ## In a tab

??? note "## A summary heading"

    Body.

- An item

    ## In a list item

> ## In a quote

#

## Trailing hashes ##

## The `ticket_id` field &amp; *more*

## See [the guide][guide]

[guide]: https://example.com
"""


def test_check_knows_exactly_the_heading_ids_the_build_makes(tmp_path: Path) -> None:
    """The agreement test for pages the scanner does not read: every heading id of the built
    page is one `handbook check` knows, and the other way round, with the same text."""
    import html
    import re

    from sitebuild import build_copy

    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.content import load_handbook

    result = build_copy(tmp_path / "project", {"playbooks/tricky.md": TRICKY})
    assert result.returncode == 0, result.output
    page = result.html("playbooks/tricky/index.html")
    article = page[page.index('<div class="md-content"'):page.index("</article>")]
    built = {m.group(1): html.unescape(re.sub(r"<[^>]*>", "", m.group(2))).strip(" ¶\n")
             for m in re.finditer(r'<h[1-6] id="([^"]+)"[^>]*>(.*?)</h[1-6]>', article, re.S)}
    # Not the page's own headings: the snippet block's, the theme's title.
    built = {k: v for k, v in built.items() if not k.startswith("snippet-") and k != "tricky"}
    book, _ = load_handbook(read_site_config(result.project))
    playbook = book.playbooks["tricky"]
    assert set(playbook.anchors) == set(built)
    for anchor, text in built.items():
        assert playbook.section_title(anchor) == " ".join(text.split()), anchor
    lines = playbook.body.split("\n")
    for anchor, line in {"in-a-definition": ":   ## In a definition",
                         "update-customers-every-20-minutes":
                             '## Update customers {{ cadence("update") }}',
                         "in-a-tab": "    ## In a tab",
                         "underlined-after-a-snippet": "Underlined after a snippet"}.items():
        assert lines[playbook.anchors[anchor] - 1] == line
    assert {"in-a-markdown-div", "in-a-definition", "also-in-the-definition",
            "update-customers-every-20-minutes", "steps_1", "custom-id", "titlenospace",
            "visible-after-all", "underlined-after-a-snippet", "a-summary-heading", "_1",
            "see-the-guide"} <= set(built)
    assert not {"in-a-plain-div", "in-a-comment", "in-code", "steps"} & set(built)
