"""Small HTML helpers: everything from content goes through `esc` or `json_script`."""

from __future__ import annotations

import html
import json
import re
from typing import Any


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_ATTR_LIST_RE = re.compile(r"\s*\{[^{}]*\}\s*$")
_TAG_RE = re.compile(r"<[^>]*>")


def heading_as_text(source: str) -> str:
    """A heading's Markdown (without its '#'s) as the reader sees it, escaped for HTML:
    `Refund *within* `30` days {#refunds}` gives "Refund within 30 days"."""
    import markdown

    source = _ATTR_LIST_RE.sub("", source.strip().strip("#").strip())
    rendered = markdown.markdown(source) if source else ""
    return esc(" ".join(html.unescape(_TAG_RE.sub("", rendered)).split()))


def json_script(data: Any, css_class: str) -> str:
    """JSON inside <script>; <, > and & are \\u-escaped so content can never close the tag."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{css_class}">{payload}</script>'
