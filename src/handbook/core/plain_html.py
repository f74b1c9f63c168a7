"""Inline HTML so plain that neither the HTML policy nor the headings can be affected by it.

`Press <kbd>Ctrl</kbd>` or `<abbr title="Service level">SLA</abbr>` is text the policy accepts
and Markdown passes on whole; a page holding only such tags needs neither rendering for the
HTML check (rendered_check.py) nor for its heading anchors (markdown_scan.py). Anything else
(another tag, an id, an attribute that could be refused, a tag left open or closed across a
line) answers False, and the page is rendered as before.
"""

from __future__ import annotations

import re

from .html_policy import attribute_problem

# Inline elements a page may hold as they are, with the attributes that can't be refused.
_PLAIN_INLINE = frozenset({"kbd", "mark", "abbr", "sub", "sup", "small", "strong", "em", "b",
                           "i", "u", "s", "del", "ins", "q", "cite", "dfn", "span"})
# Void elements that are plain anywhere in text: a line break, a word-break opportunity.
_PLAIN_VOID = frozenset({"br", "wbr"})
_PLAIN_ATTRIBUTE = frozenset({"class", "title", "lang"})
# Links and images, with the attributes that set no anchor: plain when the policy accepts each
# value (html_policy.attribute_problem, as the build's sanitizer judges it) and an image has
# its source (without one it is a tag-name placeholder: tag_balance.py).
_ADDRESSED = {"a": frozenset({"href", "title", "class", "lang"}),
              "img": frozenset({"src", "alt", "title", "width", "height", "class", "lang"})}
_ATTRIBUTE_RE = re.compile(r"""\s([a-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Inline Markdown inside a plain element that could open or close outside it (`**<kbd>a**
# b</kbd>`): the rendered elements would cross, and the tag check must see the rendering.
_CROSSING_RE = re.compile(r"[*_`\[\]]|~~|==|\^\^|\+\+")
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
        void, slash = name in _PLAIN_VOID or name == "img", found.group(4)
        if (closing and (attributes or void)) or (slash and not void) or not (
                closing or _plain_attributes(name, attributes)):
            return False
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False
        elif void:
            pass  # nothing to close
        elif ("\n" in (inner := body[found.end():body.find(f"</{name}", found.end()) + 1
                                     or None]) or _CROSSING_RE.search(inner)):
            return False  # its end tag is not on the same line (or missing), or Markdown
        else:             # inside it could cross it
            open_tags.append(name)
        pos = found.end()
    return not open_tags and "<" not in body[pos:]


def _plain_attributes(name: str, attributes: str) -> bool:
    """Whether a start tag `<name attributes>` is one of the plain ones: an inline element or
    a line break with plain attributes, or a link or an image whose every attribute the
    policy accepts as written (no character reference for the browser to decode)."""
    if name in _PLAIN_INLINE or name in _PLAIN_VOID:
        return all(a in _PLAIN_ATTRIBUTE for a in _ATTRIBUTE_NAME_RE.findall(attributes))
    allowed = _ADDRESSED.get(name)
    if allowed is None:
        return False
    found = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
             for m in _ATTRIBUTE_RE.finditer(attributes)}
    return (len(found) == len(_ATTRIBUTE_NAME_RE.findall(attributes))  # none repeated
            and (name != "img" or "src" in found)
            and all(key in allowed and "&" not in value and "\\" not in value
                    and attribute_problem(name, key, value) is None
                    for key, value in found.items()))
