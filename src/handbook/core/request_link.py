"""`request_playbook_url`: where the search panel's "Request a playbook" link goes, judged once
for `handbook check` and the build.

The browser makes the link with `new URL(value, site root)` and keeps it only when that gives
an http(s) address (docs/assets/search.js): a value `new URL()` rejects (`https://[bad`, the
port 99999) would silently leave the panel without the link. So a full URL is judged by the
WHATWG URL Standard's parser, the one browsers follow: ada (the `ada-url` package,
https://github.com/ada-url/ada, Node.js's URL parser). A path is taken from the site's root
and must be the address of one of the site's pages, as MkDocs gives it (`File.url`).

No MkDocs imports: the adapter's option (adapter/search.py: RequestUrl) and the build call
these, and `handbook check` calls them without MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content import Handbook
    from .problems import Report

SETTING = "request_playbook_url"
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
EXAMPLE = "https://github.com/org/repo/issues/new"


def value_problem(value: object) -> str:
    """Why `value` can't be the setting, as one line naming it; "" when it is a full http(s)
    URL that browsers accept, a path to a page (not yet known to exist: page_problem), or
    empty (no setting: the link follows edit_uri). A path written from "/" is refused with
    the fix (the browser would take it from the host's root, not the site's), as is a bare
    `?x=1` or `#top`, which names no page."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        return f"{SETTING} must be a URL in quotes, e.g. {EXAMPLE}"
    if any(ch.isspace() for ch in value):
        return (f"{SETTING} '{value}' holds a space or line break: write the address without "
                "them (a space in a path is %20)")
    if value.startswith(("?", "#")):
        return (f"{SETTING} '{value}' names no page (only a query or an anchor): write the "
                "path of a page from the site's root before it, or a full http(s) URL")
    if value.startswith("/") and not value.startswith("//"):
        return (f"{SETTING} '{value}' starts with '/': write the path from the site's root "
                f"without the leading / ('{value.lstrip('/')}'), or a full http(s) URL")
    if _SCHEME_RE.match(value) or value.startswith(("/", "\\")):
        return _full_url_problem(value)
    if "\\" in value:
        return f"{SETTING} '{value}' holds a backslash: write a path with / (e.g. help/request/)"
    return ""


def _full_url_problem(value: str) -> str:
    scheme = value.split(":", 1)[0].lower() if _SCHEME_RE.match(value) else ""
    if scheme not in ("http", "https"):
        return (f"{SETTING} '{value}' is neither a full http(s) URL nor a path from the site's "
                f"root to one of its pages: write one of those, e.g. {EXAMPLE}")
    import ada_url  # 50 ms to import: only for a full URL

    if not ada_url.check_url(value):
        return (f"{SETTING} '{value}' is not a URL browsers accept (its host, port or "
                f"characters are wrong), so the panel would leave the link out: write a full "
                f"URL such as {EXAMPLE}")
    return ""


def is_path(value: str) -> bool:
    """Whether an accepted `value` is a path in the site (not a full URL)."""
    return bool(value) and not _SCHEME_RE.match(value)


def page_problem(value: str, page_urls: set[str]) -> str:
    """A path `value` that is no page of the site, as one line naming the setting; "" for a
    page or a full URL. page_urls: the address of every page from the site's root, as MkDocs'
    File.url gives it ("request/", "help/request.html", "./" for the home page); a page's
    file under a directory URL ("request/index.html") is the page too."""
    if not is_path(value):
        return ""
    path = re.split(r"[?#]", value, maxsplit=1)[0]
    wanted = {path, f"{path}/", posixpath.normpath(path) + "/"}
    if posixpath.basename(path) == "index.html":  # the file a directory URL is served from
        wanted.add(posixpath.dirname(path) + "/" if posixpath.dirname(path) else "./")
    if wanted & page_urls or path in ("", "."):
        return ""
    return (f"{SETTING} '{value}' is not a page of the site: add that page, or write the "
            "address of an existing page from the site's root, or a full http(s) URL")


def page_url(dest: str, directory_urls: bool) -> str:
    """The address MkDocs gives the page written to `dest` ("request/index.html" ->
    "request/", mkdocs.structure.files.File.url), from the site's root."""
    folder, name = posixpath.split(dest)
    if directory_urls and name == "index.html":
        return f"{folder}/" if folder else "./"
    return dest


def site_page_urls(book: Handbook) -> set[str]:
    """The address of every page the build writes for `book` (page_url), from the listing
    `handbook check` reads: playbooks, docs/ pages and the pages the build generates; pages
    that exclude_docs or draft_docs leave out are not among them."""
    from .site_paths import MARKDOWN, page_dest
    from .validate import generated_pages

    docs = str(book.config.docs_dir) + os.sep
    sources = {f"playbooks/{slug}.md" for _path, slug in book.content.playbooks}
    sources |= {str(p)[len(docs):].replace(os.sep, "/") for p in book.content.docs
                if str(p).startswith(docs)}
    sources |= set(generated_pages(book))
    sources -= set(book.content.unbuilt)
    dirs = book.config.directory_urls
    return {page_url(page_dest(uri, dirs), dirs) for uri in sources if uri.endswith(MARKDOWN)}


def check_request_page(book: Handbook, report: Report, config_file: Path) -> None:
    """`handbook check`'s half of the build's test (the build warns, and a strict build
    stops): a path that is no page of the site, reported at the line of mkdocs.yml (or of the
    file it inherits from) that writes it. A value that is no URL or path at all is MkDocs'
    validation's to report (adapter/search.py: RequestUrl)."""
    value = book.config.request_playbook_url
    if not isinstance(value, str) or not is_path(value) or value_problem(value):
        return
    problem = page_problem(value, site_page_urls(book))
    if problem:
        where, line = option_place(config_file, SETTING)
        report.add(where, problem, line=line,
                   hint="the build says so too, and a strict build stops on it")


def option_place(config_file: Path, name: str) -> tuple[Path, int]:
    """(file, line) where a plugin option `name` is written (indented, `name:`): the
    configuration file or one that it INHERITs from; (config_file, 1) when none writes it."""
    from .site_config import inherited_file

    pattern = re.compile(rf"""^[ \t-]+["']?{re.escape(name)}["']?[ \t]*:""", re.MULTILINE)
    current: Path | None = config_file
    for _ in range(20):  # MkDocs' INHERIT chain (a loop is its error, reported elsewhere)
        if current is None:
            break
        try:
            found = pattern.search(current.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            break
        if found:
            return current, found.string.count("\n", 0, found.start()) + 1
        current = inherited_file(current)
    return config_file, 1
