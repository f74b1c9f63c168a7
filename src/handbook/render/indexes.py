"""The lists macros put on pages: the home page's playbooks."""

from __future__ import annotations

from dataclasses import dataclass

from .html_util import esc
from .pages import title_key


@dataclass(frozen=True)
class PlaybookEntry:
    title: str
    summary: str
    url: str  # relative to the page the list is on
    overdue: bool = False


def render_playbook_list(entries: list[PlaybookEntry]) -> str:
    """Playbooks by title, each with what it is for: a list an agent scans on any screen
    (owners and review dates are on the review page)."""
    items = []
    for entry in sorted(entries, key=lambda e: title_key(e.title)):
        badge = (' <span class="hb-badge hb-badge--overdue">review overdue</span>'
                 if entry.overdue else "")
        summary = (f'<span class="hb-playbook-list__summary">{esc(entry.summary)}</span>'
                   if entry.summary else "")
        items.append(f'<li><a class="hb-playbook-list__title" href="{esc(entry.url)}">'
                     f"{esc(entry.title)}</a>{badge}{summary}</li>")
    return '<ul class="hb-playbook-list">' + "".join(items) + "</ul>"
