"""The site's search index: what each built page gives Pagefind, and the index written with it.

Pagefind (https://pagefind.app, the `pagefind` package on PyPI with its binary) splits a page
into results at every heading that has an id, stems words by the page's language, folds
accents and writes an index the browser fetches in small chunks. This module decides what of
each page goes in:

- only the article (the theme's header, navigation and footer are left out, as is whatever the
  render layer marks `data-search-exclude`: copy buttons, review dates, channel tabs);
- a snippet or tree block is indexed on its own page only, so a reply or a tree step is one
  result wherever it is shown; each step of a tree is a record of its own (kind "step", its
  address the tree page's with the step's anchor: the `url` meta), and the tree page holds
  the rest (title, summary, keywords);
- a placeholder reads as `[First name]` in excerpts, not as a bare label;
- `keywords:` from front matter or YAML, and the ASCII spellings of words with letters that
  do not decompose (Łódź -> lodz, Straße -> strasse: FOLD), are indexed in a block before
  the title that is never shown: not on the page, and not in a result's excerpt (the page's
  `hidden` meta says how many words of its indexed text that block holds; the browser side
  builds excerpts from the words after them);
- in text written without spaces (Chinese, Japanese), a run is split after each sentence or
  clause mark (、 and 。, and the full-width marks), so a sentence is found by its first
  characters, not only the paragraph;
- a reply page's "Where it is used" list is left out: the headings of the pages that use a
  reply are not the reply's words.

Nothing here imports MkDocs: the adapter hands over each page's article HTML and kind.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nh3

# What kind of result a page is, as the results list labels it.
KINDS = ("playbook", "reply", "tree", "page")
INDEX_DIR = "pagefind"  # under the site; Pagefind's default bundle folder
SETTINGS_FILE = "search/handbook.json"  # read by docs/assets/search-worker.js and search.js
# What Pagefind writes that the site does not use (its own result widgets): removed.
UNUSED_BUNDLE = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                 "pagefind-modular-ui.css", "pagefind-component-ui.js",
                 "pagefind-component-ui.css", "pagefind-highlight.js")
# Elements left out of the index: what the render layer and Material mark as not for search,
# heading permalinks (a pilcrow), the edit button.
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".md-content__button")

# Letters that Unicode does not decompose into a base letter and an accent, so neither NFD
# nor Pagefind folds them: what an agent types for each instead (one table for the index and
# the browser, which gets it in SETTINGS_FILE). Source: the Latin letters with stroke,
# ligatures and dotless/dotted i of Unicode's Latin-1 Supplement and Latin Extended-A blocks.
FOLD = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "\u0131": "i", "İ": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
    "ĳ": "ij", "Ĳ": "ij", "ŋ": "n", "Ŋ": "n", "\u017f": "s",
}
# Words too common to tell pages apart: they never count as a matched word of a query ("how do
# I refund a customer", "outage at one of ours", "can't log in": can, t), and a query of these
# alone finds nothing. The browser gets them in SETTINGS_FILE (docs/assets/search-worker.js).
_STOP_WORDS = (
    "a about after again all also am an and any are as at be been being but by can could d "
    "did didn do does doesn don for from get gets got had has hasn have he her him his how i "
    "if im in into is isn it its just ll m may me might must my need needs no not of on one "
    "ones or our ours please re s she should so some than that the their them then there "
    "these they this those to t us ve very want wants was wasn we were what when where which "
    "while who why will with won would you your yours")
STOP = frozenset(_STOP_WORDS.split())
_FOLD_RE = re.compile(f"[{''.join(FOLD)}]")
# A word as the browser reads one (WORD_RE in docs/assets/search-worker.js,
# /[\p{L}\p{M}\p{N}_]+/u): letters with their marks (Hindi and Thai vowel signs), digits.
# Python's \w leaves out spacing marks such as Devanagari's ि (category Mc): words() below.
# Sentence and clause marks of scripts written without spaces: the indexed copy gets a space
# after each, so Pagefind (which splits words at spaces on a site whose language is not one
# of those) starts a new word there.
_CJK_MARKS_RE = re.compile("([\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1a\uff1b"
                           "\uff09\u300d\u300f\u3011])(?=[^\\s<])")
# Our own blocks, as render/snippet.py and render/tree.py write them: a div whose class list
# holds hb-snippet or hb-tree, whatever else it holds (hb-snippet--collapsible, --repeat ...).
_BLOCK_OPEN_RE = re.compile(r'<div class="([^"]*)"([^>]*)>')
_BLOCK_CLASSES = ("hb-snippet", "hb-tree")
_TAG_RE = re.compile(r"<[^>]*>")
# A tree's steps, as render/tree.py writes them: siblings in the tree's list, each an <li>
# with its title (a heading with the step's anchor) first.
_STEP_OPEN_RE = re.compile(r'<li class="hb-tree__step[^"]*" data-node="[^"]*">')
_LI_RE = re.compile(r"<li\b|</li>")
_STEP_HEADING_RE = re.compile(r'<h([2-6]) class="hb-tree__title" id="([^"]*)"[^>]*>(.*?)</h\1>',
                              re.S)
_PERMALINK_RE = re.compile(r'<a class="headerlink".*?</a>', re.S)
STEPS_DIR = "--steps"  # where the step records go in the indexed folder (no page is there)
# The snippet page's list of the pages that use the reply (render/pages.py: snippet_page).
_USED_IN_RE = re.compile(r'<h2 id="where-it-is-used".*?(?=</article>|$)', re.S)
_PLACEHOLDER_RE = re.compile(r'(<var data-ph="[^"<>]*">)([^<]*)(</var>)')
_H1_END = "</h1>"
_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)


@dataclass
class Record:
    """One page for the index.

    url: the page's address from the site root, as MkDocs gives it ("playbooks/refunds/").
    kind: one of KINDS. article: the page's <article> HTML as built. keywords: extra words.
    own_block: the attribute naming the page's own block on a snippet's or tree's page
    ('data-snippet="refund-ok"', 'data-tree="upset-customer"'), else "".
    """

    url: str
    kind: str
    article: str
    lang: str = "en"
    keywords: list[str] = field(default_factory=list)
    own_block: str = ""


def record_html(record: Record) -> str:
    """The HTML Pagefind reads for `record`: a whole document whose body is the article, with
    embedded blocks of other pages ignored, placeholders bracketed, the "Where it is used" list
    left out and the hidden words (keywords, folded spellings) before the title. On a tree's
    own page its steps are left out too: each is a record of its own (step_records)."""
    body = _indexed(record, record.article)
    if record.kind == "tree":
        for start, end, *_ in reversed(tree_steps(body)):
            body = body[:start] + _ignored(body[start:end]) + body[end:]
    return _document(record.lang, record.kind, body, record.keywords)


def step_records(record: Record) -> list[tuple[str, str]]:
    """Each step of the tree on a tree's own page as a record of its own: (file path under the
    indexed folder, HTML). Its title is the step's question or outcome, its `url` meta the
    tree page's address with the step's anchor, its `tree` meta the tree's title (an attribute
    Pagefind reads as meta: a comma in the title stays text), its kind "step"; [] for any
    other page."""
    if record.kind != "tree" or not record.own_block:
        return []
    out = []
    tree = html.escape(tree_title(record.article), quote=True)
    for _start, _end, anchor, title, inner in tree_steps(_indexed(record, record.article)):
        url = html.escape(f"/{record.url}#{anchor}", quote=True)
        body = (f'<span data-pagefind-meta="url:{url}"></span>'
                f'<span data-pagefind-meta="tree[data-tree]" data-tree="{tree}"></span>'
                f'<h1>{title}</h1>{inner}')
        out.append((f"{STEPS_DIR}/{anchor}/index.html",
                    _document(record.lang, "step", body, [])))
    return out


def _indexed(record: Record, article: str) -> str:
    """The article as indexed: embedded blocks of other pages ignored, placeholders
    bracketed, a reply page's "Where it is used" list left out, unspaced runs split."""
    def mark_block(match: re.Match[str]) -> str:
        classes = match.group(1).split()
        if not any(c in _BLOCK_CLASSES for c in classes) or (
                record.own_block and record.own_block in match.group(2).split()):
            return match.group(0)
        return f'<div data-pagefind-ignore="all" class="{match.group(1)}"{match.group(2)}>'

    body = _BLOCK_OPEN_RE.sub(mark_block, article)
    body = _PLACEHOLDER_RE.sub(lambda m: f"{m.group(1)}[{m.group(2)}]{m.group(3)}", body)
    if record.kind == "reply":
        body = _USED_IN_RE.sub("", body)
    return _CJK_MARKS_RE.sub(r"\1 ", body)


def _ignored(step: str) -> str:
    """A step's <li> marked for Pagefind to leave out."""
    return step.replace("<li ", '<li data-pagefind-ignore="all" ', 1)


def _document(lang: str, kind: str, body: str, keywords: list[str]) -> str:
    """A whole document for Pagefind: the kind and the hidden words' count as meta, the hidden
    words (weighted), then `body`."""
    words = hidden_words(keywords, body)
    hidden, count = "", 0
    if words:
        text = " · ".join(words)
        count = len(text.split())
        hidden = f'<p data-pagefind-weight="3">{html.escape(text)}</p>'
    meta = (f'<span data-pagefind-meta="kind:{html.escape(kind, quote=True)}"></span>'
            f'<span data-pagefind-meta="hidden:{count}"></span>')
    return (f'<!DOCTYPE html><html lang="{html.escape(lang, quote=True)}"><head>'
            f'<meta charset="utf-8"></head><body><main data-pagefind-body>{meta}{hidden}{body}'
            '</main></body></html>')


def tree_title(article: str) -> str:
    """The text of the page's title (its first <h1>, the permalink dropped); "" without one."""
    match = _H1_RE.search(article)
    if not match:
        return ""
    return " ".join(html.unescape(_TAG_RE.sub("", _PERMALINK_RE.sub("", match.group(1))))
                    .split())


def tree_steps(article: str) -> list[tuple[int, int, str, str, str]]:
    """Each step of a tree in `article`, as render/tree.py writes it: (start, end) of its <li>,
    its anchor, its title (HTML, the permalink dropped) and the HTML after the title."""
    out = []
    for match in _STEP_OPEN_RE.finditer(article):
        depth, end = 0, len(article)
        for tag in _LI_RE.finditer(article, match.start()):
            depth += 1 if tag.group(0) == "<li" else -1
            if depth == 0:
                end = tag.end()
                break
        inner = article[match.end(): end - len("</li>")]
        heading = _STEP_HEADING_RE.search(inner)
        if heading:
            title = _PERMALINK_RE.sub("", heading.group(3))
            out.append((match.start(), end, heading.group(2), title, inner[heading.end():]))
    return out


def fold(text: str) -> str:
    """`text` as agents type it and as it is compared: NFKC (full-width letters and
    ligatures spelled plainly: full-width "SAML" -> "SAML", the ligature "fi" -> "fi"), the
    letters of FOLD spelled out, accents dropped, lowercase ("Łódź" -> "lodz"); what the
    browser side does to a query (wordsOf and fold in docs/assets/search-worker.js). The one
    folding of synonym keys and words, keywords and body words."""
    spelled = _FOLD_RE.sub(lambda m: FOLD[m.group(0)], unicodedata.normalize("NFKC", text))
    bare = unicodedata.normalize("NFD", spelled)
    return "".join(ch for ch in bare if not _is_mark(ch)).lower()


def _is_mark(ch: str) -> bool:
    """Whether `ch` is a mark (Unicode category M: accents, vowel signs, the kana voicing
    marks), which the browser drops from a word (category M: search-worker.js's fold)."""
    return unicodedata.category(ch)[0] == "M"


def words(text: str) -> list[str]:
    """The words of `text` as the browser reads them: runs of letters, marks, digits and _
    (Unicode categories L, M, N, and _): "रिफंड" is one word, as is "ลูกค้า"."""
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch == "_" or unicodedata.category(ch)[0] in "LMN":
            run.append(ch)
        elif run:
            out.append("".join(run))
            run = []
    if run:
        out.append("".join(run))
    return out


def synonym_key(text: str) -> str:
    """A synonym's key as the browser looks it up: its words (letters, marks, digits), folded,
    one space between ("Zürich" and "zurich" are one key; "wi-fi" is the phrase "wi fi")."""
    return " ".join(words(fold(text)))


def hidden_words(keywords: list[str], body: str) -> list[str]:
    """What is indexed but never shown: the keywords (blank ones dropped), then the folded
    spelling of each word of the keywords and of the page's text that FOLD or NFKC changes
    (Pagefind itself drops accents only), once each: the browser folds every query, so
    "Straße" is looked up as "strasse" and full-width "SAMLkw" as "samlkw"."""
    out = [k.strip() for k in keywords if k.strip()]
    text = " ".join(out) + " " + html.unescape(_TAG_RE.sub(" ", body))
    seen: set[str] = set()
    for word in words(text):
        if _FOLD_RE.search(word) or unicodedata.normalize("NFKC", word) != word:
            folded = fold(word)
            if folded not in seen:
                seen.add(folded)
                out.append(folded)
    return out


def article_of(output: str) -> str | None:
    """The <article> of a page the theme wrote, or None on a page without one."""
    start = output.find("<article")
    end = output.rfind("</article>")
    if start < 0 or end < start:
        return None
    return output[start: end + len("</article>")]


def section_links(page_html: str, anchor: str) -> str:
    """The lists under the heading with id `anchor` on a built page, up to the next heading of
    that level, cleaned to links and text (nh3): e.g. the home page's "When you need it now".
    Empty when the page has no such heading. Links stay as written (relative to that page)."""
    match = re.search(rf'<h([1-6])[^>]*\sid="{re.escape(anchor)}"', page_html)
    if not match:
        return ""
    start = page_html.find(">", page_html.find(f"</h{match.group(1)}>", match.end())) + 1
    end = page_html.find(f"<h{match.group(1)}", start)
    part = page_html[start: end if end >= 0 else len(page_html)]
    end_article = part.find("</article>")
    if end_article >= 0:
        part = part[:end_article]
    return nh3.clean(part, tags={"ul", "ol", "li", "a", "strong", "em", "p"},
                     attributes={"a": {"href"}}, link_rel=None).strip()


def request_url(edit_uri: str) -> str:
    """Where to ask for a new playbook: the repository's "Request a playbook" issue form
    (.github/ISSUE_TEMPLATE/request-a-playbook.md), found from a GitHub or GitLab edit link
    such as https://github.com/org/repo/edit/main/docs/. Empty for other hosts, and for a
    value that is no URL."""
    try:
        parts = urlsplit(edit_uri)
    except ValueError:  # "https://[bad": Invalid IPv6 URL
        return ""
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme != "https" or len(segments) < 2:
        return ""
    repo = f"https://{parts.netloc}/{segments[0]}/{segments[1]}"
    if parts.netloc == "github.com":
        return f"{repo}/issues/new?template=request-a-playbook.md"
    if parts.netloc == "gitlab.com":
        return f"{repo}/-/issues/new?issuable_template=request-a-playbook"
    return ""


def settings(synonyms: dict[str, list[str]], now_html: str, request: str) -> dict:
    """What the browser side reads from SETTINGS_FILE.

    synonyms: a word or phrase agents type -> words the handbook uses, both folded as a
    query's words are (synonym_key: "Rückbuchung" -> "ruckbuchung"); stop: the words that never
    count in a query (STOP); now_html: the home page's "When you need it now" list; request:
    the request-a-playbook URL.
    """
    return {
        "synonyms": {synonym_key(k): [" ".join(fold(w).split()) for w in v]
                     for k, v in synonyms.items()},
        "stop": sorted(STOP),
        "fold": FOLD,
        "now_html": now_html,
        "request_url": request,
        "kinds": list(KINDS),
    }


def write_settings(site_dir: Path, data: dict) -> None:
    """Writes the settings whole or not at all: under serve the indexing thread rewrites them
    while a browser (or the next build) may be reading them."""
    path = site_dir / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def write_index(records: Iterable[Record], site_dir: Path) -> tuple[int, float]:
    """Index `records` with Pagefind into site_dir/pagefind (replacing what was there).

    Each record is written as one HTML file at its URL in a temporary folder that Pagefind
    reads in one go (its Python API waits 0.1 s for each answer, so a file at a time would
    cost 200 s at 2,000 pages). Returns (pages indexed, seconds taken). Raises an exception
    when the Pagefind binary is missing or fails (the `pagefind[extended]` package ships it).
    """
    started = time.perf_counter()
    out = site_dir / INDEX_DIR
    staging = site_dir / f".{INDEX_DIR}-new"
    shutil.rmtree(staging, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as pages:
        for record in records:
            name = record.url + "index.html" if record.url.endswith("/") or not record.url \
                else record.url
            path = Path(pages, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(record), encoding="utf-8")
            for step, text in step_records(record):
                Path(pages, step).parent.mkdir(parents=True, exist_ok=True)
                Path(pages, step).write_text(text, encoding="utf-8")
        count = _index(Path(pages), staging)
    for name in UNUSED_BUNDLE:
        (staging / name).unlink(missing_ok=True)
    old = site_dir / f".{INDEX_DIR}-old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return count, time.perf_counter() - started


def _index(pages: Path, out: Path) -> int:
    """Runs Pagefind's command line on the HTML files under `pages`, writing its bundle to
    `out`; returns the pages it indexed. Raises RuntimeError when it fails.

    Not Pagefind's Python service: in pagefind 1.5.2 the service answers "files written"
    while tokio may still hold the last bytes of a file, and closing the service then cuts
    that file short (Pagefind issue #1271, fixed by PR #1272 after 1.5.2, the newest release
    on PyPI). Under load a published pagefind.js ended at 32 KB of its 45 KB and search
    broke. The command line waits for every write before it exits. It runs in the empty
    temporary folder, with no PAGEFIND_ variables, so no pagefind.yml or environment setting
    of the project's can change what it does."""
    command = [sys.executable, "-m", "pagefind", "--site", str(pages.resolve()),
               "--output-path", str(out.resolve())]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    done = subprocess.run(command, cwd=pages, env=env, capture_output=True, text=True,
                          check=False)
    indexed = re.search(r"Indexed (\d+) pages?", done.stdout)
    if done.returncode or indexed is None:
        said = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        raise RuntimeError(f"pagefind exited with status {done.returncode}: {said}")
    return int(indexed.group(1))
