"""Lines Markdown takes for link reference definitions are reported (issue 12, rt12c item 5).

`[Agent]: Hello!` in a chat transcript is a definition to Python-Markdown: the line is taken
off the page and `[Agent]` elsewhere becomes a link to 'Hello!'. Check reports each such line
whose target is no address or that no link uses; real definitions in use stay quiet. Markdown
itself is asked whether each reported line is really missing from the page."""

from __future__ import annotations

import markdown
import pytest

from handbook.core.markdown_policy import hidden_definitions

EXTENSIONS = ["attr_list", "md_in_html", "def_list", "admonition", "pymdownx.superfences"]

HIDDEN = [
    ("[Agent]: Hello!\n[Customer]: Thanks\n[Agent]: How can I help?\n",
     ["[Agent]: Hello!", "[Customer]: Thanks"]),
    ("Chat:\n\n[Customer]: Refund\n", ["[Customer]: Refund"]),
    ("> [Agent]: Hi!\n", ["[Agent]: Hi!"]),
    ("- [Agent]: Hi!\n", ["[Agent]: Hi!"]),
    ("Text.\n\n[docs]: https://example.com\n", ["[docs]: https://example.com"]),
]
SHOWN_OR_MEANT = [
    "See [the rules][rules].\n\n[rules]: six-support-rules.md\n",
    "See [docs].\n\n[docs]: https://example.com \"Docs\"\n",
    "\\[Agent]: Hello!\n",
    "[Agent]: How can I help?\n",  # more than one word: no definition, shown
    "```\n[Agent]: Hello!\n```\n",
    "    [Agent]: Hello!\n",
]


@pytest.mark.parametrize(("body", "lines"), HIDDEN)
def test_definition_lines_markdown_hides_are_reported(body: str, lines: list[str]) -> None:
    html = markdown.markdown(body, extensions=EXTENSIONS)
    found = hidden_definitions(body)
    assert [message.split("'")[1] for _at, message, _hint in found] == lines
    for (at, _message, hint), line in zip(found, lines, strict=True):
        assert line not in html  # really gone from the page
        assert body[at:].startswith(line)
        assert hint.startswith(f"to show the line as text, write \\{line.split(']:')[0]}]:")


def test_a_used_definition_that_is_no_address_names_the_link_it_makes() -> None:
    body = "[Agent]: Hello!\n[Agent]: How can I help?\n"
    assert '<a href="Hello!">Agent</a>' in markdown.markdown(body)
    (_at, message, _hint), = hidden_definitions(body)
    assert message.endswith("[Agent] elsewhere on the page links to 'Hello!'")


@pytest.mark.parametrize("body", SHOWN_OR_MEANT)
def test_shown_lines_and_definitions_in_use_stay_quiet(body: str) -> None:
    assert hidden_definitions(body) == []
