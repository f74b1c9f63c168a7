"""Unit tests: what counts as a macro call, and the guard that hands Jinja nothing else."""

from __future__ import annotations

import random
import re

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handbook.core.macro_calls import canonical, find_calls, guard, signature_problem
from handbook.core.markdown_scan import _code_spans_by_line, code_spans, inside

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
CALL_START = re.compile(r"\{\{-?\s*[A-Za-z_]\w*\s*\(")


def test_fast_call_scan_agrees_with_the_line_by_line_code_scan() -> None:
    """find_calls skips calls in code without building every inline span; it must skip exactly
    the calls that the line-by-line reference scan puts inside code."""
    rng = random.Random(7)
    for _ in range(3000):
        text = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        spans = _code_spans_by_line(text)
        assert code_spans(text) == spans, text
        expected = [m.start() for m in CALL_START.finditer(text) if not inside(m.start(), spans)]
        assert [c.start for c in find_calls(text)] == expected, text
        crlf = find_calls(text.replace("\n", "\r\n"))  # lines that end in \r\n: slow path
        assert [c.line for c in crlf] == [c.line for c in find_calls(text)], text


def test_unreadable_arguments_are_reported_not_raised() -> None:
    (call,) = find_calls('{{ snippet(id-with-no-quotes) }}')
    assert call.error == "cannot read the arguments of snippet(): id-with-no-quotes"
    assert not call.runnable


@pytest.mark.parametrize("text", [
    '{{ snippet("heard-hear").__class__ }}',
    '{{ snippet("heard-hear").__class__.__mro__[1].__subclasses__() }}',
    '{{ snippet("heard-hear").strip("heard-hear") }}',
    '{{ snippet("heard-hear")("heard-hear") }}',
    '{{ snippet("heard-hear")["x"] }}',
    '{{ snippet("a") ~ cycler.__init__.__globals__ }}',
    '{{ snippet("a") if lipsum.__globals__ else "" }}',
    '{{ snippet("a", heading=lipsum.__globals__) }}',
    '{{ snippet(lipsum.__globals__["os"].popen("id").read()) }}',
    '{{ snippet(*["a"]) }}',
    '{{ snippet(**{"heading": 2}) }}',
    '{{ snippet("a") | safe }}',
    '{{ snippet("a")\n.__class__ }}',
    '{{ cadence(("update")) .upper() }}',
])
def test_anything_beyond_a_plain_call_is_an_error_and_never_runs(text: str) -> None:
    (call,) = find_calls(text)
    assert call.error and not call.runnable, call
    guarded = guard(f"before {text} after")
    assert "{{" not in guarded.template  # nothing of it reaches Jinja
    assert guarded.restore(guarded.template) == f"before {text} after"


def test_a_call_may_span_lines_and_is_still_checked() -> None:
    (call,) = find_calls('x\n{{ snippet(\n    "no-such-id"\n) }}\n', line_offset=4)
    assert (call.name, call.args, call.line, call.runnable) == ("snippet", ["no-such-id"], 6,
                                                                True)


def test_an_unclosed_call_is_an_error() -> None:
    (call,) = find_calls('{{ snippet("a")\n\nmore text }}')
    assert call.error.startswith("snippet( is opened with {{ but not closed")


def test_signatures_come_from_one_registry() -> None:
    (bad_option,) = find_calls('{{ snippet("a", heding=2) }}')
    assert signature_problem(bad_option) == ("snippet() has no option 'heding'",
                                             "did you mean 'heading'?")
    (number,) = find_calls('{{ snippet(3) }}')
    assert signature_problem(number)[0] == "snippet() takes text in quotes, got [3]"
    (level,) = find_calls('{{ decision_tree("t", heading=9) }}')
    assert "is not a heading level" in signature_problem(level)[0]
    (folded,) = find_calls('{{ snippet("a", collapsed=True) }}')
    assert signature_problem(folded) is None and folded.kwargs == {"collapsed": True}
    (one,) = find_calls('{{ snippet("a", collapsed=1) }}')
    assert signature_problem(one) == ("snippet(): collapsed=1 is not True or False",
                                      "write collapsed=True")
    (flag_level,) = find_calls('{{ snippet("a", heading=True) }}')
    assert "is not a heading level" in signature_problem(flag_level)[0]
    (tree_fold,) = find_calls('{{ decision_tree("t", collapsed=True) }}')
    assert signature_problem(tree_fold)[0] == "decision_tree() has no option 'collapsed'"
    (unknown,) = find_calls('{{ snipet("a") }}')
    assert signature_problem(unknown) == ("unknown macro 'snipet'", "did you mean 'snippet'?")


def test_canonical_calls_are_rebuilt_from_values_not_copied() -> None:
    (call,) = find_calls("{{-   snippet( 'a-b' ,heading = 2 )  -}}")
    assert canonical(call) == '{{ snippet("a-b", heading=2) }}'


def test_guard_renders_our_macros_and_keeps_everything_else_verbatim() -> None:
    guarded = guard(PAGE)
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.globals = {"snippet": lambda i: f"<SNIP {i}>",
                   "decision_tree": lambda i, heading=3: f"<TREE {i} {heading}>"}
    out = guarded.restore(env.from_string(guarded.template).render())
    expected = (PAGE.replace('{{ snippet("a-b") }}', "<SNIP a-b>")
                .replace("{{ decision_tree('tree', heading=2) }}", "<TREE tree 2>"))
    assert out == expected


def test_guard_tokens_cannot_be_forged_by_content() -> None:
    first = guard("text")
    forged = first.template  # a page that holds a token seen in another build
    second = guard(forged + ' {{ snippet("a") }}')
    assert second.restore(second.template.replace('{{ snippet("a") }}', "X")) == forged + " X"


def test_the_fast_path_reads_calls_as_the_python_parser_does(monkeypatch) -> None:
    import handbook.core.macro_calls as mc

    rng = random.Random(3)
    pieces = ["snippet", "decision_tree", "cadence", "x"]
    for _ in range(2000):
        name = rng.choice(pieces)
        quote = rng.choice(['"', "'"])
        ident = rng.choice(["a-b", "a b", "x/y#z", "", "a.b"])
        option = rng.choice(["", ", heading=2", ",heading = 6", ", heading=7", ", heading='2'"])
        space = rng.choice(["", " ", "  "])
        text = (f"{{{{{rng.choice(['', '-'])}{space}{name}{space}({space}{quote}{ident}{quote}"
                f"{option}{space}){space}{rng.choice(['', '-'])}}}}}")
        fast = find_calls(text)
        with monkeypatch.context() as patched:
            patched.setattr(mc, "_SIMPLE_RE", re.compile(r"(?!)"))
            slow = find_calls(text)
        assert [(c.args, c.kwargs, c.error) for c in fast] == \
            [(c.args, c.kwargs, c.error) for c in slow], text


def test_calls_in_indented_code_and_html_comments_are_text() -> None:
    text = ('Intro.\n\n    {{ snippet("in-indented-code") }}\n\n'
            '<!-- {{ snippet("retired") }}\n{{ snippet("also-retired") }} -->\n\n'
            '!!! note\n\n    {{ snippet("in-admonition") }}\n\n'
            '- item\n\n    {{ snippet("in-list") }}\n\n'
            'Unclosed <!-- comment {{ snippet("after-unclosed") }}\n'
            '`<!--` then {{ snippet("after-code-comment") }} `-->`\n')
    assert [c.args[0] for c in find_calls(text)] == [
        "in-admonition", "in-list", "after-unclosed", "after-code-comment"]
    guarded = guard(text)
    assert guarded.template.count("{{") == 4


def test_a_call_in_a_link_title_is_named_as_in_the_title() -> None:
    """rt12c item 11: a call in `[x](url "…")`'s title is not in the link's address."""
    from handbook.core.macro_calls import address_problem

    call = '{{ cadence("update") }}'
    for text, place in ((f'See [x](https://ex.com "every {call}") now.', "title"),
                        (f"See [x](<a b> 'every {call}') now.", "title"),
                        (f"See [x](https://ex.com/{call}) now.", "address")):
        (found,) = find_calls(text)
        problem = address_problem(found, text)
        assert problem is not None and f"inside a link's {place}" in problem[0], text


def test_a_comment_marker_inside_an_attribute_value_opens_no_comment() -> None:
    """rt12c item 11: `<span title="<!--">` is a tag; the call after it is prose and runs."""
    call = '{{ cadence("update") }}'
    text = f'A <span title="<!--">x</span> every {call} y <span title="-->">z</span>.'
    assert [c.runnable for c in find_calls(text)] == [True]
    assert find_calls(f"A <!-- note {call} --> b") == []  # a real comment still hides it


def test_a_call_wrapped_over_lines_of_a_block_quote_runs() -> None:
    """rt12c item 12: `> Every {{ cadence(` / `> "update") }} here.` is one quoted paragraph,
    so the call is read without the second line's `>`; the guard hands Jinja the whole
    call, and the quote marker inside it goes with it."""
    text = '> Every {{ cadence(\n> "update") }} here.\n'
    (call,) = find_calls(text)
    assert call.runnable and call.args == ["update"]
    guarded = guard(text)
    out = jinja2.Environment().from_string(guarded.template).render(
        cadence=lambda name: "every 20 minutes")
    assert guarded.restore(out) == "> Every every 20 minutes here.\n"
    # A line of markers only ends the quoted paragraph: the call is not closed there.
    (broken,) = find_calls('> Every {{ cadence(\n>\n> "update") }} here.\n')
    assert not broken.runnable and "not closed" in broken.error
