"""The raw-HTML policy for playbooks and docs pages, and the sanitizer that enforces it.

What a page may hold
--------------------
Markdown, and the HTML Markdown itself writes (Python-Markdown, the pymdown-extensions we
enable, Material): paragraphs, headings, lists, tables, `<div>`, `<span>`, links, images,
`<details>`, `<abbr>`, `<kbd>`, `<mark>`, code, the checkboxes and radio buttons of task
lists and content tabs ... (`TAGS`), with the attributes they use (`GLOBAL_ATTRIBUTES`,
`TAG_ATTRIBUTES`, any `aria-*`, and the few `data-*` the extensions write). Nothing that
runs code or reaches another host: no `<script>`, `<style>`, frames, objects, embeds, forms,
`<svg>`, `<math>`, `<base>`, `<link>` or `<meta>`, no unknown tags, no event handlers
(`on…`), no `style` (except the `text-align` Markdown's tables write), no `srcdoc`,
`formaction` or `xlink:href`, no other `data-*` (Material's and the handbook's scripts act
on them: `data-md-*` components, one of which calls GitHub's API, `data-clipboard-text`
copies its value on a click, `data-search-exclude` drives the search indexer), and no `id`
or `name` starting with `__` (Material finds its settings and controls by such ids:
`#__config` would replace them). Link targets and image sources must pass `url_policy`:
links `http(s):`, `mailto:`, `tel:` or relative; images and media relative only.

How it is enforced: both ways, so they agree
--------------------------------------------
1. `handbook check` reads each page's Markdown (`markdown_policy.py`) and reports every
   violation with file:line:col and the fix. This is the gate authors and CI see.
2. The build sanitizes every page's rendered HTML (`sanitize`, called from the plugin's
   `on_page_content`, before the handbook's own snippet and tree blocks are put in) as
   defence in depth, for whatever reached the HTML some way `check` did not foresee. It
   logs a WARNING naming the page for each thing it removes, so `mkdocs build --strict`
   (CI, the publish workflow) fails on it just as `check` would.

The sanitizer first reads the HTML with `scan_html`, a tokenizer that follows the HTML
standard's tokenizer rules for tags, attributes, comments and raw-text elements (the same
function `check` runs on raw HTML in Markdown). A page in which it finds nothing to object
to is returned byte for byte: all shipped pages are. Anything else, including anything it
can't read with certainty (an unclosed quote, an odd comment, a `<!…>` or `<?…>`), goes
through nh3 (ammonia and html5ever, a maintained HTML5 sanitizer) configured with the same
allow-lists and the same URL checks, and nh3's output is what the page gets. Re-serialising
every page would rewrite harmless markup on all of them (`&para;`, `<br />`, `checked`); the
scanner only decides whether nh3 has work to do.

`scan_html` never imports nh3; `sanitize` does, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

from .url_policy import link_problem, resource_problem, shown, srcset_problem

TAGS = frozenset({
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "track", "u", "ul", "var", "video", "wbr",
})
# Removed together with everything inside them (the rest of the refused tags are removed
# and their text kept).
CONTENT_DROPPED = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "noscript", "noembed", "noframes", "svg", "math", "xmp", "plaintext", "title",
    "textarea",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "frame", "hr", "img", "input",
                   "link", "meta", "param", "source", "track", "wbr"})
# Elements whose content the browser reads as text up to their end tag.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
                       "textarea", "title"})

# `markdown` is md_in_html's switch (`<div markdown>`): no meaning to a browser.
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "tabindex",
                               "hidden", "markdown"})
ATTRIBUTE_PREFIXES = ("aria-",)
# The data-* attributes the Markdown extensions write (content tabs, line numbers), and the
# placeholder the handbook swaps its own blocks into (with a random nonce: not forgeable).
DATA_ATTRIBUTES = frozenset({"data-tabs", "data-linenos", "data-hb-stash"})
# Attributes whose value names the element for scripts: Material looks its parts up by ids
# that start with "__" (__config, __search, __drawer ...), and named elements shadow globals.
_NAMING_ATTRIBUTES = frozenset({"id", "name"})
# ... except the ids pymdown-extensions write: code line numbers, content tabs, code blocks.
_EXTENSION_IDS = ("__codelineno-", "__tabbed_", "__code_")
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup")
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "target", "rel"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading",
                      "decoding", "align"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "loop", "muted",
                        "playsinline", "preload", "autoplay"}),
    "audio": frozenset({"src", "controls", "loop", "muted", "preload", "autoplay"}),
    "source": frozenset({"src", "srcset", "sizes", "type", "media", "width", "height"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    # pymdownx.tabbed and pymdownx.tasklist write these.
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    **{tag: frozenset({"align", "width", "height", "colspan", "rowspan", "span", "scope",
                       "headers"}) for tag in _TABLE_PARTS},
    **{tag: frozenset({"align"}) for tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6")},
}
# Attributes allowed only with these values (compared as written, after entity decoding).
ALIGN_STYLES = frozenset({f"text-align: {side};" for side in ("left", "right", "center")})
ATTRIBUTE_VALUES: dict[tuple[str, str], frozenset[str]] = {
    ("input", "type"): frozenset({"checkbox", "radio"}),
    ("th", "style"): ALIGN_STYLES,  # what Markdown's tables write for :--: columns
    ("td", "style"): ALIGN_STYLES,
}
LINK_ATTRIBUTES = frozenset({"href", "cite"})
RESOURCE_ATTRIBUTES = frozenset({"src", "poster"})
# Material mounts its JavaScript components on these (the "source" one calls GitHub's API).
_RESERVED_PREFIX = "data-md-"

GUIDE = 'see "What HTML and links pages may hold" in docs/contributing.md'


@dataclass(frozen=True)
class Violation:
    """One thing the policy refuses, at `offset` in the text that was scanned."""

    offset: int
    message: str
    hint: str


# -- the policy ------------------------------------------------------------------------------

def tag_problem(tag: str) -> tuple[str, str] | None:
    """(message, hint) if a start tag `tag` (lowercase) is not allowed."""
    if tag in TAGS:
        return None
    message = f"HTML tag <{tag}> is not allowed"
    if tag in ("script", "noscript"):
        return message, "remove it: pages can't run scripts"
    if tag in ("style", "link", "meta", "base"):
        return message, "remove it: pages can't change the site's styles, head or addresses"
    if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "portal"):
        return message, "remove it and link to the page instead: pages can't embed others"
    if tag in ("svg", "math"):
        return message, "save it as an image file in the repository and use ![text](file.svg)"
    if tag in ("form", "button", "select", "textarea", "option", "fieldset", "output"):
        return message, "remove it: pages can't hold forms"
    if tag in ("template", "slot", "dialog", "xmp", "plaintext", "title", "head", "body",
               "html", "noembed", "noframes", "marquee", "blink", "font", "center"):
        return message, f"remove it; {GUIDE}"
    return message, (f"write &lt;{tag} or put it in `backticks` to show it as text, or use "
                     f"Markdown; {GUIDE}")


def attribute_problem(tag: str, name: str, value: str) -> tuple[str, str] | None:
    """(message, hint) if attribute `name` (lowercase) with `value` (as the browser decodes
    it) is not allowed on an allowed tag `tag`."""
    allowed = (name in GLOBAL_ATTRIBUTES or name in TAG_ATTRIBUTES.get(tag, ())
               or name in DATA_ATTRIBUTES or name.startswith(ATTRIBUTE_PREFIXES))
    if (allowed and name in _NAMING_ATTRIBUTES and value.lstrip().startswith("__")
            and not value.lstrip().startswith(_EXTENSION_IDS)):
        return (f"{name} '{shown(value)}' is reserved: Material's scripts find their settings "
                "and controls by ids that start with __",
                f"choose a{'n' * (name == 'id')} {name} that does not start with __")
    values = ATTRIBUTE_VALUES.get((tag, name))
    if not allowed and values is None:
        return _refused_attribute(tag, name)
    if values is not None and value not in values:
        if name == "style":
            return _refused_attribute(tag, name)
        if tag == "input":
            return (f"<input type=\"{shown(value)}\"> is not allowed",
                    "pages hold no input fields, only the checkbox and radio inputs of task "
                    "lists and content tabs; remove it")
        return (f"<{tag} {name}=\"{shown(value)}\"> is not allowed",
                f"use {' or '.join(sorted(values))}")
    if name in LINK_ATTRIBUTES:
        reason = link_problem(value)
        if reason:
            return (f"link to '{shown(value)}' is not allowed: {reason}", LINK_HINT)
    elif name in RESOURCE_ATTRIBUTES or name == "srcset":
        reason = srcset_problem(value) if name == "srcset" else resource_problem(value)
        if reason:
            return (f"{_resource_word(tag, name)} '{shown(value)}' is not allowed: {reason}",
                    RESOURCE_HINT)
    return None


LINK_HINT = "link to an http(s) address, mailto:, tel: or a page of the handbook"
RESOURCE_HINT = ("put the file in the repository, e.g. docs/assets/, and use its relative "
                 "path: the site never loads anything from another host")


def _resource_word(tag: str, attribute: str) -> str:
    if attribute == "poster":
        return "video poster"
    return {"img": "image", "video": "video", "audio": "audio", "track": "subtitle track"}.get(
        tag, "media source")


def _refused_attribute(tag: str, name: str) -> tuple[str, str]:
    message = f"attribute '{name}' on <{tag}> is not allowed"
    if name.startswith("on"):
        return message + ": event handlers run code", "remove it: pages can't run scripts"
    if name == "style":
        return message, "remove it: style with Markdown, or ask for a class in handbook.css"
    if name.startswith(_RESERVED_PREFIX):
        return (message + ": Material's scripts act on data-md-* attributes",
                "remove it: one of them makes the page call GitHub's API")
    if name.startswith("data-"):
        return (message + ": Material's and the handbook's scripts act on data-* attributes",
                f"remove it; {GUIDE}")
    return message, f"remove it; {GUIDE}"


# -- the tokenizer ---------------------------------------------------------------------------
# Follows the HTML standard's tokenizer: a tag name runs to whitespace, '/' or '>'; a '/'
# between attributes counts as whitespace; an attribute name runs to whitespace, '/', '>'
# or '='; a value is double-quoted, single-quoted, or runs to whitespace or '>'. Whitespace
# is tab, LF, FF, CR and space only (not Python's \s).

_OPEN_RE = re.compile(r"<(?:([A-Za-z][^\t\n\f\r />]*)|/([A-Za-z][^\t\n\f\r />]*)|(!--)|([!?/]))")
_ATTR_RE = re.compile(
    r"[\t\n\f\r /]*(?:(>)|([^\t\n\f\r />][^\t\n\f\r />=]*)"
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)("?)|'([^']*)('?)|([^\t\n\f\r >]*)))?)""")
# A comment every parser ends where this one does: no "--" inside, not "<!-->".
_COMMENT_RE = re.compile(r"(?!-?>)(?:[^-]|-(?!-))*-->")


def _ascii_lower(text: str) -> str:
    """Lowercase as the HTML tokenizer does: ASCII letters only."""
    if text.isascii():
        return text.lower()
    return "".join(c.lower() if c.isascii() else c for c in text)


def scan_html(text: str, skip: Callable[[int], bool] | None = None) -> list[Violation]:
    """Everything in `text` that the policy refuses, as a browser would read the markup.

    `skip(offset)` lets the caller ignore a '<' that is not markup (Markdown code, an
    escaped bracket). Tags the sanitizer drops with their content (script, svg ...) are
    reported once, not for what they hold."""
    out: list[Violation] = []
    pos = text.find("<")
    size = len(text)
    while 0 <= pos < size:
        plain = _PLAIN_TAG_RE.match(text, pos)
        if plain is not None and _plain_tag_allowed(plain):
            # The usual tag (<p>, </li>, <span class="n">): nothing to look at more closely.
            # (A '<' that `skip` would ignore is skipped just the same.)
            pos = text.find("<", plain.end())
            continue
        match = _OPEN_RE.match(text, pos)
        if match is None or (skip is not None and skip(pos)):
            pos = text.find("<", pos + 1)
            continue
        start_name, _, comment, other = match.groups()
        if comment:
            body = _COMMENT_RE.match(text, match.end())
            if body is None:
                out.append(Violation(pos, "HTML comment that browsers may end elsewhere",
                                     "write <!-- text --> with no '--' inside"))
                end = text.find(">", match.end())
            else:
                end = body.end() - 1
                inner = text[match.end():end - 2].strip()
                if inner.startswith("material/") and inner != "material/tags":
                    out.append(Violation(pos, f"'<!-- {shown(inner, 40)} -->' gives Material's "
                                         "plugins settings from a page",
                                         "write <!-- material/tags --> alone; settings belong "
                                         "in mkdocs.yml"))
                if text.startswith("#", match.end()):
                    out.append(Violation(pos, "a comment starting with '#' is a server-side "
                                         "include: a web server with them on would run it",
                                         "remove the '#' or the comment"))
        elif other:
            end = text.find(">", match.end())
            markup = text[pos:end + 1] if 0 <= end < pos + 30 else text[pos:pos + 12] + "…"
            out.append(Violation(pos, f"markup '{shown(markup, 30)}' is not allowed",
                                 "remove it; to show '<' as text write &lt;"))
        else:
            end = _scan_tag(text, match, out)
            if start_name and end > 0:
                tag = _ascii_lower(start_name)
                if tag in CONTENT_DROPPED and tag not in _VOID:
                    end = _content_end(text, tag, end)
        if end < 0:
            break
        pos = text.find("<", end + 1)
    return out


def inside_tags(text: str, positions: list[int],
                skip: Callable[[int], bool] | None = None) -> set[int]:
    """Those of `positions` (sorted offsets) that fall inside a tag or comment of `text`, as a
    browser reads the markup: between its '<' and its '>', attribute values included. A
    handbook block put there would become part of the author's tag."""
    found: set[int] = set()
    if not positions:
        return found
    todo = iter(positions)
    current = next(todo, None)
    pos = text.find("<")
    while current is not None and pos >= 0:
        while current is not None and current <= pos:
            current = next(todo, None)  # before this tag: outside
        if current is None:
            break
        match = _OPEN_RE.match(text, pos)
        if match is None or (skip is not None and skip(pos)):
            pos = text.find("<", pos + 1)
            continue
        if match.group(3):  # a comment
            body = _COMMENT_RE.match(text, match.end())
            end = body.end() - 1 if body else text.find(">", match.end())
        elif match.group(4):
            end = text.find(">", match.end())
        else:
            end = _scan_tag(text, match, [])
        end = len(text) if end < 0 else end
        while current is not None and current <= end:
            found.add(current)
            current = next(todo, None)
        pos = text.find("<", end + 1)
    return found


# A tag as Markdown writes most of them: lowercase name, double-quoted values without '<',
# '>' or '&', one space between attributes. The browser reads it exactly as this does.
_PLAIN_TAG_RE = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*(?:="[^"<>&]*")?)*) ?/?>')
_PLAIN_ATTR_RE = re.compile(r' ([a-z][a-z0-9-]*)(?:="([^"]*)")?')
_CHECKED_ATTRIBUTES = LINK_ATTRIBUTES | RESOURCE_ATTRIBUTES | {"srcset"} | {
    name for _tag, name in ATTRIBUTE_VALUES}


def _plain_tag_allowed(match: re.Match[str]) -> bool:
    """Whether a plain tag needs no closer look: an end tag, or an allowed tag whose
    attributes are all allowed with any value. (False sends it to the full reading.)"""
    if match.group(1):
        return True
    tag = match.group(2)
    if tag not in TAGS:
        return False
    attributes = match.group(3)
    if not attributes:
        return tag != "input"
    allowed = TAG_ATTRIBUTES.get(tag, ())
    for name, value in _PLAIN_ATTR_RE.findall(attributes):
        if name in _NAMING_ATTRIBUTES:
            if value.startswith("__") and not value.startswith(_EXTENSION_IDS):
                return False
            continue
        if name in _CHECKED_ATTRIBUTES:
            # No '&' in the value: as written is as decoded.
            if name in allowed and attribute_problem(tag, name, value) is None:
                continue
            return False
        if not (name in GLOBAL_ATTRIBUTES or name in allowed or name in DATA_ATTRIBUTES
                or name.startswith(ATTRIBUTE_PREFIXES)):
            return False
    return True


def _scan_tag(text: str, match: re.Match[str], out: list[Violation]) -> int:
    """Reads one start or end tag; returns the offset of its '>' (-1 when unclosed)."""
    start_name, end_name = match.group(1), match.group(2)
    tag = _ascii_lower(start_name or end_name)
    tag_start = match.start()
    refused = tag_problem(tag) if start_name else None
    if refused:
        out.append(Violation(tag_start, *refused))
    pos = match.end()
    input_type = None
    while True:
        attr = _ATTR_RE.match(text, pos)
        if attr is None:
            out.append(Violation(tag_start, f"<{shown(tag, 20)}> tag is not closed with '>'",
                                 "close the tag, and every quote inside it"))
            return -1
        if attr.group(1):
            break
        name = _ascii_lower(attr.group(2))
        dq, dq_end, sq, sq_end, bare = attr.group(3, 4, 5, 6, 7)
        if (dq is not None and not dq_end) or (sq is not None and not sq_end):
            out.append(Violation(attr.start(2), f"attribute '{shown(name, 30)}' on <{tag}> has "
                                 "an unclosed quote", "close the quote"))
            return -1
        raw = dq if dq is not None else sq if sq is not None else bare or ""
        pos = attr.end()
        if not start_name or refused:
            continue  # end tags' attributes mean nothing; a refused tag goes whole
        value = unescape(raw) if "&" in raw else raw
        if name == "type":
            input_type = value
        problem = attribute_problem(tag, name, value)
        if problem:
            out.append(Violation(attr.start(2), *problem))
    if tag == "input" and start_name and input_type is None:
        out.append(Violation(tag_start, "<input> without type=\"checkbox\" or type=\"radio\" "
                             "is not allowed", "pages hold no input fields; remove it"))
    return attr.end() - 1


def _content_end(text: str, tag: str, after: int) -> int:
    """The '>' of the end tag that closes `tag`, whose content the sanitizer drops and the
    scan skips. A raw-text element without one runs to the end of the text, as in the
    browser; any other is read on from its start tag."""
    if tag == "plaintext":
        return len(text) - 1
    closing = re.compile(rf"</{re.escape(tag)}(?=[\t\n\f\r />])", re.IGNORECASE)
    found = closing.search(text, after + 1)
    end = text.find(">", found.end()) if found else -1
    if end < 0:
        return len(text) - 1 if tag in _RAW_TEXT else after
    return end


# -- the sanitizer -----------------------------------------------------------------------------

_cleaner = None
_removed: list[Violation] = []


def sanitize(html: str) -> tuple[str, list[Violation]]:
    """`html` with everything the policy refuses removed, and what was removed.

    Returns `html` itself when the scan finds nothing; otherwise nh3's cleaned copy."""
    found = scan_html(html)
    if not found:
        return html, []
    _removed.clear()
    cleaned = _nh3().clean(html)
    seen = {v.message for v in found}
    found += [v for v in _removed if v.message not in seen]
    _removed.clear()
    return cleaned, found


def _keep(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: the same decisions as the scan, for allowed attributes."""
    if tag not in TAGS:  # nh3 drops the whole tag; the scan has said so
        return None
    problem = attribute_problem(tag, name, value)
    if problem:
        _removed.append(Violation(0, *problem))
        return None
    return value


def _nh3():
    global _cleaner
    if _cleaner is None:
        import nh3

        restricted = {pair for pair in ATTRIBUTE_VALUES}
        attributes = {tag: {a for a in names if (tag, a) not in restricted}
                      for tag, names in TAG_ATTRIBUTES.items()}
        attributes["*"] = set(GLOBAL_ATTRIBUTES | DATA_ATTRIBUTES)
        values: dict[str, dict[str, set[str]]] = {}
        for (tag, name), allowed in ATTRIBUTE_VALUES.items():
            values.setdefault(tag, {})[name] = set(allowed)
        _cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags=set(CONTENT_DROPPED),
            attributes=attributes,
            generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
            tag_attribute_values=values,
            attribute_filter=_keep,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel=None,  # keep links as written: no rel added
            strip_comments=True,
        )
    return _cleaner
