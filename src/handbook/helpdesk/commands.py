"""The `handbook import` command (registered by cli.py). Heavy imports happen inside it."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import", context_settings={"help_option_names": ["-h", "--help"],
                                           "max_content_width": 100})
@click.argument("kind", type=click.Choice(["zendesk", "helpscout", "csv"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--owner", help="Who reviews the new snippets. Default: the handbook's most "
              "common owner.")
@click.option("-C", "--project", "project",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The handbook folder (the one with mkdocs.yml). Default: found from the "
              "current folder.")
def import_command(kind: str, file: Path, dry_run: bool, owner: str | None,
                   project: Path | None) -> None:
    """Turn a helpdesk's replies into snippets: KIND is zendesk (the macros JSON the API
    returns, or a CSV), helpscout (saved replies JSON) or csv (title, email, chat, social,
    tags, summary, language, subject). Never overwrites a file; ends with a report of what
    could not be carried, per reply."""
    from ..cli import _default_owner, _load_config, _root_or_fail
    from ..core.content import load_handbook
    from ..core.review import today
    from .importer import plan, write
    from .sources import SourceError, read

    config = _load_config(_root_or_fail(project, "--project"))
    try:
        replies = read(kind, file.read_text(encoding="utf-8-sig"))
    except (SourceError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    book, _report = load_handbook(config, pages=False)
    taken = set(book.snippets) | {a for d in book.snippets.values() for a in d.model.aliases}
    taken |= {p.stem for p in config.snippets_dir.glob("*.y*ml")}  # also files that don't load
    outcome = plan(replies, config.snippets_dir, taken, owner or _default_owner(book), today())
    if not dry_run:
        write(outcome)
    verb = "would write" if dry_run else "wrote"
    for path in outcome.files:
        click.echo(f"{verb} {path.relative_to(config.root).as_posix()}")
    for line in outcome.skipped:
        click.echo(f"skipped {line}")
    if outcome.report:
        click.echo(f"\nNot carried over ({len(outcome.report)}):")
        for line in outcome.report:
            click.echo(f"  {line}")
    done = "would be written (dry run)" if dry_run else "written"
    click.echo(f"\n{len(replies)} replies read, {len(outcome.files)} snippets {done}; "
               "run `handbook check` next.")
