"""The `handbook` command: check content, scaffold new files, keep CODEOWNERS and reviews current.

Imports of the content model (pydantic, PyYAML, Markdown) happen inside the commands, so
`handbook --help` stays instant and `handbook check` pays only for what it uses.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .core.codeowners import CodeownersError
    from .core.content import Handbook
    from .core.problems import Problem
    from .core.site_config import SiteConfig

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
KINDS = ("playbook", "snippet", "tree")


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="support-handbook", prog_name="handbook")
def main() -> None:
    """Author and maintain the support handbook.

    \b
    Typical flow for a change:
      handbook new playbook refund-requests   # or edit an existing file
      make serve                              # preview with live reload
      handbook check                          # every mistake, with file and line
      handbook owners                         # keep .github/CODEOWNERS in step
    """
    from .core.review import today

    try:
        today()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


# -- finding the project -------------------------------------------------------------------

def _where(path: Path) -> Path:
    """`path` made absolute with its folders resolved but not itself: a symlink such as
    docs/env.md names the entry under docs/, not the file outside that it points at."""
    return Path(os.path.normpath(os.path.join(os.path.realpath(path.parent), path.name)))


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml (or another name MkDocs
    or ProperDocs reads, site_config.CONFIG_NAMES)."""
    from .core.site_config import config_path

    start = _where(start)
    folder = start if start.is_dir() and not start.is_symlink() else start.parent
    for candidate in (folder, *folder.parents):
        if config_path(candidate) is not None:
            return candidate
    return None


def _root_or_fail(start: Path | None, param: str) -> Path:
    here = start or Path.cwd()
    root = find_root(here)
    if root is None:
        where = f"'{here}'" if start else "the current folder"
        raise click.UsageError(
            f"no mkdocs.yml in {where} or any folder above it. Run the command inside the "
            f"handbook, or pass the handbook's folder with {param}."
        )
    return root


def _load_config(root: Path, data: dict[str, Any] | None = None) -> SiteConfig:
    """The settings of the handbook in `root`; from `data`, mkdocs.yml's values when they
    were read already (adapter.mkdocs_yml.read_mkdocs_yml)."""
    from .adapter.mkdocs_yml import ConfigError, read_site_config

    try:
        return read_site_config(root, data)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _read_settings(root: Path) -> dict[str, Any]:
    """mkdocs.yml's values as MkDocs loads them (read_mkdocs_yml); a ClickException when it
    can't be read."""
    from .adapter.mkdocs_yml import ConfigError, read_mkdocs_yml

    try:
        return read_mkdocs_yml(root)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _settings_problems(root: Path, data: dict[str, Any]):  # -> a function giving [(...)]
    """MkDocs' own validation of mkdocs.yml (adapter.mkdocs_yml.mkdocs_problems), started in
    a worker process so that it costs no time beside the check of the pages; the answer of
    an earlier run when nothing it depends on changed (adapter.settings_cache, keyed by
    `data`, mkdocs.yml's values). Each item: (severity, message, file, line)."""
    from .adapter import settings_cache
    from .adapter.mkdocs_yml import ConfigError, mkdocs_problems
    from .core.fan_out import in_background

    cache_key = settings_cache.key(root, data)
    remembered = settings_cache.load(root, cache_key)
    if remembered is not None:
        return lambda: remembered

    def problems() -> list[tuple[str, str, Path | None, int]]:
        try:
            return mkdocs_problems(root)
        except ConfigError as exc:  # read once already: only a change since could get here
            return [("error", str(exc), None, 1)]
        except Exception as exc:
            return [("error", f"MkDocs could not validate the settings: {exc}", None, 1)]
    found = in_background(problems)

    def answer() -> list[tuple[str, str, Path | None, int]]:
        result = found()
        settings_cache.save(root, cache_key, result)
        return result
    return answer


def _validate(config: SiteConfig, jobs: int | None = None) -> tuple[Handbook, Any]:
    """The handbook loaded and checked; its pages in `jobs` processes (None: one per core
    when the handbook is large enough to gain from it, see fan_out.jobs_for)."""
    from .core.fan_out import WorkerDied
    from .core.validate import check

    try:
        return check(config, jobs=jobs)
    except WorkerDied as exc:
        raise click.ClickException(f"{exc}; run the command again, or with -j 1") from None


project_option = click.option(
    "-C", "--project", "project", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The handbook folder (the one with mkdocs.yml). Default: found from the current folder.",
)


# -- check ---------------------------------------------------------------------------------

def content_files(book: Handbook) -> list[Path]:
    """Every file the checker reads: the listing `load_handbook` walked (see paths.py)."""
    return book.content.read()


def _rel(path: Path, root: Path) -> str:
    """`path` relative to `root` (both as found on disk: no resolve(), which is slow)."""
    text, base = str(path), str(root) + os.sep
    if text.startswith(base):
        return text[len(base):].replace(os.sep, "/")
    return os.path.relpath(path.resolve(), root.resolve()).replace(os.sep, "/")


def _under(rel: str, only: str | None) -> bool:
    return only is None or rel == only or rel.startswith(only.rstrip("/") + "/")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _github_prefix(root: Path) -> str:
    """Annotations name files from the repository root; the handbook may sit in a subfolder."""
    from .core.codeowners import repo_root

    rel = root.resolve().relative_to(repo_root(root)).as_posix()
    return "" if rel == "." else rel + "/"


@main.command(context_settings=CONTEXT,
              short_help="Find every mistake, with file and line, without a build.")
@click.argument("path", required=False,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True,
              help="text: path:line:col lines; github: workflow annotations; json: a list.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (overdue reviews, owners).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to check pages in. Default: one per core on a large handbook.")
def check(path: Path | None, fmt: str, strict: bool, jobs: int | None) -> None:
    """Find every mistake in playbooks, snippets, trees and pages, without a build.

    PATH is the handbook folder (default: found from the current folder), or a file or folder
    inside it to report only the problems there. Exit status: 0 clean, 1 errors (or warnings
    with --strict), 2 usage error. The build runs the same validation and fails on the same
    errors.
    """
    import gc

    # Loading 2,000 pages makes many small objects that live to the end and no garbage
    # cycles to speak of (the peak memory is the same, 67 MB, with the collector off). The
    # collector is off during the check (its page worker inherits that), and what the check
    # made is frozen after it, out of later collections: the one Python runs at exit took
    # a median 67 ms after the last line was printed (22 ms now), the ones during the check
    # some 30 ms more. (In a long-lived process that calls check, any cycles it left stay.)
    enabled = gc.isenabled()
    gc.disable()
    try:
        _check(path, fmt, strict, jobs)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _check(path: Path | None, fmt: str, strict: bool, jobs: int | None) -> None:
    """The check command (see check)."""
    from dataclasses import replace

    from .core import codeowners
    from .core.fan_out import WorkerDied
    from .core.problems import format_problems
    from .core.request_link import check_request_page
    from .core.site_config import config_path

    root = _root_or_fail(path, "PATH")
    only = None
    if path is not None and _where(path) != root:
        only = _where(path).relative_to(root).as_posix()
    data = _read_settings(root)  # read once: for the handbook and for MkDocs' validation
    config = _load_config(root, data)
    settings = _settings_problems(root, data)  # MkDocs' validation, beside the pages' check
    book, report = _validate(config, jobs)
    codeowners.check(book, report)
    try:
        found = settings()
    except WorkerDied as exc:
        raise click.ClickException(f"{exc}; run the command again") from None
    for severity, message, where, line in found:
        report.add(where or config_path(root) or "mkdocs.yml", message, severity=severity,
                   line=line,
                   hint="fix the setting: MkDocs reports it too and a strict build stops")
    check_request_page(book, report, config_path(root) or root / "mkdocs.yml")
    problems: list[Problem] = [p for p in report.sorted() if _under(p.path, only)]
    files = [f for f in content_files(book) if _under(_rel(f, root), only)]

    if fmt == "github":
        prefix = _github_prefix(root)
        problems = [replace(p, path=posixpath.normpath(prefix + p.path)) for p in problems]
    if problems or fmt == "json":
        click.echo(format_problems(problems, fmt))

    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    scope = _plural(len(files), "file") + (f" under {only}" if only else "")
    if not problems:
        summary = click.style(f"no problems in {scope}", fg="green")
    else:
        summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {scope}"
        summary = click.style(summary, fg="red" if errors else "yellow")
        if not errors and not strict:
            summary += " (warnings do not fail the check; --strict makes them)"
    click.echo(summary, err=True)
    if errors or (strict and warnings):
        raise SystemExit(1)


# -- new -----------------------------------------------------------------------------------

def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _yaml_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _default_owner(book: Handbook) -> str:
    from collections import Counter

    owners = Counter(p.meta.owner for p in book.playbooks.values() if p.meta)
    owners.update(s.model.owner for s in book.snippets.values())
    owners.update(t.model.owner for t in book.trees.values())
    return owners.most_common(1)[0][0] if owners else "@your-org/support"


def _check_period(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .core.review import PERIOD_HINT, parse_period

    try:
        parse_period(value)
    except ValueError as exc:  # the same words as `handbook check` uses for review_every
        raise click.BadParameter(f"{exc} ({PERIOD_HINT})") from None
    return value.strip()


def _tree_targets(book: Handbook, playbook: str | None, snippet: str | None) -> tuple[str, str]:
    """YAML lines for the outcomes of a new tree, pointing at content that exists."""
    from .core.errors import did_you_mean

    if playbook:
        slug, _, anchor = playbook.partition("#")
        found = book.playbooks.get(slug)
        if found is None:
            hint = did_you_mean(slug, book.playbooks) or "see the files under playbooks/"
            raise click.ClickException(f"there is no playbook '{slug}' ({hint})")
        if anchor and anchor not in found.anchors:
            hint = did_you_mean(anchor, found.anchors) or "use the anchor of one of its headings"
            raise click.ClickException(f"playbook '{slug}' has no section '#{anchor}' ({hint})")
    elif snippet is None and book.playbooks:
        playbook = sorted(book.playbooks)[0]
    if snippet:
        if book.snippet(snippet) is None:
            hint = did_you_mean(snippet, book.snippets) or "see playbooks/snippets/"
            raise click.ClickException(f"there is no snippet '{snippet}' ({hint})")
    elif book.snippets and not playbook:
        snippet = sorted(book.snippets)[0]
    if not playbook and not snippet:
        raise click.ClickException(
            "a tree's outcomes point at a playbook section or a snippet, and this handbook has "
            "neither yet. Create one first: handbook new playbook NAME"
        )
    lines = []
    if playbook:
        lines.append(f"    playbook: {_yaml_str(playbook)}")
    if snippet:
        lines.append(f"    snippet: {_yaml_str(snippet)}")
    return "\n".join(lines), " and ".join(
        x for x in (playbook and f"playbook {playbook}", snippet and f"snippet {snippet}") if x)


def _refuse_playbook_among_items(config: SiteConfig, target: Path, name: str) -> None:
    """A playbook under the snippets or trees folder is never read, let alone published."""
    for folder, kind in ((config.snippets_dir, "snippet"), (config.trees_dir, "tree")):
        if str(target).startswith(str(folder) + os.sep):
            shown = os.path.relpath(folder, config.root).replace(os.sep, "/")
            raise click.UsageError(
                f"NAME '{name}' would put a playbook in {shown}/, which holds only {kind}s "
                f"(.yml files), so it would never be published. Choose another NAME, or run "
                f"`handbook new {kind} {target.stem}`.")


@main.command(context_settings=CONTEXT,
              short_help="Create a playbook, snippet or tree from a template.")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
@click.option("--title", help="The title. Default: made from NAME.")
@click.option("--owner", help='Who reviews it, e.g. "@your-org/support-leads". '
              "Default: the most common owner in the handbook.")
@click.option("--review-every", default="90d", show_default=True, callback=_check_period,
              help="How often it is reviewed: a number and d, w, m or y.")
@click.option("--playbook", "target_playbook", metavar="SLUG[#ANCHOR]",
              help="Trees only: the playbook section the outcomes point at.")
@click.option("--snippet", "target_snippet", metavar="ID",
              help="Trees only: the snippet the outcomes send.")
@project_option
def new(kind: str, name: str, title: str | None, owner: str | None, review_every: str,
        target_playbook: str | None, target_snippet: str | None, project: Path | None) -> None:
    """Create a playbook, snippet or decision tree from a template.

    NAME becomes the file name and id (lowercase, hyphens): "Refund requests" gives
    refund-requests. The new file has today's date as `reviewed`, passes `handbook check`,
    and is never written over an existing one. A new tree's outcomes point at an existing
    playbook or snippet (choose them with --playbook and --snippet).
    """
    from importlib.resources import files
    from string import Template

    from .core import codeowners
    from .core.review import today

    if kind != "tree" and (target_playbook or target_snippet):
        raise click.UsageError("--playbook and --snippet are for `handbook new tree` only")
    if any(part in ("..", ".") for part in name.replace("\\", "/").split("/")) or \
            name.startswith(("/", "\\")):
        raise click.UsageError(f"NAME '{name}' is a path; give a name, e.g. refund-requests "
                               "(a playbook may sit in a folder: billing/refund-requests)")
    parts = [_slug(part) for part in name.split("/")] if kind == "playbook" else [_slug(name)]
    if not all(parts):
        raise click.UsageError(f"NAME '{name}' has no letters or digits to make a file name from")
    if any(len(part) > 80 for part in parts) or len(parts) > 8:
        raise click.UsageError("NAME makes a file name longer than 80 characters or more than "
                               "8 folders deep: choose a shorter name (the title can be longer: "
                               "--title)")
    ident = "/".join(parts)
    if title is None:
        last = name.split("/")[-1].strip()
        title = last if last != parts[-1] else parts[-1].replace("-", " ").capitalize()
    root = _root_or_fail(project, "--project")
    config = _load_config(root)
    book, _report = _validate(config)
    _codeowners_writable(book, root)

    if kind == "playbook":
        target = config.playbooks_dir / f"{ident}.md"
        _refuse_playbook_among_items(config, target, name)
    else:
        folder = config.snippets_dir if kind == "snippet" else config.trees_dir
        target = folder / f"{ident}.yml"
    rel = os.path.relpath(target, Path.cwd())
    others = [target, target.with_suffix(".yaml")] if kind != "playbook" else [target]
    for other in others:
        if other.exists():
            raise click.ClickException(
                f"{os.path.relpath(other, Path.cwd())} already exists and is left as it is. "
                f"Edit that file, or choose another NAME."
            )
    if kind == "snippet" and ident in book.aliases:
        raise click.ClickException(
            f"'{ident}' is an old id of snippet '{book.aliases[ident]}' (listed in its aliases), "
            "so its URL already redirects there. Choose another NAME."
        )
    if (kind == "snippet" and ident in book.snippets) or (kind == "tree" and ident in book.trees):
        raise click.ClickException(f"a {kind} with id '{ident}' already exists. "
                                   "Choose another NAME.")
    if kind != "playbook" and ident == "index":  # see site_paths.py
        raise click.UsageError(f"the id 'index' is reserved: {kind}s/index.html is the page "
                               f"that lists every {kind}. Choose another NAME.")

    values = {
        "id": ident,
        "title": _yaml_str(title),
        "owner": _yaml_str(owner or _default_owner(book)),
        "today": today().isoformat(),
        "review_every": review_every,
        "targets": "",
    }
    pointed = ""
    if kind == "tree":
        values["targets"], pointed = _tree_targets(book, target_playbook, target_snippet)
    name_in_package = {"playbook": "playbook.md", "snippet": "snippet.yml", "tree": "tree.yml"}
    template = files("handbook").joinpath("templates", name_in_package[kind]).read_text("utf-8")
    text = Template(template).substitute(values)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:  # "x": never replace a file
            out.write(text)
    except OSError as exc:
        raise click.ClickException(f"{rel} cannot be written ({exc.strerror}); nothing was "
                                   "created") from None

    click.echo(f"Created {rel} (owner {owner or _default_owner(book)}, "
               f"reviewed {values['today']}, review every {review_every}).")
    if pointed:
        click.echo(f"Its outcomes point at {pointed}: change them to the right ones.")
    owners_file = codeowners.codeowners_path(root)
    if owners_file.is_file():
        book, _report = _validate(config)
        try:
            _path, changed = codeowners.write(book)
        except codeowners.CodeownersError as exc:  # changed since _codeowners_writable
            raise _codeowners_problem(exc, root) from None
        if changed:
            click.echo(f"Added it to {os.path.relpath(owners_file, Path.cwd())}.")
    click.echo(f"Next: write it, preview with `make serve`, then run `handbook check {rel}`.")


# -- owners --------------------------------------------------------------------------------

class ProblemLine(click.ClickException):
    """Exit 1 with one problem line, `path:line:col: error: message (hint)`, as is."""

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


def _codeowners_problem(exc: CodeownersError, root: Path) -> ProblemLine:
    from .core import codeowners

    shown = codeowners.shown_path(codeowners.codeowners_path(root), root)
    return ProblemLine(exc.problem(shown).text())


def _codeowners_writable(book: Handbook, root: Path) -> None:
    """`handbook new` updates CODEOWNERS after writing its file: find out first whether it
    can, so a CODEOWNERS it must not rewrite stops the command before anything is written."""
    from .core import codeowners

    try:
        codeowners.render(book, codeowners.read(codeowners.codeowners_path(root)))
    except codeowners.CodeownersError as exc:
        raise _codeowners_problem(exc, root) from None


@main.command(context_settings=CONTEXT,
              short_help="Write .github/CODEOWNERS from front matter owners.")
@click.option("--check", "only_check", is_flag=True,
              help="Write nothing; exit 1 if .github/CODEOWNERS is out of date.")
@project_option
def owners(only_check: bool, project: Path | None) -> None:
    """Write .github/CODEOWNERS from the owner of every playbook, snippet and tree.

    Only the section between the BEGIN and END marker lines is rewritten; your own rules
    around it stay. Commit the file so GitHub asks each owner to review changes to their
    content.
    """
    from .core import codeowners

    root = _root_or_fail(project, "--project")
    book, report = _validate(_load_config(root))
    path = codeowners.codeowners_path(root)
    shown = os.path.relpath(path, Path.cwd())
    entries = codeowners.entries(book)
    summary = (f"{_plural(len(entries), 'file')}, "
               f"{_plural(len({o for e in entries for o in e.owners}), 'owner')}")
    for entry in entries:
        if entry.invalid:
            click.echo(f"warning: {report.rel(entry.source)}: owner '{' '.join(entry.invalid)}' "
                       "is not a GitHub user, team or e-mail; it is left out", err=True)
    broken = len(report.errors)
    if broken:
        click.echo(f"note: the handbook has {_plural(broken, 'error')}; a file that does not "
                   "load keeps the line it had (run `handbook check`)", err=True)
    try:
        if only_check:
            existing = codeowners.read(path)
            if codeowners.render(book, existing) != existing:
                raise click.ClickException(f"{shown} is out of date: run `handbook owners`")
            click.echo(f"{shown} is up to date ({summary}).")
            return
        _path, changed = codeowners.write(book)
    except codeowners.CodeownersError as exc:
        raise _codeowners_problem(exc, root) from None
    if changed:
        click.echo(f"Wrote {shown} ({summary}). Commit it with your change.")
    else:
        click.echo(f"{shown} is already up to date ({summary}).")


# -- stale ---------------------------------------------------------------------------------

def _window(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value.strip() in ("0", "0d"):
        return "0d"
    return _check_period(ctx, param, value)


@main.command(context_settings=CONTEXT,
              short_help="List reviews that are overdue or due soon, by owner.")
@click.option("--within", default="30d", show_default=True, callback=_window,
              help="Also list reviews due within this period (0d: overdue only).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@project_option
def stale(within: str, fmt: str, project: Path | None) -> None:
    """List playbooks, snippets and trees whose review is overdue or due soon, by owner."""
    import json
    from collections import defaultdict
    from datetime import date

    from .core.review import add_period
    from .core.review_list import review_items

    root = _root_or_fail(project, "--project")
    book, report = _validate(_load_config(root))
    try:
        horizon = book.today if within == "0d" else add_period(book.today, within)
    except OverflowError:  # only with HANDBOOK_TODAY near the year 9999: list everything
        horizon = date.max
    rows = [{
        "path": report.rel(item.path), "kind": item.kind, "title": item.title,
        "owner": item.review.owner, "reviewed": item.review.reviewed.isoformat(),
        "due": item.review.due.isoformat(), "days_left": item.review.days_left,
        "overdue": item.review.overdue,
    } for item in review_items(book, horizon)]
    rows.sort(key=lambda r: (r["owner"].lower(), r["due"], r["path"]))
    skipped = {p.path for p in report.errors}
    if skipped:
        click.echo(f"note: {_plural(len(skipped), 'file')} with errors could not be read and "
                   "are not listed (run `handbook check`)", err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        when = "today" if within == "0d" else f"by {horizon.isoformat()}"
        click.echo(f"Nothing is overdue or due for review {when}.")
        return
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["owner"]].append(row)
    overdue = sum(r["overdue"] for r in rows)
    click.echo(f"{_plural(len(rows), 'review')} overdue or due by {horizon.isoformat()} "
               f"(today is {book.today.isoformat()}; {overdue} overdue):")
    for owner_name, items in groups.items():
        click.echo(f"\n{owner_name}")
        for row in items:
            days = row["days_left"]
            if days < 0:
                state, color = f"overdue {_plural(-days, 'day')}", "red"
            elif days == 0:
                state, color = "due today", "yellow"
            else:
                state, color = f"due in {_plural(days, 'day')}", None
            state = click.style(f"{state:<17}", fg=color)
            click.echo(f"  {row['due']}  {state}  {row['path']}  ({row['title']}, "
                       f"last reviewed {row['reviewed']})")
    click.echo("\nAfter reviewing, set `reviewed:` to today's date in each file.")


def _register_helpdesk() -> None:
    from .helpdesk.commands import import_command, sync_command  # click only at import

    main.add_command(import_command)
    main.add_command(sync_command)


_register_helpdesk()


if __name__ == "__main__":  # pragma: no cover
    main()
