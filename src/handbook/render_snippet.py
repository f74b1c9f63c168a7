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


def json_data(data: Any, css_class: str) -> str:
    """The data handbook.js reads, as JSON in an inert, search-excluded <template>.

    Not a <script type="application/json">: Material's instant navigation re-creates every
    <script> in the page content without its attributes, which runs the JSON as code (a
    SyntaxError) and drops the class. <, > and & are \\u-escaped, so the text holds no markup.
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<template class="{esc(css_class)}" data-search-exclude>{payload}</template>'


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
        return (f'<span class="hb-ph" data-ph="{esc(name)}" title="{esc(label)}">'
                f"{esc(label)}</span>")

    return _TOKEN_RE.sub(span, rendered)


def plain_text(text: str) -> str:
    """What the Copy button pastes: light Markdown markers removed, placeholders kept."""
    text = re.sub(r"\[([^\]\[]+)\]\(([^)\s]+)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.strip() + "\n"


def render_snippet(snippet: Snippet, url: str, *, heading: int = 3, instance: int = 1) -> str:
    """The snippet block. `url` is the snippet page's URL relative to the current page."""
    sid = snippet.id
    suffix = "" if instance == 1 else f"-{instance}"
    anchor = f"snippet-{sid}{suffix}"
    level = min(max(heading, 1), 6)
    data = {
        "id": sid,
        "placeholders": {n: p.model_dump() for n, p in snippet.placeholders.items()},
        "variants": {ch: plain_text(text) for ch, text in snippet.variants.items()},
    }
    parts = [
        f'<div class="hb-snippet" data-snippet="{esc(sid)}" data-url="{esc(url)}">',
        f'<h{level} class="hb-snippet__title" id="{esc(anchor)}">{esc(snippet.title)}'
        f'<a class="headerlink" href="#{esc(anchor)}" title="Link to this snippet">&para;</a>'
        f"</h{level}>",
    ]
    if snippet.summary:
        parts.append(f'<p class="hb-snippet__summary">{esc(snippet.summary)}</p>')
    parts.append(json_data(data, "hb-snippet__data"))
    parts.append(_fields(snippet, anchor))
    parts.append(_tabs(snippet, anchor))
    # On the snippet's own page a link to itself would be noise.
    permalink = ("" if url in ("./", "") else
                 f'<a class="hb-snippet__permalink" href="{esc(url)}">Snippet page</a>')
    parts.append(
        '<div class="hb-snippet__actions" data-search-exclude>'
        '<button type="button" class="md-button md-button--primary hb-snippet__copy">'
        "Copy reply</button>"
        '<button type="button" class="md-button hb-snippet__copy-link">Copy link</button>'
        f"{permalink}"
        '<span class="hb-snippet__status" role="status" aria-live="polite"></span>'
        "</div>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def _fields(snippet: Snippet, anchor: str) -> str:
    if not snippet.placeholders:
        return ""
    rows = []
    for name, ph in snippet.placeholders.items():
        field_id = f"{anchor}-ph-{name}"
        rows.append(
            f'<label class="hb-snippet__field" for="{esc(field_id)}">'
            f'<span class="hb-snippet__label">{esc(ph.label)}</span>'
            f'<input type="text" id="{esc(field_id)}" data-ph="{esc(name)}" '
            f'placeholder="{esc(ph.fallback)}" autocomplete="off"></label>'
        )
    return ('<fieldset class="hb-snippet__fields" data-search-exclude>'
            "<legend>Fill in the details</legend>" + "".join(rows) + "</fieldset>")


def _tabs(snippet: Snippet, anchor: str) -> str:
    """Variants in pymdownx.tabbed's alternate-style markup, so Material styles them."""
    channels = list(snippet.variants)
    group = f"__tabbed_{anchor}"
    inputs = "".join(
        f'<input{" checked" if i == 0 else ""} id="{esc(group)}_{i + 1}" name="{esc(group)}" '
        f'type="radio" data-channel="{ch}">'
        for i, ch in enumerate(channels)
    )
    labels = "".join(
        f'<label for="{esc(group)}_{i + 1}">{CHANNEL_LABELS[ch]}</label>'
        for i, ch in enumerate(channels)
    )
    blocks = "".join(
        f'<div class="tabbed-block"><div class="hb-snippet__text" data-channel="{ch}">'
        f"{variant_html(snippet, ch)}</div></div>"
        for ch in channels
    )
    return (f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{len(channels)}">'
            f'{inputs}<div class="tabbed-labels" data-search-exclude>{labels}</div>'
            f'<div class="tabbed-content">{blocks}</div></div>')
