"""Browser tests: the real handbook plus fixture content, built once, served on 127.0.0.1 and
driven by Debian's Chromium through Python Playwright. Never downloads a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hb_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, FIXTURE_FILES, Site, with_site_url
from search_fixtures import SEARCH_FILES
from sitebuild import build_copy


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The handbook with the fixture content, built once and served on 127.0.0.1.

    The server binds its port first so the build can set `site_url` to it, as a published
    handbook does: Material's instant navigation only intercepts links listed in sitemap.xml,
    which stays empty without a site_url (it keeps the port and path of those URLs).
    """
    project = tmp_path_factory.mktemp("browser") / "project"
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    files = {**FIXTURE_FILES, **SEARCH_FILES, "mkdocs.yml": with_site_url(base)}
    try:
        result = build_copy(project, files=files)
        assert result.returncode == 0, result.output
        thread = threading.Thread(target=server.serve_forever, name="handbook-site", daemon=True)
        thread.start()
        try:
            yield Site(result, base)
        finally:
            server.shutdown()
            thread.join(timeout=5)
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's chromium "
            "package: run `apt-get install chromium` (CI's .ci/run does). Never run "
            "`playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser, site: Site):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base.rstrip("/"))
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    """A page that fails the test on any dialog (alert) or uncaught script error."""
    pg = context.new_page()
    pg.dialogs = []
    pg.page_errors = []

    def on_dialog(dialog) -> None:
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda err: pg.page_errors.append(str(err)))
    yield pg
    assert not pg.dialogs, f"a dialog opened: {pg.dialogs}"
    assert not pg.page_errors, f"script errors on the page: {pg.page_errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when not in ("call", "setup") or not report.failed:
        return
    pg = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if pg is None or pg.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    path = ARTIFACTS / f"{name}.png"
    try:
        pg.screenshot(path=str(path), full_page=True)
    except Exception as err:  # the page may have crashed; the failure itself matters more
        report.sections.append(("browser screenshot", f"could not save a screenshot: {err}"))
        return
    report.sections.append(("browser screenshot", f"saved {path}"))
    item.config.stash.setdefault(_SHOTS, []).append(str(path))


_SHOTS = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    shots = config.stash.get(_SHOTS, [])
    if shots:
        terminalreporter.section("browser screenshots of failed tests")
        for path in shots:
            terminalreporter.write_line(path)
