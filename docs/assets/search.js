/*
 * What the handbook adds around Material's search results (answered by
 * assets/search-worker.js):
 * - when nothing is found, under "No matching documents", the home page's "When you need it
 *   now" links and a link to request a playbook for what the agent searched, from
 *   search/handbook.json (written by the build: src/handbook/render/search_index.py); when the
 *   search itself failed (the handbook was updated under an open tab), a line saying so; when
 *   every word of the query is too common to search for ("how do i"), a line asking for one
 *   that names the situation;
 * - on the page a result opens, highlighting marks whole words only: Material marks each
 *   word of `?h=` wherever it occurs, inside other words too ("sue" in "issues", "one" in
 *   "anyone": its highlighter's pattern has no end boundary, integrations/search/highlighter),
 *   so its marks are replaced by marks of the whole words (in text written without spaces,
 *   Chinese or Japanese, a run holding the word is marked as Material does);
 * - a highlighted word inside a flex or grid box (a tree's answer buttons and its "Read:" and
 *   "Go on with the tree:" links, snippet and checklist bars) would be a column of its own:
 *   the text and marks there go into one span, one line of text again;
 * - a broad query's results come in two answers (the worker's sendMore), and Material renders
 *   the list anew for each (components/search/result: `list.innerHTML = ""`, then the first ten
 *   items): the result the agent moved to with the keyboard gets the focus back and the list
 *   its scroll position, and while the rest is still coming the count reads "12+ matching
 *   documents" (the worker says so on the "handbook-search" channel: "more", then "all").
 */
(function () {
  "use strict";
  // The site's root, from this script's own address (assets/search.js): it stays right after
  // Material's instant navigation, which keeps the first page's relative `__config.base`.
  const ROOT = new URL("../", document.currentScript ? document.currentScript.src :
    new URL("assets/search.js", location.href));
  let settings = null;
  let failed = ""; // the last query the worker could not answer
  let common = ""; // the last query of common words only, which the worker does not search
  let pending = null; // {query, count}: a first answer of `count` results, the rest to come
  let onPending = () => {}; // shows the "+" of a pending answer on the count (watch)
  // A word: letters with their combining marks, digits (as the worker reads words).
  const WORD = "[\\p{L}\\p{M}\\p{N}_]";
  // Text written without spaces: a word there is part of a longer run.
  const UNSPACED_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}]/u;

  // Talks with the search worker (ours, assets/search-worker.js, started by Material).
  // A shared search link (`?q=`): Material sends the query once the page has loaded and the
  // worker is ready; the worker is told it as soon as it starts (it says "hello"), so its
  // answer is on the way meanwhile. Other tabs' workers may hear it too: a worker uses such
  // an answer only for the very query Material then sends it.
  const shared = new URLSearchParams(location.search).get("q");
  if (typeof BroadcastChannel !== "undefined") {
    const channel = new BroadcastChannel("handbook-search");
    const prefetch = () => channel.postMessage({ type: "handbook-prefetch", data: shared });
    if (shared) prefetch();
    channel.onmessage = ({ data }) => {
      if (data && data.type === "failed") failed = String(data.query || "").trim();
      if (data && data.type === "common") {
        common = String(data.query || "").trim();
        for (const box of document.querySelectorAll(".hb-search-empty")) // shown already
          if (box.dataset.query === common) box.firstChild.replaceWith(intro(common));
      }
      if (data && data.type === "more") pending = { query: String(data.query || "").trim(),
        count: Number(data.count) };
      if (data && data.type === "all" && pending &&
          pending.query === String(data.query || "").trim()) pending = null;
      if (data && (data.type === "more" || data.type === "all")) onPending();
      if (data && data.type === "hello" && shared && performance.now() < 10000) prefetch();
    };
  }

  /** The browser's search settings; a failed fetch is tried again next time. */
  function loadSettings() {
    settings = settings || fetch(new URL("search/handbook.json", ROOT))
      .then(res => {
        if (!res.ok) throw new Error(`search settings: HTTP ${res.status}`);
        return res.json();
      })
      .catch(err => {
        console.error(err);
        settings = null;
        return {};
      });
    return settings;
  }

  /** The request link for `query`, or null when the setting is no http(s) address. */
  function requestHref(value, query) {
    let url;
    try {
      url = new URL(value, ROOT);
    } catch (err) {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.searchParams.set("title", `Playbook request: ${query}`);
    return url.href;
  }

  /** The panel's first line: why nothing was found, and what to try. */
  function intro(query) {
    const line = document.createElement("p");
    if (failed && failed === query) {
      line.className = "hb-search-empty__failed";
      line.textContent = "Search could not answer: the handbook may have been updated " +
        "since this page opened. Reload the page and search again.";
    } else if (common && common === query) {
      line.className = "hb-search-empty__common";
      line.textContent = "These words are too common to search for: add a word that " +
        "names the situation (refund, outage, manager).";
    } else {
      line.textContent = "Try fewer words, or another word for it.";
    }
    return line;
  }

  function panel(query, data) {
    const box = document.createElement("div");
    box.className = "hb-search-empty";
    box.appendChild(intro(query));
    if (data.now_html) {
      const title = document.createElement("p");
      title.className = "hb-search-empty__title";
      title.textContent = "When you need it now";
      box.appendChild(title);
      const list = document.createElement("div");
      list.innerHTML = data.now_html; // sanitized by the build (nh3): lists, links, emphasis
      for (const link of list.querySelectorAll("a[href]")) // written relative to the home page
        link.href = new URL(link.getAttribute("href"), ROOT).href;
      box.appendChild(list);
    }
    const href = data.request_url ? requestHref(data.request_url, query) : null;
    if (href) {
      const ask = document.createElement("p");
      const link = document.createElement("a");
      link.href = href;
      link.className = "hb-search-empty__request";
      link.textContent = "Request a playbook";
      ask.append(link, " for this situation: the authors are asked to write one.");
      box.appendChild(ask);
    }
    return box;
  }

  function watch() {
    const result = document.querySelector("[data-md-component=search-result]");
    const input = document.querySelector("[data-md-component=search-query]");
    if (!result || !input || result.dataset.hbEmptyPanel) return;
    result.dataset.hbEmptyPanel = "1";
    const meta = result.querySelector(".md-search-result__meta");
    const list = result.querySelector(".md-search-result__list");
    let shown = null;
    const update = () => {
      const query = input.value.trim();
      const empty = query && list && !list.children.length;
      if (shown && (!empty || shown.dataset.query !== query)) {
        shown.remove();
        shown = null;
      }
      if (!empty || shown) return;
      loadSettings().then(data => {
        if (shown || input.value.trim() !== query || list.children.length) return;
        shown = panel(query, data);
        shown.dataset.query = query;
        meta.after(shown);
      });
    };
    new MutationObserver(update).observe(meta, { childList: true, characterData: true });
    keepPlace(result, input, meta, list);
  }

  /** Across Material's rendering of a second answer for the same query: the focused result
   * keeps the focus and the list its scroll position; the count of a first answer whose rest
   * is still coming gets a "+" ("12+ matching documents"), never understating the total. */
  function keepPlace(result, input, meta, list) {
    const scroller = result.parentElement;
    let focused = ""; // the href of the result link the agent moved to
    let top = 0;
    input.addEventListener("input", () => { focused = ""; top = 0; });
    scroller.addEventListener("scroll", () => {
      if (list.children.length) top = scroller.scrollTop;
    });
    list.addEventListener("focusin", ({ target }) => {
      focused = target.matches("a[href]") ? target.getAttribute("href") : "";
    });
    document.addEventListener("focusin", ({ target }) => {
      if (!list.contains(target)) focused = "";
    });
    const plus = () => {
      const query = input.value.trim();
      const count = parseInt(meta.textContent, 10);
      const wanted = Boolean(pending && pending.query === query && count === pending.count);
      const has = /^\d+\+/.test(meta.textContent);
      if (wanted && !has) meta.textContent = meta.textContent.replace(/^(\d+)/, "$1+");
      if (!wanted && has) meta.textContent = meta.textContent.replace(/^(\d+)\+/, "$1");
    };
    onPending = plus;
    new MutationObserver(plus).observe(meta, { childList: true, characterData: true });
    new MutationObserver(() => {
      if (!list.children.length) return;
      if (top) scroller.scrollTop = top;
      const active = document.activeElement;
      if (!focused || (active && active !== document.body)) return;
      const link = [...list.querySelectorAll("a[href]")]
        .find(a => a.getAttribute("href") === focused);
      if (link) link.focus({ preventScroll: true });
    }).observe(list, { childList: true });
  }

  /** The words of the page's `?h=` as one pattern matching them as whole words (as runs
   * in text written without spaces), or null without any. */
  function wholeWords() {
    const terms = (new URLSearchParams(location.search).get("h") || "").split(/\s+/)
      .filter(Boolean).sort((a, b) => b.length - a.length); // longest first
    const escape = term => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const spaced = terms.filter(t => !UNSPACED_RE.test(t)).map(escape);
    const unspaced = terms.filter(t => UNSPACED_RE.test(t)).map(escape);
    const parts = [];
    if (spaced.length) parts.push(`(?<!${WORD})(?:${spaced.join("|")})(?!${WORD})`);
    if (unspaced.length) parts.push(`(?:${unspaced.join("|")})`);
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  }

  /** The whole words `pattern` finds in text node `node`, each in a <mark>. */
  function markWords(node, pattern) {
    const text = node.nodeValue;
    const parts = [];
    let at = 0;
    for (const found of text.matchAll(pattern)) {
      if (found.index > at) parts.push(text.slice(at, found.index));
      const mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.setAttribute("data-hb-word", "");
      mark.textContent = found[0];
      parts.push(mark);
      at = found.index + found[0].length;
    }
    if (!parts.length) return;
    if (at < text.length) parts.push(text.slice(at));
    node.replaceWith(...parts);
  }

  /** Material's marks under `root` taken out, their text left in place; whether any were. */
  function unmark(root) {
    const marks = root.querySelectorAll("mark[data-md-highlight]:not([data-hb-word])");
    const parents = new Set();
    for (const mark of marks) {
      parents.add(mark.parentNode);
      mark.replaceWith(...mark.childNodes);
    }
    for (const parent of parents) parent.normalize();
    return marks.length > 0;
  }

  /** The whole words of `pattern` in the text under `root` that is shown, each in a <mark>:
   * Material's own rule for what it marks (a text node whose parent has a height,
   * integrations/search/highlighter's caller, components/search/highlight), taken after the
   * page's widgets are built, so a tree's hidden steps and a reply's markup before its fields
   * exist are never marked, and its field labels and placeholders are. */
  function markShown(root, pattern) {
    const nodes = [];
    const walk = document.createNodeIterator(root, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const parent = node.parentElement;
      if (parent && parent.offsetHeight && !parent.closest("mark[data-hb-word]"))
        nodes.push(node);
    }
    for (const node of nodes) markWords(node, pattern);
  }

  /** Marks whose parent lays out its children as flex or grid items: each run of text and
   * marks there that holds a mark goes into one span (`hb-mark-run`), so the mark is no item
   * of its own and the run is one line of text again. */
  function keepLinesWhole(root) {
    const boxes = new Set();
    for (const mark of root.querySelectorAll("mark[data-hb-word]")) {
      const parent = mark.parentElement;
      if (/flex|grid/.test(getComputedStyle(parent).display)) boxes.add(parent);
    }
    for (const box of boxes) {
      const runs = [[]];
      for (const node of box.childNodes) {
        if (node.nodeType === Node.TEXT_NODE || node.nodeName === "MARK") runs[0].push(node);
        else if (runs[0].length) runs.unshift([]);
      }
      for (const run of runs.filter(nodes => nodes.some(n => n.nodeName === "MARK"))) {
        const span = document.createElement("span");
        span.className = "hb-mark-run";
        run[0].before(span);
        span.append(...run);
      }
    }
  }

  /** The page's `?h=` words marked as whole words in its shown text, once its widgets are
   * built (handbook.js builds them first: its document$ subscriber comes before ours), on a
   * fresh load and after instant navigation alike. Material marks the page too, before the
   * widgets after instant navigation (its index is loaded then) and after them on a fresh
   * load (once the index is): its marks are taken out as they come, and the shown text
   * marked again. */
  function watchHighlights() {
    // The page's own article: after instant navigation the header's search results (each an
    // <article class="md-search-result__article">) come first in the document.
    const article = document.querySelector("[data-md-component=content] article, " +
      ".md-content article");
    const pattern = wholeWords();
    if (!article) return;
    const update = first => {
      if (!unmark(article) && !first) return;
      if (pattern) markShown(article, pattern);
      keepLinesWhole(article);
    };
    update(true);
    new MutationObserver(() => update(false))
      .observe(article, { childList: true, subtree: true });
  }

  const onPage = () => {
    watch();
    watchHighlights();
  };
  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
