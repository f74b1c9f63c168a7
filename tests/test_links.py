"""Relative links judged as MkDocs' strict mode judges them (links.py)."""

from __future__ import annotations

import pytest
from mkdocs.structure.pages import _RelativePathTreeprocessor

from handbook.core.links import broken_links, target_uri


@pytest.mark.parametrize("src_uri", ["index.md", "a.md", "x/y.md", "playbooks/p.md",
                                     "snippets/index.md"])
@pytest.mark.parametrize("path", ["b.md", "../b.md", "../../b.md", "./c/d.md", "x/../y.md",
                                  "img/a%20b.png", "/abs.md", "", ".", "sub/"])
def test_targets_resolve_as_mkdocs_resolves_them(src_uri: str, path: str) -> None:
    assert target_uri(src_uri, path) == _RelativePathTreeprocessor._target_uri(src_uri, path)


def test_what_counts_as_broken() -> None:
    site = {"index.md", "playbooks/p.md", "playbooks/img/a b.png", "snippets/x.md"}
    body = ("[ok](../index.md) [ok](img/a%20b.png) [folder](sub/) [web](https://x.org/y.md) "
            "[anchor](#here) [abs](/nowhere.md) [mail](mailto:a@b.c) [q](?x=1) "
            "[gone](gone.md#part) ![img](img/none.png) [snip](../snippets/x.md) "
            "`[code](code.md)`\n")
    found = broken_links(body, "playbooks/p.md", site)
    assert [b.message for b in found] == [
        "link 'gone.md#part' (that is playbooks/gone.md) is not a page or file of the site",
        "image 'img/none.png' (that is playbooks/img/none.png) is not a page or file of the "
        "site",
    ]


# -- reference-style links and images ([text][id], [id][], [id], ![alt][id] + [id]: url) -----

SITE = {"index.md", "playbooks/p.md", "playbooks/img/ok.png"}


def _errors(body: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of each broken link of `body` as playbooks/p.md."""
    out = []
    for broken in broken_links(body, "playbooks/p.md", SITE):
        line = body.count("\n", 0, broken.offset) + 1
        out.append((line, broken.offset - body.rfind("\n", 0, broken.offset), broken.message))
    return out


GONE = "link 'gone.md' (that is playbooks/gone.md) is not a page or file of the site"
GONE_IMAGE = "image 'gone.png' (that is playbooks/gone.png) is not a page or file of the site"


def test_a_used_definition_is_reported_at_its_target() -> None:
    body = "Read [the old page][old] first.\n\n[old]: ../missing.md \"The old page\"\n"
    assert _errors(body) == [
        (3, 8, "link '../missing.md' (that is missing.md) is not a page or file of the site")]


def test_a_definition_nothing_uses_makes_no_link() -> None:
    assert _errors("No reference here.\n\n[old]: ../missing.md\n[img]: gone.png\n") == []


@pytest.mark.parametrize(("usage", "image"), [
    ("[text][ref]", False),
    ("[text] [ref]", False),
    ("[text]\n[ref]", False),
    ("[ref][]", False),
    ("[ref]", False),
    ("[REF]", False),
    ("![alt][ref]", True),
    ("![ref][]", True),
    ("![ref]", True),
])
def test_every_reference_form_uses_its_definition(usage: str, image: bool) -> None:
    body = f"See {usage}.\n\n[ref]: gone.md\n"
    what = "image" if image else "link"
    assert _errors(body) == [(body.count("\n"), 8, GONE.replace("link", what))]


def test_ids_are_compared_without_case_and_with_runs_of_whitespace_as_one_space() -> None:
    body = "[One][My  Ref], [two][my\nREF] and [My Ref][].\n\n[MY REF]: gone.md\n"
    assert _errors(body) == [(4, 11, GONE)]
    # Markdown does not collapse the whitespace of a definition's own id: never matched.
    assert _errors("[my ref] and [my  ref]\n\n[my  ref]: gone.md\n") == []


def test_a_link_and_an_image_of_one_definition_are_two_errors() -> None:
    assert _errors("[it] and ![it]\n\n[it]: gone.png\n") == [
        (3, 7, "link 'gone.png' (that is playbooks/gone.png) is not a page or file of the site"),
        (3, 7, GONE_IMAGE)]


@pytest.mark.parametrize("definition", [
    '[ref]: gone.md "A title"',
    "[ref]: gone.md 'A title'",
    "[ref]: gone.md (A title)",
    '[ref]: gone.md\n    "A title on the next line"',
    "[ref]:\n    gone.md",
    "  [ref]:  gone.md",
    "[ref]: <gone.md>",
    "- [ref]: gone.md",
    "> [ref]: gone.md",
])
def test_definitions_as_markdown_reads_them(definition: str) -> None:
    body = f"See [ref].\n\n{definition}\n"
    found = _errors(body)
    assert [m for _l, _c, m in found] == [GONE], found
    line, col, _m = found[0]
    assert body.split("\n")[line - 1][col - 1:].startswith("gone.md")


@pytest.mark.parametrize("body", [
    "See [ref].\n\n```\n[ref]: gone.md\n```\n",  # in a fenced code block
    "See [ref].\n\n    [ref]: gone.md\n",  # an indented code block
    "See [ref].\n\n<!--\n[ref]: gone.md\n-->\n",  # a comment Markdown passes on
    "See [ref].\n    [ref]: gone.md\n",  # indented four: more of the paragraph
    "See [ref].\n\n[ref]: gone.md more words\n",  # text after the target: no definition
    "See [ref].\n\n[ref]: <gone one.md>\n",  # a target with a space: no definition
    "See [ref].\n\ntext\n- [ref]: gone.md\n",  # a list does not start inside a paragraph
])
def test_what_is_not_a_definition_makes_no_link(body: str) -> None:
    assert _errors(body) == []


@pytest.mark.parametrize("body", [
    "See `[ref]`.\n\n[ref]: gone.md\n",  # inline code
    "See \\[ref].\n\n[ref]: gone.md\n",  # escaped
    "See [a\\_b].\n\n[a\\_b]: gone.md\n",  # an escape in the id: never matched
    "See [ref](../index.md).\n\n[ref]: gone.md\n",  # an inline link
    "See [[ref]].\n\n[ref]: gone.md\n",  # [[ref]] is no reference, nor is [ref] in it
    "See [text][other].\n\n[text]: ../index.md\n[ref]: gone.md\n",  # [ref] is not named
])
def test_what_uses_no_definition(body: str) -> None:
    assert _errors(body) == []


def test_a_definition_to_a_file_of_the_site_is_fine() -> None:
    body = "[home] and ![chart]\n\n[home]: ../index.md#top\n[chart]: img/ok.png 'Chart'\n"
    assert _errors(body) == []


def test_the_last_definition_of_an_id_is_the_one_used() -> None:
    assert _errors("[ref]\n\n[ref]: gone.md\n[ref]: ../index.md\n") == []
    assert _errors("[ref]\n\n[ref]: ../index.md\n[ref]: gone.md\n") == [(4, 8, GONE)]


def test_definitions_in_containers_count() -> None:
    body = ("- [one]\n\n    [one]: gone.md\n\n"
            "!!! note\n    ![two]\n\n    [two]: gone.png\n\n"
            "> [three]\n>\n> [three]: ../missing.md\n")
    assert [(line, m.split(" is not ")[0]) for line, _c, m in _errors(body)] == [
        (3, "link 'gone.md' (that is playbooks/gone.md)"),
        (8, "image 'gone.png' (that is playbooks/gone.png)"),
        (12, "link '../missing.md' (that is missing.md)")]


# Pages where the reading of definitions or references is subtle: Markdown itself, with the
# site's extensions, decides which definitions become links and images.
AGREEMENT_PAGES = [
    "[a] [b][a] [a][] [A] ![a] ![x][a]\n\n[a]: a.md\n",
    "[x][nope] [y][b]\n\n[x]: x.md\n[b]: b.png\n",
    "[b] [a]\n\n[a]: a.md\n[b]: b.md\n",
    "![x][b] [a]\n\n[a]: a.md\n[b]: b.png\n",
    "[[a]] [x [a]](y.md) [![a]][b]\n\n[a]: a.png\n[b]: b.md\n",
    "[a]: a.md\n[a]: a2.md\n\n[a]\n",
    "[a]: a.md\n   [b]: b.md\n    [c]: c.md\n\n[a] [b] [c]\n",
    "- item\n    [a]: nested.md\n\n- item\n\n    [b]: li.md\n\n[a] [b]\n",
    "!!! note\n    text\nmore\n\n    [a]: a.md\n\n[a]\n",
    "!!! note\n    [a]: adm.md\n\n    [b]: adm2.md\n\n[a] [b]\n",
    "- item\n\n[a]: a.md\n\n    [b]: b.md\n\n[a] [b]\n",
    "para <!-- [b] -->\n<!-- [a] -->\n\n[a]: a.md\n[b]: b.md\n",
    "<!-- x --> [c d] <!-- [b] -->\n\n[b]: b.md\n[c d]: cd.md\n",
    "*[HTML]: Hyper Text\n\n[html]: h.md\n\nsome HTML [html]\n",
    "[a]: x.md\"t junk\"\n[b]: y.md\"t\"\n\n[a] [b]\n",
    "[ab\tc]: t.md\n[ a ]: sp.md\n\n[ab c] [a]\n",
    "# Heading [a]\n[a]: a.md\n    [b]: code.md\n\n[b]\n",
    "| h |\n|---|\n| [a] |\n\n[a]: a.md\n",
    "Term\n:   [a]: def.md\n\n[a]\n",
    "=== \"Tab\"\n    [a]\n\n    [a]: tab.md\n",
    "1. item\n\n    > [a]: q.md\n\n[a]\n",
    "    [a]: code.md\n\n[b]: b.md\n[a] [b]\n",
]


@pytest.mark.parametrize("page", AGREEMENT_PAGES)
def test_used_definitions_are_the_links_markdown_makes(page: str) -> None:
    import html
    import re

    import markdown
    from sitebuild import ROOT

    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.markdown_policy import reference_targets

    names, options = read_site_config(ROOT).markdown
    md = markdown.Markdown(extensions=list(names), extension_configs=options)
    rendered = md.convert(page)
    defined = {url for url, _title in md.references.values()}
    made = {(html.unescape(url), tag == "img")
            for tag, url in re.findall(r'<(a|img)\b[^>]*?(?:href|src)="([^"]*)"', rendered)
            if html.unescape(url) in defined}
    assert {(url, image) for _o, url, image in reference_targets(page)} == made, rendered


def test_reading_references_takes_time_in_proportion_to_the_page() -> None:
    """Pages made to be slow to read (each took minutes before the patterns were written
    for it), a few hundred kilobytes each, are read in well under a second."""
    import time

    from handbook.core.markdown_policy import link_targets

    pages = [
        "[a]: x.md\n\n" + "[t][a] [a] ![a] " * 20_000,
        "[a]: x.md\n\n" + "[" * 50_000 + "a" + "]" * 50_000,
        "".join(f"[d{i}]: x{i}.md\n" for i in range(20_000)) + "\n" + "[d1] " * 20_000,
        "\n".join(["[a]: " + '"a' * 95 + " junk"] * 1000) + "\n\n[a]\n",
        "[a]: " + '"a' * 100_000 + " junk\n\n[a]\n",
        "> " * 50_000 + "[a]: x\n\n[a]\n",
        "[a]: x.md\n\n- x\n\n    " + "[a] " * 50_000,
    ]
    for page in pages:
        start = time.process_time()
        link_targets(page)
        assert time.process_time() - start < 1.0, page[:40]
