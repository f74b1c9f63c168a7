"""A body opens with its own title when nothing it shows comes before its first <h1>
(issue 12, rt12c item 9): an empty anchor, an empty span or a non-breaking space above
`# Title` shows no text, so the page keeps one title with the review header under it.
The HTML is Markdown's own, made from the Markdown an author writes."""

from __future__ import annotations

import markdown
import pytest

from handbook.render.page_title import opens_with_h1

EXTENSIONS = ["attr_list", "md_in_html", "toc", "admonition"]

OPENS = [
    "# Title\n\nBody.\n",
    '<a id="top"></a>\n\n# Title\n',
    '<span id="x"></span>\n\n# Title\n',
    "&nbsp;\n\n# Title\n",
    "<!-- note -->\n\n# Title\n",
    "---\n\n# Title\n",
    "[TOC]\n\n# Title\n\n## Part\n",
    "<div markdown>\n\n# Title\n\n</div>\n",
    '<a id="top"></a><br>\n\n# Title\n',
]
DOES_NOT = [
    "Intro.\n\n# Title\n",
    '<a href="https://example.com">Home</a>\n\n# Title\n',
    '<img src="logo.png" alt="">\n\n# Title\n',
    "!!! note\n    Read first.\n\n# Title\n",
    "## Part\n\n# Title\n",
    "No title at all.\n",
]


@pytest.mark.parametrize("body", OPENS)
def test_nothing_shown_before_the_title(body: str) -> None:
    assert opens_with_h1(markdown.markdown(body, extensions=EXTENSIONS))


@pytest.mark.parametrize("body", DOES_NOT)
def test_something_shown_before_the_title(body: str) -> None:
    assert not opens_with_h1(markdown.markdown(body, extensions=EXTENSIONS))
