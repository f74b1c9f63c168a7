"""Scenario 7: axe-core (shipped by the axe-playwright-python package, never a CDN) finds no
serious or critical violation on the home page, a playbook, a snippet page, a tree page, a reply
with a required field left empty, the snippet library and the review page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "playbook": "playbooks/outage-communications/",
    "snippet": "snippets/outage-acknowledge/",
    "tree": "trees/upset-customer/",
    "required reply": "snippets/fixture-required/",
    "library": "snippets/",
    "review": "review/",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def serious(page, axe: Axe) -> list[str]:
    results = axe.run(page, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                         f"at {targets}")
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(page, site, axe, name):
    """Light, then dark after the header's palette toggle, on one load."""
    page.emulate_media(color_scheme="light")
    page.goto(site.url(PAGES[name]), wait_until="networkidle")
    if name == "tree":
        # The walked widget (trail, outcome card, inline snippet), not only the first question.
        page.locator(".hb-tree__step:visible button.hb-tree__answer").last.click()
        page.locator(".hb-tree__step:visible button.hb-tree__answer").first.click()
    if name == "required reply":
        # The gap, the invalid field and the status message after a refused copy.
        page.get_by_role("button", name="Copy reply").click()
        page.mouse.move(0, 0)  # the hover colour is Material's, not ours
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    violations = [f"light: {v}" for v in serious(page, axe)]
    page.locator("form[data-md-component=palette] label:visible").click()  # the header toggle
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_timeout(300)  # Material's colour transition
    violations += [f"dark: {v}" for v in serious(page, axe)]
    assert not violations, "\n".join(violations)
