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
_ATTRIBUTE_RE = re.compile(r"""[ \t]([a-z]+)[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)')""")
# Inline Markdown inside a plain element that could open or close outside it (`**<kbd>a**
# b</kbd>`): the rendered elements would cross, and the tag check must see the rendering. A
# '|' may be a table's cell border, which splits the element across cells.
_CROSSING_RE = re.compile(r"[*_`\[\]|]|~~|==|\^\^|\+\+")
# Markdown that Python-Markdown's inline patterns run before raw HTML is stashed (code spans,
# escapes, links, keys) rewrites an attribute value (`title="[x](y)"` becomes a link inside
# the attribute); a '|' may end a table cell, '&' is a reference the browser decodes.
_ACTIVE_IN_VALUE_RE = re.compile(r"[\[\]`\\|&]|\+\+")
# Only spaces and tabs inside a tag: a line break there can start a quote or a list item
# between the tag's parts, and HTML does not read a no-break space as a space (`</a\xa0>` is no
# end tag of <a>), where Python's \s would.
_TAG_RE = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9]*)"""
                     r"""((?:[ \t]+[a-z]+[ \t]*=[ \t]*(?:"[^"<>{}\n]*"|'[^'<>{}\n]*'))*)"""
                     r"""[ \t]*(/?)>""")
_ATTRIBUTE_NAME_RE = re.compile(r"[ \t]([a-z]+)[ \t]*=")


def plainly_fine_html(body: str) -> bool:
    """Whether every '<' in `body` starts one of a few plain inline tags, with plain
    attributes, each closed in order on its own line, or a `<br>` / `<wbr>`: text the policy
    accepts and Markdown passes on whole, so rendering the page would find nothing. A page
    with `Press <kbd>Ctrl</kbd>` on it is then checked in microseconds, not milliseconds."""
    if body.count("<") > 50:
        return False
    open_tags: list[tuple[str, int]] = []  # name, where its content starts
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
            if not open_tags:
                return False
            opened, start = open_tags.pop()
            inner = body[start:found.start()]
            if opened != name or "\n" in inner or _CROSSING_RE.search(inner):
                return False  # misnested, closed on another line, or Markdown inside could
        elif not void:    # cross it
            open_tags.append((name, found.end()))
        pos = found.end()
    return not open_tags and "<" not in body[pos:]


def _plain_attributes(name: str, attributes: str) -> bool:
    """Whether a start tag `<name attributes>` is one of the plain ones: an inline element or
    a line break with plain attributes, or a link or an image whose every attribute the
    policy accepts as written (no character reference for the browser to decode)."""
    found = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
             for m in _ATTRIBUTE_RE.finditer(attributes)}
    if len(found) != len(_ATTRIBUTE_NAME_RE.findall(attributes)) or any(
            _ACTIVE_IN_VALUE_RE.search(value) for value in found.values()):
        return False  # an attribute repeated, or a value Markdown or the browser rewrites
    if name in _PLAIN_INLINE or name in _PLAIN_VOID:
        return all(key in _PLAIN_ATTRIBUTE for key in found)
    allowed = _ADDRESSED.get(name)
    return allowed is not None and (name != "img" or "src" in found) and all(
        key in allowed and attribute_problem(name, key, value) is None
        for key, value in found.items())
