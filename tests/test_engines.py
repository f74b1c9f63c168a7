"""The handbook builds the same on ProperDocs (the maintained continuation of MkDocs 1.x) as
on MkDocs 1.6: the same pages, the same exports, the same HTML but for the generator tag."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from sitebuild import Build, add_late_warning, build, copy_project

EXPORTS = ["snippets.json", "exports/zendesk/outage-acknowledge.json",
           "exports/helpscout/outage-acknowledge.json",
           "tags.json", "search/search_index.json", "sitemap.xml"]
# Allowed: Material's <meta name="generator"> names the engine ("mkdocs-1.6.1, ..." against
# "mkdocs-ProperDocs 1.6.7, ..."); the sitemap's <lastmod> is the build date.
ALLOWED = [re.compile(rb'<meta name="generator" content="[^"]*">'),
           re.compile(rb"<lastmod>[^<]*</lastmod>")]


def _files(site: Path) -> dict[str, bytes]:
    out = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    out["sitemap.xml.gz"] = gzip.decompress(out["sitemap.xml.gz"])
    for pattern in ALLOWED:
        out = {rel: pattern.sub(b"", data) for rel, data in out.items()}
    return out


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(copy_project(tmp_path_factory.mktemp("properdocs") / "project"),
                   engine="properdocs")
    assert result.returncode == 0, result.output
    return result


def test_properdocs_builds_the_same_pages_and_exports(real_site: Build,
                                                      properdocs_site: Build) -> None:
    mk, pd = _files(real_site.site), _files(properdocs_site.site)
    pages = lambda files: sorted(rel for rel in files if rel.endswith(".html"))  # noqa: E731
    assert pages(pd) == pages(mk)
    for rel in EXPORTS:
        assert pd[rel] == mk[rel], rel
    assert sorted(rel for rel in mk if mk[rel] != pd.get(rel)) == []
    assert "ProperDocs" in properdocs_site.html("index.html")  # it really was ProperDocs


def test_properdocs_strict_failure_keeps_the_published_site(tmp_path: Path) -> None:
    """ProperDocs counts strict-mode warnings on the "properdocs" logger, not "mkdocs"."""
    project = copy_project(tmp_path / "project")
    first = build(project, engine="properdocs")
    assert first.returncode == 0, first.output
    (first.site / "marker.txt").write_text("published", encoding="utf-8")
    add_late_warning(project)  # a hook's warning after every page was written
    (project / "docs" / "broken.md").write_text("# Broken\n", "utf-8")
    failed = build(project, engine="properdocs")
    assert failed.returncode != 0 and "Aborted with 1 warnings in strict mode" in failed.output
    assert (failed.site / "marker.txt").read_text(encoding="utf-8") == "published"
    assert not (failed.site / "broken").exists()
