"""Unit tests: line-aware YAML, review periods and the schema's author-facing messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handbook.core.errors import check_model
from handbook.core.models import PlaybookMeta, Snippet
from handbook.core.problems import Report
from handbook.core.review import Review, add_period, in_the_future, parse_period
from handbook.core.yamlio import YamlError, load, split_front_matter


def test_lines_point_at_keys_and_list_items() -> None:
    data, lines = load("title: A\nnodes:\n  start:\n    answers:\n      - next: b\n")
    assert data["nodes"]["start"]["answers"][0]["next"] == "b"
    assert lines.line(("nodes", "start", "answers", 0, "next")) == 5
    assert lines.line(("nodes", "start", "missing")) == 3


def test_duplicate_keys_are_recorded_not_silently_merged() -> None:
    _, lines = load("a: 1\nb: 2\na: 3\n")
    assert lines.duplicates == [(("a",), 3)]


def _laughs(levels: int) -> str:
    """Each anchor aliases the previous one ten times: 10**levels values once expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "where", "message"), [
    ("a: " + "[" * 600 + "]" * 600, (1, 53), "lists and mappings nested more than 50 levels deep"),
    ("a: " + "{b: " * 80 + "1" + "}" * 80, (1, 200),
     "lists and mappings nested more than 50 levels deep"),
    ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 80)), (51, 6),
     "lists and mappings nested more than 50 levels deep"),  # each alias adds a level
    ("base: &b {k: " + "[" * 60 + "]" * 60 + "}\nx:\n  <<: *b\n", (1, 22),
     "lists and mappings nested more than 50 levels deep"),  # merge keys: PyYAML's constructor
    ("a: &x [1, *x]\n", (1, 4), "an alias names a list or mapping it is inside"),
    (_laughs(6), (5, 5), "its aliases expand to more than 100,000 values"),
])
def test_yaml_too_deep_recursive_or_exploding_is_one_error(text: str, where: tuple[int, int],
                                                          message: str) -> None:
    with pytest.raises(YamlError) as caught:
        load(text)
    assert (caught.value.line, caught.value.col) == where
    assert caught.value.message == f"invalid YAML: {message}"


def test_yaml_fifty_levels_and_a_few_aliases_still_load() -> None:
    data, _ = load("a: " + "[" * 49 + "1" + "]" * 49)
    assert data["a"] is not None
    data, _ = load(_laughs(3))
    assert len(data["a3"]) == 10 and data["a3"][0] is data["a2"]


def test_dates_stay_strings_so_bad_dates_do_not_crash_the_parser() -> None:
    data, _ = load("reviewed: 2026-13-45\n")
    assert data == {"reviewed": "2026-13-45"}


def test_yaml_syntax_error_has_line_and_hint() -> None:
    with pytest.raises(YamlError) as exc:
        load("title: ok\ntags: [a, b\nowner: x\n", offset=1)
    assert exc.value.line >= 3
    assert "invalid YAML" in exc.value.message
    assert exc.value.hint


def test_front_matter_split_reports_body_line() -> None:
    front, body, line = split_front_matter("---\na: 1\n---\n# Hi\n")
    assert front == "a: 1\n" and body == "# Hi\n" and line == 4
    assert split_front_matter("# no front matter")[0] is None
    with pytest.raises(YamlError, match="not closed"):
        split_front_matter("---\na: 1\n")


def test_front_matter_is_read_as_mkdocs_reads_it() -> None:
    """The same patterns as MkDocs, and the same answer on the edge cases where a looser
    reading let check and the build see different pages (a non-breaking space after '---',
    a closing line with no line break, MultiMarkdown-style metadata, CR line ends)."""
    from mkdocs.utils import meta

    from handbook.core.yamlio import META_RE, YAML_RE, universal_newlines

    assert (YAML_RE.pattern, YAML_RE.flags) == (meta.YAML_RE.pattern, meta.YAML_RE.flags)
    assert META_RE.pattern == meta.META_RE.pattern
    for text in ("---\na: 1\n---\nBody\n", "---  \na: 1\n...\t\nBody", "---\r\na: 1\r---\rB"):
        text = universal_newlines(text)
        front, body, _line = split_front_matter(text)
        theirs_body, theirs = meta.get_data(text)
        assert front is not None and theirs == {"a": 1}
        assert body.lstrip("\n") == theirs_body
    for text, message in (("---\xa0\na: 1\n---\nBody\n", "not read as such"),
                          ("---\na: 1\n---", "not read as such"),
                          ("ignore_macros: true\n\n# Hi\n", "read by MkDocs as metadata"),
                          ("Note: this is prose\n", "read by MkDocs as metadata")):
        with pytest.raises(YamlError, match=message):
            split_front_matter(text)
        assert meta.get_data(text)[1] == {} or ":" in text.split("\n")[0]


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        (date(2026, 1, 31), "1m", date(2026, 2, 28)),
        (date(2026, 1, 1), "90d", date(2026, 4, 1)),
        (date(2026, 1, 1), "2w", date(2026, 1, 15)),
        (date(2024, 2, 29), "1y", date(2025, 2, 28)),
    ],
)
def test_add_period(start: date, period: str, due: date) -> None:
    assert add_period(start, period) == due


@pytest.mark.parametrize(("period", "error"), [
    ("5y", ""), ("6y", "'6y' is longer than 5 years"), ("60m", ""), ("61m", "longer"),
    ("261w", ""), ("262w", "longer"), ("1827d", ""), ("1828d", "longer"),
    ("0d", "'0d' is not a review period"), (" 90d ", ""),
])
def test_review_periods_are_at_most_5_years(period: str, error: str) -> None:
    if not error:
        assert parse_period(period)[0] > 0
    else:
        with pytest.raises(ValueError, match=error):
            parse_period(period)


def test_a_review_may_be_dated_tomorrow_but_not_later() -> None:
    today = date(2026, 11, 23)
    assert not in_the_future(date(2026, 11, 24), today)
    assert in_the_future(date(2026, 11, 25), today)
    assert in_the_future(date(9999, 12, 31), today)


def test_review_is_overdue_only_after_the_due_date() -> None:
    due = date(2026, 3, 1)
    assert not Review("@a", date(2026, 1, 1), due, date(2026, 3, 1)).overdue
    assert Review("@a", date(2026, 1, 1), due, date(2026, 3, 2)).overdue


def _problems(model, text: str, **kw) -> list[str]:
    report = Report(Path("."))
    data, lines = load(text, offset=1)
    check_model(model, data, lines, report, Path("x.md"), "front matter", **kw)
    return [p.text() for p in report.problems]


GOOD = "title: T\nsummary: S\nowner: '@a'\nreviewed: 2026-01-01\nreview_every: 90d\n"


def test_valid_front_matter_passes() -> None:
    assert _problems(PlaybookMeta, GOOD) == []


def test_unknown_field_gets_did_you_mean() -> None:
    (line,) = _problems(PlaybookMeta, GOOD + "ownr: x\n")
    assert line == "x.md:7:1: error: unknown field 'ownr' (did you mean 'owner'?)"


def test_material_front_matter_is_allowed_beside_ours() -> None:
    allowed = frozenset({"hide"})
    assert _problems(PlaybookMeta, GOOD + "hide: [toc]\n", allowed_extra=allowed) == []


def test_missing_field_names_the_fix() -> None:
    (line,) = _problems(PlaybookMeta, GOOD.replace("owner: '@a'\n", ""))
    assert "missing required field 'owner'" in line
    assert "add 'owner:" in line


def test_bad_date_and_period_messages() -> None:
    text = GOOD.replace("2026-01-01", "2026-02-30").replace("90d", "3 fortnights")
    lines = _problems(PlaybookMeta, text)
    assert any("x.md:5:1: error: field 'reviewed': '2026-02-30' is not a real calendar date"
               in line for line in lines)
    assert any("field 'review_every': '3 fortnights' is not a review period" in line
               and "d (days)" in line for line in lines)


def test_snippet_channels_and_placeholders_are_typed() -> None:
    text = ("id: a\ntitle: A\nowner: x\nreviewed: 2026-01-01\nreview_every: 1y\n"
            "placeholders:\n  first_name:\n    label: First\nvariants:\n  sms: hi\n")
    lines = _problems(Snippet, text)
    assert any("'placeholders.first_name': has no fallback: add 'fallback: there'" in x
               and "or 'required: true'" in x for x in lines)
    assert any("unknown channel 'sms'" in x and "email, chat or social" in x for x in lines)


REQUIRED = ("id: a\ntitle: A\nowner: x\nreviewed: 2026-01-01\nreview_every: 1y\n"
            "placeholders:\n  amount:\n    label: Amount\n{extra}variants:\n"
            "  email: It is [[amount]].\n")


def test_a_required_placeholder_needs_no_fallback() -> None:
    report = Report(Path("."))
    data, lines = load(REQUIRED.format(extra="    required: true\n"))
    snippet = check_model(Snippet, data, lines, report, Path("x.yml"), "snippet")
    assert report.problems == []
    assert snippet is not None
    assert snippet.placeholders["amount"].required is True
    assert snippet.placeholders["amount"].fallback is None
    optional = check_model(Snippet, load(REQUIRED.format(extra="    fallback: it\n"))[0],
                           lines, report, Path("x.yml"), "snippet")
    assert optional is not None and optional.placeholders["amount"].required is False


@pytest.mark.parametrize(("extra", "message"), [
    ("    required: 'true'\n", "field 'placeholders.amount.required': must be true or false"),
    ("    required: 1\n", "field 'placeholders.amount.required': must be true or false"),
    ("    required: true\n    fallback: it\n",
     "field 'placeholders.amount': is required and has a fallback"),
    ("    required: false\n", "field 'placeholders.amount': has no fallback"),
])
def test_required_is_a_boolean_and_excludes_a_fallback(extra: str, message: str) -> None:
    lines = _problems(Snippet, REQUIRED.format(extra=extra))
    assert len(lines) == 1 and message in lines[0], lines


def test_a_key_that_overrides_a_merged_one_is_no_repeat() -> None:
    from handbook.core.yamlio import load

    data, lines = load("base: &b {label: x, next: y}\nnode:\n  <<: *b\n  label: z\n")
    assert data["node"] == {"label": "z", "next": "y"} and lines.duplicates == []
    _data, lines = load("a: 1\na: 2\nm: {<<: {x: 1}, y: 2}\n")
    assert lines.duplicates == [(("a",), 2)]
