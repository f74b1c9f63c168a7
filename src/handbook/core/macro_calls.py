"""The handbook's macros as authors write them: `{{ name("literal") }}` and nothing more.

One registry of macro names and signatures, one scanner that finds the calls in a page, and
the guard that hands Jinja a template holding only those calls. The checker, the build and the
incremental preview all use these, so what `handbook check` accepts is exactly what runs.

A call is `{{ name("text") }}` or `{{ name("text", heading=N) }}`: `name` one of MACROS as a
bare name, arguments literal strings and whole numbers. Anything else between `{{` and `}}`
is text. What looks like a call to one of our macros but is not exactly that shape (attribute
access, chained calls, expressions as arguments) is an error in `check`, and is never run.
"""

from __future__ import annotations

import ast
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from .markdown_scan import NotProse

# Macro name -> names of its positional arguments.
MACROS: dict[str, tuple[str, ...]] = {
    "snippet": ("id",),
    "decision_tree": ("id",),
    "cadence": ("name",),
    "playbook_index": (),
}
# Keyword options a macro accepts, and what each takes: "level", a heading level from 1 to 6;
# "flag", True or False (see macros_env.py).
MACRO_OPTIONS: dict[str, dict[str, str]] = {
    "snippet": {"heading": "level", "collapsed": "flag"},
    "decision_tree": {"heading": "level"},
}
# Macros that render a block (a <div> with headings): a block inside a sentence, a heading,
# a table cell or a link target breaks the page, so they stand on a line of their own.
BLOCK_MACROS = frozenset({"snippet", "decision_tree", "playbook_index"})
CALL_HINT = 'write it as {{ snippet("id") }} with the id in quotes'
# `{{`, optional whitespace control, a name, then "(": something written as a call.
_CALL_START_RE = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*\(")
# A call longer than this, or one running over a blank line, is not closed where it should be.
MAX_CALL = 400


@dataclass
class MacroCall:
    name: str
    start: int
    end: int
    line: int
    col: int
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    hint: str = ""

    def __reduce__(self) -> tuple:
        # Pickled by the page workers of `handbook check` (fan_out.py): as the arguments of
        # the constructor, a call unpickles three times faster than by its __dict__.
        return (MacroCall, (self.name, self.start, self.end, self.line, self.col, self.args,
                            self.kwargs, self.error, self.hint))

    @property
    def runnable(self) -> bool:
        """A call of one of our macros that the build will run: well formed and well typed."""
        return not self.error and signature_problem(self) is None


def find_calls(text: str, line_offset: int = 0) -> list[MacroCall]:
    """Every `{{ name(...) }}` outside code, with its literal arguments parsed.

    A call may run over several lines. Calls whose text is not a plain call with literal
    arguments come back with `error` set (and are never run)."""
    if "{{" not in text:
        return []
    regions = NotProse(text)
    calls: list[MacroCall] = []
    pos, counted, newlines = 0, 0, 0  # newlines before `counted`: count each stretch once
    while (start := text.find("{{", pos)) >= 0:
        match = _CALL_START_RE.match(text, start)
        if match is None or regions.holds(start):
            pos = start + 2
            continue
        newlines += text.count("\n", counted, start)
        counted = start
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        call = MacroCall(match.group(1), start, match.end(), newlines + 1 + line_offset, col)
        close = text.find("}}", match.end(), start + MAX_CALL)
        source = _unquoted(text, start, text[start : close + 2]) if close >= 0 else ""
        if not source or "\n\n" in source or "\r\n\r\n" in source:
            call.error = f"{call.name}( is opened with {{{{ but not closed with }}}}"
            call.hint = f'write the whole call on one line: {{{{ {call.name}("id") }}}}'
            pos = match.end()
        else:
            call.end = close + 2
            _parse(call, source)
            pos = call.end
        calls.append(call)
    return calls


_QUOTE_MARKS_RE = re.compile(r"[ \t]*(?:>[ \t]?)+")
_CONTINUED_QUOTE_RE = re.compile(r"(\r?\n)[ \t]*(?:>[ \t]?)+")


def _unquoted(text: str, start: int, source: str) -> str:
    """`source`, the call at `start` in `text`, without the block quote markers that begin
    its later lines when it starts on a quoted line (`> Every {{ cadence(` / `> "update") }}`):
    Markdown reads those lines as one quoted paragraph, and the build runs the call as read
    here. A line of markers only becomes blank: the paragraph, and the call, end there."""
    if "\n" not in source:
        return source
    line_start = text.rfind("\n", 0, start) + 1
    if not _QUOTE_MARKS_RE.match(text, line_start) or ">" not in text[line_start:start]:
        return source
    return _CONTINUED_QUOTE_RE.sub(lambda m: m.group(1), source)


# The usual call, `{{ snippet("some-id") }}` or with `heading=N`: read without the Python
# parser (most of `handbook check`'s time on a large handbook was spent in ast.parse).
_SIMPLE_RE = re.compile(r"""\{\{-?\s*[A-Za-z_]\w*\s*\(\s*(?:"([\w .#/-]*)"|'([\w .#/-]*)')\s*"""
                        r"""(?:,\s*heading\s*=\s*([1-6])\s*)?\)\s*-?\}\}""")


def _parse(call: MacroCall, source: str) -> None:
    """Fills in the arguments of `{{ name(...) }}`, or the reason it is not a plain call."""
    simple = _SIMPLE_RE.fullmatch(source)
    if simple:
        first, second, level = simple.groups()
        call.args = [first if first is not None else second]
        call.kwargs = {"heading": int(level)} if level else {}
        return
    inner = source[2:-2].strip().removeprefix("-").removesuffix("-").strip()
    try:
        expr = ast.parse(inner, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        expr = None
    if (expr is None and re.fullmatch(rf"{call.name}\s*\((.*)\)", inner, re.S)
            and _closing_paren(inner, inner.find("(")) == len(inner) - 1):
        args = inner[inner.find("(") + 1 : inner.rfind(")")]
        call.error = f"cannot read the arguments of {call.name}(): {' '.join(args.split())}"
        call.hint = call_hint(call.name)
        return
    if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name)
            and expr.func.id == call.name):
        # e.g. snippet("x").__class__ or snippet("x")("y"): the call is only the start.
        shown = " ".join(inner.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        call.error = f"'{{{{ {shown} }}}}' is not a plain macro call"
        call.hint = f"{call_hint(call.name)}; to show it as text, put it in backticks"
        return
    values = [*expr.args, *(k.value for k in expr.keywords)]
    if any(k.arg is None for k in expr.keywords) or not all(map(_literal, values)):
        args = inner[inner.find("(") + 1 : inner.rfind(")")]
        call.error = f"cannot read the arguments of {call.name}(): {' '.join(args.split())}"
        call.hint = call_hint(call.name)
        return
    call.args = [a.value for a in expr.args]  # type: ignore[attr-defined]
    call.kwargs = {k.arg or "": k.value.value for k in expr.keywords}  # type: ignore[attr-defined]


def call_hint(name: str) -> str:
    """How a call of macro `name` is written (CALL_HINT for names that are not macros)."""
    if name not in MACROS or name == "snippet":
        return CALL_HINT
    wanted = MACROS[name]
    args = ", ".join(f'"{arg}"' for arg in wanted)
    what = f"with the {' and '.join(wanted)} in quotes" if wanted else "with nothing inside"
    return f"write it as {{{{ {name}({args}) }}}} {what}"


def _closing_paren(text: str, opening: int) -> int:
    """Offset of the ')' that closes the '(' at `opening`, skipping quoted text; -1 if none."""
    depth, quote = 0, ""
    for i in range(opening, len(text)):
        c = text[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _literal(node: ast.expr) -> bool:
    """Text, a whole number, True or False: what a macro's arguments and options take."""
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, int))


def signature_problem(call: MacroCall) -> tuple[str, str] | None:
    """What is wrong with a well-formed call's name, arguments and options, as (message,
    hint); None when the build can run it."""
    if call.name not in MACROS:
        from .errors import did_you_mean  # only for a mistake (this runs for every call)

        return (f"unknown macro '{call.name}'",
                did_you_mean(call.name, MACROS) or f"known: {', '.join(MACROS)}")
    wanted = MACROS[call.name]
    if len(call.args) != len(wanted) or not all(isinstance(a, str) for a in call.args):
        quoted = ", ".join(f'"{name}"' for name in wanted)
        named = [key for key in call.kwargs if key in wanted]
        if named and len(call.args) < len(wanted):
            return (f"{call.name}() takes its {named[0]} in quotes as it is, not as "
                    f"{named[0]}=...", f"write {{{{ {call.name}({quoted}) }}}}")
        return (f"{call.name}() takes {len(wanted)} argument(s), got {len(call.args)}"
                if len(call.args) != len(wanted) else
                f"{call.name}() takes text in quotes, got {call.args!r}",
                f"write {{{{ {call.name}({quoted}) }}}}")
    allowed = MACRO_OPTIONS.get(call.name, {})
    for key, value in call.kwargs.items():
        if key not in allowed:
            from .errors import did_you_mean

            return (f"{call.name}() has no option '{key}'",
                    did_you_mean(key, allowed) or (
                        f"its options: {', '.join(allowed)}" if allowed else "it takes no options"))
        if allowed[key] == "flag" and not isinstance(value, bool):
            return (f"{call.name}(): {key}={value!r} is not True or False",
                    f"write {key}=True")
        if allowed[key] == "level" and (isinstance(value, bool) or not isinstance(value, int)
                                        or not 1 <= value <= 6):
            return (f"{call.name}(): {key}={value!r} is not a heading level",
                    f"write {key}=2 (a number from 1 to 6)")
    return None


def placement_problem(call: MacroCall, text: str) -> tuple[str, str] | None:
    """A block macro with other text on its line, as (message, hint); `text` is the page
    the call was found in."""
    if call.name not in BLOCK_MACROS:
        return None
    before = text[text.rfind("\n", 0, call.start) + 1 : call.start]
    after_end = text.find("\n", call.end)
    after = text[call.end : len(text) if after_end < 0 else after_end]
    if before.strip() or after.strip():
        return (f"{call.name}() shows a block, so it must stand on a line of its own",
                f"move {{{{ {call.name}(...) }}}} to its own line; to link to it, use "
                "the page's address instead")
    return None


def address_problem(call: MacroCall, text: str) -> tuple[str, str] | None:
    """A call inside a link's address or a reference definition, as (message, hint): its
    text would become the address (`href="every 20 minutes"`), or the definition would stop
    being one and show as text."""
    if call.name in BLOCK_MACROS or ("](" not in text and "]:" not in text):
        return None  # a block has its own line: placement_problem
    from .markdown_policy import in_link_address

    # The call's own quotes must not read as the end of a title: the build has run it first.
    where = in_link_address(text[:call.start] + "x" * (call.end - call.start) + text[call.end:],
                            call.start)
    if not where:
        return None
    if where == "title":
        return (f"{call.name}() stands inside a link's title (the text in quotes after its "
                "address): no call may stand there",
                "write the title out in full; a macro's text belongs in the link's text or the "
                "sentence around it")
    place = ("a link's address" if where == "link" else
             "a link reference definition ([id]: address)")
    return (f"{call.name}() stands inside {place}, where its text can't make a working link",
            "write the address out in full; a macro's text belongs in the link's text or the "
            "sentence around it")


# -- the Jinja guard ----------------------------------------------------------------------------

@dataclass
class Guarded:
    """A page as handed to Jinja: our calls, and a token for every stretch of text between
    them. `restore` puts the text back after rendering, exactly as written."""

    template: str
    texts: list[str]
    token_re: re.Pattern[str]

    def restore(self, rendered: str) -> str:
        return self.token_re.sub(lambda m: self.texts[int(m.group(1))], rendered)


def guard(text: str) -> Guarded:
    """The template Jinja renders for a page: only runnable calls, rebuilt from their parsed
    arguments, so no text of the author's (titles, prose, code, broken calls) is ever parsed
    as Jinja. The tokens carry a random nonce: content cannot forge one."""
    nonce = secrets.token_hex(8)
    token_re = re.compile(f"hbtext{nonce}n(\\d+)z")
    texts: list[str] = []
    out: list[str] = []
    pos = 0
    for call in find_calls(text):
        if not call.runnable:
            continue
        out.append(f"hbtext{nonce}n{len(texts)}z")
        texts.append(text[pos : call.start])
        out.append(canonical(call))
        pos = call.end
    out.append(f"hbtext{nonce}n{len(texts)}z")
    texts.append(text[pos:])
    return Guarded("".join(out), texts, token_re)


def canonical(call: MacroCall) -> str:
    """The call as Jinja source, from its parsed values (ASCII JSON strings are valid Jinja
    string literals)."""
    args = [json.dumps(a) for a in call.args]
    args += [f"{k}={json.dumps(v)}" for k, v in call.kwargs.items()]
    return f"{{{{ {call.name}({', '.join(args)}) }}}}"
