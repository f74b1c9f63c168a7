"""Generates a synthetic handbook of N playbooks, deterministically, for the benchmark.

    python benchmarks/generate.py OUT --pages 2000 [--seed 7] [--plain]

The default ("ours") variant is a project laid out like this repository: its mkdocs.yml,
overrides/, macros/ and docs/ assets are copied from the repo, and playbooks/ holds N
playbooks in 20 section folders, about 100 snippets and 20 decision trees. Every playbook
uses the macros the way our own content does: snippet() on every page (about three per page),
cadence() in checklists, decision_tree() on one page in ten.

The "plain" variant (--plain) is the same Markdown for plain Material: the `handbook` and
`macros` plugins are removed from mkdocs.yml, playbooks move into docs/playbooks/, every macro
call is replaced by static Markdown of about the same size (a snippet becomes its title, summary
and its variants as content tabs; a tree becomes its steps as headings and lists), and the
snippet and tree pages are plain Markdown files. Theme, features, extensions, search and tags
are unchanged.

Same arguments, same bytes: all randomness comes from one seeded generator, file order is
fixed and no date or path of the machine ends up in the output.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
# Review dates are fixed relative to this day, and every review period is a year, so no
# generated item is overdue before 2027-05 (the benchmark pins HANDBOOK_TODAY anyway).
ANCHOR_DAY = date(2026, 11, 1)
TODAY = "2026-11-23"

SECTIONS = [
    "accounts", "billing", "refunds", "outages", "security", "privacy", "onboarding",
    "integrations", "mobile-app", "api", "shipping", "returns", "subscriptions", "escalations",
    "feedback", "abuse", "enterprise", "data-exports", "notifications", "localization",
]
SNIPPETS_PER_SECTION = 5  # 20 x 5 = 100 snippets
CADENCES = ["acknowledge", "scope", "update", "long_update"]
OWNERS = ["@acme/support-leads", "@acme/billing-team", "@acme/incident-comms",
          "@acme/trust-safety", "@acme/enterprise-success", "@acme/platform-support"]
EXTRA_TAGS = ["checklist", "escalation", "tone", "how-to", "policy", "reply", "urgent",
              "vip", "self-serve", "handoff"]

VERBS = ["handle", "answer", "resolve", "escalate", "explain", "triage", "reopen", "confirm",
         "review", "follow-up-on", "apologise-for", "document", "route", "verify", "close"]
NOUNS = ["request", "complaint", "question", "report", "dispute", "change", "error", "delay",
         "failure", "outage-report", "cancellation", "upgrade", "migration", "limit", "access"]
ADJS = ["duplicate", "late", "partial", "failed", "disputed", "missing", "unexpected",
        "urgent", "repeated", "bulk", "first", "enterprise", "suspicious", "locked", "expired"]

SUBJECTS = ["The customer", "Our reply", "The first message", "A good handoff",
            "The agent on shift", "The ticket history", "The status page", "The account owner",
            "Your summary", "The next update", "A clear apology", "The support lead"]
VERB_PHRASES = ["should say what happened in plain words", "needs the order number and the date",
                "comes before any troubleshooting", "must match what the status page says",
                "names one person who owns the follow-up", "avoids blaming a teammate or a vendor",
                "gives the customer a time for the next update", "keeps the promise it makes",
                "links the ticket to the incident", "repeats the problem back in two lines",
                "asks one question at a time", "states the refund amount and when it lands",
                "offers the straight answer first and the detail after",
                "treats the customer as an adult who can handle the facts"]
CLAUSES = ["when the customer has already written twice", "even if nothing has changed",
           "before you close the ticket", "as soon as engineering confirms it",
           "whatever channel the message came from", "unless legal has asked us to wait",
           "if the account is on a premium plan", "while the incident is still open",
           "once the fix has shipped", "so the next agent does not start from scratch"]


def words_title(slug: str) -> str:
    text = slug.replace("-", " ")
    return text[0].upper() + text[1:]


@dataclass
class SnippetSpec:
    id: str
    section: str
    title: str
    summary: str
    tags: list[str]
    owner: str
    reviewed: str
    placeholders: dict[str, tuple[str, str]]
    variants: dict[str, str]


@dataclass
class TreeSpec:
    id: str
    section: str
    title: str
    summary: str
    tags: list[str]
    owner: str
    reviewed: str
    start: str
    nodes: dict[str, dict]


@dataclass
class PlaybookSpec:
    section: str
    slug: str  # file name without .md
    title: str
    summary: str
    tags: list[str]
    owner: str
    reviewed: str
    headings: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def ref(self) -> str:
        return f"{self.section}/{self.slug}"


@dataclass
class Handbook:
    playbooks: list[PlaybookSpec]
    snippets: list[SnippetSpec]
    trees: list[TreeSpec]
    cadence: dict[str, str]


# -- content ----------------------------------------------------------------------------------

class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        text = f"{r.choice(SUBJECTS)} {r.choice(VERB_PHRASES)}"
        if r.random() < 0.6:
            text += f" {r.choice(CLAUSES)}"
        return text + "."

    def paragraph(self, sentences: tuple[int, int] = (3, 5)) -> str:
        count = self.rng.randint(*sentences)
        out = " ".join(self.sentence() for _ in range(count))
        if self.rng.random() < 0.3:  # some inline markup, as real prose has
            out = out.replace(" the ", " **the** ", 1)
        if self.rng.random() < 0.2:
            out += " Press ++ctrl+c++ to copy the ticket link, then paste it with `Ctrl+V`."
        return _wrap(out)


def _wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _day(rng: random.Random) -> str:
    return (ANCHOR_DAY - timedelta(days=rng.randint(0, 150))).isoformat()


def make_snippets(rng: random.Random, w: Writer) -> list[SnippetSpec]:
    kinds = ["acknowledge", "apology", "update", "resolution", "handoff"]
    extra_ph = {
        "acknowledge": ("ticket_id", "Ticket number", "your request"),
        "apology": ("order_id", "Order number", "your order"),
        "update": ("next_update", "Time of the next update", "soon"),
        "resolution": ("fix_date", "Date of the fix", "today"),
        "handoff": ("team_name", "Team that takes over", "our specialist team"),
    }
    out = []
    for section in SECTIONS:
        for kind in kinds[:SNIPPETS_PER_SECTION]:
            ident = f"{section}-{kind}"
            ph_name, ph_label, ph_fallback = extra_ph[kind]
            placeholders = {
                "first_name": ("First name", "there"),
                ph_name: (ph_label, ph_fallback),
                "agent_name": ("Your name", "the support team"),
            }
            body = [w.paragraph((2, 4)).replace("\n", " ") for _ in range(rng.randint(2, 3))]
            email = (f"Hi [[first_name]],\n\nThanks for writing about [[{ph_name}]]. "
                     + body[0] + "\n\n" + "\n\n".join(body[1:])
                     + "\n\nIf anything is unclear, reply here and I'll pick it up.\n\n"
                     "[[agent_name]]\n")
            variants = {"email": email,
                        "chat": f"Hi [[first_name]], about [[{ph_name}]]: {w.sentence()} "
                                f"{w.sentence()}\n"}
            if rng.random() < 0.4:
                variants["social"] = f"{w.sentence()} More on [[{ph_name}]] by DM.\n"
            out.append(SnippetSpec(
                id=ident, section=section,
                title=f"{words_title(section)}: {kind} reply",
                summary=w.sentence(), tags=[section, rng.choice(["reply", "tone", "urgent"])],
                owner=rng.choice(OWNERS), reviewed=_day(rng),
                placeholders=placeholders, variants=variants,
            ))
    return out


HEADINGS = ["When to use this", "Before you reply", "What to say", "What to avoid", "Steps",
            "Checklist", "Examples", "Escalation", "Follow up", "Background", "Edge cases",
            "Related playbooks"]
ALWAYS = {"When to use this", "What to say", "Steps", "Related playbooks"}


def make_playbooks(n: int, rng: random.Random) -> list[PlaybookSpec]:
    out = []
    for i in range(n):
        section = SECTIONS[i % len(SECTIONS)]
        slug = f"{rng.choice(VERBS)}-{rng.choice(ADJS)}-{rng.choice(NOUNS)}-{i:04d}"
        headings = [h for h in HEADINGS if h in ALWAYS or rng.random() < 0.75]
        tags = [section, *sorted(rng.sample(EXTRA_TAGS, rng.randint(1, 2)))]
        out.append(PlaybookSpec(section, slug, words_title(slug.rsplit("-", 1)[0])
                                + f" ({i + 1})", "", tags, rng.choice(OWNERS), _day(rng),
                                headings))
    return out


def make_trees(rng: random.Random, w: Writer, playbooks: list[PlaybookSpec],
               snippets: list[SnippetSpec]) -> list[TreeSpec]:
    by_section: dict[str, list[PlaybookSpec]] = {}
    for p in playbooks:
        by_section.setdefault(p.section, []).append(p)
    trees = []
    for section in SECTIONS:
        grower = _TreeGrower(rng, w, by_section.get(section) or playbooks,
                             [s.id for s in snippets if s.section == section])
        start = grower.grow(3)
        ordered = dict(sorted(grower.nodes.items(), key=lambda kv: int(kv[0].split("-")[1])))
        trees.append(TreeSpec(
            id=f"{section}-triage", section=section,
            title=f"{words_title(section)}: what to do next", summary=w.sentence(),
            tags=[section, "decision-tree"], owner=rng.choice(OWNERS), reviewed=_day(rng),
            start=start, nodes=ordered,
        ))
    return trees


class _TreeGrower:
    """Grows a random tree of questions (2-3 answers each) ending in outcomes, depth <= 3."""

    def __init__(self, rng: random.Random, w: Writer, candidates: list[PlaybookSpec],
                 snippet_ids: list[str]) -> None:
        self.rng, self.w, self.candidates, self.snippet_ids = rng, w, candidates, snippet_ids
        self.nodes: dict[str, dict] = {}

    def grow(self, depth: int) -> str:
        rng, w = self.rng, self.w
        node_id = f"step-{len(self.nodes) + 1}"
        if depth == 0 or (depth < 3 and rng.random() < 0.35):
            target = rng.choice(self.candidates)
            anchor = _slug(rng.choice([h for h in target.headings if h != "Related playbooks"]))
            self.nodes[node_id] = {
                "outcome": w.sentence().rstrip("."),
                "instruction": " ".join(w.sentence() for _ in range(rng.randint(2, 3))),
                "playbook": f"{target.ref}#{anchor}",
                "snippet": rng.choice(self.snippet_ids),
            }
            return node_id
        node: dict = {"question": w.sentence().rstrip(".") + "?"}
        self.nodes[node_id] = node
        if rng.random() < 0.5:
            node["help"] = w.sentence()
        node["answers"] = [{"label": w.sentence().rstrip("."), "next": self.grow(depth - 1)}
                           for _ in range(rng.randint(2, 3))]
        return node_id


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def write_bodies(book: Handbook, rng: random.Random, w: Writer) -> None:
    playbooks = book.playbooks
    snippets_by_section: dict[str, list[str]] = {}
    for s in book.snippets:
        snippets_by_section.setdefault(s.section, []).append(s.id)
    all_snippets = [s.id for s in book.snippets]
    tree_of = {t.section: t.id for t in book.trees}
    for i, p in enumerate(playbooks):
        own = snippets_by_section[p.section]
        out: list[str] = []

        def link(other: PlaybookSpec, anchor: str = "", p: PlaybookSpec = p) -> str:
            rel = (f"{other.slug}.md" if other.section == p.section
                   else f"../{other.section}/{other.slug}.md")
            return f"[{other.title}]({rel}{'#' + anchor if anchor else ''})"

        out.append(w.paragraph())
        p.summary = w.sentence()
        for heading in p.headings:
            out.append(f"## {heading}")
            if heading == "When to use this":
                out.append(w.paragraph())
                out.append("- " + "\n- ".join(w.sentence() for _ in range(rng.randint(3, 5))))
            elif heading == "Before you reply":
                out.append(f'!!! tip "{w.sentence().rstrip(".")}"\n\n    '
                           + w.paragraph((2, 3)).replace("\n", "\n    "))
                out.append(w.paragraph())
            elif heading == "What to say":
                out.append(w.paragraph((2, 4)))
                out.append(f'{{{{ snippet("{rng.choice(own)}") }}}}')
                if rng.random() < 0.5:
                    out.append(w.paragraph((1, 3)))
                    out.append(f'{{{{ snippet("{rng.choice(all_snippets)}") }}}}')
            elif heading == "What to avoid":
                out.append(f'!!! warning "{w.sentence().rstrip(".")}"\n\n    '
                           + w.paragraph((2, 3)).replace("\n", "\n    "))
                out.append("- " + "\n- ".join(w.sentence() for _ in range(rng.randint(2, 4))))
            elif heading == "Steps":
                steps = [f"{k}. {w.sentence()}" for k in range(1, rng.randint(4, 7))]
                out.append("\n".join(steps))
                out.append(w.paragraph((2, 4)))
            elif heading == "Checklist":
                items = [f"- [ ] {w.sentence()}" for _ in range(rng.randint(3, 5))]
                items.insert(1, f'- [ ] Post an update {{{{ cadence("{rng.choice(CADENCES)}") }}}}'
                                " and say when the next one comes.")
                items.append("- [x] Link the ticket to the incident.")
                out.append("\n".join(items))
                out.append(f'{{{{ snippet("{p.section}-update") }}}}')
            elif heading == "Examples":
                out.append(w.paragraph((2, 3)))
                out.append('=== "Email"\n\n    ' + w.paragraph((2, 3)).replace("\n", "\n    ")
                           + '\n\n=== "Chat"\n\n    ' + w.sentence()
                           + '\n\n=== "Phone"\n\n    ' + w.sentence())
                out.append(
                    "| Situation | What happened | What to do |\n| --- | --- | --- |\n"
                    + "\n".join(f"| {w.sentence()} | {w.sentence()} | {w.sentence()} |"
                                for _ in range(rng.randint(3, 6))))
            elif heading == "Escalation":
                out.append(w.paragraph((2, 4)))
                out.append("```text\nTicket: #{ticket_id}\nCustomer: {{ ticket.requester.name }}\n"
                           f"Summary: {w.sentence()}\nTried: {w.sentence()}\n"
                           "Next update: {% raw %}within the hour{% endraw %}\n```")
                if rng.random() < 0.5:
                    out.append('```json\n{"priority": "high", "team": "'
                               f'{p.section}", "sla_minutes": {rng.choice([30, 60, 240])}}}\n```')
                out.append(f'Tell the customer who has it now:\n\n'
                           f'{{{{ snippet("{p.section}-handoff") }}}}')
            elif heading == "Follow up":
                out.append(w.paragraph())
                out.append(f'{{{{ snippet("{p.section}-resolution") }}}}')
                out.append(f'??? note "{w.sentence().rstrip(".")}"\n\n    '
                           + w.paragraph((2, 3)).replace("\n", "\n    "))
            elif heading == "Background":
                out.append(w.paragraph((4, 7)))
                out.append("### Why this matters")
                out.append(w.paragraph())
            elif heading == "Edge cases":
                out.append("### " + w.sentence().rstrip("."))
                out.append(w.paragraph((2, 4)))
                out.append("### " + w.sentence().rstrip(".") + " (again)")
                out.append(w.paragraph((2, 4)))
            elif heading == "Related playbooks":
                others = rng.sample(playbooks, min(4, len(playbooks)))
                lines = []
                for other in others:
                    anchor = "what-to-say" if rng.random() < 0.4 else ""
                    lines.append(f"- {link(other, anchor)}: {w.sentence()}")
                lines.append(f"- [Every {p.section} reply](../../snippets/{own[0]}.md)")
                out.append("\n".join(lines))
        if (i // len(SECTIONS)) % 10 == 0:  # one page in ten of every section
            out.append("## Decide what to do")
            out.append(w.paragraph((1, 2)))
            out.append(f'{{{{ decision_tree("{tree_of[p.section]}") }}}}')
        p.body = "\n\n".join(out) + "\n"


def build_handbook(n: int, seed: int = SEED) -> Handbook:
    rng = random.Random(seed)
    w = Writer(rng)
    snippets = make_snippets(rng, w)
    playbooks = make_playbooks(n, rng)
    trees = make_trees(rng, w, playbooks, snippets)
    book = Handbook(playbooks, snippets, trees, cadence={})
    write_bodies(book, rng, w)
    return book


# -- serialisation ----------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join((pad + line) if line else "" for line in text.rstrip("\n").split("\n"))


def playbook_file(p: PlaybookSpec) -> str:
    return (f"---\ntitle: {_q(p.title)}\nsummary: {_q(p.summary)}\nowner: {_q(p.owner)}\n"
            f"reviewed: {p.reviewed}\nreview_every: 365d\ntags: [{', '.join(p.tags)}]\n---\n\n"
            f"{p.body}")


def snippet_file(s: SnippetSpec) -> str:
    out = [f"id: {s.id}", f"title: {_q(s.title)}", f"summary: {_q(s.summary)}",
           f"tags: [{', '.join(s.tags)}]", f"owner: {_q(s.owner)}", f"reviewed: {s.reviewed}",
           "review_every: 365d", "placeholders:"]
    for name, (label, fallback) in s.placeholders.items():
        out += [f"  {name}:", f"    label: {_q(label)}", f"    fallback: {_q(fallback)}"]
    out.append("variants:")
    for channel, text in s.variants.items():
        out.append(f"  {channel}: {_block(text, 4)}")
    return "\n".join(out) + "\n"


def tree_file(t: TreeSpec) -> str:
    out = [f"id: {t.id}", f"title: {_q(t.title)}", f"summary: {_q(t.summary)}",
           f"tags: [{', '.join(t.tags)}]", f"owner: {_q(t.owner)}", f"reviewed: {t.reviewed}",
           "review_every: 365d", f"start: {t.start}", "nodes:"]
    for node_id, node in t.nodes.items():
        out.append(f"  {node_id}:")
        for key in ("question", "help", "outcome", "instruction", "playbook", "snippet"):
            if key in node:
                out.append(f"    {key}: {_q(node[key])}")
        if "answers" in node:
            out.append("    answers:")
            for a in node["answers"]:
                out += [f"      - label: {_q(a['label'])}", f"        next: {a['next']}"]
    return "\n".join(out) + "\n"


def index_page(book: Handbook, plain: bool) -> str:
    out = ["---", "title: Support Handbook", "hide:", "  - navigation", "---", "",
           "# Support Handbook", "",
           f"A synthetic handbook of {len(book.playbooks)} playbooks for the benchmark. Search "
           "with ++slash++ or ++s++.", "", "## Playbooks", ""]
    out.append(static_playbook_index(book) if plain else "{{ playbook_index() }}")
    out += ["", "## When you need it now", ""]
    for t in book.trees[:5]:
        out.append(f"- **{t.title}**: walk the [tree](trees/{t.id}.md).")
    out.append("- **A reply to send**: browse the [snippet library](snippets/index.md).")
    return "\n".join(out) + "\n"


# -- the plain variant: the same content as static Markdown -----------------------------------

def _md_inline(text: str) -> str:
    return re.sub(r"\[\[\s*(\w+)\s*\]\]", r"**\1**", text)


def static_snippet(s: SnippetSpec, depth: str, level: int = 3) -> str:
    """What snippet() shows, as Markdown: title, summary, fields, variants as tabs, links."""
    hashes = "#" * min(max(level, 2), 6)
    out = [f"{hashes} {s.title} {{#snippet-{s.id}}}", "", s.summary, "",
           "Fill in: " + ", ".join(f"{label} (*{fallback}*)"
                                   for label, fallback in s.placeholders.values()), ""]
    for channel, text in s.variants.items():
        out.append(f'=== "{channel.capitalize()}"')
        out.append("")
        out += [("    " + line) if line else "" for line in _md_inline(text).rstrip().split("\n")]
        out.append("")
    out.append(f"[Copy reply](#snippet-{s.id}) · [Copy link](#snippet-{s.id}) · "
               f"[Snippet page]({depth}snippets/{s.id}.md)")
    return "\n".join(out)


def static_tree(t: TreeSpec, book: Handbook, depth: str, level: int = 3) -> str:
    snippets = {s.id: s for s in book.snippets}
    titles = {p.ref: p.title for p in book.playbooks}
    hashes = "#" * min(max(level, 2), 6)
    out = []
    for node_id, node in t.nodes.items():
        anchor = f"{t.id}--{node_id}"
        title = node.get("question") or node.get("outcome")
        out += [f"{hashes} {title} {{#{anchor}}}", ""]
        if "answers" in node:
            if node.get("help"):
                out += [node["help"], ""]
            out += [f"- [{a['label']}](#{t.id}--{a['next']})" for a in node["answers"]]
            out.append("")
        else:
            ref, _, sec = node["playbook"].partition("#")
            out += [node["instruction"], "",
                    f"Read: [{titles[ref]}]({depth}playbooks/{ref}.md#{sec})", ""]
            out += [static_snippet(snippets[node["snippet"]], depth, level + 1), ""]
    return "\n".join(out).rstrip("\n")


def static_playbook_index(book: Handbook) -> str:
    rows = ["| Playbook | What it is for | Owner | Next review |", "| --- | --- | --- | --- |"]
    for p in sorted(book.playbooks, key=lambda p: p.title.lower()):
        due = (date.fromisoformat(p.reviewed) + timedelta(days=365)).isoformat()
        rows.append(f"| [{p.title}](playbooks/{p.ref}.md) | {p.summary} | {p.owner} | {due} |")
    return "\n".join(rows)


CALL = re.compile(r'\{\{ (snippet|decision_tree|cadence)\("([\w-]+)"\) \}\}')


def plain_body(text: str, book: Handbook, depth: str) -> str:
    snippets = {s.id: s for s in book.snippets}
    trees = {t.id: t for t in book.trees}

    def sub(match: re.Match[str]) -> str:
        name, arg = match.groups()
        if name == "snippet":
            return static_snippet(snippets[arg], depth)
        if name == "decision_tree":
            return static_tree(trees[arg], book, depth)
        return book.cadence[arg]

    return CALL.sub(sub, text)


def _front(title: str, tags: list[str], description: str) -> str:
    return (f"---\ntitle: {_q(title)}\ntags: [{', '.join(tags)}]\n"
            f"description: {_q(description)}\n---\n\n")


def plain_generated_pages(book: Handbook) -> dict[str, str]:
    pages = {}
    for s in book.snippets:
        pages[f"snippets/{s.id}.md"] = (_front(s.title, s.tags, s.summary) + f"# {s.title}\n\n"
                                        + static_snippet(s, "../", level=2) + "\n")
    for t in book.trees:
        pages[f"trees/{t.id}.md"] = (_front(t.title, t.tags, t.summary) + f"# {t.title}\n\n"
                                     + f"{t.summary}\n\n" + static_tree(t, book, "../") + "\n")
    lib = ["---\ntitle: Snippet library\n---\n", "# Snippet library", ""]
    by_tag: dict[str, list[SnippetSpec]] = {}
    for s in sorted(book.snippets, key=lambda s: s.title.lower()):
        for tag in s.tags:
            by_tag.setdefault(tag, []).append(s)
    for tag in sorted(by_tag):
        lib += [f"## {tag}", ""] + [f"- [{s.title}]({s.id}.md) — {s.summary}" for s in by_tag[tag]]
        lib.append("")
    pages["snippets/index.md"] = "\n".join(lib)
    idx = ["---\ntitle: Decision trees\n---\n", "# Decision trees", ""]
    idx += [f"- [{t.title}]({t.id}.md) — {t.summary}"
            for t in sorted(book.trees, key=lambda t: t.title.lower())]
    pages["trees/index.md"] = "\n".join(idx) + "\n"
    return pages


def plain_mkdocs_yml(text: str) -> str:
    """mkdocs.yml without the `handbook` and `macros` plugins; everything else unchanged."""
    out, in_plugins, skipping, item_indent = [], False, False, None
    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not line.startswith((" ", "\t")) and stripped:
            in_plugins = stripped.startswith("plugins:")
            skipping = False
        elif in_plugins and stripped.startswith("- "):
            item_indent = indent
            name = stripped[2:].split(":")[0].strip()
            skipping = name in ("handbook", "macros")
        elif skipping and (not stripped or item_indent is None or indent > item_indent):
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


# -- writing ----------------------------------------------------------------------------------

def _cadence(project_yml: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from handbook.adapter.mkdocs_yml import read_site_config

    return read_site_config(project_yml.parent).cadence


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _copy_repo_parts(dest: Path, plain: bool, source: Path = ROOT) -> None:
    """mkdocs.yml, overrides/, macros/ and docs/ (its assets and non-content pages)."""
    yml = (source / "mkdocs.yml").read_text(encoding="utf-8")
    _write(dest / "mkdocs.yml", plain_mkdocs_yml(yml) if plain else yml)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", dest / "overrides", ignore=ignore)
    if not plain and (source / "macros").is_dir():
        shutil.copytree(source / "macros", dest / "macros", ignore=ignore)
    docs = source / "docs"
    # Pages of the real site link to the real playbooks, so only the assets and the tags page
    # are copied; the home page is generated (it calls playbook_index() like the real one).
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        rel = path.relative_to(docs)
        if path.is_dir() or "__pycache__" in rel.parts:
            continue
        if path.suffix == ".md" and rel.as_posix() != "tags.md":
            continue
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def generate(dest: Path, pages: int, seed: int = SEED, plain: bool = False) -> Handbook:
    """Writes the project into `dest` (which must not exist, or be empty)."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    book = build_handbook(pages, seed)
    _copy_repo_parts(dest, plain)
    book.cadence = _cadence(dest / "mkdocs.yml")
    _write(dest / "docs" / "index.md", index_page(book, plain))
    if plain:
        for p in book.playbooks:
            _write(dest / "docs" / "playbooks" / p.section / f"{p.slug}.md",
                   plain_body(playbook_file(p), book, "../../"))
        for rel, text in plain_generated_pages(book).items():
            _write(dest / "docs" / rel, text)
    else:
        for p in book.playbooks:
            _write(dest / "playbooks" / p.section / f"{p.slug}.md", playbook_file(p))
        for s in book.snippets:
            _write(dest / "playbooks" / "snippets" / f"{s.id}.yml", snippet_file(s))
        for t in book.trees:
            _write(dest / "playbooks" / "trees" / f"{t.id}.yml", tree_file(t))
    return book


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to create (must be empty)")
    parser.add_argument("--pages", type=int, default=200, help="number of playbooks")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--plain", action="store_true",
                        help="plain-Material variant: no macros, no handbook plugin")
    args = parser.parse_args(argv)
    book = generate(args.dest, args.pages, args.seed, args.plain)
    print(f"{args.dest}: {len(book.playbooks)} playbooks, {len(book.snippets)} snippets, "
          f"{len(book.trees)} trees ({'plain' if args.plain else 'ours'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
