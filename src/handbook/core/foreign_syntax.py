"""Syntax of other documentation tools that Markdown here shows as plain text: Hugo shortcodes,
GitHub alerts, Docusaurus and MyST admonitions and GitBook hints. Pages moved from those tools
carry them; the build prints them literally, so `handbook check` warns and names Material's
equivalent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .char_search import holds
from .markdown_scan import NotProse

_HUGO_RE = re.compile(r"\{\{[<%]")
# At the start of a quote, also one inside a list item, an admonition or another quote (what
# is indented code there is ruled out by NotProse).
_GITHUB_ALERT_RE = re.compile(r"(?m)^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:>[ \t]?)+[ \t]*"
                              r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
_DOCUSAURUS_RE = re.compile(r"(?m)^[ \t]{0,3}:::[ \t]*(note|tip|info|warning|danger|caution)\b",
                            re.IGNORECASE)
# MyST's admonition directives (https://mystmd.org/guide/admonitions), fenced with colons.
_MYST_RE = re.compile(r"(?m)^[ \t]{0,3}:{3,}[ \t]*\{(note|tip|important|warning|caution|danger|"
                      r"attention|hint|error|seealso|admonition)\}", re.IGNORECASE)
# GitBook's hint block (https://gitbook.com/docs/creating-content/blocks/hint).
_GITBOOK_RE = re.compile(r"""\{%-?[ \t]*hint[ \t]+style=["']?(info|success|warning|danger)""")
# Hugo themes' admonition shortcodes: {{% notice tip %}}, {{< hint warning >}}, {{< alert >}}.
_HUGO_NOTE_RE = re.compile(r"\{\{[<%][ \t]*(/?)(?:notice|hint|alert|callout|admonition)\b"
                           r"""(?:[ \t]+(?:type=)?["']?(\w+))?""")
# Admonition blocks of other tools: (pattern, what it is, given the kind, its closing line).
# Each with what a page must hold for it to be looked for.
_BLOCKS = ((":::", _DOCUSAURUS_RE, "':::{}' is a Docusaurus admonition", "the closing ':::'"),
           (":::", _MYST_RE, "':::{{{}}}' is a MyST admonition", "the closing ':::'"),
           ("hint", _GITBOOK_RE, "'{{% hint %}}' is a GitBook hint ({})", "'{% endhint %}'"))
# Other tools' admonition kinds as Material's admonition types.
_ADMONITION = {"note": "note", "tip": "tip", "important": "info", "info": "info",
               "warning": "warning", "caution": "warning", "danger": "danger",
               "attention": "warning", "hint": "tip", "error": "failure", "seealso": "info",
               "admonition": "note", "success": "success"}


@dataclass(frozen=True)
class Foreign:
    offset: int
    message: str
    hint: str


def find(body: str) -> list[Foreign]:
    """Every piece of other tools' syntax outside code, by offset in `body`."""
    if not _may_hold(body):
        return []  # almost every page
    regions = NotProse(body)
    out: list[Foreign] = []
    for match in _HUGO_RE.finditer(body):
        if not regions.holds(match.start()):
            end = body.find("}}", match.end())
            text = body[match.start(): end + 2 if 0 <= end < match.start() + 80 else
                        match.start() + 20]
            out.append(Foreign(match.start(), f"'{text}' is a Hugo shortcode: it is shown as "
                               "written", _hugo_hint(body, match.start())))
    for match in _GITHUB_ALERT_RE.finditer(body):
        if not regions.holds(match.start(1) - 2):
            kind = _ADMONITION[match.group(1).lower()]
            out.append(Foreign(match.start(), f"'[!{match.group(1)}]' is a GitHub alert: here "
                               "it is shown as a quote", f"write an admonition: '!!! {kind}' "
                               "and the text indented by four spaces below it"))
    for needle, regex, what, closing in _BLOCKS:
        for match in regex.finditer(body) if needle in body else ():
            if not regions.holds(match.start()):
                kind = _ADMONITION[match.group(1).lower()]
                out.append(Foreign(match.start(), what.format(match.group(1)) + ": here it is "
                                   "shown as text", f"write '!!! {kind}' and the text indented "
                                   f"by four spaces below it, without {closing}"))
    return sorted(out, key=lambda f: f.offset)


def _may_hold(body: str) -> bool:
    """Whether `body` holds what one of the patterns above needs: '[!' (a GitHub alert),
    ':::' (a Docusaurus or MyST admonition), '{{<' or '{{%' (a Hugo shortcode) or 'hint'
    (GitBook's hint). Looked for by their rarest character (char_search: 2,000 pages, some
    40 ms less than five searches of the whole page)."""
    return (holds(body, "[!", 1) or holds(body, ":::") or holds(body, "{{<", 2)
            or holds(body, "{{%", 2) or "hint" in body)


def _hugo_hint(body: str, start: int) -> str:
    """The fix for the Hugo shortcode at `start`: Material's admonition for a theme's
    admonition shortcode (its end: nothing), the handbook's macros for any other."""
    note = _HUGO_NOTE_RE.match(body, start)
    if note is None:
        return ("use the handbook's macros, e.g. {{ snippet(\"id\") }}, or put it in "
                "backticks to show it as code")
    if note.group(1):
        return "remove it: an admonition ends where the text indented below it ends"
    kind = _ADMONITION.get((note.group(2) or "note").lower(), "note")
    return f"write an admonition: '!!! {kind}' and the text indented by four spaces below it"
