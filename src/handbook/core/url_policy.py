"""Which URLs content may use: as a link target, and as the source of an image or media file.

- A **link** (`href`, `cite`) may be `http:`, `https:`, `mailto:`, `tel:` or relative (a
  path, `?query` or `#fragment`). Anything else (`javascript:`, `data:`, `vbscript:`,
  `file:` ...) is refused.
- A **resource** (`src`, `srcset`, `poster` ...: what the browser loads by itself) must be
  relative: no scheme at all, and not protocol-relative (`//host`), because the site never
  loads anything from another host.

A URL is judged the way a browser reads it (WHATWG URL parsing): ASCII tab, LF and CR are
removed wherever they are, leading and trailing C0 controls and spaces are stripped, the
scheme is compared without regard to case, and a backslash counts as a slash (`\\\\host` and
`/\\\\host` are protocol-relative). Attribute values must be passed decoded, as the browser
sees them; Markdown source, where `&#106;avascript:` is still an entity, is judged with
`decode=True`.

Both functions return None when the URL is allowed, else the reason in a few words. Nothing
here imports MkDocs or Markdown: `handbook check`, the build's sanitizer and the snippet
renderer all call it.
"""

from __future__ import annotations

import html
import re

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# A scheme as the URL parser reads it: an ASCII letter, then letters, digits, + - or .,
# up to the first colon.
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# A URL without any of these has no scheme and can't hide one; most URLs hold none of them.
_SUSPECT_RE = re.compile(r"[\x00-\x20\\&:]")


def normalize(url: str, *, decode: bool = False) -> str:
    """The URL as a browser's URL parser starts reading it."""
    if decode and "&" in url:
        url = html.unescape(url)
    return url.translate(_TAB_NEWLINE).strip(_C0_AND_SPACE)


def scheme(url: str, *, decode: bool = False) -> str:
    """The URL's scheme in lowercase ('' for a relative URL), as a browser sees it."""
    match = _SCHEME_RE.match(normalize(url, decode=decode))
    return match.group(1).lower() if match else ""


def link_problem(url: str, *, decode: bool = False) -> str | None:
    """None if `url` may be a link target, else why not."""
    if not _SUSPECT_RE.search(url):  # no scheme, and nothing that could hide one
        return None
    found = scheme(url, decode=decode)
    if not found or found in LINK_SCHEMES:
        return None
    return _scheme_reason(found, "links")


def resource_problem(url: str, *, decode: bool = False) -> str | None:
    """None if `url` may be loaded by the page (an image, video, poster ...), else why not."""
    if not _SUSPECT_RE.search(url) and not url.startswith("//"):
        return None  # no scheme, nothing that could hide one, not //host
    plain = normalize(url, decode=decode)
    found = _SCHEME_RE.match(plain)
    if found:
        name = found.group(1).lower()
        if name in ("http", "https"):
            return "it is on another host"
        return _scheme_reason(name, "images and media")
    if plain[:2].replace("\\", "/") == "//":
        return "it is on another host"
    return None


def srcset_problem(value: str, *, decode: bool = False) -> str | None:
    """None if every candidate URL of a `srcset` is a relative resource, else why not.

    Splitting on commas is stricter than the browser (a data: URL holds one): each piece's
    first word is judged, so whatever the browser would load is judged too."""
    if decode and "&" in value:
        value = html.unescape(value)
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            problem = resource_problem(words[0])
            if problem:
                return problem
    return None


def _scheme_reason(name: str, what: str) -> str:
    if name in ("javascript", "vbscript"):
        return f"{name}: URLs run code"
    if name == "data":
        return ("a data: URL can carry a whole page, scripts included" if what == "links"
                else "data: URLs are not allowed for images and media")
    if what == "links":
        return f"'{name}:' is not one of http:, https:, mailto: or tel:"
    return f"'{name}:' addresses are not allowed for images and media"


def shown(url: str, limit: int = 60) -> str:
    """A URL for a one-line message: control characters visible, long ones cut."""
    text = url.encode("unicode_escape").decode("ascii") if not url.isprintable() else url
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
