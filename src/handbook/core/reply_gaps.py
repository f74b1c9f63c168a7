"""What a reply should not still hold when it is sent: gaps agents type over (`[AMOUNT]`,
`XXXXX`) and other helpdesks' variable syntax that none of ours reads (`${Contact.Name}`,
`{!Contact.FirstName}`, `%ticket.subject%`). `handbook check` warns on each; `handbook
import` turns the gaps into required placeholders with the same patterns.

Zendesk's and Help Scout's own `{{…}}` / `{%…%}` are errors, not warnings (validate.py:
the helpdesk would run them).
"""

from __future__ import annotations

import re

from .foreign_syntax import Foreign

# "[AMOUNT]", "[FIRST NAME]", "[£AMOUNT]", "[#ORDER]", "[Order Number]", in any script:
# capitals or capitalised words in brackets, not a link, a placeholder ([[name]]) or a
# reference label followed by "(", "[" or ":".
BRACKET_GAP_RE = re.compile(r"(?<![\[\\])\[([£$€¥#]?)([^\W\d_][\w /-]{0,40})\]"
                            r"(?![\[(\]])")
# "XXXX", "XXX", "xxxx", "XXXX-XXXX" (one gap), and amounts: "$XX.XX", "£xx.xx", "$XXX",
# "₹XX.XX", "CHF XX.XX", "XX,XX €"; also "______" (a line to write on) and "#ORDER#".
_MONEY = "$£€¥₹₽₩₺₪"
X_GAP_RE = re.compile(
    rf"(?<![\w{_MONEY}])(?:(?:[{_MONEY}]|\b[A-Z]{{3}}\s)\s?[xX]{{2,}}(?:[.,][xX]{{2}})?"
    rf"|[xX]{{2,}}[.,][xX]{{2}}\s?[{_MONEY}]|X{{3,}}(?:[-/]X{{3,}})*"
    r"|x{4,}(?:[-/]x{4,})*)(?![\w])|(?:\\?_){3,}|#[A-Z][A-Z_]{1,30}#")
# "<<FIRST_NAME>>" (also as the HTML of a helpdesk export shows it) and "{FIRSTNAME}".
ANGLE_GAP_RE = re.compile(r"(?:<<|&lt;&lt;)\s*([A-Za-z][\w ]{0,40}?)\s*(?:>>|&gt;&gt;)")
BRACE_GAP_RE = re.compile(r"(?<![{$!%\\])\{([A-Z][A-Z0-9_]{1,40})\}(?!\})")
GAP_RES = (BRACKET_GAP_RE, ANGLE_GAP_RE, BRACE_GAP_RE, X_GAP_RE)
_TITLE_CASE_RE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}\Z")
# The exports' own gap, "[Order number]" (sentence case, as they write a required field's
# label), and lowercase asks: "[insert date]", "[customer name]".
_SENTENCE_RE = re.compile(r"^[A-Z][a-z]*(?: [a-z0-9]+){1,5}\Z")
_ASK_RE = re.compile(r"^(?:insert|enter|add|type|fill in|your)\b|\b(?:name|number|date|"
                     r"amount|id|code|email|address|link|time|price|phone)\Z", re.IGNORECASE)
# Variables of other helpdesks: Zoho Desk ${…}, Salesforce {!…}, Kayako/Freshdesk-style
# %word.word%.
FOREIGN_VARIABLE_RE = re.compile(r"\$\{[^{}\n]{1,60}\}|\{![^{}\n]{1,60}\}|"
                                 r"%[A-Za-z_]+\.[A-Za-z_.]+%")


def capitals(text: str) -> bool:
    """Capitals in any script ("AMOUNT", "FIRST NAME"): a gap; "[see below]" is text."""
    return text == text.upper() and text != text.lower()


def gap_label(match: re.Match[str]) -> str | None:
    """What a match of one of GAP_RES asks the agent for ("" when it doesn't say: XXXX), or
    None when it is text after all ("[see below]")."""
    if match.re is BRACKET_GAP_RE:
        words, text, start = match.group(2), match.string, match.start()
        if text.startswith(":", match.end()) and (start == 0 or text[start - 1] == "\n"):
            return None  # a reference definition, "[label]: https://…"
        if not (capitals(words) or _TITLE_CASE_RE.match(words) or _SENTENCE_RE.match(words)
                or _ASK_RE.search(words)):
            return None
        return "Amount" if match.group(1) in "£$€¥" and match.group(1) and words.upper() in (
            "X", "XX") else words
    if match.re is X_GAP_RE:
        found = match.group(0)
        if found.startswith("#"):
            return found.strip("#").replace("_", " ")
        code = found[:3].isalpha() and found[:3].isupper() and found[:3] != "XXX"  # CHF
        return "Amount" if code or any(c in _MONEY for c in found) else ""
    return match.group(1).replace("_", " ")


def leftovers(text: str) -> list[Foreign]:
    """Every gap and foreign variable in a reply's text (or subject, or fallback), by
    offset."""
    out = []
    for regex in GAP_RES:
        for m in regex.finditer(text):
            label = gap_label(m)
            if label is None:
                continue
            name = f"[[{_name(label)}]]" if label else "[[name]]"
            out.append(Foreign(m.start(), f"holds '{m.group()}', a gap for the agent to type "
                               f"over", f"make it a placeholder, {name}, declared with "
                               "'required: true'"))
    out += [Foreign(m.start(), f"holds '{m.group()}', another helpdesk's variable, which "
                     "would be sent as written", "write a placeholder, [[name]]: the exports "
                     "map it to each helpdesk's own variable")
            for m in FOREIGN_VARIABLE_RE.finditer(text)]
    return sorted(out, key=lambda item: item.offset)


def _name(label: str) -> str:
    from anyascii import anyascii  # "PRÉNOM" -> "prenom", as import names it

    name = re.sub(r"[^a-z0-9]+", "_", anyascii(label).lower()).strip("_")
    return name if name and name[0].isalpha() else "name"
