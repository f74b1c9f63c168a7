"""The checklist's incident mode, on a fake clock in UTC: start time, tick times, the
countdown to the next update from the configured cadence (mkdocs.yml: every 20 minutes),
the prompt when the ticks are from an old incident, Copy status, and clearing with a
confirmation and an undo. Nothing leaves the browser: it is all in localStorage."""

from __future__ import annotations

import datetime as dt

import pytest
from hb_browser import clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = dt.datetime(2026, 11, 29, 14, 0, tzinfo=dt.timezone.utc)
PAGE = "playbooks/fixture-checklist/"


@pytest.fixture
def clocked(browser, site):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base.rstrip("/"))
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.clock.install(time=START)
    page.goto(site.url(PAGE))
    yield page
    ctx.close()


def item(page, text: str):
    return page.locator("li.task-list-item", has_text=text)


def test_an_incident_keeps_time_and_counts_down_to_the_next_update(clocked, site):
    page = clocked
    bar = page.locator(".hb-checklist-bar")
    bar.get_by_role("button", name="Start incident").click()
    expect(bar).to_contain_text("Incident started 14:00")
    expect(bar.locator(".hb-checklist-bar__due")).to_have_text(
        "Next update due at 14:20 (in 20 min)")

    page.clock.fast_forward("03:00")
    item(page, "Post the first update").get_by_text("Post the first update").click()
    expect(item(page, "Post the first update").locator(".hb-tick-time")).to_have_text(
        "ticked 14:03")

    page.clock.fast_forward("18:00")  # 14:21: past due, said once to screen readers
    expect(bar.locator(".hb-checklist-bar__due")).to_have_text(
        "Update overdue: it was due at 14:20")
    expect(bar.locator("[role=status][aria-live=polite].hb-visually-hidden")).to_have_text(
        "The next update was due at 14:20.")

    bar.get_by_role("button", name="Update posted").click()
    expect(bar.locator(".hb-checklist-bar__due")).to_have_text(
        "Next update due at 14:41 (in 20 min)")

    # Kept across a reload, with the times.
    page.reload()
    expect(item(page, "Post the first update").locator(".hb-tick-time")).to_have_text(
        "ticked 14:03")
    expect(page.locator(".hb-checklist-bar")).to_contain_text("Incident started 14:00")

    clear_clipboard(page)
    page.get_by_role("button", name="Copy status").click()
    assert read_clipboard(page).split("\n") == [
        "Fixture checklist: 1 of 2 ticked (times in UTC)",
        "Incident started 14:00",
        "Next update due at 14:41 (in 20 min)",
        "[x] 14:03 Post the first update",
        site.url(PAGE),
    ]


def test_clearing_asks_first_and_can_be_undone(clocked):
    page = clocked
    bar = page.locator(".hb-checklist-bar")
    item(page, "Post the first update").get_by_text("Post the first update").click()
    bar.get_by_role("button", name="Clear checklist").click()
    bar.get_by_role("button", name="Cancel").click()
    expect(bar).to_contain_text("1 of 2 ticked")

    bar.get_by_role("button", name="Clear checklist").click()
    bar.get_by_role("button", name="Clear", exact=True).click()
    expect(bar).to_contain_text("0 of 2 ticked")
    expect(bar.get_by_role("button", name="Undo")).to_be_focused()
    bar.get_by_role("button", name="Undo").click()
    expect(bar).to_contain_text("1 of 2 ticked")
    expect(item(page, "Post the first update").locator("input[type=checkbox]")).to_be_checked()


def test_ticks_from_an_old_incident_prompt_a_fresh_start(clocked):
    page = clocked
    bar = page.locator(".hb-checklist-bar")
    item(page, "Post the first update").get_by_text("Post the first update").click()
    page.clock.fast_forward(13 * 3600 * 1000)  # past checklist_expires_after (12 hours)
    page.reload()
    notice = bar.locator(".hb-checklist-bar__notice")
    expect(notice).to_contain_text("These ticks were last changed 13 hours ago")
    notice.get_by_role("button", name="Start a new incident").click()
    expect(bar).to_contain_text("0 of 2 ticked")
    expect(bar).to_contain_text("Incident started 03:00")
    expect(notice).to_be_hidden()
    # The old ticks can still be brought back.
    bar.get_by_role("button", name="Undo").click()
    expect(bar).to_contain_text("1 of 2 ticked")


def test_keep_them_dismisses_the_prompt_without_posting_an_update(clocked):
    page = clocked
    bar = page.locator(".hb-checklist-bar")
    bar.get_by_role("button", name="Start incident").click()
    page.clock.fast_forward(13 * 3600 * 1000)
    page.reload()
    bar.locator(".hb-checklist-bar__notice").get_by_role("button", name="Keep them").click()
    expect(bar.locator(".hb-checklist-bar__notice")).to_be_hidden()
    expect(bar.locator(".hb-checklist-bar__due")).to_have_text(
        "Update overdue: it was due at 14:20")


def test_two_tabs_share_one_checklist(clocked, site):
    page = clocked
    other = page.context.new_page()
    other.goto(site.url(PAGE))
    page.locator(".hb-checklist-bar").get_by_role("button", name="Start incident").click()
    item(page, "Post the first update").get_by_text("Post the first update").click()
    expect(other.locator(".hb-checklist-bar")).to_contain_text("1 of 2 ticked")
    item(other, "Confirm the scope").get_by_text("Confirm the scope").click()
    expect(page.locator(".hb-checklist-bar")).to_contain_text("2 of 2 ticked")
    page.reload()
    expect(page.locator(".hb-checklist-bar")).to_contain_text("Incident started 14:00")
    expect(page.locator(".hb-checklist-bar")).to_contain_text("2 of 2 ticked")


def test_a_checklist_without_incident_mode_only_counts_and_clears(page, site):
    page.goto(site.url("playbooks/heard-service-recovery/"))
    bar = page.locator(".hb-checklist-bar")
    expect(bar).to_contain_text("ticked")
    expect(bar.get_by_role("button", name="Start incident")).to_have_count(0)
    expect(bar.get_by_role("button", name="Clear checklist")).to_be_visible()
