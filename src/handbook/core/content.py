"""Loads playbooks, snippets and trees from disk into one `Handbook`, collecting problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from . import errors
from .inclusion import Level
from .macro_calls import MacroCall, find_calls
from .models import PageMeta, PlaybookMeta, Reviewed, Snippet, Tree
from .paths import Refused, content_roots, walk
from .problems import Report
from .rendered_anchors import Sections, page_sections
from .review import FUTURE_HINT, Review, future_message, today
from .site_config import SiteConfig
from .yamlio import (
    FRONT_MATTER_HINT,
    Lines,
    YamlError,
    load,
    read_text,
    split_front_matter,
    universal_newlines,
)


@dataclass
class Page:
    """A Markdown page: a playbook under playbooks/ or a site page under docs/."""

    path: Path
    src_uri: str
    body: str
    body_line: int
    calls: list[MacroCall]
    meta: PageMeta | None = None
    lines: Lines = field(default_factory=Lines)
    # Heading anchors are worked out on first use: only tree outcomes and links need them,
    # and slugging every heading of 2,000 pages would cost `handbook check` a sixth of its time.
    # (the `toc` they were made with, the anchors)
    _anchors: tuple[Any, Sections] | None = field(default=None, repr=False)

    # What the build's toc makes anchors with: the site's slug function and separator, its
    # Markdown extensions and their configs, its cadence texts (see toc_options).
    toc: tuple[Any, ...] = field(default=(None, "-"), repr=False)

    @property
    def anchors(self) -> dict[str, int]:
        """Anchor id -> line (in the body) of every heading, as the build's toc makes them
        (rendered_anchors.py)."""
        return self._sections().lines

    def section_title(self, anchor: str) -> str | None:
        """The text of the heading `anchor` points at, as the reader sees it (plain text, not
        escaped); None when no heading has that anchor."""
        return self._sections().title(anchor)

    def _sections(self) -> Sections:
        # Made in a page worker (validate.check), the anchors come back with an equal toc.
        if self._anchors is None or not _same_toc(self._anchors[0], self.toc):
            self._anchors = (self.toc, page_sections(self.body, self.calls, *self.toc))
        elif self._anchors[0] is not self.toc:
            self._anchors = (self.toc, self._anchors[1])
        return self._anchors[1]


def _same_toc(made_with: tuple[Any, ...], toc: tuple[Any, ...]) -> bool:
    """Whether anchors made with toc options `made_with` hold for `toc`. Options that come
    back from a page worker are a pickled copy, and a functools.partial (pymdownx's
    `slugify(case=...)`, in the slug function and the toc extension's config) has no ==:
    a copy is compared by its function and arguments, else the parent would work out every
    page's anchors again after the workers."""
    return made_with is toc or made_with == toc or _comparable(made_with) == _comparable(toc)


def _comparable(value: Any) -> Any:
    """`value` with each functools.partial in it (in lists, tuples, dict values) as a
    (function, args, keywords) tuple, which compares by value."""
    if isinstance(value, partial):
        return (partial, value.func, _comparable(value.args), _comparable(value.keywords))
    if isinstance(value, (list, tuple)):
        return type(value)(_comparable(v) for v in value)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


@dataclass
class Playbook(Page):
    slug: str = ""
    meta: PlaybookMeta | None = None  # type: ignore[assignment]


@dataclass
class SnippetDoc:
    model: Snippet
    path: Path
    lines: Lines


@dataclass
class TreeDoc:
    model: Tree
    path: Path
    lines: Lines


YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class ContentFiles:
    """Every entry under the content folders, by what the handbook makes of it."""

    playbooks: list[tuple[Path, str]] = field(default_factory=list)  # (path, slug)
    snippets: list[Path] = field(default_factory=list)
    trees: list[Path] = field(default_factory=list)
    pages: list[tuple[Path, str]] = field(default_factory=list)  # docs/ Markdown: (path, src_uri)
    docs: list[Path] = field(default_factory=list)  # every file under docs/, assets included
    # Other files under playbooks/ (images beside a playbook): published as they are.
    assets: list[tuple[Path, str]] = field(default_factory=list)  # (path, src_uri)
    refused: list[Refused] = field(default_factory=list)  # never read, never published
    # Files mkdocs.yml's exclude_docs or draft_docs keep out of the build: src_uri -> why.
    unbuilt: dict[str, Level] = field(default_factory=dict)

    def read(self) -> list[Path]:
        """The files `handbook check` reads."""
        return ([p for p, _ in self.playbooks] + self.snippets + self.trees
                + [p for p, _ in self.pages])


def list_content(config: SiteConfig) -> ContentFiles:
    """Walks docs/ and playbooks/ once (see paths.py: nothing unsafe is read) and sorts what
    is there into playbooks, snippets, trees and pages; a file or folder the handbook would
    silently skip is refused with the fix."""
    names = {folder: _shown_dir(config, folder) for folder in (
        config.docs_dir, config.playbooks_dir, config.snippets_dir, config.trees_dir)}
    where = f"{names[config.docs_dir]} or {names[config.playbooks_dir]}"
    roots, refused = content_roots(config.root, [config.docs_dir, config.playbooks_dir])
    out = ContentFiles(refused=refused)
    for root in roots:
        listing = walk(root, roots, where)
        out.refused += listing.refused
        if root == config.playbooks_dir:
            _sort_playbooks(config, listing.files, listing.folders, names, out)
        else:
            _sort_docs(config, listing.files, listing.folders, out)
    # Files published as they are: the build copies them, and stops at one it can't read
    # (Markdown files are read, and reported, by the loader).
    out.refused += [Refused(path, "file cannot be read, and the build copies it into the site",
                            "make it readable (check its permissions), or remove it")
                    for path in [*out.docs, *(p for p, _ in out.assets)]
                    if not str(path).endswith(".md") and not os.access(path, os.R_OK)]
    _leave_out_unbuilt(config, out)
    return out


def _leave_out_unbuilt(config: SiteConfig, out: ContentFiles) -> None:
    """Takes the files the build leaves out (exclude_docs, draft_docs, dotfiles: inclusion.py)
    off the lists, into `out.unbuilt`: nothing checks or renders them, and a link to one is
    a dead link."""
    inclusion = config.inclusion
    docs = len(str(config.docs_dir)) + 1

    def kept(src_uri: str) -> bool:
        level = inclusion.level(src_uri)
        if level.built(inclusion.serve):
            return True
        out.unbuilt[src_uri] = level
        return False

    out.playbooks = [(p, s) for p, s in out.playbooks if kept(f"playbooks/{s}.md")]
    out.assets = [(p, u) for p, u in out.assets if kept(u)]
    out.pages = [(p, u) for p, u in out.pages if kept(u)]
    out.docs = [p for p in out.docs if kept(str(p)[docs:].replace(os.sep, "/"))]


def _shown_dir(config: SiteConfig, folder: Path) -> str:
    return os.path.relpath(folder, config.root).replace(os.sep, "/") + "/"


def _sort_playbooks(config: SiteConfig, files: list[Path], folders: list[Path],
                    names: dict[Path, str], out: ContentFiles) -> None:
    # Walked paths start with playbooks_dir as given: string tests are enough, and much
    # faster than pathlib's relative_to() and suffix on 2,000 pages.
    snippets, trees = (str(folder) + os.sep for folder in (config.snippets_dir, config.trees_dir))
    base = len(str(config.playbooks_dir)) + 1
    for path in files:
        text = str(path)
        suffix = os.path.splitext(text)[1]
        in_items = text.startswith(snippets) or text.startswith(trees)
        if in_items and suffix in YAML_SUFFIXES:
            (out.snippets if text.startswith(snippets) else out.trees).append(path)
        elif in_items and suffix == ".md":
            folder = names[config.snippets_dir if text.startswith(snippets) else config.trees_dir]
            out.refused.append(Refused(
                path, f"a Markdown file in {folder} is never published",
                f"snippets and trees are .yml files; move a playbook to "
                f"{names[config.playbooks_dir]}"))
        elif suffix == ".md":
            out.playbooks.append((path, text[base:-3].replace(os.sep, "/")))
        elif suffix in YAML_SUFFIXES:
            out.refused.append(Refused(
                path, f"a YAML file outside {names[config.snippets_dir]} and "
                f"{names[config.trees_dir]} is never published",
                f"move a snippet to {names[config.snippets_dir]} and a decision tree to "
                f"{names[config.trees_dir]}"))
        elif suffix.lower() in ACTIVE_SUFFIXES:
            out.refused.append(_active_file(path, suffix))
        elif suffix.lower() in OTHER_MARKDOWN:
            out.refused.append(_other_markdown(path, suffix))
        elif not os.path.basename(text).startswith("."):  # dotfiles: as MkDocs skips them
            out.assets.append((path, "playbooks/" + text[base:].replace(os.sep, "/")))
    _refuse_folders_named_like_files(folders, (".md", *YAML_SUFFIXES), out)


# Files a browser runs when it opens them from the site's own address: a page, an SVG image
# or a script there can do anything the site can. Images are PNG, JPEG, GIF or WebP; the
# site's own scripts and styles are the theme's and docs/assets/ (named in mkdocs.yml).
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".xht", ".svg", ".svgz",
                             ".xml", ".xsl", ".xslt", ".js", ".mjs", ".swf", ".css"})


# What else MkDocs builds as a page (mkdocs.utils.markdown_extensions): the handbook reads
# and checks .md files only, so these would be pages nothing checked.
OTHER_MARKDOWN = frozenset({".markdown", ".mdown", ".mkdn", ".mkd"})


def _other_markdown(path: Path, suffix: str) -> Refused:
    return Refused(path, f"a {suffix} file is built as a page, but the handbook reads and "
                   "checks .md files only", f"rename it to {path.stem}.md")


def _active_file(path: Path, suffix: str) -> Refused:
    return Refused(path, f"a {suffix} file is published as it is, and a browser opening it "
                   "from the site runs whatever it holds",
                   "use a PNG, JPEG, GIF or WebP image, or Markdown for a page; the site's "
                   "own scripts and styles go in docs/assets/")


def _sort_docs(config: SiteConfig, files: list[Path], folders: list[Path],
               out: ContentFiles) -> None:
    assets = os.path.realpath(config.docs_dir / "assets") + os.sep

    def site_asset(path: Path) -> bool:  # a script or style of the site's own (by real path)
        return (path.suffix.lower() in (".js", ".css")
                and os.path.realpath(path).startswith(assets))

    active = [p for p in files if p.suffix.lower() in ACTIVE_SUFFIXES and not site_asset(p)]
    out.refused += [_active_file(p, p.suffix.lower()) for p in active]
    other = [p for p in files if p.suffix.lower() in OTHER_MARKDOWN]
    out.refused += [_other_markdown(p, p.suffix) for p in other]
    active += other
    files = [p for p in files if p not in set(active)] if active else files
    out.docs += files
    out.pages += [(p, p.relative_to(config.docs_dir).as_posix()) for p in files
                  if p.suffix == ".md"]
    _refuse_folders_named_like_files(folders, (".md",), out)


def _refuse_folders_named_like_files(folders: list[Path], suffixes: tuple[str, ...],
                                     out: ContentFiles) -> None:
    """A folder named notes.md was read as a page once (a traceback); an author who made one
    meant a file."""
    for folder in folders:
        if folder.suffix in suffixes:
            out.refused.append(Refused(
                folder, f"this is a folder, but its name ends in {folder.suffix} like a file",
                "rename the folder, or replace it with a file"))


@dataclass
class Handbook:
    config: SiteConfig
    today: date
    content: ContentFiles = field(default_factory=ContentFiles)
    playbooks: dict[str, Playbook] = field(default_factory=dict)
    snippets: dict[str, SnippetDoc] = field(default_factory=dict)
    trees: dict[str, TreeDoc] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)

    def review(self, item: Reviewed) -> Review:
        return Review(item.owner, item.reviewed, item.due, self.today)

    def snippet(self, ident: str) -> SnippetDoc | None:
        return self.snippets.get(self.aliases.get(ident, ident))


# Files parsed earlier in this process, by kind and path: (raw bytes, result, problems).
# Off by default; `mkdocs serve` turns it on, because it loads the whole handbook again on every
# rebuild and re-parsing 2,000 unchanged playbooks would be most of the wait. A file is
# re-parsed whenever its bytes differ, so the cache can never serve stale content.
_CACHE: dict[tuple[str, ...], tuple[bytes, object, list, Path]] = {}
_CACHE_ON = False


def use_cache(on: bool = True) -> None:
    global _CACHE_ON
    _CACHE_ON = on
    if not on:
        _CACHE.clear()


def _cached(key: tuple[str, ...], path: Path, report: Report, load):
    """`load(report)`, or what it gave last time for the same bytes of `path`."""
    if not _CACHE_ON:
        return load(report)
    try:
        raw = path.read_bytes()
    except OSError:
        return load(report)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == raw and hit[3] == report.root:
        report.problems.extend(hit[2])
        return hit[1]
    fresh = Report(report.root)
    result = load(fresh)
    report.problems.extend(fresh.problems)
    _CACHE[key] = (raw, result, list(fresh.problems), report.root)
    return result


def _read(path: Path, report: Report) -> str | None:
    try:
        text = read_text(path)
    except YamlError as exc:
        report.add(path, exc.message, line=exc.line, hint=exc.hint)
        return None
    except OSError as exc:  # unreadable (permissions), or gone since the listing
        report.add(path, f"file cannot be read: {exc.strerror or exc}",
                   hint="make it readable (check its permissions), or remove it")
        return None
    if not text.strip():
        report.add(path, "file is empty", hint="add content, or delete the file")
        return None
    return text


def _load_yaml(path: Path, report: Report, offset: int = 0, text: str | None = None,
               front_matter: bool = False):
    text = _read(path, report) if text is None else text
    if text is None:
        return None, None
    try:
        return load(text, offset, front_matter)
    except YamlError as exc:
        report.add(path, exc.message, line=exc.line, col=exc.col, hint=exc.hint)
        return None, None


def _read_markdown(path: Path, report: Report) -> tuple[str | None, str, int] | None:
    """(front matter, body, body's first line), or None when the file can't be read."""
    text = _read(path, report)
    if text is None:
        return None
    try:
        return split_front_matter(universal_newlines(text))
    except YamlError as exc:
        report.add(path, exc.message, line=exc.line, hint=exc.hint)
        return None


def load_playbook(path: Path, slug: str, report: Report,
                  extra: frozenset[str] = frozenset()) -> Playbook | None:
    parts = _read_markdown(path, report)
    if parts is None:
        return None
    front, body, body_line = parts
    if front is None:
        report.add(path, "playbook has no front matter", hint=FRONT_MATTER_HINT)
        return None
    data, lines = _load_yaml(path, report, offset=1, text=front if front.strip() else "{}",
                             front_matter=True)
    if lines is None:
        return None
    if data is None:
        data = {}
    meta = errors.check_model(PlaybookMeta, data, lines, report, path, "front matter",
                              allowed_extra=extra)
    if meta is not None and not _due_date_ok(meta, lines, report, path):
        meta = None
    if not body.strip():
        report.add(path, "playbook has front matter but no body", line=body_line,
                   hint="write the playbook below the closing '---'")
    calls = find_calls(body, body_line - 1)
    return Playbook(path, f"playbooks/{slug}.md", body, body_line, calls,
                    slug=slug, meta=meta, lines=lines)


def load_page(path: Path, src_uri: str, report: Report,
              extra: frozenset[str] = frozenset()) -> Page | None:
    """A page of the site shell under docs/: its body, and its front matter checked against
    what MkDocs and Material accept (they print it as HTML)."""
    parts = _read_markdown(path, report)
    if parts is None:
        return None
    front, body, body_line = parts
    page = Page(path, src_uri, body, body_line, find_calls(body, body_line - 1))
    if front is not None and front.strip():
        data, lines = _load_yaml(path, report, offset=1, text=front, front_matter=True)
        if lines is not None:
            page.meta = errors.check_model(PageMeta, data, lines, report, path, "front matter",
                                           allowed_extra=extra)
            page.lines = lines
    return page


def load_handbook(config: SiteConfig, report: Report | None = None,
                  on: date | None = None, pages: bool = True) -> tuple[Handbook, Report]:
    """Everything under docs/ and playbooks/; with `pages` False, the snippets and trees only
    (the caller loads the pages: see validate.check, which does it in parallel)."""
    report = report or Report(config.root)
    book = Handbook(config, on or today(), list_content(config))
    for refused in book.content.refused:
        report.add(refused.path, refused.message, hint=refused.hint)
    if not config.playbooks_dir.is_dir():
        report.add(config.playbooks_dir, "the playbooks folder does not exist",
                   hint="create it, or set playbooks_dir in the handbook plugin's options")
    for path in book.content.snippets:
        _add_item(book.snippets, Snippet, path, report, "snippet", SnippetDoc)
    for path in book.content.trees:
        _add_item(book.trees, Tree, path, report, "tree", TreeDoc)
    if pages:
        for page in map(lambda item: load_page_file(config, item, report), page_files(book)):
            add_page(book, page)
    return book, report


PageFile = tuple[str, Path, str]  # ("playbook", path, slug) or ("page", path, src_uri)


def page_files(book: Handbook) -> list[PageFile]:
    """The Markdown files to load as pages: playbooks first, then the docs/ pages."""
    return ([("playbook", path, slug) for path, slug in book.content.playbooks]
            + [("page", path, uri) for path, uri in book.content.pages])


def load_page_file(config: SiteConfig, item: PageFile, report: Report) -> Page | None:
    """One playbook or docs/ page (see page_files), its problems added to `report`."""
    kind, path, name = item
    extra = config.extra_front_matter
    load = load_playbook if kind == "playbook" else load_page
    return _cached((kind, str(path), name, *sorted(extra)), path, report,
                   lambda rep: load(path, name, rep, extra))


def add_page(book: Handbook, page: Page | None) -> None:
    """Puts a loaded page in `book`, with the site's toc slug settings for its anchors."""
    if page is None:
        return
    page.toc = toc_options(book.config)
    if isinstance(page, Playbook):
        book.playbooks[page.slug] = page
    else:
        book.pages.append(page)


def toc_options(config: SiteConfig) -> tuple[Any, ...]:
    """(slug function, separator) of the toc extension as the site configures it, then the
    site's Markdown extensions and cadence texts: what Page.anchors makes anchors with."""
    options = config.markdown[1].get("toc") or {}
    slugify = options.get("slugify")
    return (slugify if callable(slugify) else None, str(options.get("separator") or "-"),
            config.markdown, config.cadence)


def _parse_item(model: type, path: Path, report: Report, what: str):
    data, lines = _load_yaml(path, report)
    if lines is None:
        return None
    item = errors.check_model(model, data, lines, report, path, what)
    if item is None or not _due_date_ok(item, lines, report, path):
        return None
    return item, lines


def _add_item(into: dict, model: type, path: Path, report: Report, what: str, wrap: type) -> None:
    parsed = _cached((what, str(path)), path, report,
                     lambda rep: _parse_item(model, path, rep, what))
    if parsed is None:
        return
    item, lines = parsed
    if item.id != path.stem:
        report.add(path, f"{what} id '{item.id}' does not match the file name '{path.name}'",
                   line=lines.line(("id",)),
                   hint=f"rename the file to {item.id}{path.suffix}, or set id: {path.stem}")
    if item.id in into:
        other = report.rel(into[item.id].path)
        report.add(path, f"duplicate {what} id '{item.id}' (also in {other})",
                   line=lines.line(("id",)), hint="give one of them another id")
        return
    into[item.id] = wrap(item, path, lines)


def _due_date_ok(item: Reviewed, lines: Lines, report: Report, path: Path) -> bool:
    """A due date past the year 9999 would crash every page. Periods are at most 5 years, so
    only a review date in the far future gets there: it is reported as one."""
    try:
        item.due  # noqa: B018 - computing it is the check
    except (OverflowError, ValueError):
        report.add(path, future_message(item.reviewed), line=lines.line(("reviewed",)),
                   hint=FUTURE_HINT)
        return False
    return True
