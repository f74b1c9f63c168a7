"""Which channel halves import may merge into one snippet (issue 17, rt17e 1).

Teams mark a macro's channel at the end of its title ("VIP::Notes (email)", "VIP::Notes
(chat)"), and import merges such a pair into one snippet's variants. But a snippet has one
`zendesk:` block, one subject and one public flag for every variant, and sync sends them to
each variant's macro: a pair whose halves set them differently, merged, turned the chat
half's internal note into a public reply and gave it the email half's status, tags, group
and restriction. A placeholder has one fallback too, so halves that write a variable with
different fallbacks ("Dear {{…first_name | default: 'customer'}}" beside "Hi
{{…first_name | default: 'there'}}") would send one half's to both. Halves that differ in
public or internal, active or retired (a retired half merged made its advice, delete the
snippet, deactivate the live half too), actions, restriction or fallbacks are two snippets,
each with its own, and the report says why (SHARED). A subject alone still merges, with a
report line (importer._differs): a chat macro seldom has one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .records import Reply

# What a snippet holds once for all its variants and a Zendesk macro sets, that keeps a pair
# apart: (how the report names it, the Reply's field). Who reads the reply comes first, then
# whether agents see it at all.
# Actions are every field the macro sets but its text, public flag and subject (status,
# tags, group, ...: sources.py); a restriction is who may use the macro.
SHARED = (("public or internal", "public"), ("active or retired", "active"),
          ("actions", "actions"), ("restriction", "restriction"))


def apart(draft: Mapping[str, Reply], other: Reply) -> bool:
    """Whether `other` (a reply of another channel with the title of the replies in
    `draft`, by channel) must be a snippet of its own; if so, a line saying why joins
    `other.dropped` (the import's report)."""
    first = next(iter(draft.values()))
    differ = [name for name, field in SHARED if first.helpdesk == other.helpdesk == "zendesk"
              and _norm(getattr(first, field)) != _norm(getattr(other, field))]
    mine, theirs = fallbacks(first.text), fallbacks(other.text)
    if any(mine[v] != theirs[v] for v in set(mine) & set(theirs)):
        differ.append("fallbacks")
    if differ:
        named = " and ".join(filter(None, (", ".join(differ[:-1]), differ[-1])))
        other.dropped.append(
            f"not merged with {first.source} as its {other.channel} variant: their {named} "
            "differ, and a snippet sends one set to every variant's macro; imported as two "
            "snippets, each keeping its own (if the difference is not meant: give both "
            f"macros the same {named} and import them again, or move one's text into the "
            "other's variants and delete its file)")
    return bool(differ)


# A variable written with its fallback: Zendesk's Liquid `{{ticket.requester.first_name |
# default: 'there'}}` (https://shopify.github.io/liquid/filters/default/), Help Scout's
# `{%customer.firstName,fallback=there%}`.
_FALLBACK_RES = (re.compile(r"\{\{-?\s*([A-Za-z_][\w.]*)\s*\|\s*default:\s*(['\"])(.*?)\2"),
                 re.compile(r"\{%-?\s*([A-Za-z_][\w.]*)\s*,\s*fallback=()([^%]*)%\}"))


def fallbacks(text: str) -> dict[str, set[str]]:
    """variable -> the fallbacks `text` writes it with."""
    out: dict[str, set[str]] = {}
    for pattern in _FALLBACK_RES:
        for name, _quote, fallback in pattern.findall(text):
            out.setdefault(name, set()).add(fallback)
    return out


def _norm(value: Any) -> Any:
    """Actions compared as a set of (field, value): their order is not a difference."""
    if isinstance(value, list):
        return sorted(repr(sorted(a.items())) if isinstance(a, dict) else repr(a)
                      for a in value)
    return value
