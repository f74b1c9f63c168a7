"""Relative links and images checked against the site's files, as MkDocs' strict mode does.

MkDocs resolves a link's path against the page's own path and warns (strict mode: fails) when
a target with a file extension is not a file of the site; a target without one (a folder) is
only noted. Links with a scheme or host, absolute paths and in-page anchors are not its
concern (mkdocs/structure/pages.py, _RelativePathTreeprocessor.path_to_url). This is that rule,
for `handbook check`, with a test holding the two together.

MkDocs checks every <a href> and <img src> Markdown makes: inline links and images, and
reference ones ([text][id], [id][], [id], ![alt][id]), whose target is that of the
definition `[id]: target` they use. A definition nothing uses makes no link, so its target
is not checked; a broken one used is reported at the definition's target, where it is fixed
(markdown_policy.link_targets finds them all).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .markdown_policy import link_targets


@dataclass(frozen=True)
class BrokenLink:
    offset: int
    message: str
    hint: str


def target_uri(src_uri: str, path: str) -> str:
    """The source path a link from page `src_uri` to `path` points at (MkDocs' _target_uri)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def broken_links(body: str, src_uri: str, site_files: set[str]) -> list[BrokenLink]:
    """Every relative link or image in `body` (the page at `src_uri`) whose target is not one
    of `site_files` (source paths relative to the docs folder), inline or by reference (at
    the target of the definition it uses)."""
    out = []
    for offset, url, image in link_targets(body):
        missing = _missing(url, src_uri, site_files)
        if missing is None:
            continue
        what = "image" if image else "link"
        hint = (_suggest(missing, site_files, src_uri) or
                "point it at a page or file of the handbook, relative to this page")
        where = "" if missing == url else f" (that is {missing})"
        out.append(BrokenLink(offset, f"{what} '{url}'{where} is not a page or file of the "
                              "site", hint))
    return out


# A path with no ".", ".." or empty segment: joining it is all normpath would do.
_SIMPLE_PATH_RE = re.compile(r"^(?:[^/.][^/]*/)*[^/.][^/]*$")


def _missing(url: str, src_uri: str, site_files: set[str]) -> str | None:
    if url and url[0] != "/" and not any(c in url for c in ":%?\\"):
        # The usual relative path, maybe with an #anchor: no scheme, host or query to split
        # off and nothing to unquote, so urlsplit() would only cut at the '#'.
        path = url.partition("#")[0]
        if not path:
            return None  # an in-page anchor
        folder = src_uri.rpartition("/")[0]
        uri = (f"{folder}/{path}" if folder else path) if _SIMPLE_PATH_RE.match(path) else \
            target_uri(src_uri, path)
        return None if uri in site_files or not posixpath.splitext(path)[1] else uri
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not parts.path:
        return None
    path = unquote(parts.path)
    uri = target_uri(src_uri, path)
    if uri in site_files or not posixpath.splitext(path)[1]:
        return None  # found, or a folder-like link MkDocs only notes
    return uri


def _suggest(missing: str, site_files: Iterable[str], src_uri: str) -> str:
    from .errors import did_you_mean

    close = did_you_mean(missing, site_files, cutoff=0.8)
    if not close:
        return ""
    found = close.split("'")[1]
    return f"did you mean '{relative(found, src_uri)}'?"


def relative(target: str, src_uri: str) -> str:
    """`target` (a source path) as a link from the page at `src_uri`."""
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")
