"""What a snippet carries for the helpdesks beyond its text: the `zendesk:` and `helpscout:`
blocks, and the language of a reply.

Shapes come from the helpdesks' own documentation:

- Zendesk macro actions, each `{"field": ..., "value": ...}`: "Actions reference",
  https://developer.zendesk.com/documentation/ticketing/reference-guides/actions-reference/
  (a macro's `status` takes open, pending, hold or solved, never new or closed;
  `comment_mode_is_public` takes true or false).
- A macro's `restriction`, `{"type": "Group", "ids": [...]}` or `{"type": "User", "id": ...}`:
  https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/
- Help Scout saved replies belong to one mailbox each (POST /v2/mailboxes/{mailboxId}/
  saved-replies): https://developer.helpscout.com/mailbox-api/endpoints/mailboxes/
  saved_Replies/saved-replies-create
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

# A BCP 47 language tag as helpdesks take it: "en", "ru", "pt-BR", "zh-Hant".
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def _language(value: str) -> str:
    if not LANGUAGE_RE.match(value):
        raise ValueError(f"'{value}' is not a language tag: write it as en, ru or pt-BR")
    from babel import Locale  # CLDR's languages: "pm" looks like a tag and is none

    primary = value.split("-")[0]
    if primary not in Locale("en").languages:
        raise ValueError(f"'{primary}' is not a language code: write it as en, ru or pt-BR")
    return value


Language = Annotated[str, AfterValidator(_language)]


# Zendesk's and Help Scout's ids are 64-bit integers (the APIs document them as int64).
ID_MAX = 2**63 - 1


def _helpdesk_id(value: int) -> int:
    if value <= 0 or value > ID_MAX:
        raise ValueError(f"{value} is not a helpdesk id: write the number above 0 that the "
                         "helpdesk gives the macro or saved reply (the one in its address), "
                         "or leave the id out")
    return value


HelpdeskId = Annotated[StrictInt, AfterValidator(_helpdesk_id)]

# What an import read of the object (helpdesk/fingerprints.py): "sha256:" and 16 hex digits.
FINGERPRINT_RE = re.compile(r"^sha256:[0-9a-f]{16}\Z")


def _fingerprint(value: str) -> str:
    if not FINGERPRINT_RE.match(value):
        raise ValueError(f"'{value}' is not a fingerprint `handbook import` writes (sha256: "
                         "and 16 hex digits): import wrote it, don't edit it; take it out and "
                         "the first sync takes the object over only with --allow-takeover")
    return value


Fingerprint = Annotated[StrictStr, AfterValidator(_fingerprint)]
# The longest helpdesk title a snippet records as the one it was imported with.
TITLE_MAX = 500

# The language marker a title carries, as teams write it: at the end, "(DE)", "[pt-BR]",
# "(zh-Hant)"; at the start, "FR - ", "[FR] ", "DE: "; or the language's English name at the
# end, " - Spanish", "(Brazilian Portuguese)" (CLDR's names, through Babel).
LANGUAGE_MARK_RE = re.compile(
    r"\s*[\(\[]([A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{2}|[A-Za-z]{4}|\d{3}))?)[\)\]]\s*\Z")
LANGUAGE_PREFIX_RE = re.compile(
    r"\A\s*(?:[\(\[]([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?)[\)\]]\s*(?:[-\u2013\u2014:]\s*)?"
    r"|([A-Z]{2}(?:[-_][A-Za-z0-9]{2,4})?)\s*[-\u2013\u2014:]\s+)(?=\S)")
# A language's name in English or in itself ("Deutsch", "Français", "Русский"), capitalised
# as a title writes it (language_of_name asks for the capital: any script's).
LANGUAGE_NAME_RE = re.compile(r"(?:\s+[-\u2013\u2014]\s+|\s*[\(\[])([^\W\d_]+"
                              r"(?: [^\W\d_]+)?)[\)\]]?\s*\Z")


def language_of_name(name: str) -> str | None:
    """The tag of a language's English name ("Spanish" -> "es", "Brazilian Portuguese" ->
    "pt-BR") or of its own name ("Deutsch" -> "de", "Français" -> "fr", "Русский" -> "ru"),
    None when it names none or is not capitalised as a title writes a language ("Refund -
    later"; CLDR, through Babel)."""
    from babel import Locale

    if not all(word[:1].isupper() for word in name.split()):
        return None

    found = {v.casefold(): k for k, v in Locale("en").languages.items()}.get(name.casefold())
    found = found or _endonyms().get(name.casefold())
    return found.replace("_", "-") if found else None


@functools.cache
def _endonyms() -> dict[str, str]:
    """Each two-letter language's name in itself, casefolded -> its code ("deutsch": "de"),
    for the languages CLDR has a locale of (Babel's locale data)."""
    from babel import Locale, UnknownLocaleError
    from babel.localedata import locale_identifiers

    out: dict[str, str] = {}
    for code in sorted({i.split("_")[0] for i in locale_identifiers()}):
        if len(code) != 2:
            continue
        try:
            name = Locale.parse(code).languages.get(code)
        except (UnknownLocaleError, ValueError):
            continue
        if name:
            out.setdefault(name.casefold(), code)
    return out


def carries_language(title: str, language: str) -> bool:
    """Whether `title` already carries a marker of `language` in one of the forms above."""
    wanted = language.replace("_", "-").casefold()
    for regex in (LANGUAGE_MARK_RE, LANGUAGE_PREFIX_RE):
        found = regex.search(title)
        code = found and next((g for g in found.groups() if g), "")
        if code and code.replace("_", "-").casefold() == wanted:
            return True
    named = LANGUAGE_NAME_RE.search(title)
    return bool(named and (language_of_name(named.group(1)) or "").casefold() == wanted)


def titled(title: str, language: str | None) -> str:
    """The title as the helpdesks show it: with its language marker, "Voucher issued (DE)",
    so a reply's language versions have names of their own (Help Scout tells saved replies
    apart by name) and an export imported again keeps its language. A title that already
    carries the marker ("Refund [DE]", "FR - Remboursement", "Reembolso - Spanish") is left
    as it is, so the helpdesk's title survives a round trip."""
    if not language or carries_language(title, language):
        return title
    return f"{title} ({language.upper()})"

# Ticket fields a macro may set (Zendesk's actions reference, "Shared actions" and macro
# actions). What the snippet itself says is not among them: the reply's text comes from the
# variants, the subject from `subject:` and public or internal from `public:`.
ZENDESK_FIELDS = frozenset({
    "status", "type", "priority", "group_id", "assignee_id", "set_tags", "current_tags",
    "remove_tags", "custom_status_id", "brand_id", "ticket_form_id", "locale_id", "follower",
    "cc", "satisfaction_score",
})
SNIPPET_OWNS = {
    "comment_value": "the reply's text comes from the snippet's variants",
    "comment_value_html": "the reply's text comes from the snippet's variants",
    "comment_mode_is_public": "write 'public: false' in the zendesk block for an internal note",
    "subject": "write 'subject:' on the snippet",
}
MACRO_STATUSES = ("open", "pending", "hold", "solved")
# The values Zendesk's actions reference lists for the ticket fields that take a fixed set.
MACRO_CHOICES = {"status": MACRO_STATUSES, "priority": ("low", "normal", "high", "urgent"),
                 "type": ("question", "incident", "problem", "task")}
_CUSTOM_FIELD_RE = re.compile(r"^custom_fields_\d+\Z")


def _category(value: str) -> str:
    parts = value.split("::")
    if not value.strip() or any(not p.strip() or p != p.strip() for p in parts) or any(
            c in value for c in "\n\r\t"):
        raise ValueError(f"'{value}' is not a category path: write it as Billing::Refunds")
    return value


class ZendeskAction(BaseModel):
    """One macro action, carried to Zendesk as written."""

    model_config = ConfigDict(extra="forbid")

    field: StrictStr
    value: StrictStr | StrictBool | list[StrictStr]

    @model_validator(mode="after")
    def _known_field(self) -> ZendeskAction:
        if self.field in SNIPPET_OWNS:
            raise ValueError(f"'{self.field}' is not set here: {SNIPPET_OWNS[self.field]}")
        if self.field not in ZENDESK_FIELDS and not _CUSTOM_FIELD_RE.match(self.field):
            known = ", ".join(sorted(ZENDESK_FIELDS))
            raise ValueError(f"'{self.field}' is not a Zendesk macro action: use one of "
                             f"{known}, or custom_fields_<id>")
        choices = MACRO_CHOICES.get(self.field)
        if choices and self.value not in choices:
            raise ValueError(f"a macro sets {self.field} to {', '.join(choices)}, "
                             f"not '{self.value}'")
        return self


class ZendeskRestriction(BaseModel):
    """Who sees the macro: some groups, or one user (Zendesk's `restriction` object)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Group", "User"]
    ids: list[StrictInt] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_user(self) -> ZendeskRestriction:
        if self.type == "User" and len(self.ids) != 1:
            raise ValueError("a macro restricted to a user names exactly one user id")
        return self


class ZendeskOptions(BaseModel):
    """The snippet's `zendesk:` block."""

    model_config = ConfigDict(extra="forbid")

    public: StrictBool = True  # false: the macro adds an internal note
    # false: `handbook sync zendesk` leaves this snippet's macros as they are (neither
    # created, updated nor deactivated): a macro whose Liquid the snippet can't hold.
    sync: StrictBool = True
    actions: list[ZendeskAction] = Field(default_factory=list, max_length=50)
    restriction: ZendeskRestriction | None = None
    # The macros this snippet's variants were imported from, by channel: the first sync
    # updates them in place instead of creating new ones.
    ids: dict[Literal["email", "chat", "social"], HelpdeskId] = Field(default_factory=dict)
    # Zendesk's category path, "Billing::Refunds": the macro's title is
    # "Billing::Refunds::<title>" (default "Handbook::<title>").
    category: Annotated[str, AfterValidator(_category)] | None = None
    # The full title of the macro it was imported from, "Billing::Refund issued (ES)": sync
    # trusts `ids` while the macro still has this title or the snippet's.
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX)
    # A pair merged at import ("Shipping::Where is my order (email)" and "… (chat)"): each
    # channel's macro's own full title, so sync can keep each as it is; `title` is the
    # first of them. A title without "::" is a macro with no category.
    titles: dict[Literal["email", "chat", "social"], Annotated[
        str, Field(min_length=1, max_length=TITLE_MAX)]] = Field(default_factory=dict)
    # What the import read of each channel's macro (helpdesk/fingerprints.py): while the
    # macro is still that, the first sync takes it over without --allow-takeover.
    fingerprints: dict[Literal["email", "chat", "social"], Fingerprint] = Field(
        default_factory=dict)

    @model_validator(mode="after")
    def _fingerprinted_ids(self) -> ZendeskOptions:
        channels: dict[int, str] = {}
        for channel, ident in self.ids.items():
            if ident in channels:
                raise ValueError(f"ids gives macro {ident} to {channels[ident]} and {channel}: "
                                 "each channel's variant is a macro of its own; write each "
                                 "macro's own id, or leave a channel out (sync creates it)")
            channels[ident] = channel
        stray = sorted(set(self.fingerprints) - set(self.ids))
        if stray:
            raise ValueError(f"fingerprints names {', '.join(stray)}, which ids does not: a "
                             "fingerprint is of the macro an id names; take it out")
        return self


class HelpScoutReply(BaseModel):
    """The chat half of a Help Scout pair merged at import: its id, name and fingerprint."""

    model_config = ConfigDict(extra="forbid")

    id: HelpdeskId
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX)
    fingerprint: Fingerprint | None = None


class HelpScoutOptions(BaseModel):
    """The snippet's `helpscout:` block: the mailboxes its saved reply belongs to (by id;
    none: the mailbox `handbook sync helpscout` is given)."""

    model_config = ConfigDict(extra="forbid")

    mailboxes: list[HelpdeskId] = Field(default_factory=list, max_length=100)
    # false: `handbook sync helpscout` leaves this snippet's saved replies as they are.
    sync: StrictBool = True
    # The saved reply it was imported from: sync updates it while its name is still this
    # `title` (the name it was imported with) or the snippet's.
    id: HelpdeskId | None = None
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX)
    # What the import read of it (helpdesk/fingerprints.py), as for Zendesk.
    fingerprint: Fingerprint | None = None
    # A pair merged at import ("Shipping (email)" and "Shipping (chat)"): the chat reply's
    # own record; sync updates each reply, the chat one from the chat variant.
    chat: HelpScoutReply | None = None

    @model_validator(mode="after")
    def _fingerprinted_id(self) -> HelpScoutOptions:
        if self.fingerprint is not None and self.id is None:
            raise ValueError("fingerprint without id: a fingerprint is of the saved reply "
                             "the id names; take it out")
        if self.chat is not None and self.id is None:
            raise ValueError("chat without id: the chat reply is the other half of the "
                             "saved reply the id names; give the id or take chat out")
        if self.chat is not None and self.chat.id == self.id:
            raise ValueError(f"chat.id is id, {self.id}: the chat reply is a saved reply of "
                             "its own; write its id, or take chat out")
        return self


# A helpdesk variable as the exports write it inside the helpdesk's braces:
# "ticket.requester.first_name", "ticket.ticket_field_360012345", "customer.company".
VARIABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+\Z")
HELPDESKS = ("zendesk", "helpscout")


def variable_tables(value: object) -> dict[str, dict[str, str]]:
    """The handbook plugin's `helpdesk_variables` option: for each helpdesk, our placeholder
    names -> its variables, added to the eight the exports know, e.g.
    `{zendesk: {order_number: ticket.ticket_field_360012345}}`. One of the eight may be
    written only with the variable it has already (`first_name: ticket.requester.first_name`):
    mapped to another, it would change that placeholder in every snippet (rt17e 10: `ticket_id:
    ticket.requester.phone` put the customer's phone number where each reply gives the
    ticket's number), so it is a mistake whose fix is a name of its own.

    Raises ValueError naming every wrong entry and its fix, one after the other."""
    if value is None:
        return {}
    from ..render.exports import tables  # the eight
    from .models import PLACEHOLDER_NAME_RE

    if not isinstance(value, dict):
        raise ValueError("must be a mapping of helpdesks (zendesk, helpscout) to "
                         "{placeholder: variable}")
    built_in = dict(zip(HELPDESKS, tables({}), strict=True))
    out: dict[str, dict[str, str]] = {}
    wrong: list[str] = []
    for helpdesk, table in value.items():
        if helpdesk not in HELPDESKS:
            wrong.append(f"'{helpdesk}' is not a helpdesk the exports write: use "
                         f"{' or '.join(HELPDESKS)}")
        elif not isinstance(table, dict):
            wrong.append(f"{helpdesk}: must be a mapping of placeholder names to variables")
        else:
            wrong += [line for name, var in table.items()
                      for line in [_variable_problem(helpdesk, name, var, built_in[helpdesk],
                                                     PLACEHOLDER_NAME_RE)] if line]
            out[helpdesk] = dict(table)
    if wrong:
        raise ValueError("; ".join(wrong))
    return out


def _variable_problem(helpdesk: str, name: object, var: object, built_in: dict[str, str],
                      name_re: re.Pattern[str]) -> str:
    """What is wrong with one `helpdesk_variables` entry, with the fix, or ''."""
    if not isinstance(name, str) or not name_re.match(name):
        return (f"{helpdesk}: '{name}' is not a placeholder name (lowercase letters, digits "
                "and underscores)")
    if not isinstance(var, str) or not VARIABLE_RE.match(var):
        return (f"{helpdesk}.{name}: '{var}' is not a variable: write its dotted name without "
                "braces, e.g. ticket.ticket_field_123")
    if name in built_in and var != built_in[name]:
        return (f"{helpdesk}.{name}: '{name}' is one of the eight placeholders the exports "
                f"map already, to {built_in[name]}; mapped to {var} it would change "
                f"[[{name}]] in every snippet. Give the placeholder a name of its own (e.g. "
                f"{name}_2: {var}) and use that in the snippets that need it")
    return ""
