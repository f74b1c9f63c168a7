"""A small JSON client for the helpdesks' REST APIs, on the standard library's urllib.

Errors become SyncError with one line naming the request and the status, never a traceback.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class SyncError(RuntimeError):
    """A request failed; the message names it and says what to check."""


def call(method: str, url: str, headers: dict[str, str], body: Any = None,
         timeout: float = 30) -> Any:
    """Sends one request and returns the decoded JSON answer (None for an empty one)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Accept": "application/json", **({"Content-Type": "application/json"} if data else {}),
        **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            raw = answer.read()
    except urllib.error.HTTPError as exc:
        hint = " (check the token and its permissions)" if exc.code in (401, 403) else ""
        raise SyncError(f"{method} {url}: HTTP {exc.code} {exc.reason}{hint}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SyncError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None
    try:
        return json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        raise SyncError(f"{method} {url}: the answer is not JSON") from None
