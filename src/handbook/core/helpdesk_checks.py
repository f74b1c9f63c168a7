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
    (DE)") differ only in case, in one Zendesk category (Billing::Refund
    and Shop::Refund are two macros, and the site shows their tags): each later one is a
    warning naming the first (`handbook sync helpscout` refuses such a pair). Then
    `check_ids`."""
    first: dict[tuple[str, str], str] = {}
    for ident in sorted(snippets):
        doc = snippets[ident]
        zendesk = doc.model.zendesk
        key = (" ".join(titled(doc.model.title, doc.model.language).split()).casefold(),
               (zendesk.category if zendesk and zendesk.category else "").casefold())
        if key in first:
            report.add(doc.path, f"snippet '{ident}' has the title of snippet "
                       f"'{first[key]}', '{doc.model.title}'", line=doc.lines.line(("title",)),
                       severity="warning", hint="give it a title of its own: Help Scout "
                       "tells saved replies apart by name, and agents pick replies by title")
        else:
            first[key] = ident
    check_ids(snippets, report)


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
        for key, claim in claims:
            if claim in first and first[claim] != ident:
                report.add(doc.path, f"snippet '{ident}' records {claim[0]} id {claim[1]}, "
                           f"which snippet '{first[claim]}' records too",
                           line=doc.lines.line(key), hint="a helpdesk object is one "
                           "snippet's: remove the id from the snippet it was not imported as")
            first.setdefault(claim, ident)
