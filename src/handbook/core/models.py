"""The content model: front matter of playbooks, reply snippets and decision trees.

Pydantic does the type checking; `errors.py` turns its errors into author-facing lines.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from .helpdesk_fields import HelpScoutOptions, Language, ZendeskOptions
from .review import DATE_RE, add_period, parse_period

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
PLACEHOLDER_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*\Z")
PLACEHOLDER_USE_RE = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")
# A run of brackets with the text between them on one line: `[[name]]`, but also
# `[[[[name]]]]`, `[[name` or `name]]`. Any such clump holding "[[" or "]]" must be exactly one
# placeholder, or the helpdesk exports and Copy reply would carry literal brackets.
BRACKET_CLUMP_RE = re.compile(r"\[+[^\[\]\n]*\]+|\[+|\]+")
CHANNELS = ("email", "chat", "social")


def _date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE_RE.match(value.strip()):
        raise ValueError("must be a date written as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None


def _period(value: object) -> str:
    try:
        parse_period(str(value))
    except ValueError as exc:  # not a period, or longer than the longest allowed
        raise ValueError(str(exc)) from None
    return str(value).strip()


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens"
        )
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, AfterValidator(_slug)]
Day = Annotated[date, BeforeValidator(_date)]
Period = Annotated[str, BeforeValidator(_period)]
TAG_RE = re.compile(r"^[\w][\w .+/-]*\Z")


def _tag(value: str) -> str:
    if not TAG_RE.match(value):
        raise ValueError(f"'{value}' is not a valid tag: use letters, digits, spaces and hyphens")
    return value


Tags = list[Annotated[Text, AfterValidator(_tag)]]
def _keyword(value: str) -> str:
    if not any(ch.isalnum() for ch in value):
        raise ValueError(f"keyword '{value}' has no letter or digit, so no search can find it: "
                         "write the word agents type")
    return value


# Words agents may search for that the text does not use: indexed for search, not shown.
Keywords = Annotated[list[Annotated[Text, StringConstraints(max_length=80),
                                    AfterValidator(_keyword)]],
                     Field(max_length=50)]


class Reviewed(BaseModel):
    """Who owns a piece of content and when it is next due for review."""

    model_config = ConfigDict(extra="forbid")

    owner: Text
    reviewed: Day
    review_every: Period

    @property
    def due(self) -> date:
        return add_period(self.reviewed, self.review_every)


ICON_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)+\Z")
TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html\Z")
# What Material's `hide` front matter knows (Material's "Setting up navigation" et al.).
HIDE = Literal["navigation", "toc", "footer", "path", "tags", "feedback"]


def _pattern(regex: re.Pattern[str], what: str, example: str):
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"'{value}' is not {what}, e.g. {example}")
        return value
    return AfterValidator(check)


class SearchMeta(BaseModel):
    """Material's per-page search options: `search: {exclude: true}` or `{boost: 2}`."""

    model_config = ConfigDict(extra="forbid")

    exclude: bool = False
    boost: Annotated[float, Field(gt=0, le=10)] = 1


class PageMeta(BaseModel):
    """Front matter that MkDocs or Material understand, allowed on any page. Material prints
    several of these as HTML or uses them as file names, so each is checked for its shape
    here, and icons, templates and statuses against the theme in validate.py."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = None
    description: Text | None = None
    subtitle: Text | None = None
    icon: Annotated[str, _pattern(ICON_RE, "an icon name", "material/pencil")] | None = None
    template: Annotated[str, _pattern(TEMPLATE_RE, "a template file", "main.html")] | None = None
    status: Annotated[str, _pattern(SLUG_RE, "a status name", "new")] | None = None
    hide: list[HIDE] = Field(default_factory=list)
    search: SearchMeta | None = None
    comments: bool | None = None
    tags: Tags = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=list)


class PlaybookMeta(Reviewed, PageMeta):
    title: Text
    summary: Text
    # The page's checklist is worked through during an incident: the checklist bar gets the
    # incident mode (start time, tick times, next-update countdown) and the page prints as
    # the checklist.
    incident_checklist: StrictBool = False


MAX_FIELDS = 50  # placeholders in one snippet
MAX_REPLY = 20_000  # characters in one variant
MAX_NODES = 500  # steps in one decision tree


class Placeholder(BaseModel):
    """A field the agent fills in. Optional: its `fallback` is used when the field is left
    empty, so the reply reads right without it. Required (`required: true`): no fallback;
    Copy names the empty field and the exports put the helpdesk's own variable or a visible
    gap there. Exactly one of the two; `required` is YAML true/false, nothing else.

    Raises (through pydantic) ValueError when both or neither are given."""

    model_config = ConfigDict(extra="forbid")

    label: Text
    fallback: Text | None = None
    required: StrictBool = False

    @model_validator(mode="after")
    def _fallback_or_required(self) -> Placeholder:
        if self.required and self.fallback is not None:
            raise ValueError("is required and has a fallback: remove 'fallback', or remove "
                             "'required: true' if the reply reads right with the fallback")
        if not self.required and self.fallback is None:
            raise ValueError("has no fallback: add 'fallback: there' (used when the field is "
                             "left empty), or 'required: true' if the agent must fill it in")
        return self


class Snippet(Reviewed):
    id: Slug
    title: Text
    summary: str = ""
    when_to_use: str = ""  # shown on the snippet's page: the situation the reply is for
    tags: Tags = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=list)
    # Limits no real reply comes near, so one file can't make every page that shows it huge.
    placeholders: dict[str, Placeholder] = Field(default_factory=dict, max_length=MAX_FIELDS)
    variants: dict[Literal["email", "chat", "social"],
                   Annotated[str, StringConstraints(max_length=MAX_REPLY)]]
    aliases: list[Slug] = Field(default_factory=list)
    # What the helpdesks carry beyond the text (helpdesk_fields.py).
    subject: Text | None = None
    language: Language | None = None
    zendesk: ZendeskOptions | None = None
    helpscout: HelpScoutOptions | None = None

    def used_placeholders(self, channel: str) -> list[str]:
        return PLACEHOLDER_USE_RE.findall(self.variants[channel])


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Text
    next: Text


class Node(BaseModel):
    """A question (with answers) or an outcome (with an instruction and where to go)."""

    model_config = ConfigDict(extra="forbid")

    question: Text | None = None
    help: str = ""
    answers: list[Answer] | None = None
    outcome: Text | None = None
    instruction: str = ""
    playbook: Text | None = None
    snippet: Text | None = None
    tree: Text | None = None  # another tree to go on with: "<tree id>" or "<tree id>#<node>"

    @property
    def is_outcome(self) -> bool:
        return self.outcome is not None


class Tree(Reviewed):
    id: Slug
    title: Text
    summary: str = ""
    tags: Tags = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=list)
    start: Text
    nodes: dict[str, Node] = Field(max_length=MAX_NODES)
