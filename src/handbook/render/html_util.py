"""Small HTML helpers: everything from content goes through `esc` or `json_script`."""

from __future__ import annotations

import html
import json
from typing import Any


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def heading_as_text(source: str) -> str:
    """A heading line's Markdown as the reader sees it, escaped for HTML (markdown_scan's
    heading_text, which the anchors use too): `## Refund *within* `30` days {#refunds}` gives
    "Refund within 30 days"."""
    from ..core.markdown_scan import heading_text

    return esc(" ".join(heading_text(source.strip().strip("#")).split()))


def json_script(data: Any, css_class: str) -> str:
    """JSON inside <script>; <, > and & are \\u-escaped so content can never close the tag."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{css_class}">{payload}</script>'


def overdue_note(what: str, due: str, owner: str) -> str:
    """The badge an embedded snippet or tree block carries when its review is overdue, so an
    agent sees it where the block is used: `what` is "reply" or "tree", `due` an ISO date."""
    return (f'<p class="hb-overdue-note"><span class="hb-badge hb-badge--overdue">Review '
            f"overdue</span> This {esc(what)} was due for review on {esc(due)} "
            f"({esc(owner)}): check it before you rely on it.</p>")
