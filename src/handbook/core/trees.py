"""Graph checks for decision trees: every path from the start must end at an outcome."""

from __future__ import annotations

import re
from collections import Counter

from .content import Handbook, Page, TreeDoc
from .errors import did_you_mean
from .models import Tree
from .problems import Report


def step_anchor(tree_id: str, node_id: str) -> str:
    """The id of a tree step's heading, wherever the tree is shown."""
    return f"{tree_id}--{node_id}"


def order_nodes(tree: Tree) -> list[str]:
    """Nodes in breadth-first order from the start, so the list reads top-down."""
    order, queue = [], [tree.start]
    while queue:
        node_id = queue.pop(0)
        if node_id in order or node_id not in tree.nodes:
            continue
        order.append(node_id)
        queue.extend(a.next for a in tree.nodes[node_id].answers or [])
    return order + [n for n in tree.nodes if n not in order]


def block_anchors(page: Page, book: Handbook) -> set[str]:
    """The heading ids the page's snippet and tree blocks add, in the order the build renders
    them (macros_env.py): `snippet-<id>` (then -2, -3 ... for the same snippet again, inside
    trees too) and `<tree>--<step>` for every step of a tree."""
    out: set[str] = set()
    shown: Counter[str] = Counter()

    def snippet(ident: str) -> None:
        doc = book.snippet(ident)
        if doc is not None:
            shown[doc.model.id] += 1
            count = shown[doc.model.id]
            out.add(f"snippet-{doc.model.id}" + ("" if count == 1 else f"-{count}"))

    for call in page.calls:
        if not call.runnable or not call.args:
            continue
        if call.name == "snippet":
            snippet(str(call.args[0]))
        elif call.name == "decision_tree" and str(call.args[0]) in book.trees:
            tree = book.trees[str(call.args[0])].model
            for node_id in order_nodes(tree):
                out.add(step_anchor(tree.id, node_id))
                if tree.nodes[node_id].snippet:
                    snippet(tree.nodes[node_id].snippet)
    return out


def check_tree(doc: TreeDoc, book: Handbook, report: Report) -> None:
    tree, lines, path = doc.model, doc.lines, doc.path
    # A node id used twice is reported while loading (errors.check_model), even when the
    # tree has other errors; YAML keeps only the last of the two.
    for node_id, node in tree.nodes.items():
        for message, hint in _node_shape_problems(doc, node_id):
            report.add(path, message, line=lines.line(("nodes", node_id)), hint=hint)
        for i, answer in enumerate(node.answers or []):
            if answer.next not in tree.nodes:
                hint = did_you_mean(answer.next, tree.nodes) or "name a node under 'nodes:'"
                line, col = lines.at(("nodes", node_id, "answers", i, "next"))
                report.add(path, f"node '{node_id}': answer '{answer.label}' leads to "
                           f"'{answer.next}', which is not a node in this tree",
                           line=line, col=col, hint=hint)
        if node.is_outcome:
            _check_outcome_targets(doc, node_id, book, report)
    if tree.start not in tree.nodes:
        report.add(path, f"start node '{tree.start}' is not a node in this tree",
                   line=lines.line(("start",)),
                   hint=did_you_mean(tree.start, tree.nodes) or (
                       f"set start to a node id, e.g. '{next(iter(tree.nodes))}'"
                       if tree.nodes else "add the nodes under 'nodes:'"))
        return
    _check_reach_and_cycles(doc, report)


def _node_shape_problems(doc: TreeDoc, node_id: str) -> list[tuple[str, str]]:
    """What is wrong with one node on its own, as (message, hint) pairs."""
    node = doc.model.nodes[node_id]
    out = []
    if "--" in node_id or not node_id.replace("-", "").isalnum() or node_id != node_id.lower():
        out.append((f"node id '{node_id}' is not valid",
                    "use lowercase letters, digits and single hyphens"))
    if node.tree is not None and node.outcome is None:
        out.append((f"node '{node_id}' has 'tree' but is not an outcome",
                    "only an outcome can send the agent on to another tree"))
    if node.question is not None and node.outcome is not None:
        out.append((f"node '{node_id}' has both 'question' and 'outcome'",
                    "split it: a node either asks a question or ends at an outcome"))
    elif node.question is not None:
        count = len(node.answers or [])
        if count < 2:
            out.append((f"question '{node_id}' has {count} answer{'s' * (count != 1)}; "
                        "a question needs at least two",
                        "add answers, or make this node an outcome"))
    elif node.outcome is not None:
        if node.answers:
            out.append((f"outcome '{node_id}' has answers",
                        "an outcome ends the path: remove 'answers' or make it a question"))
        if not node.instruction.strip():
            out.append((f"outcome '{node_id}' has no instruction",
                        "add 'instruction:' saying what the agent does now"))
        if not node.playbook and not node.snippet and not node.tree:
            out.append((f"outcome '{node_id}' points nowhere",
                        "add 'playbook: <slug>#<section>', 'snippet: <id>' and/or "
                        "'tree: <tree id>'"))
    else:
        out.append((f"node '{node_id}' ends the path without an outcome",
                    "give it 'question' and 'answers', or 'outcome' and 'instruction'"))
    return out


def _check_outcome_targets(doc: TreeDoc, node_id: str, book: Handbook, report: Report) -> None:
    node, lines, path = doc.model.nodes[node_id], doc.lines, doc.path
    if node.playbook:
        slug, _, anchor = node.playbook.partition("#")
        playbook = book.playbooks.get(slug)
        left_out = book.config.inclusion.left_out_by(f"playbooks/{slug}.md") \
            if playbook is None and f"playbooks/{slug}.md" in book.content.unbuilt else ""
        if left_out:
            report.add(path, f"outcome '{node_id}' points at playbook '{slug}', which "
                       f"{left_out} leaves out of the build: the link would be dead",
                       line=lines.line(("nodes", node_id, "playbook")),
                       hint="point it at a published playbook, or change the pattern")
        elif playbook is None:
            report.add(path, f"outcome '{node_id}' points at playbook '{slug}', which does not "
                       "exist", line=lines.line(("nodes", node_id, "playbook")),
                       hint=did_you_mean(slug, book.playbooks) or "use a file under playbooks/")
        elif anchor and re.search(r"_\d+$", anchor) and anchor in playbook.anchors:
            report.add(path, f"outcome '{node_id}' points at section '#{anchor}', an id "
                       "numbered by position: it moves to another section when a heading of "
                       "the same name is added above", severity="warning",
                       line=lines.line(("nodes", node_id, "playbook")),
                       hint="give the heading an id of its own, e.g. '## Steps {#refund-steps}', "
                       "and point at that")
        elif anchor and anchor not in playbook.anchors and anchor not in block_anchors(
                playbook, book):
            report.add(path, f"outcome '{node_id}' points at section '#{anchor}', which is not a "
                       f"heading in playbook '{slug}'",
                       line=lines.line(("nodes", node_id, "playbook")),
                       hint=did_you_mean(anchor, [*playbook.anchors,
                                                  *block_anchors(playbook, book)])
                       or "link to an existing heading")
    if node.snippet and book.snippet(node.snippet) is None:
        report.add(path, f"outcome '{node_id}' uses snippet '{node.snippet}', which does not "
                   "exist", line=lines.line(("nodes", node_id, "snippet")),
                   hint=did_you_mean(node.snippet, book.snippets) or "see playbooks/snippets/")
    if node.tree:
        _check_tree_target(doc, node_id, book, report)


def _check_tree_target(doc: TreeDoc, node_id: str, book: Handbook, report: Report) -> None:
    """`tree:` names another tree, and optionally one of its steps after '#'."""
    ref = doc.model.nodes[node_id].tree or ""
    ident, _, step = ref.partition("#")
    line = doc.lines.line(("nodes", node_id, "tree"))
    other = book.trees.get(ident)
    if ident == doc.model.id:
        report.add(doc.path, f"outcome '{node_id}' sends the agent back into its own tree",
                   line=line, hint="name another tree, or make this node a question")
    elif other is None:
        report.add(doc.path, f"outcome '{node_id}' goes on to tree '{ident}', which does not "
                   "exist", line=line,
                   hint=did_you_mean(ident, book.trees) or "use the id of a tree under "
                   "playbooks/trees/")
    elif step and step not in other.model.nodes:
        report.add(doc.path, f"outcome '{node_id}' goes on to step '{step}', which is not a "
                   f"node of tree '{ident}'", line=line,
                   hint=did_you_mean(step, other.model.nodes) or f"write 'tree: {ident}' to "
                   "start at its first question")


def _check_reach_and_cycles(doc: TreeDoc, report: Report) -> None:
    tree, lines, path = doc.model, doc.lines, doc.path
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    reported: set[frozenset[str]] = set()

    # Depth-first walk with an explicit stack (a long chain of questions must not hit
    # Python's recursion limit). `trail` is the path from the start to the current node.
    trail = [tree.start]
    stack = [iter(tree.nodes[tree.start].answers or [])]
    state[tree.start] = 1
    while stack:
        node_id = trail[-1]
        for answer in stack[-1]:
            nxt = answer.next
            if nxt not in tree.nodes:
                continue
            if state.get(nxt) == 1:
                ancestors = trail[:-1]
                loop = ([*ancestors[ancestors.index(nxt):], node_id, nxt] if nxt in ancestors
                        else [node_id, nxt])
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    report.add(path, f"cycle: {' -> '.join(loop)}",
                               line=lines.line(("nodes", node_id)),
                               hint="a tree must move forward: point this answer at a new node")
            elif nxt not in state:
                state[nxt] = 1
                trail.append(nxt)
                stack.append(iter(tree.nodes[nxt].answers or []))
                break
        else:
            state[node_id] = 2
            trail.pop()
            stack.pop()

    for node_id in tree.nodes:
        if node_id not in state:
            report.add(path, f"node '{node_id}' cannot be reached from the start "
                       f"'{tree.start}'", line=lines.line(("nodes", node_id)),
                       hint="point an answer at it, or delete it")
