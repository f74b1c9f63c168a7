"""Mid-ticket: a reply that is safe to send (required fields, preview = clipboard), values kept
for the ticket in the tab, trees that lead on and copy as a note, keys that save time, and a
phone-sized screen. Fixture content: mid_ticket_fixtures.py."""

from __future__ import annotations

import re

import pytest
from hb_browser import clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPLY = ".hb-snippet[data-snippet='fixture-required']"


def open_reply(page, site):
    page.goto(site.url("snippets/fixture-required/"))
    block = page.locator(REPLY)
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    return block


def preview(block) -> str:
    """The selected variant as shown, in the plain text the clipboard gets."""
    return block.evaluate("""(b) => {
        const text = [...b.querySelectorAll('.hb-snippet__text')]
            .find((t) => t.offsetParent !== null);
        return text.innerText.replace(/\\n{3,}/g, '\\n\\n').trim();
    }""")


def test_a_required_field_left_empty_is_named_and_not_copied_silently(page, site):
    block = open_reply(page, site)
    expect(block.locator("input[data-ph='amount']")).to_have_attribute("aria-required", "true")
    # The preview shows the gap, and fallbacks where they will be pasted.
    expect(block.locator(".hb-snippet__text[data-channel='email'] var[data-ph='amount']")
           ).to_have_class(re.compile(r"\bhb-ph--missing\b"))
    expect(block.locator(".hb-snippet__text[data-channel='email'] var[data-ph='first_name']")
           ).to_have_text("there")

    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    status = block.locator(".hb-snippet__status")
    expect(status).to_contain_text("Not copied: fill in Refund amount")
    assert read_clipboard(page) == "(empty)"
    amount = block.locator("input[data-ph='amount']")
    expect(amount).to_be_focused()
    expect(amount).to_have_attribute("aria-invalid", "true")

    # Pressed again on purpose: copied, with the gap visible.
    block.get_by_role("button", name="Copy reply").click()
    expect(status).to_have_text("Copied, with gaps to fill in")
    assert "We refunded [Refund amount] for your request." in read_clipboard(page)

    amount.fill("$40.00")
    expect(amount).not_to_have_attribute("aria-invalid", "true")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    expect(status).to_have_text("Copied")
    assert "We refunded $40.00 for your request." in read_clipboard(page)


def test_the_preview_is_exactly_what_is_pasted(page, site):
    block = open_reply(page, site)
    block.locator("input[data-ph='amount']").fill("€12")
    block.locator("input[data-ph='first_name']").fill("Ana")
    for tab in ("Email", "Chat"):
        block.locator(".tabbed-labels label", has_text=tab).click()
        clear_clipboard(page)
        block.get_by_role("button", name="Copy reply").click()
        expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
        assert read_clipboard(page) == preview(block), tab
    assert read_clipboard(page) == "Done: €12 is on its way back to your card."


def test_a_typed_sentence_does_not_double_the_full_stop(page, site):
    block = open_reply(page, site)
    amount = block.locator("input[data-ph='amount']")
    amount.fill("$40.")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    assert "We refunded $40. for your request." in read_clipboard(page)  # not followed by .
    block.locator("input[data-ph='ticket_id']").fill("order 1234.")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    copied = read_clipboard(page)
    assert "for order 1234. It reaches" in copied and ".." not in copied
    assert copied == preview(block)
    block.locator("input[data-ph='ticket_id']").fill("order 1234")
    expect(block.locator(".hb-snippet__text[data-channel='email']")).to_contain_text(
        "for order 1234. It reaches")


def test_ctrl_enter_in_a_field_copies_the_reply(page, site):
    block = open_reply(page, site)
    field = block.locator("input[data-ph='amount']")
    field.fill("$5")
    clear_clipboard(page)
    field.press("Control+Enter")
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    assert read_clipboard(page).startswith("Hi there,")


def test_values_stay_for_the_ticket_in_the_tab_until_cleared(page, site, context):
    block = open_reply(page, site)
    block.locator("input[data-ph='first_name']").fill("Noor")
    # Another page of the same tab: the same customer, the same name.
    page.goto(site.url("playbooks/fixture-payload/"))
    expect(page.locator("input[data-ph='first_name']").first).to_have_value("Noor")
    page.go_back()
    expect(page.locator(f"{REPLY} input[data-ph='first_name']")).to_have_value("Noor")
    page.reload()
    block = page.locator(REPLY)
    expect(block.locator("input[data-ph='first_name']")).to_have_value("Noor")
    expect(block.locator(".hb-snippet__text[data-channel='email'] var[data-ph='first_name']")
           ).to_have_text("Noor")

    # A new tab is a new ticket: nothing carried over.
    other = context.new_page()
    other.goto(site.url("snippets/fixture-required/"))
    expect(other.locator(f"{REPLY} input[data-ph='first_name']")).to_have_value("")
    other.close()

    block.get_by_role("button", name="Clear fields").click()
    expect(block.locator("input[data-ph='first_name']")).to_have_value("")
    expect(block.locator("input[data-ph='first_name']")).to_be_focused()
    page.reload()
    expect(page.locator(f"{REPLY} input[data-ph='first_name']")).to_have_value("")


def test_the_skip_link_reaches_the_first_field_in_one_tab(page, site):
    open_reply(page, site)
    page.keyboard.press("Tab")
    expect(page.locator("#hb-skip")).to_be_focused()
    expect(page.locator("#hb-skip")).to_have_text("Skip to the reply")
    page.keyboard.press("Enter")
    expect(page.locator(f"{REPLY} input[data-ph='first_name']")).to_be_focused()

    page.goto(site.url("trees/fixture-route/"))
    expect(page.locator(".hb-tree[data-tree='fixture-route']")).to_have_class(
        re.compile(r"\bhb-tree--enhanced\b"))
    page.keyboard.press("Tab")
    expect(page.locator("#hb-skip")).to_have_text("Skip to the decision tree")
    page.keyboard.press("Enter")
    expect(page.locator("#fixture-route--paid")).to_be_focused()


def test_number_keys_walk_a_tree_and_the_path_copies_as_a_note(page, site):
    page.goto(site.url("trees/fixture-route/"))
    tree = page.locator(".hb-tree[data-tree='fixture-route']")
    expect(tree).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))
    answers = tree.locator("button.hb-tree__answer:visible")
    expect(answers).to_have_text(["Yes, they paid", "No, nothing paid"])  # labels only
    assert [answers.nth(i).get_attribute("aria-keyshortcuts") for i in range(2)] == ["1", "2"]
    assert answers.first.evaluate("b => getComputedStyle(b, '::before').content").startswith(
        '"1"')
    page.locator("#fixture-route--paid").focus()
    page.keyboard.press("1")
    expect(page.locator("#fixture-route--window")).to_be_focused()
    page.keyboard.press("1")
    expect(page.locator("#fixture-route--refund")).to_be_focused()
    assert page.url.endswith("#fixture-route--refund")
    # Keys typed into a reply field are text, not answers.
    field = tree.locator("input[data-ph='amount']:visible")
    field.fill("")
    field.press("2")
    expect(field).to_have_value("2")

    clear_clipboard(page)
    tree.get_by_role("button", name="Copy path as note").click()
    expect(tree.locator(".hb-tree__status")).to_have_text("Path copied as a note")
    assert read_clipboard(page).split("\n") == [
        "Decision tree: Fixture routing tree",
        "- Has the customer paid? → Yes, they paid",
        "- Within 30 days? → Yes, within 30 days",
        "Outcome: Refund it",
        "What to do: Issue the refund in billing, then send the confirmation.",
        "Link: " + site.url("trees/fixture-route/#fixture-route--refund"),
    ]


def test_an_outcome_links_on_to_another_tree(page, site):
    page.goto(site.url("trees/fixture-route/#fixture-route--later"))
    link = page.locator("#fixture-route--later").locator("xpath=..").locator(
        ".hb-tree__next a")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/trees/fixture-payload/")
    expect(page.locator(".hb-tree[data-tree='fixture-payload']")).to_be_visible()


def test_a_checklist_item_ticks_from_its_text(page, site):
    page.goto(site.url("playbooks/fixture-checklist/"))
    item = page.locator("li.task-list-item", has_text="Post the first update")
    box = item.locator("input[type=checkbox]")
    expect(box).not_to_be_checked()
    item.get_by_text("Post the first update").click()
    expect(box).to_be_checked()
    expect(page.locator(".hb-checklist-bar__count")).to_have_text("1 of 2 ticked")
    item.get_by_text("Post the first update").click()
    expect(box).not_to_be_checked()
    # A link inside an item keeps its own click and does not tick the box.
    first = page.locator("li.task-list-item", has_text="Confirm the scope")
    first.get_by_role("link", name="the lead").click()
    page.wait_for_url("**/playbooks/fixture-payload/")
    page.go_back()
    expect(page.locator("li.task-list-item", has_text="Confirm the scope")
           .locator("input[type=checkbox]")).not_to_be_checked()


@pytest.fixture
def phone(browser, site):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                              has_touch=True, device_scale_factor=2)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    yield page
    ctx.close()


PHONE_PAGES = ["", "snippets/fixture-required/", "trees/fixture-route/#fixture-route--refund",
               "playbooks/fixture-checklist/", "snippets/", "trees/"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_a_phone_gets_no_sideways_scrolling_and_big_targets(phone, site, path):
    phone.goto(site.url(path))
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path or 'home'} scrolls sideways: {width} px wide"
    small = phone.evaluate("""() => [...document.querySelectorAll(
            '.hb-snippet button, .hb-tree button, .hb-checklist-bar button, .hb-snippet input')]
        .filter((el) => el.offsetParent !== null && !el.closest('.tabbed-control')
                && el.type !== 'radio')
        .map((el) => [el.textContent.trim() || el.dataset.ph, el.getBoundingClientRect().height,
                      parseFloat(getComputedStyle(el).fontSize), el.tagName])
        .filter(([, h, size, tag]) => h < 44 || (tag === 'INPUT' && size < 16))""")
    assert small == [], small


def test_on_a_phone_copy_stays_on_screen_beside_the_reply(phone, site):
    phone.goto(site.url("snippets/fixture-required/"))
    copy = phone.locator(f"{REPLY} .hb-snippet__copy")
    expect(copy).to_be_visible()
    phone.locator(f"{REPLY} input[data-ph='first_name']").focus()
    box = copy.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box


def test_number_keys_work_on_a_tree_page_before_the_tree_has_focus(page, site):
    page.goto(site.url("trees/fixture-route/"))
    expect(page.locator(".hb-tree[data-tree='fixture-route']")).to_have_class(
        re.compile(r"\bhb-tree--enhanced\b"))
    page.keyboard.press("2")
    expect(page.locator("#fixture-route--nothing")).to_be_visible()


def test_a_link_to_a_later_step_claims_no_answers(page, site):
    page.goto(site.url("trees/fixture-route/#fixture-route--refund"))
    expect(page.locator("#fixture-route--refund")).to_be_visible()
    expect(page.locator(".hb-tree__trail")).to_be_hidden()
    clear_clipboard(page)
    page.get_by_role("button", name="Copy path as note").click()
    note = read_clipboard(page)
    assert "Has the customer paid?" not in note and note.startswith(
        "Decision tree: Fixture routing tree\nOutcome: Refund it")


def test_a_link_to_another_section_of_a_page_with_a_tree_lands_there(page, site):
    page.goto(site.url("playbooks/fixture-payload/"))
    page.locator(".md-sidebar--secondary a", has_text="Payload section").click()
    page.wait_for_url("**#payload-section")
    page.wait_for_timeout(500)
    top = page.locator("#payload-section").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 200, top


def test_the_preview_shows_links_code_and_numbers_as_they_paste(page, site):
    page.goto(site.url("snippets/fixture-markdown/"))
    block = page.locator(".hb-snippet[data-snippet='fixture-markdown']")
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    email = block.locator(".hb-snippet__text[data-channel='email']")
    expect(email.locator("a").first).to_have_text("status page (https://status.example.com/)")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    copied = read_clipboard(page)
    assert "status page (https://status.example.com/)" in copied
    assert "(https://status.example.com/) (https://" not in copied  # the address once
    code = email.locator("code").first
    assert code.evaluate("c => getComputedStyle(c, '::before').content") == '"`"'
    assert "`" + code.inner_text() + "`" in copied
    numbered = email.locator("ol").first
    assert numbered.evaluate("o => getComputedStyle(o).listStyleType") == "decimal"
