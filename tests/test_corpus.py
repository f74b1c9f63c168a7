"""The bad-input corpus: every broken file gives its exact message from `handbook check` and
from the real build, never a traceback and never a half-written site.

Each folder under tests/corpus/ is one case: the broken file(s) at their paths inside the
project (e.g. playbooks/x.md) and `expected.txt`, the exact problem line(s) it must produce
(lines starting with '#' are comments). Files too big to commit are made by GENERATED.

`handbook check` runs once per case, in-process, and must report exactly the expected errors.
The build side runs `mkdocs build --strict` in a subprocess, as authors and CI do. One build per
case costs ~3 s, so by default cases are packed into a few projects built in parallel (the
files of a case never share a path with another case's files, and every expected line must
still appear); set HANDBOOK_CORPUS_BUILDS=each to build every case on its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import TODAY, Build, build, copy_project

from handbook.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
HUGE = b"---\ntitle: Huge\n---\n\n" + b"A sentence that repeats. " * 46_000  # ~1.1 MiB


GENERATED: dict[str, Callable[[], dict[str, bytes]]] = {
    "huge-file": lambda: {"playbooks/huge.md": HUGE},
}


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]
    expected: tuple[str, ...]
    alone: bool  # "# build: alone" in expected.txt: never packed with other cases

    def __repr__(self) -> str:
        return self.name


def load_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = {p.relative_to(folder).as_posix(): p.read_bytes()
                 for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "expected.txt"}
        files.update(GENERATED.get(folder.name, dict)())
        raw = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
        expected = tuple(line for line in raw if line.strip() and not line.startswith("#"))
        cases.append(Case(folder.name, files, expected, "# build: alone" in raw))
    return cases


CASES = load_cases()


def test_the_corpus_covers_enough_cases() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        assert case.files, f"{case.name}: no input files"
        assert case.expected, f"{case.name}: expected.txt lists no problem line"
        for line in case.expected:
            assert ": error: " in line or ": warning: " in line, f"{case.name}: {line}"
            named = line.split(":", 1)[0]
            # A folder of the case is named by a file inside it (Git keeps no empty folders).
            assert named in case.files or any(f.startswith(named + "/") for f in case.files), (
                f"{case.name}: {line} names a file that is not part of the case")


# -- handbook check --------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_reports_exactly_the_expected_errors(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", case.files)
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code == 1, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [line for line in case.expected if ": error: " in line], output
    for line in case.expected:
        assert line in result.stdout.splitlines(), f"missing: {line}\n{output}"


# -- the real build --------------------------------------------------------------------------

def _batches(cases: list[Case], count: int) -> list[list[Case]]:
    """Cases packed into `count` projects; a case goes alone when asked to, or when one of
    its paths is taken in every batch."""
    if os.environ.get("HANDBOOK_CORPUS_BUILDS") == "each":
        return [[case] for case in cases]
    batches: list[list[Case]] = [[] for _ in range(count)]
    alone: list[list[Case]] = []
    for i, case in enumerate(cases):
        if case.alone:
            alone.append([case])
            continue
        order = batches[i % count:] + batches[: i % count]  # round-robin, then first that fits
        for batch in order:
            if not any(set(case.files) & set(other.files) for other in batch):
                batch.append(case)
                break
        else:
            alone.append([case])
    return [b for b in batches if b] + alone


@pytest.fixture(scope="module")
def corpus_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """case name -> the build that included it."""
    workers = max(2, os.cpu_count() or 2)
    batches = _batches(CASES, workers * 2)
    root = tmp_path_factory.mktemp("corpus-builds")

    def run(index: int, batch: list[Case]) -> tuple[list[Case], Build]:
        files: dict[str, str | bytes] = {}
        for case in batch:
            files.update(case.files)
        return batch, build(copy_project(root / f"batch-{index}", files))

    out: dict[str, Build] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch, result in pool.map(lambda ib: run(*ib), enumerate(batches)):
            for case in batch:
                out[case.name] = result
    return out


@pytest.mark.parametrize("case", CASES, ids=str)
def test_build_fails_with_the_same_lines(case: Case, corpus_builds: dict[str, Build]) -> None:
    result = corpus_builds[case.name]
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    assert not (result.site / "index.html").exists(), "the build left a half-written site"
    lines = result.output.splitlines()
    for line in case.expected:
        if ": error: " in line:  # warnings are logged at INFO, which a quiet build hides
            assert line in lines, f"missing: {line}\n{result.output}"


# -- the same report from every core ----------------------------------------------------------

def test_checking_pages_in_parallel_reports_exactly_what_one_process_does(
        tmp_path: Path) -> None:
    """`handbook check` splits a large handbook's pages over worker processes (fan_out.py):
    the report must not depend on it. The corpus, packed into a few projects, is checked
    in one process and in three."""
    from datetime import date

    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.validate import check

    for index, batch in enumerate(_batches(CASES, 2)):
        files: dict[str, str | bytes] = {}
        for case in batch:
            files.update(case.files)
        config = read_site_config(copy_project(tmp_path / f"batch-{index}", files))
        serial = check(config, on=date.fromisoformat(TODAY), jobs=1)
        parallel = check(config, on=date.fromisoformat(TODAY), jobs=3)
        assert parallel[1].sorted() == serial[1].sorted(), [c.name for c in batch]
        assert serial[1].errors, [c.name for c in batch]
        assert list(parallel[0].playbooks) == list(serial[0].playbooks)
        assert [p.src_uri for p in parallel[0].pages] == [p.src_uri for p in serial[0].pages]
