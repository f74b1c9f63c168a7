"""A helpdesk reply's text as snippet text: HTML to the light Markdown snippets use, the
helpdesk's variables back to our placeholders, agent-typed gaps to required placeholders.

HTML is cleaned by nh3 (the sanitizer the build already uses) to the tags a reply can carry,
then converted by markdownify (https://github.com/matthewwithanm/python-markdownify).
Variables: Zendesk's `{{ticket.requester.first_name}}` and Liquid `{% … %}`
(https://support.zendesk.com/hc/en-us/articles/203662156), Help Scout's
`{%customer.firstName,fallback=there%}`; the eight we map are render/exports.py's tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.reply_gaps import BRACKET_GAP_RE, X_GAP_RE, capitals
from ..render.exports import HELPSCOUT, ZENDESK

Back = dict[str, str]  # a helpdesk's variable -> our placeholder name


def back(zendesk: dict[str, str] = ZENDESK, helpscout: dict[str, str] = HELPSCOUT,
         ) -> tuple[Back, Back]:
    """The export tables turned round (render/exports.py `tables`, mkdocs.yml's included)."""
    return ({v: n for n, v in zendesk.items()}, {v: n for n, v in helpscout.items()})
# Zendesk placeholder, Help Scout variable, Liquid tag: in this order, so `{%x,fallback=%}`
# is read as Help Scout's before Liquid's `{% … %}`.
HELPSCOUT_VAR_RE = re.compile(r"\{%\s*([A-Za-z]+\.[A-Za-z.]+)\s*(?:,\s*fallback=([^%]*))?%\}")
ZENDESK_VAR_RE = re.compile(r"\{\{\s*([^{}|]+?)\s*(?:\|[^{}]*)?\}\}")
LIQUID_RE = re.compile(r"\{%.*?%\}", re.DOTALL)
TOKEN = "hbimport{}x"
TOKEN_RE = re.compile(r"hbimport(\d+)x")
REPLY_TAGS = {"p", "br", "div", "strong", "b", "em", "i", "a", "ul", "ol", "li",
              "blockquote", "span", "u"}


@dataclass
class Placeholder:
    label: str
    fallback: str | None  # None: required


@dataclass
class Converted:
    markdown: str
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    x_gaps: int = 0


def convert(text: str, html: bool, tables: tuple[Back, Back] | None = None) -> Converted:
    """Snippet text from a reply's text (HTML or plain); `tables` from `back()`."""
    zendesk, helpscout = tables or back()
    out = Converted("")
    names: list[str] = []

    def token(name: str) -> str:
        names.append(name)
        return TOKEN.format(len(names) - 1)

    text = HELPSCOUT_VAR_RE.sub(lambda m: token(_helpscout(m, out, helpscout)), text)
    text = ZENDESK_VAR_RE.sub(lambda m: token(_zendesk(m, out, zendesk)), text)
    for tag in LIQUID_RE.findall(text):
        out.dropped.append(f"Liquid code '{_short(tag)}' was taken out: a snippet holds no "
                           "template code; write its cases as separate snippets")
    text = LIQUID_RE.sub("", text)
    markdown = _markdown(text) if html else text.replace("\r\n", "\n").strip()
    markdown = BRACKET_GAP_RE.sub(
        lambda m: token(_gap(m.group(1), out)) if capitals(m.group(1)) else m.group(0),
        markdown)
    markdown = X_GAP_RE.sub(lambda m: token(_gap("", out)), markdown)
    out.markdown = TOKEN_RE.sub(lambda m: f"[[{names[int(m.group(1))]}]]", markdown)
    return out


def _markdown(html: str) -> str:
    import nh3
    from markdownify import markdownify

    clean = nh3.clean(html, tags=REPLY_TAGS, attributes={"a": {"href"}}, link_rel=None)
    text = markdownify(clean, heading_style="ATX", bullets="-", escape_underscores=False)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _helpscout(match: re.Match[str], out: Converted, known: Back) -> str:
    var, fallback = match.group(1), (match.group(2) or "").strip()
    name = known.get(var) or _name(var)
    label = name.replace("_", " ").capitalize() if var in known else _label(var)
    if var not in known:
        out.dropped.append(f"Help Scout variable '{match.group(0)}' has no mapping: it is the "
                           f"placeholder [[{name}]], filled in by the agent")
    _declare(out, name, label, fallback or None)
    return name


def _zendesk(match: re.Match[str], out: Converted, known: Back) -> str:
    var = match.group(1).strip()
    name = known.get(var) or _name(var)
    label = name.replace("_", " ").capitalize() if var in known else _label(var)
    if var not in known:
        what = "dynamic content" if var.startswith("dc.") else "placeholder"
        out.dropped.append(f"Zendesk {what} '{match.group(0)}' has no mapping: it is the "
                           f"required placeholder [[{name}]], filled in by the agent")
    _declare(out, name, label, None)
    return name


def _gap(label: str, out: Converted) -> str:
    if not label:
        out.x_gaps += 1
        label = "Fill in" if out.x_gaps == 1 else f"Fill in {out.x_gaps}"
    label = label.strip().capitalize()
    name = _name(label)
    _declare(out, name, label, None)
    return name


def _declare(out: Converted, name: str, label: str, fallback: str | None) -> None:
    if name not in out.placeholders:
        out.placeholders[name] = Placeholder(label, fallback)


def _name(text: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", text.lower().removeprefix("dc.")).strip("_")
    return name if name and name[0].isalpha() else f"field_{name}".rstrip("_")


def _label(var: str) -> str:
    """"ticket.url" -> "Ticket url", "dc.refund_policy" -> "Refund policy"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", var.removeprefix("dc."))
    return re.sub(r"[._\s]+", " ", words).strip().capitalize() or var


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
