"""Renders a reply snippet: variants as Material tabs, placeholder fields and copy buttons.

The HTML contract (classes and data attributes) is what docs/assets/handbook.js drives.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import markdown

from .html_util import esc
from .models import PLACEHOLDER_USE_RE, Snippet

CHANNEL_LABELS = {"email": "Email", "chat": "Chat", "social": "Social"}
_TOKEN = "HBPHTOKEN{}X"
_TOKEN_RE = re.compile(r"HBPHTOKEN(\d+)X")


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    return markdown.Markdown(extensions=["nl2br", "sane_lists"])


def variant_html(snippet: Snippet, channel: str) -> str:
    """Light Markdown to HTML; raw HTML in the text is escaped and shown as text."""
    names: list[str] = []

    def token(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return _TOKEN.format(len(names) - 1)

    source = PLACEHOLDER_USE_RE.sub(token, snippet.variants[channel])
    md = _md()
    md.reset()
    rendered = md.convert(esc(source).replace("&quot;", '"').replace("&#x27;", "'"))

    def span(match: re.Match[str]) -> str:
        name = names[int(match.group(1))]
        label = snippet.placeholders[name].label if name in snippet.placeholders else name
        return f'<var data-ph="{esc(name)}">{esc(label)}</var>'

    return _TOKEN_RE.sub(span, rendered)


def plain_text(text: str) -> str:
    """A variant as plain text for the help-desk exports: light Markdown markers removed,
    placeholders kept. handbook.js's Copy reply derives the same text from the rendered
    variant; a browser test holds the two together for every shipped snippet."""
    text = re.sub(r"\[([^\]\[]+)\]\(([^)\s]+)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.strip() + "\n"


TAB_GROUP = "\x00tabs\x00"  # stands for the tab group's name until macros_env numbers it


def render_snippet(snippet: Snippet, url: str, *, heading: int = 3, instance: int = 1,
                   tab_group: str = "") -> str:
    """The snippet block. `url` is the snippet page's URL relative to the current page;
    `tab_group` names the variant tabs (unique in the page; by default from the anchor).

    The markup is what reads well without JavaScript: title, summary, the variants as tabs
    and a link to the snippet's page. handbook.js adds the controls that only work with it
    (placeholder fields, Copy reply, Copy link) from `data-placeholders`, and copies the
    text of the rendered variant, so no text is sent twice. A 2,000-page handbook repeats
    each block on many pages: every byte here is paid thousands of times."""
    sid = snippet.id
    suffix = "" if instance == 1 else f"-{instance}"
    anchor = f"snippet-{sid}{suffix}"
    level = min(max(heading, 1), 6)
    own_page = url in ("./", "")
    # Name -> [label, fallback], for the fields handbook.js builds.
    placeholders = {n: [p.label, p.fallback] for n, p in snippet.placeholders.items()}
    parts = [
        f'<div class="hb-snippet" data-snippet="{esc(sid)}" '
        f"data-placeholders='{_attr_json(placeholders)}'>",
        f'<h{level} class="hb-snippet__title" id="{esc(anchor)}">{esc(snippet.title)}'
        f'<a class="headerlink" href="#{esc(anchor)}" title="Link to this snippet">&para;</a>'
        f"</h{level}>",
    ]
    if snippet.summary:
        parts.append(f'<p class="hb-snippet__summary">{esc(snippet.summary)}</p>')
    # Search finds a reply's text on its own page, not again on every page that shows it.
    parts.append(_tabs(snippet, tab_group or anchor, searchable=own_page))
    # On the snippet's own page a link to itself would be noise.
    permalink = ("" if own_page else
                 f'<a class="hb-snippet__permalink" href="{esc(url)}">Snippet page</a>')
    parts.append(f'<div class="hb-snippet__actions" data-search-exclude>{permalink}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _attr_json(data: Any) -> str:
    """JSON for a single-quoted attribute: its double quotes need no escaping there."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _tabs(snippet: Snippet, group: str, *, searchable: bool) -> str:
    """Variants in pymdownx.tabbed's alternate-style markup, so Material styles them."""
    channels = list(snippet.variants)
    # "_" never occurs in a snippet id, so these ids can't collide with a snippet's anchor.
    group = esc(group)
    inputs = "".join(
        f'<input{" checked" if i == 0 else ""} id="{group}_{i + 1}" name="{group}" type="radio">'
        for i in range(len(channels))
    )
    labels = "".join(
        f'<label for="{group}_{i + 1}">{CHANNEL_LABELS[ch]}</label>'
        for i, ch in enumerate(channels)
    )
    # Excluded block by block: Material's search parser ends an exclusion at the first
    # closing tag of the same name, so it must sit on an element with no <div> inside.
    exclude = "" if searchable else " data-search-exclude"
    blocks = "".join(
        f'<div class="tabbed-block hb-snippet__text" data-channel="{ch}"{exclude}>'
        f"{variant_html(snippet, ch)}</div>"
        for ch in channels
    )
    return (f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{len(channels)}">'
            f'{inputs}<div class="tabbed-labels" data-search-exclude>{labels}</div>'
            f'<div class="tabbed-content">{blocks}</div></div>')
