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
 *     pages are ranked by how strongly they match each word (Pagefind's score for it: title,
 *     headings, keywords, frequency), rare words counting for more, so a long question returns
 *     its best partial matches and a page about one of its words beats a page that merely
 *     mentions a rarer filler word ("urgent refund"); words a
 *     result misses are listed under it as "Missing"; only the word being typed (the last,
 *     of three letters or more) is searched as a beginning, every other word of the query as
 *     whole words (in quotes: Pagefind's exact search), synonyms as before; a word in pieces (wi-fi) is searched joined and as
 *     the phrase of its pieces, a piece of one or two letters never alone (groupsOf);
 *   - synonyms from mkdocs.yml (search/handbook.json) count as the word they stand for;
 *   - results are labelled Playbook, Reply, Decision tree, Tree step or Guide; guides (the
 *     contributing guide, the home page) come after the content; each step of a tree is a
 *     result of its own (a record of its own in the index, render/search_index.py), opening
 *     the tree page at the step's anchor;
 *   - words too common to tell pages apart (search_index.STOP) don't count, and a query of such words only
 *     finds nothing: the panel then asks for a word that names the situation (assets/search.js);
 *   - the first results are sent at once, the rest of a broad query's (up to MAX_RESULTS) in a
 *     second answer that Material shows as the list is scrolled (sendMore);
 *   - Material posts a query on every key: a query that a newer one overtakes is dropped at
 *     its next step, so results follow the last key, not a backlog;
 *   - a tab left open across a rebuild or a deploy notices the new index (pagefind-entry.json
 *     changed) and loads it, instead of failing on chunks that are gone.
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
// From assets/search.js, on the "handbook-search" channel: a shared link's query (`?q=`), so
// its answer is on its way while the page still loads and before Material sends it.
const PREFETCH = "handbook-prefetch";

const ROOT = new URL("../", self.location.href); // this file lives in assets/
const MAX_GROUPS = 12; // content results in the first answer (Material shows 10 at first)
const MAX_RESULTS = 60; // content results in all, the rest sent in a second answer
const MAX_LOADED = 120; // pages whose data a query loads at most (a fragment of a few KB each)
const MAX_GUIDES = 3; // guides listed after the content
const MAX_SECTIONS = 4; // sections shown under one page
const EXCERPT_WORDS = 26; // words in an excerpt
const MIN_HIGHLIGHT = 3; // shorter words are never highlighted on the target page
const CHECK_EVERY_MS = 1000; // how often a query may ask whether the index changed
// While `mkdocs serve` writes the index (search/handbook.json says "indexing"), an empty
// answer waits for it: every INDEXING_POLL_MS, up to INDEXING_TRIES times.
const INDEXING_POLL_MS = 250;
const INDEXING_TRIES = 120;
const KIND_LEAD = { playbook: 0.25, tree: 0.1, step: 0, reply: 0 }; // guides: last
const TITLE = 0.5; // a word of the question in a title: half the strongest page's score again
const PIECE = 0.3; // a lone piece of a word in pieces (call of on-call): this much of its score
// its pieces as separate words (check in, "Checking in" for check-in): this much of its score
const PHRASE = 0.6;
const PAGE_LENGTH = Number(new URL(self.location.href).searchParams.get("pl") || 0.3);
const LABELS = {
  playbook: "Playbook", reply: "Reply", tree: "Decision tree", step: "Tree step", page: "Guide"
};
// Words too common to count as a matched word of a question: search_index.STOP, read from
// search/handbook.json ("stop"). A query of these alone finds nothing: the panel asks for a
// word that names the situation.
// A word: letters with their combining marks (Hindi, Thai vowel signs), digits.
const WORD_RE = /[\p{L}\p{M}\p{N}_]+/gu;
// A word in pieces as a page writes it: log-in, Wi-Fi, AT&T, U.S (joined, "login").
const PIECES_RE = /[\p{L}\p{M}\p{N}_]+(?:[-\u2010\u2011&.][\p{L}\p{M}\p{N}_]+)+/gu;
// Text written without spaces: a marked run there holds the query inside it.
const UNSPACED_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}]/u;

class Stale extends Error {}
const STEP_RESULTS = new WeakSet(); // the results stepItems made: [tree, step]
const TREE_RESULTS = new WeakSet(); // the results toItems made for a tree's own page
let latest = 0;
let prefetched = null; // {query, answer: a promise of its answer}
let porter = null; // the stemmer, once loaded
const stems = new Map(); // word -> stem
let engine = start();
// Ready as soon as Pagefind is: Material listens from the moment it starts this worker, and
// sends a shared link's query (`?q=`) on READY, without waiting for its own SETUP (which
// follows its fetch of search_index.json, after the page has loaded). READY again on SETUP.
engine.then(() => self.postMessage({ type: READY }),
  err => console.error("search: Pagefind did not load:", err));
const updates = new BroadcastChannel("handbook-search"); // assets/search.js listens
updates.onmessage = ({ data }) => {
  if (!data || data.type !== PREFETCH || latest || prefetched) return;
  const query = String(data.data || "");
  prefetched = { query, answer: engine.then(state => answer(state, query, () => {})) };
  prefetched.answer.catch(() => {});
};
updates.postMessage({ type: "hello" });

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    try {
      await engine;
    } catch (err) {
      // reported when loading; READY anyway, so Material's box stays usable
    } finally {
      self.postMessage({ type: READY });
    }
  } else if (message.type === QUERY) {
    const ticket = ++latest;
    const query = String(message.data || "");
    let more = null;
    try {
      const found = await respond(query, ticket);
      more = found.more;
      // The page shows the count as "12+" until the rest comes (assets/search.js).
      if (more) updates.postMessage({ type: "more", query, count: found.items.length });
      self.postMessage({ type: RESULT, data: { items: found.items } });
    } catch (err) {
      if (err instanceof Stale) return; // a newer query is being answered
      console.error("search:", err);
      updates.postMessage({ type: "failed", query });
      if (ticket === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    }
    if (more) sendMore(more, ticket, query);
  }
});

/**
 * The rest of a broad query's results (up to MAX_RESULTS), sent as a second answer once the
 * first is shown: Material renders ten, then four more each time the list is scrolled to its
 * end (components/search/result), but only of the items it was given. Dropped when a newer
 * query arrived; a failure keeps the first answer. The page hears "all" when no more comes.
 */
async function sendMore(more, ticket, query) {
  try {
    const items = await more(() => { if (ticket !== latest) throw new Stale(); });
    if (ticket === latest) self.postMessage({ type: RESULT, data: { items } });
  } catch (err) {
    if (!(err instanceof Stale)) console.error("search: more results:", err);
  }
  if (ticket === latest) updates.postMessage({ type: "all", query });
}

/**
 * The answer for `query` ({items, more}: answer()); throws Stale as soon as a newer query arrived. Meanwhile, at most
 * once a second, asks whether the index was rebuilt; if it was, loads the new one and answers
 * again from it.
 */
async function respond(query, ticket) {
  await new Promise(resolve => setTimeout(resolve, 0)); // lets a newer message in first
  const state = await engine.catch(() => (engine = start())); // offline at first: try again
  const current = () => { if (ticket !== latest) throw new Stale(); };
  current();
  let changed = indexChanged(state);
  const early = prefetched && prefetched.query === query ? prefetched.answer : null;
  prefetched = null;
  let found = await (early || answer(state, query, current)).catch(err => {
    if (!early || err instanceof Stale) throw err;
    return answer(state, query, current); // the early answer failed: once more, now
  });
  if (found.common) return found; // common words only: no index would find more
  // Nothing found: make sure it is not for chunks of an index that was replaced, nor while
  // `mkdocs serve` still writes the index of the edit that reloaded the page.
  if (!found.items.length && !(await changed)) changed = indexChanged(state, true);
  for (let tries = 0; state.indexing && !(await changed) && tries < INDEXING_TRIES; tries++) {
    await new Promise(resolve => setTimeout(resolve, INDEXING_POLL_MS));
    current();
    // The build writes the index, then the settings without "indexing".
    state.indexing = Boolean((await json("search/handbook.json")).indexing);
    changed = indexChanged(state, true);
  }
  if (await changed) {
    if ((await engine) === state) engine = start(state.pagefind);
    found = await answer(await engine, query, current);
  }
  current();
  return found;
}

/** Loads Pagefind (or loads it again, after `old` was destroyed) and the search settings. */
async function start(old) {
  if (old) await old.destroy();
  const [pagefind, , settings, entry] = await Promise.all([
    import(new URL("pagefind/pagefind.js", ROOT).href),
    porter || import(new URL("vendor/stemmer.js", self.location.href).href)
      .then(module => { porter = module.stemmer; }),
    json("search/handbook.json"),
    json("pagefind/pagefind-entry.json")
  ]);
  // Pagefind favours short pages strongly by default (pageLength 0.75): a one-line reply
  // would outrank the playbook that explains the situation.
  await pagefind.options({ excerptLength: EXCERPT_WORDS, ranking: { pageLength: PAGE_LENGTH } });
  await pagefind.init();
  const pages = Object.values(entry.languages || {})
    .reduce((sum, lang) => sum + (lang.page_count || 0), 0);
  const synonyms = new Map(Object.entries(settings.synonyms || {}));
  const stop = new Set(settings.stop || []);
  const fold = new Map(Object.entries(settings.fold || {}));
  return { pagefind, synonyms, stop, fold, pages, entry: signature(entry), checked: Date.now(),
    indexing: Boolean(settings.indexing) };
}

/** `path` under the site's root as JSON, fresh from the server; {} when it cannot be read. */
function json(path) {
  return fetch(new URL(path, ROOT), { cache: "no-store" })
    .then(res => (res.ok ? res.json() : {}))
    .catch(() => ({}));
}

/** What identifies one build of the index: its languages' hashes. */
function signature(entry) {
  return JSON.stringify(entry.languages || {});
}

/** Whether pagefind-entry.json now names another index than the one loaded (a rebuild). */
async function indexChanged(state, now = false) {
  if (!now && Date.now() - state.checked < CHECK_EVERY_MS) return false;
  state.checked = Date.now();
  const entry = await json("pagefind/pagefind-entry.json");
  return Boolean(entry.languages) && signature(entry) !== state.entry;
}

/** A word as compared: letters Unicode does not decompose spelled out (the build's table,
 * search_index.FOLD: ł -> l, ß -> ss), accents dropped, lowercase. */
function fold(word, table) {
  let out = "";
  for (const ch of word) out += table.get(ch) ?? ch;
  return out.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** A (folded) word's stem by Porter's algorithm (assets/vendor/stemmer.js): refunding,
 * refunds -> refund; escalated, escalation -> escal; secretary -> secretari, not secret. */
function stem(word) {
  let out = stems.get(word);
  if (out === undefined) {
    out = porter ? porter(word) : word;
    if (stems.size > 50000) stems.clear();
    stems.set(word, out);
  }
  return out;
}

/** Whether `word` is a form of the (folded) query term `term`: refunds, refunding ~ refund. */
function sameWord(word, term, table) {
  const a = fold(word, table);
  return a === term || stem(a) === stem(term);
}

/** The folded words of a query. */
function wordsOf(text, table) {
  return (text.normalize("NFKC").match(WORD_RE) || []).map(w => fold(w, table));
}

/**
 * The query as groups of alternatives: one per synonym phrase found in it ("threatens to
 * cancel" -> cancel, leaving), whose words then count no more on their own, and one per other
 * word that counts, with that word's synonyms. A word written in pieces (wi-fi, e-mail) is one
 * group: the pieces joined (wifi), the pieces as a phrase ("wi fi") and each piece of three
 * letters or more (mail); a piece of one or two letters never counts alone. `exact` says which
 * terms are whole words (not beginnings): those the agent finished typing, all but the last
 * word of the query (or that one too, when a space follows it or it has under three letters);
 * not the synonyms, which stand for every word they begin as before.
 */
function groupsOf(query, synonyms, stop, table) {
  const text = query.normalize("NFKC");
  const tokens = text.split(/\s+/).filter(Boolean)
    .map(token => wordsOf(token, table)).filter(pieces => pieces.length);
  const words = tokens.flat();
  const groups = [];
  const covered = new Set();
  const flat = ` ${words.join(" ")} `;
  for (const [phrase, terms] of synonyms) {
    const inner = wordsOf(phrase, table);
    if (inner.length > 1 && flat.includes(` ${inner.join(" ")} `)) {
      groups.push({ label: phrase, terms: terms.map(t => fold(t, table)), exact: [], part: terms.map(() => 1) });
      for (const w of inner) covered.add(w);
    }
  }
  const typing = !/\s$/.test(text);
  const labels = new Set();
  tokens.forEach((pieces, i) => {
    const label = pieces.join(pieces.length > 1 ? "-" : "");
    const joined = pieces.join("");
    // A word in pieces is a word of its own, even when each piece is common (AT&T).
    const common = w => covered.has(w) || stop.has(w);
    if (labels.has(label) || (pieces.length === 1 ? common(joined) :
      pieces.every(common) && (common(joined) || [...joined].length < 3))) return;
    labels.add(label);
    // Text written without spaces is a run of words: a word there is always a beginning.
    const typed = !UNSPACED_RE.test(joined) &&
      !(typing && i === tokens.length - 1 && [...joined].length >= 3);
    // {term, exact, part}: the word; in pieces, the pieces joined (wifi), their phrase
    // ("wi fi", for PHRASE of the word: always whole words, as beginnings it would be any page holding "wi" and
    // "fi"; the joined form never a beginning when its pieces are single letters or common
    // words: "us" of U.S. is no beginning of "use", "att" of AT&T none of "attempt"), and
    // each piece of three letters or more that counts, for PIECE of the word; then the
    // synonyms.
    const letters = pieces.every(w => [...w].length === 1 || common(w)); // U.S., AT&T
    const own = pieces.length === 1 ? [{ term: joined, exact: typed, part: 1 }] : [
      { term: joined, exact: typed || letters, part: 1 },
      { term: pieces.join(" "), exact: true, part: PHRASE },
      ...pieces.filter(w => [...w].length >= 3 && !stop.has(w))
        .map(w => ({ term: w, exact: typed, part: PIECE }))];
    const alike = pieces.length === 1 ? (synonyms.get(joined) || []) : [];
    const all = [...own, ...alike.map(term => ({ term, exact: false, part: 1 }))];
    const seen = new Set();
    const kept = all.map(t => ({ ...t, term: fold(t.term, table) }))
      .filter(t => !seen.has(t.term) && seen.add(t.term));
    const terms = kept.map(t => t.term);
    const exact = kept.map(t => t.exact);
    const part = kept.map(t => t.part);
    groups.push({ label, terms, exact, part });
  });
  return groups;
}

/**
 * Pagefind results for each group (alternatives joined), ranked by the sum over the groups of
 * the page's Pagefind score for the group (its best term's; a lone piece of a word in pieces
 * at PIECE of it) times how rare the group is (log(1 + pages / pages holding it)), so
 * "cancel" counts for more than "customer", but a page that mentions "today" once does not
 * beat the refund playbook for "refund today". Guides (pages that
 * are not playbooks, replies or trees) come after the content. `current()` throws when a
 * newer query arrived: called after every step that waits.
 *
 * A page's words found are taken from each search's results (`words`: word positions), not
 * from the page data Pagefind hands out, which it shares between searches and rewrites for
 * the latest one; so every page's data loads at once, in parallel.
 */
async function answer({ pagefind, synonyms, stop, fold: table, pages }, query, current) {
  const groups = groupsOf(query, synonyms, stop, table);
  if (!groups.length) {
    // Only words too common to search for ("how do i", "the"): nothing, and the panel says why.
    const common = wordsOf(query, table).length > 0;
    if (common) updates.postMessage({ type: "common", query });
    return { items: [], more: null, common };
  }
  // Only a word being typed is searched as a beginning ("refu" finds "refund"); any other
  // term in quotes, which Pagefind matches as whole (stemmed) words, a phrase as adjacent words.
  // Pagefind scores a quoted search 1 on every page: the same term unquoted gives each page
  // its strength for the word (title, headings, keywords, frequency), from the same chunks.
  const searches = groups.flatMap((group, g) => group.terms.map((term, t) => {
    const exact = Boolean(group.exact[t]);
    return { g, term, exact, part: group.part[t],
      text: exact ? `"${term}"` : term };
  }));
  await Promise.all(searches.flatMap(({ text, term, exact }) => // chunks in parallel
    (exact ? [pagefind.preload(text), pagefind.preload(term)] : [pagefind.preload(text)])));
  current();
  for (const search of searches) {
    const got = await pagefind.search(search.text);
    current();
    search.results = (got && got.results) || [];
    search.strength = new Map(search.results.map(result => [result.id, result.score]));
    if (search.exact && search.results.length) {
      const loose = await pagefind.search(search.term);
      current();
      for (const result of (loose && loose.results) || [])
        if (search.strength.has(result.id)) search.strength.set(result.id, result.score);
    }
  }
  // A one-word query: the pages it can show load with its first result.
  const early = searches.length === 1 ? searches[0].results.slice(0, MAX_GROUPS + MAX_GUIDES) :
    [];
  for (const result of early) result.data();
  const firsts = await Promise.all(searches.map(search =>
    search.results.length ? search.results[0].data() : null));
  current();
  const hits = new Map(); // page id -> {result, groups: Set, strength: Map g -> score, words, top, whole: groups found as the query wrote them}
  const holding = groups.map(() => new Set());
  searches.forEach((search, i) => {
    const first = firsts[i] && (search.exact ? { whole: true } :
      marks(firsts[i], search.results[0].words, search.term, table));
    if (!first || !(first.whole || first.begun)) return; // Pagefind stretched: found nothing
    for (const result of search.results) {
      const hit = hits.get(result.id) ||
        { result, groups: new Set(), strength: new Map(), top: 0, words: new Set(),
          whole: new Set(), part: new Map() };
      const strength = (search.strength.get(result.id) || 0) * search.part;
      hit.strength.set(search.g, Math.max(hit.strength.get(search.g) || 0, strength));
      hit.groups.add(search.g);
      if (search.part === 1) hit.whole.add(search.g);
      hit.part.set(search.g, Math.max(hit.part.get(search.g) || 0, search.part));
      for (const at of result.words) hit.words.add(at);
      if (strength > hit.top) { hit.top = strength; hit.result = result; }
      hits.set(result.id, hit);
      holding[search.g].add(result.id);
    }
  });
  // A page holding only a piece of a word in pieces ("self" of self-service), or its pieces
  // as separate words ("checking in" for check-in), comes after every page holding the word:
  // its score for it is at most PIECE (PHRASE) of the weakest such page's (a page saying
  // "self-harm" often, "self" in its title, outscored the one saying "self-service" once).
  const weakest = groups.map((group, g) => Math.min(...[...hits.values()]
    .filter(hit => hit.whole.has(g)).map(hit => hit.strength.get(g))));
  for (const hit of hits.values())
    for (const [g, strength] of hit.strength)
      if (!hit.whole.has(g))
        hit.strength.set(g, Math.min(strength, hit.part.get(g) * weakest[g]));
  const total = Math.max(pages, hits.size, 1);
  const rarity = holding.map(ids => Math.log(1 + total / Math.max(ids.size, 1)));
  // Each word of the question counts by how strongly the page matches it (Pagefind's score),
  // times how rare it is: a page about one word of the question (refund) beats a page that
  // merely mentions a rarer filler word (today, urgent) beside it.
  const best = groups.map(() => 0); // the strongest page's score, per group
  for (const hit of hits.values())
    for (const [g, strength] of hit.strength) best[g] = Math.max(best[g], strength * rarity[g]);
  for (const hit of hits.values())
    hit.cover = [...hit.strength].reduce((sum, [g, strength]) => sum + strength * rarity[g], 0);
  const byCover = (a, b) => b.cover - a.cover;
  const sorted = [...hits.values()].sort(byCover);
  const top = Math.max(...best);
  // Only the results that can be shown are loaded (a fragment of a few KB each). A word of
  // the question in the title or the keywords counts half the strongest page's score for it
  // again (the whole question as one keyword: the strongest score again); a playbook, then a
  // tree, leads the replies written for it.
  const load = async (from, to) => {
    const some = sorted.slice(from, to);
    await Promise.all(some.map(async hit => { hit.data = await hit.result.data(); }));
    for (const hit of some) {
      const named = namedBy(hit.data, table);
      const part = (words, g) => Math.max(0, ...groups[g].terms.map((term, t) =>
        (words.some(word => sameWord(word, term, table)) ? groups[g].part[t] : 0)));
      const holds = words => g => part(words, g) > 0;
      // only for the word as the query meant it: a lone piece in a title ("self" of
      // self-service) does not put its page above the page that says the word
      const whole = (words, g) => (part(words, g) === 1 ? 1 : 0);
      for (const g of hit.groups) hit.cover += best[g] * TITLE * whole(named.flat(), g);
      // The question is one of the page's keywords ("customer is wrong"): the author says
      // the page answers it.
      if (groups.length > 1 && hit.groups.size === groups.length &&
          named.slice(1).some(words => [...hit.groups].every(holds(words))))
        hit.cover += top;
      hit.cover += top * (KIND_LEAD[hit.data.meta.kind] || 0);
    }
    return some.sort(byCover);
  };
  const guide = hit => KIND_LEAD[hit.data.meta.kind] === undefined;
  const content = list => list.filter(hit => !guide(hit));
  const itemsOf = list => underTheirTrees(list.map((hit, rank) =>
    toItems(hit, groups, rank, table)));
  const first = await load(0, MAX_GROUPS + MAX_GUIDES);
  current();
  const lead = content(first).slice(0, MAX_GROUPS);
  const guides = first.filter(guide);
  // The rest, for a second answer: the first results stay first, guides stay last. Steps of
  // one tree share a result: more pages are loaded (up to MAX_LOADED) until MAX_RESULTS
  // results are listed or none are left.
  const more = sorted.length <= first.length ? null : async stillCurrent => {
    let rest = [];
    let listed = [];
    for (let from = first.length; from < Math.min(sorted.length, MAX_LOADED);) {
      const to = Math.min(sorted.length, MAX_LOADED, from + MAX_RESULTS);
      rest = rest.concat(await load(from, to));
      stillCurrent();
      from = to;
      const tail = [...content(first).slice(MAX_GROUPS), ...content(rest)].sort(byCover);
      listed = itemsOf([...lead, ...tail]);
      if (listed.length >= MAX_RESULTS) break;
    }
    return listed.slice(0, MAX_RESULTS)
      .concat(itemsOf([...guides, ...rest.filter(guide)].slice(0, MAX_GUIDES)));
  };
  return { items: itemsOf([...lead, ...guides.slice(0, MAX_GUIDES)]), more };
}

/**
 * Pagefind matches the last word of a query as a beginning ("refu" finds "refund"), and falls
 * back on shorter and shorter beginnings of a word it does not know ("xylophone" finds the
 * letter "X"; "secretary" finds "secret"). What a page's words at `positions` (Pagefind's
 * matches for `term`) are: {whole: a form of the term (or, in scripts written without spaces,
 * a run holding it), begun: a word starting with the term's stem}. Neither: nothing found.
 */
function marks(data, positions, term, table) {
  const words = wordList(data);
  const root = stem(term);
  const found = { whole: false, begun: false };
  for (const at of positions) {
    const pieces = wordsOf(words[at] || "", table); // "Wi-Fi/LAN": wi, fi, lan, and wifilan
    for (const word of pieces.length > 1 ? [...pieces, pieces.join("")] : pieces) {
      if (sameWord(word, term, table) || (UNSPACED_RE.test(word) && word.includes(term)))
        found.whole = true;
      else if (word.startsWith(root)) found.begun = true;
    }
  }
  return found;
}

/** What says what a page is about, as lists of folded words: its title, then each of its
 * keywords (the hidden block its index text starts with, " · " between them:
 * render/search_index.py). */
function namedBy(data, table) {
  const hidden = wordList(data).slice(0, Number(data.meta.hidden || 0)).join(" ");
  // a word written in pieces is also there joined ("Self-service": selfservice)
  return [data.meta.title || "", ...hidden.split(" · ")].map(text => [...wordsOf(text, table),
    ...(text.normalize("NFKC").match(PIECES_RE) || []).map(w => wordsOf(w, table).join(""))]);
}

/** The words of a page's text, as Pagefind numbers them in a result's `words`. */
function wordList(data) {
  if (!data.hbWords) {
    const raw = String(data.raw_content || "");
    const spaced = !raw.includes("\u200B");
    data.hbWords = spaced ? String(data.content || "").split(/[\r\n\s]+/g) :
      raw.split("\u200B").map(w => w.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    data.hbJoiner = spaced ? " " : "";
  }
  return data.hbWords;
}

/** The headings of a page with an id and text ({element, id, text, location}), in order. */
function headings(data) {
  return (data.anchors || [])
    .filter(a => /^h\d$/i.test(a.element) && a.id && a.text && /\S/.test(a.text))
    .sort((a, b) => a.location - b.location);
}

/**
 * An excerpt of the words [from, to) of a page: EXCERPT_WORDS words around the densest run of
 * found words (`found`: positions) there, those in <mark>, everything else as text (safe HTML).
 * Returns {html, marked: the found words shown}.
 */
function excerptOf(data, found, from, to) {
  const words = wordList(data);
  to = Math.min(to, words.length);
  const spots = found.filter(at => at >= from && at < to).sort((a, b) => a - b);
  let start = from;
  let best = -1;
  for (const [i, spot] of spots.entries()) {
    let count = 0;
    while (i + count < spots.length && spots[i + count] < spot + EXCERPT_WORDS - 4) count++;
    if (count > best) { best = count; start = spot - 4; }
  }
  start = Math.max(from, Math.min(start, to - EXCERPT_WORDS));
  const end = Math.min(to, start + EXCERPT_WORDS);
  const at = new Set(spots);
  const marked = [];
  const html = words.slice(start, end).map((word, i) => {
    if (!at.has(start + i)) return escapeHTML(word);
    marked.push(word);
    return `<mark>${escapeHTML(word)}</mark>`;
  }).join(data.hbJoiner);
  return { html: (start > from ? "… " : "") + html + (end < to ? " …" : ""), marked };
}

/**
 * The page's own excerpt: from the words after its hidden block (keywords and folded
 * spellings: the `hidden` meta, render/search_index.py) and after its title, so neither the
 * keywords nor the title read as the excerpt.
 */
function pageExcerpt(data, found) {
  const words = wordList(data);
  let from = Number(data.meta.hidden || 0);
  const title = String(data.meta.title || "").split(/\s+/).filter(Boolean);
  const bare = word => String(word || "").replace(/[.,:;!?]+$/, "");
  // (a reply's page says its title twice: the page's and the reply block's heading)
  while (title.length && title.every((w, i) => bare(words[from + i]) === bare(w)))
    from += title.length;
  return excerptOf(data, found, from, words.length);
}

/**
 * The sections of a page that hold found words (`found`: positions), most words first, each
 * with the text under its heading as excerpt: every heading with an id but the page's title
 * (its h1: the page is the result already). A decision tree's steps are such sections.
 */
function sectionsOf(data, found) {
  const marks = headings(data);
  const out = [];
  marks.forEach((anchor, i) => {
    if (/^h1$/i.test(anchor.element)) return;
    const to = i + 1 < marks.length ? marks[i + 1].location : Infinity;
    const inside = found.filter(at => at >= anchor.location && at < to);
    if (!inside.length) return;
    const from = Math.min(anchor.location + anchor.text.split(/\s+/).filter(Boolean).length,
      to - 1);
    out.push({ anchor, count: inside.length, excerpt: excerptOf(data, inside, from, to) });
  });
  return out.sort((a, b) => b.count - a.count);
}

/**
 * Words to highlight on the page a result opens (Material's `?h=`, which marks any text that
 * holds one of them): the forms of the query's words found in the page as whole words
 * (refund, refunds, refunded) and the accented forms its excerpts mark (Zürich for zurich);
 * never a beginning still being typed, nor a piece of a word (call of on-call), nor a word of fewer than
 * MIN_HIGHLIGHT letters.
 */
function highlights(data, shown, groups, allGroups, table) {
  // A word in pieces as the query meant it (on-call, its joined form), never a lone piece
  // ("call" of on-call): that counts for less in ranking, and is not the agent's word.
  const terms = [...groups].flatMap(g => allGroups[g].terms
    .filter((term, t) => allGroups[g].part[t] === 1));
  const out = new Set();
  const text = String(data.content || "");
  for (const term of terms) {
    if (UNSPACED_RE.test(term)) {
      for (const spot of spotsOf(text, term, table)) out.add(spot);
      continue;
    }
    for (const form of formsIn(text, term, table)) out.add(form);
  }
  for (const marked of shown)
    for (const word of (marked.normalize("NFKC").toLowerCase().match(WORD_RE) || []))
      if (terms.some(term => sameWord(word, term, table))) out.add(word);
  return [...out].filter(word => [...word].length >= MIN_HIGHLIGHT);
}

/** The forms of `term` in `text` as whole words, lowercase (refund, refunds, refunded); a
 * word written in pieces as written (log-in for "login", wi-fi for "wifi" or "wi fi"). */
function formsIn(text, term, table) {
  const root = stem(term);
  const out = new Set();
  const short = [...term].length < 3; // "us" (U.S.): its stem "u" is also "use"'s
  for (const word of new Set(text.toLowerCase().match(WORD_RE) || []))
    if (word === term || (!short && stem(word) === root)) out.add(word);
  const whole = term.replace(/ /g, "");
  for (const word of new Set(text.toLowerCase().match(PIECES_RE) || [])) {
    const joined = wordsOf(word, table).join("");
    if (joined === whole || stem(joined) === stem(whole)) out.add(word);
  }
  return out;
}

/** The places of `text`, written without spaces, that fold to the (folded) `term`, as
 * written: ガソリン for カソリン (the query's voicing marks are dropped by fold, the page's
 * are not), so the page's highlighter finds them. */
function spotsOf(text, term, table) {
  if (text.includes(term)) return [term];
  const chars = [...text];
  let folded = "";
  const at = []; // each UTF-16 unit of `folded` -> the index in `chars` it comes from
  chars.forEach((ch, i) => {
    const f = fold(ch, table);
    folded += f;
    for (let k = 0; k < f.length; k++) at.push(i);
  });
  const out = new Set();
  for (let from = folded.indexOf(term); from >= 0; from = folded.indexOf(term, from + 1)) {
    let end = at[from + term.length - 1] + 1;
    while (end < chars.length && /\p{M}/u.test(chars[end])) end++; // its marks, decomposed
    out.add(chars.slice(at[from], end).join(""));
  }
  return [...out];
}

/** One Material result group: the page, then its matching sections (or tree steps). */
function toItems({ data, groups, words }, allGroups, rank, table) {
  const kind = LABELS[data.meta.kind] ? data.meta.kind : "page";
  const score = 1000 - rank;
  const pageUrl = locationOf(data.meta.url || data.url); // a tree step: the tree's, #step
  const found = [...words];
  const excerpt = pageExcerpt(data, found);
  const sections = kind === "reply" || kind === "step" ? [] :
    sectionsOf(data, found).slice(0, MAX_SECTIONS);
  const marked = [...excerpt.marked, ...sections.flatMap(s => s.excerpt.marked)];
  const terms = {};
  for (const word of highlights(data, marked, groups, allGroups, table)) terms[word] = true;
  allGroups.forEach((group, g) => {
    if (!groups.has(g)) terms[group.label] = false;
  });
  if (kind === "step") return stepItems(data, pageUrl, excerpt, score, terms);
  const page = {
    location: pageUrl,
    title: label(kind) + escapeHTML(data.meta.title || pageUrl),
    text: `<p>${excerpt.html}</p>`,
    score,
    terms
  };
  const result = [page, ...sections.map(({ anchor, excerpt: text }, i) => {
    const step = kind === "tree" && anchor.id.includes("--");
    return {
      location: `${pageUrl.split("#")[0]}#${anchor.id}`,
      title: (step ? label("step") : "") + escapeHTML(anchor.text),
      text: `<p>${text.html}</p>`,
      score: i < 2 ? score : score - 0.5,
      terms
    };
  })];
  if (kind === "tree") TREE_RESULTS.add(result);
  return result;
}

/**
 * A tree step's result: its tree (the tree page), then the step with its excerpt. Material
 * shows a result's text only for a page, and only when nothing is listed under it: it takes
 * the first item whose location has no "#" as the page (renderSearchResultItem in
 * src/templates/assets/javascripts/templates/search/index.tsx), so a step alone, at
 * "trees/x/#step", would be shown as a bare title that names no tree. Listed this way the
 * step reads as a section of its tree: "Refund request" over "Route it to billing support"
 * and the step's text.
 */
function stepItems(data, stepUrl, excerpt, score, terms) {
  const treeUrl = stepUrl.split("#")[0];
  const result = [{
    location: treeUrl,
    title: label("tree") + escapeHTML(data.meta.tree || treeUrl),
    text: "",
    score,
    terms
  }, {
    location: stepUrl,
    title: label("step") + escapeHTML(data.meta.title || stepUrl),
    text: `<p>${excerpt.html}</p>`,
    score,
    terms
  }];
  STEP_RESULTS.add(result);
  return result;
}

/**
 * The results with each tree listed once: the tree's own result (kind "tree") and the results
 * of its steps (each headed by the tree) become one result, at the place of whichever came
 * first, in whatever order Pagefind ranked them; the tree's own heading and excerpt replace
 * the bare heading a step brought, and every matching step is listed under it, as the sections
 * of a page are. Material shows the first two, and the others under "N more on this page"
 * (the items scored below the heading's: renderSearchResultItem).
 */
function underTheirTrees(results) {
  const trees = new Map(); // tree page's location -> the one result listing it
  const out = [];
  for (const result of results) {
    const own = TREE_RESULTS.has(result);
    if (!own && !STEP_RESULTS.has(result)) {
      out.push(result);
      continue;
    }
    const [head, ...under] = result;
    const tree = new URL(head.location, ROOT).href; // a page's is absolute, a step's relative
    const group = trees.get(tree);
    if (!group) {
      const first = [...result];
      if (own) TREE_RESULTS.add(first);
      trees.set(tree, first);
      out.push(first);
      continue;
    }
    if (own && !TREE_RESULTS.has(group)) {
      group[0] = { ...head, score: group[0].score };
      TREE_RESULTS.add(group);
    }
    for (const item of under)
      if (!group.some(listed => String(new URL(listed.location, ROOT)) ===
          String(new URL(item.location, ROOT))))
        group.push({ ...item, score: group[0].score - (group.length > 2 ? 0.5 : 0) });
  }
  // The tree's own link marks every word its listed steps found ("formal notice": the tree
  // page's record held "notice", a step "formal" too): the page shows them all.
  for (const group of trees.values()) group[0] = { ...group[0], terms: foundIn(group) };
  return out;
}

/** The `terms` of a result's items as one: a word found by any of them is found. */
function foundIn(items) {
  const terms = {};
  for (const item of items)
    for (const [word, found] of Object.entries(item.terms || {}))
      terms[word] = Boolean(terms[word] || found);
  return terms;
}

function label(kind) {
  return `<span class="hb-search-kind hb-search-kind--${kind}">${LABELS[kind]}</span> `;
}

/** A Pagefind URL ("/playbooks/x/#a") as Material wants it: relative to the site root. */
function locationOf(url) {
  return String(url || "").replace(/^\/+/, "");
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
