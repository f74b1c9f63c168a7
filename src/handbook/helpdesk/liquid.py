"""Liquid in an imported Zendesk macro: what a snippet can hold of it, and what it can't.

Zendesk writes placeholders and their logic in Liquid ("Understanding Liquid markup",
https://support.zendesk.com/hc/en-us/articles/4408883291290; the tags, `empty`/`blank` and
filters are Shopify's, https://shopify.github.io/liquid/basics/operators/). A snippet holds
no template code, so:

- the name-fallback forms are the placeholder for X with the fallback F (none: required):
  `{{X | default: 'F'}}` anywhere in a filter chain; `{% if X %}`, `{% if X != empty %}`
  (or `blank`, `nil`, `""`), `{% if X and X != empty %}` (what our own export writes) with
  `{{X}}` in the first branch and F in `{% else %}`; `{% unless X == empty %}` alike; and
  the same turned round (`{% if X == empty %}F{% else %}{{X}}{% endif %}`);
- `{% if cond %}A{% else %}B{% endif %}` with plain text in both branches becomes a
  placeholder of its own whose fallback is B: the agent types A over it when `cond` holds;
- any other block (`case`, `for`, `if` without `else` around text, nested tags) is taken out
  and a required placeholder stands where it was, labelled with what it held, so the reply
  never reads as finished without it; the report quotes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_END = r"\s*-?%\}"
# One if/unless block whose branches hold no other tag: (kw, cond, first, else-branch).
SIMPLE_RE = re.compile(
    r"\{%-?\s*(?P<kw>if|unless)\s+(?P<cond>[^%]+?)" + _END
    + r"(?P<a>(?:(?!\{%).)*?)(?:\{%-?\s*else" + _END + r"(?P<b>(?:(?!\{%).)*?))?"
    r"\{%-?\s*end(?P=kw)" + _END, re.DOTALL)
_EMPTY = r"(?:empty|blank|nil|null|\"\"|'')"
# A condition on one variable: "X", "X != empty", "X and X != blank", "X == empty".
COND_RE = re.compile(r"^(?P<x>[A-Za-z_][\w.]*)(?:\s+and\s+(?P=x)\s*!=\s*" + _EMPTY
                     + r"|\s*(?P<op>!=|==)\s*" + _EMPTY + r")?\Z")
VAR_RE = re.compile(r"^\s*\{\{\s*(?P<x>[A-Za-z_][\w.]*)\s*(?P<filters>\|[^{}]*)?\}\}\s*\Z")
BLOCK_RE = re.compile(r"\{%-?\s*(if|unless|case|for|capture|comment|raw|tablerow)\b.*?%\}",
                      re.DOTALL)
TAG_RE = re.compile(r"\{%.*?%\}", re.DOTALL)
DEFAULT_RE = re.compile(r"\|\s*default\s*:\s*(['\"])(.*?)\1\s*(?=\||\Z)", re.DOTALL)
WORD_RE = re.compile(r"[A-Za-z_][\w]*(?:\.[\w]+)+")
_PLAIN_RE = re.compile(r"[{}%<>]")


@dataclass
class Choice:
    """An if/else made a placeholder: `name` from the condition's variable (the caller may
    make it unique), the agent's case in the label, the else case as the fallback; a block
    taken out is a Choice with no fallback."""

    name: str
    label: str
    fallback: str | None
    source: str


Token = Callable[[Choice], str]  # the text that stands for a choice; may rename it
Var = Callable[[str, str | None, str, str], str]  # (variable, fallback, filters, written)


def default_of(filters: str) -> tuple[str | None, str]:
    """(the `default:` filter's text or None, the other filters as "a | b") of a chain
    such as `| default: 'x' | capitalize`, wherever `default:` stands in it."""
    filters = filters.strip()
    found = DEFAULT_RE.search(filters)
    fallback = found.group(2) if found else None
    rest = filters[:found.start()] + filters[found.end():] if found else filters
    return fallback, " | ".join(p.strip() for p in rest.split("|") if p.strip())


def choices(text: str, token: Token, var: Var, notes: list[str]) -> str:
    """`text` with each name-fallback form replaced by `var(...)`, each plain if/else by
    `token(choice)`, and every other block by `token` of a required choice, quoted in
    `notes`; stray tags are taken out and quoted."""
    text = SIMPLE_RE.sub(lambda m: _simple(m, token, var, notes), text)
    out, pos = [], 0
    while True:
        found = BLOCK_RE.search(text, pos)
        if not found:
            break
        end = _block_end(text, found)
        out += [text[pos:found.start()], _taken_out(text[found.start():end], token, notes)]
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    for tag in TAG_RE.findall(text):
        notes.append(f"Liquid tag '{_short(tag, 80)}' was taken out: a snippet holds no "
                     "template code")
    return TAG_RE.sub("", text)


def _simple(match: re.Match[str], token: Token, var: Var, notes: list[str]) -> str:
    kw, cond = match.group("kw"), " ".join(match.group("cond").split())
    first, other = match.group("a"), match.group("b")
    form = COND_RE.match(cond)
    if form:  # which branch shows when X has a value
        shown_if_set = (form.group("op") != "==") == (kw == "if")
        value, fallback = (first, other) if shown_if_set else (other, first)
        written = VAR_RE.match(value or "")
        if written and written.group("x") == form.group("x") and not _PLAIN_RE.search(
                fallback or ""):
            return var(form.group("x"), (fallback or "").strip() or None,
                       written.group("filters") or "", match.group(0))
    if kw == "if" and other is not None:
        return _choice(match, cond, first.strip(), other.strip(), token, notes)
    return _taken_out(match.group(0), token, notes)


def _choice(match: re.Match[str], cond: str, when: str, other: str, token: Token,
            notes: list[str]) -> str:
    if (not when or not other or _PLAIN_RE.search(when + other) or len(when) > 120
            or len(other) > 120):
        return _taken_out(match.group(0), token, notes)
    choice = Choice(_name(cond), f"{when} (when {cond})"[:150], other, match.group(0))
    out = token(choice)
    notes.append(f"Liquid '{_short(match.group(0), 160)}' became the placeholder "
                 f"[[{choice.name}]]: its fallback is the else text '{other}'; the agent "
                 f"types '{when}' when {cond}")
    return out


def _taken_out(block: str, token: Token, notes: list[str]) -> str:
    """A block a snippet can't hold: a required placeholder where it stood (the reply must
    not read as finished without it), labelled with the block."""
    opening = TAG_RE.search(block)
    head = " ".join(opening.group(0).strip("{%-} ").split()) if opening else "block"
    choice = Choice("liquid_block", f"Fill in (was Liquid: {_short(head, 60)})", None, block)
    out = token(choice)
    notes.append(f"Liquid block '{_short(block, 160)}' can't be held by a snippet (no "
                 f"template code): the required placeholder [[{choice.name}]] stands "
                 "where it was; write its cases as separate snippets or as a placeholder")
    return out


def _name(cond: str) -> str:
    word = WORD_RE.search(cond)
    name = re.sub(r"[^a-z0-9]+", "_", (word.group(0) if word else "choice").lower())
    return name.strip("_") or "choice"


def _block_end(text: str, opening: re.Match[str]) -> int:
    """The end of the block `opening` starts (its matching `{% end… %}`), or of the text."""
    kind, depth = opening.group(1), 1
    pattern = re.compile(r"\{%-?\s*(end)?" + kind + r"\b.*?%\}", re.DOTALL)
    for found in pattern.finditer(text, opening.end()):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return len(text)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
