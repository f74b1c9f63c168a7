"""Unit tests: every decision-tree rejection, each with its message, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handbook.core.site_config import SiteConfig
from handbook.core.validate import check

PLAYBOOK = """---
title: Playbook
summary: S
owner: "@a"
reviewed: 2026-11-01
review_every: 90d
---
## Calm down
Text.
"""
SNIPPET = """id: calm
title: Calm
owner: "@a"
reviewed: 2026-11-01
review_every: 90d
variants:
  email: Hello.
"""


def tree(nodes: dict, start: str = "q") -> str:
    return yaml.safe_dump({"id": "t", "title": "T", "owner": "@a", "reviewed": "2026-11-01",
                           "review_every": "90d", "start": start, "nodes": nodes},
                          sort_keys=False)


def outcome(**over) -> dict:
    return {"outcome": "Done", "instruction": "Do it", "snippet": "calm", **over}


def question(*targets: str) -> dict:
    return {"question": "Which?", "answers": [{"label": t, "next": t} for t in targets]}


OTHER_TREE = """id: other
title: Other
owner: "@a"
reviewed: 2026-11-01
review_every: 90d
start: first
nodes:
  first: {question: Which?, answers: [{label: A, next: end}, {label: B, next: end}]}
  end: {outcome: Done, instruction: Do it, snippet: calm}
"""


def run(tmp_path: Path, text: str) -> list[str]:
    pb = tmp_path / "playbooks"
    (pb / "snippets").mkdir(parents=True)
    (pb / "trees").mkdir()
    (pb / "p.md").write_text(PLAYBOOK)
    (pb / "snippets" / "calm.yml").write_text(SNIPPET)
    (pb / "trees" / "t.yml").write_text(text)
    (pb / "trees" / "other.yml").write_text(OTHER_TREE)
    _, report = check(SiteConfig(tmp_path, tmp_path / "docs", pb))
    return [p.text() for p in report.sorted() if p.severity == "error"]


def test_valid_tree_passes(tmp_path: Path) -> None:
    nodes = {"q": question("a", "b"), "a": outcome(playbook="p#calm-down"), "b": outcome()}
    assert run(tmp_path, tree(nodes)) == []


@pytest.mark.parametrize("ref", ["other", "other#end", "other#first"])
def test_an_outcome_may_go_on_to_another_tree_or_one_of_its_steps(tmp_path: Path,
                                                                     ref: str) -> None:
    nodes = {"q": question("a", "b"), "a": outcome(snippet=None, tree=ref), "b": outcome()}
    assert run(tmp_path, tree(nodes)) == []


CASES = [
    ("dangling next", {"q": question("a", "nowhere"), "a": outcome()},
     "playbooks/trees/t.yml:14:7: error: node 'q': answer 'nowhere' leads to 'nowhere', "
     "which is not a node in this tree"),
    ("unreachable", {"q": question("a", "b"), "a": outcome(), "b": outcome(), "lost": outcome()},
     "error: node 'lost' cannot be reached from the start 'q' (point an answer at it"),
    ("cycle", {"q": question("a", "b"), "a": question("q", "b"), "b": outcome()},
     "error: cycle: q -> a -> q"),
    ("one answer", {"q": question("a"), "a": outcome()},
     "error: question 'q' has 1 answer; a question needs at least two"),
    ("no outcome", {"q": question("a", "b"), "a": {"help": "?"}, "b": outcome()},
     "error: node 'a' ends the path without an outcome"),
    ("missing playbook", {"q": question("a", "b"), "a": outcome(playbook="nope#x"),
                          "b": outcome()},
     "error: outcome 'a' points at playbook 'nope', which does not exist"),
    ("missing anchor", {"q": question("a", "b"), "a": outcome(playbook="p#calm"),
                        "b": outcome()},
     "error: outcome 'a' points at section '#calm', which is not a heading in playbook 'p' "
     "(did you mean 'calm-down'?)"),
    ("missing snippet", {"q": question("a", "b"), "a": outcome(snippet="clam"), "b": outcome()},
     "error: outcome 'a' uses snippet 'clam', which does not exist (did you mean 'calm'?)"),
    ("outcome nowhere", {"q": question("a", "b"), "a": outcome(snippet=None), "b": outcome()},
     "error: outcome 'a' points nowhere"),
    ("unknown tree", {"q": question("a", "b"), "a": outcome(tree="otter"), "b": outcome()},
     "error: outcome 'a' goes on to tree 'otter', which does not exist (did you mean 'other'?)"),
    ("unknown step", {"q": question("a", "b"), "a": outcome(tree="other#frist"),
                      "b": outcome()},
     "error: outcome 'a' goes on to step 'frist', which is not a node of tree 'other' "
     "(did you mean 'first'?)"),
    ("own tree", {"q": question("a", "b"), "a": outcome(tree="t"), "b": outcome()},
     "error: outcome 'a' sends the agent back into its own tree"),
    ("tree on a question", {"q": {**question("a", "b"), "tree": "other"}, "a": outcome(),
                            "b": outcome()},
     "error: node 'q' has 'tree' but is not an outcome"),
    ("both kinds", {"q": question("a", "b"), "a": {**outcome(), **question("b", "b")},
                    "b": outcome()},
     "error: node 'a' has both 'question' and 'outcome'"),
]


@pytest.mark.parametrize(("name", "nodes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rejections(tmp_path: Path, name: str, nodes: dict, expected: str) -> None:
    nodes = {k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in nodes.items()}
    problems = run(tmp_path, tree(nodes))
    assert any(expected in p for p in problems), problems


def test_missing_start(tmp_path: Path) -> None:
    problems = run(tmp_path, tree({"q": question("a", "b"), "a": outcome(), "b": outcome()},
                                  start="qq"))
    assert any("start node 'qq' is not a node in this tree (did you mean 'q'?)" in p
               for p in problems)


def test_duplicate_node_id_names_the_line(tmp_path: Path) -> None:
    text = tree({"q": question("a", "b"), "a": outcome(), "b": outcome()})
    text += "  a:\n    outcome: Again\n    instruction: x\n    snippet: calm\n"
    problems = run(tmp_path, text)
    assert any(p.startswith("playbooks/trees/t.yml:") and "node id 'a' is used twice" in p
               for p in problems), problems


def test_a_link_to_a_numbered_heading_id_is_a_warning(tmp_path: Path) -> None:
    global PLAYBOOK
    saved = PLAYBOOK
    PLAYBOOK = saved + "## Calm down\nAgain.\n"
    try:
        nodes = {"q": question("a", "b"), "a": outcome(playbook="p#calm-down_1"),
                 "b": outcome()}
        assert run(tmp_path, tree(nodes)) == []
        _, report = check(SiteConfig(tmp_path, tmp_path / "docs", tmp_path / "playbooks"))
        warnings = [p.text() for p in report.problems if p.severity == "warning"]
        assert any("an id numbered by position" in w for w in warnings), warnings
    finally:
        PLAYBOOK = saved


# -- outcome anchors on pages the build reads with more than the scanner does ------------------

ROOT = Path(__file__).resolve().parent.parent
TRICKY_BODIES = {
    "md-div": "<div markdown>\n\n## Calm down\n\n</div>\n",
    "plain-div": "<div>\n\n## Calm down\n\n</div>\n\n## Breathe\n",
    "cadence": '## Update customers {{ cadence("update") }}\n',
    "definition": "Calm\n:   ## Calm down\n\n    Slowly.\n",
    "taken": "A note.\n{: #calm-down }\n\n## Calm down\n",
}
ANCHOR_CASES = [
    ("md-div", "calm-down", None),
    ("plain-div", "calm-down", "points at section '#calm-down', which is not a heading in "
                               "playbook 'p' (link to an existing heading)"),
    ("cadence", "update-customers-every-20-minutes", None),
    ("cadence", "update-customers-cadenceupdate",
     "which is not a heading in playbook 'p' (did you mean 'update-customers-every-20-minutes'?)"),
    ("definition", "calm-down", None),
    ("taken", "calm-down", "which is not a heading in playbook 'p' (did you mean 'calm-down_1'?)"),
]


@pytest.mark.parametrize(("body", "anchor", "expected"), ANCHOR_CASES,
                         ids=[f"{c[0]}#{c[1]}" for c in ANCHOR_CASES])
def test_outcome_anchors_are_the_ids_the_build_gives(tmp_path: Path, body: str, anchor: str,
                                                      expected: str | None) -> None:
    """Raw HTML blocks, definitions, macro calls in headings and ids taken by attribute lists:
    the page is read with the site's own Markdown extensions (mkdocs.yml), as the build does."""
    from handbook.adapter.mkdocs_yml import read_site_config

    pb = tmp_path / "playbooks"
    (pb / "snippets").mkdir(parents=True)
    (pb / "trees").mkdir()
    (pb / "p.md").write_text(PLAYBOOK.split("## Calm down")[0] + TRICKY_BODIES[body])
    (pb / "snippets" / "calm.yml").write_text(SNIPPET)
    nodes = {"q": question("a", "b"), "a": outcome(playbook=f"p#{anchor}"), "b": outcome()}
    (pb / "trees" / "t.yml").write_text(tree(nodes))
    site = SiteConfig(tmp_path, tmp_path / "docs", pb,
                      markdown=read_site_config(ROOT).markdown)
    _, report = check(site)
    errors = [p.text() for p in report.sorted() if p.severity == "error"]
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1 and expected in errors[0], errors


BLOCK_CASES = [
    ('{{ snippet("calm") }}\n\n{{ snippet("calm") }}\n', "snippet-calm", None),
    ('{{ snippet("calm") }}\n\n{{ snippet("calm") }}\n', "snippet-calm-2", None),
    ('{{ snippet("calm") }}\n', "snippet-calm-2", "did you mean 'snippet-calm'?"),
    ('{{ snippet("calm") }}\n\n{{ decision_tree("t") }}\n', "t--a", None),
    # The tree's outcome shows the snippet again: its second block.
    ('{{ snippet("calm") }}\n\n{{ decision_tree("t") }}\n', "snippet-calm-2", None),
    ("## Calm down\n", "snippet-calm", "which is not a heading in playbook 'p'"),
]


@pytest.mark.parametrize(("body", "anchor", "expected"), BLOCK_CASES,
                         ids=[f"{i}#{c[1]}" for i, c in enumerate(BLOCK_CASES)])
def test_outcomes_may_point_at_the_snippet_and_tree_blocks_of_a_page(
        tmp_path: Path, body: str, anchor: str, expected: str | None) -> None:
    """The build gives each snippet block and tree step a heading id (snippet-<id>, -2 for
    the second, <tree>--<step>): a link to one works, so check accepts it (trees.block_anchors;
    the agreement test on the generated handbook holds them to the built HTML)."""
    global PLAYBOOK
    saved = PLAYBOOK
    PLAYBOOK = saved.split("## Calm down")[0] + body
    try:
        nodes = {"q": question("a", "b"), "a": outcome(playbook=f"p#{anchor}"),
                 "b": outcome()}
        errors = run(tmp_path, tree(nodes))
    finally:
        PLAYBOOK = saved
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1 and expected in errors[0], errors


@pytest.mark.parametrize(("key", "pattern"), [("exclude_docs", "playbooks/p*.md"),
                                              ("draft_docs", "/playbooks/p.md")])
def test_an_outcome_at_a_playbook_the_build_leaves_out_names_the_pattern(
        tmp_path: Path, key: str, pattern: str) -> None:
    """The playbook exists, but mkdocs.yml keeps it out of the build (issue 12, rt12b 15)."""
    from handbook.core.inclusion import from_settings

    pb = tmp_path / "playbooks"
    (pb / "snippets").mkdir(parents=True)
    (pb / "trees").mkdir()
    (pb / "p.md").write_text(PLAYBOOK)
    (pb / "snippets" / "calm.yml").write_text(SNIPPET)
    nodes = {"q": question("a", "b"), "a": outcome(playbook="p#calm-down"), "b": outcome()}
    (pb / "trees" / "t.yml").write_text(tree(nodes))
    config = SiteConfig(tmp_path, tmp_path / "docs", pb,
                        inclusion=from_settings({key: pattern + "\n"}))
    _, report = check(config)
    errors = [p.text() for p in report.sorted() if p.severity == "error"]
    assert errors == [
        "playbooks/trees/t.yml:19:1: error: outcome 'a' points at playbook 'p', which "
        f"mkdocs.yml's {key} pattern '{pattern}' leaves out of the build: the link would be "
        "dead (point it at a published playbook, or change the pattern)"]
