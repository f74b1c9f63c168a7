"""`handbook check` on what a snippet sends to a helpdesk besides its variants: the subject
and the fallbacks get the gap and foreign-variable warnings a variant gets (reply_gaps.py),
a subject may hold no helpdesk template code and only declared placeholders (the exports
fill them in as in the text), two snippets may not share a title (Help Scout tells saved
replies apart by name alone), and two snippets may not claim one helpdesk object as the one
they were imported from (sync would hand the macro from one to the other on every run).
"""

from __future__ import annotations

import re
from typing import Any

from .helpdesk_fields import titled
from .models import PLACEHOLDER_USE_RE
from .problems import Report
from .reply_gaps import leftovers

_HELPDESK_CODE_RE = re.compile(r"\{\{|\}\}|\{%|%\}")


def check_helpdesk_fields(doc: Any, report: Report) -> None:
    """The subject and fallbacks of one snippet (a SnippetDoc)."""
    snippet, lines = doc.model, doc.lines
    where = f"snippet '{snippet.id}'"
    fields: list[tuple[tuple[str, ...], str, str]] = []
    if snippet.subject:
        fields.append((("subject",), snippet.subject, "the subject"))
        code = _HELPDESK_CODE_RE.search(snippet.subject)
        if code:
            report.add(doc.path, f"{where}: the subject holds helpdesk template code "
                       f"('{code.group()}'): the helpdesk would run it", line=lines.line(
                           ("subject",)), hint="write a placeholder, [[name]], declared "
                       "under placeholders: the exports map it to the helpdesk's variable")
        for name in PLACEHOLDER_USE_RE.findall(snippet.subject):
            if name not in snippet.placeholders:
                report.add(doc.path, f"{where}: the subject uses placeholder '{name}', which "
                           "is not declared", line=lines.line(("subject",)),
                           hint=f"declare '{name}' under placeholders with a label")
    for name, placeholder in snippet.placeholders.items():
        if placeholder.fallback:
            fields.append((("placeholders", name, "fallback"), placeholder.fallback,
                           f"the fallback of placeholder '{name}'"))
    for key, text, what in fields:
        for item in leftovers(text):
            report.add(doc.path, f"{where}: {what} {item.message}", line=lines.line(key),
                       severity="warning", hint=item.hint)


def check_titles(snippets: dict[str, Any], report: Report) -> None:
    """Snippets whose titles (as the helpdesks show them, with the language marker: "Welcome
    (DE)") differ only in case and spacing: each later one is a warning naming the first.
    In one Zendesk category that is two macros of one title; in two (Billing::Refund and
    Shop::Refund are two macros, and the site shows their tags) it still is two saved
    replies of one name, which `handbook sync helpscout` refuses to send (Help Scout has no
    categories): a warning when one of them has a `helpscout:` block and their mailboxes
    are not kept apart. Then `check_ids`."""
    first: dict[str, list[str]] = {}
    for ident in sorted(snippets):
        doc = snippets[ident]
        name = " ".join(titled(doc.model.title, doc.model.language).split()).casefold()
        twin = next((other for other in first.get(name, [])
                     if _category(snippets[other]) == _category(doc)
                     or _help_scout_twins(snippets[other], doc)), None)
        first.setdefault(name, []).append(ident)
        if twin is None:
            continue
        same = _category(snippets[twin]) == _category(doc)
        report.add(doc.path, f"snippet '{ident}' has the title of snippet '{twin}', "
                   f"'{doc.model.title}'" + ("" if same else " (in another Zendesk "
                                             "category): `handbook sync helpscout` refuses "
                                             "to run while two saved replies would share a "
                                             "name"), line=doc.lines.line(("title",)),
                   severity="warning", hint="give it a title of its own: agents pick replies "
                   "by title" + (", and `handbook sync helpscout` refuses two of one name"
                                 if same else ""))
    check_ids(snippets, report)


def _category(doc: Any) -> str:
    zendesk = doc.model.zendesk
    return (zendesk.category if zendesk and zendesk.category else "").casefold()


def _help_scout_twins(one: Any, other: Any) -> bool:
    """Whether two snippets' saved replies would share a Help Scout mailbox: one of them has
    a `helpscout:` block (the handbook goes to Help Scout; a Zendesk-only handbook's twins in
    two categories are two macros, and fine) and their mailboxes are not kept apart (no
    `mailboxes` is every mailbox sync is given)."""
    def boxes(doc: Any) -> set[int] | None:
        options = doc.model.helpscout
        return set(options.mailboxes) if options and options.mailboxes else None

    if one.model.helpscout is None and other.model.helpscout is None:
        return False
    a, b = boxes(one), boxes(other)
    return a is None or b is None or bool(a & b)


def check_ids(snippets: dict[str, Any], report: Report) -> None:
    """A macro or saved reply id recorded by two snippets (`zendesk: {ids}`, `helpscout:
    {id}`): an error on each later one, naming the first."""
    first: dict[tuple[str, int], str] = {}
    for ident in sorted(snippets):
        doc = snippets[ident]
        model = doc.model
        claims = [(("zendesk", "ids", ch), ("zendesk", n))
                  for ch, n in (model.zendesk.ids.items() if model.zendesk else ())]
        if model.helpscout and model.helpscout.id is not None:
            claims.append((("helpscout", "id"), ("helpscout", model.helpscout.id)))
        if model.helpscout and model.helpscout.chat is not None:
            claims.append((("helpscout", "chat", "id"), ("helpscout",
                                                           model.helpscout.chat.id)))
        _unrecorded(doc, report)
        for key, claim in claims:
            if claim in first and first[claim] != ident:
                report.add(doc.path, f"snippet '{ident}' records {claim[0]} id {claim[1]}, "
                           f"which snippet '{first[claim]}' records too",
                           line=doc.lines.line(key), hint="a helpdesk object is one "
                           "snippet's: remove the id from the snippet it was not imported as")
            first.setdefault(claim, ident)


def _unrecorded(doc: Any, report: Report) -> None:
    """A warning for each id a snippet records without what an import records beside it
    (the object's title at import, or the fingerprint of what it read): sync won't take
    that macro or saved reply over (it may be someone else's, rt17d 8), so the step would
    be refused on every run; `check` says so first."""
    model, ident = doc.model, doc.model.id
    zendesk = model.zendesk
    for channel, number in (zendesk.ids.items() if zendesk else ()):
        if not zendesk.title and channel not in zendesk.fingerprints:
            report.add(doc.path, f"snippet '{ident}' records macro {number} ({channel}) "
                       "without the title it was imported with (zendesk.title) or what the "
                       "import read (zendesk.fingerprints): `handbook sync zendesk` won't "
                       "update that macro unless its description holds "
                       f"[handbook:{ident}]", line=doc.lines.line(("zendesk", "ids", channel)),
                       severity="warning", hint="import the macro (handbook import zendesk), "
                       "or write its full title as zendesk.title (Category::Title)")
    helpscout = model.helpscout
    if helpscout and helpscout.id is not None and not (helpscout.title
                                                       or helpscout.fingerprint):
        report.add(doc.path, f"snippet '{ident}' records saved reply {helpscout.id} without "
                   "the name it was imported with (helpscout.title) or what the import read "
                   "(helpscout.fingerprint): `handbook sync helpscout` won't update that reply "
                   "unless helpscout-sync.json records it", line=doc.lines.line(
                       ("helpscout", "id")), severity="warning", hint="import the reply "
                   "(handbook import helpscout), or write its name as helpscout.title")
