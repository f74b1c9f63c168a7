"""Scenarios 3 and 4: decision trees one question at a time, with Back, Start over, deep links,
the browser's back button, instant navigation and a keyboard-only walk."""

from __future__ import annotations

import re

import pytest
from hb_browser import clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TREE = "trees/upset-customer/"
CIVIL = "No, they are upset but civil"
KNOWN_BUG = "Yes, it's a known bug or limitation"
UNCLEAR = "Not yet, the story is unclear"
INSULTS = "Yes, there are insults, slurs or threats of harm"
SELF_HARM = "They mention harming themselves or not wanting to go on, however calmly"


def tree(page, ident: str = "upset-customer"):
    return page.locator(f".hb-tree[data-tree='{ident}']")


def visible_steps(page, ident: str = "upset-customer") -> list[str]:
    return tree(page, ident).locator(".hb-tree__step:visible").evaluate_all(
        "els => els.map(e => e.dataset.node)")


def expect_step(page, node: str, ident: str = "upset-customer") -> None:
    expect(tree(page, ident)).to_have_attribute("data-current", node)
    assert visible_steps(page, ident) == [node]


def answer(page, label: str):
    return tree(page).get_by_role("button", name=label, exact=True)


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_walk_to_outcome_with_back_and_start_over(page, site):
    page.goto(site.url(TREE))
    expect(tree(page)).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))
    expect_step(page, "first-contact")
    answers = tree(page).locator(".hb-tree__step:visible .hb-tree__answer")
    # Four answers: a self-harm mention first (it can come in a calm message), then insults,
    # civil, and a demand.
    assert answers.evaluate_all("els => els.map(e => e.tagName)") == ["BUTTON"] * 4
    expect(tree(page).locator(".hb-tree__trail")).to_be_hidden()
    expect(tree(page).get_by_role("button", name="Back")).to_be_disabled()

    answer(page, CIVIL).click()
    expect_step(page, "cause-known")
    assert page.url.endswith("#upset-customer--cause-known")
    assert focused_id(page) == "upset-customer--cause-known"
    trail = tree(page).locator(".hb-tree__path > li")
    expect(trail).to_have_count(1)
    expect(trail.first).to_contain_text(
        "Is anyone insulted or threatened, or does the customer mention harming themselves?")
    expect(trail.first).to_contain_text(CIVIL)

    answer(page, KNOWN_BUG).click()
    expect_step(page, "known-issue")
    outcome = tree(page).locator("li[data-node='known-issue']")
    expect(outcome.locator(".hb-tree__instruction")).to_contain_text("known issue")
    link = outcome.locator(".hb-tree__playbook a")
    expect(link).to_be_visible()
    assert link.evaluate("a => a.href").endswith("/playbooks/six-support-rules/#be-transparent")
    expect(trail).to_have_count(2)

    # The outcome's snippet is there with working copy buttons.
    block = outcome.locator(".hb-snippet[data-snippet='known-issue-transparent']")
    expect(block).to_be_visible()
    clear_clipboard(page)
    block.locator("input[data-ph='first_name']").fill("Ana")
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    copied = read_clipboard(page)
    assert copied.startswith("Hi Ana,"), copied
    assert "[[" not in copied and "<" not in copied

    tree(page).get_by_role("button", name="Back").click()
    expect_step(page, "cause-known")
    expect(trail).to_have_count(1)
    assert focused_id(page) == "upset-customer--cause-known"

    tree(page).get_by_role("button", name="Start over").click()
    expect_step(page, "first-contact")
    expect(tree(page).locator(".hb-tree__trail")).to_be_hidden()
    assert page.url.endswith("#upset-customer--first-contact")
    assert focused_id(page) == "upset-customer--first-contact"


def test_deep_link_opens_the_step_after_reload(page, site):
    page.goto(site.url(TREE + "#upset-customer--boundary"))
    expect_step(page, "boundary")
    # Nobody answered the questions before it on this visit: no path is claimed (a note
    # copied from here would otherwise list answers the customer never gave).
    expect(tree(page).locator(".hb-tree__trail")).to_be_hidden()
    expect(tree(page).get_by_role("button", name="Back")).to_be_disabled()
    expect(tree(page).get_by_role("button", name="Start over")).to_be_enabled()
    expect(page.locator("#upset-customer--boundary")).to_be_in_viewport()

    page.reload()
    expect_step(page, "boundary")
    expect(page.locator("#upset-customer--boundary")).to_be_in_viewport()

    # A link to something inside an outcome (search lands on the inline snippet) opens it too.
    page.goto(site.url(TREE + "#snippet-heard-hear"))
    expect_step(page, "hear-first")
    expect(page.locator("#snippet-heard-hear")).to_be_in_viewport()

    # Copy link to this step gives the deep link.
    clear_clipboard(page)
    tree(page).get_by_role("button", name="Copy link to this step").click()
    assert read_clipboard(page) == site.url(TREE + "#upset-customer--hear-first")


def test_browser_back_button_walks_back_through_steps(page, site):
    page.goto(site.url(TREE))
    answer(page, CIVIL).click()
    expect_step(page, "cause-known")
    answer(page, UNCLEAR).click()
    expect_step(page, "hear-first")

    # Material's navigation.tracking rewrites the hash while scrolling; the step must survive.
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(700)
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(700)
    assert page.url.endswith("#upset-customer--hear-first"), page.url

    page.go_back()
    expect_step(page, "cause-known")
    assert page.url.endswith("#upset-customer--cause-known")
    expect(tree(page).locator(".hb-tree__path > li")).to_have_count(1)
    page.go_back()
    expect_step(page, "first-contact")
    page.go_forward()
    expect_step(page, "cause-known")
    page.go_forward()
    expect_step(page, "hear-first")
    expect(tree(page).locator(".hb-tree__path > li")).to_have_count(2)


def test_tree_works_after_instant_navigation(page, site):
    # networkidle: Material intercepts links only once it has loaded the sitemap.
    page.goto(site.url(""), wait_until="networkidle")
    page.evaluate("window.__noReload = 'still here'")
    page.get_by_role("link", name="upset customer tree").click()
    # (Material's navigation.tracking may carry the previous page's anchor over: any hash.)
    page.wait_for_url(lambda url: "/trees/upset-customer/" in url)
    expect(tree(page)).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))
    assert page.evaluate("window.__noReload") == "still here", "the page was fully reloaded"

    expect_step(page, "first-contact")
    answer(page, CIVIL).click()
    expect_step(page, "cause-known")
    page.go_back()
    expect_step(page, "first-contact")

    # A nav link to another tree, then to a deep link of a step: still no reload.
    page.locator(".md-nav--primary").get_by_role("link", name="We made a mistake").click()
    page.wait_for_url(lambda url: "/trees/we-made-a-mistake/" in url)
    expect(tree(page, "we-made-a-mistake")).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))
    first = tree(page, "we-made-a-mistake").locator(".hb-tree__step:visible .hb-tree__answer")
    first.first.click()
    assert len(visible_steps(page, "we-made-a-mistake")) == 1
    assert tree(page, "we-made-a-mistake").locator(".hb-tree__path > li").count() == 1

    page.evaluate("""() => {
        const a = document.createElement('a');
        a.href = '../upset-customer/#upset-customer--decline';
        a.textContent = 'deep link';
        a.id = 'hb-test-link';
        document.querySelector('article').appendChild(a);
    }""")
    page.locator("#hb-test-link").click()
    page.wait_for_url("**/trees/upset-customer/#upset-customer--decline")
    expect_step(page, "decline")
    assert page.evaluate("window.__noReload") == "still here", "the page was fully reloaded"
    block = tree(page).locator("li[data-node='decline'] .hb-snippet")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy link").click()
    assert read_clipboard(page) == site.url("snippets/decline-without-confronting/")
    page.go_back()
    page.wait_for_url(lambda url: "/trees/we-made-a-mistake/" in url)
    expect(tree(page, "we-made-a-mistake")).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))


def tab_to(page, predicate: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate}")


def test_keyboard_only_walk(page, site):
    page.goto(site.url(TREE))
    tab_to(page, "el.matches('button.hb-tree__answer')")
    assert page.evaluate("document.activeElement.textContent") == SELF_HARM
    page.keyboard.press("Tab")  # to the second answer
    assert page.evaluate("document.activeElement.textContent") == INSULTS
    page.keyboard.press("Tab")  # to the third answer
    assert page.evaluate("document.activeElement.textContent") == CIVIL
    page.keyboard.press("Enter")
    expect_step(page, "cause-known")
    assert focused_id(page) == "upset-customer--cause-known"

    # From the new question's heading, Tab reaches its answers first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == UNCLEAR
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Yes, we made a mistake"
    expect_step(page, "our-mistake")
    assert focused_id(page) == "upset-customer--our-mistake"

    tab_to(page, "el.matches('.hb-tree__back')")
    page.keyboard.press("Enter")
    expect_step(page, "cause-known")
    assert focused_id(page) == "upset-customer--cause-known"
    tab_to(page, "el.matches('.hb-tree__restart')")
    page.keyboard.press("Enter")
    expect_step(page, "first-contact")
    # Space works on answers too, as on any button.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect_step(page, "self-harm")


def test_tree_is_readable_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(TREE))
        steps = page.locator(".hb-tree__step")
        assert steps.count() == 23
        for i in range(steps.count()):
            expect(steps.nth(i)).to_be_visible()
        link = page.locator("a.hb-tree__answer", has_text=CIVIL)
        expect(link).to_have_attribute("href", "#upset-customer--cause-known")
        link.click()
        assert page.url.endswith("#upset-customer--cause-known")
        expect(page.locator("#upset-customer--cause-known")).to_be_in_viewport()
        # Copy buttons and fields can't work without JavaScript: absent; the page link stays.
        block = page.locator(".hb-snippet").first
        expect(block.locator(".hb-snippet__copy")).to_have_count(0)
        expect(block.locator(".hb-snippet__fields")).to_have_count(0)
        expect(block.locator(".hb-snippet__permalink")).to_be_visible()
    finally:
        context.close()
