"""Scenario 6: content holding <script> and <img onerror> payloads shows them as text; no dialog
opens and no script runs (the `page` fixture fails the test on any dialog or script error)."""

from __future__ import annotations

import pytest
from hb_browser import XSS_IMG, XSS_SCRIPT, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = ["snippets/fixture-payload/", "trees/fixture-payload/", "playbooks/fixture-payload/",
         "", "tags/"]
INDEXES = ["snippets/", "trees/"]


def assert_inert(page) -> None:
    assert page.locator("img[src='x']").count() == 0, "an <img> payload became an element"
    injected = page.evaluate("""() => [...document.querySelectorAll('script')]
        .filter(s => s.textContent.includes('alert(1)')).length""")
    assert injected == 0, "a <script> payload became an element"


def test_payloads_render_as_text_on_every_page_that_shows_them(page, site):
    for path in PAGES + INDEXES:
        page.goto(site.url(path))
        assert_inert(page)
        if path in PAGES:
            # The payload is on the page as the literal text the author wrote.
            assert XSS_SCRIPT in page.locator("article").inner_text(), path
        if path.startswith("playbooks/"):
            assert XSS_SCRIPT in page.title()


@pytest.mark.parametrize("path", INDEXES)
def test_index_pages_show_titles_literally(page, site, path):
    page.goto(site.url(path))
    assert XSS_SCRIPT in page.locator("article").inner_text()


def test_payload_snippet_fields_tree_and_search_stay_inert(page, site):
    page.goto(site.url("snippets/fixture-payload/"))
    block = page.locator(".hb-snippet[data-snippet='fixture-payload']")
    expect(block.locator(".hb-snippet__title")).to_contain_text(f"Payload {XSS_SCRIPT} title")
    expect(block.locator(".hb-snippet__text[data-channel='email']")).to_contain_text(
        f"this {XSS_SCRIPT} and this {XSS_IMG} stay text")
    expect(block.locator(".hb-snippet__label")).to_have_text(f"Name {XSS_IMG}")

    # A payload typed into a field is shown and copied as text, too.
    block.locator("input[data-ph='first_name']").fill(XSS_IMG)
    email = block.locator(".hb-snippet__text[data-channel='email']")
    expect(email.locator("var[data-ph]")).to_have_text(XSS_IMG)
    block.get_by_role("button", name="Copy reply").click()
    assert read_clipboard(page).startswith(f"Hi {XSS_IMG}, this {XSS_SCRIPT}")
    block.locator("input[data-ph='first_name']").fill("")
    block.get_by_role("button", name="Copy reply").click()
    assert read_clipboard(page).startswith(f"Hi friend {XSS_SCRIPT},")
    assert_inert(page)

    page.goto(site.url("trees/fixture-payload/"))
    tree = page.locator(".hb-tree[data-tree='fixture-payload']")
    expect(tree.locator(".hb-tree__step:visible .hb-tree__title")).to_contain_text(
        f"Does {XSS_SCRIPT} run?")
    tree.get_by_role("button", name=f"Yes {XSS_IMG}").click()
    expect(tree).to_have_attribute("data-current", "shown")
    expect(tree.locator(".hb-tree__path")).to_contain_text(f"Yes {XSS_IMG}")
    expect(tree.locator(".hb-tree__step:visible .hb-tree__instruction")).to_have_text(
        f"Instruction {XSS_IMG}")
    assert_inert(page)

    # Material renders search results as HTML: the payloads must arrive there as text.
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("payload alert", delay=10)
    page.locator(".md-search-result__item").first.wait_for()
    assert_inert(page)
    page.wait_for_timeout(300)
    assert_inert(page)
