"""The HTML policy judged on the HTML the build will make, for the pages that could break it.

`markdown_policy` reads a page's Markdown fast, but Markdown has corners it reads otherwise
(a fence whose info string the fence extension refuses, an escaped backtick, inline code in a
raw HTML block, attribute lists on definition terms or setext headings, references inside
block quotes). On those, `handbook check` passed and the strict build then failed on the
sanitizer's warning. So any page that holds something the policy could object to (a '<', an
attribute list that sets a value, a link target that is not plainly relative or web, an image,
a reference definition) is also rendered here with the site's own Markdown extensions, its
macro calls standing in as the build's placeholders, and the result goes through the same
`scan_html` the build's sanitizer uses. Pages without such text (nearly all) cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .html_policy import scan_html
from .macro_calls import BLOCK_MACROS, find_calls
from .markdown_policy import link_targets_plainly_fine

# An attribute list that sets a value or a reserved id: the only kind that can add an attribute
# the policy refuses (a bare word sets an empty one).
_RISKY_ATTR_LIST_RE = re.compile(r"\{[^{}\n]*(?:=|#__)[^{}\n]*\}")
# A comment holding no '<' (such as Material's `<!-- material/tags -->`): nothing to judge.
_PLAIN_COMMENT_RE = re.compile(r"<!--[^<]*?-->")
_QUOTED_RE = re.compile(r"'([^']{1,200})'|<([A-Za-z][\w:-]*)")


@dataclass(frozen=True)
class Found:
    offset: int  # in the page's Markdown body: where the text most likely is
    message: str
    hint: str


class MarkdownSettingsError(Exception):
    """The site's Markdown extensions can't be built from mkdocs.yml's settings (MkDocs'
    validation of mkdocs.yml reports that, once): no page can be rendered."""


def could_break_policy(body: str) -> bool:
    """Whether `body` holds anything the HTML policy could object to once rendered. Reads
    the text as it is, code and all: deciding what is code is what can go wrong."""
    return (("<" in body and "<" in _PLAIN_COMMENT_RE.sub("", body))
            or bool(_RISKY_ATTR_LIST_RE.search(body)) or not link_targets_plainly_fine(body))


def rendered_problems(body: str, markdown_config: tuple[list[Any], dict[str, Any]]
                      ) -> list[Found]:
    """What the build's sanitizer would remove from this page, with the place in `body` it
    most likely comes from. `markdown_config` is (extensions, their configs) as MkDocs gives
    them to Python-Markdown."""
    html = _render(_with_placeholders(body), markdown_config)
    found = []
    for violation in scan_html(html):
        found.append(Found(_locate(body, violation.message), violation.message,
                           violation.hint))
    return found


def _with_placeholders(body: str) -> str:
    """The body as Markdown sees it in the build: each block macro call replaced by the
    placeholder <div> the plugin stashes its HTML behind, an inline one by plain text."""
    out, pos = [], 0
    for i, call in enumerate(c for c in find_calls(body) if c.runnable):
        out.append(body[pos:call.start])
        out.append(f'<div data-hb-stash="check-{i}"></div>' if call.name in BLOCK_MACROS
                   else "cadence")
        pos = call.end
    out.append(body[pos:])
    return "".join(out)


_MARKDOWN: dict[int, Any] = {}


def _render(text: str, markdown_config: tuple[list[Any], dict[str, Any]]) -> str:
    import markdown

    key = id(markdown_config)
    md = _MARKDOWN.get(key)
    if md is None:
        extensions, configs = markdown_config
        # An option the checker could not build from mkdocs.yml (None) is left to its default.
        configs = {name: {k: v for k, v in (value or {}).items() if v is not None}
                   for name, value in configs.items()}
        # Highlighting changes only what is inside code, which is escaped either way, and
        # loading Pygments would cost a tenth of a second.
        configs.setdefault("pymdownx.highlight", {})["use_pygments"] = False
        try:
            md = _MARKDOWN[key] = markdown.Markdown(extensions=list(extensions),
                                                    extension_configs=configs)
        except Exception as exc:  # an extension that won't load: a setting, not this page
            raise MarkdownSettingsError(str(exc)) from exc
    md.reset()
    return md.convert(text)


def _locate(body: str, message: str) -> int:
    """Where in the Markdown the thing a message names is: its quoted value or tag."""
    lowered = body.lower()
    for match in _QUOTED_RE.finditer(message):
        needle = (match.group(1) or f"<{match.group(2)}").lower()
        at = lowered.find(needle)
        if at >= 0:
            return at
    return 0
