"""Syntax of other documentation tools that Markdown here shows as plain text: Hugo shortcodes,
GitHub alerts and Docusaurus admonitions. Pages moved from those tools carry them; the build
prints them literally, so `handbook check` warns and names Material's equivalent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_scan import NotProse

_HUGO_RE = re.compile(r"\{\{[<%]")
# At the start of a quote, also one inside a list item, an admonition or another quote (what
# is indented code there is ruled out by NotProse).
_GITHUB_ALERT_RE = re.compile(r"(?m)^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:>[ \t]?)+[ \t]*"
                              r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
_DOCUSAURUS_RE = re.compile(r"(?m)^[ \t]{0,3}:::[ \t]*(note|tip|info|warning|danger|caution)\b",
                            re.IGNORECASE)
# GitHub's alert kinds and Docusaurus' admonitions as Material's admonition types.
_ADMONITION = {"note": "note", "tip": "tip", "important": "info", "info": "info",
               "warning": "warning", "caution": "warning", "danger": "danger"}


@dataclass(frozen=True)
class Foreign:
    offset: int
    message: str
    hint: str


def find(body: str) -> list[Foreign]:
    """Every piece of other tools' syntax outside code, by offset in `body`."""
    if "[!" not in body and ":::" not in body and "{{<" not in body and "{{%" not in body:
        return []  # almost every page, ruled out at C speed
    regions = NotProse(body)
    out: list[Foreign] = []
    for match in _HUGO_RE.finditer(body):
        if not regions.holds(match.start()):
            end = body.find("}}", match.end())
            text = body[match.start(): end + 2 if 0 <= end < match.start() + 80 else
                        match.start() + 20]
            out.append(Foreign(match.start(), f"'{text}' is a Hugo shortcode: it is shown as "
                               "written", "use the handbook's macros, e.g. {{ snippet(\"id\") }}, "
                               "or put it in backticks to show it as code"))
    for match in _GITHUB_ALERT_RE.finditer(body):
        if not regions.holds(match.start(1) - 2):
            kind = _ADMONITION[match.group(1).lower()]
            out.append(Foreign(match.start(), f"'[!{match.group(1)}]' is a GitHub alert: here "
                               "it is shown as a quote", f"write an admonition: '!!! {kind}' "
                               "and the text indented by four spaces below it"))
    for match in _DOCUSAURUS_RE.finditer(body):
        if not regions.holds(match.start()):
            kind = _ADMONITION[match.group(1).lower()]
            out.append(Foreign(match.start(), f"':::{match.group(1)}' is a Docusaurus "
                               "admonition: here it is shown as text", f"write '!!! {kind}' and "
                               "the text indented by four spaces below it, without the closing "
                               "':::'"))
    return sorted(out, key=lambda f: f.offset)
