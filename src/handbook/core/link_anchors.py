"""Anchors of links between pages, checked when mkdocs.yml's `validation: anchors: warn` makes
MkDocs warn (a strict build fails) on a link whose #anchor is not on the target page.

MkDocs compares the anchor with every id in the target page's rendered content
(mkdocs/structure/pages.py, Page.validate_anchor_links): headings, ids written in HTML or
attribute lists, footnotes. Here the headings are the build's own (Page.anchors), the snippet
and tree blocks' ids come from trees.block_anchors, and any id the page's source spells out
(`id="x"`, `{#x}`, a footnote `[^x]`) counts, so a link is only reported when no id of that
name can be on the page. Links into generated pages (snippets/, trees/) are left to the build.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .content import Handbook, Page
from .links import target_uri
from .markdown_policy import link_targets
from .problems import Report
from .trees import block_anchors

_SPELLED_ID_RE = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)|\{[^}\n]*?#([^\s}]+)""")
_FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")


def check_link_anchors(book: Handbook, report: Report) -> None:
    """One error per link to an anchor its target page can't have (see the module)."""
    if book.config.link_levels.anchors != "warn":
        return
    pages: dict[str, Page] = {p.src_uri: p for p in [*book.playbooks.values(), *book.pages]}
    known: dict[str, set[str]] = {}
    from_docs = book.config.link_levels.absolute_links == "relative_to_docs"
    for page in pages.values():
        for offset, url, image in link_targets(page.body):
            target = _target(url, page.src_uri, from_docs)
            if image or target is None or target[0] not in pages:
                continue
            uri, anchor = target
            if uri not in known:
                known[uri] = _ids(pages[uri], book)
            if anchor in known[uri]:
                continue
            line = page.body.count("\n", 0, offset) + page.body_line
            col = offset - (page.body.rfind("\n", 0, offset) + 1) + 1
            where = "this page" if uri == page.src_uri else f"'{uri}'"
            report.add(page.path, f"link '{url}': {where} has no anchor '#{anchor}' "
                       "(validation.links.anchors: warn)", line=line, col=col,
                       hint="link to a heading's anchor as the page shows it (the ¶ link "
                       "next to the heading)")


def _target(url: str, src_uri: str, from_docs: bool) -> tuple[str, str] | None:
    """(source path, anchor) a link points at, or None: no anchor, or not a page link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.fragment or parts.scheme or parts.netloc:
        return None
    absolute = url.startswith(("/", "\\"))
    if absolute and not from_docs:
        return None
    path = unquote(parts.path)
    uri = src_uri if not path else target_uri("" if absolute else src_uri, path)
    return uri, unquote(parts.fragment)


def _ids(page: Page, book: Handbook) -> set[str]:
    ids = set(page.anchors) | block_anchors(page, book)
    for spelled in _SPELLED_ID_RE.finditer(page.body):
        ids.add(spelled.group(1) or spelled.group(2))
    for note in _FOOTNOTE_RE.findall(page.body):
        ids |= {f"fn:{note}", f"fnref:{note}"}
    return ids
