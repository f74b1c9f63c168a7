"""Scenario 8 (the overdue banner) and the outage checklist: remembered ticks, Clear, print."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OUTAGE = "playbooks/outage-communications/"


def test_overdue_banner_on_an_overdue_playbook(page, site):
    page.goto(site.url("playbooks/fixture-overdue/"))
    banner = page.locator(".hb-review--overdue .hb-overdue")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Review overdue")
    expect(banner).to_contain_text("2025-04-15")
    expect(page.locator(".hb-review__due")).to_contain_text("2025-04-15")

    page.goto(site.url(OUTAGE))
    expect(page.locator(".hb-review")).to_be_visible()
    expect(page.locator(".hb-overdue")).to_have_count(0)

    page.goto(site.url(""))
    row = page.locator(".hb-playbook-list li", has_text="Fixture overdue playbook")
    expect(row.locator(".hb-badge--overdue")).to_be_visible()
    page.goto(site.url("review/"))
    row = page.locator("tr", has_text="Fixture overdue playbook")
    expect(row.locator(".hb-badge--overdue")).to_contain_text("overdue")
    expect(row).to_contain_text("2025-04-15")


def test_the_review_page_filters_by_owner(page, site):
    page.goto(site.url("review/"))
    rows = page.locator("article tbody tr")
    total = rows.count()
    expect(page.locator("article")).to_contain_text("Fixture overdue playbook")
    select = page.get_by_label("Owner")
    select.select_option(label="@acme/qa")
    shown = page.locator("article tbody tr:visible")
    assert 0 < shown.count() < total
    assert all("@acme/qa" not in t for t in shown.all_inner_texts())  # owner is the heading
    expect(page.locator("article h2:visible")).to_have_text([re.compile(r"^@acme/qa")])
    select.select_option(label="Every owner")
    expect(rows.filter(visible=True)).to_have_count(total)


def boxes(page):
    return page.locator("article li.task-list-item input[type=checkbox]")


def tick(page, index: int) -> None:
    """Click where Material draws the box: a ::before 24px left of its zero-width label."""
    label = page.locator("article li.task-list-item").nth(index).locator("label.task-list-control")
    label.scroll_into_view_if_needed()
    label.click(position={"x": -14, "y": 10}, force=True)


def test_checklist_is_remembered_and_cleared(page, site):
    page.goto(site.url(OUTAGE))
    total = boxes(page).count()
    assert total >= 10
    bar = page.locator(".hb-checklist-bar")
    expect(bar).to_have_count(1)
    expect(bar).to_contain_text(f"0 of {total} ticked")
    expect(bar.get_by_role("button", name="Clear checklist")).to_be_disabled()

    tick(page, 0)
    tick(page, 3)
    expect(boxes(page).nth(0)).to_be_checked()
    expect(bar).to_contain_text(f"2 of {total} ticked")

    page.reload()
    expect(boxes(page).nth(0)).to_be_checked()
    expect(boxes(page).nth(3)).to_be_checked()
    expect(boxes(page).nth(1)).not_to_be_checked()
    expect(page.locator(".hb-checklist-bar")).to_contain_text(f"2 of {total} ticked")

    # Ticks are per page: another playbook with a checklist starts from its own state.
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('hb-checklist:'))")
    assert stored == ["hb-checklist:/playbooks/outage-communications/"]

    page.get_by_role("button", name="Clear checklist").click()
    page.locator(".hb-checklist-bar").get_by_role("button", name="Clear", exact=True).click()
    expect(page.locator(".hb-checklist-bar")).to_contain_text(f"0 of {total} ticked")
    page.reload()
    assert boxes(page).evaluate_all("els => els.filter(e => e.checked).length") == 0


def test_checklist_prints_with_checkboxes_and_without_chrome(page, site):
    page.goto(site.url(OUTAGE))
    tick(page, 1)
    page.emulate_media(media="print")
    box = boxes(page).nth(1)
    expect(box).to_be_visible()
    assert box.evaluate("e => getComputedStyle(e).opacity") == "1"
    expect(box).to_be_checked()
    expect(page.locator("li.task-list-item .hb-tick-time").first).to_be_visible()
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer",
                     ".hb-checklist-bar button", ".hb-snippet__copy", ".hb-tree",
                     ".hb-snippet__toggle", "article > p", "article > .admonition"):
        hidden = page.locator(selector).evaluate_all(
            "els => els.every(e => getComputedStyle(e).display === 'none' "
            "|| e.closest('[hidden]') || !e.offsetParent)")
        assert hidden, f"{selector} is printed"
    # The outage checklist fits on three A4 pages: headings, items, reply titles.
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, pages


def test_a_tree_page_prints_every_step(page, site):
    page.goto(site.url("trees/upset-customer/"))
    page.emulate_media(media="print")
    steps = page.locator(".hb-tree__step")
    assert steps.count() > 1
    assert steps.evaluate_all("els => els.every(e => getComputedStyle(e).display !== 'none')")


def test_outage_replies_are_collapsed_until_opened(page, site):
    page.goto(site.url(OUTAGE))
    block = page.locator(".hb-snippet[data-snippet='outage-acknowledge']")
    expect(block.locator(".hb-snippet__text").first).to_be_hidden()
    toggle = block.get_by_role("button", name="Show reply")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(block.get_by_role("button", name="Hide reply")).to_have_attribute(
        "aria-expanded", "true")
    expect(block.get_by_role("button", name="Copy reply")).to_be_visible()
    # A link to a reply opens it.
    page.goto(site.url(OUTAGE + "#snippet-outage-scope"))
    scope = page.locator(".hb-snippet[data-snippet='outage-scope']")
    expect(scope.get_by_role("button", name="Copy reply")).to_be_visible()
    # The summary card at the top: cadence from mkdocs.yml and the way to the tree.
    card = page.locator("article .admonition").first
    expect(card).to_contain_text("within 5 minutes")
    expect(card.get_by_role("link", name="outage report tree")).to_have_attribute(
        "href", re.compile(r"#walk-it-through$"))


def test_links_within_the_outage_page_land_on_their_section(page, site):
    """The first link within a page makes Material re-render it; the replies collapse again
    after it has scrolled, and the section must still be at the top of the window."""
    for anchor, link in (("acknowledge", "checklist bar"), ("monitoring", "monitoring")):
        page.goto(site.url(OUTAGE), wait_until="networkidle")
        page.locator("article .admonition").first.get_by_role("link", name=link).click()
        page.wait_for_url(f"**#{anchor}")
        page.wait_for_timeout(600)
        top = page.locator(f"#{anchor}").evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 200, (anchor, top)


def test_a_checklist_box_reached_with_tab_shows_a_focus_ring(page, site):
    page.goto(site.url(OUTAGE))
    box = boxes(page).first
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    ring = box.evaluate("b => getComputedStyle(b.nextElementSibling, '::after').outlineStyle")
    assert ring == "solid"
