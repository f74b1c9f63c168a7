"""Where each page and file lands in the built site, and which of those paths the build writes
itself.

A snippet or tree whose id is `index` lands on the index page the build generates for all of
them; a file under docs/ can land on a generated page (docs/snippets.md is the snippet
library's path too); two playbooks can land on one path (billing.md and billing/index.md). The
build then failed naming a docs/ file that does not exist, or one output silently replaced the
other. `handbook check` finds these first and names the file to change.

No MkDocs imports: `handbook check` runs without MkDocs. The paths follow MkDocs' rules for
`use_directory_urls` on (its default: x.md -> x/index.html) and off (x.md -> x.html); a build
test holds them to MkDocs' own File.dest_uri.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from .content import Handbook
from .problems import Report

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as pages
# The pages the build generates besides one per snippet and tree (render/pages.py).
GENERATED_PAGES = {
    "snippets/index.md": "the snippet library",
    "trees/index.md": "the list of decision trees",
    "review.md": "the review page",
}
# Files the build writes beside the pages (see exports.py).
EXPORTS = {
    "snippets.json": "the list of snippets",
    "exports/zendesk-macros.json": "the Zendesk export",
    "exports/helpscout-saved-replies.json": "the Help Scout export",
}


# What MkDocs and Material write besides the pages (the search plugin's index, the sitemap,
# the error page).
ENGINE_OUTPUTS = {
    "search/search_index.json": "the search index",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "404.html": "the error page",
}


def theme_files(theme_dirs: list[Path]) -> set[str]:
    """The static files MkDocs copies from the theme into the site (scripts, styles, fonts):
    every file of the theme's folders but templates, Python and dot folders."""
    out: set[str] = set()
    for folder in theme_dirs:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith((".", "__"))]
            rel = os.path.relpath(dirpath, folder).replace(os.sep, "/")
            out |= {name if rel == "." else f"{rel}/{name}" for name in filenames
                    if not name.endswith((".html", ".py", ".pyc", ".yml"))
                    and not name.startswith(".")}
    return out


def page_dest(src_uri: str, directory_urls: bool = True) -> str:
    """The file a Markdown page is written to: x.md -> x/index.html (x.html without directory
    URLs), index.md -> index.html."""
    parent, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return posixpath.join(parent, "index.html")
    if not directory_urls:
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def file_dest(src_uri: str, directory_urls: bool = True) -> str:
    """Where a file under docs/ lands: pages as above, every other file as it is."""
    return page_dest(src_uri, directory_urls) if src_uri.endswith(MARKDOWN) else src_uri


def check_site_paths(book: Handbook, report: Report) -> None:
    """One error for each id, alias, playbook or docs/ file that would land on a path another
    output already takes; generated pages and exports are taken first."""
    dirs = book.config.directory_urls
    taken: Taken = {**{page_dest(uri, dirs): (what, None) for uri, what in GENERATED_PAGES.items()},
                    **{dest: (what, None) for dest, what in EXPORTS.items()},
                    **{dest: (what, None) for dest, what in ENGINE_OUTPUTS.items()}}
    _claim_items(book, report, taken)
    _claim_playbooks(book, report, taken)
    docs = str(book.config.docs_dir) + os.sep
    for path in book.content.docs:
        text = str(path)
        src_uri = (text[len(docs):] if text.startswith(docs) else path.name).replace(os.sep, "/")
        dest = file_dest(src_uri, dirs)
        if dest in taken:
            report.add(path, f"this file would be written to {dest}, where the build writes "
                       f"{_what(taken[dest], report)}",
                       hint="rename or move it: that path is taken")
        else:
            taken[dest] = ("the page" if src_uri.endswith(MARKDOWN) else "a file", path)
    # A docs/ file may replace a theme file of the same path (MkDocs lets it), but not stand
    # where the theme needs a folder.
    theme = {dest: ("the theme's files", None) for dest in theme_files(book.config.theme_dirs)
             if dest not in taken}
    _check_files_named_like_folders({**theme, **taken}, report)


def _check_files_named_like_folders(taken: Taken, report: Report) -> None:
    """A file written where the build needs a folder: `playbooks/refunds` (a file without a
    suffix) beside refunds.md, whose page is playbooks/refunds/index.html. The build stops
    with a FileExistsError."""
    folders = {parent for dest in taken for parent in _parents(dest)}
    for dest in sorted(folders & taken.keys()):
        source = taken[dest][1]
        inside = next(d for d in sorted(taken) if d.startswith(dest + "/"))
        if source is not None:
            report.add(source, f"this file would be written to {dest}, but the build needs a "
                       f"folder there for {_what(taken[inside], report)}",
                       hint="rename the file (give it a suffix such as .png or .pdf), or move it")
        elif taken[inside][1] is not None:  # the build writes the file: the folder must go
            report.add(taken[inside][1], f"this file would be written to {inside}, inside "
                       f"{dest}, which the build writes as {_what(taken[dest], report)}",
                       hint="rename or move the folder it is in: that path is taken")


def _parents(dest: str) -> list[str]:
    parts = dest.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


# Output path -> (what the build writes there, the file it comes from). The file is named
# only when there is a collision to report: naming it costs a resolve() per file.
Taken = dict[str, tuple[str, Path | None]]


def _what(entry: tuple[str, Path | None], report: Report) -> str:
    text, source = entry
    return f"{text} ({report.rel(source)})" if source is not None else text


def _claim_items(book: Handbook, report: Report, taken: Taken) -> None:
    for kind, items in (("snippet", book.snippets), ("tree", book.trees)):
        for ident, doc in items.items():
            dest = page_dest(f"{kind}s/{ident}.md", book.config.directory_urls)
            if dest in taken:
                report.add(doc.path, f"{kind} id '{ident}' is reserved: its page would be "
                           f"{dest}, where the build writes {_what(taken[dest], report)}",
                           line=doc.lines.line(("id",)),
                           hint="choose another id, and rename the file to match")
            else:
                taken[dest] = (f"the page of {kind} '{ident}'", doc.path)
    for alias, ident in book.aliases.items():
        doc = book.snippets[ident]
        # The redirect page (see redirects.py) stands where the old snippet page stood.
        dest = page_dest(f"snippets/{alias}.md", book.config.directory_urls)
        if dest in taken:
            report.add(doc.path, f"alias '{alias}' of snippet '{ident}' cannot be used: its "
                       f"redirect would be {dest}, where the build writes "
                       f"{_what(taken[dest], report)}",
                       line=doc.lines.line(("aliases", doc.model.aliases.index(alias))),
                       hint="remove the alias: links to it cannot be kept")
        else:
            taken[dest] = (f"the redirect from alias '{alias}' to snippet '{ident}'", None)


def _claim_playbooks(book: Handbook, report: Report, taken: Taken) -> None:
    for slug, playbook in book.playbooks.items():
        dest = page_dest(playbook.src_uri, book.config.directory_urls)
        if dest in taken:
            report.add(playbook.path, f"playbook '{slug}' would be written to {dest}, where the "
                       f"build writes {_what(taken[dest], report)}",
                       hint="rename one of the two files")
        else:
            taken[dest] = (f"playbook '{slug}'", playbook.path)
    # Files beside the playbooks are published as they are (plugin.on_files).
    for path, src_uri in book.content.assets:
        if src_uri in taken:
            report.add(path, f"this file would be written to {src_uri}, where the build writes "
                       f"{_what(taken[src_uri], report)}",
                       hint="rename or move it: that path is taken")
        else:
            taken[src_uri] = ("a file beside the playbooks", path)
