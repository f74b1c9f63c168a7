"""The benchmark's generator (benchmarks/generate.py): valid content, same bytes every time.

No timings here: the benchmark itself runs with `make bench`, not in the test suite.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from handbook.adapter.mkdocs_yml import read_site_config  # noqa: E402
from handbook.core.validate import check  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_generated_handbook_passes_the_checker(tmp_path: Path) -> None:
    project = tmp_path / "ours"
    generate.generate(project, 20)
    book, report = check(read_site_config(project), on=date.fromisoformat(generate.TODAY))
    assert [p.text() for p in report.sorted()] == []
    assert len(book.playbooks) == 20
    assert len(book.snippets) == 100
    assert len(book.trees) == 20
    sections = {slug.split("/")[0] for slug in book.playbooks}
    assert len(sections) == 20
    # Every playbook uses the macros, as our own content does.
    assert all(any(c.name == "snippet" for c in p.calls) for p in book.playbooks.values())
    used = {c.name for p in book.playbooks.values() for c in p.calls}
    assert {"snippet", "decision_tree", "cadence"} <= used
    assert any(c.name == "playbook_index" for page in book.pages for c in page.calls)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    for plain in (False, True):
        first, second = tmp_path / f"a-{plain}", tmp_path / f"b-{plain}"
        generate.generate(first, 20, plain=plain)
        generate.generate(second, 20, plain=plain)
        assert _files(first) == _files(second)
    assert _files(tmp_path / "a-False") != _files(tmp_path / "a-True")


def test_another_seed_gives_another_handbook(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", 20, seed=1)
    generate.generate(tmp_path / "b", 20, seed=2)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_plain_variant_is_plain_material(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    generate.generate(project, 20, plain=True)
    yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- handbook" not in yml and "- macros" not in yml
    assert "- search" in yml and "- tags" in yml and "navigation.prune" in yml
    assert not (project / "playbooks").exists() and not (project / "macros").exists()
    pages = list((project / "docs").rglob("*.md"))
    assert len(list((project / "docs" / "playbooks").rglob("*.md"))) == 20
    assert (project / "docs" / "snippets" / "index.md").is_file()
    assert (project / "docs" / "trees" / "index.md").is_file()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for macro in ("snippet(", "decision_tree(", "cadence(", "playbook_index("):
            assert "{{ " + macro not in text, (page, macro)


def test_plain_mkdocs_yml_drops_only_our_plugins() -> None:
    yml = ("site_name: x\nplugins:\n  - search\n  - handbook:\n      playbooks_dir: p\n"
           "  - tags\n  - macros:\n      module_name: macros\nextra:\n  a: 1\n")
    assert generate.plain_mkdocs_yml(yml) == (
        "site_name: x\nplugins:\n  - search\n  - tags\nextra:\n  a: 1\n")


def test_check_and_the_strict_build_agree_on_a_generated_handbook(tmp_path: Path) -> None:
    """Check passes, so the strict build must; and every section a tree points into is a
    heading id of the built playbook (check's anchors are the build's)."""
    import re

    from sitebuild import build

    from handbook.core.trees import block_anchors

    project = tmp_path / "ours"
    generate.generate(project, 20)
    book, report = check(read_site_config(project), on=date.fromisoformat(generate.TODAY))
    assert report.errors == []
    result = build(project, today=generate.TODAY)
    assert result.returncode == 0, result.output
    for tree in book.trees.values():
        for node in tree.model.nodes.values():
            if node.playbook and "#" in node.playbook:
                slug, anchor = node.playbook.split("#")
                html = result.html(f"playbooks/{slug}/index.html")
                assert f'id="{anchor}"' in html, node.playbook
    for slug, playbook in book.playbooks.items():
        html = result.html(f"playbooks/{slug}/index.html")
        article = html[html.index('<div class="md-content"'):html.index("</article>")]
        # Every heading id, those of snippet and tree blocks included (trees.block_anchors).
        built = set(re.findall(r'<h[1-6][^>]*\sid="([^"]+)"', article))
        assert built <= set(playbook.anchors) | block_anchors(playbook, book), slug
        assert block_anchors(playbook, book) <= built, slug
