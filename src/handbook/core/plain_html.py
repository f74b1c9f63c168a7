"""Inline HTML so plain that neither the HTML policy nor the headings can be affected by it.

`Press <kbd>Ctrl</kbd>` or `<abbr title="Service level">SLA</abbr>` is text the policy accepts
and Markdown passes on whole; a page holding only such tags needs neither rendering for the
HTML check (rendered_check.py) nor for its heading anchors (markdown_scan.py). Anything else
(another tag, an id, an attribute that could be refused, a tag left open or closed across a
line) answers False, and the page is rendered as before.
"""

from __future__ import annotations

import re

# Inline elements a page may hold as they are, with the attributes that can't be refused.
_PLAIN_INLINE = frozenset({"kbd", "mark", "abbr", "sub", "sup", "small", "strong", "em", "b",
                           "i", "u", "s", "del", "ins", "q", "cite", "dfn", "span"})
# Void elements that are plain anywhere in text: a line break, a word-break opportunity.
_PLAIN_VOID = frozenset({"br", "wbr"})
_PLAIN_ATTRIBUTE = frozenset({"class", "title", "lang"})
_TAG_RE = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9]*)"""
                     r"""((?:\s+[a-z]+\s*=\s*(?:"[^"<>{}]*"|'[^'<>{}]*'))*)\s*(/?)>""")
_ATTRIBUTE_NAME_RE = re.compile(r"\s([a-z]+)\s*=")


def plainly_fine_html(body: str) -> bool:
    """Whether every '<' in `body` starts one of a few plain inline tags, with plain
    attributes, each closed in order on its own line, or a `<br>` / `<wbr>`: text the policy
    accepts and Markdown passes on whole, so rendering the page would find nothing. A page
    with `Press <kbd>Ctrl</kbd>` on it is then checked in microseconds, not milliseconds."""
    if body.count("<") > 50:
        return False
    open_tags: list[str] = []
    pos = 0
    for found in _TAG_RE.finditer(body):
        if "<" in body[pos:found.start()]:
            return False  # a '<' that starts no plain tag
        closing, name, attributes = found.group(1), found.group(2).lower(), found.group(3)
        void, slash = name in _PLAIN_VOID, found.group(4)
        if (name not in _PLAIN_INLINE and not void) or (closing and (attributes or void)) or (
                slash and not void) or any(
                a not in _PLAIN_ATTRIBUTE for a in _ATTRIBUTE_NAME_RE.findall(attributes)):
            return False
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False
        elif void:
            pass  # nothing to close
        elif "\n" in body[found.end():body.find(f"</{name}", found.end()) + 1 or None]:
            return False  # its end tag is not on the same line (or missing)
        else:
            open_tags.append(name)
        pos = found.end()
    return not open_tags and "<" not in body[pos:]
