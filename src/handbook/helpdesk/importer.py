"""`handbook import`: helpdesk replies to snippet files, never overwriting one, with a report
of everything that could not be carried.

One snippet per reply, or per language; replies whose titles differ only by "(chat)" /
"(email)" / "(social)" become one snippet's variants. Each file is built as data and written
by a YAML dumper (no field can add keys), then held to the same checks as `handbook check`
(the snippet model and validate.py's snippet checks): a file with an error is not written,
and the report says why. The source macro's or saved reply's id goes into the snippet
(`zendesk: {ids: …}`, `helpscout: {id: …}`), so the first sync updates it in place and a
second import of the same file writes nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from anyascii import anyascii

from ..core.content import SnippetDoc
from ..core.errors import check_model
from ..core.helpdesk_fields import LANGUAGE_MARK_RE, TITLE_MAX, titled
from ..core.models import Snippet
from ..core.problems import Report
from ..core.validate import _check_snippet
from ..core.yamlio import YamlError, load
from . import pair_split
from .records import Reply, title_as_written, title_with_channel
from .text import Back, Converted, convert


@dataclass
class Draft:
    """The replies that make one snippet, by channel."""

    title: str
    language: str | None
    tags: list[str]
    replies: dict[str, Reply] = field(default_factory=dict)
    # Half of a channel pair kept apart (pair_split.apart): its title and id say its channel
    # ("Notes (chat)", notes-chat), so it is no twin numbered "(2)" of the other.
    split: bool = False


@dataclass
class Outcome:
    """What an import did: files (path -> YAML text) written or to write, report lines, and
    the helpdesk variables no mapping covers (helpdesk -> placeholder -> variable)."""

    files: dict[Path, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    unmapped: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[tuple[str, int], str] = field(default_factory=dict)  # imported in this run


@dataclass
class Known:
    """What the handbook already has: ids and aliases, titles (casefolded), and the
    helpdesk objects snippets were imported from ((helpdesk, id) -> snippet id)."""

    ids: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    imported: dict[tuple[str, int], str] = field(default_factory=dict)
    channels: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # title -> id, variants


def known(snippets: dict[str, Any], files: set[str]) -> Known:
    """`Known` from a handbook's snippets (id -> SnippetDoc) and its snippet file stems."""
    out = Known(ids=set(snippets) | files)
    for ident, doc in snippets.items():
        model = doc.model
        out.ids |= set(model.aliases)
        shown = titled(model.title, model.language)  # as the helpdesks name it
        out.titles.add(shown.casefold())
        out.titles.add(_full(shown, model.zendesk.category if model.zendesk else None))
        out.channels[model.title.casefold()] = (ident, set(model.variants))
        for macro in (model.zendesk.ids.values() if model.zendesk else ()):
            out.imported[("zendesk", macro)] = ident
        if model.helpscout and model.helpscout.id is not None:
            out.imported[("helpscout", model.helpscout.id)] = ident
        if model.helpscout and model.helpscout.chat is not None:
            out.imported[("helpscout", model.helpscout.chat.id)] = ident
    return out


_CHAT_FROM_TEXT = " (its chatText)"


def drafts(replies: list[Reply]) -> list[Draft]:
    """Replies grouped into snippets: same title, categories and language, one per channel.
    A Help Scout reply's own chatText is its snippet's chat variant; a "(chat)" reply of the
    same title is merged with it only when it says the same, else it is a snippet of its
    own (with a line), so neither text is lost."""
    out: list[Draft] = []
    by_key: dict[tuple, Draft] = {}

    def alone(reply: Reply, other: Reply) -> None:
        reply.dropped.append(f"not merged with {other.source.removesuffix(_CHAT_FROM_TEXT)}: "
                             "that reply's own chatText says something else; both are kept, "
                             "this one as a snippet of its own (merge them by hand if one is "
                             "outdated)")
        draft = Draft(reply.title, reply.language, list(reply.tags), {reply.channel: reply})
        out.append(draft)

    for reply in replies:
        key = (reply.title.casefold(), tuple(reply.tags), reply.language)
        draft = by_key.get(key)
        taken = draft.replies.get(reply.channel) if draft else None
        if taken is not None and taken.source.endswith(_CHAT_FROM_TEXT):
            if not _same_text(taken, reply):
                alone(reply, taken)
                continue
        elif draft is None or taken is not None or pair_split.apart(draft.replies, reply):
            kept = draft
            draft = Draft(reply.title, reply.language, list(reply.tags))
            if kept is not None and taken is None:  # split: the half that is not email
                if reply.channel == "email" and "email" not in kept.replies:
                    kept.split = True
                else:
                    draft.split = True
            by_key[key] = draft
            out.append(draft)
        draft.replies[reply.channel] = reply
        if reply.chat_text:
            chat = Reply(reply.source + _CHAT_FROM_TEXT, reply.title, reply.chat_text,
                         html=False, channel="chat")
            half = draft.replies.get("chat")
            if half is not None and not _same_text(half, chat):
                del draft.replies["chat"]
                alone(half, chat)
            if "chat" not in draft.replies:
                draft.replies["chat"] = chat
    return out


def _same_text(one: Reply, other: Reply) -> bool:
    """Whether two replies say the same words (HTML or plain text, spacing aside)."""
    def words(reply: Reply) -> str:
        text = re.sub(r"<[^>]*>", " ", reply.text) if reply.html else reply.text
        return " ".join(html.unescape(text).split())

    return words(one) == words(other)


def plan(replies: list[Reply], snippets_dir: Path, have: Known, owner: str,
         today: date, tables: tuple[Back, Back] | None = None) -> Outcome:
    """The files an import would write under `snippets_dir`; ids and titles `have` holds
    are never reused, and an existing file is never overwritten. `tables`: the helpdesks'
    variables to our placeholders (text.back)."""
    outcome = Outcome()
    for reply in replies:
        _scrub(reply)
    outcome.skipped += [f"{r.source}: not imported: the file holds only a preview of it (the "
                        "list's shape); export each reply in full, GET /v2/mailboxes/{id}/"
                        "saved-replies/{replyId}, and import those files"
                        for r in replies if r.preview_only]
    for draft in drafts([r for r in replies if not r.preview_only]):
        _one(draft, snippets_dir, have, owner, today, tables, outcome)
    return outcome


def _one(draft: Draft, snippets_dir: Path, have: Known, owner: str, today: date,
         tables: tuple[Back, Back] | None, outcome: Outcome) -> None:
    first = next(iter(draft.replies.values()))
    done = [have.imported[(r.helpdesk, r.helpdesk_id)] for r in draft.replies.values()
            if r.helpdesk and r.helpdesk_id and (r.helpdesk, r.helpdesk_id) in have.imported]
    if done:
        differs = any(outcome.texts.get((r.helpdesk, r.helpdesk_id), r.text) != r.text
                      for r in draft.replies.values())
        outcome.skipped.append(f"{first.source}: already imported as snippet '{done[0]}'" + (
            "; its text here differs from the one imported (listed twice, with two texts): "
            f"the first was kept, check that '{done[0]}' has the current one" if differs
            else ""))
        return
    # Zendesk's half kept apart is titled with its channel; Help Scout's names a pair's chat
    # reply by its email reply's (kept_titles.helpscout), so its stays numbered.
    alone = next(iter(draft.replies)) if draft.split and first.helpdesk == "zendesk" else ""
    ident = _unique(_slug(f"{draft.title} {alone}", draft.language), have.ids)
    converted: dict[str, Converted] = {}
    for channel, reply in draft.replies.items():
        conv = convert(reply.text, reply.html, tables, plain=reply.helpdesk is not None,
                       ours=reply.helpdesk is None)
        notes = reply.dropped + conv.dropped
        if not conv.markdown.strip():
            notes.append(f"has no reply text: the {channel} variant is left out")
        else:
            converted[channel] = conv
        outcome.report += [f"{reply.source} -> {ident}: {note}" for note in notes]
        for helpdesk, found in (("zendesk", conv.unmapped), ("helpscout",
                                                            conv.unmapped_helpscout)):
            outcome.unmapped.setdefault(helpdesk, {}).update(found)
    if not converted:
        actions = "; ".join(f"{a['field']} = {_shown(a['value'])}" for a in first.actions)
        outcome.skipped.append(f"{first.source}: not imported: it has no reply text" + (
            f", only actions ({actions}): a snippet is a reply an agent sends, so a macro "
            "that only sets fields stays in Zendesk as it is" if actions else ""))
        return
    if first.subject:  # its variables become placeholders too, filled in by the exports
        subject = convert(first.subject, False, tables, ours=first.helpdesk is None,
                          after=tuple(converted.values()))
        outcome.report += [f"{first.source} -> {ident}: subject: {n}" for n in subject.dropped]
        for helpdesk, found in (("zendesk", subject.unmapped), ("helpscout",
                                                               subject.unmapped_helpscout)):
            outcome.unmapped.setdefault(helpdesk, {}).update(found)
        first.subject = " ".join(subject.markdown.split()) or None
        converted = {"subject": subject, **converted}
    have.ids.add(ident)
    marked = (title_as_written(first.raw_title, first.helpdesk != "helpscout")
              if first.marked and first.raw_title else
              titled(draft.title, draft.language) if first.marked else draft.title)
    if alone:
        marked = title_with_channel(first.raw_title or marked, True, alone)
    category = (first.category or "Handbook") if first.helpdesk == "zendesk" else ""
    title = _unique_title(marked, have.titles, category, draft.language)
    if title != marked:
        why = (f"Zendesk would show both as '{category}::{marked}'" if category else
               "Help Scout tells saved replies apart by name" if first.helpdesk == "helpscout"
               else "each helpdesk names a reply by its title")
        outcome.report.append(f"{first.source} -> {ident}: the title '{marked}' is "
                              f"another snippet's; this one is '{title}' ({why})"
                              + ("" if draft.split else _pair_hint(marked, draft, have)))
    shown = titled(title, draft.language)
    have.titles |= {shown.casefold(), _full(shown, category or None)}
    have.channels[title.casefold()] = (ident, set(converted) - {"subject"})
    outcome.report += [f"{r.source} -> {ident}: {line}" for r in draft.replies.values()
                       for line in _differs(first, r)]
    outcome.report += [f"{r.source} -> {ident}: its title is longer than {TITLE_MAX} "
                       "characters, so the title it was imported with is not recorded: the "
                       "first sync takes the object over only while it is what the import "
                       "read (its fingerprint)"
                       for r in draft.replies.values() if len(r.raw_title) > TITLE_MAX]
    outcome.report += [f"{draft.replies[ch].source} -> {ident}: {line}"
                       for ch, line in _fallbacks_differ(converted)]
    path = snippets_dir / f"{ident}.yml"
    text = dump(snippet_data(ident, title, draft, converted, owner, today))
    problem = _problem(text, path)
    if problem:
        outcome.skipped.append(f"{path.name}: not written: {problem}")
    elif path.exists():
        outcome.skipped.append(f"{path.name}: exists, not overwritten")
    else:
        outcome.files[path] = text
        have.imported.update({(r.helpdesk, r.helpdesk_id): ident for r in draft.replies.values()
                              if r.helpdesk and r.helpdesk_id})  # listed twice: written once
        outcome.texts.update({(r.helpdesk, r.helpdesk_id): r.text
                              for r in draft.replies.values() if r.helpdesk and r.helpdesk_id})


def write(outcome: Outcome) -> None:
    """Writes the planned files; a file that appeared meanwhile is left alone ("x" mode)."""
    for path, text in outcome.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            outcome.skipped.append(f"{path.name}: exists, not overwritten")


# Characters YAML, the site and the helpdesks can't carry: controls, and the line
# separators that YAML reads as line breaks.
_CONTROLS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")
_BREAKS_RE = re.compile("[\u2028\u2029\x85]")


def _scrub(reply: Reply) -> None:
    """Takes control characters out of every text of `reply`, with a report line."""
    found: set[str] = set()

    def clean(text: str) -> str:
        found.update(_CONTROLS_RE.findall(text) + _BREAKS_RE.findall(text))
        return _CONTROLS_RE.sub("", _BREAKS_RE.sub("\n", text))

    reply.title = " ".join(clean(reply.title).split()) or "Untitled"
    reply.raw_title = clean(reply.raw_title)
    reply.text, reply.summary = clean(reply.text), " ".join(clean(reply.summary).split())
    reply.chat_text = clean(reply.chat_text) if reply.chat_text else reply.chat_text
    reply.subject = " ".join(clean(reply.subject).split()) or None if reply.subject else None
    for action in reply.actions:
        value = action["value"]
        action["value"] = ([clean(v) for v in value] if isinstance(value, list) else
                           clean(value) if isinstance(value, str) else value)
    if found:
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(found))
        reply.dropped.append(f"held control characters or line separators ({codes}): "
                             "taken out (separators became line breaks)")


def _slug(title: str, language: str | None) -> str:
    """An id from a title in any script: transliterated ("Задержка" -> "zaderzhka")."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(title).lower()).strip("-")[:60].strip("-")
    slug = slug or "reply"
    return f"{slug}-{language.lower()}" if language else slug


def _unique(ident: str, taken: set[str]) -> str:
    if ident not in taken and ident != "index":
        return ident
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def _full(title: str, category: str | None) -> str:
    """A title as Zendesk shows it, casefolded: "billing::refund" (render/exports.py)."""
    return f"{category or 'Handbook'}::{title}".casefold()


def _unique_title(title: str, taken: set[str], category: str = "",
                  language: str | None = None) -> str:
    """`title`, or with a counter before its language marker ("Refund (2) (ES)") when it is
    taken as the helpdesks show it (with `language`'s marker: "Welcome" in German is
    "Welcome (DE)", no other language's): a Zendesk macro's (`category` not "") when its
    full title is, another's when its title is (Help Scout tells saved replies apart by
    name)."""
    def free(candidate: str) -> bool:
        shown = titled(candidate, language)
        return (_full(shown, category) if category != "" else shown.casefold()) not in taken

    if free(title):
        return title
    mark = LANGUAGE_MARK_RE.search(title)
    stem, tail = (title[:mark.start()], title[mark.start():]) if mark else (title, "")
    n = 2
    while not free(f"{stem} ({n}){tail}"):
        n += 1
    return f"{stem} ({n}){tail}"


def _pair_hint(title: str, draft: Draft, have: Known) -> str:
    """When the snippet of that title lacks this draft's channels: how to make them one."""
    other, channels = have.channels.get(title.casefold(), ("", set()))
    if not other or channels & set(draft.replies):
        return ""
    return (f"; snippet '{other}' has no {'/'.join(draft.replies)} variant: if this is its "
            "other channel, import both files in one run (or move this text into its "
            "variants and delete this file)")


def _fallbacks_differ(converted: dict[str, Converted]) -> list[tuple[str, str]]:
    """(channel, line) for each placeholder a later variant writes with another fallback
    than the first variant that has it: a snippet's placeholder has one (snippet_data keeps
    the first)."""
    seen: dict[str, tuple[str, str | None]] = {}
    out = []
    for channel, conv in converted.items():
        for name, ph in conv.placeholders.items():
            first = seen.setdefault(name, (channel, ph.fallback))
            if first[1] != ph.fallback and channel != "subject":
                shown = lambda f: "required" if f is None else f"the fallback {f!r}"  # noqa: E731
                out.append((channel, f"its [[{name}]] has {shown(ph.fallback)}, the "
                            f"{first[0]} variant's {shown(first[1])}: a placeholder has one, "
                            f"so the snippet's is {shown(first[1])} in every variant"))
    return out


def _differs(first: Reply, other: Reply) -> list[str]:
    """What a channel's macro set differently from the first one's: the snippet carries the
    first's, so each difference is a report line. For a Zendesk pair only the subject is
    left (pair_split.apart keeps halves that differ in the rest apart); the others stay for
    a half read from elsewhere."""
    if other is first or other.helpdesk != "zendesk":
        return []
    out = []
    for what, mine, theirs in (("actions", other.actions, first.actions),
                               ("restriction", other.restriction, first.restriction),
                               ("public", other.public, first.public),
                               ("subject", other.subject, first.subject)):
        if mine != theirs:
            out.append(f"its {what} ({_shown(mine)}) {'are' if what == 'actions' else 'is'} "
                       f"not {first.source}'s; the snippet carries that one's "
                       f"({_shown(theirs)}) for every variant")
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"{a['field']} = {a['value']}" for a in value) or "none"
    return "none" if value is None else str(value)


def snippet_data(ident: str, title: str, draft: Draft, converted: dict[str, Converted],
                 owner: str, today: date) -> dict[str, Any]:
    """The snippet file's content, as the model reads it."""
    replies = {ch: r for ch, r in draft.replies.items() if ch in converted}
    first = next(iter(draft.replies.values()))
    data: dict[str, Any] = {"id": ident, "title": title}
    if first.summary:
        data["summary"] = first.summary
    data.update(tags=list(dict.fromkeys(draft.tags)), owner=owner, reviewed=today,
                review_every="180d")
    if draft.language:
        data["language"] = draft.language
    if first.subject:
        data["subject"] = first.subject
    zendesk = _zendesk_block(first, replies)
    if zendesk:
        data["zendesk"] = zendesk
    helpscout = _helpscout_block(replies, title)
    if helpscout:
        data["helpscout"] = helpscout
    placeholders: dict[str, Any] = {}
    for conv in converted.values():
        for name, ph in conv.placeholders.items():
            placeholders.setdefault(name, {"label": ph.label, "fallback": ph.fallback}
                                    if ph.fallback else {"label": ph.label, "required": True})
    if placeholders:
        data["placeholders"] = placeholders
    data["variants"] = {ch: conv.markdown for ch, conv in converted.items()
                        if ch != "subject"}
    return data


def _helpscout_block(replies: dict[str, Reply], title: str) -> dict[str, Any]:
    """`helpscout: {id, title, fingerprint}` of the saved reply (the email one of a pair),
    and a pair's chat reply's own under `chat:`, so sync updates each."""
    halves = sorted((r for r in replies.values() if r.helpdesk == "helpscout"
                     and r.helpdesk_id), key=lambda r: r.channel != "email")  # email's first
    records = []
    for reply in halves[:1] + [r for r in halves[1:] if r.channel == "chat"]:
        record: dict[str, Any] = {"id": reply.helpdesk_id}
        if len(reply.raw_title or title) <= TITLE_MAX:
            record["title"] = reply.raw_title or title
        if reply.fingerprint:
            record["fingerprint"] = reply.fingerprint
        records.append(record)
    if len(records) > 1:
        records[0]["chat"] = records[1]
    return records[0] if records else {}


def _zendesk_block(first: Reply, replies: dict[str, Reply]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not first.public:
        out["public"] = False
    if first.actions:
        out["actions"] = [dict(a) for a in first.actions]
    if first.restriction:
        out["restriction"] = {"type": first.restriction["type"],
                              "ids": list(first.restriction["ids"])}
    ids = {ch: r.helpdesk_id for ch, r in replies.items()
           if r.helpdesk == "zendesk" and r.helpdesk_id}
    if ids:
        out["ids"] = ids
    if first.category and first.helpdesk == "zendesk":
        out["category"] = first.category
    if ids and first.raw_title and len(first.raw_title) <= TITLE_MAX:
        out["title"] = first.raw_title
    titles = {ch: r.raw_title for ch, r in replies.items() if r.helpdesk == "zendesk"
              and r.helpdesk_id and r.raw_title and len(r.raw_title) <= TITLE_MAX}
    if len(titles) > 1:  # a pair: each macro's own title ("Shipping::Where (email)")
        out["titles"] = titles
    read = {ch: r.fingerprint for ch, r in replies.items() if ch in ids and r.fingerprint}
    if read:
        out["fingerprints"] = read
    return out


class _Dumper(yaml.SafeDumper):
    """Block style; text of several lines as a literal block where YAML allows it."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    """YAML text of `data`: every value quoted where YAML would read it as something else."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _problem(text: str, path: Path) -> str:
    """The first error `handbook check` would give `text` as a snippet file, or ''."""
    report = Report(path.parent)
    try:
        data, lines = load(text)
    except YamlError as exc:
        return exc.message
    snippet = check_model(Snippet, data, lines, report, path, "snippet")
    if snippet is not None:
        _check_snippet(SnippetDoc(snippet, path, lines), report)
    errors = [p for p in report.problems if p.severity == "error"]
    return errors[0].message if errors else ""
