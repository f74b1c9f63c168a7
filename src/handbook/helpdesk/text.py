"""A helpdesk reply's text as snippet text: HTML to the light Markdown snippets use
(html_text.py), the helpdesk's variables back to our placeholders, Liquid to placeholders
where it can be (liquid.py), agent-typed gaps to required placeholders.

Variables: Zendesk's `{{ticket.requester.first_name}}` (with `| default: 'x'`, a fallback)
and Liquid `{% … %}` (https://support.zendesk.com/hc/en-us/articles/203662156), Help
Scout's `{%customer.firstName,fallback=there%}`; the eight we map are render/exports.py's
tables, with mkdocs.yml's `helpdesk_variables`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from anyascii import anyascii

from ..core.reply_gaps import ANGLE_GAP_RE, gap_label, gaps
from ..render.exports import HELPSCOUT, ZENDESK
from . import liquid
from .html_text import escape_plain
from .html_text import markdown as html_markdown

Back = dict[str, str]  # a helpdesk's variable -> our placeholder name


def back(zendesk: dict[str, str] = ZENDESK, helpscout: dict[str, str] = HELPSCOUT,
         ) -> tuple[Back, Back]:
    """The export tables turned round (render/exports.py `tables`, mkdocs.yml's included)."""
    return ({v: n for n, v in zendesk.items()}, {v: n for n, v in helpscout.items()})


# Help Scout variable before Liquid, so `{%x,fallback=%}` is read as Help Scout's.
# A custom field is `{%conversation.customField.123%}` (its id), so digits too.
HELPSCOUT_VAR_RE = re.compile(r"\{%\s*([A-Za-z]+\.[A-Za-z][\w.]*)\s*"
                              r"(?:,\s*fallback\s*=([^%]*))?%\}")
# A Zendesk placeholder names a namespace and a field ("ticket.id", "dc.refund_policy"):
# "{{ and }}" is text.
ZENDESK_VAR_RE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[\w\[\]'\"-]+)+)\s*(\|[^{}]*)?\}\}")
# A variable whose default is another variable, `{{x | default: "{{ticket.id}}"}}`: braces
# inside braces, which no other pattern reads whole.
DEFAULT_VAR_RE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.\w+)+)\s*\|\s*default\s*:\s*(['\"])"
                            r"\{\{\s*([A-Za-z_]\w*(?:\.\w+)+)\s*\}\}\2\s*\}\}")
# The handbook's own placeholder, as the plain CSV may hold it (core/models.py's names).
OUR_PLACEHOLDER_RE = re.compile(r"\[\[([^\W\d_]\w{0,40})\]\]")
# Stands for a placeholder while the text is converted: private-use characters, taken out of
# the reply first, so no text of the reply can be read as one.
TOKEN = "\ue000{}\ue001"
TOKEN_RE = re.compile("\ue000(\\d+)\ue001")


@dataclass
class Placeholder:
    label: str
    fallback: str | None  # None: required


@dataclass
class Converted:
    markdown: str
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    unmapped: dict[str, str] = field(default_factory=dict)  # placeholder -> Zendesk variable
    unmapped_helpscout: dict[str, str] = field(default_factory=dict)
    gap_names: set[str] = field(default_factory=set)  # placeholders made of gaps
    gap_written: dict[str, str] = field(default_factory=dict)  # gap placeholder -> as written
    gap_where: dict[str, str] = field(default_factory=dict)  # gap placeholder -> "after '…'"
    reserved: set[str] = field(default_factory=set)  # names a gap may not take (`after`)


def convert(text: str, html: bool, tables: tuple[Back, Back] | None = None,
            plain: bool = False, ours: bool = False,
            after: tuple[Converted, ...] = ()) -> Converted:
    """Snippet text from a reply's text (HTML, or Markdown); `tables` from `back()`.
    `plain`: the text is a helpdesk's plain text, whose Markdown characters are escaped.
    `ours`: the text is the handbook's own (the plain CSV), whose `[[name]]` are
    placeholders (required, as nothing gives them a fallback). `after`: the conversions of
    the text this one is sent with (a subject's reply), whose gaps are the same placeholder
    only where written the same and whose other placeholders no gap takes."""
    zendesk, helpscout = tables or back()
    out = Converted("")
    for before in after:
        for name in before.gap_names & set(before.placeholders):
            out.placeholders.setdefault(name, before.placeholders[name])
            out.gap_names.add(name)
            out.gap_written.setdefault(name, before.gap_written[name])
            out.gap_where.setdefault(name, before.gap_where[name])
        out.reserved |= set(before.placeholders) - before.gap_names
    names: list[str] = []

    def token(name: str) -> str:
        names.append(name)
        return TOKEN.format(len(names) - 1)

    if "\ue000" in text or "\ue001" in text:
        out.dropped.append("held the private-use characters U+E000/U+E001; taken out")
        text = text.replace("\ue000", "").replace("\ue001", "")
    if html:
        text = _variable_links(text, out)
    text = HELPSCOUT_VAR_RE.sub(lambda m: token(_helpscout(m, out, helpscout)), text)
    text = DEFAULT_VAR_RE.sub(lambda m: token(_default_var(m, out, zendesk)), text)
    assigned = {m.group(1): m.group(2) for m in liquid.ASSIGN_RE.finditer(text)}
    text = liquid.choices(
        text, lambda c: token(_choice(c, out)),
        lambda var, fallback, filters, written: token(
            _filtered(var, fallback, filters, written, out, zendesk)),
        out.dropped)
    text = ZENDESK_VAR_RE.sub(lambda m: token(_zendesk(m, out, zendesk)), text)
    text = liquid.OUTPUT_RE.sub(lambda m: token(_output(m, out, assigned)), text)
    if html:  # "<<NAME>>" written raw: the HTML reader would take "<NAME>" for a tag
        text = ANGLE_GAP_RE.sub(lambda m: _gap_token(m, out, token), text)
    if plain and not html:
        text = escape_plain(text)
    if ours:
        text = _placeholder_links(text, out)
        text = OUR_PLACEHOLDER_RE.sub(lambda m: token(_ours(m.group(1), out)), text)
    text = _defuse(text, out)
    markdown = (html_markdown(text, out.dropped) if html else
                text.replace("\r\n", "\n").strip())
    if html:  # "&#91;&#91;x&#93;&#93;" is "[[x]]" only once the HTML is read
        markdown = _defuse(markdown, out)

    markdown = _gap_tokens(markdown, out, token)
    out.markdown = TOKEN_RE.sub(lambda m: f"[[{names[int(m.group(1))]}]]", markdown)
    used = [names[int(n)] for n in TOKEN_RE.findall(markdown)]
    _unused(out, set(used))
    _gaps_apart(out, used)
    out.dropped = [TOKEN_RE.sub(lambda m: f"[[{names[int(m.group(1))]}]]", line)
                   for line in out.dropped]  # never the markers themselves
    _mapped_gaps(out, set(zendesk.values()) | set(helpscout.values()))
    return out


# A link's address in HTML, as written in its start tag.
_HREF_RE = re.compile(r"""(<a\b[^>]*?)\s+href\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""",
                      re.IGNORECASE)


def _variable_links(source: str, out: Converted) -> str:
    """`source` (HTML) with each link whose address holds a helpdesk variable or Liquid
    (`https://track.example/{{ticket.id}}`, `{{ticket.url}}`, `{%conversation.number%}`)
    made text: a snippet fills placeholders into text only (render/snippet.py renders a
    link's address as written, and check refuses a placeholder in one), so the link is left
    out, its text kept, with a line."""
    def unlink(match: re.Match[str]) -> str:
        address = html.unescape(match.group(2).strip("\"'"))
        if "{{" not in address and "{%" not in address:
            return match.group(0)
        out.dropped.append(_unlinked(address, "a helpdesk variable"))
        return match.group(1)

    return _HREF_RE.sub(unlink, source)


def _unlinked(address: str, holds: str) -> str:
    return (f"the link to {liquid.shorten(address, 80)!r} left out (its text kept): its "
            f"address holds {holds}, and a snippet fills placeholders into text only; link "
            "the text to a fixed address, or write the address out where the agent can "
            "complete it")


# A Markdown link whose address holds one of our placeholders: "[here](https://x/[[id]])".
_PLACEHOLDER_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*\[\[[^\]\n]*\]\][^()\s]*)\)")


def _placeholder_links(text: str, out: Converted) -> str:
    """The plain CSV's Markdown with each link whose address holds a placeholder made its
    text, with a line, as `_variable_links` does for HTML."""
    def unlink(match: re.Match[str]) -> str:
        out.dropped.append(_unlinked(match.group(2), "a placeholder"))
        return match.group(1)

    return _PLACEHOLDER_LINK_RE.sub(unlink, text)


def _mapped_gaps(out: Converted, mapped: set[str]) -> None:
    """A gap whose name is a placeholder the helpdesks fill in ("[Customer Name]" ->
    customer_name): the exports write the helpdesk's variable there; say so."""
    for name in sorted(out.gap_names & mapped & set(out.placeholders)):
        out.dropped.append(f"the gap '{out.placeholders[name].label}' became [[{name}]], a "
                           "placeholder the helpdesk fills in itself: check that is what the "
                           "gap asked for, or rename the placeholder")


def _output(match: re.Match[str], out: Converted, assigned: dict[str, str]) -> str:
    """A Liquid output that is no variable ("{{n}}", "{{'now' | date: '%Y'}}", "{{Customer
    Name}}"): a required placeholder, with a report line quoting it."""
    name = _gap(liquid.output_label(match.group(1), assigned), out, match.group(0),
                _where(match.string, match.start(), match.end()))
    out.dropped.append(f"Liquid '{liquid.shorten(match.group(0), 120)}' is no variable a "
                       f"snippet holds (Zendesk computes it): the required placeholder "
                       f"[[{name}]] stands where it was")
    return name


def _unused(out: Converted, used: set[str]) -> None:
    """Placeholders declared inside a block that was taken out whole ({% for %} holding an
    {% if %}) are not the snippet's: it would list a field the reply never uses."""
    for name in set(out.placeholders) - used:
        del out.placeholders[name]
        out.unmapped.pop(name, None)
        out.unmapped_helpscout.pop(name, None)


# Left over once the variables are read: text our placeholders or the helpdesk would read as
# code. Brackets are escaped (Markdown shows them as written); braces get a space.
_DEFUSE = {"[[": "\\[\\[", "]]": "\\]\\]", "{{": "{ {", "}}": "} }", "{%": "{ %", "%}": "% }"}
_DEFUSE_RE = re.compile(r"\[\[|\]\]|\{\{|\}\}|\{%|%\}")
_FALLBACK_BAD_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\[\[|\]\]|\]\(|\]:|<[A-Za-z][\w+.-]*:")


def _defuse(text: str, out: Converted) -> str:
    found = sorted(set(_DEFUSE_RE.findall(text)))
    if found:
        out.dropped.append(f"held {', '.join(repr(f) for f in found)} outside any variable: "
                           "kept as text (brackets escaped, braces spaced apart), so neither "
                           "the handbook nor the helpdesk reads it as code")
    return _DEFUSE_RE.sub(lambda m: _DEFUSE[m.group()], text)


def _gap_tokens(text: str, out: Converted, token) -> str:
    """`text` with each gap (reply_gaps.gaps: the ones `handbook check` warns on) made a
    required placeholder's token."""
    parts, pos = [], 0
    for gap in gaps(text):
        where = _where(text, gap.start, gap.end)
        parts += [text[pos:gap.start], token(_gap(gap.label, out, gap.written, where,
                                                   _names_itself(gap.written, gap.label)))]
        pos = gap.end
    return "".join(parts) + text[pos:]


def _names_itself(written: str, label: str) -> bool:
    """Whether a gap says what it asks for in its own words ("[ORDER NUMBER]", "«имя»"), not
    only by its shape or the words around it ("$XX.XX", "XXXX", "DD/MM/YYYY")."""
    words = re.findall(r"[^\W\d_]+", label.casefold())
    return bool(words) and all(word in written.casefold() for word in words)


def _gap_token(match: re.Match[str], out: Converted, token) -> str:
    label = gap_label(match)
    if label is None:
        return match.group(0)
    return token(_gap(label, out, match.group(0), _where(match.string, match.start(),
                                                         match.end())))


def _ours(written: str, out: Converted) -> str:
    """The placeholder `[[written]]` of the plain CSV; a name in another script or in
    capitals is transliterated as a gap's is ("[[имя]]" -> imya), with a line."""
    name = _name(written)
    if name not in out.placeholders:
        _declare(out, name, written.replace("_", " ").capitalize(), None)
        if name != written:
            out.dropped.append(f"the placeholder [[{written}]] is [[{name}]]: a placeholder's "
                               "name is lower-case ASCII letters, digits and _")
    return name


def _default_var(match: re.Match[str], out: Converted, known: Back) -> str:
    out.dropped.append(f"'{match.group(0)}' falls back on another variable, "
                       f"{match.group(3)}, which a fallback can't be: the placeholder for "
                       f"{match.group(1)} is required")
    return _variable(match.group(1), None, out, known, match.group(0))


def _helpscout(match: re.Match[str], out: Converted, known: Back) -> str:
    var, fallback = match.group(1), (match.group(2) or "").strip()
    name = known.get(var) or _name(var)
    label = name.replace("_", " ").capitalize() if var in known else _label(var)
    if var not in known:
        out.unmapped_helpscout[name] = var
        out.dropped.append(f"Help Scout variable '{match.group(0)}' has no mapping: it is the "
                           f"placeholder [[{name}]], filled in by the agent")
    _declare(out, name, label, fallback or None)
    return name


def _zendesk(match: re.Match[str], out: Converted, known: Back) -> str:
    return _filtered(match.group(1).strip(), None, match.group(2) or "", match.group(0), out,
                     known)


def _filtered(var: str, fallback: str | None, filters: str, written: str, out: Converted,
              known: Back) -> str:
    """The placeholder for `var`; `fallback` from a Liquid if/else, else from a `default:`
    anywhere in `filters`; other filters are reported as taken out."""
    default, rest = liquid.default_of(filters)
    fallback = fallback if fallback is not None else default
    if rest:
        out.dropped.append(f"Liquid filter '| {rest}' on '{var}' was taken out: a placeholder "
                           "holds the value as it is")
    name = _variable(var, fallback, out, known, written)
    if written.startswith("{%"):
        quoted = f"Liquid '{liquid.shorten(written, 160)}'"
        out.dropped = [line.replace("[[…]]", f"[[{name}]]") if line.startswith(quoted)
                       else line for line in out.dropped]  # liquid.py can't name it
        out.dropped.append(f"{quoted} became the placeholder [[{name}]] for {var}" + (
            f" with the fallback '{fallback}'" if fallback else ", required (no fallback)"))
    return name


def _variable(var: str, fallback: str | None, out: Converted, known: Back,
              written: str | None = None) -> str:
    name = known.get(var) or _name(var)
    label = name.replace("_", " ").capitalize() if var in known else _label(var)
    had = out.placeholders.get(name)
    if had is not None and fallback and had.fallback and had.fallback != fallback:
        return _another_fallback(var, name, label, fallback, out)
    if var not in known:
        out.unmapped[name] = var
        what = "dynamic content" if var.startswith("dc.") else "placeholder"
        kind = "placeholder" if fallback else "required placeholder"
        out.dropped.append(f"Zendesk {what} '{written or var}' has no mapping: it is the "
                           f"{kind} [[{name}]], filled in by the agent")
    _declare(out, name, label, fallback or None)
    return name


def _another_fallback(var: str, name: str, label: str, fallback: str,
                      out: Converted) -> str:
    """`var` written again with another fallback ("Hi {{x|default:'there'}} … refunded
    {{x|default:'you'}}"): a placeholder of its own, `name_2`, so each reads as written; the
    report prints the helpdesk_variables line that maps it to `var` too."""
    n = 2
    while f"{name}_{n}" in out.placeholders and out.placeholders[f"{name}_{n}"].fallback \
            != fallback:
        n += 1
    second = f"{name}_{n}"
    if second not in out.placeholders:
        out.unmapped[second] = var
        out.dropped.append(f"{var} is written with the fallback {fallback!r} here and "
                           f"{out.placeholders[name].fallback!r} before: here it is the "
                           f"placeholder [[{second}]] (a placeholder has one fallback); add "
                           "the helpdesk_variables line below so the exports fill it in from "
                           "the helpdesk")
        out.placeholders[second] = Placeholder(f"{label} ({n})", fallback)
    return second


def _choice(choice: liquid.Choice, out: Converted) -> str:
    """A placeholder of its own for each choice: `name`, `name_2`, ... (two blocks on one
    variable say different things)."""
    base, n = choice.name, 1
    while choice.name in out.placeholders:
        n += 1
        choice.name = f"{base}_{n}"
    _declare(out, choice.name, choice.label, choice.fallback)
    return choice.name


def _gap(label: str, out: Converted, written: str, where: str = "",
         named: bool = True) -> str:
    """The required placeholder for a gap written `written` with `label`, `where` ("after
    'shipped on'") saying where it stands. A gap that names what it asks for (`named`:
    "[ORDER NUMBER]") written as one before (the same characters, case included) is the
    same value and gets the same placeholder; a mask that names nothing ("$XX.XX", "XXXX")
    is a value of its own at each place, and so is any other gap: each gets its own,
    `name_2`, `name_3` ..., also beside a helpdesk variable of that name ("Hi
    {{ticket.requester.first_name}}, your colleague [FIRST NAME]"), and the labels of the
    gaps that share a name say where each stands, so the agent can tell them apart."""
    label = label or "Fill in"  # reply_gaps.context_label leaves none empty
    label = label if label.startswith("Fill in") else label_case(label)  # quotes as written
    written = " ".join(written.split())
    base = name = _name(label)
    n = 1
    while name in out.placeholders or name in out.reserved:
        if named and out.gap_written.get(name) == written:
            return name  # the same named gap again: the same value
        n += 1
        name = f"{base}_{n}"
    if n > 1:
        first = out.placeholders.get(base)
        if first is not None and base in out.gap_names and first.label == label and \
                out.gap_where.get(base):
            first.label = f"{label} ({out.gap_where[base]})"
        label = f"{label} ({where or n})"
        if any(p.label == label for p in out.placeholders.values()):
            # Two gaps after the same words ("We refunded [AMOUNT] ... We refunded $XX.XX"):
            # the count tells the agent which is which.
            label = f"{label[:-1]}, {_ordinal(n)})"
    _declare(out, name, label, None)
    out.gap_names.add(name)
    out.gap_written[name], out.gap_where[name] = written, where
    return name


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_WHERE_STOP = r"[.,;:!?()\[\]{}<>\"\u3001\u3002\ue000-\ue001]"  # a clause's end, a placeholder
_WHERE_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*")


def _where(text: str, start: int, end: int) -> str:
    """Where a gap at `start`:`end` of `text` stands, for a label: "after 'shipped on'" (up
    to two words before it on its line), else "before 'stays as'", else ""."""
    clause = re.split(_WHERE_STOP, text[:start].rsplit("\n", 1)[-1])[-1]
    before = _WHERE_WORD_RE.findall(clause)[-2:]
    if before:
        return f"after '{' '.join(before)}'"
    after = _WHERE_WORD_RE.findall(re.split(_WHERE_STOP, text[end:].split("\n", 1)[0])[0])[:2]
    return f"before '{' '.join(after)}'" if after else ""


def _gaps_apart(out: Converted, used: list[str]) -> None:
    """A line for each gap name that became several placeholders, for a gap beside a
    helpdesk variable of its name, and for each gap written more than once (one
    placeholder); `used`: the placeholder of each place in the reply."""
    bases: dict[str, list[str]] = {}
    for name in sorted(out.gap_names & set(out.placeholders)):
        base = re.sub(r"_\d+\Z", "", name)
        if name != base and (base in out.placeholders or base in out.reserved
                             or base in out.gap_written):
            bases.setdefault(base, []).append(name)
    for base, others in bases.items():
        if base not in out.gap_names:
            out.dropped += [f"the gap '{out.gap_written[n]}' is a placeholder of its own, "
                            f"[[{n}]], filled in by the agent: the reply holds [[{base}]] "
                            "for a variable already; if the gap asks for that value, write "
                            f"[[{base}]] there" for n in others]
            continue
        shown = ", ".join(f"'{out.gap_written[n]}' [[{n}]]" for n in [base, *others])
        out.dropped.append(f"separate gaps are placeholders of their own: {shown} (only a "
                           "gap that names what it asks for, written the same, is one value); "
                           "if they ask for one value, write one placeholder in each place")
    for name in sorted(out.gap_names & set(out.placeholders)):
        count = used.count(name)
        if count > 1:
            out.dropped.append(f"the gap '{out.gap_written[name]}', written {count} times, "
                               f"is one placeholder, [[{name}]] (the same text asks for the "
                               "same value)")


def _declare(out: Converted, name: str, label: str, fallback: str | None) -> None:
    if fallback is not None and (_FALLBACK_BAD_RE.search(fallback) or "\n" in fallback):
        out.dropped.append(f"the fallback {fallback!r} of [[{name}]] holds code, brackets or "
                           "a link, which a fallback can't carry: the placeholder is required")
        fallback = None
    if fallback is not None and gaps(fallback):
        out.dropped.append(f"the fallback {fallback!r} of [[{name}]] is itself a gap for the "
                           "agent to type over: the placeholder is required")
        fallback = None
    had = out.placeholders.get(name)
    if had is None:
        out.placeholders[name] = Placeholder(label, fallback)
    elif fallback is not None and had.fallback != fallback:
        out.dropped.append(f"[[{name}]] is written with the fallback {had.fallback!r} and "
                           f"again with {fallback!r}; a placeholder has one, so the first "
                           "is kept: check the reply reads right with it")


# Short words in capitals that are words, not acronyms: lowercased in a label like the rest.
_WORDS = {"THE", "AND", "FOR", "OF", "TO", "IN", "ON", "AT", "BY", "OR", "NO", "FEE", "TAX",
          "DAY", "NEW", "OLD", "ONE", "TWO", "SUM", "DUE", "NET", "PAY", "OUR", "ITS", "ANY",
          "ALL", "A", "AN", "IS", "IF", "MY", "ME", "WE", "US", "DATE", "TIME", "NAME"}


def label_case(words: str) -> str:
    """A gap's label in sentence case with its acronyms as written: "ORDER ID" -> "Order
    ID", "RMA" -> "RMA", "FIRST NAME" -> "First name", "Order Number" -> "Order number"."""
    shouting = words == words.upper()
    out = []
    for word in words.split():
        acronym = word.isupper() and len(word) >= 2 and (
            not shouting or (len(word) <= 3 and word not in _WORDS))
        out.append(word if acronym else word.lower())
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _name(text: str) -> str:
    """A placeholder name from a variable or label, transliterated: "PRÉNOM" -> "prenom"
    (anyascii, as ids are)."""
    text = anyascii(re.sub("['\u2019]", "", text))
    name = re.sub(r"[^a-z0-9]+", "_", text.lower().removeprefix("dc.")).strip("_")[:40]
    name = name.strip("_")
    return name if name and name[0].isalpha() else f"field_{name}".rstrip("_")


def _label(var: str) -> str:
    """"ticket.url" -> "Ticket url", "dc.refund_policy" -> "Refund policy"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", var.removeprefix("dc."))
    return re.sub(r"[._\s]+", " ", words).strip().capitalize() or var
