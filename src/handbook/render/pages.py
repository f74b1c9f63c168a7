"""Markdown for the pages the build generates: one per snippet and tree, and their indexes."""

from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass

import yaml

from ..core.content import Handbook, Page
from ..core.models import Reviewed
from ..core.review_list import DUE_SOON_DAYS, ReviewItem
from ..core.trees import step_anchor

_PUNCTUATION = frozenset(string.punctuation)


def md_text(text: str) -> str:
    """Content text made inert inside generated Markdown: every ASCII punctuation character
    becomes a numeric character reference. Markdown builds nothing from those (no emphasis,
    link, fence, list, table, heading, attribute list, HTML or Jinja), the browser shows the
    character, and heading ids come out as for the character itself."""
    return "".join(f"&#{ord(c)};" if c in _PUNCTUATION else c for c in " ".join(str(text).split()))


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


@dataclass(frozen=True)
class Use:
    """One place a snippet is shown: a section of a page, or a tree's outcome."""

    label: str  # the page title and the section, or the tree title and the outcome
    src_uri: str  # the page's source path under docs/ (a tree's generated page)
    anchor: str  # "" for the top of the page
    instruction: str = ""  # a tree outcome's instruction


def snippet_uses(book: Handbook) -> dict[str, list[Use]]:
    """Snippet id -> every playbook or page section that shows it (by its id or an alias),
    then every tree outcome that sends it, each once, in title order. Sections are the
    build's heading anchors (Page.anchors): the heading above the call."""
    pages: dict[str, list[Use]] = defaultdict(list)
    for page in [*book.playbooks.values(), *book.pages]:
        title = page.meta.title if page.meta and page.meta.title else page.src_uri
        for call in page.calls:
            doc = (book.snippet(str(call.args[0])) if call.name == "snippet" and call.runnable
                   and call.args else None)
            if doc is None:
                continue
            anchor = _section_above(page, call.line - (page.body_line - 1))
            section = page.section_title(anchor) if anchor else None
            use = Use(f"{title} \u203a {section}" if section else title, page.src_uri, anchor)
            if use not in pages[doc.model.id]:
                pages[doc.model.id].append(use)
    outcomes: dict[str, list[Use]] = defaultdict(list)
    for tree_id, tree in book.trees.items():
        for node_id, node in tree.model.nodes.items():
            doc = book.snippet(node.snippet) if node.is_outcome and node.snippet else None
            if doc is not None:
                outcomes[doc.model.id].append(Use(
                    f"{tree.model.title} \u203a {node.outcome}", f"trees/{tree_id}.md",
                    step_anchor(tree_id, node_id), node.instruction))
    return {ident: sorted(pages[ident], key=lambda u: u.label.lower())
            + sorted(outcomes[ident], key=lambda u: u.label.lower())
            for ident in book.snippets}


def _section_above(page: Page, line: int) -> str:
    """The anchor of the last heading before body line `line`, or "" (the page's top)."""
    above = [(at, anchor) for anchor, at in page.anchors.items() if at <= line]
    return max(above)[1] if above else ""


def snippet_page(book: Handbook, ident: str, uses: list[Use]) -> str:
    """The snippet's own page: the block (with its "when to use" line), then where it is used
    (`uses`, from snippet_uses), as links MkDocs resolves and checks like any other."""
    s = book.snippets[ident].model
    meta = {"title": s.title, "tags": list(s.tags), "description": s.summary or s.title}
    # The page's title is the snippet's; the block's own heading (an h2 that only screen
    # readers see) keeps #snippet-<id>, where search results land.
    out = [_front(meta), f'{{{{ snippet("{ident}", heading=2) }}}}\n\n']
    out.append("## Where it is used\n\n")
    if not uses:
        out.append("No playbook or decision tree shows this reply yet.\n")
    for use in uses:
        target = "../" + use.src_uri + (f"#{use.anchor}" if use.anchor else "")
        line = f"- [{md_text(use.label)}]({target})"
        if use.instruction:
            line += f": {md_text(use.instruction)}"
        out.append(line + "\n")
    return "".join(out)


def tree_page(book: Handbook, ident: str) -> str:
    t = book.trees[ident].model
    meta = {"title": t.title, "tags": list(t.tags), "description": t.summary or t.title}
    summary = f"{md_text(t.summary)}\n\n" if t.summary else ""
    return (_front(meta) + f"# {md_text(t.title)}\n\n{summary}"
            f'{{{{ decision_tree("{ident}") }}}}\n')


CHANNEL_LABELS = {"email": "Email", "chat": "Chat", "social": "Social"}


def title_key(title: str) -> str:
    """How lists sort titles: case-blind, ignoring leading quotes and other punctuation."""
    folded = title.casefold()
    return folded.lstrip("".join(_PUNCTUATION) + " \u201c\u2018\u00ab") or folded


def snippet_library(book: Handbook) -> str:
    """Every snippet once, sorted by title, with its channels, summary and tags as chips.
    handbook.js adds a filter box over the list (the marker <div> before it says where)."""
    out = [_front({"title": "Snippet library"}), "# Snippet library\n\n",
           "Every reply, once, by title. Open one to fill in the customer's details and copy "
           "it, or to copy a link that keeps working.\n\n",
           '<div class="hb-library-filter"></div>\n\n']
    for ident, doc in sorted(book.snippets.items(), key=lambda kv: title_key(kv[1].model.title)):
        s = doc.model
        channels = " ".join(f'<span class="hb-channel">{CHANNEL_LABELS[c]}</span>'
                            for c in s.variants if c in CHANNEL_LABELS)
        out.append(f"- [{md_text(s.title)}]({ident}.md) {channels}")
        if s.summary:
            out.append(f"<br>\n  {md_text(s.summary)}")
        if s.tags:
            chips = " ".join(f'<span class="hb-chip">{md_text(t)}</span>' for t in s.tags)
            out.append(f"<br>\n  {chips}")
        out.append(f"<br>\n  {_owner_line(book, s)}\n")
    return "".join(out)


def _owner_line(book: Handbook, item: Reviewed) -> str:
    """Who owns an item and when it is next reviewed, for the library and the trees index."""
    review = book.review(item)
    due = review.due.isoformat()
    state = (f'<span class="hb-badge hb-badge--overdue">review overdue since {due}</span>'
             if review.overdue else f"next review {due}")
    return f'<span class="hb-owner-line">{md_text(review.owner)} &#183; {state}</span>'



def tree_index(book: Handbook) -> str:
    out = [_front({"title": "Decision trees"}), "# Decision trees\n\n",
           "Each tree asks one question at a time and ends on what to do and what to send. "
           "Every step has its own link you can paste into a ticket.\n\n"]
    for ident, doc in sorted(book.trees.items(), key=lambda kv: title_key(kv[1].model.title)):
        t = doc.model
        summary = f" — {md_text(t.summary)}" if t.summary else ""
        out.append(f"- [{md_text(t.title)}]({ident}.md){summary}<br>\n"
                   f"  {_owner_line(book, t)}\n")
    return "".join(out)


REVIEW_PAGE = "review.md"  # one of site_paths.GENERATED_PAGES
_KINDS = {"playbook": "Playbook", "snippet": "Reply", "tree": "Decision tree"}


def review_page(items: list[ReviewItem], today: str) -> str:
    """Who owns what and when it is next due, by owner (review_list.review_items: the same
    list `handbook stale` prints), with an overdue or due-soon badge."""
    overdue = sum(i.review.overdue for i in items)
    soon = sum(i.due_soon for i in items)
    out = [_front({"title": "Review status"}), "# Review status\n\n",
           f"Every playbook, reply and decision tree by owner, with its last and next review "
           f"(today is {today}). **{overdue} overdue**, {soon} due within {DUE_SOON_DAYS} days. "
           "`handbook stale` lists the same on the command line. After reviewing an item, "
           "set `reviewed:` in its file to the day you did.\n\n",
           '<div class="hb-owner-filter"></div>\n\n']
    owners: dict[str, list[ReviewItem]] = defaultdict(list)
    for item in items:
        owners[item.review.owner].append(item)
    for owner, mine in owners.items():
        late = sum(i.review.overdue for i in mine)
        out.append(f"## {md_text(owner)}\n\n{len(mine)} items, {late} overdue.\n\n")
        out.append("| Item | Kind | Last review | Next due | Status |\n"
                   "| --- | --- | --- | --- | --- |\n")
        for item in mine:
            out.append(f"| [{md_text(item.title)}]({item.page}) | {_KINDS[item.kind]} | "
                       f"{item.review.reviewed.isoformat()} | {item.review.due.isoformat()} | "
                       f"{_status(item)} |\n")
        out.append("\n")
    return "".join(out)


def _status(item: ReviewItem) -> str:
    days = item.review.days_left
    if item.review.overdue:
        return (f'<span class="hb-badge hb-badge--overdue">overdue {-days} '
                f'day{"s" * (days != -1)}</span>')
    if item.due_soon:
        return f'<span class="hb-badge hb-badge--soon">due in {days} day{"s" * (days != 1)}</span>'
    return "up to date"
