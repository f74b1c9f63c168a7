"""The handbook benchmark: build, check and preview times at 200 and 2,000 playbooks.

    make bench                                    # the full run; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --sizes 200 2000 --runs 3
    .venv/bin/python benchmarks/run.py --quick    # 100 pages, 1 run, a minute or two; prints
                                                  # the report instead of writing RESULTS.md

For each size N it generates (benchmarks/generate.py) a synthetic handbook and the same
Markdown for plain Material, then measures, as the median of --runs runs:

1. a cold `mkdocs build` of each (fresh process, empty site folder) and their ratio, with the
   peak memory (max RSS) of the build process, the size of the site and of its search index;
2. `handbook check` on the whole tree (the CLI when it exists, else the same validation the
   CLI runs, `handbook.core.validate.check`, in a fresh Python process);
3. edit-to-reload under the serve command of `make serve` (read from the Makefile): start it on
   a free port, wait for the first build, append a line to one playbook and time until the
   server returns the page's new HTML. Also, for information, the same after editing a snippet
   (every page that shows the snippet must change) and after renaming a playbook's title (the
   navigation of other pages must change).

When a time target is missed at the largest size (or with --profile always), it profiles the
build of each variant, or `handbook check`, and reports where the time goes. Every step has a
timeout; servers are stopped, temporary folders removed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import pstats
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import search_speed  # noqa: E402

TARGETS = {  # at the largest size
    "ratio": 1.10,
    "check_s": 1.0,
    "reload_s": 2.0,
    "site_mb": 150.0,
    "search_s": 0.5,  # first results of a one-word query after page load
    "search_mb": 1.0,  # downloaded before them
    "search_speedup": 10.0,  # times sooner than plain Material's search
}
# "search: Pagefind indexed N pages in S s", logged by the handbook plugin (adapter/search.py).
INDEXED_RE = re.compile(r"search: Pagefind indexed (\d+) pages in ([\d.]+) s")
BUILD_TIMEOUT = 900
SERVE_FIRST_BUILD_TIMEOUT = 900
RELOAD_TIMEOUT = 300
ENV = {"HANDBOOK_TODAY": generate.TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def venv_bin() -> Path:
    return Path(sys.executable).parent


def env() -> dict[str, str]:
    # A developer's shell may turn bytecode caching off; an installed handbook has it, and
    # without it every run compiles our modules again (a tenth of a second of `check`).
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, **ENV}


# -- measurements -----------------------------------------------------------------------------

@dataclass
class BuildRun:
    seconds: float
    max_rss_mb: float
    ok: bool
    output: str = ""
    cpu: float = 0.0  # user + system seconds of the process


def timed(cmd: list[str], cwd: Path, timeout: float) -> BuildRun:
    """Runs cmd, returning wall time and the peak RSS of that process (wait4's rusage)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        deadline = start + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.02)
        except BaseException:  # interrupted: do not leave the child running
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
            raise
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return BuildRun(seconds, usage.ru_maxrss / 1024, proc.returncode == 0, text[-4000:],
                    usage.ru_utime + usage.ru_stime)


def tree_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
    return total, files


PARTS = ["page head and header", "site navigation (left sidebar)", "table of contents",
         "page content", "footer and scripts", "search index", "other files"]


def site_parts(site: Path) -> dict[str, int]:
    """Bytes of the site by part of the page: where a large site's size comes from."""
    out = dict.fromkeys(PARTS, 0)
    marks = [b"md-sidebar--primary", b"md-sidebar--secondary", b'<div class="md-content"',
             b"</article>"]
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        if rel == "search/search_index.json" or rel.startswith("pagefind/"):
            out["search index"] += size
            continue
        if path.suffix != ".html":
            out["other files"] += size
            continue
        html = path.read_bytes()
        a, b, c, e = (html.find(m) for m in marks)
        if min(a, b, c, e) < 0 or not a < b < c < e:
            out["other files"] += size
            continue
        e += len(b"</article>")
        for part, n in zip(PARTS[:5], (a, b - a, c - b, e - c, size - e), strict=True):
            out[part] += n
    return out


def mkdocs_build(project: Path, site: Path) -> BuildRun:
    shutil.rmtree(site, ignore_errors=True)
    # Not -q: the build's INFO lines carry Pagefind's indexing time (INDEXED_RE), and -q
    # would stop strict mode from counting warnings.
    return timed([str(venv_bin() / "mkdocs"), "build", "-d", str(site)], project,
                 BUILD_TIMEOUT)


def check_command(project: Path) -> tuple[list[str], str]:
    cli = venv_bin() / "handbook"
    if cli.exists() and (ROOT / "src" / "handbook" / "cli.py").exists():
        # A real project commits .github/CODEOWNERS (written by `handbook owners`); without it
        # the check warns about it.
        timed([str(cli), "owners"], project, 120)
        return [str(cli), "check"], "`handbook check`"
    code = ("import sys; from pathlib import Path; from handbook.core.validate import check; "
            "from handbook.adapter.mkdocs_yml import read_site_config; "
            "_, r = check(read_site_config(Path.cwd())); "
            "[print(p.text()) for p in r.sorted()]; sys.exit(1 if r.errors else 0)")
    return [sys.executable, "-c", code], "`handbook.core.validate.check` (the CLI is not there yet)"


# -- serve ------------------------------------------------------------------------------------

def serve_command(port: int) -> tuple[list[str], str]:
    """The mkdocs command of the Makefile's `serve` target, on 127.0.0.1:port."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^serve:.*\n((?:\t.*\n)+)", text, re.M)
    if not match:
        raise SystemExit("no `serve` target in the Makefile")
    recipe = [line.strip() for line in match.group(1).splitlines()]
    line = next((ln for ln in recipe if "mkdocs" in ln and " serve" in ln), None)
    if line is None:
        raise SystemExit(f"cannot find the mkdocs serve command in: {recipe}")
    shown = line
    line = line.replace("$(BIN)", str(venv_bin())).replace("$(VENV)", str(venv_bin().parent))
    if "$(" in line:
        raise SystemExit(f"cannot expand the Makefile variables in: {shown}")
    line = re.sub(r"127\.0\.0\.1:\d+|localhost:\d+", f"127.0.0.1:{port}", line)
    cmd = shlex.split(line)
    if f"127.0.0.1:{port}" not in line:
        cmd += ["--dev-addr", f"127.0.0.1:{port}"]
    return cmd, shown


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, needle: str, timeout: float, proc: subprocess.Popen) -> float | None:
    """Seconds until GET url contains needle (None on timeout or a dead server)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            return None
        body = fetch(url, timeout=max(1.0, timeout - (time.perf_counter() - start)))
        if body is not None and needle in body:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


@dataclass
class ServeResult:
    command: str = ""
    first_build_s: float | None = None
    edit_s: list[float] = field(default_factory=list)
    snippet_s: list[float] = field(default_factory=list)
    title_s: list[float] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    error: str = ""
    built_in: list[float] = field(default_factory=list)


def measure_serve(project: Path, book: generate.Handbook, runs: int, extras: bool) -> ServeResult:
    port = free_port()
    cmd, shown = serve_command(port)
    result = ServeResult(command=shown)
    base = f"http://127.0.0.1:{port}"
    logfile = project / "serve.log"
    tmp = project.parent / "serve-tmp"  # the server's temporary site folder goes here
    tmp.mkdir(exist_ok=True)
    with open(logfile, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env={**env(), "TMPDIR": str(tmp)},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_default_sigint)
        try:
            if wait_for(f"{base}/", "</html>", SERVE_FIRST_BUILD_TIMEOUT, proc) is None:
                result.error = "the server did not serve its first build"
                return result
            result.first_build_s = time.perf_counter() - start
            time.sleep(1.0)  # the watcher starts right after the first build
            for k in range(runs):
                p = book.playbooks[(k * 7 + 3) % len(book.playbooks)]
                path = project / "playbooks" / p.section / f"{p.slug}.md"
                marker = f"bench-edit-{k}-{time.time_ns()}"
                t = _edit_and_wait(path, lambda s, m=marker: s + f"\nEdited: {m}\n",
                                   f"{base}/playbooks/{p.ref}/", marker, proc)
                if t is None:
                    result.error = f"edit {k}: the new HTML never showed up"
                    return result
                result.edit_s.append(t)
                result.stale += _incomplete(fetch(f"{base}/playbooks/{p.ref}/") or "", book, p)
                time.sleep(0.5)
            if not extras:
                return result
            extra_runs = max(1, runs // 3)  # informational: one of each in a 3-run benchmark
            # A snippet edit: the snippet's own page and every playbook showing it must change.
            for k in range(extra_runs):
                s = book.snippets[(k * 11 + 5) % len(book.snippets)]
                user = next(p for p in book.playbooks if f'snippet("{s.id}")' in p.body)
                path = project / "playbooks" / "snippets" / f"{s.id}.yml"
                marker = f"bench-snippet-{k}-{time.time_ns()}"
                t = _edit_and_wait(path, lambda y, m=marker: y.replace(
                    "  chat: |\n    ", f"  chat: |\n    {m} ", 1),
                    f"{base}/playbooks/{user.ref}/", marker, proc)
                if t is None:
                    result.error = f"snippet edit {k}: a page using it never changed"
                    return result
                result.snippet_s.append(t)
                if marker not in (fetch(f"{base}/snippets/{s.id}/") or ""):
                    result.stale.append(f"snippets/{s.id}/ kept the old snippet text")
                time.sleep(0.5)
            # A title change: the navigation of the other pages in the section must follow.
            for k in range(extra_runs):
                p = book.playbooks[(k * 13 + 40) % len(book.playbooks)]
                sibling = next(q for q in book.playbooks if q.section == p.section and q is not p)
                path = project / "playbooks" / p.section / f"{p.slug}.md"
                marker = f"Renamed {k} {time.time_ns()}"
                t = _edit_and_wait(path, lambda s, m=marker, p=p: s.replace(
                    f'title: "{p.title}"', f'title: "{m}"', 1),
                    f"{base}/playbooks/{sibling.ref}/", marker, proc)
                if t is None:
                    result.error = f"title edit {k}: the sibling's navigation never changed"
                    return result
                result.title_s.append(t)
                time.sleep(0.5)
            return result
        finally:
            _stop(proc)
            shutil.rmtree(tmp, ignore_errors=True)
            text = logfile.read_text(encoding="utf-8", errors="replace")
            result.built_in = [float(x) for x in re.findall(r"built in ([\d.]+) seconds", text)]
            if result.error:
                result.error += "; server log tail:\n" + text[-3000:]


def _incomplete(html: str, book: generate.Handbook, page: generate.PlaybookSpec) -> list[str]:
    """What a partial rebuild could get wrong on the rebuilt page, compared with a full one."""
    out = []
    siblings = [q for q in book.playbooks if q.section == page.section and q is not page]
    missing = [q.title for q in siblings if q.title not in html]
    if missing:
        out.append(f"{page.ref}: {len(missing)} sibling titles missing from the navigation")
    if re.search(r">\s*None\s*<", html):
        out.append(f"{page.ref}: a navigation title reads 'None'")
    if 'tags/#tag:' not in html:
        out.append(f"{page.ref}: its tags are not links to the tags page")
    return out


def _edit_and_wait(path: Path, change, url: str, marker: str, proc: subprocess.Popen):
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"the edit did not change {path}"
    start = time.perf_counter()
    path.write_text(new, encoding="utf-8")
    waited = wait_for(url, marker, RELOAD_TIMEOUT, proc)
    return None if waited is None else time.perf_counter() - start


def _default_sigint() -> None:
    """In the child: SIGINT stops the server cleanly even when we run in the background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


# -- profile ----------------------------------------------------------------------------------

COMPONENTS = [  # (label, substrings of the source file path), first match wins
    ("handbook plugin and macros (ours)", ("/src/handbook/", "/macros/__init__")),
    ("mkdocs-macros", ("/mkdocs_macros/",)),
    ("Material search plugin", ("/material/plugins/search/",)),
    ("Material tags plugin", ("/material/plugins/tags/",)),
    ("HTML parsing (search index, raw HTML in Markdown)", ("/html/parser.py", "/_markupbase",
                                                           "/markdown/htmlparser")),
    ("Jinja2 (theme templates, page macros)", ("/jinja2/", "/markupsafe/",
                                               "/material/templates/", ".html")),
    ("Python-Markdown + extensions", ("/markdown/", "/pymdownx/", "/material/extensions/")),
    ("Pygments", ("/pygments/",)),
    ("pydantic, PyYAML", ("/pydantic", "/yaml/", "_yaml")),
    ("MkDocs core", ("/mkdocs/",)),
    ("regular expressions", ("/re/", "{method 'sub'", "{method 'match'", "{method 'finditer'",
                             "{method 'search'", "{method 'findall'")),
    ("string joins and other builtins", ("{",)),
]


def _by_component(prof: Path) -> dict[str, float]:
    stats = pstats.Stats(str(prof))
    by: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        where = filename if filename != "~" else name
        label = "other (stdlib, I/O)"
        for component, needles in COMPONENTS:
            if any(n in where for n in needles):
                label = component
                break
        by[label] = by.get(label, 0.0) + tottime
    return by


def profile_build(project: Path, site: Path, out: Path) -> dict[str, float]:
    shutil.rmtree(site, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q",
           "-d", str(site)]
    run = timed(cmd, project, BUILD_TIMEOUT * 3)
    shutil.rmtree(site, ignore_errors=True)
    return _by_component(out) if run.ok and out.exists() else {}


def profile_ours(out: Path) -> list[tuple[str, float, int]]:
    """Cumulative time of our own entry points (plugin hooks, macros) in the profile."""
    stats = pstats.Stats(str(out))
    rows = []
    for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
        if "/src/handbook/" in filename and (name.startswith("on_") or name in (
                "snippet", "snippet_html", "decision_tree", "cadence", "playbook_index",
                "check", "compact_chrome", "plan")):
            rows.append((f"`{Path(filename).name}:{name}`", ct, nc))
        elif "/mkdocs_macros/" in filename and name == "on_page_markdown":
            rows.append(("`mkdocs_macros on_page_markdown` (Jinja render of every page, "
                         "our macros included)", ct, nc))
    return sorted(rows, key=lambda r: -r[1])[:12]


def profile_check(cmd: list[str], project: Path, out: Path) -> list[tuple[str, float]]:
    """Where `handbook check` spends its time: imports versus our own functions."""
    timed([sys.executable, "-m", "cProfile", "-o", str(out), *cmd], project, 300)
    if not out.exists():
        return []
    stats = pstats.Stats(str(out))
    total = max((ct for (_f, _l, n), (_c, _n, _t, ct, _cl) in stats.stats.items()
                 if n == "<module>"), default=0.0)
    ours = [(f"`{Path(f).name}:{n}`", ct) for (f, _l, n), (_c, _n, _t, ct, _cl)
            in stats.stats.items() if "/src/handbook/" in f and n != "<module>"]
    ours.sort(key=lambda r: -r[1])
    # cProfile counts a recursive function's outermost calls only: this is all import time.
    imports = sum(ct for (_f, _l, n), (_c, _n, _t, ct, _cl) in stats.stats.items()
                  if n == "_find_and_load")
    rows = [("whole process (under the profiler)", total), ("importing modules", imports)]
    return rows + ours[:10]


# -- report -----------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores (nproc)": str(cores), "CPU": cpu, "memory": mem,
            "OS": f"{platform.system()} {platform.release()}"}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"Python": platform.python_version()}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown",
                 "pymdown-extensions", "jinja2", "pydantic", "pyyaml"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    return out


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt_s(v: float | None) -> str:
    return "-" if v is None else (f"{v:.2f} s" if v < 100 else f"{v:.0f} s")


def fmt_mb(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f} MB"


def load() -> str:
    with contextlib.suppress(OSError):
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    return "?"


@dataclass
class SizeResult:
    n: int
    ours: list[BuildRun] = field(default_factory=list)
    plain: list[BuildRun] = field(default_factory=list)
    site: dict[str, tuple[int, int]] = field(default_factory=dict)
    parts: dict[str, dict[str, int]] = field(default_factory=dict)
    search: dict[str, int] = field(default_factory=dict)
    check: list[BuildRun] = field(default_factory=list)
    check_label: str = ""
    serve: ServeResult = field(default_factory=ServeResult)
    loads: list[str] = field(default_factory=list)
    profile: dict[str, dict[str, float]] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)
    ours_rows: list[tuple[str, float, int]] = field(default_factory=list)
    check_profile: list[tuple[str, float]] = field(default_factory=list)
    search_speed: dict[str, search_speed.SearchSpeed] = field(default_factory=dict)
    index_s: list[float] = field(default_factory=list)  # Pagefind's part of our builds

    def t(self, variant: str, cpu: bool = False) -> float | None:
        return med([r.cpu if cpu else r.seconds for r in getattr(self, variant) if r.ok])

    def ratio(self, cpu: bool = False) -> float | None:
        a, b = self.t("ours", cpu), self.t("plain", cpu)
        return a / b if a and b else None


def measure_size(n: int, runs: int, work: Path, extras: bool, profile: str,
                 largest: bool) -> SizeResult:
    res = SizeResult(n)
    res.loads.append(load())
    projects = {}
    book = None
    for variant in ("ours", "plain"):
        projects[variant] = work / f"n{n}" / variant
        shutil.rmtree(projects[variant], ignore_errors=True)
        made = generate.generate(projects[variant], n, plain=variant == "plain")
        book = made if variant == "ours" else book
    assert book is not None
    res.stats = content_stats(projects["ours"])
    log(f"N={n}: generated {len(book.playbooks)} playbooks, {len(book.snippets)} snippets, "
        f"{len(book.trees)} trees (ours and plain)")
    for k in range(runs):  # interleaved, so drift on the machine hits both alike
        for variant in ("ours", "plain") if k % 2 == 0 else ("plain", "ours"):
            site = work / f"n{n}" / f"site-{variant}"
            run = mkdocs_build(projects[variant], site)
            getattr(res, variant).append(run)
            log(f"N={n}: build {variant} #{k + 1}: {run.seconds:.2f} s ({run.cpu:.2f} s CPU), "
                f"{run.max_rss_mb:.0f} MB peak, load {load()}" + ("" if run.ok else " FAILED"))
            if not run.ok:
                raise SystemExit(f"the {variant} build failed:\n{run.output}")
            indexed = INDEXED_RE.search(run.output)
            if variant == "ours" and indexed:
                res.index_s.append(float(indexed.group(2)))
            if k == 0:
                res.site[variant] = tree_size(site)
                res.parts[variant] = site_parts(site)
                index = site / "search" / "search_index.json"
                res.search[variant] = (index.stat().st_size if index.exists() else 0) + \
                    tree_size(site / "pagefind")[0]
                log(f"N={n}: search in Chromium on the {variant} site ({runs} cold loads)")
                speed = res.search_speed[variant] = search_speed.measure(site, runs)
                log(f"N={n}: search {variant}: first results after "
                    f"{[round(r.seconds, 2) for r in speed.runs]} s, "
                    f"{[round(r.bytes / 1e6, 2) for r in speed.runs]} MB"
                    + (f"; ERROR {speed.error}" if speed.error else ""))
            shutil.rmtree(site, ignore_errors=True)
    cmd, res.check_label = check_command(projects["ours"])
    for k in range(runs):
        run = timed(cmd, projects["ours"], 300)
        res.check.append(run)
        log(f"N={n}: check #{k + 1}: {run.seconds:.2f} s ({run.cpu:.2f} s CPU)"
            + ("" if run.ok else f" FAILED:\n{run.output}"))
        if not run.ok:
            raise SystemExit("handbook check failed on the generated project")
    log(f"N={n}: serve (edit-to-reload, {runs} edits)")
    res.serve = measure_serve(projects["ours"], book, runs, extras)
    s = res.serve
    log(f"N={n}: serve first build {fmt_s(s.first_build_s)}, edits "
        f"{[round(x, 2) for x in s.edit_s]}, snippet edits "
        f"{[round(x, 2) for x in s.snippet_s]}, title edits {[round(x, 2) for x in s.title_s]}"
        + (f"; ERROR {s.error}" if s.error else ""))
    res.loads.append(load())
    missed_ratio = (res.ratio() or 0) > TARGETS["ratio"]
    if largest and (profile == "always" or (profile == "auto" and missed_ratio)):
        for variant in ("ours", "plain"):
            log(f"N={n}: profiling one {variant} build (cProfile)")
            prof = work / f"n{n}" / f"{variant}.prof"
            res.profile[variant] = profile_build(projects[variant],
                                                 work / f"n{n}" / f"site-{variant}", prof)
            if variant == "ours" and prof.exists():
                res.ours_rows = profile_ours(prof)
    missed_check = (med([r.seconds for r in res.check]) or 0) > TARGETS["check_s"]
    if largest and (profile == "always" or (profile == "auto" and missed_check)):
        log(f"N={n}: profiling the check (cProfile)")
        res.check_profile = profile_check(cmd, projects["ours"], work / f"n{n}" / "check.prof")
    return res


def content_stats(root: Path) -> dict[str, float]:
    """Per-file averages of a handbook's content, to compare the synthetic one with ours."""
    playbooks = [p for p in sorted((root / "playbooks").rglob("*.md"))
                 if not {"snippets", "trees"} & set(p.relative_to(root / "playbooks").parts)]
    texts = [p.read_text(encoding="utf-8") for p in playbooks]
    snippets = sorted((root / "playbooks" / "snippets").glob("*.y*ml"))
    n = max(len(texts), 1)
    return {
        "playbooks": len(texts),
        "KB per playbook": sum(len(t.encode()) for t in texts) / n / 1000,
        "snippet() per playbook": sum(t.count("{{ snippet(") for t in texts) / n,
        "decision_tree() per playbook": sum(t.count("{{ decision_tree(") for t in texts) / n,
        "KB per snippet file": sum(p.stat().st_size for p in snippets) / max(len(snippets), 1)
        / 1000,
    }


def _profile_table(ours: dict[str, float], plain: dict[str, float]) -> list[str]:
    keys = sorted(set(ours) | set(plain), key=lambda k: -max(ours.get(k, 0.0), plain.get(k, 0.0)))
    rows = ["| component | ours | plain | difference |", "| --- | --- | --- | --- |"]
    for k in keys:
        a, b = ours.get(k, 0.0), plain.get(k, 0.0)
        rows.append(f"| {k} | {a:.1f} s | {b:.1f} s | {a - b:+.1f} s |")
    a, b = sum(ours.values()), sum(plain.values())
    rows.append(f"| **total (under the profiler)** | {a:.1f} s | {b:.1f} s | {a - b:+.1f} s |")
    return rows


def _misses(big: SizeResult, checks: list) -> list[str]:
    """A line on each missed target: what the measurements say the time or bytes went to."""
    missed = {name for name, _goal, value, limit, _f in checks
              if value is not None and value > limit}
    out = []
    if any("check" in name for name in missed):
        prof = dict(big.check_profile)
        def sec(suffix: str) -> str:
            return next((f"{v:.2f} s" for k, v in prof.items() if k.endswith(suffix)), "?")
        top = [(k, v) for k, v in big.check_profile[2:] if "check" not in k.lower()][:3]
        out.append(
            "- `handbook check` misses: under the profiler (which sees this process only, not "
            "the workers that check a share of the pages), the whole run takes "
            f"{sec('(under the profiler)')}, importing the modules (click, pydantic, PyYAML, "
            f"the handbook) {sec('importing modules')}, and the largest of our own steps are "
            + ", ".join(f"{name} ({value:.2f} s)" for name, value in top)
            + ". These are per-file costs, so they grow with the number of playbooks; on this "
            "machine the same run varies by ±15% from minute to minute.")
    if "site size" in missed:
        ours, plain = big.parts.get("ours", {}), big.parts.get("plain", {})
        def mb(d: dict, part: str) -> str:
            return fmt_mb(d.get(part, 0) / 1e6)
        out.append(
            f"- The site size misses: {mb(ours, PARTS[1])} is the left navigation (with "
            "`navigation.prune` every page still lists the ~100 pages of its own section; "
            f"plain Material writes {mb(plain, PARTS[1])} of it), {mb(ours, PARTS[3])} is page "
            f"content (plain: {mb(plain, PARTS[3])}; the difference is the snippet and tree "
            f"blocks), {mb(ours, PARTS[5])} the search index. Plain Material writes "
            f"{fmt_mb(big.site['plain'][0] / 1e6)} for the same Markdown.")
    if any("edit-to-reload" in name for name in missed):
        out.append("- Edit-to-reload misses: see the rebuild times MkDocs logged above; the "
                   "rest is the file watcher and the HTTP round trip.")
    if any("build" in name for name in missed):
        out.append("- The build ratio misses: see the profile below.")
    return out


def report(results: list[SizeResult], runs: int, started: float, argv: list[str]) -> str:
    big = max(results, key=lambda r: r.n)
    cmdline = " ".join(["benchmarks/run.py", *argv])
    lines = ["# Benchmark results", "",
             f"Written by `{cmdline}` (`make bench` runs it with no options) on "
             f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; the run took "
             f"{(time.perf_counter() - started) / 60:.1f} minutes. Every time is the median of "
             f"{runs} run{'s' * (runs != 1)}.", "",
             "**The handbook** (`benchmarks/generate.py`, seeded, same bytes every time): N "
             "playbooks in 20 section folders, 100 snippets, 20 decision trees; every playbook "
             "calls `snippet()` (several times), checklists call `cadence()`, one playbook in "
             "ten embeds a `decision_tree()`, the home page calls `playbook_index()`; admonitions, "
             "content tabs, task lists, tables, code blocks and links throughout. **Plain** is "
             "the same Markdown for plain Material: no `handbook` or `macros` plugin, every macro "
             "call replaced by static Markdown of the same content (a snippet as its title, "
             "fields and variants in content tabs; a tree as headings and lists), snippet and "
             "tree pages as plain Markdown files; same theme, features (including "
             "`navigation.prune`), Markdown extensions, search and tags.", "",
             "How the synthetic content compares with the handbook's own default content "
             "(averages per file):", "",
             "| | " + " | ".join(content_stats(ROOT)) + " |",
             "| --- |" + " --- |" * len(content_stats(ROOT)),
             "| this repository | " + " | ".join(f"{v:.1f}".removesuffix(".0")
                                                 for v in content_stats(ROOT).values()) + " |",
             f"| synthetic, N = {big.n} | " + " | ".join(f"{v:.1f}".removesuffix(".0")
                                                       for v in big.stats.values()) + " |",
             "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    busy = any(float(x.split("/")[0]) > cores for r in results for x in r.loads if x != "?")
    lines += ["- load average (1/5/15 min) at the start and end of each size: "
              + "; ".join(f"N={r.n}: {' → '.join(r.loads)}" for r in results)
              + (" — other work was running on the machine at the same time, so wall times "
                 "are noisy; CPU times much less so" if busy else ""), ""]
    lines += ["## Versions", "", " · ".join(f"{k} {v}" for k, v in versions().items()), "",
              "## Results", "",
              "| N | build ours | build plain | ratio | check | edit-to-reload | "
              "site ours / plain | search index ours / plain | peak memory ours / plain |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        ratio, cratio = r.ratio(), r.ratio(cpu=True)
        lines.append(
            f"| {r.n} | {fmt_s(r.t('ours'))} ({fmt_s(r.t('ours', True))} CPU) | "
            f"{fmt_s(r.t('plain'))} ({fmt_s(r.t('plain', True))} CPU) | "
            f"{'-' if ratio is None else f'{ratio:.2f}'} "
            f"({'-' if cratio is None else f'{cratio:.2f}'} CPU) | "
            f"{fmt_s(med([c.seconds for c in r.check]))} | {fmt_s(med(r.serve.edit_s))} | "
            f"{fmt_mb(r.site['ours'][0] / 1e6)} / {fmt_mb(r.site['plain'][0] / 1e6)} | "
            f"{fmt_mb(r.search['ours'] / 1e6)} / {fmt_mb(r.search['plain'] / 1e6)} | "
            f"{fmt_mb(med([b.max_rss_mb for b in r.ours]))} / "
            f"{fmt_mb(med([b.max_rss_mb for b in r.plain]))} |")
    lines += ["", "- *build*: `mkdocs build` in a fresh process into an empty folder, strict as "
              "mkdocs.yml says; wall time, and user+system CPU time of the process. The runs of "
              "the two variants alternate.",
              "- *check*: " + big.check_label + ", wall time of the whole process (interpreter "
              "start, imports, loading and validating every file).",
              "- *edit-to-reload*: from saving one playbook to the server returning its new HTML, "
              "under the command of `make serve` (below).",
              "- *site*: sum of file sizes (MB = 10^6 bytes); *peak memory*: max RSS of the "
              "build process.", "", "### Preview (`make serve`)", ""]
    for r in results:
        s = r.serve
        lines.append(
            f"- N={r.n}, `{s.command}`: first build served after {fmt_s(s.first_build_s)}; "
            f"edit a playbook → its new HTML served after "
            f"{', '.join(f'{x:.2f}' for x in s.edit_s) or '-'} s"
            + (f"; edit a snippet → a playbook showing it updated after "
               f"{', '.join(f'{x:.2f}' for x in s.snippet_s)} s" if s.snippet_s else "")
            + (f"; retitle a playbook → its section's navigation updated after "
               f"{', '.join(f'{x:.2f}' for x in s.title_s)} s (a full rebuild, by design)"
               if s.title_s else "")
            + (f". Build times MkDocs logged, first build then each rebuild: "
               f"{', '.join(f'{x:.2f}' for x in s.built_in)} s." if s.built_in else ".")
            + (f" **Stale output found**: {'; '.join(s.stale)}." if s.stale else
               " Checked after each edit: the rebuilt page's navigation lists every page of its "
               "section by title and its tags link to the tags page (what a bare `--dirty` "
               "build gets wrong).")
            + (f"\n  - **error**: {s.error}" if s.error else ""))
    lines.append("")
    lines += search_section(results, runs)
    checks = [
        ("our build ÷ plain Material build (wall)", f"≤ {TARGETS['ratio']:.2f}", big.ratio(),
         TARGETS["ratio"], lambda v: f"{v:.2f}"),
        ("`handbook check`", f"≤ {TARGETS['check_s']:.0f} s",
         med([c.seconds for c in big.check]), TARGETS["check_s"], fmt_s),
        ("edit-to-reload (one playbook)", f"≤ {TARGETS['reload_s']:.0f} s", med(big.serve.edit_s),
         TARGETS["reload_s"], fmt_s),
        ("site size", f"≤ {TARGETS['site_mb']:.0f} MB", big.site["ours"][0] / 1e6,
         TARGETS["site_mb"], fmt_mb),
        *search_checks(big),
    ]
    lines += [f"## Targets at N = {big.n}", "", "| target | goal | measured | result |",
              "| --- | --- | --- | --- |"]
    lines += target_rows(checks)
    cratio = big.ratio(cpu=True)
    if cratio is not None:
        lines += ["", f"In CPU time the build ratio is {cratio:.2f}."]
    lines += ["", *_misses(big, checks)]
    lines.append("")
    if big.parts:
        ours_p, plain_p = big.parts.get("ours", {}), big.parts.get("plain", {})
        lines += [f"## Where the bytes go (N = {big.n})", "",
                  "Every HTML page split at the theme's landmarks (left sidebar, table of "
                  "contents, content, end of article).", "",
                  "What keeps ours small: the `handbook` plugin drops the theme templates' "
                  "indentation and line breaks around the content and the wrapper around each "
                  "plain navigation link's title (`compact_chrome` in "
                  "`src/handbook/adapter/plugin.py`); "
                  "a snippet block carries its reply once, as rendered text (handbook.js builds "
                  "the fields and buttons and copies that text); a reply's text is indexed for "
                  "search on its own page only.", "",
                  "| part | ours | plain |", "| --- | --- | --- |"]
        lines += [f"| {part} | {fmt_mb(ours_p.get(part, 0) / 1e6)} | "
                  f"{fmt_mb(plain_p.get(part, 0) / 1e6)} |" for part in PARTS]
        lines.append("")
    if big.profile or big.check_profile:
        lines += ["## Where the time goes", ""]
    if big.profile:
        lines += [f"One build of each variant at N = {big.n} under cProfile, self time by "
                  "component (the profiler slows everything down: compare the columns, not the "
                  "totals with the table above).", ""]
        lines += _profile_table(big.profile.get("ours", {}), big.profile.get("plain", {}))
        if big.ours_rows:
            lines += ["", "Our own entry points in that profile (cumulative time, calls):", ""]
            lines += [f"- {label}: {ct:.2f} s ({nc} calls)" for label, ct, nc in big.ours_rows]
        lines.append("")
    if big.check_profile:
        lines += [f"`handbook check` at N = {big.n} under cProfile (cumulative times; the "
                  "profiler roughly doubles them):", "", "| part | seconds |", "| --- | --- |"]
        lines += [f"| {label} | {sec:.2f} s |" for label, sec in big.check_profile]
        lines.append("")
    return "\n".join(lines) + "\n"


def measure_search_only(n: int, runs: int, work: Path) -> SizeResult:
    """--search-only: one build of each variant, then the search step on each."""
    res = SizeResult(n)
    for variant in ("ours", "plain"):
        project = work / f"n{n}" / variant
        shutil.rmtree(project, ignore_errors=True)
        generate.generate(project, n, plain=variant == "plain")
        site = work / f"n{n}" / f"site-{variant}"
        run = mkdocs_build(project, site)
        if not run.ok:
            raise SystemExit(f"the {variant} build failed:\n{run.output}")
        getattr(res, variant).append(run)
        indexed = INDEXED_RE.search(run.output)
        if variant == "ours" and indexed:
            res.index_s.append(float(indexed.group(2)))
        index = site / "search" / "search_index.json"
        res.search[variant] = (index.stat().st_size if index.exists() else 0) + \
            tree_size(site / "pagefind")[0]
        speed = res.search_speed[variant] = search_speed.measure(site, runs)
        log(f"N={n}: search {variant}: first results after "
            f"{[round(r.seconds, 2) for r in speed.runs]} s, "
            f"{[round(r.bytes / 1e6, 2) for r in speed.runs]} MB, load {load()}"
            + (f"; ERROR {speed.error}" if speed.error else ""))
        shutil.rmtree(site, ignore_errors=True)
    return res


def search_checks(big: SizeResult) -> list[tuple]:
    """The targets table's search rows: (name, goal, measured, limit, format)."""
    ours = big.search_speed.get("ours", search_speed.SearchSpeed())
    plain = big.search_speed.get("plain", search_speed.SearchSpeed())
    ours_s, plain_s = ours.median("seconds"), plain.median("seconds")
    ours_bytes = ours.median("bytes")
    return [
        ("search: first results after page load (its load event)",
         f"≤ {TARGETS['search_s']} s", ours.median("after_load"), TARGETS["search_s"], fmt_s),
        ("search: first results after the navigation started", f"≤ {TARGETS['search_s']} s",
         ours_s, TARGETS["search_s"], fmt_s),
        ("search: downloaded before the first results", f"≤ {TARGETS['search_mb']:.0f} MB",
         None if ours_bytes is None else ours_bytes / 1e6, TARGETS["search_mb"], fmt_mb),
        ("search: our time ÷ plain Material's", f"≤ {1 / TARGETS['search_speedup']:.2f}",
         ours_s / plain_s if ours_s and plain_s else None, 1 / TARGETS["search_speedup"],
         lambda v: f"{v:.3f} ({1 / v:.0f} times sooner)"),
    ]


def target_rows(checks: list[tuple]) -> list[str]:
    """Rows of the targets table for `checks`."""
    rows = []
    for name, goal, value, limit, f in checks:
        verdict = "n/a" if value is None else ("**pass**" if value <= limit else "**FAIL**")
        rows.append(f"| {name} | {goal} | {'-' if value is None else f(value)} | {verdict} |")
    return rows


def replace_search_targets(text: str, big: SizeResult) -> str:
    """`text` (the report) with the search rows of its targets table replaced by `big`'s, when
    `big` is the size the table is for; the other rows are kept."""
    head = f"## Targets at N = {big.n}"
    start = text.find(head)
    if start < 0:
        return text
    lines = text[start:].split("\n")
    table = [i for i, line in enumerate(lines) if line.startswith("|")]
    if not table:
        return text
    end = table[-1] + 1
    for i in range(table[0], end):
        if i < len(lines) and not lines[i].startswith("|"):
            end = i
            break
    kept = [line for line in lines[table[0]:end] if not line.startswith("| search:")]
    new = lines[:table[0]] + kept + target_rows(search_checks(big)) + lines[end:]
    return text[:start] + "\n".join(new)


def replace_search_section(out: Path | None, section: list[str], argv: list[str]) -> str:
    """The report file with its search section replaced by `section` (added before the targets
    when it has none), noting the run; the rest of the report is kept as it was."""
    old = out.read_text(encoding="utf-8") if out and out.exists() else ""
    stamp = (f"Search step rerun alone by `benchmarks/run.py {' '.join(argv)}` on "
             f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} (load average at "
             f"the end: {load()}); the sections above and below are from the last full run.")
    new = "\n".join([*section[:2], stamp, "", *section[2:]]).rstrip("\n") + "\n\n"
    start = old.find("## Search in Chromium")
    if start >= 0:
        end = old.find("\n## ", start + 3)
        return old[:start] + new + (old[end + 1:] if end >= 0 else "")
    cut = old.find("## Targets at")
    return old[:cut] + new + "\n" + old[cut:] if cut >= 0 else old + "\n" + new


def search_section(results: list[SizeResult], runs: int) -> list[str]:
    """The search step's table: each size, ours (Pagefind) beside plain Material (lunr)."""
    lines = ["## Search in Chromium", "",
             f"`benchmarks/search_speed.py`: the built site served from 127.0.0.1 (no "
             f"compression), a fresh browser context per run opening the first playbook's page "
             f"with the query in its address (`?q={search_speed.QUERY}`, the shareable search "
             f"link; the home page of the large handbook alone weighs half a megabyte); "
             f"time from the start of navigation to the first result in the list, and the bytes "
             f"received by the page and its workers until then. Medians of {runs} runs, each "
             f"variant built once for it. Ours is Pagefind answering Material's search box; "
             f"plain is Material's own lunr search. *Index built*: Pagefind's part of our "
             f"build, as the build logs it.", "",
             "*After load*: the same time less the end of the page's load event (0 when the "
             "results came first).", "",
             "| N | first results ours | after load ours | plain | ours ÷ plain | downloaded ours"
             " | plain | index on disk ours / plain | index built (in our build) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        o = r.search_speed.get("ours", search_speed.SearchSpeed())
        p = r.search_speed.get("plain", search_speed.SearchSpeed())
        os_, ps = o.median("seconds"), p.median("seconds")
        ob, pb = o.median("bytes"), p.median("bytes")
        lines.append(
            f"| {r.n} | {fmt_s(os_)} | {fmt_s(o.median('after_load'))} | {fmt_s(ps)} | "
            f"{f'{os_ / ps:.3f}' if os_ and ps else '-'} | "
            f"{'-' if ob is None else fmt_mb(ob / 1e6)} | {'-' if pb is None else fmt_mb(pb / 1e6)}"
            f" | {fmt_mb(r.search.get('ours', 0) / 1e6)} / {fmt_mb(r.search.get('plain', 0) / 1e6)}"
            f" | {fmt_s(med(r.index_s))} |")
        for variant, speed in (("ours", o), ("plain", p)):
            if speed.error:
                lines.append(f"\n- **error** (N={r.n}, {variant}): {speed.error}")
    lines.append("")
    return lines


def _interrupted(signum: int, _frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="100 pages, 1 run, no profile; prints the report only")
    parser.add_argument("--out", type=Path, help="report file (default benchmarks/RESULTS.md; "
                        "with --quick, none)")
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                        help="profile at the largest size: when a target is missed (auto), "
                        "always or never")
    parser.add_argument("--no-extras", action="store_true",
                        help="skip the snippet and title edits under serve")
    parser.add_argument("--search-only", action="store_true",
                        help="one build of each variant per size and the search step only; "
                        "replaces the search section of the report file, keeps the rest")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir, "
                        "removed afterwards)")
    args = parser.parse_args(argv)
    # Stopped from outside (even when started in the background, where SIGINT is ignored):
    # unwind, so servers and builds are stopped and the temporary folder removed.
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _interrupted)
    if args.quick:
        args.sizes, args.runs, args.profile = [100], 1, "never"
    out = args.out or (None if args.quick else HERE / "RESULTS.md")
    started = time.perf_counter()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"working in {work}")
    try:
        results = []
        sizes = sorted(set(args.sizes))
        if args.search_only:
            results = [measure_search_only(n, args.runs, work) for n in sizes]
            text = replace_search_section(out, search_section(results, args.runs), argv)
            text = replace_search_targets(text, results[-1])
            sizes = []
        for n in sizes:
            results.append(measure_size(n, args.runs, work, not args.no_extras, args.profile,
                                        largest=n == sizes[-1]))
        if not args.search_only:
            text = report(results, args.runs, started, argv)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")
        log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
