"""JSON Schemas of the helpdesk request bodies, written from each API's documentation (not
from our code), for the export tests and the sync stand-in server.

- Zendesk "Create Macro" / "Update Macro": body `{"macro": {...}}`; the macro's fields
  (actions, active, description, restriction, title; `actions` and `title` mandatory;
  id, url, created_at, updated_at, default are the server's):
  https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/
  Each action is `{"field": <string>, "value": <string>}`, `comment_mode_is_public` taking
  true or false, and some fields an array of strings:
  https://developer.zendesk.com/documentation/ticketing/reference-guides/actions-reference/
- Help Scout "Create Saved Reply" / "Update Saved Reply": `name` (String, required), `text`
  (String), `chatText` (String), nothing else:
  https://developer.helpscout.com/mailbox-api/endpoints/mailboxes/saved_Replies/saved-replies-create
"""

from __future__ import annotations

ZENDESK_ACTION = {
    "type": "object",
    "required": ["field", "value"],
    "additionalProperties": False,
    "properties": {
        "field": {"type": "string", "minLength": 1},
        "value": {"anyOf": [{"type": "string"}, {"type": "boolean"},
                            {"type": "array", "items": {"type": "string"}}]},
    },
}

ZENDESK_MACRO_BODY = {
    "type": "object",
    "required": ["macro"],
    "additionalProperties": False,
    "properties": {"macro": {
        "type": "object",
        "required": ["title", "actions"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "active": {"type": "boolean"},
            "description": {"type": ["string", "null"]},
            "position": {"type": "integer"},
            "actions": {"type": "array", "minItems": 1, "items": ZENDESK_ACTION},
            "restriction": {"oneOf": [
                {"type": "null"},
                {"type": "object", "additionalProperties": False, "required": ["type", "ids"],
                 "properties": {"type": {"const": "Group"},
                                "ids": {"type": "array", "minItems": 1,
                                        "items": {"type": "integer"}}}},
                {"type": "object", "additionalProperties": False, "required": ["type", "id"],
                 "properties": {"type": {"const": "User"}, "id": {"type": "integer"}}},
            ]},
        },
    }},
}

HELPSCOUT_SAVED_REPLY_BODY = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "text": {"type": "string"},
        "chatText": {"type": "string"},
    },
}
