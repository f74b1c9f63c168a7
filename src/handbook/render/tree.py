"""Renders a decision tree: a readable, linkable list of steps that JS turns into a wizard.

Without JavaScript every step is a heading with its own anchor (so search indexes it) and
answers are links to the next step. docs/assets/handbook.js shows one step at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.models import Tree
from ..core.trees import order_nodes, step_anchor
from .html_util import esc, overdue_note

Link = Callable[[str], tuple[str, str] | None]


def render_tree(tree: Tree, *, playbook_link: Link, snippet_html: Callable[[str], str],
                tree_link: Link = lambda _ref: None, heading: int = 3,
                overdue_since: str = "") -> str:
    """`playbook_link(ref)` gives (url, label) for "slug#anchor", `tree_link(ref)` the same
    for another tree ("<tree id>" or "<tree id>#<node>"); `snippet_html(id)` the block;
    `overdue_since` the ISO date the tree's review was due, when that has passed."""
    level = min(max(heading, 2), 6)
    # handbook.js reads the graph from this markup: step ids, titles and answer targets.
    parts = [
        f'<div class="hb-tree" data-tree="{esc(tree.id)}" data-start="{esc(tree.start)}">',
        overdue_note("tree", overdue_since, tree.owner) if overdue_since else "",
        '<ol class="hb-tree__steps">',
    ]
    for node_id in order_nodes(tree):
        parts.append(_node(tree, node_id, level, (playbook_link, tree_link), snippet_html))
    parts += ["</ol>", "</div>"]
    return "\n".join(parts)


def _node(tree: Tree, node_id: str, level: int, links: tuple[Link, Link],
          snippet_html: Callable[[str], str]) -> str:
    playbook_link, tree_link = links
    node = tree.nodes[node_id]
    anchor = esc(step_anchor(tree.id, node_id))
    kind = "outcome" if node.is_outcome else "question"
    title = node.outcome if node.is_outcome else node.question
    out = [
        f'<li class="hb-tree__step hb-tree__step--{kind}" data-node="{esc(node_id)}">',
        f'<h{level} class="hb-tree__title" id="{anchor}" tabindex="-1">{esc(title)}'
        f'<a class="headerlink" href="#{anchor}" title="Link to this step">&para;</a></h{level}>',
    ]
    if not node.is_outcome:
        if node.help:
            out.append(f'<p class="hb-tree__help">{esc(node.help)}</p>')
        out.append('<ul class="hb-tree__answers">')
        for answer in node.answers or []:
            target = esc(step_anchor(tree.id, answer.next))
            out.append(f'<li><a class="hb-tree__answer" href="#{target}" '
                       f'data-next="{esc(answer.next)}">{esc(answer.label)}</a></li>')
        out.append("</ul>")
    else:
        out.append(f'<p class="hb-tree__instruction">{esc(node.instruction)}</p>')
        link = playbook_link(node.playbook) if node.playbook else None
        if link:
            url, label = link
            out.append(f'<p class="hb-tree__playbook">Read: <a href="{esc(url)}">{esc(label)}</a>'
                       "</p>")
        link = tree_link(node.tree) if node.tree else None
        if link:
            url, label = link
            out.append(f'<p class="hb-tree__next">Go on with the tree: <a href="{esc(url)}">'
                       f"{esc(label)}</a></p>")
        if node.snippet:
            out.append(snippet_html(node.snippet))
    out.append("</li>")
    return "\n".join(out)
