"""Scenario 5: the site never calls another host: no web fonts, CDN, analytics or GitHub API."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

KNOWN_THIRD_PARTIES = ("fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com",
                       "cdn.jsdelivr.net", "api.github.com", "google-analytics.com",
                       "googletagmanager.com", "cdnjs.cloudflare.com", "polyfill.io")


def test_no_request_leaves_the_local_server(context, site):
    origin = site.base.rstrip("/")
    requests: list[str] = []
    blocked: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("websocket", lambda ws: blocked.append(ws.url))

    def is_external(url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https", "ws", "wss") and not (
            url == origin or url.startswith(origin + "/"))

    # Anything that tries to leave is recorded and refused, so the test also runs offline.
    context.route(is_external, lambda route: (blocked.append(route.request.url), route.abort()))

    page = context.new_page()
    playbooks = site.playbook_paths()
    paths = ["", *playbooks, "snippets/outage-acknowledge/", "trees/upset-customer/"]
    for path in paths:
        # Playbooks share one template: the first is watched until the network is idle,
        # the rest until they have loaded.
        quiet = path not in playbooks[1:]
        page.goto(site.url(path), wait_until="networkidle" if quiet else "load")
    # Search loads its worker and index; a tree walk and a copy must not call out either.
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("outage", delay=10)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.locator(".hb-tree__step:visible button.hb-tree__answer").first.click()
    page.wait_for_load_state("networkidle")

    assert len(requests) > len(paths), "no requests were recorded"
    external = sorted({u for u in requests if is_external(u)} | set(blocked))
    assert not external, f"requests left the site: {external}"
    assert not [u for u in requests if any(host in u for host in KNOWN_THIRD_PARTIES)]


class _Refs(HTMLParser):
    """Every URL the browser would fetch by itself: scripts, styles, images, frames, fonts."""

    FETCHED = frozenset({("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
               ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
               ("object", "data"), ("img", "srcset")})

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") in ("canonical", "alternate"):
            return  # not fetched by the browser
        for name, value in attrs:
            if (tag, name) in self.FETCHED and value:
                self.urls.append((tag, value))


def test_built_pages_reference_only_local_assets(site):
    """Every page of the build, not only those visited: nothing it loads points elsewhere."""
    offenders = []
    for page in site.build.site.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        base = site.url(str(page.relative_to(site.build.site).parent) + "/")
        for tag, url in parser.urls:
            absolute = urljoin(base, url)
            if not absolute.startswith(site.base) and not absolute.startswith("data:"):
                offenders.append(f"{page.relative_to(site.build.site)}: <{tag}> {url}")
    assert not offenders, "\n".join(offenders[:20])
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.build.site.rglob("*.css"))
    imports = re.findall(r"@import\s+url\(([^)]+)\)|url\((['\"]?)https?://", css)
    assert not imports, f"stylesheets load remote resources: {imports[:5]}"
