"""A local stand-in for the documented Zendesk macro and Help Scout saved-reply endpoints, on
127.0.0.1 only. Every request body is checked against helpdesk_schemas.py (written from the
APIs' documentation); a body that does not match is answered 400 and recorded in `errors`.

Zendesk: GET /api/v2/macros (cursor pages of at most PAGE macros: meta.has_more,
links.next), POST /api/v2/macros, PUT /api/v2/macros/{id}; basic auth
`{email}/token:{token}`. Help Scout: GET/POST /v2/mailboxes/{id}/saved-replies, GET/PUT
…/saved-replies/{id}; bearer token. Sources: see helpdesk_schemas.py.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
from helpdesk_schemas import HELPSCOUT_SAVED_REPLY_BODY, ZENDESK_MACRO_BODY

PAGE = 3  # small, so the client has to follow the cursor
EMAIL, TOKEN, BEARER = "agent@example.com", "zd-token", "hs-token"


class StandIn:
    def __init__(self) -> None:
        self.macros: dict[int, dict[str, Any]] = {}
        self.replies: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str]] = []
        self.errors: list[str] = []
        # Answers to give instead, next writes (POST/PUT) or lists first: (status, body,
        # headers), e.g. (429, {}, {"Retry-After": "2"}).
        self.forced: list[tuple[int, Any, dict[str, str]]] = []
        self.forced_get: list[tuple[int, Any, dict[str, str]]] = []
        self._ids = itertools.count(1000)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def writes(self) -> list[tuple[str, str]]:
        return [r for r in self.requests if r[0] != "GET"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the endpoints ------------------------------------------------------------------
    def route(self, method: str, path: str, query: dict, auth: str, body: Any,
              ) -> tuple[int, Any]:
        if path.startswith("/api/v2/macros"):
            expected = "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
            if auth != expected:
                return 401, {"error": "Couldn't authenticate you"}
            return self.zendesk(method, path, query, body)
        if path.startswith("/v2/mailboxes/"):
            if auth != f"Bearer {BEARER}":
                return 401, {"error": "unauthorized"}
            return self.helpscout(method, path, body)
        return 404, {"error": "not found"}

    def _invalid(self, body: Any, schema: dict, what: str) -> bool:
        try:
            jsonschema.validate(body, schema)
        except jsonschema.ValidationError as exc:
            self.errors.append(f"{what}: {exc.message}")
            return True
        return False

    def zendesk(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any]:
        found = re.fullmatch(r"/api/v2/macros(?:/(\d+))?", path)
        if not found:
            return 404, {}
        ident = int(found.group(1)) if found.group(1) else None
        if method == "GET" and ident is None:
            ids = sorted(self.macros)
            after = int(query.get("page[after]", ["0"])[0])
            size = min(int(query.get("page[size]", ["100"])[0]), PAGE)
            page = [i for i in ids if i > after][:size]
            more = bool(page) and page[-1] != ids[-1]
            nxt = (f"{self.url}/api/v2/macros?page[size]={size}&page[after]={page[-1]}"
                   if more else None)
            return 200, {"macros": [self.macros[i] for i in page],
                         "meta": {"has_more": more}, "links": {"next": nxt}}
        if method in ("POST", "PUT"):
            if self._invalid(body, ZENDESK_MACRO_BODY, f"{method} {path}"):
                return 400, {"error": "RecordInvalid"}
            if method == "POST":
                ident = next(self._ids)
                self.macros[ident] = {"id": ident, "active": True, "description": None,
                                      "restriction": None}
            elif ident not in self.macros:
                return 404, {}
            self.macros[ident].update(body["macro"])
            return (201 if method == "POST" else 200), {"macro": self.macros[ident]}
        return 405, {}

    def helpscout(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        found = re.fullmatch(r"/v2/mailboxes/(\d+)/saved-replies(?:/(\d+))?", path)
        if not found:
            return 404, {}
        ident = int(found.group(2)) if found.group(2) else None
        if method == "GET" and ident is None:
            return 200, [{"id": i, "name": r["name"], "preview": str(r.get("text") or "")[:40]}
                         for i, r in sorted(self.replies.items())]
        if method == "GET":
            return (200, {"id": ident, **self.replies[ident]}) if ident in self.replies else (
                404, {})
        if method in ("POST", "PUT"):
            if self._invalid(body, HELPSCOUT_SAVED_REPLY_BODY, f"{method} {path}"):
                return 400, {"message": "Bad request"}
            if method == "POST":
                self.replies[next(self._ids)] = dict(body)
                return 201, None
            if ident not in self.replies:
                return 404, {}
            self.replies[ident] = dict(body)
            return 204, None
        return 405, {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                stand_in.requests.append((self.command, parts.path))
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    stand_in.errors.append(f"{self.command} {parts.path}: body is not JSON")
                    body = None
                queue = stand_in.forced_get if self.command == "GET" else stand_in.forced
                extra: dict[str, str] = {}
                if queue:
                    status, answer, extra = queue.pop(0)
                else:
                    status, answer = stand_in.route(self.command, parts.path,
                                                    parse_qs(parts.query),
                                                    self.headers.get("Authorization", ""), body)
                data = b"" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
