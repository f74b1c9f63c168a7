"""Edit links, as MkDocs builds them (mkdocs/structure/pages.py, Page._set_edit_url), put
right where its plain join goes wrong.

- Files outside docs/: MkDocs joins edit_uri and the file's path relative to docs/, which
  gives `.../docs/../playbooks/x.md` for a playbook. Browsers resolve `..` in a URL's path but
  not in its query, where Azure DevOps-style edit_uri values carry the path
  (`?path=/docs/../playbooks/x.md`), and some hosts refuse `..` even in the path.
- An edit_uri with a query: MkDocs adds a `/` and the file's path at the very end, so
  `?path=/docs/&version=GBmain&_a=contents` (Azure DevOps as its web page copies it) gives
  `&_a=contents/index.md`, and `.../docs/?mode=edit` (Bitbucket) gives `?mode=edit/index.md`.
  The path belongs in the `path=` value, or else in the URL's path before the `?`.
- edit_uri_template's `{path_noext}.md` sends a snippet's or tree's page (a .yml source) to
  a .md file that does not exist.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urlsplit, urlunsplit


def edit_url(built: str, edit_uri: str | None, template: str | None, src: str) -> str:
    """The edit link of the file at `src` (its path from docs/, e.g. `../playbooks/x.md`),
    from `built`, the one MkDocs made with mkdocs.yml's (validated) `edit_uri` or
    edit_uri_`template`. An address that is no URL is left as MkDocs made it: MkDocs warns
    about it on every page, and a strict build stops there."""
    try:
        return _edit_url(built, edit_uri, template, src)
    except ValueError:  # urlsplit: e.g. 'https://[bad/' (Invalid IPv6 URL)
        return built


def _edit_url(built: str, edit_uri: str | None, template: str | None, src: str) -> str:
    if template:
        noext = posixpath.splitext(src)[0]
        if not src.endswith(".md"):
            for written, real in ((noext, src), (quote(noext, safe=""), quote(src, safe=""))):
                built = built.replace(f"{written}.md", real)
    elif edit_uri and "?" in edit_uri and urlsplit(built).query.endswith(src):
        built = _into_place(built, src)
    return normalize_edit_url(built)


def _into_place(built: str, src: str) -> str:
    """`built` (MkDocs' edit_uri + "/"? + src, src at the end of the query) with src moved
    into the `path=` value, or into the URL's path."""
    parts = urlsplit(built)
    params = parts.query[: -len(src)].split("&")
    keys = [item.partition("=")[0].lower() for item in params]
    if keys[-1] != "path" and params[-1].endswith("/"):
        params[-1] = params[-1][:-1]  # the / MkDocs adds to every edit_uri
    path = parts.path
    if "path" in keys:
        at = keys.index("path")
        value = params[at].partition("=")[2]
        params[at] = f"{params[at].partition('=')[0]}={value.rstrip('/')}/{src}"
    else:
        path = f"{path.rstrip('/')}/{src}"
    return urlunsplit(parts._replace(path=path, query="&".join(p for p in params if p)))


def normalize_edit_url(url: str) -> str:
    """`url` with every `..` segment resolved, in the path and in query values.

    >>> normalize_edit_url("https://dev.azure.com/o/p/_git/r?path=/docs/../playbooks/x.md")
    'https://dev.azure.com/o/p/_git/r?path=/playbooks/x.md'
    """
    if "/../" not in url:
        return url
    parts = urlsplit(url)
    path = _resolve(parts.path) if "/../" in parts.path else parts.path
    query = "&".join(_resolve_value(item) for item in parts.query.split("&")) if parts.query \
        else parts.query
    return urlunsplit(parts._replace(path=path, query=query))


def _resolve_value(item: str) -> str:
    key, eq, value = item.partition("=")
    return f"{key}{eq}{_resolve(value)}" if eq and "/../" in value else item


def _resolve(path: str) -> str:
    resolved = posixpath.normpath(path)
    if path.endswith("/") and not resolved.endswith("/"):
        resolved += "/"
    return resolved
