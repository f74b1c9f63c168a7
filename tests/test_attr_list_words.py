"""`{word}` text that attr_list reads is reported, whatever the word (issue 12, rt12c item 1).

`{name}`, `{title}`, `{id}`, `{hidden}` and `{lang}` are attribute names, and they are also
support text's commonest placeholders: attr_list turns `Thanks,` / `{name}` into `<p name>`
and the word is gone from the page. A bare word counts as an attribute only in the explicit
`{: hidden }` form; `.class`, `#id` and `key=value` are attributes in either form."""

from __future__ import annotations

import markdown
import pytest

from handbook.core.markdown_policy import may_vanish
from handbook.core.rendered_check import rendered_problems

EXTENSIONS = ["attr_list", "md_in_html", "def_list", "admonition", "pymdownx.superfences"]
CONFIG = (EXTENSIONS, {})

VANISHING = [
    ("Thanks,\n{name}\n", "{name}"),
    ("Regards,\n{title}\n", "{title}"),
    ("Case\n{id}\n", "{id}"),
    ("Secret\n{hidden}\n", "{hidden}"),
    ("## Reply in {lang}\n", "{lang}"),
    ("Dear\n{Name}\n", "{Name}"),
    ("Use `code`{lang} now.\n", "{lang}"),
    ("See [the page](other.md){target} here.\n", "{target}"),
    ("A **b**{hidden} c.\n", "{hidden}"),
    ("Amount\n{value}\n", "{value}"),
    ("> Quoted\n> {open}\n", "{open}"),
    ("Mixed\n{ .lead name }\n", "{ .lead name }"),
]
MEANT = [
    "Lead text\n{: .lead }\n",
    "Hidden on purpose\n{: hidden }\n",
    "## Heading {#anchor}\n",
    "Para\n{.note}\n",
    "Para\n{ lang=fr }\n",
    "Para\n{ #para .wide }\n",
]


@pytest.mark.parametrize(("body", "text"), VANISHING)
def test_a_bare_word_attr_list_reads_is_reported_with_its_text(body: str, text: str) -> None:
    html = markdown.markdown(body, extensions=EXTENSIONS)
    assert text not in html  # Markdown really drops it
    assert may_vanish(body)
    found = [f for f in rendered_problems(body, CONFIG) if f.vanishes]
    assert [f.message.split("'")[1] for f in found] == [text]
    assert body[found[0].offset:].startswith(text)


@pytest.mark.parametrize("body", MEANT)
def test_explicit_attribute_lists_stay_quiet(body: str) -> None:
    assert not rendered_problems(body, CONFIG)


def test_an_explicit_bare_word_is_judged_on_the_element_it_lands_on() -> None:
    body = "Para\n{: value }\n"
    assert may_vanish(body)  # rendered: only the element says whether 'value' is allowed
    found = rendered_problems(body, CONFIG)
    assert [(f.vanishes, "'value' on <p> is not allowed" in f.message) for f in found] == [
        (False, True)]


@pytest.mark.parametrize("body", ["## Reply to {customer} ##\n", "### Ask {order_no} ###\n",
                                  "## Ask {% endif %} ##\n", "## Reply to {name} #\n"])
def test_text_before_a_heading_s_closing_hashes_is_reported(body: str) -> None:
    """rt12c item 4: the closing hashes go first, then attr_list reads the `{…}`."""
    text = body[body.index("{"):body.index("}") + 1]
    assert text not in markdown.markdown(body, extensions=EXTENSIONS)
    assert may_vanish(body)
    assert [f.message.split("'")[1] for f in rendered_problems(body, CONFIG)] == [text]
