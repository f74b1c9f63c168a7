/*
 * The handbook's search: Material's search worker, answered from the Pagefind index.
 *
 * Material's header search box posts its messages to the worker named by `__config.search`
 * (the handbook plugin points every page here: src/handbook/adapter/search.py) and renders the
 * answers. The protocol is Material's (integrations/search/worker/message):
 *   SETUP (0) {config, docs, options} -> READY (1); QUERY (2) "text" -> RESULT (3) {items}
 * where items is a list of groups, each [page, ...sections] of
 *   {location, title (HTML), text (HTML), score, terms: {word: found}}.
 *
 * Pagefind (/pagefind/pagefind.js, written by the build) fetches only the index chunks a query
 * needs. On top of it, for agents' questions:
 *   - each word of a question is searched on its own (Pagefind alone requires every word), and
 *     pages are ranked by how much of the question they hold, rare words counting for more,
 *     then by Pagefind's score, so a long question returns its best partial matches; words a
 *     result misses are listed under it as "Missing";
 *   - synonyms from mkdocs.yml (search/handbook.json) count as the word they stand for;
 *   - results are labelled Playbook, Reply, Decision tree, Tree step or Guide; guides (the
 *     contributing guide, the home page) come after the content.
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const ROOT = new URL("../", self.location.href); // this file lives in assets/
const MAX_GROUPS = 12; // content results loaded and shown per query (Material shows 10)
const MAX_GUIDES = 3; // guides listed after the content
const MAX_SECTIONS = 4; // sections shown under one page
const KIND_LEAD = { playbook: 0.15, tree: 0.1, reply: 0 }; // guides: undefined, listed last
const PAGE_LENGTH = Number(new URL(self.location.href).searchParams.get("pl") || 0.3);
const LABELS = {
  playbook: "Playbook", reply: "Reply", tree: "Decision tree", step: "Tree step", page: "Guide"
};
// Words too common to count as a matched word of a question ("how do I refund a customer").
const STOP = new Set(("a about all an and any are as at be by can do does for from get got " +
  "had has have he her his how i if in is it just me my no not of on or our she so that the " +
  "their them they this to want wants was we what when where who why will with you your")
  .split(" "));

// Pagefind starts loading at once, while the page is still asking Material for its settings.
const engine = start();
engine.catch(err => console.error("search: Pagefind did not load:", err));
let latest = 0;

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    try {
      await engine;
    } finally {
      self.postMessage({ type: READY });
    }
  } else if (message.type === QUERY) {
    const ticket = ++latest;
    let items = [];
    try {
      items = await answer(await engine, String(message.data || ""));
    } catch (err) {
      console.error("search:", err);
    }
    if (ticket === latest) self.postMessage({ type: RESULT, data: { items } });
  }
});

/** Loads Pagefind and the handbook's search settings (synonyms). */
async function start() {
  const json = path => fetch(new URL(path, ROOT))
    .then(res => (res.ok ? res.json() : {}))
    .catch(() => ({}));
  const [pagefind, settings, entry] = await Promise.all([
    import(new URL("pagefind/pagefind.js", ROOT).href),
    json("search/handbook.json"),
    json("pagefind/pagefind-entry.json")
  ]);
  // Pagefind favours short pages strongly by default (pageLength 0.75): a one-line reply
  // would outrank the playbook that explains the situation.
  await pagefind.options({ excerptLength: 26, ranking: { pageLength: PAGE_LENGTH } });
  await pagefind.init();
  const pages = Object.values(entry.languages || {})
    .reduce((sum, lang) => sum + (lang.page_count || 0), 0);
  return { pagefind, synonyms: settings.synonyms || {}, pages };
}

/** Whether a word is a form of a query term (refunds, refunding ~ refund; Zürich ~ zurich). */
function sameWord(word, term) {
  word = fold(word);
  term = fold(term);
  const stem = Math.max(4, Math.min(term.length, word.length) - 3);
  return word === term || (word.length >= 4 && term.length >= 4 &&
    word.slice(0, stem) === term.slice(0, stem));
}

/** A word without its accents. */
function fold(word) {
  return word.normalize("NFD").replace(/\p{M}+/gu, "");
}

/** Lowercase words of a query, accents kept (Pagefind folds them). */
function wordsOf(text) {
  return (text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []);
}

/**
 * The query as groups of alternatives: one per synonym phrase found in it ("threatens to
 * cancel" -> cancel, leaving), whose words then count no more on their own, and one per other
 * word that counts, with that word's synonyms.
 */
function groupsOf(query, synonyms) {
  const words = wordsOf(query);
  const groups = [];
  const covered = new Set();
  const flat = ` ${words.join(" ")} `;
  for (const [phrase, terms] of Object.entries(synonyms)) {
    const inner = wordsOf(phrase);
    if (inner.length > 1 && flat.includes(` ${inner.join(" ")} `)) {
      groups.push({ label: phrase, terms });
      for (const w of inner) covered.add(w);
    }
  }
  const rest = words.filter(w => !covered.has(w));
  const useful = rest.filter(w => !STOP.has(w));
  const kept = useful.length || groups.length ? useful : rest;
  for (const w of new Set(kept)) groups.push({ label: w, terms: [w, ...(synonyms[w] || [])] });
  return groups;
}

/**
 * Pagefind results for each group (alternatives joined), ranked by how much of the question
 * a page covers: each group weighs by how rare it is (log(pages / pages holding it)), so
 * "cancel" counts for more than "customer"; then by Pagefind's own score. Guides (pages that
 * are not playbooks, replies or trees) come after the content.
 */
async function answer({ pagefind, synonyms, pages }, query) {
  const groups = groupsOf(query, synonyms);
  if (!groups.length) return [];
  const searches = groups.flatMap((group, g) => group.terms.map(term => ({ g, term })));
  // Chunks load in parallel; the searches run one at a time, and a result's data() is read
  // before the next search: in a worker, Pagefind builds every excerpt for its last search.
  await Promise.all(searches.map(({ term }) => pagefind.preload(term)));
  const found = [];
  for (const { term } of searches) {
    const search = await pagefind.search(term);
    const results = (search && search.results) || [];
    found.push(results.length && stretched(await results[0].data(), term) ? [] : results);
  }
  const hits = new Map(); // page id -> {groups: Set, score, best: index of its best search}
  const holding = groups.map(() => new Set());
  found.forEach((results, i) => {
    const { g } = searches[i];
    for (const result of results) {
      const hit = hits.get(result.id) || { id: result.id, groups: new Set(), score: 0, top: 0 };
      if (!hit.groups.has(g)) hit.score += result.score;
      hit.groups.add(g);
      if (result.score > hit.top) { hit.top = result.score; hit.best = i; }
      hits.set(result.id, hit);
      holding[g].add(result.id);
    }
  });
  const total = Math.max(pages, hits.size, 1);
  const weight = holding.map(ids => Math.log(1 + total / Math.max(ids.size, 1)));
  for (const hit of hits.values())
    hit.cover = [...hit.groups].reduce((sum, g) => sum + weight[g], 0);
  const byCover = (a, b) => b.cover - a.cover || b.score - a.score;
  // Only the results that can be shown are loaded (a fragment of a few KB each), each with
  // the search that found it best, run again just before.
  const ranked = [...hits.values()].sort(byCover).slice(0, MAX_GROUPS + MAX_GUIDES);
  for (const i of new Set(ranked.map(hit => hit.best))) {
    const again = await pagefind.search(searches[i].term);
    const byId = new Map(again.results.map(result => [result.id, result]));
    await Promise.all(ranked.filter(hit => hit.best === i).map(async hit => {
      hit.data = await byId.get(hit.id).data();
    }));
  }
  // A word of the question in the title counts half again; a playbook, then a tree, leads
  // the replies written for it at the same cover.
  const top = Math.max(...weight);
  for (const hit of ranked) {
    const title = wordsOf(hit.data.meta.title || "");
    for (const g of hit.groups)
      if (groups[g].terms.some(term => title.some(word => sameWord(word, term))))
        hit.cover += weight[g] / 2;
    hit.cover += top * (KIND_LEAD[hit.data.meta.kind] || 0);
  }
  const guide = hit => (KIND_LEAD[hit.data.meta.kind] === undefined ? 1 : 0);
  ranked.sort(byCover);
  const shown = [...ranked.filter(hit => !guide(hit)).slice(0, MAX_GROUPS),
    ...ranked.filter(guide).slice(0, MAX_GUIDES)];
  return shown.map((hit, rank) => toItems(hit, groups, rank));
}

/**
 * Pagefind falls back on shorter and shorter beginnings of a word it does not know
 * ("xylophone" finds the letter "X"): a search whose first result marks no word that starts
 * like the term (or holds it, in scripts written without spaces) found nothing.
 */
function stretched(data, term) {
  const marked = new Set();
  markedWords(data.excerpt, marked);
  return ![...marked].some(word => sameWord(word, term) ||
    fold(word).includes(fold(term)) || (term.length < 4 && word.startsWith(term)));
}

/** The sections (sub-results) of a page that hold the words, most words first. */
function sectionsOf(data, pageUrl) {
  return (data.sub_results || [])
    .filter(sub => sub.url.includes("#") && locationOf(sub.url) !== pageUrl)
    .sort((a, b) => (b.locations || []).length - (a.locations || []).length);
}

/** One Material result group: the page, then its matching sections (or tree steps). */
function toItems({ data, groups }, allGroups, rank) {
  const best = data;
  const kind = LABELS[best.meta.kind] ? best.meta.kind : "page";
  const score = 1000 - rank;
  const pageUrl = locationOf(best.url);
  const sections = kind === "reply" ? [] : sectionsOf(data, pageUrl).slice(0, MAX_SECTIONS);
  const marked = new Set();
  markedWords(data.excerpt, marked);
  for (const sub of sections) markedWords(sub.excerpt, marked);
  // For highlighting on the target page (Material marks words that start with a term):
  // what Pagefind marked, and the beginning of each matched word of the question.
  for (const g of groups)
    for (const term of allGroups[g].terms) marked.add(term.slice(0, Math.max(4, term.length - 3)));
  const terms = {};
  for (const word of marked) terms[word] = true;
  allGroups.forEach((group, g) => {
    if (!groups.has(g)) terms[group.label] = false;
  });
  const page = {
    location: pageUrl,
    title: label(kind) + escapeHTML(best.meta.title || pageUrl),
    text: `<p>${excerptHTML(best.excerpt)}</p>`,
    score,
    terms
  };
  return [page, ...sections.map((sub, i) => {
    const step = kind === "tree" && /--/.test(sub.url.split("#")[1] || "");
    return {
      location: locationOf(sub.url),
      title: (step ? label("step") : "") + escapeHTML(sub.title || ""),
      text: `<p>${excerptHTML(sub.excerpt)}</p>`,
      score: i < 2 ? score : score - 0.5,
      terms
    };
  })];
}

function label(kind) {
  return `<span class="hb-search-kind hb-search-kind--${kind}">${LABELS[kind]}</span> `;
}

/** A Pagefind URL ("/playbooks/x/#a") as Material wants it: relative to the site root. */
function locationOf(url) {
  return String(url || "").replace(/^\/+/, "");
}

/** Words Pagefind marked in an excerpt (for Material's highlighting on the target page). */
function markedWords(excerpt, into) {
  for (const m of String(excerpt || "").matchAll(/<mark>([^<]*)<\/mark>/g))
    for (const w of wordsOf(decodeHTML(m[1]))) into.add(w);
}

/** An excerpt as safe HTML: Pagefind's <mark> kept, everything else shown as text. */
function excerptHTML(excerpt) {
  return String(excerpt || "")
    .split(/(<\/?mark>)/)
    .map(part => (part === "<mark>" || part === "</mark>") ? part : escapeHTML(decodeHTML(part)))
    .join("");
}

function decodeHTML(text) {
  return text.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e) =>
    ({ lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", amp: "&" })[e]);
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
