"""Relative links judged as MkDocs' strict mode judges them (links.py)."""

from __future__ import annotations

import pytest
from mkdocs.structure.pages import _RelativePathTreeprocessor

from handbook.links import broken_links, target_uri


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
