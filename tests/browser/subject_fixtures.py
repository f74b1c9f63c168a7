"""Fixture content for the subject-line browser test: a reply with a subject that holds a
placeholder (one of them required) and an email and a chat variant."""

from __future__ import annotations

SUBJECT_FILES = {
    "playbooks/snippets/fixture-subject.yml": """\
id: fixture-subject
title: Fixture dispatch notice
summary: Tell the customer their parcel has left, with a subject line.
tags: [fixture]
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
subject: "Parcel [[parcel_code]] for [[first_name]] has left"
placeholders:
  first_name: {label: First name, fallback: you}
  parcel_code: {label: Parcel code, required: true}
variants:
  email: |
    Hi [[first_name]],

    Parcel [[parcel_code]] left our depot today.
  chat: Parcel [[parcel_code]] left our depot today.
""",
}
