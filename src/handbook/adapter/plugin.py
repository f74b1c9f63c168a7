"""The `handbook` MkDocs plugin: validates content, adds playbooks and generated pages, writes
exports. Rendering of snippets and trees inside pages is done by the macros in macros/."""

from __future__ import annotations

import logging
import os
import re
import secrets
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from ..core import macros_setup
from ..core.cadence import timed_cadence
from ..core.content import Handbook
from ..core.edit_links import edit_url
from ..core.html_policy import inside_tags
from ..core.html_policy import sanitize as sanitize_html
from ..core.inclusion import Inclusion, Level
from ..core.link_levels import from_mkdocs as levels_from_mkdocs
from ..core.paths import Listing, walk
from ..core.problems import Report, format_problems
from ..core.review import today
from ..core.review_list import review_items
from ..core.site_config import SiteConfig, from_values, slug_problem
from ..core.validate import check
from ..render import pages
from ..render.exports import write_exports
from ..render.page_title import opens_with_h1
from ..render.redirects import write_redirect
from ..render.search_index import request_url
from .helpdesk_option import HelpdeskVariables
from .incremental import Incremental
from .mkdocs_yml import read_mkdocs_yml
from .search import RequestUrl, SiteSearch, Synonyms
from .site_swap import SiteSwap

log = logging.getLogger("mkdocs.plugins.handbook")
# MkDocs logs under "mkdocs"; ProperDocs (its continuation, which runs this plugin unchanged)
# under "properdocs" and makes "mkdocs" a child of it.
ENGINE_LOGGERS = ("mkdocs", "properdocs")

NAV_ORDER = ["index.md", "playbooks", "trees", "snippets", "tags.md", "contributing.md"]
SECTION_TITLES = {"trees": "Decision trees", "snippets": "Snippets", "playbooks": "Playbooks"}


class HandbookConfig(base.Config):
    playbooks_dir = c.Type(str, default="playbooks")
    # Front matter fields of other tools (e.g. cover, lastmod) to accept while migrating.
    extra_front_matter = c.ListOfItems(c.Type(str), default=[])
    # Search (adapter/search.py): words agents type -> words the handbook uses, and where the
    # "nothing found" panel sends a request for a playbook (default: from edit_uri).
    synonyms = Synonyms()
    request_playbook_url = RequestUrl()
    # Placeholders -> helpdesk variables for the exports and sync, beyond the eight known.
    helpdesk_variables = HelpdeskVariables()


class HandbookPlugin(BasePlugin[HandbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.book: Handbook | None = None
        self.site: SiteConfig | None = None
        self.files: Files | None = None
        # Rendered snippet blocks by (id, url, heading, instance), for one build.
        self.render_cache: dict[tuple, str] = {}
        # Macro output waiting for on_page_content (see stash()).
        self._stash: dict[str, str] = {}
        self._stash_re = re.compile("")
        self._nonce = ""
        # What `mkdocs serve --dirty` (make serve) rebuilds: see incremental.py.
        self.incremental = Incremental()
        # `mkdocs build` writes to a staging folder swapped in on success: see site_swap.py.
        self.swap = SiteSwap()
        self._swap_on = False
        self._serving = False
        self.search = SiteSearch()
        self.timings: dict[str, int | None] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.incremental.start(command, dirty)
        self._serving = command == "serve"  # mkdocs serve builds drafts (draft_docs) too
        self._swap_on = command in ("build", "gh-deploy") and not dirty
        self.search.start(command)

    def on_build_error(self, *, error: Exception) -> None:
        self.incremental.failed()
        self._restore_site_dir(self.swap.abandon())

    # -- loading --------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.site = from_values(root, os.path.relpath(config.docs_dir, root),
                                self.config.playbooks_dir, config.site_url or "", config.extra,
                                list(config.theme.dirs), self.config.extra_front_matter,
                                config.use_directory_urls, config.theme.custom_dir,
                                (list(config.markdown_extensions), dict(config.mdx_configs)),
                                nav=config.nav, helpdesk_variables=self.config.helpdesk_variables,
                                link_levels=levels_from_mkdocs(config.validation),
                                inclusion=Inclusion(config.exclude_docs, config.draft_docs,
                                                    config.not_in_nav, self._serving))
        _refuse_macros_setup(config)
        if problem := slug_problem(self.site.markdown):
            raise PluginError(f"mkdocs.yml: {problem}")
        try:
            today()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        book, report = check(self.site)
        if report.errors:
            lines = format_problems(report.sorted())
            count = len(report.errors)
            raise PluginError(
                f"the handbook has {count} error{'s' * (count != 1)}; nothing was built:\n{lines}"
                "\nRun `handbook check` to see them without a build."
            )
        for problem in report.warnings:  # info, not warning: strict builds must not fail on them
            log.info(problem.text())
        self._refuse_unsafe_sources(config)
        self.book = book
        # What an incident checklist's countdown counts with (minutes): once per build.
        self.timings = timed_cadence(book.config.cadence)
        self.search.configure(config.theme.get("language") or "en",
                              keep=self.incremental.active)
        self.render_cache.clear()
        self._stash.clear()
        self._nonce = secrets.token_hex(6)
        self._stash_re = re.compile(f'<div data-hb-stash="{self._nonce}-(\\d+)"></div>')
        if self._swap_on:
            self._config = config
            config.site_dir = self.swap.begin(config.site_dir)
        return config

    def _restore_site_dir(self, final: str | None) -> None:
        if final is not None and getattr(self, "_config", None) is not None:
            self._config.site_dir = final

    # -- files ----------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.book and self.site
        self._refuse_unsafe_sources(config, files)
        docs = Path(config.docs_dir)
        # Playbook paths are playbooks_dir/<slug>.md: one relpath, not one per page.
        prefix = os.path.relpath(self.site.playbooks_dir, docs).replace(os.sep, "/")
        for playbook in self.book.playbooks.values():
            file = File.generated(config, playbook.src_uri, abs_src_path=str(playbook.path))
            file.edit_uri = f"{prefix}/{playbook.slug}.md"
            files.append(file)
        # Images and other files beside the playbooks are published with them, so a
        # playbook's ![](diagram.png) works and MkDocs' link checks see the file.
        for path, src_uri in self.book.content.assets:
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        uses = pages.snippet_uses(self.book)
        for ident, doc in self.book.snippets.items():
            self._add(files, config, f"snippets/{ident}.md",
                      pages.snippet_page(self.book, ident, uses[ident]), doc.path, docs)
        for ident, doc in self.book.trees.items():
            self._add(files, config, f"trees/{ident}.md", pages.tree_page(self.book, ident),
                      doc.path, docs)
        self._add(files, config, "snippets/index.md", pages.snippet_library(self.book))
        self._add(files, config, pages.REVIEW_PAGE, pages.review_page(
            review_items(self.book), self.book.today.isoformat()))
        self._add(files, config, "trees/index.md", pages.tree_index(self.book))
        self.files = files
        return files

    def _refuse_unsafe_sources(self, config: MkDocsConfig, files: Files | None = None) -> None:
        """Fails the build on anything paths.py refuses under docs/ and the theme's custom_dir
        (its files are copied and rendered like content), before MkDocs walks them following
        symlinks: called from on_config. Called again from on_files with what MkDocs found,
        before anything is read: every source file in those folders must be one `walk`
        accepted (an entry made since on_config is caught there)."""
        assert self.site
        folders = [self.site.docs_dir]
        custom_dir = getattr(config.theme, "custom_dir", None)
        if custom_dir and os.path.isdir(custom_dir):
            folders.append(Path(custom_dir))
        roots = [self.site.docs_dir, self.site.playbooks_dir, *folders[1:]]
        names = [f"{os.path.relpath(f, self.site.root)}/" for f in roots]
        where = ", ".join(names[:-1]) + f" or {names[-1]}"
        by_folder: dict[str, list[File]] = {}
        for file in files or ():
            if file.generated_by is None and file.src_dir:
                by_folder.setdefault(os.path.realpath(file.src_dir), []).append(file)
        report = Report(self.site.root)
        for folder in folders:
            listing = walk(folder, roots, where)
            for refused in listing.refused:
                report.add(refused.path, refused.message, hint=refused.hint)
            for src in _unlisted(by_folder.get(os.path.realpath(folder), []), folder, listing):
                report.add(folder / src, "not a file the handbook listed",
                           hint="make it a regular file inside the folder")
        if report.errors:
            lines = format_problems(report.sorted())
            raise PluginError(f"unsafe files in the handbook; nothing was built:\n{lines}")

    def _add(self, files: Files, config: MkDocsConfig, src_uri: str, content: str,
             source: Path | None = None, docs: Path | None = None) -> None:
        assert self.site
        if files.get_file_from_path(src_uri):
            raise PluginError(f"{src_uri}: the handbook generates this page; remove the file "
                              "from the docs folder")
        file = File.generated(config, src_uri, content=content)
        if source is not None and docs is not None:
            file.edit_uri = os.path.relpath(source, docs).replace(os.sep, "/")
        # With nav: written out, a generated page is not_in_nav (core/inclusion.py); else
        # MkDocs applies mkdocs.yml's patterns to it as to any file.
        if self.site.inclusion.level(src_uri, generated=True, nav_given=config.nav is not None) \
                is Level.NOT_IN_NAV:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        def key(item: Any) -> int:
            name = item.file.src_uri if getattr(item, "file", None) else _section_dir(item)
            return NAV_ORDER.index(name) if name in NAV_ORDER else len(NAV_ORDER)

        for item in nav.items:
            if isinstance(item, Section):
                item.title = SECTION_TITLES.get(_section_dir(item), item.title)
                item.children.sort(key=self._nav_title)
        nav.items.sort(key=key)
        assert self.book
        self.incremental.plan(config, files, self.book, self)
        return nav

    # -- pages ----------------------------------------------------------------------------
    @event_priority(100)  # before mkdocs-macros, wherever it is listed
    def _on_page_markdown_first(self, markdown: str, page: Page, config: MkDocsConfig,
                                files: Files) -> str:
        assert self.book
        self._stash = {}
        item = self.item_for(page.file.src_uri)
        if item is not None:
            kind, model = item
            page.meta["handbook"] = {"kind": kind, **self.book.review(model).as_meta()}
            if kind == "playbook" and model.incident_checklist:  # its countdown, in minutes
                page.meta["handbook"]["timings"] = self.timings
        self.escape_titles(page)
        if "title" not in page.meta and has_template_marks(page.title or ""):
            # A title taken from the first heading: mkdocs-macros would render it as a
            # template. Hide it until macros are done; MkDocs then reads the rendered heading.
            page.title = ""
        if page.edit_url and page.file.edit_uri:
            page.edit_url = edit_url(page.edit_url, config.edit_uri, config.edit_uri_template,
                                     page.file.edit_uri)
        return markdown

    @event_priority(-100)  # after mkdocs-macros
    def _on_page_markdown_last(self, markdown: str, page: Page, config: MkDocsConfig,
                               files: Files) -> str:
        if page.__dict__.get("title") == "":
            del page.__dict__["title"]  # MkDocs' own title property again
        return markdown

    on_page_markdown = CombinedEvent(_on_page_markdown_first, _on_page_markdown_last)

    def stash(self, html: str) -> str:
        """A one-line placeholder for a macro's HTML, swapped back in by on_page_content.

        Python-Markdown and MkDocs would otherwise parse every snippet and tree block as raw
        HTML twice (md_in_html, then MkDocs' anchor scan): a sixth of a 2,000-page build. The
        block ends up in the page exactly as before, and its ids still count as anchors."""
        token = str(len(self._stash))
        self._stash[token] = html
        return f'<div data-hb-stash="{self._nonce}-{token}"></div>'

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # A title taken from the first heading is HTML text (entities escaped), but Material
        # writes it into <title> through `striptags`, which decodes them again: given as the
        # page's title field instead, it is printed as it is.
        if "title" not in page.meta and page.title:
            page.meta["title"] = page.title
        # The page's own HTML is held to the HTML policy before the handbook's blocks (made
        # from escaped content) go in; their placeholders are plain <div>s it keeps.
        html = self.sanitize(html, page)
        # Whether the body opens with its own title (render/page_title.py):
        # partials/content.html puts the review header after it.
        page.hb_opens_with_h1 = opens_with_h1(html)
        if not self._stash:
            return html
        stash = self._stash
        # A placeholder inside one of the author's tags (an attribute value running over
        # lines) would put the block inside that tag: it is left out, and the build warns.
        starts = [m.start() for m in self._stash_re.finditer(html)]
        misplaced = inside_tags(html, starts) if "<" in html[: starts[-1]] else set()
        if misplaced:
            log.warning(f"{self._source_of(page)}: a macro call stands inside an HTML tag; "
                        "the build left its block out (move the call out of the tag)")

        def unstash(match: re.Match[str]) -> str:
            if match.start() in misplaced:
                return ""
            block = stash.get(match.group(1), "")
            if getattr(page, "present_anchor_ids", None) is not None:
                page.present_anchor_ids.update(_ID_RE.findall(block))
            return block

        html = self._stash_re.sub(unstash, html)
        self._stash = {}
        return html

    def sanitize(self, html: str, page: Page) -> str:
        """html_policy.sanitize, with a WARNING naming the page for whatever it removed: a
        strict build (CI, publishing) fails on it, as `handbook check` would have."""
        clean, removed = sanitize_html(html)
        if removed:
            where = self._source_of(page)
            for found in removed[:10]:
                log.warning(f"{where}: {found.message}; the build removed it from the page "
                            f"({found.hint})")
            if len(removed) > 10:
                log.warning(f"{where}: and {len(removed) - 10} more removed")
        return clean

    def _source_of(self, page: Page) -> str:
        """The file a page comes from, relative to the project (a snippet's or tree's YAML
        for their generated pages)."""
        folder, _, name = page.file.src_uri.rpartition("/")
        kinds = {"snippets": self.book.snippets, "trees": self.book.trees} if self.book else {}
        item = kinds.get(folder, {}).get(name.removesuffix(".md"))
        path = str(item.path) if item is not None else page.file.abs_src_path
        if path and self.site:
            return Path(os.path.relpath(path, self.site.root)).as_posix()
        return page.file.src_uri

    @event_priority(110)  # before Material's tags plugin renders its listings
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.incremental.theme_env(env)
        return env

    @event_priority(100)  # before Material's search plugin reads the page
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict:
        page.hb_search_excluded = self.search.hide_from_material(page)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = self.search.page_built(output, page, self.item_for(page.file.src_uri),
                                        getattr(page, "hb_search_excluded", False))
        return compact_chrome(output)

    @staticmethod
    def escape_titles(page: Page) -> None:
        """Front matter text the theme prints as HTML, made inert.

        MkDocs and Material print titles, subtitles and descriptions unescaped (navigation,
        <title>, tags, search, the meta description), and mkdocs-macros renders a title that
        holds `{{`, `{%` or `{#` as a template. `handbook check` rejects values that are not
        text; here every value becomes escaped text, braces included, whatever slipped by."""
        for key in ("title", "description", "subtitle"):
            if key in page.meta and page.meta[key] is not None:
                page.meta[key] = inert_text(page.meta[key])

    def _nav_title(self, item: Any) -> tuple[int, str]:
        """Sidebar order inside a section: its index page, then pages by their title (our
        titles: MkDocs has not read the pages yet), sub-sections last. File names are ids,
        which read as a random order."""
        file = getattr(item, "file", None)
        if file is None:
            return 2, pages.title_key(str(item.title or ""))
        if file.src_uri.rpartition("/")[2] == "index.md":
            return 0, ""
        found = self.item_for(file.src_uri)
        return 1, pages.title_key(found[1].title if found else str(item.title or file.src_uri))

    def item_for(self, src_uri: str) -> tuple[str, Any] | None:
        assert self.book
        folder, _, name = src_uri.rpartition("/")
        stem = name.removesuffix(".md")
        if src_uri.startswith("playbooks/"):
            playbook = self.book.playbooks.get(src_uri.removeprefix("playbooks/")[:-3])
            return ("playbook", playbook.meta) if playbook and playbook.meta else None
        if folder == "snippets" and stem in self.book.snippets:
            return "snippet", self.book.snippets[stem].model
        if folder == "trees" and stem in self.book.trees:
            return "tree", self.book.trees[stem].model
        return None

    def url(self, src_uri: str, from_page: Page | None, anchor: str = "") -> str:
        """URL of a page by source path, relative to `from_page`."""
        assert self.files is not None
        file = self.files.get_file_from_path(src_uri)
        target = file.url if file else src_uri
        rel = get_relative_url(target, from_page.url) if from_page else target
        return rel + (f"#{anchor}" if anchor else "")

    # -- output ---------------------------------------------------------------------------
    @event_priority(50)  # before Material's search plugin writes its index
    def _write_exports(self, config: MkDocsConfig) -> None:
        assert self.book
        self.incremental.merge_search(config)
        site_dir = Path(config.site_dir)
        base_path = urlsplit(config.site_url or "").path or "/"
        if not base_path.endswith("/"):
            base_path += "/"
        inputs = (base_path, config.site_url or "", sorted(self.book.aliases.items()),
                  [(i, d.model.model_dump_json()) for i, d in sorted(self.book.snippets.items())])
        if not self.incremental.unchanged("exports", inputs):  # rewritten when snippets change
            # Snippet page URLs as MkDocs made them (x/ or x.html: use_directory_urls).
            urls = {ident: self.url(f"snippets/{ident}.md", None) for ident in self.book.snippets}
            write_exports(self.book, site_dir, base_path, config.site_url or "", urls)
            for alias, ident in self.book.aliases.items():
                old = File(f"snippets/{alias}.md", src_dir=None, dest_dir=str(site_dir),
                           use_directory_urls=config.use_directory_urls)
                write_redirect(site_dir, old.dest_uri, get_relative_url(urls[ident], old.url),
                               alias, ident, self.book.snippets[ident].model.title)
        self.incremental.finish(config)

    @event_priority(-100)  # after every other plugin has written its files
    def _publish_site(self, config: MkDocsConfig) -> None:
        if self.swap.staging is None:
            return
        # MkDocs raises its strict-mode Abort right after this event: don't publish then.
        # (on the "mkdocs" logger; ProperDocs puts it on "properdocs", the parent of "mkdocs")
        counter = next((h for name in ENGINE_LOGGERS for h in logging.getLogger(name).handlers
                        if isinstance(h, CountHandler)), None)
        if counter is not None and counter.get_counts():
            self._restore_site_dir(self.swap.abandon())
        else:
            self._restore_site_dir(self.swap.commit())

    def _write_search(self, config: MkDocsConfig) -> None:
        assert self.files is not None
        urls = {f.url for f in self.files.documentation_pages()}
        request = self.config.request_playbook_url or request_url(config.edit_uri or "")
        self.search.build_done(config.site_dir, urls, self.config.synonyms, request)

    on_post_build = CombinedEvent(_write_exports, _write_search, _publish_site)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.site and self.site.playbooks_dir.is_dir():
            server.watch(str(self.site.playbooks_dir))
        return server


def _refuse_macros_setup(config: MkDocsConfig) -> None:
    """The macros plugin as the handbook needs it (core/macros_setup.py), or one error."""
    macros = config.plugins.get("macros")
    off = macros is None and config.config_file_path is not None and macros_setup.switched_off(
        read_mkdocs_yml(Path(config.config_file_path).parent).get("plugins"))
    found = macros_setup.problems(None if macros is None else dict(macros.config), off=off)
    if found:
        raise PluginError("mkdocs.yml: " + "; ".join(found))


def inert_text(value: object) -> str:
    """Text as HTML that shows it exactly and that no template engine reads as a template."""
    return escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def has_template_marks(text: str) -> bool:
    """Whether mkdocs-macros would render `text` as a Jinja template."""
    return any(mark in text for mark in ("{{", "{%", "{#"))


_ID_RE = re.compile(r'\sid="([^"]+)"')
_INDENT_RE = re.compile(r"\n\s+")
# A navigation link holding nothing but its title, as Material writes it once indentation
# is gone. Its <span class="md-ellipsis"> only clips words too long for the sidebar.
_PLAIN_NAV_LINK_RE = re.compile(
    r'(<a href="[^"<>]*" class="md-nav__link">)\n'
    r'<span class="md-ellipsis">\n([^<>]*)\n</span>\n</a>')
# In the sidebars, line breaks between two tags separate block or flex boxes (list items,
# links, toggles): never shown. Line breaks next to text stay.
_TAG_BREAK_RE = re.compile(r">\n<")


def compact_chrome(output: str) -> str:
    """Drops the indentation and blank lines the theme's templates leave around the header and
    navigation (everything around the page content: no <pre>, so whitespace there is layout
    only), and the wrapper around each plain navigation link's title. With navigation.prune
    a 2,000-page handbook still repeats each section's navigation (a hundred links) on every
    page; this more than halves the size of each page, and of the site."""
    cut = output.find('<div class="md-content"')
    end = output.find("</article>", cut)
    if cut < 0 or end < 0:
        return output
    chrome = _PLAIN_NAV_LINK_RE.sub(r"\1\2</a>", _INDENT_RE.sub("\n", output[:cut]))
    sidebars = max(chrome.find('<div class="md-sidebar'), 0)
    chrome = chrome[:sidebars] + _TAG_BREAK_RE.sub("><", chrome[sidebars:])
    # After the article: the footer and the theme's scripts (one-line scripts and JSON).
    return chrome + output[cut:end] + _INDENT_RE.sub("\n", output[end:])


def _unlisted(found: list[File], folder: Path, listing: Listing) -> list[str]:
    """Source paths MkDocs found in `folder` that `walk` did not accept. What is under a
    refused entry is left out: it is reported once, by what is wrong with that entry."""
    accepted = {os.path.relpath(p, folder) for p in listing.files}
    refused = [os.path.relpath(r.path, folder) for r in listing.refused]
    out = []
    for file in found:
        src = os.path.normpath(file.src_path)
        if src not in accepted and not any(src == r or src.startswith(r + os.sep)
                                           for r in refused):
            out.append(src)
    return out


def _section_dir(section: Any) -> str:
    """The folder a nav section stands for: the first segment of any page under it."""
    for child in getattr(section, "children", None) or []:
        file = getattr(child, "file", None)
        if file is not None:
            return file.src_uri.split("/")[0]
        found = _section_dir(child)
        if found:
            return found
    return ""
