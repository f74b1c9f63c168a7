"""Liquid in an imported Zendesk macro: what a snippet can hold of it, and what it can't.

Zendesk writes placeholders and their logic in Liquid ("Understanding Liquid markup",
https://support.zendesk.com/hc/en-us/articles/4408883291290; the tags, `empty`/`blank` and
filters are Shopify's, https://shopify.github.io/liquid/basics/operators/). Each block is
read by python-liquid's parser (https://jg-rp.github.io/liquid/), so branches (`elsif`,
`when`, `else`), whitespace control (`{%-`) and conditions are Liquid's own reading, never
a pattern's. A snippet holds no template code, so:

- the name-fallback forms are the placeholder for X with the fallback F (none: required):
  `{{X | default: 'F'}}` anywhere in a filter chain; `{% if X %}` (or `X != empty`, `blank`,
  `nil`, `""`, `X.size > 0`, `X and X != empty`) with `{{X}}` in the first branch and F in
  `{% else %}`, the same turned round (`X == empty`, `unless`), and text around `{{X}}` in
  the branch ("Hi {{X}},") when the else text is that text around F ("Hi there,"); an
  `elsif` on another variable is left out with a report line, and HTML in F becomes its
  text;
- `{% if cond %}A{% else %}B{% endif %}` and `{% case v %}{% when … %}A{% else %}B
  {% endcase %}` with plain text in every branch become a required placeholder of its own
  whose label gives A (when `cond`) and B: the agent picks, no branch is frozen in;
- a tag written in capitals (`{% IF %}`), which Liquid does not read (Zendesk shows an
  error), is read in lower case, with a report line;
- a block no tag closes is its opening tag, or up to its paragraph's end when a branch
  tag follows it there;
- a comment is taken out; any other block (`for`, `if` without `else` around text, nested
  tags, Liquid the parser rejects) is taken out and a required placeholder stands where it
  was, labelled with what it held, so the reply never reads as finished; the report quotes
  it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BLOCK_RE = re.compile(r"\{%-?\s*(if|unless|case|for|capture|comment|raw|tablerow)\b.*?%\}",
                      re.DOTALL | re.IGNORECASE)
TAG_RE = re.compile(r"\{%.*?%\}", re.DOTALL)
# A tag's name and what follows it: "{%- elsif x != empty -%}" -> ("elsif", "x != empty").
TAG_PARTS_RE = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}", re.DOTALL)
DEFAULT_RE = re.compile(r"\|\s*default\s*:\s*(['\"])(.*?)\1\s*(?=\||\Z)", re.DOTALL)
WORD_RE = re.compile(r"[A-Za-z_][\w]*(?:\.[\w]+)+")
_PLAIN_RE = re.compile(r"[{}%<>]")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


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
    """`text` with each name-fallback form replaced by `var(...)`, each plain if/else or
    case by `token(choice)`, and every other block by `token` of a required choice, quoted
    in `notes`; stray tags are taken out and quoted."""
    text = _blocks(text, token, var, notes)
    for tag in TAG_RE.findall(text):
        notes.append(f"Liquid tag '{shorten(tag, 80)}' was taken out: a snippet holds no "
                     "template code")
    return TAG_RE.sub("", text)


def _blocks(text: str, token: Token, var: Var, notes: list[str]) -> str:
    """`text` with each block replaced as `choices` says; stray tags are left in."""
    out, pos = [], 0
    while True:
        found = BLOCK_RE.search(text, pos)
        if not found:
            break
        end = _block_end(text, found)
        if end is None:  # never closed: see _unclosed_end
            end = _unclosed_end(text, found)
            held = _taken_out(text[found.start():end], token, notes,
                              f"no {{% end{found.group(1).lower()} %}} closes it")
        else:
            held = _block(text[found.start():end], token, var, notes)
        out += [text[pos:found.start()], held]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _unclosed_end(text: str, opening: re.Match[str]) -> int:
    """Where a block no tag closes ends: its opening tag alone, the text after it kept; but
    when a branch tag (`else`, `elsif`, `when`) follows in the same paragraph, the branches
    too, to the paragraph's end ("{% if x %}{{x}}{% else %}there" would read "xthere")."""
    stop = _PARAGRAPH_END_RE.search(text, opening.end())
    limit = stop.start() if stop else len(text)
    if not _BRANCH_RE.search(text, opening.end(), limit):
        return opening.end()
    return limit


_PARAGRAPH_END_RE = re.compile(r"\n\s*\n|</p>|<br\s*/?>", re.IGNORECASE)
_BRANCH_RE = re.compile(r"\{%-?\s*(?:else|elsif|when)\b", re.IGNORECASE)
# A Liquid output that is no variable with at most a `default:` ("{{n}}", "{{'now' | date:
# '%Y'}}", "{{Customer Name}}"): Zendesk runs it, so import makes it a gap (text.py).
OUTPUT_RE = re.compile(r"\{\{-?\s*([^{}\n]{0,200}?)\s*-?\}\}")
_PATH_RE = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+\Z")
ASSIGN_RE = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*([A-Za-z_]\w*(?:\.\w+)+)\s*-?%\}",
                       re.IGNORECASE)


def logic(text: str) -> list[str]:
    """The Liquid in a Zendesk macro's text (a `comment_value`, `comment_value_html` or
    `subject`) that no snippet holds, each as written: every tag but a comment and the
    name-fallback forms (`{% if x %}{{x}}{% else %}there{% endif %}`, which the exports
    write back), every output that is not a variable, and every filter but `default:`;
    [] when there is none. An update from a snippet drops all of it: `handbook sync`'s
    guard refuses such an update (helpdesk/guards.py)."""
    found: list[str] = []

    def token(choice: Choice) -> str:
        found.append(choice.source)
        return ""

    def var(name: str, fallback: str | None, filters: str, written: str) -> str:
        if default_of(filters)[1] or _ELSIF_RE.search(written) or (
                fallback is None and _else_text(written)):  # "Hello," beside "Hi {{x}},"
            found.append(written)
        return ""

    rest = _blocks(text, token, var, [])
    found += [tag for tag in TAG_RE.findall(rest) if not _COMMENT_RE.match(tag)]
    for output in OUTPUT_RE.finditer(rest):
        expression = output.group(1)
        path = expression.split("|", 1)[0].strip()
        if not _PATH_RE.match(path) or default_of(expression[len(path):])[1]:
            found.append(output.group(0))
    return found


_ELSIF_RE = re.compile(r"\{%-?\s*elsif\b", re.IGNORECASE)
_ELSE_RE = re.compile(r"\{%-?\s*else\s*-?%\}(.*?)\{%-?\s*end(?:if|unless)\b",
                      re.IGNORECASE | re.DOTALL)


def _else_text(block: str) -> bool:
    """Whether an if/unless block around a name has text in its else branch (it said
    something there that a name-fallback placeholder without a fallback drops)."""
    found = _ELSE_RE.search(block)
    return bool(found and _HTML_TAG_RE.sub("", found.group(1)).strip())
_COMMENT_RE = re.compile(r"\{%-?\s*(?:end)?comment\b", re.IGNORECASE)


def output_label(expression: str, assigned: dict[str, str]) -> str:
    """A gap's label for a Liquid output that is no variable: its words when it reads as a
    request ("Customer Name"), what an assigned name holds ("n" of `{% assign n =
    ticket.requester.first_name %}`: "First name"), else what it computes ("Date" for
    `'now' | date: '%Y'`), never template code."""
    from ..core.reply_gaps import asks

    head, _bar, filters = expression.partition("|")
    head = head.strip()
    if head in assigned:
        return _words(assigned[head]).capitalize()
    if re.fullmatch(r"[^\W\d_][\w '\u2019]{0,40}", head) and asks(head):
        return head
    word = re.match(r"\s*(\w+)", filters)
    if word:
        return word.group(1).replace("_", " ").capitalize()
    return f"Fill in ({_words(head)})" if _PATH_RE.match(head) else "Fill in"


def _parsed(block: str, notes: list[str]) -> tuple[Any, str]:
    """(the one node python-liquid reads `block` as, or None; why not). Tag names written
    in capitals are read in lower case, with a line in `notes`."""
    from liquid import Environment
    from liquid.exceptions import LiquidError

    for attempt in (block, _lower_tags(block)):
        try:
            nodes = [n for n in Environment().parse(attempt).nodes
                     if not (isinstance(n, _content()) and not n.text.strip())]
        except LiquidError as exc:
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            continue
        if attempt is not block:
            notes.append(f"Liquid '{shorten(block, 80)}' writes its tags in capitals, which "
                         "Liquid does not read (Zendesk shows an error there): read as "
                         "written in lower case")
        return (nodes[0], "") if len(nodes) == 1 else (None, "more than one block")
    return None, why


def _lower_tags(block: str) -> str:
    return re.sub(r"(\{%-?\s*)([A-Za-z]+)", lambda m: m.group(1) + m.group(2).lower(), block)


def _content() -> type:
    from liquid.builtin.content import ContentNode

    return ContentNode


def _block(block: str, token: Token, var: Var, notes: list[str]) -> str:
    """What stands for one block: see the module's docstring."""
    from liquid.builtin.tags.case_tag import CaseNode
    from liquid.builtin.tags.comment_tag import CommentNode
    from liquid.builtin.tags.if_tag import IfNode
    from liquid.builtin.tags.unless_tag import UnlessNode

    node, why = _parsed(block, notes)
    if isinstance(node, CommentNode):
        notes.append(f"Liquid comment '{shorten(block, 80)}' was taken out")
        return ""
    conds = [parts[1] for parts in TAG_PARTS_RE.findall(_lower_tags(block))
             if parts[0] in ("if", "elsif", "unless")]
    if isinstance(node, IfNode | UnlessNode):
        branches = [(node.condition.expression, node.consequence.nodes)] + [
            (alt.expression.expression, alt.block.nodes) for alt in node.alternatives]
        other = node.default.nodes if node.default is not None else None
        done = _name_fallback(block, branches, other, isinstance(node, UnlessNode), conds,
                              var, notes)
        if done is not None:
            return done
        if isinstance(node, IfNode) and not node.alternatives and other is not None:
            return _choice(block, [(conds[0], node.consequence.nodes)], other, token, notes)
    if isinstance(node, CaseNode) and node.blocks and not hasattr(node.blocks[-1],
                                                                  "expression"):
        whens = [(f"{node.expression} is {b.expression}", b.block.nodes)
                 for b in node.blocks[:-1]]
        if whens:
            return _choice(block, whens, node.blocks[-1].nodes, token, notes)
    return _taken_out(block, token, notes, why)


def _set_when(expr: Any) -> tuple[str, bool] | None:
    """(X, True) for a condition that holds when X has a value (`X`, `X != empty`, `X.size >
    0`, `X and X != blank` …), (X, False) for one that holds when it has none (`X ==
    empty`, `X.size == 0`), None for anything else."""
    from liquid.builtin.expressions import Path
    from liquid.builtin.expressions.logical import (
        EqExpression,
        GtExpression,
        LogicalAndExpression,
        NeExpression,
    )
    from liquid.builtin.expressions.primitive import (
        Blank,
        Empty,
        IntegerLiteral,
        Nil,
        StringLiteral,
    )

    if isinstance(expr, Path):
        return str(expr), True
    if isinstance(expr, LogicalAndExpression) and isinstance(expr.left, Path):
        right = _set_when(expr.right)
        return (str(expr.left), True) if right == (str(expr.left), True) else None
    if not isinstance(expr, NeExpression | EqExpression | GtExpression) or not isinstance(
            expr.left, Path):
        return None
    name, right = str(expr.left), expr.right
    nothing = isinstance(right, Empty | Blank | Nil) or (
        isinstance(right, StringLiteral) and right.value == "")
    if name.endswith(".size") and isinstance(right, IntegerLiteral) and right.value == 0:
        name, nothing = name.removesuffix(".size"), True
    if not nothing or (isinstance(expr, GtExpression) and not name):
        return None
    return name, not isinstance(expr, EqExpression)


def _name_fallback(block: str, branches: list[tuple[Any, list]], other: list | None,
                   negated: bool, conds: list[str], var: Var, notes: list[str]) -> str | None:
    """The placeholder text for a name-fallback block, or None when it is not one."""
    first = _set_when(branches[0][0])
    if first is None:
        return None
    name, shown_if_set = first[0], first[1] != negated
    if shown_if_set:
        value, rest, fallback_nodes = branches[0][1], branches[1:], other
    elif len(branches) == 1 and other is not None:
        value, rest, fallback_nodes = other, [], branches[0][1]
    else:
        return None
    around = _around(value, name)
    if around is None or any(_set_when(c) is None or _around(n, _set_when(c)[0]) is None
                             for c, n in rest):
        return None
    before, filters, after = around
    if fallback_nodes is None and (before or after):
        return None  # "from {{x}}" or nothing: the text must not stay when x is empty
    fallback = _plain(fallback_nodes, name, notes) if fallback_nodes is not None else None
    if fallback is False:
        return None
    for cond, _nodes in rest:
        notes.append(f"Liquid '{shorten(block, 120)}': its elsif on {_set_when(cond)[0]} was "
                     f"left out: when {name} is empty the reply says the fallback")
    if fallback and (before or after):  # compared as text: "<b>Hi {{x}}</b>" / "Hi there"
        shown_before, shown_after = (" ".join(_HTML_TAG_RE.sub("", t).split()) for t in
                                     (before, after))
        fits = fallback.startswith(shown_before) and fallback.endswith(shown_after) and len(
            fallback) > len(shown_before) + len(shown_after)
        if fits:
            fallback = fallback[len(shown_before):len(fallback) - len(shown_after)].strip()
        else:
            notes.append(_greeting_note(block, name, fallback, *(
                _HTML_TAG_RE.sub("", t) for t in (before, after))))
            fallback = None
    return before + var(name, fallback or None, filters, block) + after


def _greeting_note(block: str, name: str, said: str, before: str, after: str) -> str:
    """The report line for a block whose else text is no fallback ("Hello," beside "Hi
    {{x}},"): a fallback stands only for the name, so what the reply says instead, where,
    exactly."""
    bare = " ".join(f"{before}{after}".split(" ")).strip()
    return (f"Liquid '{shorten(block, 160)}' says '{said}' when {name} is empty; a "
            "placeholder's fallback stands only for the name, so the snippet says "
            f"'{before}[[…]]{after}' with the placeholder required: on the site Copy asks for "
            f"it, and the exports and sync write '{before}{{{{{name}}}}}{after}', which "
            f"reads '{bare}' to a customer without one, not '{said}' (sync refuses to replace "
            "this Liquid without --allow-variable-loss). To greet them, give the placeholder "
            f"a fallback that reads right in '{before}…{after}', such as 'there'")


def _around(nodes: list, name: str) -> tuple[str, str, str] | None:
    """(text before, filters, text after) when `nodes` are text (HTML tags too) around one
    output of `name` ("Hi {{name | capitalize}},", "<b>{{name}}</b>"), else None."""
    from liquid.builtin.output import OutputNode

    outputs = [i for i, n in enumerate(nodes) if isinstance(n, OutputNode)]
    if len(outputs) != 1 or not all(isinstance(n, _content() | OutputNode) for n in nodes):
        return None
    expr = nodes[outputs[0]].expression
    left = getattr(expr, "left", expr)
    if str(left) != name:
        return None
    before = "".join(n.text for n in nodes[:outputs[0]])
    after = "".join(n.text for n in nodes[outputs[0] + 1:])
    if re.search(r"[{}%]", before + after) or len(before + after) > 200:
        return None
    return before.lstrip(), str(expr)[len(str(left)):], after.rstrip()


def _plain(nodes: list, name: str, notes: list[str]) -> str | bool:
    """A branch's text when it is plain (HTML tags taken out, with a line), else False."""
    if not all(isinstance(n, _content()) for n in nodes):
        return False
    text = "".join(n.text for n in nodes).strip()
    if _HTML_TAG_RE.search(text):
        notes.append(f"the fallback for {name}, '{shorten(text, 80)}', held HTML: a fallback "
                     "is plain text, so its tags were taken out")
        text = " ".join(_HTML_TAG_RE.sub("", text).split())
    return False if _PLAIN_RE.search(text) else text


def _choice(block: str, cases: list[tuple[str, list]], other: list, token: Token,
            notes: list[str]) -> str:
    """A required placeholder of its own for an if/else or case whose branches are plain
    text: its label gives every case and the else text, so the reply is never frozen to
    one branch (the helpdesk chose by the ticket; the agent chooses now)."""
    texts = [_plain(nodes, "the block", notes) for _cond, nodes in cases]
    fallback = _plain(other, "the block", notes)
    if (not fallback or not all(texts) or any(len(t) > 120 for t in [*texts, fallback])):
        return _taken_out(block, token, notes)
    label = ", ".join(f"{t} (when {c})" for t, (c, _n) in zip(texts, cases, strict=True))
    label = f"{label}, else {fallback}"
    choice = Choice(_name(cases[0][0]), label[:150], None, block)
    out = token(choice)
    said = "; ".join(f"'{t}' when {c}" for t, (c, _n) in zip(texts, cases, strict=True))
    notes.append(f"Liquid '{shorten(block, 160)}' chose its text by the ticket: it became the "
                 f"required placeholder [[{choice.name}]], and the agent types {said}, else "
                 f"'{fallback}' (a snippet holds no template code, so none is picked for "
                 "them)")
    return out


def _taken_out(block: str, token: Token, notes: list[str], why: str = "") -> str:
    """A block a snippet can't hold: a required placeholder where it stood (the reply must
    not read as finished without it), labelled with the block; `why`: the parser's error."""
    opening = TAG_RE.search(block)
    head = " ".join(opening.group(0).strip("{%-} ").split()) if opening else "block"
    word = WORD_RE.search(head)
    label = f"Fill in (depends on {_words(word.group(0))})" if word else "Fill in"
    choice = Choice("liquid_block", label, None, block)
    out = token(choice)
    broken = f" (Liquid can't read it: {why}; Zendesk shows an error there)" if why else ""
    notes.append(f"Liquid block '{shorten(block, 160)}' can't be held by a snippet (no "
                 f"template code){broken}: the required placeholder [[{choice.name}]] stands "
                 "where it was; write its cases as separate snippets or as a placeholder")
    return out


def _words(variable: str) -> str:
    """A variable as an agent reads it, in a gap's label: "ticket.requester.first_name" ->
    "first name", "ticket.organization.name" -> "organization name" (no template code is
    shown to agents; the report quotes the block for the author)."""
    parts = [p for p in variable.split(".")
             if p not in ("ticket", "requester", "current_user", "dc")] or [variable]
    return " ".join(parts[-2:]).replace("_", " ")


def _name(cond: str) -> str:
    word = WORD_RE.search(cond)
    name = re.sub(r"[^a-z0-9]+", "_", (word.group(0) if word else "choice").lower())
    return name.strip("_") or "choice"


def _block_end(text: str, opening: re.Match[str]) -> int | None:
    """The end of the block `opening` starts (its matching `{% end… %}`); None when no tag
    closes it."""
    kind, depth = opening.group(1), 1
    pattern = re.compile(r"\{%-?\s*(end)?" + kind + r"\b.*?%\}", re.DOTALL | re.IGNORECASE)
    for found in pattern.finditer(text, opening.end()):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return None


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters with "..." at the cut: Liquid
    quoted in a report or plan line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
