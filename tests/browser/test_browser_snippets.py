"""Scenario 2: fill a snippet's placeholders, copy the chosen variant as plain text (fallbacks
for empty fields), and copy the snippet's stable link."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hb_browser import clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PLACEHOLDER = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")


def source(site, ident: str) -> dict:
    path = site.build.project / "playbooks" / "snippets" / f"{ident}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected(snippet: dict, channel: str, values: dict[str, str]) -> str:
    """The variant's text with each placeholder filled, or its fallback (no Markdown in it)."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        field = snippet["placeholders"][name]
        return values.get(name) or field.get("fallback") or f"[{field['label']}]"

    return PLACEHOLDER.sub(fill, snippet["variants"][channel]).strip()


def test_copy_pastes_what_the_exports_hold_for_every_snippet_and_channel(page, site):
    """handbook.js copies the text of the rendered variant; the help-desk exports turn the same
    Markdown into text in Python. Both must give the same reply, for every shipped snippet."""
    exports = json.loads((site.build.site / "snippets.json").read_text("utf-8"))["snippets"]
    assert any(s["id"] == "fixture-markdown" for s in exports)
    for snippet in exports:
        page.goto(site.url(f"snippets/{snippet['id']}/"), wait_until="domcontentloaded")
        selector = f".hb-snippet[data-snippet='{snippet['id']}']"
        expect(page.locator(selector)).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
        copied = page.evaluate("""(selector) => {
            const block = document.querySelector(selector);
            return [...block.querySelectorAll('.tabbed-set > input')].map((input) => {
                input.checked = true;
                return window.hbHandbook.snippetText(block);
            });
        }""", selector)
        # What stands for an empty field: its fallback, or the gap of a required one.
        fallbacks = {name: p.get("fallback") or f"[{p['label']}]"
                     for name, p in snippet["placeholders"].items()}
        wanted = [PLACEHOLDER.sub(lambda m, f=fallbacks: f[m.group(1)], v["text"]).strip()
                  for v in snippet["variants"].values()]
        assert copied == wanted, snippet["id"]


def choose_tab(block, label: str) -> None:
    block.locator(".tabbed-labels label", has_text=label).click()


def test_copy_fills_placeholders_in_the_chosen_variant(page, site):
    snippet = source(site, "outage-acknowledge")
    page.goto(site.url("snippets/outage-acknowledge/"))
    block = page.locator(".hb-snippet[data-snippet='outage-acknowledge']")
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))

    # The next-update time is required (never a made-up fallback): fill it like the others.
    values = {"first_name": "Maria", "status_url": "https://status.example.com",
              "next_update": "14:30 UTC"}
    for name, value in values.items():
        block.locator(f"input[data-ph='{name}']").fill(value)

    # The visible text updates live; an empty placeholder shows the fallback Copy will paste,
    # marked as not filled in.
    email = block.locator(".hb-snippet__text[data-channel='email']")
    first = email.locator("var[data-ph='first_name']")
    expect(first).to_have_text("Maria")
    expect(first).to_have_class(re.compile(r"\bhb-ph--filled\b"))
    agent = email.locator("var[data-ph='agent_name']")
    expect(agent).to_have_text(snippet["placeholders"]["agent_name"]["fallback"])
    expect(agent).to_have_class(re.compile(r"\bhb-ph--fallback\b"))
    expect(agent).to_have_attribute("title", "Your name (not filled in)")

    choose_tab(block, "Chat")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    assert read_clipboard(page) == expected(snippet, "chat", values)

    # Emptying a field brings its fallback back, on screen and in the copy.
    block.locator("input[data-ph='first_name']").fill("")
    expect(first).to_have_text("there")
    choose_tab(block, "Social")
    block.get_by_role("button", name="Copy reply").click()
    copied = read_clipboard(page)
    assert copied == expected(snippet, "social", {"status_url": "https://status.example.com",
                                                  "next_update": "14:30 UTC"})
    assert copied.startswith("Hi there,")


def test_copy_with_empty_fields_uses_fallbacks_and_plain_text(page, site):
    snippet = source(site, "outage-update-no-news")
    page.goto(site.url("snippets/outage-update-no-news/"))
    block = page.locator(".hb-snippet[data-snippet='outage-update-no-news']")
    # Its one required field (the next-update time) is filled; every other field stays empty.
    block.locator("input[data-ph='next_update']").fill("14:30 UTC")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()  # Email is the first tab
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    copied = read_clipboard(page)
    assert copied == expected(snippet, "email", {"next_update": "14:30 UTC"})
    assert "[[" not in copied and "<" not in copied
    assert copied.startswith("Hi there,") and copied.endswith("The support team")


def test_copy_link_gives_the_stable_snippet_url(page, site):
    page.goto(site.url("snippets/heard-hear/"))
    block = page.locator(".hb-snippet[data-snippet='heard-hear']")
    clear_clipboard(page)
    block.get_by_role("button", name="Copy link").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Link copied")
    assert read_clipboard(page) == site.url("snippets/heard-hear/")

    # From a playbook that embeds it, the link is the same absolute URL.
    page.goto(site.url("playbooks/heard-service-recovery/"))
    block = page.locator(".hb-snippet[data-snippet='heard-hear']").first
    clear_clipboard(page)
    block.get_by_role("button", name="Copy link").click()
    assert read_clipboard(page) == site.url("snippets/heard-hear/")


def test_values_are_shared_by_snippets_in_the_tab(page, site):
    page.goto(site.url("playbooks/outage-communications/"))
    # The replies there are collapsed: open them all.
    closed = page.get_by_role("button", name="Show reply")
    while closed.count():
        closed.first.click()
    blocks = page.locator(".hb-snippet:has(input[data-ph='first_name']):visible")
    assert blocks.count() >= 3
    blocks.nth(0).locator("input[data-ph='first_name']").fill("Kai")
    last = blocks.nth(blocks.count() - 1)
    expect(last.locator("input[data-ph='first_name']")).to_have_value("Kai")
    expect(last.locator(".tabbed-block:visible var[data-ph='first_name']").first
           ).to_have_text("Kai")
    # Some outage replies have required fields (the next-update time): fill those still empty,
    # so Copy copies at the first press.
    for field in last.locator("input[aria-required='true']").all():
        if field.is_visible() and not field.input_value():
            field.fill("14:30 UTC")
    clear_clipboard(page)
    last.get_by_role("button", name="Copy reply").click()
    assert "Kai" in read_clipboard(page)

    # Another page of the tab: the same ticket, the same name (Clear fields empties it; a
    # new tab starts empty, see test_browser_mid_ticket.py).
    page.goto(site.url("snippets/outage-acknowledge/"))
    expect(page.locator("input[data-ph='first_name']")).to_have_value("Kai")


def test_copy_falls_back_when_the_clipboard_api_refuses(page, site):
    snippet = source(site, "heard-hear")
    page.goto(site.url("snippets/heard-hear/"))
    page.evaluate("""() => {
        window.__realWrite = navigator.clipboard.writeText.bind(navigator.clipboard);
        navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
    }""")
    block = page.locator(".hb-snippet[data-snippet='heard-hear']")
    page.evaluate("window.__realWrite('(empty)')")
    block.locator("input[data-ph='their_problem']").fill("the late refund")
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    assert read_clipboard(page) == expected(snippet, "email", {"their_problem": "the late refund"})


def test_typed_values_survive_material_re_rendering_the_page(page, site):
    """Material's instant navigation re-fetches and re-renders the current page on the first
    same-page link it handles (here a heading's ¶ link); what the agent typed must stay."""
    page.goto(site.url("snippets/outage-acknowledge/"), wait_until="networkidle")
    block = page.locator(".hb-snippet[data-snippet='outage-acknowledge']")
    block.locator("input[data-ph='first_name']").fill("Noor")
    block.locator("input[data-ph='next_update']").fill("14:30 UTC")  # required
    page.locator("#where-it-is-used a.headerlink").click()
    page.wait_for_url("**#where-it-is-used")
    fresh = page.locator(".hb-snippet[data-snippet='outage-acknowledge']")
    expect(fresh).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    expect(fresh.locator("input[data-ph='first_name']")).to_have_value("Noor")
    expect(fresh.locator("input[data-ph='next_update']")).to_have_value("14:30 UTC")
    expect(fresh.locator(".hb-snippet__text[data-channel='email'] var[data-ph='first_name']")
           ).to_have_text("Noor")
    clear_clipboard(page)
    fresh.get_by_role("button", name="Copy reply").click()
    assert read_clipboard(page).startswith("Hi Noor,")
