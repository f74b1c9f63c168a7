"""The default content says the seeds' ideas in its own words: no run of eight words in a
playbook, snippet, tree or docs page matches a source text in ../shared/seeds/."""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def runs(text: str) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower().replace("\u2019", "'"))
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def content_files() -> list[Path]:
    folders = [ROOT / "playbooks", ROOT / "docs"]
    return sorted(p for folder in folders for p in folder.rglob("*")
                  if p.suffix in (".md", ".yml", ".yaml") and p.is_file())


def test_no_run_of_eight_words_comes_from_the_seeds() -> None:
    seeds = sorted(SEEDS.glob("*")) if SEEDS.is_dir() else []
    assert seeds, f"the source texts are missing: expected them in {SEEDS}"
    source: dict[tuple[str, ...], str] = {}
    for seed in seeds:
        for run in runs(seed.read_text(encoding="utf-8", errors="replace")):
            source.setdefault(run, seed.name)
    found = [f"{path.relative_to(ROOT)}: '{' '.join(run)}' (from {source[run]})"
             for path in content_files()
             for run in sorted(runs(path.read_text(encoding="utf-8")) & source.keys())]
    assert found == [], "\n".join(found)
