"""Unit tests: what counts as a macro call, the Jinja guard, and heading anchors."""

from __future__ import annotations

import random

import jinja2
from markdown.extensions.toc import slugify, unique

from handbook.markdown_scan import (
    CALL_RE,
    _code_spans_by_line,
    _inside,
    _slugify,
    _unique,
    code_spans,
    find_calls,
    heading_anchors,
    protect_jinja,
)

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


# Lines that open, close or fake fences and inline code, with calls in and around them.
PIECES = [
    "```", "````", "~~~", "~~~~", "  ```py", "\t~~~", "``` ```", "text", "", "`", "``x``",
    '{{ snippet("a") }}', '`{{ snippet("b") }}`', 'x `y` {{ snippet("c") }} `z`',
    '``a ` {{ snippet("d") }}``', '~ {{ snippet("e") }} ~', '```{{ snippet("f") }}',
    '   ~~~ {{ snippet("g") }}', '`` {{ snippet("h") }}', "# {{ snippet('i') }}",
]


def test_fast_call_scan_agrees_with_the_line_by_line_code_scan() -> None:
    """find_calls skips calls in code without building every inline span; it must skip exactly
    the calls that the line-by-line reference scan puts inside code."""
    rng = random.Random(7)
    for _ in range(3000):
        text = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        spans = _code_spans_by_line(text)
        assert code_spans(text) == spans, text
        expected = [m.start() for m in CALL_RE.finditer(text) if not _inside(m.start(), spans)]
        assert [c.start for c in find_calls(text)] == expected, text
        crlf = find_calls(text.replace("\n", "\r\n"))  # lines that end in \r\n: slow path
        assert [c.line for c in crlf] == [c.line for c in find_calls(text)], text


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


def test_heading_slugs_are_markdowns_own() -> None:
    """The checker slugs headings without importing Markdown; it must agree with the toc
    extension that writes the anchors, duplicates included."""
    titles = ["Steps", "Steps", "Steps_1", "Žlutý kůň: 2 \u00d7 faster!", "  spaced   out  ", "",
              "émoji 🙂 here", "a_b-c d", "Steps_1", "-", "100% done?", "Steps"]
    ours: dict[str, int] = {}
    theirs: set[str] = set()
    for i, title in enumerate(titles):
        mine = _unique(_slugify(title), ours)
        ours[mine] = i
        assert mine == unique(slugify(title, "-"), theirs), title


def test_repeated_heading_slugs_stay_markdowns_own() -> None:
    """Runs of the same title, mixed with titles that look like counted slugs, in random
    order: the remembered runs in _unique must never skip a free count Markdown would use."""
    pool = ["Step", "Step", "Step", "Step 1", "Step_1", "Step_2", "step_3", "Step_10", "", "-",
            "Other", "Other_1"]
    rng = random.Random(11)
    for _ in range(20):
        titles = [rng.choice(pool) for _ in range(300)]
        ours: dict[str, int] = {}
        runs: dict[str, tuple[int, int]] = {}
        theirs: set[str] = set()
        for i, title in enumerate(titles):
            mine = _unique(_slugify(title), ours, runs)
            ours[mine] = i
            assert mine == unique(slugify(title, "-"), theirs), (title, titles[:i])


class _CountingDict(dict):
    lookups = 0

    def __contains__(self, key: object) -> bool:
        _CountingDict.lookups += 1
        return super().__contains__(key)


def test_repeated_headings_cost_a_few_lookups_each() -> None:
    """20,000 '## Step' headings (a tree links into one of them) once took 33 s: each
    heading re-tried _1, _2 ... from the start. Counted, not timed, so it cannot flake."""
    taken, runs = _CountingDict(), {}
    for i in range(20_000):
        taken[_unique("step", taken, runs)] = i
    assert "step_19999" in taken and len(taken) == 20_000
    assert _CountingDict.lookups < 3 * 20_000 + 10
    anchors = heading_anchors("## Step\n\ntext\n\n" * 20_000)
    assert len(anchors) == 20_000
    assert anchors["step_19999"] == 4 * 19_999 + 1
