"""Renders a reply snippet: variants as Material tabs, placeholder fields and copy buttons.

The HTML contract (classes and data attributes) is what docs/assets/handbook.js drives.
"""

from __future__ import annotations

import json
import re
import secrets
from functools import lru_cache
from html import unescape
from typing import Any

from ..core.markdown_policy import (
    inline_links,
    link_refusal,
    link_targets_plainly_fine,
)
from ..core.models import PLACEHOLDER_USE_RE, Snippet
from ..core.url_policy import link_problem, resource_problem, shown
from .html_util import esc, overdue_note

CHANNEL_LABELS = {"email": "Email", "chat": "Chat", "social": "Social"}
# Stands for a placeholder while Markdown renders the text. The random part (new in every
# process) keeps a reply that holds the same letters from being read as one.
_NONCE = secrets.token_hex(6)
_TOKEN = "hbph" + _NONCE + "n{}x"
_TOKEN_RE = re.compile(f"hbph{_NONCE}n(\\d+)x")


# A link or image the renderer took out of a variant: (kind, url as written, reason).
Refused = tuple[str, str, str]
NO_IMAGES = "a reply can't carry an image"


@lru_cache(maxsize=1)
def _md() -> Any:
    """The one Markdown instance for variants: light Markdown, and the link policy for
    snippets (links only as url_policy allows; no images at all: a reply pasted into a
    helpdesk can't carry one). A refused link becomes its text, a refused image its alt
    text; what was refused is kept in `md.refused` for `handbook check`."""
    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class LinkPolicy(Treeprocessor):
        def run(self, root: Any) -> None:
            found = [(parent, child) for parent in root.iter() for child in parent
                     if child.tag in ("a", "img")]
            for parent, child in reversed(found):  # inner elements first
                refused = _refusal(child)
                if refused:
                    self.md.refused.append(refused)
                    if child.tag == "img":
                        child.text = child.get("alt", "")
                    _unwrap(parent, child)

    class SnippetLinks(Extension):
        def extendMarkdown(self, md: Any) -> None:
            # After every other tree processor: the links and images are final.
            md.treeprocessors.register(LinkPolicy(md), "handbook_link_policy", -10)

    md = markdown.Markdown(extensions=["nl2br", "sane_lists", SnippetLinks()])
    md.refused = []
    return md


def _refusal(element: Any) -> Refused | None:
    if element.tag == "img":
        src = element.get("src", "")
        return "image", unescape(src), resource_problem(src, decode=True) or NO_IMAGES
    href = element.get("href")
    if href is None:
        return None
    # As the browser reads the attribute, and as the author wrote it (the text was escaped
    # once before Markdown): an entity-dressed javascript: link is refused either way.
    url = unescape(href)
    reason = link_problem(href, decode=True) or reply_link_refusal(url)
    return ("link", url, reason) if reason else None


# A reply is sent from the helpdesk and read in a mail client or chat window: only a full
# address leads anywhere from there (a link relative to the handbook page is a dead link in
# the ticket, and on each page that shows the snippet it would resolve differently).
_FULL_ADDRESS_RE = re.compile(r"^\s*(?:https?://|mailto:|tel:)", re.IGNORECASE)
NOT_FULL_ADDRESS = ("a reply is read in the customer's mail or chat, where only a full "
                    "https://, mailto: or tel: address leads anywhere")


def reply_link_refusal(url: str) -> str | None:
    """Why a link target is refused in a reply, or None: the link policy of every page, and
    a full address only."""
    reason = link_refusal(url)
    if reason is None and not _FULL_ADDRESS_RE.match(url):
        reason = NOT_FULL_ADDRESS
    return reason


def _unwrap(parent: Any, child: Any) -> None:
    """Replaces `child` by its text and children, keeping what follows it."""
    index = list(parent).index(child)
    before = parent[index - 1] if index else None

    def add_text(after: Any, text: str) -> None:
        if not text:
            return
        if after is None:
            parent.text = (parent.text or "") + text
        else:
            after.tail = (after.tail or "") + text

    add_text(before, child.text or "")
    kids = list(child)
    parent.remove(child)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    add_text(kids[-1] if kids else before, child.tail or "")


def _render(source: str) -> tuple[str, list[Refused]]:
    """`source` (placeholders already tokens) as HTML, and what the link policy refused."""
    md = _md()
    md.reset()
    md.refused = []
    html = md.convert(esc(source).replace("&quot;", '"').replace("&#x27;", "'"))
    return html, md.refused


def _tokens(text: str) -> tuple[str, list[str]]:
    names: list[str] = []

    def token(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return _TOKEN.format(len(names) - 1)

    return PLACEHOLDER_USE_RE.sub(token, text), names


def variant_html(snippet: Snippet, channel: str) -> str:
    """Light Markdown to HTML; raw HTML in the text is escaped and shown as text, and links
    and images are held to the link policy (see _md)."""
    source, names = _tokens(snippet.variants[channel])
    rendered, _refused = _render(source)

    def span(match: re.Match[str]) -> str:
        name = names[int(match.group(1))]
        label = snippet.placeholders[name].label if name in snippet.placeholders else name
        return f'<var data-ph="{esc(name)}">{esc(label)}</var>'

    return _TOKEN_RE.sub(span, rendered)


def variant_problems(text: str) -> list[tuple[int, str, str]]:
    """(offset in `text`, problem, hint) for each link or image the renderer would refuse,
    found by rendering the variant exactly as the site does. Text without a link target
    that could be refused is not rendered (that keeps `handbook check` fast)."""
    if link_targets_plainly_fine(text, relative=False):
        return []
    source, names = _tokens(text)
    _html, refused = _render(source)
    out = []
    for kind, url, reason in refused:
        url = _TOKEN_RE.sub(lambda m: f"[[{names[int(m.group(1))]}]]", url)
        found = text.find(url) if url else -1
        offset = found if found >= 0 else max(text.find("![" if kind == "image" else "]"), 0)
        if kind == "image":
            out.append((offset, f"holds an image ('{shown(url)}'): {reason}",
                        "remove it; to point at a file, link to it: [text](https://…)"))
        else:
            out.append((offset, f"links to '{shown(url)}', which is not allowed: {reason}",
                        "link to an http(s) address, mailto: or tel:"))
    return sorted(out)


def without_refused_links(text: str) -> str:
    """A variant's Markdown with every link target the renderer would refuse taken out (the
    link's text stays), every image replaced by its alt text and every refused reference
    definition removed: what the exports may carry, even for a snippet `check` rejects."""
    if link_targets_plainly_fine(text, relative=False):
        return text
    while True:
        for start, end, label, href, image in inline_links(text):
            if image or reply_link_refusal(href):
                text = text[:start] + label + text[end:]
                break
        else:
            break
    return _REFERENCE_LINE_RE.sub(
        lambda m: "" if reply_link_refusal(m.group(1)) else m.group(0), text)


# A reference definition, also inside a quote (`> [x]: /account`).
_REFERENCE_LINE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*\[[^\[\]]*\]:[ \t]*<?([^\s>]*)>?[^\n]*\n?",
                                re.MULTILINE)


def plain_text(text: str) -> str:
    """A variant as plain text for the help-desk exports: light Markdown markers removed,
    placeholders kept. handbook.js's Copy reply derives the same text from the rendered
    variant; a browser test holds the two together for every shipped snippet. Links and
    images the renderer refuses are dropped here too (without_refused_links)."""
    text = without_refused_links(text)
    # A backslash escape is its character as written (Markdown's escapable ones): held aside
    # while the markers go, so `10\*OFF\*` stays 10*OFF*.
    escaped: list[str] = []
    text = _ESCAPE_RE.sub(
        lambda m: escaped.append(m.group(1)) or f"\ue002{len(escaped) - 1}\ue003", text)
    text = re.sub(r"\[([^\]\[]+)\]\(([^)\s]+)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub("\ue002(\\d+)\ue003", lambda m: escaped[int(m.group(1))], text)
    return text.strip() + "\n"


_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


TAB_GROUP = "\x00tabs\x00"  # stands for the tab group's name until macros_env numbers it


def render_snippet(snippet: Snippet, url: str, *, heading: int = 3, instance: int = 1,
                   tab_group: str = "", overdue_since: str = "", collapsed: bool = False) -> str:
    """The snippet block. `url` is the snippet page's URL relative to the current page;
    `tab_group` names the variant tabs (unique in the page; by default from the anchor);
    `overdue_since` the ISO date its review was due, when that has passed (a badge says so
    wherever the block is shown but on its own page, whose header says it); `collapsed`: only
    the title shows until the agent opens it (handbook.js; without JavaScript the whole block
    shows; on paper, what shows on screen). A second showing of the same snippet on a page is
    marked, so a printed page carries each reply once.

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
    # Name -> [label, fallback, required], for the fields handbook.js builds.
    placeholders = {n: [p.label, p.fallback or "", p.required]
                    for n, p in snippet.placeholders.items()}
    # On its own page the page's title is the snippet's: the block names it once more only
    # for screen readers, and keeps its anchor on the block.
    title_class = "hb-snippet__title" + (" hb-visually-hidden" if own_page else "")
    classes = "hb-snippet" + " hb-snippet--collapsible" * collapsed + " hb-snippet--repeat" * (
        instance > 1)
    lang = f' lang="{esc(snippet.language)}"' if snippet.language else ""
    parts = [
        f'<div class="{classes}" data-snippet="{esc(sid)}"{lang} '
        f"data-placeholders='{_attr_json(placeholders)}'>",
        f'<h{level} class="{title_class}" id="{esc(anchor)}">{esc(snippet.title)}'
        f'<a class="headerlink" href="#{esc(anchor)}" title="Link to this snippet">&para;</a>'
        f"</h{level}>",
    ]
    if overdue_since and not own_page:
        parts.append(overdue_note("reply", overdue_since, snippet.owner))
    if snippet.summary:
        parts.append(f'<p class="hb-snippet__summary">{esc(snippet.summary)}</p>')
    parts += _helpdesk_lines(snippet)
    if own_page and snippet.when_to_use:
        parts.append('<p class="hb-snippet__when"><strong>When to use:</strong> '
                     f"{esc(snippet.when_to_use)}</p>")
    # Search finds a reply's text on its own page, not again on every page that shows it.
    parts.append(_tabs(snippet, tab_group or anchor, searchable=own_page))
    # On the snippet's own page a link to itself would be noise.
    permalink = ("" if own_page else
                 f'<a class="hb-snippet__permalink" href="{esc(url)}">Snippet page</a>')
    parts.append(f'<div class="hb-snippet__actions" data-search-exclude>{permalink}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _helpdesk_lines(snippet: Snippet) -> list[str]:
    """An internal note says so before its text (Copy works on it as on any reply), and a
    subject is shown as the helpdesk will set it."""
    out = []
    if snippet.zendesk is not None and not snippet.zendesk.public:
        out.append('<p class="hb-snippet__internal" role="note"><strong>Internal note:</strong> '
                   "for the team, not the customer; the helpdesk adds it as an internal "
                   "note</p>")
    if snippet.subject:
        out.append('<p class="hb-snippet__subject"><strong>Subject:</strong> '
                   f'<span class="hb-snippet__subject-text">{subject_html(snippet)}</span></p>')
    return out


def subject_html(snippet: Snippet) -> str:
    """The subject, escaped, each declared placeholder a `<var data-ph>` as in the variants,
    so handbook.js fills it in from the same fields (and Copy reply copies it with the email
    reply); without JavaScript it shows the placeholder's label."""
    parts = PLACEHOLDER_USE_RE.split(snippet.subject or "")  # text, name, text, ..., text
    return "".join(
        esc(part) if i % 2 == 0 else
        f'<var data-ph="{esc(part)}">{esc(snippet.placeholders[part].label)}</var>'
        if part in snippet.placeholders else esc(f"[[{part}]]")
        for i, part in enumerate(parts))


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
