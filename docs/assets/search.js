/*
 * The "nothing found" state of Material's search results (answered by
 * assets/search-worker.js). Material's search (answered by
 * assets/search-worker.js) says "No matching documents" and stops; under it, this adds the home
 * page's "When you need it now" links and a link to request a playbook for what the agent
 * searched, from search/handbook.json (written by the build: src/handbook/render/search_index.py).
 */
(function () {
  "use strict";
  let settings = null;

  function siteRoot() {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.endsWith("/") ? base : base + "/", location.href);
  }

  function loadSettings() {
    settings = settings || fetch(new URL("search/handbook.json", siteRoot()))
      .then(res => (res.ok ? res.json() : {}))
      .catch(() => ({}));
    return settings;
  }

  function panel(query, data) {
    const root = siteRoot();
    const box = document.createElement("div");
    box.className = "hb-search-empty";
    const intro = document.createElement("p");
    intro.textContent = "Try fewer words, or another word for it.";
    box.appendChild(intro);
    if (data.now_html) {
      const title = document.createElement("p");
      title.className = "hb-search-empty__title";
      title.textContent = "When you need it now";
      box.appendChild(title);
      const list = document.createElement("div");
      list.innerHTML = data.now_html; // sanitized by the build (nh3): lists, links, emphasis
      for (const link of list.querySelectorAll("a[href]"))
        link.href = new URL(link.getAttribute("href"), root).href;
      box.appendChild(list);
    }
    if (data.request_url) {
      const ask = document.createElement("p");
      const link = document.createElement("a");
      const url = new URL(data.request_url);
      url.searchParams.set("title", `Playbook request: ${query}`);
      link.href = url.href;
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

  if (typeof document$ !== "undefined") document$.subscribe(watch);
  else document.addEventListener("DOMContentLoaded", watch);
})();
