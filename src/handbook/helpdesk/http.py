"""A small JSON client for the helpdesks' REST APIs, on the standard library's urllib.

Errors become SyncError with one line naming the request, the status and the API's own
reason (Zendesk's `description`/`details`, Help Scout's `message` and `_embedded.errors`),
never a traceback. A 429 (rate limit) is retried after the time the API asks, at most
RETRIES times and never for longer than MAX_WAIT seconds at once: Help Scout's Mailbox API
2.0 sends `X-RateLimit-Retry-After` in seconds
(https://developer.helpscout.com/mailbox-api/overview/rate-limiting/); Zendesk sends
`Retry-After` (https://developer.zendesk.com/api-reference/introduction/rate-limits/),
which HTTP allows as seconds or as a date (RFC 9110, section 10.2.3).

Redirects are never followed: urllib's default handler would resend the Authorization header
to wherever `Location` points, another host or plain http included. A 3xx answer is one line
naming the address it points to (the token goes only to the --url host).
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import parsedate_to_datetime
from typing import Any

RETRIES = 3
MAX_WAIT = 120.0  # seconds
sleep = time.sleep  # tests put a recorder here


class SyncError(RuntimeError):
    """A request failed; the message names it and says what to check."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: urllib then raises the 3xx answer as an HTTPError."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def call(method: str, url: str, headers: dict[str, str], body: Any = None,
         timeout: float = 30) -> Any:
    """Sends one request and returns the decoded JSON answer (None for an empty one)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    for attempt in range(RETRIES + 1):
        try:
            request = urllib.request.Request(url, data=data, method=method, headers={
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data else {}), **headers})
            with _OPENER.open(request, timeout=timeout) as answer:
                raw = answer.read()
            break
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                raise SyncError(_redirect_line(method, url, exc)) from None
            wait = _retry_after(exc)
            if exc.code == 429 and isinstance(wait, float) and attempt < RETRIES:
                sleep(wait)
                continue
            raise SyncError(_http_line(method, url, exc, attempt, wait)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SyncError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None
        except (ValueError, http.client.InvalidURL) as exc:  # an address urllib can't read
            raise SyncError(f"{method} {url}: not an address: {exc}") from None
        except http.client.HTTPException as exc:  # the connection dropped mid-answer ...
            raise SyncError(f"{method} {url}: the answer broke off "
                            f"({type(exc).__name__}): run sync again") from None
    try:
        return json.loads(raw) if raw.strip() else None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise SyncError(f"{method} {url}: the answer is not JSON (or nested too deep to "
                        "read)") from None


def api_address(url: str, what: str = "--url") -> str:
    """`url` (the API's address, from `what`) when it is http(s) with a host; else
    SyncError."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host or any(
            c.isspace() or not c.isprintable() for c in url):
        raise SyncError(f"{what}: '{url[:80]}' is not the address of an API: give it as "
                        "https://acme.zendesk.com or https://api.helpscout.net")
    return url


def same_site(url: str, base: str) -> bool:
    """Whether `url` is on the host (scheme, host and port) of `base`: a page link from the
    API is followed with the token only there."""
    try:
        a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    except ValueError:
        return False
    return (a.scheme, a.netloc.casefold()) == (b.scheme, b.netloc.casefold())


RETRY_HEADERS = ("X-RateLimit-Retry-After", "Retry-After")  # Help Scout's, then HTTP's


def _retry_after(exc: urllib.error.HTTPError, now: float | None = None) -> float | str:
    """Seconds to wait before retrying a 429 (1 when no header says), or why not to: the
    header as written when it asks for more than MAX_WAIT or can't be read."""
    headers = exc.headers
    name, value = next(((n, headers.get(n)) for n in RETRY_HEADERS
                        if headers is not None and headers.get(n)), ("", "1"))
    try:
        wait = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return f"{name}: {value[:60]} is neither seconds nor a date"
        wait = when - (time.time() if now is None else now)
    wait = max(wait, 0.0)
    return wait if wait <= MAX_WAIT else (f"{name}: {value[:60]} asks for a longer wait than "
                                          f"sync makes ({MAX_WAIT:.0f} s)")


def _redirect_line(method: str, url: str, exc: urllib.error.HTTPError) -> str:
    where = (exc.headers.get("Location") if exc.headers is not None else None) or "nowhere"
    return (f"{method} {url}: HTTP {exc.code} {exc.reason}, a redirect to {where[:120]}: "
            "not followed (the token goes only to the --url host); if that is the API's "
            "address, give it as --url")


def _http_line(method: str, url: str, exc: urllib.error.HTTPError, retries: int,
               wait: float | str = 0.0) -> str:
    hint = " (check the token and its permissions)" if exc.code in (401, 403) else ""
    if exc.code == 429:
        hint = (f" (rate limited; {wait})" if isinstance(wait, str) else
                f" (rate limited; gave up after {retries} retries)")
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
