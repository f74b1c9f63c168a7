"""The HTML policy judged on the HTML the build will make, for the pages that could break it.

`markdown_policy` reads a page's Markdown fast, but Markdown has corners it reads otherwise
(a fence whose info string the fence extension refuses, an escaped backtick, inline code in a
raw HTML block, attribute lists on definition terms or setext headings, references inside
block quotes). On those, `handbook check` passed and the strict build then failed on the
sanitizer's warning. So any page that holds something the policy could object to (a '<', an
attribute list that sets a value, a link target that is not plainly relative or web, an image,
a reference definition) is also rendered here with the site's own Markdown extensions, its
macro calls standing in as the build's placeholders, and the result goes through the same
`scan_html` the build's sanitizer uses. Pages without such text (nearly all) cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from .html_policy import scan_html
from .macro_calls import BLOCK_MACROS, find_calls
from .markdown_policy import (
    attr_list_source,
    link_targets_plainly_fine,
    may_vanish,
    vanish_problem,
    vanishes,
)
from .markdown_scan import NotProse, code_spans, comment_spans, inside
from .plain_html import plainly_fine_html
from .tag_balance import unbalanced_tags

# An attribute list that sets a value or a reserved id: the only kind that can add an attribute
# the policy refuses (a bare word sets an empty one).
_RISKY_ATTR_LIST_RE = re.compile(r"\{[^{}\n]*(?:=|#__)[^{}\n]*\}")
# A comment holding no '<' (such as Material's `<!-- material/tags -->`): nothing to judge.
_PLAIN_COMMENT_RE = re.compile(r"<!--[^<]*?-->")
_QUOTED_RE = re.compile(r"'([^']{1,200})'|<([A-Za-z][\w:-]*)")


@dataclass(frozen=True)
class Found:
    offset: int  # in the page's Markdown body: where the text most likely is
    message: str
    hint: str
    vanishes: bool = False  # text of the author's that attr_list read as attributes
    # A tag left open or closing nothing, or a tag-name placeholder (tag_balance.py): the
    # quick reading of the Markdown (markdown_policy) never finds these.
    unbalanced: bool = False


class MarkdownSettingsError(Exception):
    """The site's Markdown extensions can't be built from mkdocs.yml's settings (MkDocs'
    validation of mkdocs.yml reports that, once): no page can be rendered."""


def could_break_policy(body: str) -> bool:
    """Whether `body` holds anything the HTML policy could object to once rendered. Reads
    the text as it is, code and all: deciding what is code is what can go wrong."""
    return (("<" in body and not plainly_fine_html(_PLAIN_COMMENT_RE.sub("", body)))
            or bool(_RISKY_ATTR_LIST_RE.search(body)) or not link_targets_plainly_fine(body)
            or may_vanish(body))



def rendered_problems(body: str, markdown_config: tuple[list[Any], dict[str, Any]]
                      ) -> list[Found]:
    """What the build's sanitizer would remove from this page, with the place in `body` it
    most likely comes from. `markdown_config` is (extensions, their configs) as MkDocs gives
    them to Python-Markdown."""
    reads: list[str] = []
    html = _render(_with_placeholders(body), markdown_config, reads)
    found = _vanished(body, reads)
    for violation in scan_html(html):
        found.append(Found(_locate(body, violation.message), violation.message,
                           violation.hint))
    after: dict[str, int] = {}  # in page order: a tag written twice is found twice
    for violation in unbalanced_tags(html):
        at = _tag_place(body, html, violation.offset)
        found.append(Found(_locate(body, violation.message, after) if at is None else at,
                           violation.message, violation.hint, unbalanced=True))
    return found


_TAG_START_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)")


def _tag_place(body: str, html: str, at: int) -> int | None:
    """Where in `body` the author wrote the tag that starts at offset `at` of `html` (its
    rendering), or None when that can't be told (then the caller looks for it by name).

    Markdown passes raw tags on as written, with the text after them: among the tags of
    that name outside code and comments in `body`, the one followed by the text that follows
    the tag in the HTML is it (Markdown's own <em> or <tr>, and a tag quoted in a link's
    title, are not followed by it). When that text tells several apart or none, the n-th tag
    of the name in the HTML is the n-th in `body`, when the two hold as many: Markdown made
    none of them."""
    tag = _TAG_START_RE.match(html, at)
    if tag is None:
        return None
    pattern = re.compile(rf"<{tag.group(1)}{re.escape(tag.group(2))}(?=[\s/>])", re.IGNORECASE)
    comments = comment_spans(html, [])
    in_html = [m.start() for m in pattern.finditer(html) if not inside(m.start(), comments)]
    regions = NotProse(body)
    in_body = [m.start() for m in pattern.finditer(body) if not regions.holds(m.start())]
    if at not in in_html:
        return None
    followed = _text_after(html, at)
    if followed:
        same = [b for b in in_body if body.startswith(followed, _tag_end(body, b))]
        if len(same) == 1:
            return same[0]
    if len(in_html) != len(in_body):
        return None
    return in_body[in_html.index(at)]


def _tag_end(text: str, at: int) -> int:
    """Where the tag starting at `at` ends (after its '>'), or the end of `text`."""
    end = text.find(">", at)
    return len(text) if end < 0 else end + 1


def _text_after(html: str, at: int) -> str:
    """The text after the tag at `at` in `html`, up to the next tag or line end, as written
    in Markdown (references decoded), at most 24 characters; "" when it says nothing."""
    start = _tag_end(html, at)
    text = re.split(r"[<\n]", html[start:start + 200], maxsplit=1)[0]
    text = unescape(text)[:24]
    return text if len(text.strip()) >= 3 else ""


def _vanished(body: str, reads: list[str]) -> list[Found]:
    """The `{ … }` text attr_list read as attributes (`reads`, in the order it read them),
    found in `body`: exactly the lines Markdown reads, in quotes, lists and headings too."""
    found, after = [], 0
    for read in reads:
        at = attr_list_source(body, read, after)
        if at < 0:
            at = attr_list_source(body, read)
        else:
            after = at + 1
        text = body[at:body.find("}", at) + 1] if at >= 0 else "{" + read + "}"
        found.append(Found(max(at, 0), *vanish_problem(text), vanishes=True))
    return found


def _with_placeholders(body: str) -> str:
    """The body as Markdown sees it in the build: each block macro call replaced by the
    placeholder <div> the plugin stashes its HTML behind, an inline one by plain text."""
    out, pos = [], 0
    for i, call in enumerate(c for c in find_calls(body) if c.runnable):
        out.append(body[pos:call.start])
        out.append(f'<div data-hb-stash="check-{i}"></div>' if call.name in BLOCK_MACROS
                   else "cadence")
        pos = call.end
    out.append(body[pos:])
    return "".join(out)


_MARKDOWN: dict[int, Any] = {}


def _render(text: str, markdown_config: tuple[list[Any], dict[str, Any]],
            reads: list[str] | None = None) -> str:
    """`text` as the site's Markdown renders it; the attribute text attr_list reads that
    would make the author's text vanish (see markdown_policy.vanishes) is added to `reads`,
    and not applied."""
    import markdown

    key = id(markdown_config)
    md = _MARKDOWN.get(key)
    if md is None:
        extensions, configs = markdown_config
        # An option the checker could not build from mkdocs.yml (None) is left to its default.
        configs = {name: {k: v for k, v in (value or {}).items() if v is not None}
                   for name, value in configs.items()}
        # Highlighting changes only what is inside code, which is escaped either way, and
        # loading Pygments would cost a tenth of a second.
        configs.setdefault("pymdownx.highlight", {})["use_pygments"] = False
        try:
            md = _MARKDOWN[key] = markdown.Markdown(extensions=list(extensions),
                                                    extension_configs=configs)
        except Exception as exc:  # an extension that won't load: a setting, not this page
            raise MarkdownSettingsError(str(exc)) from exc
        _watch_attr_lists(md)
    md.reset()
    md.hb_reads = reads if reads is not None else []  # type: ignore[attr-defined]
    return md.convert(text)


def _watch_attr_lists(md: Any) -> None:
    """Makes attr_list (if the site has it) note, instead of applying, each attribute text it
    reads that is the author's text rather than attributes: Markdown itself says which
    `{ … }` it reads, wherever it is (quotes, lists, admonitions, headings)."""
    if "attr_list" not in md.treeprocessors:
        return
    from markdown.extensions.attr_list import get_attrs_and_remainder

    processor = md.treeprocessors["attr_list"]
    assign = processor.assign_attrs
    # attr_list's own patterns, with the `:` of `{: … }` kept in the text it hands over, so
    # that `{: hidden }` (meant) and `{hidden}` (a placeholder) can be told apart.
    for name in ("BLOCK_RE", "HEADER_RE", "INLINE_RE"):
        pattern = getattr(processor, name).pattern
        setattr(processor, name, re.compile(pattern.replace(_ATTR_BASE, _ATTR_BASE_COLON)))

    def assign_attrs(elem: Any, attrs_string: str, *, strict: bool = False) -> str:
        colon, attrs_string = _split_colon(attrs_string)
        remainder = get_attrs_and_remainder(attrs_string)[1]
        if strict and remainder:
            return remainder  # not read: attr_list keeps the text
        read = attrs_string[:len(attrs_string) - len(remainder)] if remainder else attrs_string
        if vanishes(read, colon):
            md.hb_reads.append(read)
            return remainder
        return assign(elem, attrs_string, strict=strict)

    processor.assign_attrs = assign_attrs


# attr_list's BASE_RE (markdown/extensions/attr_list.py), and the same with the `{:` prefix
# inside the group it captures.
_ATTR_BASE = r"\{\:?[ ]*([^\}\n ][^\n]*)\}"
_ATTR_BASE_COLON = r"\{(\:?[ ]*[^\}\n ][^\n]*)\}"
_COLON_RE = re.compile(r":?[ ]*")


def _split_colon(captured: str) -> tuple[bool, str]:
    """(written as `{: … }`, the text attr_list's own pattern captures) from what
    _ATTR_BASE_COLON captured: `": hidden"` -> (True, "hidden"), `" name"` -> (False, "name"),
    `":"` (from `{:}`) -> (False, ":")."""
    end = _COLON_RE.match(captured).end()  # type: ignore[union-attr]
    if end == len(captured):  # `{:}` or `{: :}`: the colon is what attr_list reads
        end = len(captured) - len(captured.lstrip(" "))
    return captured[:end].startswith(":"), captured[end:]


def _locate(body: str, message: str, after: dict[str, int] | None = None) -> int:
    """Where in the Markdown the thing a message names is: its quoted value or tag, the
    first outside code. With `after` (needle -> where to look from), successive messages
    about one tag find its successive places."""
    lowered = body.lower()
    code: list[tuple[int, int]] | None = None
    for match in _QUOTED_RE.finditer(message):
        needle = (match.group(1) or f"<{match.group(2)}").lower()
        at = first = lowered.find(needle, (after or {}).get(needle, 0))
        while at >= 0:  # the first one outside code: code shows a tag as text
            code = code_spans(body) if code is None else code
            if not inside(at, code):
                break
            at = lowered.find(needle, at + 1)
        at = at if at >= 0 else first
        if at >= 0:
            if after is not None:
                after[needle] = at + 1
            return at
    return 0
