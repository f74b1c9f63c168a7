/*
 * Support handbook: the behaviour behind reply snippets, decision trees and checklists.
 *
 * Plain ES2017, no libraries, no network. Everything here enhances HTML that already works
 * without JavaScript (see src/handbook/render_snippet.py and render_tree.py for the markup).
 * init() runs on every page load, including Material's instant navigation, and is idempotent:
 * an element that has been enhanced carries data-hb-ready and is skipped the next time.
 */
(function () {
  "use strict";

  // The script was evaluated twice: the first copy is already listening. Tested by what
  // only this script sets, since an element with id="hbHandbook" also answers to the name.
  var loaded = window.hbHandbook;
  if (loaded && typeof loaded.init === "function" && !(loaded instanceof Node)) {
    return;
  }

  var PLACEHOLDER_RE = /\[\[\s*([^[\]]*?)\s*\]\]/g;
  var STATUS_CLEAR_MS = 4000;
  var trees = []; // enhanced trees on the current page
  /* Per page and tree: the step shown first, and the step each history entry showed (by the
     Navigation API's entry key, which survives Material's replaceState calls). Kept outside
     the tree objects because Material sometimes re-renders the same page.

     Every lookup keyed by a name that content chooses (placeholder names, node ids, tree and
     snippet ids, checklist items, anything from data-* attributes, JSON or storage) is a Map
     or a Set, never a plain object: a plain object's prototype already answers for
     `constructor`, `toString`, `valueOf`, `__proto__`..., and those are legal names. */
  var memory = new Map();
  var lastSync = null; // the tree step the back/forward buttons moved to, to restore focus

  /* ---------------------------------------------------------------- helpers */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
  }

  function currentHash() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (err) {
      return location.hash.slice(1);
    }
  }

  /* Run fn on each item on its own: one broken block (bad JSON, markup it does not expect)
     leaves the others on the page working. */
  function eachSafely(items, fn, what) {
    Array.prototype.forEach.call(items, function (item) {
      try {
        fn(item);
      } catch (err) {
        if (window.console && console.warn) {
          console.warn("handbook: " + what + " failed", item, err);
        }
      }
    });
  }

  function setStatus(status, message) {
    if (!status) {
      return;
    }
    status.textContent = message;
    clearTimeout(status.hbTimer);
    status.hbTimer = setTimeout(function () {
      status.textContent = "";
    }, STATUS_CLEAR_MS);
  }

  /* Clipboard: the async API first, a hidden textarea and execCommand as the fallback. */
  function copyText(text) {
    function fallback() {
      var area = el("textarea", { readonly: "", "aria-hidden": "true", tabindex: "-1" });
      area.value = text;
      area.style.position = "fixed";
      area.style.top = "0";
      area.style.left = "-9999px";
      area.style.opacity = "0";
      var active = document.activeElement;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (err) {
        ok = false;
      }
      area.remove();
      if (active && typeof active.focus === "function") {
        active.focus({ preventScroll: true });
      }
      return ok;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return fallback();
        }
      );
    }
    return Promise.resolve(fallback());
  }

  /* ---------------------------------------------------------------- snippets */

  /* Values typed into placeholder fields, for the ticket in hand: shared by every snippet in
     the tab (fill first_name once and every reply uses it, on this page and the next), kept
     in session storage so they survive Back, reload and instant navigation, and gone when the
     tab closes. "Clear fields" empties them for the next ticket. A Map by name. */
  var FIELDS_KEY = "hb-fields";
  var values = null;

  function fieldValues() {
    if (values) {
      return values;
    }
    values = new Map();
    try {
      var stored = JSON.parse(sessionStorage.getItem(FIELDS_KEY) || "{}");
      if (stored && typeof stored === "object" && !Array.isArray(stored)) {
        Object.keys(stored).forEach(function (name) {
          var value = Object.getOwnPropertyDescriptor(stored, name).value;
          if (typeof value === "string" && value) {
            values.set(name, value);
          }
        });
      }
    } catch (err) {
      /* storage disabled or not JSON: start empty */
    }
    return values;
  }

  function saveValues() {
    var out = {};
    fieldValues().forEach(function (value, name) {
      if (value) {
        Object.defineProperty(out, name, { value: value, enumerable: true });
      }
    });
    try {
      if (Object.keys(out).length) {
        sessionStorage.setItem(FIELDS_KEY, JSON.stringify(out));
      } else {
        sessionStorage.removeItem(FIELDS_KEY);
      }
    } catch (err) {
      /* storage full or disabled: the values still work until the page is left */
    }
  }

  /* The value typed for a placeholder, or "". */
  function sharedValue(name) {
    var value = fieldValues().get(name);
    return typeof value === "string" ? value : "";
  }

  /* data-placeholders, {"name": ["label", "fallback", required], ...} from
     render/snippet.py, as a Map of name -> {label, fallback, required}. JSON.parse makes
     plain objects, so only their own keys are read and the result is copied out at once; a
     label or fallback that is not a string becomes the name or "". A field with no fallback
     is required: nothing may stand in for it. Throws when the attribute is not a JSON
     object. */
  function parsePlaceholders(text) {
    var raw = JSON.parse(text || "{}");
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      throw new TypeError("data-placeholders is not a JSON object");
    }
    var placeholders = new Map();
    Object.keys(raw).forEach(function (name) {
      var pair = Object.getOwnPropertyDescriptor(raw, name).value;
      pair = Array.isArray(pair) ? pair : [];
      var fallback = typeof pair[1] === "string" ? pair[1] : "";
      placeholders.set(name, {
        label: typeof pair[0] === "string" ? pair[0] : name,
        fallback: fallback,
        required: pair[2] === true || !fallback.trim()
      });
    });
    return placeholders;
  }

  /* What stands for a placeholder in the reply, in the preview and on the clipboard alike:
     the typed value, else the fallback, else (a required field) a visible gap, "[Label]". */
  function fillFor(field, name, value) {
    if (value) {
      return { text: value, state: "filled" };
    }
    if (field && !field.required) {
      return { text: field.fallback, state: "fallback" };
    }
    return { text: "[" + (field ? field.label : name) + "]", state: "missing" };
  }

  function typedValue(block, name) {
    var input = block.querySelector("input[data-ph=\"" + cssEscape(name) + "\"]");
    return (input ? input.value : sharedValue(name)).trim();
  }

  /* A value typed as a whole sentence, in a reply that puts a full stop after the field:
     the reply's own stop is dropped, so "We've found the cause." doesn't paste as "cause..".
     The text node after the field keeps its original text here, to restore it. */
  var afterField = new WeakMap();

  function tidyAfter(span, fill) {
    var next = span.nextSibling;
    if (!next || next.nodeType !== 3) {
      return;
    }
    if (!afterField.has(next)) {
      afterField.set(next, next.nodeValue);
    }
    var original = afterField.get(next);
    var doubled = fill.state === "filled" && /[.!?…]$/.test(fill.text) &&
      original.charAt(0) === ".";
    next.nodeValue = doubled ? original.slice(1) : original;
  }

  function renderPlaceholders(block) {
    var fields = block.hbPlaceholders || new Map();
    block.querySelectorAll("var[data-ph]").forEach(function (span) {
      var name = span.dataset.ph;
      var field = fields.get(name);
      var fill = fillFor(field, name, typedValue(block, name));
      span.textContent = fill.text;
      tidyAfter(span, fill);
      span.title = field ? field.label + (fill.state === "fallback" ? " (not filled in)" : "") : "";
      span.classList.toggle("hb-ph--filled", fill.state === "filled");
      span.classList.toggle("hb-ph--fallback", fill.state === "fallback");
      span.classList.toggle("hb-ph--missing", fill.state === "missing");
    });
  }

  function setPlaceholder(name, value, source) {
    fieldValues().set(name, value);
    saveValues();
    var selector = ".hb-snippet input[data-ph=\"" + cssEscape(name) + "\"]";
    document.querySelectorAll(selector).forEach(function (input) {
      if (input !== source && input.value !== value) {
        input.value = value;
      }
      input.removeAttribute("aria-invalid");
    });
    eachSafely(document.querySelectorAll(".hb-snippet[data-hb-ready]"), renderPlaceholders,
      "showing a snippet's placeholders");
  }

  function clearAllFields() {
    fieldValues().clear();
    saveValues();
    document.querySelectorAll(".hb-snippet input[data-ph]").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
    });
    eachSafely(document.querySelectorAll(".hb-snippet[data-hb-ready]"), renderPlaceholders,
      "showing a snippet's placeholders");
  }

  /* The rendered variant of the selected tab (the tabs are radio inputs, in variant order). */
  function currentVariant(block) {
    var texts = block.querySelectorAll(".hb-snippet__text");
    var inputs = block.querySelectorAll(".tabbed-set > input");
    for (var i = 0; i < inputs.length && i < texts.length; i++) {
      if (inputs[i].checked) {
        return texts[i];
      }
    }
    return texts[0] || null;
  }

  /* Plain text of rendered variant HTML, written the way the reply's Markdown was: paragraphs
     apart by a blank line, line breaks kept, "- " and "1. " list items, "text (url)" links,
     `code` in backticks, and each placeholder as [[name]]. The help-desk exports produce the
     same text from the Markdown (plain_text() in src/handbook/render_snippet.py). */
  function markdownText(node) {
    var blocks = [];
    var line = "";
    function flush() {
      if (line.trim()) {
        blocks.push(line.replace(/[ \t]*\n[ \t]*/g, "\n").trim());
      }
      line = "";
    }
    function walk(el) {
      el.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          line += child.nodeValue.replace(/\s+/g, " ");
          return;
        }
        if (child.nodeType !== 1) {
          return;
        }
        var tag = child.tagName;
        if (child.classList.contains("hb-link-url")) {
          return; // shown for the preview; the link's own branch writes the address
        }
        if (tag === "VAR" && child.dataset.ph) {
          line += "[[" + child.dataset.ph + "]]";
        } else if (tag === "BR") {
          line += "\n";
        } else if (tag === "CODE") {
          line += "`" + child.textContent + "`";
        } else if (tag === "A") {
          var href = child.getAttribute("href") || "";
          var before = line.length;
          walk(child);
          if (href && line.slice(before) !== href) {
            line += " (" + href + ")";
          }
        } else if (tag === "UL" || tag === "OL") {
          flush();
          blocks.push(listText(child));
        } else if (/^(P|DIV|H[1-6]|BLOCKQUOTE|PRE)$/.test(tag)) {
          flush();
          walk(child);
          flush();
        } else {
          walk(child);
        }
      });
    }
    function listText(list) {
      var start = parseInt(list.getAttribute("start") || "1", 10);
      var loose = false;
      var items = Array.prototype.filter.call(list.children, function (li) {
        return li.tagName === "LI";
      }).map(function (li, i) {
        var marker = list.tagName === "OL" ? (start + i) + ". " : "- ";
        loose = loose || Boolean(li.querySelector(":scope > p"));
        return marker + markdownText(li).replace(/\n/g, "\n" + " ".repeat(marker.length));
      });
      return items.join(loose ? "\n\n" : "\n");
    }
    walk(node);
    flush();
    return blocks.join("\n\n");
  }

  /* A plain-text reply carries a link as "text (address)": the preview shows the address
     too, so it reads as it will be pasted. */
  function showLinkAddresses(block) {
    block.querySelectorAll(".hb-snippet__text a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href && link.textContent !== href && !link.querySelector(".hb-link-url")) {
        link.appendChild(el("span", { class: "hb-link-url", "aria-hidden": "true" },
          " (" + href + ")"));
      }
    });
  }

  /* The subject line (render/snippet.py's subject_html), when Copy reply copies it: with
     the email reply, the one a subject belongs to. */
  function copiedSubject(block) {
    var variant = currentVariant(block);
    return variant && variant.dataset.channel === "email" ?
      block.querySelector(":scope > .hb-snippet__subject > .hb-snippet__subject-text") : null;
  }

  /* The subject as the page shows it: each placeholder filled as in the reply (fillFor). */
  function subjectText(block, line) {
    var fields = block.hbPlaceholders || new Map();
    return Array.prototype.map.call(line.childNodes, function (node) {
      var name = node.nodeType === 1 ? node.getAttribute("data-ph") : null;
      return name === null ? node.textContent
        : fillFor(fields.get(name), name, typedValue(block, name)).text;
    }).join("").replace(/\s+/g, " ").trim();
  }

  /* The placeholders the selected variant (and the subject copied with it) uses that are
     required and still empty, in the order they appear. */
  function missingFields(block) {
    var variant = currentVariant(block);
    var fields = block.hbPlaceholders || new Map();
    var missing = [];
    if (!variant) {
      return missing;
    }
    var subject = copiedSubject(block);
    var spans = Array.prototype.slice.call(variant.querySelectorAll("var[data-ph]"));
    if (subject) {
      spans = Array.prototype.slice.call(subject.querySelectorAll("var[data-ph]")).concat(spans);
    }
    spans.forEach(function (span) {
      var name = span.dataset.ph;
      if (missing.indexOf(name) < 0 &&
          fillFor(fields.get(name), name, typedValue(block, name)).state === "missing") {
        missing.push(name);
      }
    });
    return missing;
  }

  /* The plain text the Copy button puts on the clipboard: the selected variant as the preview
     shows it (fillFor: typed value, fallback, or a "[Label]" gap). */
  function snippetText(block) {
    var variant = currentVariant(block);
    var text = variant ? markdownText(variant) : "";
    var fields = block.hbPlaceholders || new Map();
    return text
      .replace(PLACEHOLDER_RE, function (match, name) {
        return fillFor(fields.get(name), name, typedValue(block, name)).text;
      })
      .replace(/\s+$/, "");
  }

  /* With other channels beside the email reply, the subject line says which copy holds it. */
  function markSubject(block) {
    var line = block.querySelector(":scope > .hb-snippet__subject");
    var texts = block.querySelectorAll(".hb-snippet__text");
    var email = block.querySelector(".hb-snippet__text[data-channel='email']");
    if (line && email && texts.length > 1) {
      line.appendChild(el("span", { class: "hb-snippet__subject-note" },
        " (copied with the Email reply)"));
    }
  }

  /* What Copy reply puts on the clipboard: the email reply starts with its subject line,
     "Subject: …" and a blank line (a snippet with a subject); other channels have none. */
  function copiedText(block) {
    var subject = copiedSubject(block);
    var body = snippetText(block);
    return subject ? "Subject: " + subjectText(block, subject) + "\n\n" + body : body;
  }

  /* The snippet's page: the block's "Snippet page" link, or this page when it is that page. */
  function snippetLink(block) {
    var page = block.querySelector(".hb-snippet__actions > .hb-snippet__permalink");
    var url = new URL(page ? page.getAttribute("href") : "./", location.href);
    url.hash = "";
    return url.href;
  }

  /* The controls that only work with JavaScript: a field per placeholder, shared by every
     snippet in the tab (fill first_name once and every reply uses it). Ctrl+Enter (or
     Cmd+Enter) in a field copies the reply. */
  function buildFields(block, placeholders) {
    if (!placeholders.size) {
      return;
    }
    var fieldset = el("fieldset", { class: "hb-snippet__fields", "data-search-exclude": "" });
    fieldset.appendChild(el("legend", {}, "Fill in the details"));
    placeholders.forEach(function (field, name) {
      var label = el("label", { class: "hb-snippet__field" });
      var caption = el("span", { class: "hb-snippet__label" }, field.label);
      if (field.required) {
        caption.appendChild(el("span", { class: "hb-snippet__required" }, " (required)"));
      }
      label.appendChild(caption);
      var input = el("input", {
        type: "text", "data-ph": name, autocomplete: "off", enterkeyhint: "done",
        placeholder: field.required ? "" : field.fallback
      });
      if (field.required) {
        input.setAttribute("aria-required", "true");
      }
      input.value = sharedValue(name);
      input.addEventListener("input", function () {
        setPlaceholder(name, input.value, input);
      });
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          block.hbCopy();
        }
      });
      label.appendChild(input);
      fieldset.appendChild(label);
    });
    var clear = el("button", { type: "button", class: "md-button hb-snippet__clear" },
      "Clear fields");
    clear.title = "Empty every field in this tab, for the next ticket";
    clear.addEventListener("click", function () {
      clearAllFields();
      var first = fieldset.querySelector("input[data-ph]");
      if (first) {
        first.focus();
      }
      setStatus(block.querySelector(".hb-snippet__status"), "Fields cleared");
    });
    fieldset.appendChild(clear);
    var tabs = block.querySelector(":scope > .tabbed-set");
    block.insertBefore(fieldset, tabs);
  }

  function fieldLabel(block, name) {
    var field = (block.hbPlaceholders || new Map()).get(name);
    return field ? field.label : name;
  }

  /* Copy reply: with a required field empty, the first press names the empty fields and
     focuses the first; pressing again with nothing changed copies the reply with its gaps,
     on purpose. */
  function copyReply(block, status) {
    var missing = missingFields(block);
    var key = missing.join("\n");
    if (missing.length && block.hbGapsShown !== key) {
      block.hbGapsShown = key;
      missing.forEach(function (name) {
        var input = block.querySelector("input[data-ph=\"" + cssEscape(name) + "\"]");
        if (input) {
          input.setAttribute("aria-invalid", "true");
        }
      });
      var first = block.querySelector("input[data-ph=\"" + cssEscape(missing[0]) + "\"]");
      if (first) {
        first.focus({ preventScroll: true });
        first.scrollIntoView({ block: "center" }); // clear of a phone's sticky Copy bar
      }
      setStatus(status, "Not copied: fill in " + missing.map(function (name) {
        return fieldLabel(block, name);
      }).join(", ") + " (or press Copy reply again to copy it with the gaps)");
      return;
    }
    block.hbGapsShown = null;
    copyText(copiedText(block)).then(function (ok) {
      setStatus(status, ok ? (missing.length ? "Copied, with gaps to fill in" : "Copied")
        : "Copy failed: select the text and copy it by hand");
    });
  }

  function buildActions(block) {
    var actions = block.querySelector(":scope > .hb-snippet__actions");
    if (!actions) {
      actions = el("div", { class: "hb-snippet__actions", "data-search-exclude": "" });
      block.appendChild(actions);
    }
    var copy = el("button", { type: "button", class: "md-button md-button--primary hb-snippet__copy" },
      "Copy reply");
    var copyLink = el("button", { type: "button", class: "md-button hb-snippet__copy-link" },
      "Copy link");
    var status = el("span", { class: "hb-snippet__status", role: "status", "aria-live": "polite" });
    actions.insertBefore(copyLink, actions.firstChild);
    actions.insertBefore(copy, copyLink);
    actions.appendChild(status);
    block.hbCopy = function () {
      copyReply(block, status);
    };
    copy.addEventListener("click", block.hbCopy);
    copyLink.addEventListener("click", function () {
      copyText(snippetLink(block)).then(function (ok) {
        setStatus(status, ok ? "Link copied" : "Copy failed: use the Snippet page link");
      });
    });
  }

  function initSnippet(block) {
    if (block.dataset.hbReady) {
      return;
    }
    var placeholders = parsePlaceholders(block.dataset.placeholders); // throws on bad JSON
    if (!block.querySelector(".hb-snippet__text")) {
      return;
    }
    block.hbPlaceholders = placeholders;
    block.dataset.hbReady = "1";
    block.classList.add("hb-snippet--enhanced");
    showLinkAddresses(block);
    buildFields(block, placeholders);
    buildActions(block);
    markSubject(block);
    renderPlaceholders(block);
    if (block.classList.contains("hb-snippet--collapsible")) {
      buildToggle(block);
    }
  }

  /* A collapsed snippet shows its title and a Show reply button; the rest opens on demand,
     and by itself when the address points at it. */
  function buildToggle(block) {
    var title = block.querySelector(":scope > .hb-snippet__title");
    var body = el("div", { class: "hb-snippet__body" });
    body.id = (title && title.id ? title.id : "hb-snippet") + "__body";
    Array.prototype.slice.call(block.childNodes, title ? Array.prototype.indexOf.call(
      block.childNodes, title) + 1 : 0).forEach(function (node) {
      if (!(node.nodeType === 1 && node.classList.contains("hb-overdue-note"))) {
        body.appendChild(node); // the overdue badge stays in sight
      }
    });
    block.appendChild(body);
    var toggle = el("button", {
      type: "button", class: "md-button hb-snippet__toggle", "aria-expanded": "false",
      "aria-controls": body.id
    }, "Show reply");
    block.insertBefore(toggle, body);
    block.hbToggle = function (open) {
      block.classList.toggle("hb-snippet--closed", !open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Hide reply" : "Show reply";
    };
    toggle.addEventListener("click", function () {
      block.hbToggle(block.classList.contains("hb-snippet--closed"));
    });
    block.hbToggle(false);
    collapsedNow = true;
    openTargetReply();
  }

  /* Collapsing replies moves everything below them up: when it happens after the browser
     (or Material, re-rendering the page for a link within it) has scrolled to the address's
     target, scroll to it again, or the reader lands hundreds of pixels past it. */
  var collapsedNow = false;

  function keepTargetInView() {
    var hash = currentHash();
    var target = hash ? document.getElementById(hash) : null;
    if (!collapsedNow || !target || target.closest(".hb-tree")) {
      return;
    }
    collapsedNow = false;
    target.scrollIntoView({ block: "start" });
  }

  function openTargetReply() {
    var hash = currentHash();
    var target = hash ? document.getElementById(hash) : null;
    var block = target ? target.closest(".hb-snippet--closed") : null;
    if (block && block.hbToggle) {
      block.hbToggle(true);
      target.scrollIntoView({ block: "start" });
    }
  }

  /* ---------------------------------------------------------------- decision trees */

  function entryKey() {
    try {
      return window.navigation && navigation.currentEntry ? navigation.currentEntry.key : null;
    } catch (err) {
      return null;
    }
  }

  function treeMemory(treeId) {
    var key = location.pathname + "#" + treeId;
    if (!memory.has(key)) {
      memory.set(key, { initial: null, entries: new Map() }); // entries: entry key -> node id
    }
    return memory.get(key);
  }

  function stepAnchor(tree, nodeId) {
    return tree.data.id + "--" + nodeId;
  }

  function answersOf(tree, nodeId) {
    var node = tree.data.nodes.get(nodeId);
    return node ? node.answers : [];
  }

  function nodeTitle(tree, nodeId) {
    var node = tree.data.nodes.get(nodeId);
    return (node && (node.question || node.outcome)) || nodeId;
  }

  /* Shortest path from the start to nodeId, as [{node, answer, next}], or null. */
  function shortestPath(tree, target) {
    var start = tree.data.start;
    var came = new Map(); // node id -> the step that reached it first
    came.set(start, null);
    var queue = [start];
    while (queue.length) {
      var nodeId = queue.shift();
      if (nodeId === target) {
        var path = [];
        while (came.get(nodeId)) {
          path.unshift(came.get(nodeId));
          nodeId = came.get(nodeId).node;
        }
        return path;
      }
      answersOf(tree, nodeId).forEach(function (answer) {
        if (!came.has(answer.next)) {
          came.set(answer.next, { node: nodeId, answer: answer.label, next: answer.next });
          queue.push(answer.next);
        }
      });
    }
    return null;
  }

  /* The path to show for nodeId: a prefix of the current one when going back, one step longer
     when it is an answer of the current step, else the shortest path from the start. */
  function pathTo(tree, target) {
    if (target === tree.current) {
      return tree.path.slice();
    }
    for (var i = 0; i < tree.path.length; i += 1) {
      if (tree.path[i].node === target) {
        return tree.path.slice(0, i);
      }
    }
    var step = answersOf(tree, tree.current).filter(function (answer) {
      return answer.next === target;
    })[0];
    if (step) {
      return tree.path.concat([{ node: tree.current, answer: step.label, next: target }]);
    }
    return shortestPath(tree, target) || [];
  }

  function renderTrail(tree) {
    var list = tree.trail.querySelector("ol");
    list.textContent = "";
    tree.path.forEach(function (step) {
      var item = el("li", { class: "hb-tree__crumb" });
      var link = el("a", {
        href: "#" + stepAnchor(tree, step.node),
        "data-node": step.node,
        class: "hb-tree__crumb-question"
      }, nodeTitle(tree, step.node));
      item.appendChild(link);
      item.appendChild(el("span", { class: "hb-tree__crumb-sep", "aria-hidden": "true" }, " → "));
      item.appendChild(el("span", { class: "hb-tree__crumb-answer" }, step.answer));
      list.appendChild(item);
    });
    tree.trail.hidden = tree.path.length === 0;
  }

  function showStep(tree, nodeId, path, options) {
    var opts = options || {};
    if (!tree.steps.has(nodeId)) {
      return;
    }
    tree.current = nodeId;
    tree.path = path;
    tree.steps.forEach(function (step, id) {
      var on = id === nodeId;
      step.hidden = !on;
      step.classList.toggle("hb-tree__step--current", on);
    });
    renderTrail(tree);
    var atStart = nodeId === tree.data.start && path.length === 0;
    tree.back.disabled = path.length === 0;
    tree.restart.disabled = atStart;
    tree.el.dataset.current = nodeId;
    var hash = "#" + stepAnchor(tree, nodeId);
    if (opts.push && location.hash !== hash) {
      history.pushState(null, "", hash);
    }
    var key = entryKey();
    if (key) {
      treeMemory(tree.data.id).entries.set(key, nodeId);
    }
    var heading = tree.steps.get(nodeId).querySelector(".hb-tree__title");
    if (opts.focus && heading) {
      heading.focus({ preventScroll: true });
      // The new step's top, below Material's sticky header (scroll-margin-top in the CSS).
      var top = heading.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) {
        (tree.trail.hidden ? heading : tree.trail).scrollIntoView({ block: "start" });
      }
    }
  }

  function go(tree, nodeId) {
    if (!tree.steps.has(nodeId)) {
      return;
    }
    showStep(tree, nodeId, pathTo(tree, nodeId), { push: true, focus: true });
  }

  /* The tree and node a URL hash points at: a step heading, or anything inside a step
     (for example the snippet of an outcome, which search results link to). */
  function nodeForHash(tree, hash) {
    if (!hash) {
      return null;
    }
    var target = document.getElementById(hash);
    if (!target || !tree.el.contains(target)) {
      return null;
    }
    var step = target.closest("li.hb-tree__step[data-node]");
    if (!step || !tree.steps.has(step.dataset.node)) {
      return null;
    }
    return { node: step.dataset.node, target: target };
  }

  /* The tree as the page renders it (render_tree.py): each step a <li data-node> with its
     title in a heading; a question's answers link to the next step by data-next. The nodes
     are a Map by node id. */
  function treeData(root, list) {
    var nodes = new Map();
    list.querySelectorAll(":scope > li.hb-tree__step[data-node]").forEach(function (step) {
      var heading = step.querySelector(":scope > .hb-tree__title");
      var title = heading ? Array.prototype.filter.call(heading.childNodes, function (node) {
        return !(node.nodeType === 1 && node.classList.contains("headerlink"));
      }).map(function (node) {
        return node.textContent;
      }).join("").trim() : step.dataset.node;
      var answers = Array.prototype.map.call(
        step.querySelectorAll(":scope > .hb-tree__answers a.hb-tree__answer[data-next]"),
        function (link) {
          return { label: link.textContent, next: link.dataset.next };
        });
      nodes.set(step.dataset.node, step.classList.contains("hb-tree__step--outcome")
        ? { outcome: title, answers: [] }
        : { question: title, answers: answers });
    });
    return { id: root.dataset.tree, start: root.dataset.start, nodes: nodes };
  }

  function initTree(root) {
    if (root.dataset.hbReady) {
      return;
    }
    var list = root.querySelector(":scope > ol.hb-tree__steps");
    if (!list) {
      return;
    }
    var data = treeData(root, list);
    var tree = { // steps: node id -> its <li>
      el: root, data: data, steps: new Map(), path: [], current: null, page: location.pathname
    };
    list.querySelectorAll(":scope > li.hb-tree__step[data-node]").forEach(function (step) {
      tree.steps.set(step.dataset.node, step);
    });
    if (!tree.steps.has(data.start)) {
      return;
    }
    root.dataset.hbReady = "1";

    /* Answers become real buttons: in tab order, Enter and Space work, and Material's instant
       navigation (which intercepts every same-site link) never sees them. */
    list.querySelectorAll("a.hb-tree__answer[data-next]").forEach(function (link) {
      var button = el("button", {
        type: "button",
        class: "hb-tree__answer",
        "data-next": link.dataset.next,
        "data-next-title": nodeTitle(tree, link.dataset.next) // shown on paper
      });
      var position = Array.prototype.indexOf.call(
        link.closest("ul").querySelectorAll("a.hb-tree__answer, button.hb-tree__answer"), link) + 1;
      if (position >= 1 && position <= 9) {
        // Shown by the CSS (::before), so the button's text stays the answer's label.
        button.dataset.key = String(position);
        button.setAttribute("aria-keyshortcuts", String(position));
      }
      button.textContent = link.textContent;
      link.replaceWith(button);
    });

    /* From a step's heading, Tab goes straight to its answers: the heading's ¶ link stays
       for the mouse, and "Copy link to this step" gives keyboard users the same link. */
    list.querySelectorAll(".hb-tree__title > a.headerlink").forEach(function (link) {
      link.setAttribute("tabindex", "-1");
    });

    tree.trail = el("nav", { class: "hb-tree__trail", "aria-label": "Path so far" });
    tree.trail.appendChild(el("p", { class: "hb-tree__trail-title" }, "Path so far"));
    tree.trail.appendChild(el("ol", { class: "hb-tree__path" }));
    list.before(tree.trail);

    var controls = el("div", { class: "hb-tree__controls" });
    tree.back = el("button", { type: "button", class: "md-button hb-tree__back" }, "Back");
    tree.restart = el("button", { type: "button", class: "md-button hb-tree__restart" },
      "Start over");
    var copyLink = el("button", { type: "button", class: "md-button hb-tree__copy-link" },
      "Copy link to this step");
    var copyNote = el("button", { type: "button", class: "md-button hb-tree__copy-note" },
      "Copy path as note");
    copyNote.title = "The questions, answers and outcome so far, with the link, as plain text " +
      "for the ticket's internal note";
    var status = el("span", { class: "hb-tree__status", role: "status", "aria-live": "polite" });
    [tree.back, tree.restart, copyLink, copyNote, status].forEach(function (node) {
      controls.appendChild(node);
    });
    list.after(controls);

    root.addEventListener("click", function (ev) {
      var answer = ev.target.closest("button.hb-tree__answer[data-next]");
      if (answer && root.contains(answer)) {
        go(tree, answer.dataset.next);
        return;
      }
      var crumb = ev.target.closest("a.hb-tree__crumb-question[data-node]");
      if (crumb && tree.trail.contains(crumb) && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey) {
        ev.preventDefault();
        ev.stopPropagation(); // keep Material's instant navigation out of it
        go(tree, crumb.dataset.node);
      }
    });
    tree.back.addEventListener("click", function () {
      if (tree.path.length) {
        go(tree, tree.path[tree.path.length - 1].node);
      }
    });
    tree.restart.addEventListener("click", function () {
      showStep(tree, tree.data.start, [], { push: true, focus: true });
    });
    copyLink.addEventListener("click", function () {
      copyText(stepUrl(tree)).then(function (ok) {
        setStatus(status, ok ? "Link copied" : "Copy failed: copy the address bar instead");
      });
    });
    copyNote.addEventListener("click", function () {
      copyText(pathNote(tree)).then(function (ok) {
        setStatus(status, ok ? "Path copied as a note" : "Copy failed: copy the link instead");
      });
    });
    /* Number keys pick the current question's answers (1 for the first), as the answers'
       numbers show, while the focus is in the tree and not in a text field. */
    root.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || !/^[1-9]$/.test(ev.key) ||
          ev.target.closest("input, textarea, select, [contenteditable]")) {
        return;
      }
      var answer = answersOf(tree, tree.current)[Number(ev.key) - 1];
      if (answer) {
        ev.preventDefault();
        go(tree, answer.next);
      }
    });

    root.classList.add("hb-tree--enhanced");
    trees.push(tree);

    var remembered = treeMemory(data.id);
    var found = nodeForHash(tree, currentHash());
    var start = found ? found.node : remembered.entries.get(entryKey()) || data.start;
    if (!tree.steps.has(start)) {
      start = data.start;
    }
    if (!remembered.initial) {
      remembered.initial = start;
    }
    // A link straight to a later step (from a ticket, or another tree's outcome) shows that
    // step without claiming answers nobody gave; within the visit, Back keeps the real path.
    var arrived = found && !lastSync && start !== data.start;
    showStep(tree, start, arrived ? [] : shortestPath(tree, start) || [], {});
    var heading = tree.steps.get(start).querySelector(".hb-tree__title");
    if (lastSync && lastSync.tree === data.id && Date.now() - lastSync.time < 3000 &&
        (found || !currentHash())) {
      // Material re-rendered the page while going back to a step: keep the focus there
      // (not after a link to another section of the page, which must land on that section).
      heading.focus({ preventScroll: Boolean(!found) });
    } else if (found) {
      // The browser scrolled to the anchor before the other steps were hidden: scroll again.
      (found.target === heading ? root : found.target).scrollIntoView({ block: "start" });
    }
  }

  /* This step's address, for a ticket: the page and the step's anchor, nothing else. */
  function stepUrl(tree) {
    var url = new URL(location.href);
    url.search = ""; // e.g. Material's ?h= search highlighting: not part of the link
    url.hash = stepAnchor(tree, tree.current);
    return url.href;
  }

  /* The path so far as plain text for a ticket's internal note: the tree, each question with
     the answer picked, where it ended (the outcome and what to do) and the step's link. */
  function pathNote(tree) {
    var title = (document.querySelector("article h1") || {}).textContent || tree.data.id;
    var lines = ["Decision tree: " + title.replace(/\s*¶\s*$/, "").trim()];
    tree.path.forEach(function (step) {
      lines.push("- " + nodeTitle(tree, step.node) + " → " + step.answer);
    });
    var node = tree.data.nodes.get(tree.current);
    var step = tree.steps.get(tree.current);
    if (node && node.outcome) {
      lines.push("Outcome: " + node.outcome);
      var instruction = step.querySelector(":scope > .hb-tree__instruction");
      if (instruction) {
        lines.push("What to do: " + instruction.textContent.replace(/\s+/g, " ").trim());
      }
    } else {
      lines.push("Now at: " + nodeTitle(tree, tree.current));
    }
    lines.push("Link: " + stepUrl(tree));
    return lines.join("\n");
  }

  /* Bring every tree on the page in line with the URL: after the browser's back and forward
     buttons, a hash change, or Material's instant navigation to an anchor on this page. */
  function syncTrees(fromHistory) {
    var hash = currentHash();
    trees = trees.filter(function (tree) {
      return tree.el.isConnected;
    });
    eachSafely(trees, function (tree) {
      if (tree.page !== location.pathname) {
        return; // Back left for another page; Material is about to replace this one
      }
      var found = nodeForHash(tree, hash);
      var nodeId = found ? found.node : null;
      if (!nodeId && fromHistory) {
        // An entry whose hash is not a step of this tree: the step it showed, if we know it,
        // else the step the tree opened on (the entry before the first answer).
        var remembered = treeMemory(tree.data.id);
        nodeId = remembered.entries.get(entryKey()) || remembered.initial || tree.data.start;
      }
      if (!nodeId || !tree.steps.has(nodeId)) {
        return;
      }
      if (fromHistory) {
        lastSync = { tree: tree.data.id, time: Date.now() };
      }
      if (nodeId !== tree.current) {
        showStep(tree, nodeId, pathTo(tree, nodeId), { focus: true });
      }
      if (found && found.target !== tree.steps.get(nodeId).querySelector(".hb-tree__title")) {
        found.target.scrollIntoView({ block: "start" });
      }
    }, "following the address in a decision tree");
  }

  function isTreeStepHash(hash) {
    var id = hash.replace(/^#/, "");
    return trees.some(function (tree) {
      return tree.el.isConnected && Boolean(nodeForHash(tree, id));
    });
  }

  /* Material's navigation.tracking rewrites the address bar while the page scrolls, replacing
     the hash with the nearest table-of-contents anchor (or removing it). That would throw away
     the deep link of the tree step on screen, so a reload or a copied address would land on
     the first question. Keep the step's hash when a same-page replaceState would drop it. */
  function guardStepHash() {
    var original = history.replaceState;
    history.replaceState = function (state, title, url) {
      if (url !== undefined && url !== null && isTreeStepHash(location.hash)) {
        try {
          var next = new URL(String(url), location.href);
          if (next.pathname === location.pathname && !isTreeStepHash(next.hash)) {
            next.hash = location.hash;
            url = next.href;
          }
        } catch (err) {
          /* leave the call alone */
        }
      }
      return original.call(history, state, title, url);
    };
  }

  /* ---------------------------------------------------------------- checklists */

  /* A checklist item's own text, whole: nested items, tick times and any reply shown in it
     left out. */
  function itemText(item) {
    var clone = item.cloneNode(true);
    clone.querySelectorAll("ul, ol, .hb-tick-time, .hb-snippet").forEach(function (nested) {
      nested.remove();
    });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /* What a tick is remembered by: the item's text, cut to a length storage can take. */
  function itemKey(item) {
    return itemText(item).slice(0, 200);
  }

  /* A page's checklist state: when the incident started, when the last update was posted,
     and the time of each tick (0: ticked before times were kept), by item key. Storage is
     another tab's or an old version's writing: only well-formed values are taken. */
  function emptyState() {
    return { started: 0, updated: 0, kept: 0, ticks: new Map() };
  }

  function storageGet(key) {
    var state = emptyState();
    var stamp = function (value) {
      return typeof value === "number" && isFinite(value) && value > 0 ? value : 0;
    };
    try {
      var stored = JSON.parse(localStorage.getItem(key) || "null");
      if (Array.isArray(stored)) { // the first version: ticked keys only
        stored.forEach(function (item) {
          if (typeof item === "string") {
            state.ticks.set(item, 0);
          }
        });
      } else if (stored && typeof stored === "object" && Array.isArray(stored.ticks)) {
        state.started = stamp(stored.started);
        state.updated = stamp(stored.updated);
        state.kept = stamp(stored.kept);
        stored.ticks.forEach(function (pair) {
          if (Array.isArray(pair) && typeof pair[0] === "string") {
            state.ticks.set(pair[0], stamp(pair[1]));
          }
        });
      }
    } catch (err) {
      /* storage disabled or not JSON: nothing is remembered */
    }
    return state;
  }

  function storageSet(key, state) {
    try {
      if (state.ticks.size || state.started) {
        localStorage.setItem(key, JSON.stringify({
          v: 2, started: state.started, updated: state.updated, kept: state.kept,
          ticks: Array.from(state.ticks.entries())
        }));
      } else {
        localStorage.removeItem(key);
      }
    } catch (err) {
      /* storage full or disabled: ticking still works, it just isn't remembered */
    }
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* "14:05" in the browser's time zone; the zone's name is given once where times are copied. */
  function clock(ms) {
    var d = new Date(ms);
    return two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function timeZoneName() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
    } catch (err) {
      return "local time";
    }
  }

  /* The outage cadence in minutes, from the page (partials/review.html, core/cadence.py). */
  function pageTimings() {
    var holder = document.querySelector(".hb-timings[data-timings]");
    var out = new Map();
    if (!holder) {
      return out;
    }
    try {
      var raw = JSON.parse(holder.dataset.timings);
      ["update", "long_update", "long_incident_after", "checklist_expires_after"]
        .forEach(function (name) {
          var value = raw && Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : null;
          if (typeof value === "number" && value > 0) {
            out.set(name, value);
          }
        });
    } catch (err) {
      /* no timings: no countdown */
    }
    return out;
  }

  var MINUTE = 60000;

  /* When the next update is due: the update cadence after the last update posted (or the
     start), the slower long-incident cadence once the incident has run long. 0: no clock. */
  function nextUpdateDue(state, timings) {
    if (!state.started || !timings.has("update")) {
      return 0;
    }
    var base = Math.max(state.started, state.updated);
    var every = timings.get("update");
    if (timings.has("long_incident_after") && timings.has("long_update") &&
        base - state.started >= timings.get("long_incident_after") * MINUTE) {
      every = timings.get("long_update");
    }
    return base + every * MINUTE;
  }

  /* The newest thing done on the checklist (start, update, tick), or 0. */
  function lastActivity(state) {
    var newest = Math.max(state.started, state.updated, state.kept || 0);
    state.ticks.forEach(function (at) {
      newest = Math.max(newest, at);
    });
    return newest;
  }

  function button(text, cls) {
    return el("button", { type: "button", class: "md-button " + cls }, text);
  }

  function initChecklist() {
    var article = document.querySelector("article.md-content__inner") ||
      document.querySelector("main");
    if (!article || article.dataset.hbChecklist) {
      return;
    }
    var boxes = Array.prototype.filter.call(
      article.querySelectorAll("li.task-list-item input[type=checkbox]"),
      function (box) {
        return !box.disabled && !box.closest(".hb-snippet, .hb-tree");
      }
    );
    if (!boxes.length) {
      return;
    }
    article.dataset.hbChecklist = "1";
    var storeKey = "hb-checklist:" + location.pathname;
    var seen = new Map(); // item text -> how many items so far have it
    var keys = boxes.map(function (box) {
      var key = itemKey(box.closest("li.task-list-item"));
      var n = (seen.get(key) || 0) + 1;
      seen.set(key, n);
      return n > 1 ? key + " #" + n : key;
    });
    var timings = pageTimings();
    var state = storageGet(storeKey);
    var undo = null; // the state before the last clear, while Undo is offered

    /* The bar: progress, the incident's clock, and its actions. */
    var bar = el("div", { class: "hb-checklist-bar", "data-search-exclude": "" });
    var count = el("span", { class: "hb-checklist-bar__count", role: "status",
      "aria-live": "polite" });
    var started = el("span", { class: "hb-checklist-bar__started" });
    var start = button("Start incident", "hb-checklist-bar__start");
    var due = el("span", { class: "hb-checklist-bar__due" });
    var posted = button("Update posted", "hb-checklist-bar__posted");
    posted.title = "Restart the countdown to the next update from now";
    var copy = button("Copy status", "hb-checklist-bar__copy");
    copy.title = "The ticked items with their times, as plain text for the incident channel " +
      "or the ticket";
    var clear = button("Clear checklist", "hb-checklist-bar__clear");
    var prompt = el("div", { class: "hb-checklist-bar__prompt", role: "group",
      "aria-label": "Clear the checklist?" });
    var notice = el("div", { class: "hb-checklist-bar__notice" });
    var announce = el("span", { class: "hb-visually-hidden", role: "status",
      "aria-live": "polite" });
    // The incident mode is for checklists worked through during an incident (a playbook's
    // `incident_checklist: true`, which puts the cadence on the page); others count and clear.
    var incident = timings.size > 0;
    (incident ? [count, started, start, due, posted, copy, clear, prompt, notice, announce]
      : [count, clear, prompt, announce]).forEach(function (node) {
      bar.appendChild(node);
    });
    if (incident) {
      bar.id = "incident";
      article.dataset.hbIncident = "1";
    }
    var LISTS = "ul.task-list, ol.task-list";
    var firstList = boxes[0].closest(LISTS) || boxes[0].closest("li");
    while (firstList.parentElement && firstList.parentElement.closest(LISTS)) {
      firstList = firstList.parentElement.closest(LISTS); // the outermost list
    }
    firstList.before(bar);

    function save() {
      storageSet(storeKey, state);
    }

    function showTick(box, at) {
      var item = box.closest("li.task-list-item");
      var shown = item.querySelector(":scope > .hb-tick-time");
      if (!box.checked) {
        if (shown) {
          shown.remove();
        }
        return;
      }
      if (!shown) {
        shown = el("time", { class: "hb-tick-time" });
        var nested = item.querySelector(":scope > ul, :scope > ol");
        item.insertBefore(shown, nested);
      }
      shown.textContent = at ? "ticked " + clock(at) : "ticked";
      shown.setAttribute("datetime", at ? new Date(at).toISOString() : "");
    }

    var wasOverdue = false;
    function renderClock() {
      var now = Date.now();
      started.textContent = state.started ? "Incident started " + clock(state.started) : "";
      start.hidden = Boolean(state.started);
      var when = nextUpdateDue(state, timings);
      posted.hidden = !when;
      if (!when) {
        due.textContent = "";
        wasOverdue = false;
      } else if (now < when) {
        var left = Math.ceil((when - now) / MINUTE);
        due.textContent = "Next update due at " + clock(when) + " (in " + left + " min)";
        wasOverdue = false;
      } else {
        due.textContent = "Update overdue: it was due at " + clock(when);
        if (!wasOverdue) {
          announce.textContent = "The next update was due at " + clock(when) + ".";
        }
        wasOverdue = true;
      }
      due.classList.toggle("hb-checklist-bar__due--overdue", wasOverdue);
      renderStale(now);
    }

    /* Ticks from a past incident: offer a fresh start instead of carrying them over. */
    function renderStale(now) {
      var expires = timings.get("checklist_expires_after");
      var newest = lastActivity(state);
      var stale = Boolean(expires && newest && now - newest > expires * MINUTE);
      if (stale === Boolean(notice.dataset.stale)) {
        return;
      }
      notice.textContent = "";
      notice.dataset.stale = stale ? "1" : "";
      if (!stale) {
        return;
      }
      var minutes = Math.round((now - newest) / MINUTE);
      var ago = minutes < 120 ? minutes + " minutes" : Math.round(minutes / 60) + " hours";
      notice.appendChild(el("span", {}, "These ticks were last changed " + ago +
        " ago. A new incident? "));
      var fresh = button("Start a new incident", "hb-checklist-bar__fresh");
      var keep = button("Keep them", "hb-checklist-bar__keep");
      notice.appendChild(fresh);
      notice.appendChild(keep);
      fresh.addEventListener("click", function () {
        clearAll(true);
        state.started = Date.now();
        save();
        update();
      });
      keep.addEventListener("click", function () {
        notice.textContent = "";
        state.kept = Date.now(); // only the prompt goes; no update counts as posted
        save();
        notice.dataset.stale = "";
      });
    }

    function update() {
      var done = boxes.filter(function (box) {
        return box.checked;
      }).length;
      count.textContent = done + " of " + boxes.length + " ticked";
      clear.disabled = done === 0 && !state.started;
      copy.disabled = done === 0 && !state.started;
      boxes.forEach(function (box, i) {
        showTick(box, state.ticks.get(keys[i]) || 0);
      });
      renderClock();
    }

    function clearAll(offerUndo) {
      undo = offerUndo ? { started: state.started, updated: state.updated, kept: state.kept,
        ticks: new Map(state.ticks) } : null;
      state = emptyState();
      boxes.forEach(function (box) {
        box.checked = false;
      });
      save();
      prompt.textContent = "";
      if (undo) {
        prompt.appendChild(el("span", {}, "Checklist cleared. "));
        var back = button("Undo", "hb-checklist-bar__undo");
        prompt.appendChild(back);
        back.addEventListener("click", function () {
          // Back to the ticks before the clear, keeping any made since (in another tab too).
          var now = storageGet(storeKey);
          undo.ticks.forEach(function (at, key) {
            if (!now.ticks.has(key)) {
              now.ticks.set(key, at);
            }
          });
          now.started = now.started || undo.started;
          now.updated = Math.max(now.updated, undo.updated);
          now.kept = Math.max(now.kept || 0, undo.kept || 0);
          state = now;
          undo = null;
          boxes.forEach(function (box, i) {
            box.checked = state.ticks.has(keys[i]);
          });
          save();
          prompt.textContent = "";
          update();
          clear.focus();
        });
        clearTimeout(prompt.hbTimer);
        prompt.hbTimer = setTimeout(function () {
          if (prompt.contains(back)) {
            prompt.textContent = "";
          }
        }, 30000);
      }
    }

    boxes.forEach(function (box, i) {
      box.checked = state.ticks.has(keys[i]);
      box.dataset.hbKey = keys[i];
      // pymdownx's <label> wraps only the box, not the item's text: name the box after it.
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", keys[i].replace(/ #\d+$/, ""));
      }
      box.addEventListener("change", function () {
        if (box.checked) {
          state.ticks.set(keys[i], Date.now());
        } else {
          state.ticks.delete(keys[i]);
        }
        save();
        update();
      });
    });

    /* The item's text ticks its box too (pymdownx's label holds only the 20 px box); a link
       or a nested item in it keeps its own click. */
    boxes.forEach(function (box) {
      var item = box.closest("li.task-list-item");
      item.classList.add("hb-checklist-item");
      item.addEventListener("click", function (ev) {
        if (ev.target.closest("a, button, input, label, summary, details, code, time") ||
            ev.target.closest("li.task-list-item") !== item ||
            (window.getSelection && String(window.getSelection()))) {
          return;
        }
        box.click();
      });
    });

    start.addEventListener("click", function () {
      state.started = Date.now();
      save();
      update();
      announce.textContent = "Incident started at " + clock(state.started) + ".";
      (posted.hidden ? count : posted).focus(); // the button itself is gone now
    });
    posted.addEventListener("click", function () {
      state.updated = Date.now();
      save();
      update();
    });
    copy.addEventListener("click", function () {
      copyText(statusText()).then(function (ok) {
        setStatus(count, ok ? "Status copied" : "Copy failed");
        setTimeout(update, STATUS_CLEAR_MS);
      });
    });
    /* Clearing asks first, and can be undone for a while after. */
    clear.addEventListener("click", function () {
      prompt.textContent = "";
      prompt.appendChild(el("span", {}, "Clear every tick and the incident's clock? "));
      var yes = button("Clear", "hb-checklist-bar__confirm");
      var no = button("Cancel", "hb-checklist-bar__cancel");
      prompt.appendChild(yes);
      prompt.appendChild(no);
      yes.focus();
      yes.addEventListener("click", function () {
        clearAll(true);
        update();
        var back = prompt.querySelector(".hb-checklist-bar__undo");
        if (back) {
          back.focus();
        }
      });
      no.addEventListener("click", function () {
        prompt.textContent = "";
        clear.focus();
      });
    });

    /* Plain text for the incident channel or the ticket: the page, the clock, and each
       ticked item with its time. */
    function statusText() {
      var title = (article.querySelector("h1") || {}).textContent || document.title;
      var done = boxes.filter(function (box) {
        return box.checked;
      }).length;
      var lines = [title.replace(/\s*¶\s*$/, "").trim() + ": " + done + " of " + boxes.length +
        " ticked (times in " + timeZoneName() + ")"];
      if (state.started) {
        lines.push("Incident started " + clock(state.started));
      }
      if (due.textContent) {
        lines.push(due.textContent);
      }
      boxes.forEach(function (box, i) {
        if (box.checked) {
          var at = state.ticks.get(keys[i]);
          lines.push("[x] " + (at ? clock(at) + " " : "") +
            itemText(box.closest("li.task-list-item")));
        }
      });
      lines.push(location.href.split("#")[0]);
      return lines.join("\n");
    }

    /* The same checklist open in another tab: take its state as it changes, so neither tab
       writes over the other's ticks with an old copy. */
    window.removeEventListener("storage", window.hbChecklistSync || function () {});
    window.hbChecklistSync = function (ev) {
      if (ev.key !== storeKey || !bar.isConnected) {
        return;
      }
      state = storageGet(storeKey);
      boxes.forEach(function (box, i) {
        box.checked = state.ticks.has(keys[i]);
      });
      update();
    };
    window.addEventListener("storage", window.hbChecklistSync);

    update();
    clearInterval(window.hbChecklistTimer);
    window.hbChecklistTimer = setInterval(function () {
      if (bar.isConnected) {
        renderClock();
      } else {
        clearInterval(window.hbChecklistTimer);
      }
    }, 15000);
  }

  /* ---------------------------------------------------------------- snippet library */

  /* A filter box over the library's list (render/pages.py puts a marker <div> before it):
     every word typed must appear in the reply's title, summary, channels or tags. A tag chip
     filters by its tag. */
  function initLibrary(marker) {
    if (marker.dataset.hbReady) {
      return;
    }
    var list = marker.nextElementSibling;
    if (!list || list.tagName !== "UL") {
      return;
    }
    marker.dataset.hbReady = "1";
    var items = Array.prototype.filter.call(list.children, function (li) {
      return li.tagName === "LI";
    });
    var label = el("label", { class: "hb-library-filter__label" });
    label.appendChild(el("span", {}, "Filter replies"));
    var input = el("input", {
      type: "search", class: "hb-library-filter__input", autocomplete: "off",
      placeholder: "refund, outage, chat…"
    });
    label.appendChild(input);
    var count = el("span", { class: "hb-library-filter__count", role: "status",
      "aria-live": "polite" });
    marker.appendChild(label);
    marker.appendChild(count);

    function words(text) {
      return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
        .split(/\s+/).filter(Boolean);
    }
    var texts = items.map(function (li) {
      return words(li.textContent).join(" ");
    });
    var tags = items.map(function (li) {
      return Array.prototype.map.call(li.querySelectorAll(".hb-chip"), function (chip) {
        return "#" + words(chip.textContent).join("-");
      });
    });
    /* Words match anywhere in the entry; "#tag" (what a chip puts in the box) only that tag. */
    function apply() {
      var wanted = words(input.value);
      var shown = 0;
      items.forEach(function (li, i) {
        var on = wanted.every(function (word) {
          return word.charAt(0) === "#" ? tags[i].indexOf(word) >= 0
            : texts[i].indexOf(word) >= 0;
        });
        li.hidden = !on;
        shown += on ? 1 : 0;
      });
      count.textContent = wanted.length ? shown + " of " + items.length + " replies"
        : items.length + " replies";
    }
    input.addEventListener("input", apply);
    list.querySelectorAll(".hb-chip").forEach(function (chip) {
      var button = el("button", { type: "button", class: "hb-chip",
        title: "Show only replies tagged " + chip.textContent }, chip.textContent);
      chip.replaceWith(button);
      button.addEventListener("click", function () {
        input.value = "#" + words(button.textContent).join("-");
        apply();
        input.focus();
      });
    });
    apply();
  }

  /* ---------------------------------------------------------------- review page */

  /* The review page (render/pages.py) has a section per owner, each under an <h2>: a select
     above them shows one owner's section, or all. */
  function initOwnerFilter(marker) {
    if (marker.dataset.hbReady) {
      return;
    }
    var sections = [];
    var node = marker.nextElementSibling;
    while (node) {
      if (node.tagName === "H2") {
        sections.push({ heading: node, parts: [node] });
      } else if (sections.length) {
        sections[sections.length - 1].parts.push(node);
      }
      node = node.nextElementSibling;
    }
    if (sections.length < 2) {
      return;
    }
    marker.dataset.hbReady = "1";
    var label = el("label", { class: "hb-owner-filter__label" });
    label.appendChild(el("span", {}, "Owner"));
    var select = el("select", { class: "hb-owner-filter__select" });
    select.appendChild(el("option", { value: "" }, "Every owner"));
    sections.forEach(function (section, i) {
      var name = section.heading.firstChild ? section.heading.firstChild.textContent.trim()
        : section.heading.textContent.trim();
      select.appendChild(el("option", { value: String(i) }, name));
    });
    label.appendChild(select);
    marker.appendChild(label);
    select.addEventListener("change", function () {
      sections.forEach(function (section, i) {
        var on = select.value === "" || select.value === String(i);
        section.parts.forEach(function (part) {
          part.hidden = !on;
        });
      });
    });
  }

  /* ---------------------------------------------------------------- skip link */

  /* On a snippet's page or a page with a decision tree, the first Tab stop is a link that
     jumps straight to the reply's first field (or Copy reply) or to the tree's current step,
     past the header, search and navigation. One element for the whole visit: Material's
     instant navigation keeps <body>, so it is pointed at each new page's target. */
  function skipTarget() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) {
      return null;
    }
    // The snippet's own page: its block names it for screen readers only (render/snippet.py).
    var reply = article.querySelector(".hb-snippet[data-hb-ready] > .hb-snippet__title.hb-visually-hidden");
    if (reply) {
      var block = reply.parentElement;
      return {
        label: "Skip to the reply",
        node: block.querySelector("input[data-ph]") || block.querySelector(".hb-snippet__copy")
      };
    }
    var incident = article.querySelector(".hb-checklist-bar[id]");
    if (incident) {
      return {
        label: "Skip to the incident checklist",
        node: incident.querySelector("button:not([hidden]):not(:disabled)")
      };
    }
    var tree = trees.filter(function (t) {
      return t.el.isConnected && article.contains(t.el);
    })[0];
    if (tree) {
      return {
        label: "Skip to the decision tree",
        node: tree.steps.get(tree.current).querySelector(".hb-tree__title")
      };
    }
    return null;
  }

  function initSkipLink() {
    var link = document.getElementById("hb-skip");
    var target = skipTarget();
    if (!target || !target.node) {
      if (link) {
        link.hidden = true;
      }
      return;
    }
    if (!link) {
      link = el("a", { id: "hb-skip", class: "md-skip hb-skip", href: "#" });
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        ev.stopPropagation(); // keep Material's instant navigation out of it
        var now = skipTarget();
        if (now && now.node) {
          now.node.focus();
          now.node.scrollIntoView({ block: "center" });
        }
      });
      document.body.insertBefore(link, document.body.firstChild);
    }
    link.hidden = false;
    link.textContent = target.label;
  }

  /* ---------------------------------------------------------------- Material */

  /* Material's search dialog and instant-loading progress bar have no accessible name (axe:
     aria-dialog-name, aria-progressbar-name). Both only work with JavaScript, so name them here. */
  function nameMaterialWidgets() {
    var names = [
      [".md-search[role=dialog]", "Search"],
      [".md-progress[role=progressbar]", "Loading page"]
    ];
    names.forEach(function (pair) {
      var node = document.querySelector(pair[0]);
      if (node && !node.hasAttribute("aria-label") && !node.hasAttribute("aria-labelledby")) {
        node.setAttribute("aria-label", pair[1]);
      }
    });
  }

  /* ---------------------------------------------------------------- search marks */

  /* After instant navigation Material marks the words of a result's ?h= as soon as the page
     is in, before the blocks below are built from its markup: a mark in a tree step's title
     or a reply's text would be read as part of the block. They are taken out here; once the
     blocks are built, assets/search.js marks the words shown (as on a fresh load). */
  function unmarkSearch() {
    var content = document.querySelector(".md-content");
    var marks = content ? content.querySelectorAll("mark[data-md-highlight]:not([data-hb-word])")
      : [];
    Array.prototype.forEach.call(marks, function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) {
        parent.insertBefore(mark.firstChild, mark);
      }
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  /* ---------------------------------------------------------------- wiring */

  /* Each block on its own: a snippet or tree that fails to enhance stays as the page renders
     it without JavaScript, and every other block on the page still works. */
  function init() {
    eachSafely([unmarkSearch], function (fn) {
      fn();
    }, "taking out search marks");
    fieldValues();
    eachSafely([nameMaterialWidgets], function (fn) {
      fn();
    }, "naming Material's widgets");
    eachSafely(document.querySelectorAll(".hb-snippet"), initSnippet, "a snippet");
    eachSafely(document.querySelectorAll(".hb-tree"), initTree, "a decision tree");
    eachSafely([initChecklist], function (fn) {
      fn();
    }, "the checklist");
    eachSafely(document.querySelectorAll(".hb-library-filter"), initLibrary, "the library");
    eachSafely(document.querySelectorAll(".hb-owner-filter"), initOwnerFilter,
      "the owner filter");
    eachSafely([initSkipLink], function (fn) {
      fn();
    }, "the skip link");
    eachSafely([keepTargetInView], function (fn) {
      fn();
    }, "keeping the address's target in view");
  }

  window.hbHandbook = { init: init, snippetText: snippetText, copiedText: copiedText };

  /* On a page whose main content is one decision tree, number keys pick its answers even
     before the focus is in it (say, just after arriving from search). */
  document.addEventListener("keydown", function (ev) {
    var active = document.activeElement;
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey ||
        !/^[1-9]$/.test(ev.key) || (active && active !== document.body)) {
      return;
    }
    var live = trees.filter(function (t) {
      return t.el.isConnected;
    });
    // A tree's own page (trees/<id>/): on a playbook a stray digit must not move its tree.
    if (live.length !== 1 || !/\/trees\/[^/]+/.test(location.pathname)) {
      return;
    }
    var answer = answersOf(live[0], live[0].current)[Number(ev.key) - 1];
    if (answer) {
      ev.preventDefault();
      go(live[0], answer.next);
    }
  });

  guardStepHash();
  window.addEventListener("popstate", function () {
    syncTrees(true);
  });
  window.addEventListener("hashchange", function () {
    syncTrees(false);
    openTargetReply();
  });
  // Material's instant navigation moves to same-page anchors with pushState (no hashchange).
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function (url) {
      if (url && url.pathname === location.pathname) {
        setTimeout(function () {
          syncTrees(false);
        }, 0);
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
