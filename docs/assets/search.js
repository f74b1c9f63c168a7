/*
 * What the handbook adds around Material's search results (answered by
 * assets/search-worker.js):
 * - when nothing is found, under "No matching documents", the home page's "When you need it
 *   now" links and a link to request a playbook for what the agent searched, from
 *   search/handbook.json (written by the build: src/handbook/render/search_index.py); when the
 *   search itself failed (the handbook was updated under an open tab), a line saying so;
 * - on the page a result opens, the words Material highlights inside a decision tree's answer
 *   button stay in one line of text with the rest of the answer.
 */
(function () {
  "use strict";
  // The site's root, from this script's own address (assets/search.js): it stays right after
  // Material's instant navigation, which keeps the first page's relative `__config.base`.
  const ROOT = new URL("../", document.currentScript ? document.currentScript.src :
    new URL("assets/search.js", location.href));
  let settings = null;
  let failed = ""; // the last query the worker could not answer

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

  function panel(query, data) {
    const box = document.createElement("div");
    box.className = "hb-search-empty";
    const intro = document.createElement("p");
    if (failed && failed === query) {
      intro.className = "hb-search-empty__failed";
      intro.textContent = "Search could not answer: the handbook may have been updated " +
        "since this page opened. Reload the page and search again.";
    } else {
      intro.textContent = "Try fewer words, or another word for it.";
    }
    box.appendChild(intro);
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
  }

  /** A highlight inside a tree's answer button (a flex box) would be a column of its own:
   * the button's text and marks go into one span. */
  function keepAnswersWhole(root) {
    for (const mark of root.querySelectorAll("button.hb-tree__answer > mark")) {
      const button = mark.parentElement;
      const text = document.createElement("span");
      text.className = "hb-tree__answer-text";
      text.append(...button.childNodes);
      button.append(text);
    }
  }

  function watchHighlights() {
    const article = document.querySelector("article");
    if (!article) return;
    keepAnswersWhole(article);
    new MutationObserver(() => keepAnswersWhole(article))
      .observe(article, { childList: true, subtree: true });
  }

  const onPage = () => {
    watch();
    watchHighlights();
  };
  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
