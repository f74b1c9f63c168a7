"""`handbook import`: helpdesk replies to snippet files, never overwriting one, with a report
of everything that could not be carried.

One snippet per reply, or per language; replies whose titles differ only by "(chat)" /
"(email)" / "(social)" become one snippet's variants. Every file is checked against the
snippet model before it is written: one that would not load is reported, not written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.errors import check_model
from ..core.models import Snippet
from ..core.problems import Report
from ..core.yamlio import load
from .records import Reply
from .text import Back, Converted, Placeholder, convert


@dataclass
class Draft:
    """The replies that make one snippet, by channel."""

    title: str
    language: str | None
    tags: list[str]
    replies: dict[str, Reply] = field(default_factory=dict)


@dataclass
class Outcome:
    """What an import did: files (path -> YAML text) written or to write, and report lines."""

    files: dict[Path, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def drafts(replies: list[Reply]) -> list[Draft]:
    """Replies grouped into snippets: same title, categories and language, one per channel."""
    out: list[Draft] = []
    by_key: dict[tuple, Draft] = {}
    for reply in replies:
        key = (reply.title.casefold(), tuple(reply.tags), reply.language)
        draft = by_key.get(key)
        if draft is None or reply.channel in draft.replies:
            draft = Draft(reply.title, reply.language, list(reply.tags))
            by_key[key] = draft
            out.append(draft)
        draft.replies[reply.channel] = reply
        if reply.chat_text and "chat" not in draft.replies:
            chat = Reply(reply.source, reply.title, reply.chat_text, html=False, channel="chat")
            draft.replies["chat"] = chat
    return out


def plan(replies: list[Reply], snippets_dir: Path, taken: set[str], owner: str,
         today: date, tables: tuple[Back, Back] | None = None) -> Outcome:
    """The files an import would write under `snippets_dir`; ids in `taken` (existing
    snippets and aliases) are never reused, and an existing file is never overwritten.
    `tables`: the helpdesks' variables to our placeholders (text.back)."""
    outcome = Outcome()
    for draft in drafts(replies):
        ident = _unique(_slug(draft.title, draft.language), taken)
        taken.add(ident)
        converted = {ch: convert(r.text, r.html, tables) for ch, r in draft.replies.items()}
        for channel, reply in draft.replies.items():
            notes = reply.dropped + converted[channel].dropped
            outcome.report += [f"{reply.source} -> {ident}: {note}" for note in notes]
        text = snippet_yaml(ident, draft, converted, owner, today)
        path = snippets_dir / f"{ident}.yml"
        problem = _problem(text, path)
        if problem:
            outcome.skipped.append(f"{path.name}: not written: {problem}")
        elif path.exists():
            outcome.skipped.append(f"{path.name}: exists, not overwritten")
        else:
            outcome.files[path] = text
    return outcome


def write(outcome: Outcome) -> None:
    """Writes the planned files; a file that appeared meanwhile is left alone ("x" mode)."""
    for path, text in outcome.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            outcome.skipped.append(f"{path.name}: exists, not overwritten")


def _slug(title: str, language: str | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "reply"
    return f"{slug}-{language.lower()}" if language else slug


def _unique(ident: str, taken: set[str]) -> str:
    if ident not in taken and ident != "index":
        return ident
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def _q(text: str) -> str:
    """A YAML scalar: JSON's double-quoted string is one."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    """A literal block when the text reads back the same, else a quoted scalar."""
    lines = text.split("\n")
    if text and not text[0].isspace() and "\t" not in text and all(
            line == line.rstrip() for line in lines):
        return "|\n" + "\n".join(indent + line if line else "" for line in lines)
    return _q(text)


def snippet_yaml(ident: str, draft: Draft, converted: dict[str, Converted], owner: str,
                 today: date) -> str:
    first = next(iter(draft.replies.values()))
    out = [f"id: {ident}", f"title: {_q(draft.title)}"]
    if first.summary:
        out.append(f"summary: {_q(first.summary)}")
    out.append(f"tags: [{', '.join(_q(t) for t in draft.tags)}]")
    out += [f"owner: {_q(owner)}", f"reviewed: {today.isoformat()}", "review_every: 180d"]
    if draft.language:
        out.append(f"language: {draft.language}")
    if first.subject:
        out.append(f"subject: {_q(first.subject)}")
    out += _zendesk_block(first)
    placeholders: dict[str, Placeholder] = {}
    for conv in converted.values():
        for name, ph in conv.placeholders.items():
            placeholders.setdefault(name, ph)
    if placeholders:
        out.append("placeholders:")
        for name, ph in placeholders.items():
            out.append(f"  {name}:")
            out.append(f"    label: {_q(ph.label)}")
            out.append(f"    fallback: {_q(ph.fallback)}" if ph.fallback else
                       "    required: true")
    out.append("variants:")
    for channel, conv in converted.items():
        out.append(f"  {channel}: {_block(conv.markdown, '    ')}")
    return "\n".join(out) + "\n"


def _zendesk_block(reply: Reply) -> list[str]:
    if reply.public and not reply.actions and not reply.restriction:
        return []
    out = ["zendesk:"]
    if not reply.public:
        out.append("  public: false")
    if reply.actions:
        out.append("  actions:")
        out += [f"    - {{field: {a['field']}, value: {json.dumps(a['value'])}}}"
                for a in reply.actions]
    if reply.restriction:
        r = reply.restriction
        out.append(f"  restriction: {{type: {r['type']}, ids: {json.dumps(r['ids'])}}}")
    return out


def _problem(text: str, path: Path) -> str:
    """The first problem the snippet model finds in `text`, or ''."""
    report = Report(path.parent)
    data, lines = load(text)
    check_model(Snippet, data, lines, report, path, "snippet")
    return report.problems[0].message if report.problems else ""
