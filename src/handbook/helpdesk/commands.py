"""The `handbook import` command (registered by cli.py). Heavy imports happen inside it."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import", context_settings={"help_option_names": ["-h", "--help"],
                                           "max_content_width": 100})
@click.argument("kind", type=click.Choice(["zendesk", "helpscout", "csv"]))
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--owner", help="Who reviews the new snippets. Default: the handbook's most "
              "common owner.")
@click.option("-C", "--project", "project",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The handbook folder (the one with mkdocs.yml). Default: found from the "
              "current folder.")
def import_command(kind: str, files: tuple[Path, ...], dry_run: bool, owner: str | None,
                   project: Path | None) -> None:
    """Turn a helpdesk's replies into snippets: KIND is zendesk (the macros JSON the API
    returns, or a CSV), helpscout (saved replies JSON) or csv (title, email, chat, social,
    tags, summary, language, subject). FILES: one or more, read as one list (the pages of
    an export: a channel pair split across pages is still one snippet). Never overwrites a
    file; ends with a report of what could not be carried, per reply."""
    from ..cli import _default_owner, _load_config, _root_or_fail
    from ..core.content import load_handbook
    from ..core.review import today
    from ..render.exports import tables
    from .importer import known, plan, write
    from .sources import SourceError, decode, read
    from .text import back

    config = _load_config(_root_or_fail(project, "--project"))
    notes: list[str] = []
    replies = []
    for file in dict.fromkeys(files):
        found: list[str] = []
        try:
            replies += read(kind, decode(file.read_bytes()), found)
        except (SourceError, RecursionError, OSError) as exc:
            why = "nested too deep to read" if isinstance(exc, RecursionError) else exc
            raise click.ClickException(f"{file}: {why}") from None
        notes += [f"{file}: {line}" for line in found] if len(files) > 1 else found
    book, _report = load_handbook(config, pages=False)
    have = known(book.snippets, {p.stem for p in config.snippets_dir.glob("*.y*ml")})
    outcome = plan(replies, config.snippets_dir, have, owner or _default_owner(book), today(),
                   back(*tables(config.helpdesk_variables)))
    if not dry_run:
        write(outcome)
    _report_import(outcome, config, dry_run, notes, len(replies))


def _report_import(outcome, config, dry_run: bool, notes: list[str], read_count: int) -> None:
    """The files, the skipped ones, what was not carried, the helpdesk_variables lines that
    would keep unmapped variables, and the count."""
    for line in notes:
        click.echo(f"note: {line}")
    verb = "would write" if dry_run else "wrote"
    for path in outcome.files:
        click.echo(f"{verb} {path.relative_to(config.root).as_posix()}")
    for line in outcome.skipped:
        click.echo(f"skipped {line}")
    if outcome.report:
        click.echo(f"\nNot carried over ({len(outcome.report)}):")
        for line in outcome.report:
            click.echo(f"  {line}")
    lines = variables_yaml(outcome.unmapped)
    if lines:
        click.echo("\nThe helpdesk fills these in itself: to keep them so, add to mkdocs.yml "
                   "under the handbook plugin (then the placeholders are not gaps in the "
                   "exports and sync):")
        for line in lines:
            click.echo(f"  {line}")
    done = "would be written (dry run)" if dry_run else "written"
    click.echo(f"\n{read_count} replies read, {len(outcome.files)} snippets {done}; "
               "run `handbook check` next.")


def variables_yaml(unmapped: dict[str, dict[str, str]]) -> list[str]:
    """mkdocs.yml lines mapping each unmapped placeholder back to its helpdesk variable."""
    from ..core.helpdesk_fields import VARIABLE_RE

    out = []
    for helpdesk, table in sorted(unmapped.items()):
        rows = [(n, v) for n, v in sorted(table.items()) if VARIABLE_RE.match(v)]
        if rows:
            out += [f"    {helpdesk}:"] + [f"      {n}: {v}" for n, v in rows]
    return ["helpdesk_variables:", *out] if out else []


@click.command("sync", context_settings={"help_option_names": ["-h", "--help"],
                                         "max_content_width": 100})
@click.argument("helpdesk", type=click.Choice(["zendesk", "helpscout"]))
@click.option("--apply", "do_apply", is_flag=True,
              help="Make the changes. Without it, only the plan is printed (dry run).")
@click.option("--url", "base_url", help="The API's address. Default: "
              "https://$ZENDESK_SUBDOMAIN.zendesk.com, or https://api.helpscout.net.")
@click.option("--mailbox", type=int, envvar="HELPSCOUT_MAILBOX",
              help="Help Scout: the mailbox id (or $HELPSCOUT_MAILBOX).")
@click.option("--allow-widen", is_flag=True, help="Zendesk: also apply updates that widen who "
              "may use a macro (a restriction removed, or other groups let in).")
@click.option("--allow-variable-loss", is_flag=True, help="Also apply updates that remove "
              "a variable the helpdesk fills in ({{ticket.url}}, {%customer.address%}), or "
              "Zendesk Liquid that chooses or computes text, from a reply.")
@click.option("--allow-content-loss", is_flag=True, help="Also apply updates that remove "
              "links (by address), images, tables or struck-through text a live macro or "
              "saved reply shows customers.")
@click.option("--allow-activate", is_flag=True, help="Zendesk: also update a macro Zendesk "
              "lists as inactive (retired there, or deactivated by sync when its snippet was "
              "removed), making it active again.")
@click.option("--allow-public", is_flag=True, help="Zendesk: also apply updates that make a "
              "macro that adds an internal note post a public reply.")
@click.option("--allow-takeover", is_flag=True, help="Also update, the first time, a macro or "
              "saved reply without our key that a snippet records (zendesk: ids and title, "
              "helpscout: id and title) but that is not what the import read (no fingerprint, "
              "or changed in the helpdesk since), or (Help Scout) the saved reply "
              "helpscout-sync.json records for a snippet when its name is not the one sync "
              "gave it.")
@click.option("--allow-name-takeover", is_flag=True, help="Help Scout: also update a saved "
              "reply that only has a snippet's title (or the name of its id or alias): no "
              "import or earlier sync recorded it, and it may be the team's own.")
@click.option("-C", "--project", "project",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The handbook folder (the one with mkdocs.yml).")
def sync_command(helpdesk: str, do_apply: bool, base_url: str | None, mailbox: int | None,
                 allow_widen: bool, allow_variable_loss: bool, allow_content_loss: bool,
                 allow_activate: bool,
                 allow_public: bool, allow_takeover: bool, allow_name_takeover: bool,
                 project: Path | None) -> None:
    """Make the helpdesk follow the handbook: create, update, and (Zendesk) deactivate the
    macros whose snippet was removed; never delete. Needs a real account and a token in the
    environment: ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_API_TOKEN, or HELPSCOUT_TOKEN
    and a mailbox. Prints the plan; changes nothing without --apply. A refused step (see the
    plan) is never sent, and makes --apply exit with status 1 after the other steps."""
    import os

    from ..cli import _load_config, _root_or_fail
    from ..core.content import load_handbook
    from ..render.exports import tables
    from .guards import guard, placeholder_names
    from .http import SyncError
    from .plan import summary
    from .recipients import announce

    config = _load_config(_root_or_fail(project, "--project"))
    book, report = load_handbook(config, pages=False)
    _check_snippets(book, report)
    broken = [p for p in report.problems if p.severity == "error"]
    if broken:
        raise click.ClickException(f"{len(broken)} problems in the snippets and trees: run "
                                   "`handbook check` and fix them before syncing")
    env = os.environ
    mapped = tables(book.config.helpdesk_variables)[helpdesk == "helpscout"]

    def guarded(steps):
        guard(steps, helpdesk, placeholder_names(book.snippets), allow_widen,
              allow_variable_loss, allow_activate, allow_public, mapped, allow_content_loss)
        if helpdesk == "zendesk":
            announce(steps)
        return steps

    try:
        if helpdesk == "zendesk":
            steps = _zendesk(book, base_url, env, do_apply, guarded, allow_takeover)
        else:
            steps = _helpscout(book, base_url, mailbox, env, do_apply, guarded,
                               allow_takeover, allow_name_takeover)
    except SyncError as exc:
        raise click.ClickException(str(exc)) from None
    for step in steps:
        click.echo(step.line())
    state = "applied" if do_apply else "dry run: nothing changed; --apply makes the changes"
    click.echo(f"\n{summary(steps)} ({state})")
    refused = sum(s.action == "refused" for s in steps)
    if refused and do_apply:
        raise click.ClickException(f"{refused} step(s) refused and not sent (the 'refused' "
                                   "lines above say why and what to do)")


def _check_snippets(book, report) -> None:
    """The snippet checks of `handbook check` (each snippet, and ids two snippets record),
    added to `report`: sync runs only when they find no error."""
    from ..core.helpdesk_checks import check_titles
    from ..core.validate import _check_snippet

    for doc in book.snippets.values():
        _check_snippet(doc, report)
    check_titles(book.snippets, report)


def _need(env, *names: str) -> list[str]:
    missing = [n for n in names if not env.get(n)]
    if missing:
        raise click.ClickException(f"set {', '.join(missing)} in the environment: sync needs "
                                   "a real helpdesk account and an API token")
    return [env[n] for n in names]


def _zendesk(book, base_url, env, do_apply: bool, guarded, allow_takeover: bool = False):
    from ..render.exports import macro_key, tables, zendesk_macro
    from . import sync_zendesk as zd
    from .http import api_address

    email, token = _need(env, "ZENDESK_EMAIL", "ZENDESK_API_TOKEN")
    what = "--url"
    if not base_url:
        (sub,) = _need(env, "ZENDESK_SUBDOMAIN")
        base_url, what = f"https://{sub}.zendesk.com", "ZENDESK_SUBDOMAIN"
    base_url = api_address(base_url, what)
    auth = zd.headers(email, token)
    table = tables(book.config.helpdesk_variables)[0]
    kept = {i: d for i, d in book.snippets.items() if d.model.zendesk and not d.model.zendesk.sync}
    desired = {macro_key(i, ch): zendesk_macro(d.model, ch, table)
               for i, d in sorted(book.snippets.items()) if i not in kept
               for ch in d.model.variants}
    left = {macro_key(i, ch): d.model.title for i, d in sorted(kept.items())
            for ch in d.model.variants}
    aliases = {a: i for i, d in book.snippets.items() for a in d.model.aliases}
    sources = {macro_key(i, ch): n for i, d in book.snippets.items() if d.model.zendesk
               for ch, n in d.model.zendesk.ids.items()}
    imported = {macro_key(i, ch): d.model.zendesk.title for i, d in book.snippets.items()
                if d.model.zendesk and d.model.zendesk.title for ch in d.model.zendesk.ids}
    read = {macro_key(i, ch): f for i, d in book.snippets.items() if d.model.zendesk
            for ch, f in d.model.zendesk.fingerprints.items()}
    steps = guarded(zd.plan(desired, aliases, zd.list_macros(base_url, auth), sources,
                            imported, allow_takeover, read, left))
    if do_apply:
        zd.apply(steps, base_url, auth)
    return steps


def _helpscout(book, base_url, mailbox, env, do_apply: bool, guarded,
               allow_takeover: bool = False, allow_name_takeover: bool = False):
    from ..render.exports import helpscout_replies, tables
    from . import sync_helpscout as hs
    from . import sync_state
    from .http import api_address

    (token,) = _need(env, "HELPSCOUT_TOKEN")
    if mailbox is None:
        raise click.ClickException("give the mailbox: --mailbox ID or $HELPSCOUT_MAILBOX")
    base_url = api_address(base_url or "https://api.helpscout.net")
    auth = hs.headers(token)
    table = tables(book.config.helpdesk_variables)[1]
    mine = {i: d for i, d in sorted(book.snippets.items())
            if not (d.model.helpscout and d.model.helpscout.mailboxes)
            or mailbox in d.model.helpscout.mailboxes}
    kept = {i for i, d in mine.items() if d.model.helpscout and not d.model.helpscout.sync}
    desired = {key: body for i, d in mine.items() if i not in kept
               for key, body in helpscout_replies(d.model, table).items()}
    names: dict[str, str] = {}
    for key, body in desired.items():
        name = " ".join(body["name"].split()).casefold()
        if name in names:
            raise click.ClickException(f"snippets '{names[name]}' and '{key}' have the "
                                       f"same title, '{body['name']}' (case aside): Help Scout "
                                       "tells saved replies apart by name; give one a title of "
                                       "its own")
        names[name] = key
    ids, imported, read, aliases = _helpscout_records(book)
    synced = sync_state.read(book.config.root, mailbox)
    left = {key: (body["name"], synced[key][0] if key in synced else ids.get(key))
            for i in sorted(kept) for key, body in helpscout_replies(mine[i].model,
                                                                      table).items()}
    found, unmatched, refused = hs.existing(base_url, mailbox, auth, desired, ids, imported,
                                            aliases, synced, allow_takeover, read,
                                            allow_name_takeover)
    steps = guarded(hs.plan(desired, found, unmatched, refused, left, synced))
    if do_apply:
        try:
            hs.apply(steps, base_url, mailbox, auth)
        finally:  # what was applied before a failure is recorded too
            sync_state.write(book.config.root, mailbox,
                             hs.recorded(steps, synced, aliases, base_url, mailbox, auth))
    return steps


def _helpscout_records(book) -> tuple[dict, dict, dict, dict]:
    """What the snippets record of their saved replies, by key (`<id>`, and `<id>.chat` for
    a pair's chat reply, render/exports.helpscout_replies): (reply ids, names at import,
    fingerprints, the keys of renamed snippets' aliases)."""
    ids: dict[str, int] = {}
    imported: dict[str, str] = {}
    read: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for ident, doc in book.snippets.items():
        aliases[ident] = list(doc.model.aliases)
        aliases[f"{ident}.chat"] = [f"{a}.chat" for a in doc.model.aliases]
        options = doc.model.helpscout
        if options is None or options.id is None:
            continue
        for key, half in ((ident, options), (f"{ident}.chat", options.chat)):
            if half is None:
                continue
            ids[key] = half.id
            if half.title:
                imported[key] = half.title
            if half.fingerprint:
                read[key] = half.fingerprint
    return ids, imported, read, aliases
