"""Scenario 1: Material's search finds a snippet (and a tree step) by words from its body and
lands on it."""

from __future__ import annotations

import pytest
from hb_browser import clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search(page, query: str):
    page.locator("label.md-search__icon[for='__search'], .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item a.md-search-result__link, "
                           ".md-search-result a[href]")
    expect(results.first).to_be_visible()
    return results


def expand_more(page) -> None:
    """Open every "N more on this page" group so all section results are clickable."""
    page.locator(".md-search-result details").evaluate_all(
        "els => els.forEach(e => { e.open = true; })")


def test_search_finds_snippet_by_body_words_and_lands_on_it(page, site):
    page.goto(site.url(""))
    search(page, "findings promised")
    expand_more(page)
    # A reply is one result, at its own address (not a section of each page showing it).
    # Found by its address, not its position: results re-render while the query is typed.
    link = page.locator(".md-search-result a[href*='/snippets/outage-update-no-news/']")
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url("**/snippets/outage-update-no-news/*")
    block = page.locator(".hb-snippet[data-snippet='outage-update-no-news']").first
    expect(block).to_be_in_viewport()
    # The snippet that opened is usable: its copy button is there and enhanced.
    block = page.locator(".hb-snippet[data-snippet='outage-update-no-news']").first
    expect(block).to_have_class("hb-snippet hb-snippet--enhanced")


def test_search_finds_tree_step_and_opens_the_widget_there(page, site):
    page.goto(site.url("snippets/"))
    search(page, "threaten safety harm")
    expand_more(page)
    # Found by its address, not its position: results re-render while the query is typed.
    step = page.locator(".md-search-result a[href$='#upset-customer--threat-check']")
    expect(step.first).to_be_attached()
    preferred = page.locator(".md-search-result a[href*='/trees/upset-customer/']"
                             "[href$='#upset-customer--threat-check']")
    (preferred.first if preferred.count() else step.first).click()
    page.wait_for_url("**#upset-customer--threat-check")
    tree = page.locator(".hb-tree[data-tree='upset-customer']")
    expect(tree).to_have_attribute("data-current", "threat-check")
    expect(page.locator("#upset-customer--threat-check")).to_be_in_viewport()
    # Arrived by a link: no answers are claimed for the questions before the step.
    expect(tree.locator(".hb-tree__path li")).to_have_count(0)
    # The step's link is clean: no ?h= search highlighting in what goes into a ticket.
    clear_clipboard(page)
    tree.get_by_role("button", name="Copy link to this step").click()
    copied = read_clipboard(page)
    assert copied.endswith("#upset-customer--threat-check") and "?" not in copied, copied
