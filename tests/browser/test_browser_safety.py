"""Scenario 6: content holding <script> and <img onerror> payloads shows them as text; no dialog
opens and no script runs (the `page` fixture fails the test on any dialog or script error)."""

from __future__ import annotations

import re
import time

import pytest
from hb_browser import XSS_IMG, XSS_SCRIPT, clear_clipboard, read_clipboard
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


# fixture-proto (hb_browser.py): placeholder names and node ids a plain JavaScript object
# already answers for (`constructor`) or that look like its members. name -> (label, fallback)
PROTO_FIELDS = {
    "constructor": ("Builder", "the builder"),
    "valueof": ("Worth", "some worth"),
    "hasownproperty": ("Owner", "an owner"),
    "tostring": ("Text form", "plain text"),
}
PROTO_REPLY = "Hi {constructor}, {valueof} for {hasownproperty} as {tostring}."
PROTO_PAGE = "playbooks/fixture-proto/"


def copy_reply(page, block) -> str:
    """Click Copy reply and return the clipboard once the copy has landed."""
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    deadline = time.monotonic() + 5
    while (text := read_clipboard(page)) == "(empty)" and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return text


def walk_proto_tree(page) -> None:
    """From the start to an outcome through `constructor`, back, and to the other outcome."""
    tree = page.locator(".hb-tree[data-tree='fixture-proto']")
    expect(tree).to_have_class(re.compile(r"\bhb-tree--enhanced\b"))
    expect(tree).to_have_attribute("data-current", "ask")
    tree.get_by_role("button", name="Go to the builder").click()
    expect(tree).to_have_attribute("data-current", "constructor")
    expect(tree.locator(".hb-tree__step:visible .hb-tree__title")).to_contain_text("Who owns it?")
    tree.get_by_role("button", name="Someone owns it").click()
    expect(tree).to_have_attribute("data-current", "hasownproperty")
    visible = tree.locator(".hb-tree__step:visible")
    expect(visible).to_have_count(1)
    expect(visible.locator(".hb-tree__instruction")).to_have_text("Tell the owner.")
    expect(tree.locator(".hb-tree__path > li")).to_have_count(2)
    tree.get_by_role("button", name="Back").click()
    expect(tree).to_have_attribute("data-current", "constructor")
    tree.get_by_role("button", name="Back").click()
    expect(tree).to_have_attribute("data-current", "ask")
    expect(tree.get_by_role("button", name="Back")).to_be_disabled()
    tree.get_by_role("button", name="Go to the prototype").click()
    expect(tree).to_have_attribute("data-current", "prototype")
    tree.get_by_role("button", name="Start over").click()
    expect(tree).to_have_attribute("data-current", "ask")


def test_names_an_object_prototype_knows_are_plain_content(page, site):
    """Issue 11 item 7: a placeholder named `constructor` pre-filled its field with
    `function Object() { [native code] }`, copied it into the reply and threw, which left the
    tree on the same page dead. Names from content are keys of a Map, never of a plain object.
    The `page` fixture fails the test on any script error."""
    page.goto(site.url(PROTO_PAGE))
    block = page.locator(".hb-snippet[data-snippet='fixture-proto']")
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    email = block.locator(".hb-snippet__text[data-channel='email']")
    for name, (label, fallback) in PROTO_FIELDS.items():
        field = block.locator(f"input[data-ph='{name}']")
        expect(field).to_have_value("")
        expect(field).to_have_attribute("placeholder", fallback)
        expect(block.get_by_role("textbox", name=label, exact=True)).to_have_attribute(
            "data-ph", name)
        # The preview shows what Copy pastes: the fallback, titled with the label.
        var = email.locator(f"var[data-ph='{name}']")
        expect(var).to_have_text(fallback)
        expect(var).to_have_attribute("title", f"{label} (not filled in)")

    fallbacks = {name: fallback for name, (_, fallback) in PROTO_FIELDS.items()}
    assert copy_reply(page, block) == PROTO_REPLY.format(**fallbacks)

    typed = {"constructor": "Ada", "valueof": "ten pounds", "hasownproperty": "Grace",
             "tostring": "a note"}
    for name, value in typed.items():
        block.locator(f"input[data-ph='{name}']").fill(value)
        expect(email.locator(f"var[data-ph='{name}']")).to_have_text(value)
    assert copy_reply(page, block) == PROTO_REPLY.format(**typed)

    # Emptying one field brings back its fallback, not something inherited.
    block.locator("input[data-ph='constructor']").fill("")
    assert copy_reply(page, block) == PROTO_REPLY.format(**{**typed, "constructor": "the builder"})

    walk_proto_tree(page)

    # A deep link to a step behind `constructor` opens it.
    page.goto(site.url(PROTO_PAGE + "#fixture-proto--hasownproperty"))
    tree = page.locator(".hb-tree[data-tree='fixture-proto']")
    expect(tree).to_have_attribute("data-current", "hasownproperty")
    assert page.page_errors == []


def test_a_broken_block_leaves_the_others_working(page, site):
    """Each snippet and tree is enhanced on its own: blocks whose data cannot be read stay as
    they are (with a console warning) and the rest of the page works. Remembered checklist
    ticks are read as data too: whatever storage holds, the checklist still starts."""
    broken = (
        "<div class=\"hb-snippet\" data-snippet=\"broken-json\" data-placeholders='{not json'>"
        "<div class=\"hb-snippet__text\">x</div></div>"
        "<div class=\"hb-snippet\" data-snippet=\"broken-shape\" data-placeholders='[\"a\"]'>"
        "<div class=\"hb-snippet__text\">y</div></div>"
    )

    def inject(route) -> None:
        response = route.fetch()
        start = '<div class="hb-snippet" '
        body = response.text().replace(start, broken + start, 1)
        route.fulfill(response=response, body=body)

    warnings: list[str] = []
    page.on("console", lambda msg: msg.type == "warning" and warnings.append(msg.text))
    page.route(site.url(PROTO_PAGE), inject)
    page.goto(site.url(PROTO_PAGE))
    expect(page.locator(".hb-snippet[data-snippet='broken-json']")).to_have_count(1)
    assert page.locator(".hb-snippet[data-snippet^='broken-'] input").count() == 0
    block = page.locator(".hb-snippet[data-snippet='fixture-proto']")
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    block.locator("input[data-ph='tostring']").fill("words")
    assert copy_reply(page, block).endswith(" as words.")
    walk_proto_tree(page)
    assert len([w for w in warnings if "handbook: a snippet failed" in w]) == 2, warnings

    page.goto(site.url("playbooks/outage-communications/"))
    page.evaluate("""() => localStorage.setItem('hb-checklist:' + location.pathname,
        JSON.stringify({constructor: true, length: 1}))""")
    page.reload()
    expect(page.locator(".hb-checklist-bar__count")).to_have_text(re.compile(r"^0 of \d+ ticked"))
    page.evaluate("localStorage.clear()")
