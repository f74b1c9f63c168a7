"""Unit tests: what counts as a macro call, the Jinja guard, and heading anchors."""

from __future__ import annotations

import jinja2

from handbook.markdown_scan import find_calls, heading_anchors, protect_jinja

PAGE = """# Title

Intro {{ snippet("a-b") }} then {{ not_a_macro }} and {% if x %} stray.

```jinja
{{ snippet("in-code") }} {% for x in y %} {% endraw %}
```

Inline `{{ snippet("inline") }}` and {# not a comment #}.

{{ decision_tree('tree', heading=2) }}
"""


def test_calls_outside_code_only_with_lines_and_args() -> None:
    calls = find_calls(PAGE, line_offset=10)
    assert [(c.name, c.args, c.line) for c in calls] == [
        ("snippet", ["a-b"], 13),
        ("decision_tree", ["tree"], 21),
    ]
    assert calls[1].kwargs == {"heading": 2}


def test_unreadable_arguments_are_reported_not_raised() -> None:
    (call,) = find_calls('{{ snippet(id-with-no-quotes) }}')
    assert call.error.startswith("cannot read the arguments of snippet()")


def test_guard_renders_our_macros_and_keeps_everything_else_verbatim() -> None:
    guarded = protect_jinja(PAGE, {"snippet", "decision_tree"})
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    out = env.from_string(guarded).render(
        snippet=lambda i: f"<SNIP {i}>", decision_tree=lambda i, heading=3: f"<TREE {i}>"
    )
    assert "<SNIP a-b>" in out and "<TREE tree>" in out
    for literal in ("{{ not_a_macro }}", "{% if x %}", '{{ snippet("in-code") }}',
                    "{% endraw %}", '`{{ snippet("inline") }}`', "{# not a comment #}"):
        assert literal in out


def test_anchors_follow_toc_slugs_and_explicit_ids() -> None:
    text = ("## Don't confront a customer\n## Be **transparent**\n## Be transparent\n"
            "### Custom { #my-id }\n```\n## not a heading\n```\n")
    anchors = heading_anchors(text)
    assert anchors == {"dont-confront-a-customer": 1, "be-transparent": 2,
                       "be-transparent_1": 3, "my-id": 4}
