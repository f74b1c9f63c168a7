"""Every reviewed item of the handbook with its owner and review dates: what `handbook stale`
prints and the site's review page shows, from one list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .content import Handbook
from .review import Review

# A review due within this many days is "due soon" on the review page.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class ReviewItem:
    """A playbook, snippet or tree and its review: `page` is its page's source path under
    docs/ (playbooks/<slug>.md, snippets/<id>.md, trees/<id>.md)."""

    kind: str  # "playbook", "snippet" or "tree"
    title: str
    path: Path
    page: str
    review: Review

    @property
    def due_soon(self) -> bool:
        return not self.review.overdue and self.review.days_left <= DUE_SOON_DAYS


def review_items(book: Handbook, horizon: date | None = None) -> list[ReviewItem]:
    """Every playbook (with front matter), snippet and tree, due by `horizon` (None: all),
    sorted by owner (case-blind), then due date, then title."""
    items = [ReviewItem("playbook", p.meta.title, p.path, p.src_uri, book.review(p.meta))
             for p in book.playbooks.values() if p.meta]
    items += [ReviewItem("snippet", s.model.title, s.path, f"snippets/{ident}.md",
                         book.review(s.model)) for ident, s in book.snippets.items()]
    items += [ReviewItem("tree", t.model.title, t.path, f"trees/{ident}.md",
                         book.review(t.model)) for ident, t in book.trees.items()]
    if horizon is not None:
        items = [i for i in items if i.review.due <= horizon]
    return sorted(items, key=lambda i: (i.review.owner.lower(), i.review.due, i.title.lower()))
