"""A small JSON client for the helpdesks' REST APIs, on the standard library's urllib.

Errors become SyncError with one line naming the request, the status and the API's own
reason (Zendesk's `description`/`details`, Help Scout's `message` and `_embedded.errors`),
never a traceback. A 429 (rate limit) is retried after the time its `Retry-After` header
asks (Zendesk: https://developer.zendesk.com/api-reference/introduction/rate-limits/; Help
Scout: https://developer.helpscout.com/mailbox-api/overview/rate-limiting/), at most
RETRIES times and never for longer than MAX_WAIT seconds at once.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

RETRIES = 3
MAX_WAIT = 120.0  # seconds
sleep = time.sleep  # tests put a recorder here


class SyncError(RuntimeError):
    """A request failed; the message names it and says what to check."""


def call(method: str, url: str, headers: dict[str, str], body: Any = None,
         timeout: float = 30) -> Any:
    """Sends one request and returns the decoded JSON answer (None for an empty one)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    for attempt in range(RETRIES + 1):
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/json",
            **({"Content-Type": "application/json"} if data else {}), **headers})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                raw = answer.read()
            break
        except urllib.error.HTTPError as exc:
            wait = _retry_after(exc)
            if exc.code == 429 and wait is not None and attempt < RETRIES:
                sleep(wait)
                continue
            raise SyncError(_http_line(method, url, exc, attempt)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SyncError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None
    try:
        return json.loads(raw) if raw.strip() else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SyncError(f"{method} {url}: the answer is not JSON") from None


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    """Seconds to wait before retrying a 429, or None when not to (no header, or too long)."""
    value = (exc.headers.get("Retry-After") if exc.headers else None) or "1"
    try:
        wait = max(float(value), 0.0)
    except ValueError:
        return None
    return wait if wait <= MAX_WAIT else None


def _http_line(method: str, url: str, exc: urllib.error.HTTPError, retries: int) -> str:
    hint = " (check the token and its permissions)" if exc.code in (401, 403) else ""
    if exc.code == 429:
        hint = (f" (rate limited; gave up after {retries} retries)" if retries else
                " (rate limited, and Retry-After asks for a longer wait than sync makes)")
    reason = _reason(exc)
    return f"{method} {url}: HTTP {exc.code} {exc.reason}{hint}" + (f": {reason}" if reason
                                                                   else "")


def _reason(exc: urllib.error.HTTPError) -> str:
    """The API's own words for an error answer, on one line, or ''."""
    try:
        doc = json.loads(exc.read(65536) or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        return ""
    if not isinstance(doc, dict):
        return ""
    parts: list[str] = []
    for key in ("error", "description", "message"):
        if isinstance(doc.get(key), str):
            parts.append(doc[key])
        elif isinstance(doc.get(key), dict):  # Zendesk: {"error": {"title", "message"}}
            parts += [str(v) for v in doc[key].values() if isinstance(v, str)]
    details = doc.get("details")
    if isinstance(details, dict):
        for items in details.values():
            for item in items if isinstance(items, list) else [items]:
                parts.append(str(item.get("description") if isinstance(item, dict) else item))
    embedded = doc.get("_embedded")
    if isinstance(embedded, dict) and isinstance(embedded.get("errors"), list):
        parts += [f"{e.get('path', '')}: {e.get('message', '')}".strip(": ")
                  for e in embedded["errors"] if isinstance(e, dict)]
    return " ".join("; ".join(dict.fromkeys(p.strip() for p in parts if p.strip())).split())[:300]


def expect(value: Any, kind: type, what: str) -> Any:
    """`value` when it is a `kind`, else SyncError naming the request and what came back."""
    if not isinstance(value, kind):
        shape = "a list" if isinstance(value, list) else type(value).__name__
        raise SyncError(f"{what}: expected {'an object' if kind is dict else 'a list'} in "
                        f"the answer, got {shape}: is --url the helpdesk's API?")
    return value
