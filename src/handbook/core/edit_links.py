"""Edit links for files outside docs/: MkDocs joins edit_uri and the file's path relative to
docs/, which gives `.../docs/../playbooks/x.md` for a playbook. Browsers resolve `..` in a
URL's path but not in its query, where Azure DevOps-style edit_uri values carry the path
(`?path=/docs/../playbooks/x.md`), and some hosts refuse `..` even in the path."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit, urlunsplit


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
