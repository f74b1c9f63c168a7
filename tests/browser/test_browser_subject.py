"""A snippet's subject line fills in from the placeholder fields as its text does, and Copy
reply copies it with the email reply ("Subject: …", a blank line, the reply), not with the
chat one; a required field in the subject is named before copying, as in the text."""

from __future__ import annotations

import re

import pytest
from hb_browser import ARTIFACTS, clear_clipboard, read_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_subject_fills_in_and_copies_with_the_email_reply(page, site):
    page.goto(site.url("snippets/fixture-subject/"))
    block = page.locator(".hb-snippet[data-snippet='fixture-subject']")
    expect(block).to_have_class(re.compile(r"\bhb-snippet--enhanced\b"))
    subject = block.locator(".hb-snippet__subject-text")
    expect(subject).to_have_text("Parcel [Parcel code] for you has left")
    expect(block.locator(".hb-snippet__subject")).to_contain_text(
        "(copied with the Email reply)")

    # A required field the subject uses is named before anything is copied.
    clear_clipboard(page)
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_contain_text("Not copied: fill in "
                                                                 "Parcel code")
    assert read_clipboard(page) == "(empty)"

    block.locator("input[data-ph='parcel_code']").fill("PX-0042")
    block.locator("input[data-ph='first_name']").fill("Ana")
    expect(subject).to_have_text("Parcel PX-0042 for Ana has left")
    code = subject.locator("var[data-ph='parcel_code']")
    expect(code).to_have_class(re.compile(r"\bhb-ph--filled\b"))
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    assert read_clipboard(page) == ("Subject: Parcel PX-0042 for Ana has left\n\n"
                                    "Hi Ana,\n\nParcel PX-0042 left our depot today.")
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        block.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"subject-{width}x{height}.png"))

    # Emptied, the fallback comes back in the subject as in the text.
    block.locator("input[data-ph='first_name']").fill("")
    expect(subject).to_have_text("Parcel PX-0042 for you has left")

    # The chat reply carries no subject.
    block.locator(".tabbed-labels label", has_text="Chat").click()
    block.get_by_role("button", name="Copy reply").click()
    expect(block.locator(".hb-snippet__status")).to_have_text("Copied")
    assert read_clipboard(page) == "Parcel PX-0042 left our depot today."
