"""Search with Pagefind inside Material's search box: what the handbook plugin does for it.

Material's header search (the box, the `/` and `s` keys, results as you type, the share link,
highlighting on the target page, instant navigation) talks to a web worker whose address is
the `search` entry of the page's `__config`; Material documents that worker as the place for a
custom search ("the application does not care how search is implemented, as long as the web
worker conforms to the format expected", integrations/search/worker/_/index.ts). So:

- each page's `__config` names docs/assets/search-worker.js, which answers Material's messages
  from the Pagefind index (loaded in small chunks, only when searching);
- each page's article is kept as it is built and indexed with Pagefind after the build
  (render/search_index.py), in the build itself; under `mkdocs serve` in the background, so a
  saved edit shows at once and search catches up a moment later (meanwhile the settings say
  "indexing", and the browser waits for the new index before it says nothing matches);
- Material's own lunr index gets no pages (every page is `search: {exclude: true}` for it), so
  `search_index.json` only carries the settings its highlighter reads: no 23 MB download.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import request_link, yamlio
from ..render import search_index as si

log = logging.getLogger("mkdocs.plugins.handbook")

WORKER = "assets/search-worker.js"
NOW_ANCHOR = "when-you-need-it-now"  # the home page's list of urgent links
_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                        re.S)
_KIND = {"playbook": "playbook", "snippet": "reply", "tree": "tree"}
# The generated lists of snippets and trees: each entry is a result on its own page already.
LISTINGS = ("snippets/index.md", "trees/index.md")


MAX_SYNONYMS = 500  # entries in synonyms:
MAX_SYNONYM_WORDS = 10  # words one entry stands for: each is one more Pagefind search per query
MAX_PHRASE = 80  # characters of a key or a word


class Synonyms(c.BaseConfigOption[dict]):
    """`synonyms:` of the handbook plugin in mkdocs.yml: a word or phrase agents type -> the
    words the handbook uses, e.g. `manager: [escalation, escalate]`. MkDocs' validation (so
    `handbook check` too) names the entry and says what to write. Keys are compared as the
    browser reads them (search_index.synonym_key: folded, spaces collapsed), so `Manager`,
    `manager ` and `Zürich`/`zurich` are one entry each: written twice (also as the very same
    key, which YAML would silently keep the last of: pre_validation reads the file), it is an
    error, not a silent replacement; a key that is a stop word (search_index.STOP) never
    applies, and a word that is one or a single letter would flood every query: errors. Every
    problem is named in one message, so one run of `handbook check` shows them all."""

    def pre_validation(self, config: Any, key_name: str) -> None:
        """A key written twice in mkdocs.yml (YAML keeps the last one silently, before
        validation sees the mapping): found in the file that writes `synonyms:`."""
        self._repeated = repeated_keys(getattr(config, "config_file_path", None) or "")

    def run_validation(self, value: object) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError("synonyms must be a mapping, e.g. `manager: [escalation]`")
        if len(value) > MAX_SYNONYMS:
            raise ValidationError(f"synonyms has {len(value)} entries; at most {MAX_SYNONYMS} "
                                  "(each is checked against every query): keep the ones agents "
                                  "type")
        problems = list(getattr(self, "_repeated", []))
        out: dict[str, list[str]] = {}
        seen: dict[str, object] = {}
        for key, words in value.items():
            words = [words] if isinstance(words, str) else words
            problem = _entry_problem(key, words, seen)
            if problem:
                problems.append(problem)
            else:
                out[key] = words
        if problems:  # all of them, so one run of check names every one
            raise ValidationError(" | ".join(problems) if len(problems) < 2 else
                                  f"{len(problems)} problems: " + " | ".join(problems))
        return out


def repeated_keys(config_file: str) -> list[str]:
    """Each key written twice under the handbook plugin's `synonyms:` in the file that writes
    them (mkdocs.yml or one it INHERITs from), as a problem naming the key and its lines."""
    if not config_file:
        return []
    path, _line = request_link.option_place(Path(config_file), "synonyms")
    try:
        found = yamlio.repeated_keys(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.YamlError):
        return []  # unreadable: MkDocs' own loading reports it
    return [f"synonyms: '{where[-1]}' is written twice (line {line} repeats it; YAML keeps "
            "only the last): merge their words into one entry"
            for where, line in found if len(where) >= 2 and where[-2] == "synonyms"]


def _entry_problem(key: object, words: object, seen: dict[str, object]) -> str:
    """What is wrong with one synonyms entry (`seen`: the keys so far, by synonym_key), or
    ""."""
    if not isinstance(key, str) or not _has_word(key) or len(key) > MAX_PHRASE:
        return (f"synonyms: '{key}' is not a word or phrase (letters or digits, at most "
                f"{MAX_PHRASE} characters)")
    norm = si.synonym_key(key)
    if norm in seen:
        return (f"synonyms: '{key}' and '{seen[norm]}' are the same entry (case, accents, "
                f"spaces and punctuation do not count: search reads both as '{norm}'): merge "
                "their words into one")
    seen[norm] = key
    if norm in si.STOP:
        return (f"synonyms: '{key}' is a word too common to search for (search leaves it out "
                "of every query), so this entry never applies: key it by a word that names "
                "the situation, or by a phrase holding it")
    if not isinstance(words, list) or not words or not all(
            isinstance(w, str) and _has_word(w) and len(w) <= MAX_PHRASE for w in words):
        return f"synonyms: '{key}' needs a list of words, e.g. `{key}: [escalation]`"
    if len(words) > MAX_SYNONYM_WORDS:
        return (f"synonyms: '{key}' lists {len(words)} words; at most {MAX_SYNONYM_WORDS} "
                "(each is one more search per query)")
    if any(si.synonym_key(w) == norm for w in words):
        return f"synonyms: '{key}' lists itself; remove it"
    flood = [w for w in words if _floods(si.synonym_key(w).split())]
    if flood:
        return (f"synonyms: '{key}' lists {', '.join(repr(w) for w in flood)}: a word too "
                "common to search for, or of one or two letters (searched as the beginning "
                "of every word: 'up' finds update, upset ...), found on nearly every page; "
                "list words that name the situation")
    return ""


def _floods(parts: list[str]) -> bool:
    """Whether a synonym word, as its folded parts, would match nearly every page: each part
    a stop word or a single letter ('the', 'a b'), or one word of one or two letters ('up',
    'co': synonyms are searched as beginnings, and the contributing guide's rule is that a
    piece of one or two letters never counts alone). Words of scripts whose letters are
    syllables or ideographs (退款, 환불, ガス) are whole words at two."""
    if len(parts) == 1 and len(parts[0]) < 3 and not any(map(_syllabic, parts[0])):
        return True
    return all(part in si.STOP or len(part) < 2 for part in parts)


def _syllabic(ch: str) -> bool:
    """Whether `ch` is a Han ideograph, kana or Hangul syllable (Unicode character names)."""
    return unicodedata.name(ch, "").startswith(
        ("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH KATAKANA"))


def _has_word(text: str) -> bool:
    """Whether `text` holds a letter or digit (what search can match)."""
    return any(ch.isalnum() for ch in text)


class RequestUrl(c.BaseConfigOption[str]):
    """`request_playbook_url:` of the handbook plugin: where the "nothing found" panel's
    "Request a playbook" link goes (the query is added as `title=`). A full http(s) URL that
    browsers accept, or a path from the site's root to one of its pages (`request/`); anything
    else is an error naming the setting (core/request_link.py judges it, for check too)."""

    def run_validation(self, value: object) -> str:
        problem = request_link.value_problem(value)
        if problem:
            raise ValidationError(problem)
        return value if isinstance(value, str) else ""


class SiteSearch:
    """Collects the articles of one build and writes the index and the browser's settings."""

    def __init__(self) -> None:
        self.records: dict[str, si.Record] = {}  # File.url -> what the index gets
        self.lang = "en"
        self.now_html = ""
        self._thread: threading.Thread | None = None  # under serve: the indexing thread
        self._next: tuple[list[si.Record], Path, dict] | None = None  # what it indexes next
        self._lock = threading.Lock()
        self.background = False  # `mkdocs serve`: index after the build, off the request path

    def start(self, command: str) -> None:
        self.background = command == "serve"

    def configure(self, lang: str, keep: bool) -> None:
        """Each build: the site's language (theme.language: Pagefind stems words, and splits
        Chinese and Japanese into words, by it); forget the pages of the last build unless
        `keep` (a --dirty rebuild, which rebuilds only some pages)."""
        self.lang = lang
        if not keep:
            self.records.clear()

    @staticmethod
    def hide_from_material(page: Page) -> bool:
        """Whether the page stays out of search (the author's `search: {exclude: true}`, or a
        generated list); after this call Material's own index leaves it out in any case."""
        meta = page.meta.get("search") or {}
        excluded = bool(isinstance(meta, dict) and meta.get("exclude")) \
            or page.file.src_uri in LISTINGS
        page.meta["search"] = {**(meta if isinstance(meta, dict) else {}), "exclude": True}
        return excluded

    def page_built(self, output: str, page: Page, item: tuple[str, Any] | None,
                   excluded: bool) -> str:
        """Keeps the page's article for the index and points its `__config` at our worker.
        item: (kind, model) from the plugin, for playbooks, snippets and trees."""
        if page.is_homepage:
            self.now_html = si.section_links(output, NOW_ANCHOR)
        article = si.article_of(output)
        kind, model = item if item else ("page", None)
        if article is not None and not excluded:
            found = getattr(model, "keywords", None) if model else page.meta.get("keywords")
            keywords = [str(k) for k in found] if isinstance(found, list) else []
            own = f'data-{kind}="{model.id}"' if kind in ("snippet", "tree") else ""
            self.records[page.file.url] = si.Record(page.url, _KIND.get(kind, "page"), article,
                                               self.lang, keywords, own)
        else:
            self.records.pop(page.file.url, None)
        return _point_worker(output, get_relative_url(WORKER, page.url))

    def build_done(self, site_dir: str, page_urls: set[str], synonyms: dict[str, list[str]],
                   request: str) -> None:
        """Writes the settings and the index; under serve, the index in the background."""
        for url in set(self.records) - page_urls:  # pages that no longer exist
            del self.records[url]
        site = Path(site_dir)
        problem = request_link.page_problem(request, page_urls)
        if problem:  # a warning fails a strict build; the panel keeps its urgent links
            log.warning(problem)
            request = ""
        settings = si.settings(synonyms, self.now_html, request)
        records = list(self.records.values())
        if not self.background:
            si.write_settings(site, settings)
            self._index(records, site)
            return
        # Under serve the page reloads before the index is written: the settings say so, and
        # the browser waits for the new index before it says that nothing matches.
        si.write_settings(site, {**settings, "indexing": True})
        with self._lock:
            self._next = (records, site, settings)
            if self._thread is None:  # else the running one takes these records next
                self._thread = threading.Thread(target=self._index_latest, daemon=True,
                                                name="handbook-search-index")
                self._thread.start()

    def _index_latest(self) -> None:
        """Indexes the newest build's records until no newer ones wait. A build never waits
        for Pagefind (10 s at 2,000 pages): edits saved meanwhile are indexed once, after."""
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    self._thread = None
                    return
            records, site, settings = job
            si.write_settings(site, {**settings, "indexing": True})
            self._index(records, site, settings)

    @staticmethod
    def _index(records: list[si.Record], site: Path, settings: dict | None = None) -> None:
        """Writes the index; then `settings` (under serve: the settings without "indexing")."""
        try:
            count, seconds = si.write_index(records, site)
        except Exception as exc:  # the binary missing, killed or failing: one line, no traceback
            log.error(f"search: Pagefind could not index the site ({exc}); reinstall with "
                      "`pip install -e .` (the `pagefind[extended]` package ships it)")
            return
        finally:
            if settings is not None:
                si.write_settings(site, settings)
        log.info(f"search: Pagefind indexed {count} pages in {seconds:.2f} s")


def _point_worker(output: str, worker_url: str) -> str:
    """The page with Material's `__config.search` (its search worker) set to `worker_url`."""
    match = _CONFIG_RE.search(output)
    if not match:
        return output
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return output
    data["search"] = worker_url
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return output[: match.start(2)] + text + output[match.end(2):]
