"""Build tests: what Markdown shows as code or text inside containers stays as written.

Macro calls in code inside content tabs, list items, admonitions and block quotes, in fenced
blocks inside quotes, and in raw <pre>/<code> are text: the page shows them as written (no
internal placeholder leaks, no snippet block appears inside code). `{…}` lines that attr_list
does not read are kept as written, and `handbook check` passes the page, as the build does.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sitebuild import TODAY, Build, build_copy

from handbook.cli import main

HEAD = ('---\ntitle: Code in containers\nsummary: Calls shown as code.\nowner: "@acme/qa"\n'
        "reviewed: 2026-11-01\nreview_every: 90d\n---\n\n")
CODE_CALLS = HEAD + '''=== "Tab"

        {{ snippet("retired-in-tab") }}

- item

        {{ snippet("retired-in-item") }}

!!! note
    Text.

        {{ snippet("retired-in-admonition") }}

> Quote.
>
>     {{ snippet("retired-in-quote") }}

> ```
> {{ cadence("update") }}
> ```

<pre>
{{ snippet("refund-approved") }}
</pre>

Raw <code>{{ snippet("refund-approved") }}</code> code.

Run: {{ cadence("scope") }}.
'''
KEPT_BRACES = HEAD + '''{% hint style="info" %}
GitBook
\\{% endhint %}

Para
{% if x %}
more text

{x}
Para after
'''
SHOWN = ['{{ snippet("retired-in-tab") }}', '{{ snippet("retired-in-item") }}',
         '{{ snippet("retired-in-admonition") }}', '{{ snippet("retired-in-quote") }}',
         '{{ cadence("update") }}', '{{ snippet("refund-approved") }}']


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build_copy(tmp_path_factory.mktemp("containers") / "project", {
        "playbooks/code-calls.md": CODE_CALLS, "playbooks/kept-braces.md": KEPT_BRACES})
    assert result.returncode == 0, result.output
    return result


def test_check_passes_what_the_build_passes(site: Build, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.chdir(site.project)
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    # Nothing about either page but the warning that names GitBook's hint (rt12c item 12).
    lines = [line for line in result.output.splitlines()
             if "code-calls.md" in line or "kept-braces.md" in line]
    assert len(lines) == 1 and "playbooks/kept-braces.md:9:1: warning: '{% hint %}' is a " \
        "GitBook hint" in lines[0], result.output


def test_calls_in_code_inside_containers_are_shown_as_written(site: Build) -> None:
    html = site.html("playbooks/code-calls/index.html")
    body = html[html.index("Code in containers</h1>"):]
    for call in SHOWN:
        at = body.find(call)
        at = at if at >= 0 else body.index(call.replace('"', "&quot;"))
        assert body.rfind("<code", 0, at) > body.rfind("</code>", 0, at) or (
            body.rfind("<pre", 0, at) > body.rfind("</pre>", 0, at)), call
    assert "data-hb-stash" not in body  # no placeholder of the build's leaks
    assert 'class="hb-snippet' not in body  # no call in code was run
    assert "every 20 minutes" not in body  # the quoted fence's cadence is code
    assert re.search(r"Run: within 10 minutes\.", body)  # the real call ran


def test_brace_lines_attr_list_does_not_read_are_kept(site: Build) -> None:
    html = site.html("playbooks/kept-braces/index.html")
    assert '<p>{% hint style="info" %}\nGitBook\n{% endhint %}</p>' in html
    assert "<p>Para\n{% if x %}\nmore text</p>" in html
    assert "<p>{x}\nPara after</p>" in html

