"""Unit tests: heading anchors as the toc extension writes them."""

from __future__ import annotations

import random

from markdown.extensions.toc import slugify, unique

from handbook.markdown_scan import (
    _slugify,
    _unique,
    heading_anchors,
)


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
