"""The benchmark's search step: time from page load to the first results, in Chromium.

A built site is served from 127.0.0.1 (Python's http.server: no compression, so bytes are
what the files weigh). For each run a fresh browser context (empty cache) opens the first
playbook's page (start_page) with the query in its address (`?q=refund`, Material's
shareable search link, which opens the search box with the query as the page loads) and
waits for the first result.
Time: measured in the page by a MutationObserver, `performance.now()` when the first result
enters the list (time since the navigation started), and that time less the end of the
page's load event (`loadEventEnd` of its navigation timing): "after page load", the issue's
measure; 0 when the results came first. Bytes: the Content-Length of every
response the page and its workers received until the first result was seen (counted by
Playwright, so a response that arrives in the same instant may be counted too: an upper
bound). Debian's Chromium, as the browser tests use it; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERY = "refund"
TIMEOUT_MS = 120_000
# Notes the moment the first result enters the list.
WATCH_JS = """new MutationObserver((_, observer) => {
  if (!document.querySelector(".md-search-result__item")) return;
  window.__firstResult = performance.now();
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });"""


@dataclass
class SearchRun:
    seconds: float  # navigation start -> first result shown
    bytes: int  # downloaded by then
    results: int
    after_load: float = 0.0  # the page's load event (its end) -> first result shown; >= 0


@dataclass
class SearchSpeed:
    runs: list[SearchRun] = field(default_factory=list)
    error: str = ""
    start: str = ""  # the page opened, from the site root

    def median(self, attr: str) -> float | None:
        values = [getattr(r, attr) for r in self.runs]
        return statistics.median(values) if values else None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` on a free port of 127.0.0.1; yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def start_page(site: Path) -> str:
    """The page the search starts from: the first playbook, as an agent opens one from a
    ticket (the home page of a 2,000-playbook handbook lists them all: half a megabyte)."""
    pages = sorted(p.relative_to(site).parent.as_posix()
                   for p in site.glob("playbooks/**/index.html"))
    return f"{pages[0]}/" if pages else ""


def measure(site: Path, runs: int, query: str = QUERY) -> SearchSpeed:
    """`runs` cold searches for `query` on the built `site`; errors are reported, not raised
    (the rest of the benchmark goes on)."""
    out = SearchSpeed(start=start_page(site))
    if not Path(CHROMIUM).exists():
        out.error = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        return out
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        out.error = f"playwright is not installed ({exc})"
        return out
    with served(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context()
                try:
                    out.runs.append(_one(context.new_page(), base + out.start, query))
                except Exception as exc:  # a timeout or a broken page: say so in the report
                    out.error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                    break
                finally:
                    context.close()
        finally:
            browser.close()
    return out


def _one(page, base: str, query: str) -> SearchRun:
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(WATCH_JS)
    fetched: list[int] = []
    done = threading.Event()

    def count(response) -> None:
        if not done.is_set():
            fetched.append(int(response.headers.get("content-length") or 0))

    page.context.on("response", count)
    # A shared search link: Material opens the search with the query as the page loads, so
    # no typing by the test harness is timed.
    page.goto(f"{base}?q={quote(query)}", wait_until="commit")
    page.wait_for_function("() => window.__firstResult")
    done.set()
    ms = page.evaluate("() => window.__firstResult")
    page.wait_for_load_state("load")
    loaded = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    shown = page.locator(".md-search-result__item").count()
    return SearchRun(ms / 1000, sum(fetched), shown, max(0.0, ms - loaded) / 1000)
