"""Fixture content for the mid-ticket browser tests: a reply with a required field, a tree
whose outcome goes on to another, and a playbook with a checklist (the shipped content may
change; these stay as the tests need them)."""

from __future__ import annotations

MID_TICKET_FILES = {
    "playbooks/snippets/fixture-required.yml": """\
id: fixture-required
title: Fixture refund confirmation
summary: Confirm a refund you have issued.
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
placeholders:
  first_name: {label: First name, fallback: there}
  amount: {label: Refund amount, required: true}
  ticket_id: {label: Ticket number, fallback: your request}
variants:
  email: |
    Hi [[first_name]],

    We refunded [[amount]] for [[ticket_id]]. It reaches your card in 5 to 10 days.

    The support team
  chat: |
    Done: [[amount]] is on its way back to your card.
""",
    "playbooks/trees/fixture-route.yml": """\
id: fixture-route
title: Fixture routing tree
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
start: paid
nodes:
  paid:
    question: Has the customer paid?
    answers:
      - {label: "Yes, they paid", next: window}
      - {label: "No, nothing paid", next: nothing}
  window:
    question: Within 30 days?
    answers:
      - {label: "Yes, within 30 days", next: refund}
      - {label: "No, later", next: later}
  refund:
    outcome: Refund it
    instruction: Issue the refund in billing, then send the confirmation.
    snippet: fixture-required
  later:
    outcome: Explain the window
    instruction: Say no kindly and offer credit.
    tree: fixture-payload
  nothing:
    outcome: Nothing to refund
    instruction: Tell them nothing was charged.
    snippet: fixture-required
""",
    "playbooks/fixture-checklist.md": """\
---
title: Fixture checklist
summary: A checklist to tick.
incident_checklist: true
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
tags: [fixture]
---

## Steps

- [ ] Confirm the scope with [the lead](fixture-payload.md)
- [ ] Post the first update
"""
}
