"""The mkdocs-macros module (loaded through macros/__init__.py): snippet(), decision_tree(),
cadence() and playbook_index(), plus the guard that keeps every other text out of Jinja.

Two layers keep content inert. First, Jinja is handed only the page's runnable macro calls,
rebuilt from their parsed literal arguments (macro_calls.guard); the author's text goes around
Jinja and is put back after rendering. Second, the environment mkdocs-macros renders with is
replaced by Jinja's immutable sandbox holding only our four macros, with no loader: even a
hole in the first layer could not reach Python objects, read a file or include a template."""

from __future__ import annotations

from collections import Counter
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..core import macros_setup
from ..core.macro_calls import MACROS, guard
from ..core.trees import step_anchor
from ..render.html_util import esc
from ..render.indexes import PlaybookEntry, render_playbook_list
from ..render.snippet import TAB_GROUP, render_snippet
from ..render.tree import render_tree


class MacroError(Exception):
    """Raised for a call the checker would reject; mkdocs-macros fails the build with it."""


def _plugin(env: Any) -> Any:
    plugin = env.conf.plugins.get("handbook")
    if plugin is None or plugin.book is None:
        raise MacroError(f"mkdocs.yml: {macros_setup.HANDBOOK_MISSING}")
    return plugin


def _plugins_as_written(env: Any) -> Any:
    """mkdocs.yml's `plugins:` as written (MkDocs leaves out a plugin with enabled: false)."""
    from pathlib import Path

    from .mkdocs_yml import read_mkdocs_yml

    path = env.conf.config_file_path
    return read_mkdocs_yml(Path(path).parent).get("plugins") if path else None


def define_env(env: Any) -> None:
    if env.conf.plugins.get("handbook") is None:  # check says so too (macros_setup.py)
        from mkdocs.exceptions import PluginError

        raise PluginError(f"mkdocs.yml: {macros_setup.handbook_missing(_plugins_as_written(env))}")
    # Per page: how often each snippet was shown (for unique anchors), and in the "" entry how
    # many tab groups were written (short unique names: a long page repeats them many times).
    instances: Counter[str] = Counter()
    env.variables["_handbook_instances"] = instances

    def snippet_html(ident: str, heading: int = 3, collapsed: bool = False) -> str:
        plugin = _plugin(env)
        doc = plugin.book.snippet(ident)
        if doc is None:
            raise MacroError(f"unknown snippet '{ident}' (run `handbook check`)")
        sid = doc.model.id
        instances[sid] += 1
        url = plugin.url(f"snippets/{sid}.md", env.page)
        # Pages at the same depth get the same block: render it once per build.
        key = (sid, url, heading, instances[sid], collapsed)
        if key not in plugin.render_cache:
            plugin.render_cache[key] = render_snippet(
                doc.model, url, heading=heading, instance=instances[sid], tab_group=TAB_GROUP,
                overdue_since=_overdue_since(plugin.book, doc.model), collapsed=collapsed)
        instances[""] += 1
        return plugin.render_cache[key].replace(TAB_GROUP, f"hb{instances['']}")

    @env.macro
    def snippet(ident: str, heading: int = 3, collapsed: bool = False) -> str:
        return _plugin(env).stash(snippet_html(ident, heading, collapsed))

    @env.macro
    def decision_tree(ident: str, heading: int = 3) -> str:
        plugin = _plugin(env)
        doc = plugin.book.trees.get(ident)
        if doc is None:
            raise MacroError(f"unknown decision tree '{ident}' (run `handbook check`)")

        def playbook_link(ref: str) -> tuple[str, str] | None:
            slug, _, anchor = ref.partition("#")
            playbook = plugin.book.playbooks.get(slug)
            if playbook is None or playbook.meta is None:
                return None
            label = playbook.meta.title
            if anchor:
                label += " \u203a " + " ".join((playbook.section_title(anchor) or "").split())
            return plugin.url(playbook.src_uri, env.page, anchor), label

        def tree_link(ref: str) -> tuple[str, str] | None:
            ident, _, step = ref.partition("#")
            other = plugin.book.trees.get(ident)
            if other is None:
                return None
            label = other.model.title
            if step in other.model.nodes:
                node = other.model.nodes[step]
                label += " \u203a " + (node.question or node.outcome or step)
                return plugin.url(f"trees/{ident}.md", env.page, step_anchor(ident, step)), label
            return plugin.url(f"trees/{ident}.md", env.page), label

        return plugin.stash(render_tree(
            doc.model, playbook_link=playbook_link, tree_link=tree_link,
            snippet_html=lambda sid: snippet_html(sid, heading=min(heading + 1, 6)),
            heading=heading,
            # The tree's own page says it in its header.
            overdue_since="" if env.page.file.src_uri == f"trees/{ident}.md"
            else _overdue_since(plugin.book, doc.model)))

    @env.macro
    def cadence(name: str) -> str:
        plugin = _plugin(env)
        if name not in plugin.site.cadence:
            raise MacroError(f"unknown cadence '{name}' (set extra.outage_cadence in mkdocs.yml)")
        return esc(plugin.site.cadence[name])

    @env.macro
    def playbook_index() -> str:
        plugin = _plugin(env)
        playbooks = [p for p in plugin.book.playbooks.values() if p.meta]
        entries = [PlaybookEntry(p.meta.title, p.meta.summary,
                                 plugin.url(p.src_uri, env.page),
                                 plugin.book.review(p.meta).overdue)
                   for p in playbooks]
        return plugin.stash(render_playbook_list(entries))


def _overdue_since(book: Any, item: Any) -> str:
    """The ISO date `item`'s review was due, if that has passed, else ""."""
    review = book.review(item)
    return review.due.isoformat() if review.overdue else ""


def on_pre_page_macros(env: Any) -> None:
    env.variables["_handbook_instances"].clear()
    _sandbox(env)
    guarded = guard(env.markdown)
    env.variables["_handbook_guard"] = guarded
    env.markdown = guarded.template


def on_post_page_macros(env: Any) -> None:
    guarded = env.variables.pop("_handbook_guard", None)
    if guarded is not None:
        env.markdown = guarded.restore(env.markdown)


def _sandbox(env: Any) -> None:
    """Swaps mkdocs-macros' Jinja environment (built in its on_config, with a file loader and
    Jinja's default globals) for an immutable sandbox that knows only our macros."""
    current = env.env
    if isinstance(current, ImmutableSandboxedEnvironment):
        return
    sandbox = ImmutableSandboxedEnvironment(loader=None, undefined=StrictUndefined,
                                            autoescape=False)
    sandbox.globals.clear()
    sandbox.globals.update({name: current.globals[name] for name in MACROS})
    env._env = sandbox  # mkdocs-macros keeps it here and has no setter
