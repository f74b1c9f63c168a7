"""Markdown for the pages the build generates: one per snippet and tree, and their indexes."""

from __future__ import annotations

import string
from collections import defaultdict

import yaml

from ..core.content import Handbook

_PUNCTUATION = frozenset(string.punctuation)


def md_text(text: str) -> str:
    """Content text made inert inside generated Markdown: every ASCII punctuation character
    becomes a numeric character reference. Markdown builds nothing from those (no emphasis,
    link, fence, list, table, heading, attribute list, HTML or Jinja), the browser shows the
    character, and heading ids come out as for the character itself."""
    return "".join(f"&#{ord(c)};" if c in _PUNCTUATION else c for c in " ".join(str(text).split()))


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def snippet_page(book: Handbook, ident: str) -> str:
    s = book.snippets[ident].model
    meta = {"title": s.title, "tags": list(s.tags), "description": s.summary or s.title}
    # The snippet's own heading is the page's h1, so search lands on #snippet-<id>.
    return _front(meta) + f'{{{{ snippet("{ident}", heading=1) }}}}\n'


def tree_page(book: Handbook, ident: str) -> str:
    t = book.trees[ident].model
    meta = {"title": t.title, "tags": list(t.tags), "description": t.summary or t.title}
    summary = f"{md_text(t.summary)}\n\n" if t.summary else ""
    return (_front(meta) + f"# {md_text(t.title)}\n\n{summary}"
            f'{{{{ decision_tree("{ident}") }}}}\n')


def snippet_library(book: Handbook) -> str:
    """All snippets grouped by tag; a snippet with several tags appears under each."""
    groups: dict[str, list[str]] = defaultdict(list)
    for ident, doc in sorted(book.snippets.items(), key=lambda kv: kv[1].model.title.lower()):
        for tag in doc.model.tags or ["untagged"]:
            groups[tag].append(ident)
    out = [_front({"title": "Snippet library"}), "# Snippet library\n\n",
           "Every reply snippet, grouped by tag. Open one to fill in the customer's details "
           "and copy it, or to copy a link that keeps working.\n\n"]
    for tag in sorted(groups, key=str.lower):
        out.append(f"## {md_text(tag)}\n\n")
        for ident in groups[tag]:
            s = book.snippets[ident].model
            summary = f" — {md_text(s.summary)}" if s.summary else ""
            out.append(f"- [{md_text(s.title)}]({ident}.md){summary}\n")
        out.append("\n")
    return "".join(out)


def tree_index(book: Handbook) -> str:
    out = [_front({"title": "Decision trees"}), "# Decision trees\n\n",
           "Each tree asks one question at a time and ends on what to do and what to send. "
           "Every step has its own link you can paste into a ticket.\n\n"]
    for ident, doc in sorted(book.trees.items(), key=lambda kv: kv[1].model.title.lower()):
        t = doc.model
        summary = f" — {md_text(t.summary)}" if t.summary else ""
        out.append(f"- [{md_text(t.title)}]({ident}.md){summary}\n")
    return "".join(out)
