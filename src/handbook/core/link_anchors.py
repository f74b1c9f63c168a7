"""Anchors of links between pages, checked when mkdocs.yml's `validation: anchors: warn` makes
MkDocs warn (a strict build fails) on a link whose #anchor is not on the target page.

MkDocs compares the anchor with every id in the target page's rendered content
(mkdocs/structure/pages.py, Page.validate_anchor_links): headings, ids written in HTML or
attribute lists, footnotes. Here the headings are the build's own (Page.anchors), the snippet
and tree blocks' ids come from trees.block_anchors, and an id the page's source spells out
where Markdown applies it counts: `id="x"` in HTML outside code and comments, `{: #x}` on a
line of its own or right after an inline element, a footnote `[^x]`, content tabs' `__tabbed_`
ids. Generated pages (a snippet's or a tree's own page) are read from the Markdown the build
generates for them (render/pages.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .content import Handbook, Page, toc_options
from .links import target_uri
from .macro_calls import find_calls
from .markdown_policy import link_targets
from .markdown_scan import NotProse
from .problems import Report
from .trees import block_anchors

# A start tag, and its id (or an <a>'s name) attributes: MkDocs counts both as anchors
# (mkdocs/structure/pages.py, _HTMLHandler and _ExtractAnchorsTreeprocessor).
_HTML_TAG_RE = re.compile(r"<([A-Za-z][^\s<>/]*)(\s[^<>]*)>")
_HTML_ID_RE = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                         re.IGNORECASE)
_ATTR_ID_RE = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")
# Tab ids numbered by the page's tabs: pymdownx.tabbed's __tabbed_<set>_<tab>, and the
# handbook's hb<set>_<tab> for a snippet block's channels (render/snippet.py).
_NUMBERED_IDS = (("__tabbed_", re.compile(r"__tabbed_\d+_\d+")),
                 ("hb", re.compile(r"hb\d+_\d+")))


def check_link_anchors(book: Handbook, report: Report) -> None:
    """One error per link to an anchor its target page can't have (see the module)."""
    if book.config.link_levels.anchors != "warn":
        return
    authored = [*book.playbooks.values(), *book.pages]
    pages: dict[str, Page] = {p.src_uri: p for p in authored}
    generated_read = False
    known: dict[str, set[str]] = {}
    from_docs = book.config.link_levels.absolute_links == "relative_to_docs"
    for page in authored:
        for offset, url, image in link_targets(page.body):
            target = _target(url, page.src_uri, from_docs)
            if image or target is None:
                continue
            if target[0] not in pages and not generated_read and \
                    target[0].startswith(("snippets/", "trees/", "review.md")):
                pages.update(_generated_pages(book))  # read once, when a link needs them
                generated_read = True
            if target[0] not in pages:
                continue
            uri, anchor = target
            if uri not in known:
                known[uri] = _ids(pages[uri], book)
            if _has(known[uri], anchor):
                continue
            line = page.body.count("\n", 0, offset) + page.body_line
            col = offset - (page.body.rfind("\n", 0, offset) + 1) + 1
            where = "this page" if uri == page.src_uri else f"'{uri}'"
            decoded = unquote(anchor)
            hint = (f"write the anchor as the page spells it, not percent-encoded: "
                    f"#{decoded}" if decoded != anchor and _has(known[uri], decoded) else
                    "link to a heading's anchor as the page shows it (the ¶ link next to "
                    "the heading)")
            report.add(page.path, f"link '{url}': {where} has no anchor '#{anchor}' "
                       "(validation.links.anchors: warn)", line=line, col=col, hint=hint)


def _target(url: str, src_uri: str, from_docs: bool) -> tuple[str, str] | None:
    """(source path, anchor) a link points at, or None: no anchor, or not a page link. The
    anchor is left percent-encoded, as MkDocs compares it with the page's ids
    (mkdocs/structure/pages.py, _RelativePathTreeprocessor and validate_anchor_links)."""
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
    return uri, parts.fragment


def _ids(page: Page, book: Handbook) -> set[str]:
    ids = set(page.anchors) | block_anchors(page, book)
    body = page.body
    not_prose = NotProse(body)
    if "<" in body:
        ids |= _html_ids(body, not_prose)
    for found in _ATTR_ID_RE.finditer(body):
        if _attr_list_applies(body, found.start(), found.end()) and \
                not not_prose.holds(found.start()):
            ids.add(found.group(1))
    for note in _FOOTNOTE_RE.findall(body):
        ids |= {f"fn:{note}", f"fnref:{note}"}
    if "===" in body:
        ids.add("__tabbed_")  # marker: any numbered tab id (see _has)
    if page.calls:
        ids.add("hb")  # marker: the channel tabs of snippet blocks, hb<set>_<tab>
    return ids


def _html_ids(body: str, not_prose: NotProse) -> set[str]:
    """The ids of raw HTML tags in `body` outside code and comments, and the names of `<a>`
    tags (`<a name="faq"></a>`), as MkDocs collects them."""
    ids: set[str] = set()
    for tag in _HTML_TAG_RE.finditer(body):
        if not_prose.holds(tag.start()):
            continue
        for found in _HTML_ID_RE.finditer(tag.group(2)):
            if found.group(1).lower() == "id" or tag.group(1).lower() == "a":
                value = next(v for v in found.groups()[1:] if v is not None)
                if value:
                    ids.add(value)
    return ids


def _has(ids: set[str], anchor: str) -> bool:
    return anchor in ids or any(mark in ids and pattern.fullmatch(anchor)
                                for mark, pattern in _NUMBERED_IDS)


def _attr_list_applies(body: str, start: int, end: int) -> bool:
    """Whether attr_list reads `{...}` at body[start:end] as attributes with an id: on a line of
    its own (the block before it), or right after an inline element (`*x*{: #id}`). Heading
    attribute lists are in the heading anchors already."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    if not body[line_start:start].strip(" >\t") and not body[end:line_end].strip():
        return True
    return start > line_start and body[start - 1] in ")*_`]"


def _generated_pages(book: Handbook) -> dict[str, Page]:
    """The pages the build generates for each snippet and tree, as check can read them."""
    from ..render import pages as generated  # the Markdown the build writes for them

    options = toc_options(book.config)
    out: dict[str, Page] = {}
    uses = None
    for kind, items in (("snippets", book.snippets), ("trees", book.trees)):
        for ident, doc in items.items():
            if kind == "snippets":
                uses = uses if uses is not None else generated.snippet_uses(book)
                text = generated.snippet_page(book, ident, uses[ident])
            else:
                text = generated.tree_page(book, ident)
            out[f"{kind}/{ident}.md"] = _page(doc.path, f"{kind}/{ident}.md", text, options)
    from .review_list import review_items

    root = book.config.root
    for uri, text in (("snippets/index.md", generated.snippet_library(book)),
                      ("trees/index.md", generated.tree_index(book)),
                      (generated.REVIEW_PAGE,
                       generated.review_page(review_items(book), book.today.isoformat()))):
        out[uri] = _page(root / uri, uri, text, options)
    return out


def _page(path: Path, uri: str, text: str, options: tuple[Any, ...]) -> Page:
    """A generated page's Markdown `text` (front matter and all) as a Page."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    page = Page(path, uri, body, 1, find_calls(body, 0))
    page.toc = options
    return page
