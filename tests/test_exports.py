"""The helpdesk exports: one request body per object, in the shape each API documents
(helpdesk_schemas.py), HTML text, stable keys, required fields, actions and internal notes."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import jsonschema
import pytest
from helpdesk_schemas import HELPSCOUT_SAVED_REPLY_BODY, ZENDESK_MACRO_BODY

from handbook.core.models import Snippet
from handbook.render.exports import (
    KEY_MARK_RE,
    export_files,
    helpscout_reply,
    zendesk_macro,
)


def snippet(**over) -> Snippet:
    data = {
        "id": "order-late", "title": "Order is late", "summary": "Say when it ships.",
        "owner": "@a", "reviewed": date(2026, 1, 1), "review_every": "90d",
        "placeholders": {
            "first_name": {"label": "First name", "fallback": "there"},
            "order_number": {"label": "Order number", "required": True},
            "ticket_id": {"label": "Ticket", "required": True},
            "promise": {"label": "When", "fallback": "this week"},
        },
        "variants": {
            "email": "Hi [[first_name]],\n\nOrder **[[order_number]]** ships [[promise]].\n"
                     "See [tracking](https://example.com/t) <b>now</b>.\n\nTicket [[ticket_id]]",
            "chat": "Hi [[first_name]]: order [[order_number]] ships [[promise]].",
        },
    }
    data.update(over)
    return Snippet.model_validate(data)


def actions(body: dict) -> dict:
    return {a["field"]: a["value"] for a in body["macro"]["actions"]}


def test_a_macro_is_the_documented_create_body_with_html_text() -> None:
    body = zendesk_macro(snippet(), "email")
    jsonschema.validate(body, ZENDESK_MACRO_BODY)
    found = actions(body)
    html = found["comment_value_html"]
    assert html.startswith("<p>Hi {% if ticket.requester.first_name")
    assert "{% else %}there{% endif %}" in html
    # Bold and links reach Zendesk as HTML; HTML the author typed is text, as on the site.
    assert "<strong>[Order number]</strong>" in html
    assert '<a href="https://example.com/t">tracking</a>' in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html and "<b>" not in html
    # A required field: the helpdesk's own variable, or a visible gap; never a default.
    assert "{{ticket.id}}" in html and "this week" in html
    assert found["comment_mode_is_public"] is True
    # No restriction is sent as null, Zendesk's "unrestricted": one removed must not stay.
    assert "comment_value" not in found and body["macro"]["restriction"] is None


def test_the_stable_key_is_in_the_description_and_survives_a_rename() -> None:
    email = zendesk_macro(snippet(), "email")["macro"]
    chat = zendesk_macro(snippet(), "chat")["macro"]
    assert KEY_MARK_RE.findall(email["description"]) == ["order-late"]
    assert KEY_MARK_RE.findall(chat["description"]) == ["order-late.chat"]
    assert email["description"].startswith("Say when it ships.")
    renamed = zendesk_macro(snippet(id="order-delayed", aliases=["order-late"]), "email")
    assert KEY_MARK_RE.findall(renamed["macro"]["description"]) == ["order-delayed"]


def test_actions_internal_note_subject_and_restriction_are_carried() -> None:
    zendesk = {"public": False, "restriction": {"type": "Group", "ids": [7, 9]},
               "actions": [{"field": "status", "value": "pending"},
                           {"field": "current_tags", "value": "refund late"},
                           {"field": "set_tags", "value": ["a", "b"]}]}
    body = zendesk_macro(snippet(zendesk=zendesk, subject="Your order"), "email")
    jsonschema.validate(body, ZENDESK_MACRO_BODY)
    found = actions(body)
    assert found["comment_mode_is_public"] is False
    assert found["subject"] == "Your order"
    assert found["status"] == "pending" and found["current_tags"] == "refund late"
    assert body["macro"]["restriction"] == {"type": "Group", "ids": [7, 9]}
    one = zendesk_macro(snippet(zendesk={"restriction": {"type": "User", "ids": [5]}}), "email")
    jsonschema.validate(one, ZENDESK_MACRO_BODY)
    assert one["macro"]["restriction"] == {"type": "User", "id": 5}


def test_a_saved_reply_is_the_documented_body_with_html_and_chat_text() -> None:
    body = helpscout_reply(snippet())
    jsonschema.validate(body, HELPSCOUT_SAVED_REPLY_BODY)
    assert body["name"] == "Order is late"
    assert body["text"].startswith("<p>Hi {%customer.firstName,fallback=there%},</p>")
    assert "<strong>[Order number]</strong>" in body["text"]
    assert "{%conversation.number,fallback=%}" in body["text"]
    assert body["chatText"] == ("Hi {%customer.firstName,fallback=there%}: order "
                                "[Order number] ships this week.")
    only_chat = helpscout_reply(snippet(variants={"chat": "Hi [[first_name]]."}))
    jsonschema.validate(only_chat, HELPSCOUT_SAVED_REPLY_BODY)
    assert "text" not in only_chat and only_chat["chatText"]


@pytest.mark.parametrize("schema", [ZENDESK_MACRO_BODY, HELPSCOUT_SAVED_REPLY_BODY])
def test_the_schemas_reject_what_the_old_exports_sent(schema: dict) -> None:
    old_zendesk = {"macros": [{"title": "x", "actions": []}]}
    old_helpscout = {"name": "x", "text": "y", "handbookId": "z"}
    for bad in (old_zendesk, old_helpscout):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_one_file_per_macro_and_per_saved_reply() -> None:
    config = SimpleNamespace(helpdesk_variables={})
    book = SimpleNamespace(config=config,
                           snippets={"order-late": SimpleNamespace(model=snippet())})
    files = export_files(book)
    assert sorted(files) == ["exports/helpscout/order-late.json",
                             "exports/zendesk/order-late.chat.json",
                             "exports/zendesk/order-late.json"]
    assert files["exports/zendesk/order-late.chat.json"]["macro"]["title"] == (
        "Handbook::Order is late (chat)")


def test_mkdocs_yml_maps_more_placeholders_to_helpdesk_variables() -> None:
    config = SimpleNamespace(helpdesk_variables={
        "zendesk": {"order_number": "ticket.ticket_field_360012345"},
        "helpscout": {"first_name": "customer.firstName", "promise": "conversation.customField"}})
    book = SimpleNamespace(config=config,
                           snippets={"order-late": SimpleNamespace(model=snippet())})
    files = export_files(book)
    html = actions(files["exports/zendesk/order-late.json"])["comment_value_html"]
    assert "<strong>{{ticket.ticket_field_360012345}}</strong>" in html  # required: no Liquid
    reply = files["exports/helpscout/order-late.json"]
    assert "{%conversation.customField,fallback=this week%}" in reply["text"]
    assert "<strong>[Order number]</strong>" in reply["text"]  # not mapped for Help Scout


def test_category_title_subject_placeholders_and_the_page_marks() -> None:
    from handbook.render.snippet import render_snippet

    note = snippet(zendesk={"public": False, "category": "Billing::Refunds"},
                   subject="Order [[order_number]]", language="ru")
    body = zendesk_macro(note, "chat")["macro"]
    assert body["title"] == "Billing::Refunds::Order is late (RU) (chat)"  # its language
    assert actions({"macro": body})["subject"] == "Order [Order number]"
    html = render_snippet(note, "./")
    assert 'lang="ru"' in html and "<strong>Internal note:</strong>" in html
    assert ('<strong>Subject:</strong> <span class="hb-snippet__subject-text">Order '
            '<var data-ph="order_number">Order number</var></span>') in html
    assert "Internal note" not in render_snippet(snippet(), "./")


def test_an_imported_macro_keeps_its_title_in_the_exports_as_in_sync() -> None:
    """Issue 17, item 4 after rt17d: the exports showed 'Handbook::Damaged item' where sync
    keeps the macro's own title; one answer (kept_titles) for both, until the title is
    edited."""
    kept = snippet(title="Damaged item", zendesk={"ids": {"email": 7003, "chat": 7004},
                                                   "title": "Damaged item",
                                                   "titles": {"email": "Damaged item",
                                                              "chat": "Damaged item (chat)"}},
                   helpscout={"id": 91003, "title": "Damaged item (email)"})
    assert zendesk_macro(kept, "email")["macro"]["title"] == "Damaged item"
    assert zendesk_macro(kept, "chat")["macro"]["title"] == "Damaged item (chat)"
    assert helpscout_reply(kept)["name"] == "Damaged item (email)"
    edited = kept.model_copy(update={"title": "Damaged on arrival"})
    assert zendesk_macro(edited, "email")["macro"]["title"] == "Handbook::Damaged on arrival"
    assert helpscout_reply(edited)["name"] == "Damaged on arrival"
