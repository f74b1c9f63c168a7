"""Edit links of playbooks (outside docs/) for the hosts teams use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuild import ROOT, build, build_copy, copy_project

from handbook.core.edit_links import normalize_edit_url


@pytest.mark.parametrize(("built", "expected"), [
    ("https://github.com/o/r/edit/main/docs/../playbooks/x.md",
     "https://github.com/o/r/edit/main/playbooks/x.md"),
    ("https://gitlab.com/o/r/-/edit/main/docs/../playbooks/sub/x.md",
     "https://gitlab.com/o/r/-/edit/main/playbooks/sub/x.md"),
    ("https://bitbucket.org/o/r/src/main/docs/../playbooks/x.md?mode=edit",
     "https://bitbucket.org/o/r/src/main/playbooks/x.md?mode=edit"),
    ("https://dev.azure.com/o/p/_git/r?path=/docs/../playbooks/x.md&version=GBmain",
     "https://dev.azure.com/o/p/_git/r?path=/playbooks/x.md&version=GBmain"),
    ("https://github.com/o/r/edit/main/docs/index.md",
     "https://github.com/o/r/edit/main/docs/index.md"),
])
def test_dot_dot_is_resolved_in_path_and_query(built: str, expected: str) -> None:
    assert normalize_edit_url(built) == expected


def test_query_string_edit_uri_in_a_real_build(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "edit_uri: https://github.com/your-org/support-handbook/edit/main/docs/",
        "repo_url: https://dev.azure.com/acme/support/_git/handbook\n"
        "edit_uri: ?path=/docs/")
    result = build_copy(tmp_path / "p", {"mkdocs.yml": config})
    assert result.returncode == 0, result.output
    html = result.html("playbooks/six-support-rules/index.html")
    assert 'href="https://dev.azure.com/acme/support/_git/handbook?path=' \
           '/playbooks/six-support-rules.md"' in html
    assert "docs/../" not in html


AZURE = "https://dev.azure.com/acme/support/_git/handbook?path=/docs/&version=GBmain&_a=contents"
BITBUCKET = "https://bitbucket.org/acme/handbook/src/main/docs/?mode=edit"


TEMPLATE = "'https://github.com/acme/handbook/edit/main/docs/{path_noext}.md'"
EDIT_LINKS = {
    # Azure DevOps as its web page copies the address: the path goes into path=.
    f"edit_uri: {AZURE}": {
        "playbooks/six-support-rules/index.html": "https://dev.azure.com/acme/support/_git/"
        "handbook?path=/playbooks/six-support-rules.md&version=GBmain&_a=contents",
        "contributing/index.html": "https://dev.azure.com/acme/support/_git/handbook?path="
        "/docs/contributing.md&version=GBmain&_a=contents",
        "snippets/refund-approved/index.html": "https://dev.azure.com/acme/support/_git/"
        "handbook?path=/playbooks/snippets/refund-approved.yml&version=GBmain&_a=contents",
    },
    # Bitbucket's ?mode=edit stays after the path.
    f"edit_uri: {BITBUCKET}": {
        "playbooks/six-support-rules/index.html": "https://bitbucket.org/acme/handbook/src/"
        "main/playbooks/six-support-rules.md?mode=edit",
        "index.html": "https://bitbucket.org/acme/handbook/src/main/docs/index.md?mode=edit",
    },
    # {path_noext}.md names the .yml a snippet's or tree's page is made from.
    f"edit_uri_template: {TEMPLATE}": {
        "trees/refund-request/index.html": "https://github.com/acme/handbook/edit/main/"
        "playbooks/trees/refund-request.yml",
        "playbooks/six-support-rules/index.html": "https://github.com/acme/handbook/edit/main/"
        "playbooks/six-support-rules.md",
    },
}


@pytest.mark.parametrize("setting", list(EDIT_LINKS))
def test_edit_uri_with_a_query_or_a_template_links_each_page_to_its_source(
        tmp_path: Path, setting: str) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "edit_uri: https://github.com/your-org/support-handbook/edit/main/docs/", setting)
    result = build_copy(tmp_path / "p", {"mkdocs.yml": config})
    assert result.returncode == 0, result.output
    for page, expected in EDIT_LINKS[setting].items():
        links = re.findall(r'<a href="([^"]*)" title="Edit this page"', result.html(page))
        assert links == [expected], page


@pytest.mark.parametrize(("edit_uri", "said"), [
    ("https://[bad/", "is not a valid URL: Invalid IPv6 URL"),
    ("edit/main/docs/", "should include the http:// (scheme)"),
])
def test_an_edit_uri_mkdocs_refuses_on_every_page_is_one_line_in_check_and_the_build(
        tmp_path: Path, edit_uri: str, said: str) -> None:
    """MkDocs judges edit_uri as it builds each page, not with the settings; check asks it the
    same question once, and the build ends on MkDocs' warnings, never in a traceback."""
    from handbook.adapter.mkdocs_yml import mkdocs_problems

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(config.splitlines(), 1)
                if text.startswith("edit_uri:"))
    config = re.sub(r"(?m)^edit_uri: .*$", f'edit_uri: "{edit_uri}"', config)
    project = copy_project(tmp_path / "p", {"mkdocs.yml": config})
    found = [p for p in mkdocs_problems(project) if "edit_uri" in p[1]]
    assert [(severity, file.name, at) for severity, _m, file, at in found] == \
        [("error", "mkdocs.yml", line)]
    assert said in found[0][1] and found[0][1].startswith("config value 'edit_uri': ")
    if edit_uri.startswith("https://["):
        result = build(project)
        assert result.returncode != 0 and "Traceback" not in result.output, result.output
        assert said in result.output


def test_an_edit_link_that_is_no_url_is_left_as_mkdocs_made_it() -> None:
    from handbook.core.edit_links import edit_url

    assert edit_url("https://[bad/../playbooks/x.md", "https://[bad/", None,
                    "../playbooks/x.md") == "https://[bad/../playbooks/x.md"
