"""Edit links of playbooks (outside docs/) for the hosts teams use."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import ROOT, build_copy

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
