"""Liquid in an imported Zendesk macro: what a snippet can hold of it, and what it can't.

Zendesk writes placeholders and their logic in Liquid ("Understanding Liquid markup",
https://support.zendesk.com/hc/en-us/articles/4408883291290; the tags and filters are
Shopify's, https://shopify.github.io/liquid/). A snippet holds no template code, so:

- `{% if X and X != empty %}{{X}}{% else %}there{% endif %}` (what our own export writes)
  and `{{X | default: 'there'}}` are the placeholder for X with the fallback "there";
- `{% if cond %}A{% else %}B{% endif %}` with plain text in both branches becomes a
  placeholder whose fallback is B: the agent types A over it when `cond` holds;
- any other block (`if` without `else`, `unless`, `case`, `for`, `capture`, nested tags) is
  taken out whole, branches included, and the report quotes it, so a snippet never says both
  things at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

OWN_FALLBACK_RE = re.compile(
    r"\{%-?\s*if\s+([\w.]+)\s+and\s+\1\s*!=\s*empty\s*-?%\}\s*\{\{\s*\1\s*\}\}\s*"
    r"\{%-?\s*else\s*-?%\}([^{}%<>]*?)\{%-?\s*endif\s*-?%\}")
IF_ELSE_RE = re.compile(
    r"\{%-?\s*if\s+([^%]+?)\s*-?%\}((?:(?!\{%|\{\{).)*?)\{%-?\s*else\s*-?%\}"
    r"((?:(?!\{%|\{\{).)*?)\{%-?\s*endif\s*-?%\}", re.DOTALL)
BLOCK_RE = re.compile(r"\{%-?\s*(if|unless|case|for|capture|comment|raw|tablerow)\b.*?%\}",
                      re.DOTALL)
TAG_RE = re.compile(r"\{%.*?%\}", re.DOTALL)
DEFAULT_RE = re.compile(r"\|\s*default\s*:\s*(['\"])(.*?)\1\s*$")
WORD_RE = re.compile(r"[A-Za-z_][\w]*(?:\.[\w]+)+")


@dataclass
class Choice:
    """An if/else made a placeholder: `name` from the condition's variable, the agent's
    case in the label, the else case as the fallback."""

    name: str
    label: str
    fallback: str
    source: str


def default_of(filters: str) -> tuple[str | None, str]:
    """(the `default:` filter's text or None, the other filters) of `| default: 'x' | …`."""
    found = DEFAULT_RE.search(filters.strip())
    if not found:
        return None, filters.strip()
    return found.group(2), filters.strip()[:found.start()].strip()


def choices(text: str, token: Callable[[Choice], str], var: Callable[[str, str], str],
            notes: list[str]) -> str:
    """`text` with each if/else replaced by `token(choice)` or, for our own fallback form,
    `var(variable, fallback)`; every other block taken out whole and quoted in `notes`."""
    text = OWN_FALLBACK_RE.sub(lambda m: var(m.group(1), m.group(2).strip()), text)
    text = IF_ELSE_RE.sub(lambda m: _choice(m, token, notes), text)
    out, pos = [], 0
    while True:
        found = BLOCK_RE.search(text, pos)
        if not found:
            break
        end = _block_end(text, found)
        block = text[found.start():end]
        out.append(text[pos:found.start()])
        notes.append(f"Liquid block '{_short(block, 160)}' was taken out whole, its "
                      "branches too: a snippet holds no template code; write its cases as "
                      "separate snippets or as a placeholder")
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    for tag in TAG_RE.findall(text):
        notes.append(f"Liquid tag '{_short(tag, 80)}' was taken out: a snippet holds no "
                      "template code")
    return TAG_RE.sub("", text)


def _choice(match: re.Match[str], token: Callable[[Choice], str], notes: list[str]) -> str:
    cond, when, other = match.group(1).strip(), match.group(2).strip(), match.group(3).strip()
    if not when or not other or "<" in when + other or len(when) > 120 or len(other) > 120:
        notes.append(f"Liquid block '{_short(match.group(0), 160)}' was taken out whole, "
                     "its branches too: a snippet holds no template code")
        return ""
    word = WORD_RE.search(cond)
    name = re.sub(r"[^a-z0-9]+", "_", (word.group(0) if word else "choice").lower()).strip("_")
    choice = Choice(name or "choice", f"{when} (when {cond})"[:150], other, match.group(0))
    notes.append(f"Liquid '{_short(match.group(0), 160)}' became the placeholder "
                 f"[[{choice.name}]]: its fallback is the else text '{other}'; the agent "
                 f"types '{when}' when {cond}")
    return token(choice)


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
