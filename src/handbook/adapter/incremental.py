"""Fast previews that stay right: what `mkdocs serve --dirty` (used by `make serve`) rebuilds.

On its own, MkDocs' --dirty rebuilds only the Markdown files newer than their HTML. That is
fast (about a second for one edit in 2,000 pages, against 20 s or more for a full rebuild) but
wrong in ways that matter here: the pages it does not read get "None" as their title in the
navigation of the pages it does rebuild, tag links turn into plain text, a changed snippet or
tree is not shown on the pages that use it, a renamed page keeps its old title everywhere else,
Material's search index keeps duplicate or stale entries, and strict mode aborts on the
warning --dirty logs. With this module the handbook plugin decides what to rebuild instead:

- everything, when the navigation could change (a page added, removed, moved or retitled), when
  tags change, when mkdocs.yml, the theme overrides or the date change, and on the first build;
- otherwise every page whose source changed, plus every page whose *inputs* changed: the
  snippets and trees it shows, the playbook titles and sections a tree links to, the playbook
  index, and the generated snippet, tree and index pages themselves.

The pages it skips are given their title, metadata and tags (what MkDocs and Material's tags
plugin would have read), so the navigation and tag links of the rebuilt pages are complete; the
search index is merged page by page; output of pages that no longer exist is deleted.
Only `mkdocs serve --dirty` turns this on; `mkdocs build` and plain `mkdocs serve` are unchanged.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_markdown_title, meta

from ..core import content
from ..core.content import Handbook
from ..render.html_util import heading_as_text

log = logging.getLogger("mkdocs.plugins.handbook")

DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that --dirty builds are inaccurate (and strict mode aborts on it); with
    this module they are not, so the warning goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


@dataclass
class _State:
    """What the last successful build was made from."""

    site: tuple = ()
    sources: dict[str, str] = field(default_factory=dict)  # src_uri -> source text
    inputs: dict[str, tuple] = field(default_factory=dict)  # src_uri -> its other inputs
    dests: set[str] = field(default_factory=set)  # written page files
    extra: dict[str, Any] = field(default_factory=dict)  # see Incremental.unchanged()


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept between rebuilds (MkDocs makes a new Jinja environment
    for every build, and compiling Material's templates again costs a few tenths of a second).
    Jinja checks each template's source checksum, so an edited override is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class Incremental:
    def __init__(self) -> None:
        self.active = False
        self.last: _State | None = None
        self.next: _State | None = None
        self.full = True
        self.rebuilt: set[str] = set()  # URLs of the pages this build rebuilds
        self._search_prev: list[dict] | None = None
        self._changed: list[str] = []
        self._meta: dict[str, tuple[str, str, dict]] = {}  # src_uri -> (source, md, meta)
        self._filter = _DropDirtyWarning()
        self._templates = _MemoryBytecodeCache()

    def start(self, command: str, dirty: bool) -> None:
        self.active = command == "serve" and dirty
        if self.active:
            content.use_cache(True)
            for engine in ("mkdocs", "properdocs"):  # ProperDocs logs as properdocs.commands.build
                logging.getLogger(f"{engine}.commands.build").addFilter(self._filter)

    # -- before the pages are read ---------------------------------------------------------
    def plan(self, config: Any, files: Files, book: Handbook, plugin: Any) -> None:
        """Decides which pages to rebuild and prepares the others; called from on_nav."""
        if not self.active:
            return
        docs = list(files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        sources = {f.src_uri: _source(f) for f in docs}
        parsed = {uri: self._parsed(uri, text) for uri, text in sources.items()}
        site = (
            _read(config.config_file_path),
            _theme_stamp(config),
            book.today.isoformat(),
            tuple((f.src_uri, _title(f.src_uri, *parsed[f.src_uri]),
                   repr(parsed[f.src_uri][1].get("tags"))) for f in docs),
        )
        inputs = _inputs(book, docs)
        last = self.last
        search = _search_plugin(config)
        prev = getattr(search, "search_index_prev", None) if search else None
        # Without the previous search index a partial build would write an index of only the
        # rebuilt pages: rebuild everything instead.
        self.full = last is None or last.site != site or (search is not None and prev is None)
        changed = []
        for file in docs:
            uri = file.src_uri
            modified = (self.full or last.sources.get(uri) != sources[uri]
                        or last.inputs.get(uri) != inputs.get(uri)
                        or not os.path.isfile(file.abs_dest_path))
            file.is_modified = (lambda value=modified: value)  # type: ignore[method-assign]
            if modified:
                changed.append(file)
        self.next = _State(site, sources, inputs, {f.abs_dest_path for f in docs})
        self._changed = [f.src_uri for f in changed]
        # As Page.url (and so search locations) spell them: the home page is "", not "./".
        self.rebuilt = {"" if f.url in (".", "./") else f.url for f in changed}
        log.info("handbook: %s", "full rebuild" if self.full else
                 f"rebuilding {len(changed)} of {len(docs)} pages "
                 f"({', '.join(f.src_uri for f in changed[:5])}"
                 f"{', ...' if len(changed) > 5 else ''})")
        self._search_prev = None if self.full or prev is None else list(prev.entries)
        if not self.full:
            self._prepare_skipped(config, files, docs, parsed, plugin)
            # tags.json depends on pages' titles, URLs and tags only, which a partial rebuild
            # leaves as they were: keep the file the last full build wrote.
            tags = config.plugins.get("material/tags")
            if getattr(getattr(tags, "config", None), "export", False):
                tags.config.export = False

    def _parsed(self, uri: str, source: str) -> tuple[str, dict]:
        hit = self._meta.get(uri)
        if hit is None or hit[0] != source:
            markdown, data = meta.get_data(source)
            hit = self._meta[uri] = (source, markdown, data)
        return hit[1], hit[2]

    def _prepare_skipped(self, config: Any, files: Files, docs: list[File],
                         parsed: dict[str, tuple[str, dict]], plugin: Any) -> None:
        """Gives the pages that are not rebuilt what reading them would have: their Markdown,
        metadata (hence their title) and tags, so the rebuilt pages' navigation and tag links
        are complete."""
        tags = config.plugins.get("material/tags")
        for file in docs:
            if file.is_modified():
                continue
            page = file.page if file.page is not None else Page(None, file, config)
            markdown, data = parsed[file.src_uri]
            page.markdown, page.meta = markdown, dict(data)
            plugin.escape_titles(page)  # as the handbook plugin's on_page_markdown does
            if "title" not in page.meta:
                # A page not rendered now would take its title from the raw source of its
                # first heading (MkDocs' get_markdown_title): markup and all, into the
                # navigation. Give it the heading as the full build shows it, escaped.
                heading = get_markdown_title(markdown)
                if heading:
                    page.title = heading_as_text(heading)
            if tags is not None and hasattr(tags, "listings"):
                tags.on_page_markdown(markdown, page=page, config=config, files=files)
        if tags is not None:  # listing pages that are not rebuilt: nothing to fill in
            for listing in getattr(getattr(tags, "listings", None), "data", ()):
                if listing.page.content is None:
                    listing.page.content = ""

    def theme_env(self, env: Any) -> None:
        """Called from on_env: reuse the compiled theme templates of earlier builds."""
        if self.active and env.bytecode_cache is None:
            env.bytecode_cache = self._templates

    # -- after the pages are built ---------------------------------------------------------
    def merge_search(self, config: Any) -> None:
        """Before Material writes the search index: this build's entries plus the previous
        ones of every page not rebuilt (Material itself only drops one page's old entries)."""
        if not self.active:
            return
        search = _search_plugin(config)
        if search is None:
            return
        if self._search_prev is not None:
            index = search.search_index
            kept = [e for e in self._search_prev
                    if e.get("location", "").split("#", 1)[0] not in self.rebuilt]
            index.entries = kept + index.entries
        search.search_index_prev = None

    def unchanged(self, name: str, inputs: Any) -> bool:
        """True when a partial rebuild sees the same `inputs` for output `name` as the last
        build, whose output is still there; records them for the next build."""
        if not self.active or self.next is None:
            return False
        self.next.extra[name] = inputs
        return not self.full and self.last is not None and self.last.extra.get(name) == inputs

    def finish(self, config: Any) -> None:
        if not self.active or self.next is None:
            return
        if self.last is not None:  # pages that no longer exist
            for dest in sorted(self.last.dests - self.next.dests):
                _remove(dest, config.site_dir)
        self.last, self.next = self.next, None

    def failed(self) -> None:
        """A failed build may have written some of the pages it meant to rebuild (strict mode
        aborts after writing them all): rebuild those next time. A build that fails earlier, as
        it does on a content error, wrote nothing and costs nothing more."""
        if self.next is None or self.last is None:
            return
        if self.full:
            self.last = None
        else:
            for uri in self._changed:
                self.last.sources[uri] = "\0unknown"
        self.next = None


def _source(file: File) -> str:
    try:
        return file.content_string
    except (OSError, ValueError):
        return ""


def _read(path: str | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def _theme_stamp(config: Any) -> tuple:
    folder = getattr(config.theme, "custom_dir", None)
    if not folder or not os.path.isdir(folder):
        return ()
    stamp = []
    for dirpath, _dirs, names in os.walk(folder):
        for name in sorted(names):
            st = os.stat(os.path.join(dirpath, name))
            stamp.append((dirpath, name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(stamp))


def _title(uri: str, markdown: str, data: dict) -> str:
    return str(data.get("title") or get_markdown_title(markdown) or uri)


def _inputs(book: Handbook, docs: list[File]) -> dict[str, tuple]:
    """For each page, what it shows that does not come from its own source."""
    snippets = {ident: doc.model.model_dump_json() for ident, doc in book.snippets.items()}
    trees = {ident: (doc.model.model_dump_json(), _tree_targets(book, doc.model, snippets))
             for ident, doc in book.trees.items()}
    index: tuple | None = None  # what playbook_index() shows; worked out when a page uses it
    by_uri: dict[str, Any] = {p.src_uri: p for p in book.playbooks.values()}
    by_uri.update({p.src_uri: p for p in book.pages})
    out: dict[str, tuple] = {}
    for file in docs:
        uri = file.src_uri
        folder, _, name = uri.rpartition("/")
        stem = name.removesuffix(".md")
        if folder == "snippets" and stem in snippets:
            out[uri] = ("snippet", snippets[stem])
            continue
        if folder == "trees" and stem in trees:
            out[uri] = ("tree", trees[stem])
            continue
        page = by_uri.get(uri)
        if page is None:
            continue
        deps: list[tuple] = []
        for call in page.calls:
            arg = str(call.args[0]) if call.args else ""
            if call.name == "snippet":
                doc = book.snippet(arg)
                deps.append(("snippet", arg, snippets.get(doc.model.id) if doc else None))
            elif call.name == "decision_tree":
                deps.append(("tree", arg, trees.get(arg)))
            elif call.name == "playbook_index":
                if index is None:
                    index = tuple((slug, p.meta.title, p.meta.summary, p.meta.owner,
                                   p.meta.reviewed, p.meta.review_every)
                                  for slug, p in sorted(book.playbooks.items()) if p.meta)
                deps.append(("index", index))
        out[uri] = tuple(deps)
    return out


def _tree_targets(book: Handbook, tree: Any, snippets: dict[str, str]) -> tuple:
    """What a tree shows from elsewhere: playbook titles and section headings, snippets."""
    out = []
    for node in tree.nodes.values():
        if node.playbook:
            slug, _, anchor = node.playbook.partition("#")
            playbook = book.playbooks.get(slug)
            if playbook is None or playbook.meta is None:
                out.append((node.playbook, None))
            else:
                heading = playbook.section_title(anchor) if anchor else None
                out.append((node.playbook, playbook.meta.title, heading))
        if node.snippet:
            doc = book.snippet(node.snippet)
            out.append(("snippet", node.snippet, snippets.get(doc.model.id) if doc else None))
        if node.tree:
            other = book.trees.get(node.tree.partition("#")[0])
            out.append(("tree", node.tree, other.model.title if other else None,
                        tuple((k, n.question or n.outcome) for k, n in other.model.nodes.items())
                        if other else None))
    return tuple(out)


def _search_plugin(config: Any) -> Any:
    """Material's search plugin, when it is on and keeps its index between builds."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index_prev"):
            enabled = getattr(getattr(plugin, "config", None), "enabled", True)
            return plugin if enabled is not False else None
    return None


def _remove(dest: str, site_dir: str) -> None:
    path = Path(dest)
    try:
        path.unlink()
    except OSError:
        return
    site = Path(site_dir).resolve()
    folder = path.parent
    while folder.resolve() != site and site in folder.resolve().parents:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent
