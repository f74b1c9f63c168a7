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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .inclusion import Level
from .link_levels import LinkLevels
from .markdown_policy import link_targets


@dataclass(frozen=True)
class BrokenLink:
    offset: int
    message: str
    hint: str
    severity: str = "error"


def unbuilt_reason(level: Level) -> str:
    """Why the build leaves a file out, for messages."""
    return ("a draft (draft_docs), which `mkdocs build` leaves out" if level is Level.DRAFT
            else "a file the build leaves out (exclude_docs; MkDocs never publishes dotfiles "
            "or templates/)")


def _unbuilt_link(offset: int, what: str, url: str, target: str, level: Level) -> BrokenLink:
    where = "" if target == url else f" ({target})"
    return BrokenLink(offset, f"{what} '{url}'{where} leads to {unbuilt_reason(level)}: "
                      "the link is dead",
                      "point it at a published page or file, or change the pattern in "
                      "mkdocs.yml", severity="warning")


def target_uri(src_uri: str, path: str) -> str:
    """The source path a link from page `src_uri` to `path` points at (MkDocs' _target_uri)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def broken_links(body: str, src_uri: str, site_files: set[str],
                 levels: LinkLevels | None = None,
                 unbuilt: Mapping[str, Level] | None = None) -> list[BrokenLink]:
    """Every link or image in `body` (the page at `src_uri`) that makes MkDocs warn under the
    site's `validation:` `levels` (a strict build fails on a warning): a relative target that
    is not one of `site_files` (source paths relative to the docs folder), inline or by
    reference (at the target of the definition it uses); with `absolute_links: warn`, a target
    starting with /; with `unrecognized_links: warn`, a relative one with no file extension
    that names no file. A target in `unbuilt` (a file exclude_docs or draft_docs keeps out of
    the build) is a dead link MkDocs only notes: a warning."""
    levels = levels or LinkLevels()
    unbuilt = unbuilt or {}
    out = []
    for offset, url, image in link_targets(body):
        what = "image" if image else "link"
        if levels.absolute_links == "warn" and url.startswith(("/", "\\")):
            out.append(BrokenLink(offset, f"{what} '{url}' is an absolute path, which MkDocs "
                                  "leaves as it is (validation.links.absolute_links: warn)",
                                  "write it relative to this page"))
            continue
        resolved = _resolve(url, src_uri, from_docs=levels.absolute_links == "relative_to_docs")
        if resolved is None:
            continue
        target, has_extension = resolved
        if target in site_files:
            if target in unbuilt:
                out.append(_unbuilt_link(offset, what, url, target, unbuilt[target]))
            continue
        level = levels.not_found if has_extension else levels.unrecognized_links
        if level != "warn":
            continue
        if not has_extension:
            out.append(BrokenLink(offset, f"{what} '{url}' names no file of the site, so MkDocs "
                                  "can't tell which page it means (validation.links."
                                  "unrecognized_links: warn)", "link to the page's Markdown "
                                  "file, e.g. 'page.md' or 'folder/index.md'"))
            continue
        built = site_files - unbuilt.keys() if unbuilt else site_files
        hint = (_suggest(target, built, src_uri) or
                "point it at a page or file of the handbook, relative to this page")
        where = "" if target == url else f" (that is {target})"
        out.append(BrokenLink(offset, f"{what} '{url}'{where} is not a page or file of the "
                              "site", hint))
    return out


# A path with no ".", ".." or empty segment: joining it is all normpath would do.
_SIMPLE_PATH_RE = re.compile(r"^(?:[^/.][^/]*/)*[^/.][^/]*$")


def _resolve(url: str, src_uri: str, from_docs: bool = False) -> tuple[str, bool] | None:
    """The source path a link's target names, and whether its path has a file extension
    (missing, MkDocs says not found) or not (unrecognized); None when it is not MkDocs' to
    check (an address, an in-page anchor, an absolute path unless `from_docs`)."""
    if url and url[0] != "/" and not any(c in url for c in ":%?\\"):
        # The usual relative path, maybe with an #anchor: no scheme, host or query to split
        # off and nothing to unquote, so urlsplit() would only cut at the '#'.
        path = url.partition("#")[0]
        if not path:
            return None  # an in-page anchor
        folder, rest = src_uri.rpartition("/")[0], path
        while rest.startswith("../") and folder:  # what normpath does to leading ../
            folder, rest = folder.rpartition("/")[0], rest[3:]
        uri = (f"{folder}/{rest}" if folder else rest) if _SIMPLE_PATH_RE.match(rest) else \
            target_uri(src_uri, path)
        return uri, bool(posixpath.splitext(path)[1])
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    absolute = url.startswith(("/", "\\"))
    if parts.scheme or parts.netloc or (absolute and not from_docs) or not parts.path:
        return None
    path = unquote(parts.path)
    return target_uri("" if absolute else src_uri, path), bool(posixpath.splitext(path)[1])


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
