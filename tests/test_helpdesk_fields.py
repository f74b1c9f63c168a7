"""The snippet's helpdesk fields: subject, language and the zendesk/helpscout blocks, each
mistake one line naming the field and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.core.errors import check_model
from handbook.core.helpdesk_fields import variable_tables
from handbook.core.models import Snippet
from handbook.core.problems import Report
from handbook.core.yamlio import load

HEAD = "id: a\ntitle: A\nowner: x\nreviewed: 2026-01-01\nreview_every: 1y\n"


def problems(extra: str) -> tuple[Snippet | None, list[str]]:
    report = Report(Path("."))
    data, lines = load(HEAD + extra + "variants:\n  email: hi\n")
    snippet = check_model(Snippet, data, lines, report, Path("x.yml"), "snippet")
    return snippet, [p.text() for p in report.problems]


def test_a_full_helpdesk_block_is_accepted() -> None:
    snippet, found = problems(
        "subject: Your refund\nlanguage: pt-BR\nzendesk:\n  public: false\n  actions:\n"
        "    - {field: status, value: pending}\n    - {field: set_tags, value: [a, b]}\n"
        "    - {field: custom_fields_360012, value: refund}\n"
        "  restriction: {type: Group, ids: [1, 2]}\nhelpscout: {mailboxes: [12]}\n")
    assert found == [] and snippet is not None
    assert snippet.subject == "Your refund" and snippet.language == "pt-BR"
    assert snippet.zendesk.public is False and len(snippet.zendesk.actions) == 3
    assert snippet.helpscout.mailboxes == [12]


@pytest.mark.parametrize(("extra", "where", "message"), [
    ("language: Russian\n", "x.yml:6:1", "'Russian' is not a language tag"),
    ("zendesk:\n  actions:\n    - {field: status, value: new}\n", "x.yml:8:7",
     "a macro sets status to open, pending, hold, solved, not 'new'"),
    ("zendesk:\n  actions:\n    - {field: comment_value, value: x}\n", "x.yml:8:7",
     "'comment_value' is not set here: the reply's text comes from the snippet's variants"),
    ("zendesk:\n  actions:\n    - {field: comment_mode_is_public, value: false}\n", "x.yml:8:7",
     "write 'public: false' in the zendesk block"),
    ("zendesk:\n  actions:\n    - {field: colour, value: x}\n", "x.yml:8:7",
     "'colour' is not a Zendesk macro action"),
    ("zendesk:\n  restriction: {type: User, ids: [1, 2]}\n", "x.yml:7:3",
     "a macro restricted to a user names exactly one user id"),
    ("zendesk: {public: 'no'}\n", "x.yml:6:11", "'zendesk.public': must be true or false"),
    ("zendesk: {publik: true}\n", "x.yml:6:11", "did you mean 'public'?"),
    ("helpscout: {mailboxes: [general]}\n", "x.yml:6:25", "must be a whole number"),
    ("zendesk: {ids: {email: -4}}\n", "x.yml:6:17", "-4 is not a helpdesk id: write the number"),
    ("helpscout: {id: 0}\n", "x.yml:6:13", "0 is not a helpdesk id"),
    # rt17e 13: one macro for both channels (the chat variant was never synced, and every
    # later run refused), a chat reply that is the email one, an id no helpdesk gives.
    ("zendesk: {ids: {email: 5001, chat: 5001}}\n", "x.yml:6:1:",
     "ids gives macro 5001 to email and chat: each channel's variant is a macro of its own"),
    ("helpscout: {id: 7, chat: {id: 7}}\n", "x.yml:6:1:",
     "chat.id is id, 7: the chat reply is a saved reply of its own"),
    ("zendesk: {ids: {email: 99999999999999999999999}}\n", "x.yml:6:17",
     "99999999999999999999999 is not a helpdesk id"),
])
def test_each_mistake_is_one_line_with_the_fix(extra: str, where: str, message: str) -> None:
    _snippet, found = problems(extra)
    assert len(found) == 1, found
    assert found[0].startswith(where) and message in found[0], found


@pytest.mark.parametrize(("value", "message"), [
    (["x"], "must be a mapping of helpdesks"),
    ({"freshdesk": {}}, "'freshdesk' is not a helpdesk the exports write"),
    ({"zendesk": {"Order": "ticket.x"}}, "'Order' is not a placeholder name"),
    ({"zendesk": {"order": "{{ticket.x}}"}}, "'{{ticket.x}}' is not a variable"),
    ({"helpscout": ["customer.x"]}, "helpscout: must be a mapping"),
])
def test_helpdesk_variables_option_is_checked(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        variable_tables(value)
    assert variable_tables({"zendesk": {"order": "ticket.ticket_field_1"}}) == {
        "zendesk": {"order": "ticket.ticket_field_1"}}


def test_a_built_in_placeholder_keeps_its_variable_and_every_mistake_is_named() -> None:
    """rt17e 10: `ticket_id: ticket.requester.phone` silently put the customer's phone number
    in every reply's ticket reference; seven wrong entries took seven runs to find."""
    with pytest.raises(ValueError) as caught:
        variable_tables({"zendesk": {"ticket_id": "ticket.requester.phone", "Bad": "x.y",
                                     "ok": "{{x}}", "first_name": "ticket.requester.first_name"},
                         "helpscout": {"agent_name": "user.fullName"}})
    message = str(caught.value)
    assert message.startswith("zendesk.ticket_id: 'ticket_id' is one of the eight placeholders "
                              "the exports map already, to ticket.id; mapped to "
                              "ticket.requester.phone it would change [[ticket_id]] in every "
                              "snippet. Give the placeholder a name of its own (e.g. "
                              "ticket_id_2: ticket.requester.phone)")
    assert "zendesk: 'Bad' is not a placeholder name" in message
    assert "zendesk.ok: '{{x}}' is not a variable" in message
    assert "helpscout.agent_name: 'agent_name' is one of the eight" in message
    assert "first_name" not in message  # mapped to the variable it has: fine


@pytest.mark.parametrize(("title", "language"), [
    ("Возврат средств \u2013 Русский", "ru"),  # rt17e 14: a name in its own (Cyrillic) script
    ("Rückerstattung \u2013 Deutsch", "de"), ("Refund (Français)", "fr"),
    ("Order shipped \u2013 Brazilian Portuguese", "pt-BR"), ("Order \u2013 english", None),
    ("Returns (Policy)", None),
])
def test_a_language_named_at_the_end_of_a_title(title: str, language: str | None) -> None:
    from handbook.core.helpdesk_fields import carries_language
    from handbook.helpdesk.records import split_title

    assert split_title(title)[3] == language
    assert language is None or carries_language(title, language)
