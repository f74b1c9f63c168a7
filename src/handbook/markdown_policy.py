"""`handbook check`'s half of the HTML and URL policy: finds, in a page's Markdown source,
what the build would have to remove from its HTML (see html_policy.py for the policy).

It reads the source, not rendered HTML, so each problem has its line and column, and it
costs no Markdown rendering: raw HTML tags (through html_policy.scan_html), link and image
targets `[x](url)` / `![x](url)`, reference definitions `[id]: url`, autolinks `<…>` and
attribute lists `{: key=value }`, everywhere outside code (fenced blocks, inline code and
indented code blocks). Pages without '<', '](', ']:' or '{' are not read at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

from .html_policy import (
    GLOBAL_ATTRIBUTES,
    LINK_HINT,
    RESOURCE_HINT,
    TAG_ATTRIBUTES,
    Violation,
    attribute_problem,
    scan_html,
)
from .markdown_scan import code_spans, indented_code_spans, inside
from .url_policy import link_problem, resource_problem, shown, srcset_problem

# Python-Markdown's own autolink and automail patterns: these <…> become links.
_AUTOLINK_RE = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
_AUTOMAIL_RE = re.compile(r"<([^<> !]+@[^@<> ]+)>")
# <scheme:…>: Markdown makes no link of it (unless it is an e-mail address) but passes it on
# as an unknown HTML tag.
_SCHEME_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>")
_REFERENCE_RE = re.compile(r"^[ \t]*\[([^\[\]]*)\]:[ \t]*(?:\n[ \t]*)?(\S+)", re.MULTILINE)
_IMAGE_REFERENCE_RE = re.compile(r"!\[([^\[\]]*)\](?:[ ]?(?:\n[ ]*)?\[([^\[\]]*)\])?(?![(\[])")
# A target that needs no closer look: relative (no scheme, not //host), or a web, mail or
# phone address when it is not an image's; nothing Markdown would unescape or the browser
# decode; an optional title.
_RELATIVE = r"(?![/\\]{2})[^\s()<>\\&:]*"
_WEB = r"(?:[Hh][Tt][Tt][Pp][Ss]?:|[Mm][Aa][Ii][Ll][Tt][Oo]:|[Tt][Ee][Ll]:)[^\s()<>\\&]*"
_TITLE = r"""(?:[ ]+(?:"[^"\n]*"|'[^'\n]*'))?"""
_RELATIVE_TARGET_RE = re.compile(rf"{_RELATIVE}{_TITLE}\)")
_WEB_TARGET_RE = re.compile(rf"{_WEB}{_TITLE}\)")
_PLAIN_RELATIVE_RE = re.compile(r"([\w./#-]+)\)")
_TITLE_RE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""", re.DOTALL)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:|<>=~^&])")
# { … } or {: … }, not Jinja's {{ … }} or {% … %}.
_ATTR_LIST_RE = re.compile(r"\{(?!\{)(:?)[ \t]*([^{}\n]*?)[ \t]*\}(?!\})")
# attr_list's own scanner, token by token.
_ATTR_TOKEN_RE = re.compile(
    r"""([^ =}]+)="(.*?)"|([^ =}]+)='(.*?)'|([^ =}]+)=([^ =}]+)|([^ =}]+)|\s+""")
_INLINE_END = frozenset(")]*_`=~^+>")
# Anything an attribute list may set (the tag it lands on is not known here).
_ATTR_LIST_ALLOWED = GLOBAL_ATTRIBUTES | frozenset().union(*TAG_ATTRIBUTES.values())

Problem = tuple[int, int, str, str]  # line, col, message, hint


def page_problems(body: str, first_line: int = 1) -> list[Problem]:
    """(line, col, message, hint) of every policy violation in a page's Markdown body;
    `first_line` is the file line the body starts on."""
    scan = _Scan(body)
    found: list[Violation] = []
    if "<" in body:
        found += scan.autolinks()
        found += scan_html(body, skip=scan.not_markup)
    if "]" in body:
        found += scan.brackets()
    if "{" in body:
        found += scan.attribute_lists()
    if not found:
        return []
    unique = sorted({(v.offset, v.message): v for v in found}.values(), key=lambda v: v.offset)
    return [(*scan.position(v.offset, first_line), v.message, v.hint) for v in unique]


def link_targets(body: str) -> list[tuple[int, str, bool]]:
    """(offset, target, is an image) of every inline link and image outside code, as written
    (backslash escapes undone); what MkDocs checks against the site's files."""
    if "](" not in body:
        return []
    scan = _Scan(body)
    out = []
    pos = body.find("](")
    while pos >= 0:
        opening = -1 if _escaped(body, pos) else _open_bracket(body, pos)
        if opening >= 0 and not scan.in_code(pos):
            image = opening > 0 and body[opening - 1] == "!" and not _escaped(body, opening - 1)
            plain = _PLAIN_RELATIVE_RE.match(body, pos + 2)
            if plain:  # the usual `](other-page.md)`: nothing to unescape or decode
                out.append((pos + 2, plain.group(1), image))
            else:
                start, target, _end = _destination(body, pos + 2)
                out.append((start, _MD_ESCAPE_RE.sub(r"\1", target), image))
        pos = body.find("](", pos + 2)
    return out


class _Scan:
    def __init__(self, body: str) -> None:
        self.body = body
        self._code: list[tuple[int, int]] | None = None
        self._indented: list[tuple[int, int]] | None = None
        self.autolinked: set[int] = set()

    # -- where code is ---------------------------------------------------------------------
    def in_code(self, pos: int) -> bool:
        if self._code is None:
            self._code = code_spans(self.body)
        if inside(pos, self._code):
            return True
        line_start = self.body.rfind("\n", 0, pos) + 1
        if not self.body.startswith(("    ", "\t", " \t", "  \t", "   \t"), line_start):
            return False
        if self._indented is None:
            self._indented = indented_code_spans(self.body)
        return inside(pos, self._indented)

    def not_markup(self, pos: int) -> bool:
        """For scan_html: a '<' that Markdown does not pass on as HTML."""
        body = self.body
        return (pos in self.autolinked or _escaped(body, pos) or self.in_code(pos)
                or self._bracketed_target(pos))

    def _bracketed_target(self, pos: int) -> bool:
        """[x](<url>) and [id]: <url>: a link target in angle brackets, judged as a link."""
        before = self.body[max(0, pos - 40):pos].rstrip(" \t\n")
        return before.endswith("](") or (before.endswith("]:")
                                         and _line_start_ref(self.body, pos))

    def position(self, offset: int, first_line: int) -> tuple[int, int]:
        line = self.body.count("\n", 0, offset) + first_line
        col = offset - (self.body.rfind("\n", 0, offset) + 1) + 1
        return line, col

    # -- <…> --------------------------------------------------------------------------------
    def autolinks(self) -> list[Violation]:
        out = []
        body = self.body
        pos = body.find("<")
        while pos >= 0:
            auto = _AUTOLINK_RE.match(body, pos) or _AUTOMAIL_RE.match(body, pos)
            other = None if auto else _SCHEME_TAG_RE.match(body, pos)
            if ((auto or other) and not self.in_code(pos) and not _escaped(body, pos)
                    and not self._bracketed_target(pos)):
                self.autolinked.add(pos)
                if auto and auto.re is _AUTOLINK_RE:
                    out += _link(pos + 1, auto.group(1))
                elif other:
                    url = other.group(1)
                    reason = link_problem(url, decode=True)
                    if reason:
                        out += _link(pos + 1, url)
                    else:
                        out.append(Violation(pos, f"'<{shown(url)}>' is not a link: only "
                                             "<https://…> and <name@example.com> become links",
                                             f"write [text]({shown(url)})"))
            pos = body.find("<", pos + 1)
        return out

    # -- [x](url), ![x](url) and [id]: url -------------------------------------------------
    def brackets(self) -> list[Violation]:
        """Every ']' (found at C speed) that ends link text followed by a target, or a
        reference id followed by ':'. Most targets are plainly fine and need no more."""
        out: list[Violation] = []
        body = self.body
        references = False
        pos = body.find("]")
        while pos >= 0:
            after = body[pos + 1:pos + 2]
            if (after == "(" and not _RELATIVE_TARGET_RE.match(body, pos + 2)
                    and _open_bracket(body, pos) >= 0):  # no '[': no link, just text
                web = _WEB_TARGET_RE.match(body, pos + 2) is not None
                if not (web and not _is_image(body, pos)):
                    out += self._target(pos)
            elif after == ":":
                references = True
            pos = body.find("]", pos + 1)
        if references:
            out += self.references()
        return out

    def _target(self, close: int) -> list[Violation]:
        body = self.body
        if self.in_code(close) or _escaped(body, close):
            return []
        start, href, _end = _destination(body, close + 2)
        return _image(start, href) if _is_image(body, close) else _link(start, href)

    # -- [id]: url, and the images that use one ----------------------------------------------
    def references(self) -> list[Violation]:
        out = []
        defs: dict[str, tuple[int, str]] = {}
        for match in _REFERENCE_RE.finditer(self.body):
            if self.in_code(match.start(2)):
                continue
            url = match.group(2)
            start = match.start(2)
            if url.startswith("<"):
                url, start = url[1:], start + 1
            url = url.removesuffix(">")
            defs.setdefault(match.group(1).strip().lower(), (start, url))
            out += _link(start, url)
        if defs and "![" in self.body:
            for match in _IMAGE_REFERENCE_RE.finditer(self.body):
                ref = (match.group(2) or match.group(1)).strip().lower()
                if ref in defs and not self.in_code(match.start()):
                    url = defs[ref][1]
                    out += _image(match.start(), url)
        return out

    # -- {: key=value } ----------------------------------------------------------------------
    def attribute_lists(self) -> list[Violation]:
        out = []
        body = self.body
        pos = body.find("{")  # at C speed; skipping Jinja's {{ and {%
        while pos >= 0:
            if body.startswith("{{", pos):
                pos = body.find("{", pos + 2)
                continue
            match = _ATTR_LIST_RE.match(body, pos)
            pos = body.find("{", pos + 1)
            if match is None or not self._attr_list_applies(match):
                continue
            if self.in_code(match.start()) or _escaped(body, match.start()):
                continue
            if _vanishes(match.group(2)):
                out.append(Violation(match.start(), *_vanish_problem(match.group(0))))
                continue
            tokens = [t for t in _ATTR_TOKEN_RE.finditer(match.group(2))
                      if not _harmless_token(t)]
            if not tokens:
                continue
            for token in tokens:
                key = token.group(1) or token.group(3) or token.group(5) or token.group(7)
                value = next((v for v in token.group(2, 4, 6) if v is not None), key)
                if key.startswith("#"):  # {: #id }
                    key, value = "id", key[1:]
                problem = attr_list_problem(key, value)
                if problem:
                    out.append(Violation(match.start(2) + token.start(), *problem))
        return out

    def _attr_list_applies(self, match: re.Match[str]) -> bool:
        """Where Python-Markdown's attr_list reads { … }: on a line of its own, at the end
        of a heading or table cell, or right after an inline element."""
        body = self.body
        line_start = body.rfind("\n", 0, match.start()) + 1
        line_end = body.find("\n", match.end())
        before = body[line_start:match.start()]
        after = body[match.end():len(body) if line_end < 0 else line_end].strip(" \t")
        if not before.strip(" \t") and not after:
            return True
        if before and before[-1] in _INLINE_END:
            return True
        if before and before[-1] in " \t":
            return (not after and before.lstrip(" \t").startswith("#")) or after.startswith("|")
        return False


def _vanishes(content: str) -> bool:
    """Whether `{content}`, where attr_list reads it, is text the author meant to show: a
    bare word that is no attribute, or something that is no attribute syntax at all, such as
    Jinja's `{% endif %}` or `{# note #}`. attr_list turns it into attributes (`<p _ endif>`)
    and the text is gone."""
    for token in _ATTR_TOKEN_RE.finditer(content):
        word = token.group(7)
        if word is None:
            continue
        if word[0] in ".#" and len(word) > 1 and _NAME_RE.match(word[1:]):
            continue
        if word.lower() not in _ATTR_LIST_ALLOWED:
            return True
    return False


_NAME_RE = re.compile(r"^[\w-]+$")


def _vanish_problem(text: str) -> tuple[str, str]:
    return (f"'{text}' is read by Markdown as an attribute list here, so it would vanish from "
            "the page",
            f"to show it as text, put it in backticks or write \\{text}; to set an "
            "attribute, write {: .class } or {: #id }")


def _harmless_token(token: re.Match[str]) -> bool:
    """Whitespace, .class, #id or an attribute allowed with any value (no closer look)."""
    word = token.group(7)
    if word is not None:
        if word.startswith("#"):
            return not word[1:].startswith("__")  # reserved ids: see attribute_problem
        return word[0] == "." or word.lower() in _ATTR_LIST_ALLOWED
    key = token.group(1) or token.group(3) or token.group(5)
    return key is None or (key.lower() in _ATTR_LIST_ALLOWED
                           and key.lower() not in _URL_ATTRIBUTE_TAGS)


def attr_list_problem(key: str, value: str) -> tuple[str, str] | None:
    """(message, hint) if an attribute list may not set `key` to `value`. The element it
    lands on is not known here: a URL attribute is judged as on a link or an image, any
    other attribute must be one the policy allows on some element."""
    name = key.lower()
    tag = _URL_ATTRIBUTE_TAGS.get(name)
    if tag is None:
        if name in _ATTR_LIST_ALLOWED:
            return None
        tag = "div"
    problem = attribute_problem(tag, name, unescape(value) if "&" in value else value)
    if problem is None:
        return None
    message, hint = problem
    return message.replace(f" on <{tag}>", " in an attribute list"), hint


_URL_ATTRIBUTE_TAGS = {"href": "a", "src": "img", "srcset": "img", "poster": "video"}


def _link(start: int, url: str) -> list[Violation]:
    reason = link_refusal(url)
    if reason:
        return [Violation(start, f"link to '{shown(url)}' is not allowed: {reason}", LINK_HINT)]
    return []


def _image(start: int, url: str) -> list[Violation]:
    for candidate in _forms(url):
        reason = (srcset_problem if "," in candidate and " " in candidate else
                  resource_problem)(candidate, decode=True)
        if reason:
            return [Violation(start, f"image '{shown(url)}' is not allowed: {reason}",
                              RESOURCE_HINT)]
    return []


def link_refusal(url: str) -> str | None:
    """Why a link target as written in Markdown is refused in some reading of it, or None."""
    for candidate in _forms(url):
        reason = link_problem(candidate, decode=True)
        if reason:
            return reason
    return None


def refused_link(url: str) -> bool:
    return link_refusal(url) is not None


def _has_reference(text: str) -> bool:
    """Whether a line of `text` defines a link reference ([id]: url). Tried only at the lines
    that hold ']:' (a multi-line pattern scanned over the whole page was slow)."""
    pos = text.find("]:")
    while pos >= 0:
        if _REFERENCE_RE.match(text, text.rfind("\n", 0, pos) + 1):
            return True
        pos = text.find("]:", pos + 2)
    return False


def link_targets_plainly_fine(text: str) -> bool:
    """True when `text` holds no image, no reference definition and only link targets that
    are relative or web, mail or phone addresses: nothing a link policy could refuse."""
    if "![" in text or ("]:" in text and _has_reference(text)):
        return False
    pos = text.find("](")
    while pos >= 0:
        target = pos + 2
        if not (_RELATIVE_TARGET_RE.match(text, target) or _WEB_TARGET_RE.match(text, target)):
            return False
        pos = text.find("](", target)
    return True


def inline_links(text: str) -> Iterator[tuple[int, int, str, str, bool]]:
    """(start, end, text, target, is_image) of each [text](target) and ![text](target)."""
    pos = text.find("](")
    while pos >= 0:
        start = _open_bracket(text, pos)
        if start >= 0 and not _escaped(text, pos):
            image = start > 0 and text[start - 1] == "!" and not _escaped(text, start - 1)
            _at, href, end = _destination(text, pos + 2)
            yield (start - image, end, text[start + 1:pos], href, image)
        pos = text.find("](", pos + 2)


def _forms(url: str) -> list[str]:
    """The target as written, as Markdown unescapes it, without <…> around it, and its first
    word: judged all, so that no reading of it slips through."""
    forms = [url]
    if url.startswith("<") and url.endswith(">"):
        forms.append(url[1:-1])
    unescaped = _MD_ESCAPE_RE.sub(r"\1", url)
    if unescaped != url:
        forms.append(unescaped)
    first = url.split(None, 1)[0] if url.strip() else url
    if first != url:
        forms.append(first)
    return forms


_TARGET_CHARS_RE = re.compile(r"\\.|[()]|\n\n", re.DOTALL)


def _destination(body: str, pos: int) -> tuple[int, str, int]:
    """(offset, text, end) of the link target that starts at `pos` (just after '](');
    `end` is just after its closing ')', or where reading stopped."""
    size = len(body)
    while pos < size and body[pos] in " \t":
        pos += 1
    if pos < size and body[pos] == "\n":
        pos += 1
        while pos < size and body[pos] in " \t":
            pos += 1
    if pos < size and body[pos] == "<":
        end = body.find(">", pos)
        newline = body.find("\n", pos)
        if end > 0 and (newline < 0 or end < newline):
            close = body.find(")", end)
            return pos + 1, body[pos + 1:end], size if close < 0 else close + 1
    # Jump from one character that matters to the next (at C speed), no further than any
    # real target reaches: a page of thousands of unclosed '(' costs no more than one.
    depth, i, limit = 1, size, min(size, pos + 2048)
    for match in _TARGET_CHARS_RE.finditer(body, pos, limit):
        c = match.group()
        if c == "(":
            depth += 1
            if depth > 8:  # Markdown's own reading gives up long before
                i = match.start()
                break
        elif c == ")":
            depth -= 1
            if depth == 0:
                i = match.start()
                break
        elif c == "\n\n":
            i = match.start()
            break
    else:
        i = limit
    inner = body[pos:i]
    return pos, _TITLE_RE.sub("", inner).strip(), min(i + 1, size)


def _open_bracket(body: str, close: int) -> int:
    """Offset of the '[' that the ']' at `close` closes, or -1 (none in its paragraph)."""
    # The usual case, found at C speed: the nearest '[' before, with no bracket between.
    opening = body.rfind("[", 0, close)
    if (opening >= 0 and body.find("]", opening, close) < 0
            and body.find("\n\n", opening, close) < 0 and not _escaped(body, opening)
            and not _escaped(body, close)):
        return opening
    return _bracket_pairs(body).get(close, -1)


_PAIRS: tuple[str, dict[int, int]] = ("", {})
_BRACKET_RE = re.compile(r"[\[\]]|\n[ \t]*\n")


def _bracket_pairs(body: str) -> dict[int, int]:
    """Every unescaped ']' of `body` that closes a '[' in the same paragraph -> that '['.
    One pass for the whole page (asking bracket by bracket was quadratic: a page of ten
    thousand '](' took a minute); the last page's answer is kept."""
    global _PAIRS
    if _PAIRS[0] is body:
        return _PAIRS[1]
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET_RE.finditer(body):
        pos, char = match.start(), match.group()
        if char == "[":
            if not _escaped(body, pos):
                opened.append(pos)
        elif char == "]":
            if opened and not _escaped(body, pos):
                pairs[pos] = opened.pop()
        else:
            opened.clear()  # a blank line ends the paragraph
    _PAIRS = (body, pairs)
    return pairs


def _is_image(body: str, close: int) -> bool:
    """Whether the ']' at `close` ends the alt text of an image (![…])."""
    start = _open_bracket(body, close)
    return start > 0 and body[start - 1] == "!" and not _escaped(body, start - 1)


def _escaped(body: str, pos: int) -> bool:
    """Whether the character at `pos` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and body[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _line_start_ref(body: str, pos: int) -> bool:
    line_start = body.rfind("\n", 0, pos) + 1
    return _REFERENCE_RE.match(body, line_start) is not None
