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

# "[AMOUNT]", "[FIRST NAME]", in any script: capitals in brackets, not a link, a placeholder
# ([[name]]) or a reference label followed by "(", "[" or ":".
BRACKET_GAP_RE = re.compile(r"(?<!\[)\[([^\W\d_][\w /-]{0,40})\](?![\[(\]:])")
X_GAP_RE = re.compile(r"(?<![A-Za-z])X{4,}(?![A-Za-z])")
# Variables of other helpdesks: Zoho Desk ${…}, Salesforce {!…}, Kayako/Freshdesk-style
# %word.word%.
FOREIGN_VARIABLE_RE = re.compile(r"\$\{[^{}\n]{1,60}\}|\{![^{}\n]{1,60}\}|"
                                 r"%[A-Za-z_]+\.[A-Za-z_.]+%")


def capitals(text: str) -> bool:
    """Capitals in any script ("AMOUNT", "FIRST NAME"): a gap; "[see below]" is text."""
    return text == text.upper() and text != text.lower()


def leftovers(text: str) -> list[Foreign]:
    """Every gap and foreign variable in a reply's text, by offset."""
    out = [Foreign(m.start(), f"holds '{m.group()}', a gap for the agent to type over",
                    f"make it a placeholder, [[{_name(m.group(1))}]], declared with "
                    "'required: true'")
           for m in BRACKET_GAP_RE.finditer(text) if capitals(m.group(1))]
    out += [Foreign(m.start(), f"holds '{m.group()}', a gap for the agent to type over",
                     "make it a placeholder, [[name]], declared with 'required: true'")
            for m in X_GAP_RE.finditer(text)]
    out += [Foreign(m.start(), f"holds '{m.group()}', another helpdesk's variable, which "
                     "would be sent as written", "write a placeholder, [[name]]: the exports "
                     "map it to each helpdesk's own variable")
            for m in FOREIGN_VARIABLE_RE.finditer(text)]
    return sorted(out, key=lambda item: item.offset)


def _name(label: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
    return name if name and name[0].isalpha() else "name"
