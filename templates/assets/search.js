// Versus quick find: plain JavaScript, no framework. Every form with `data-versus-search` gets
// results as you type, from the index Versus writes into `search/` (see the README, "Search").
// The rules mirror Sources/SearchIndex (SearchTokens, SearchQuery): keep them in step.
// Without JavaScript the forms submit to `search/`, which links the A-Z lists.
(function () {
  "use strict";

  var CONNECTORS = ["vs", "versus", "and", "or", "the", "of", "between", "with", "to", "a", "an", "compared"];
  var MAX_WORD = 32;
  var KIND_ORDER = "scpdu";
  var KIND_LABEL = { s: "Subject", c: "Comparison", p: "Page", d: "Dimension", u: "Use case" };

  // NFD, lower case, combining marks dropped, split on anything not a letter or a digit.
  function words(text) {
    var folded = text.normalize("NFD").toLowerCase().replace(/\p{M}/gu, "");
    var out = [];
    folded.split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
      if (!word) return;
      var scalars = Array.from(word);
      out.push(scalars.length > MAX_WORD ? scalars.slice(0, MAX_WORD).join("") : word);
    });
    return out;
  }

  function queryWords(text) {
    var all = words(text);
    var kept = all.filter(function (word) { return CONNECTORS.indexOf(word) < 0; });
    return kept.length ? kept : all;
  }

  // One index per site root: the manifest and the shards already downloaded.
  var indexes = {};
  function index(root) {
    if (!indexes[root]) {
      var shards = {};
      indexes[root] = {
        manifest: fetch(root + "search/index.json").then(function (response) {
          if (!response.ok) throw new Error("search index: " + response.status);
          return response.json();
        }).then(function (manifest) {
          var byKey = new Map();
          manifest.shards.forEach(function (row) { byKey.set(row[0], { file: row[1], count: row[2], partial: row[3] === 1 }); });
          return byKey;
        }),
        shard: function (file) {
          if (!shards[file]) {
            shards[file] = fetch(root + "search/" + file + ".json").then(function (response) {
              if (!response.ok) throw new Error("search shard: " + response.status);
              return response.json();
            });
          }
          return shards[file];
        }
      };
    }
    return indexes[root];
  }

  // The longest key that is a prefix of the word.
  function shardFor(byKey, word) {
    var scalars = Array.from(word);
    for (var length = scalars.length; length >= 0; length--) {
      var found = byKey.get(scalars.slice(0, length).join(""));
      if (found) return found;
    }
    return null;
  }

  // Resolves to { results, partial }: entries having, for every query word, a word starting with it.
  function search(root, text, limit) {
    var wanted = queryWords(text);
    if (!wanted.length) return Promise.resolve({ results: [], partial: false });
    var site = index(root);
    return site.manifest.then(function (byKey) {
      var best = null;
      for (var i = 0; i < wanted.length; i++) {
        var shard = shardFor(byKey, wanted[i]);
        if (!shard) return { rows: [], partial: false };
        if (!best || (shard.partial ? 1 : 0) < (best.partial ? 1 : 0) ||
            ((shard.partial ? 1 : 0) === (best.partial ? 1 : 0) && shard.count < best.count)) best = shard;
      }
      return site.shard(best.file).then(function (rows) { return { rows: rows, partial: best.partial }; });
    }).then(function (found) {
      var scored = [];
      found.rows.forEach(function (row, order) {
        var entryWords = row[4].split(" ");
        var exact = 0;
        for (var i = 0; i < wanted.length; i++) {
          var word = wanted[i];
          var hit = false;
          for (var j = 0; j < entryWords.length; j++) {
            if (entryWords[j].lastIndexOf(word, 0) === 0) { hit = true; if (entryWords[j] === word) { exact++; break; } }
          }
          if (!hit) return;
        }
        scored.push({ exact: exact, kind: KIND_ORDER.indexOf(row[0]), order: order, row: row });
      });
      scored.sort(function (a, b) { return b.exact - a.exact || a.kind - b.kind || a.order - b.order; });
      return { results: scored.slice(0, limit).map(function (item) { return item.row; }), total: scored.length, partial: found.partial };
    });
  }

  function attach(form) {
    var mode = form.getAttribute("data-versus-search");
    var root = form.getAttribute("data-root") || "";
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    if (!input || !list) return;
    var limit = mode === "page" ? 50 : 8;
    var latest = 0;

    function show(outcome, text) {
      list.textContent = "";
      outcome.results.forEach(function (row) {
        var item = document.createElement("li");
        item.className = "search-result kind-" + row[0];
        var link = document.createElement("a");
        link.href = root + row[3];
        var title = document.createElement("span");
        title.className = "search-result-title";
        title.textContent = row[1];
        var detail = document.createElement("span");
        detail.className = "search-result-detail";
        detail.textContent = KIND_LABEL[row[0]] + (row[2] ? " · " + row[2] : "");
        link.appendChild(title);
        link.appendChild(detail);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = outcome.results.length === 0 && mode !== "page";
      if (status) {
        status.textContent = !text ? "" : outcome.results.length === 0 ? "No matches for “" + text + "”."
          : outcome.total + (outcome.partial ? "+" : "") + " match" + (outcome.total === 1 ? "" : "es") +
            (outcome.total > outcome.results.length ? ", the first " + outcome.results.length + " shown" : "") + ".";
      }
    }

    function update() {
      var text = input.value.trim();
      var ticket = ++latest;
      if (!text) { show({ results: [], total: 0, partial: false }, ""); return; }
      search(root, text, limit).then(function (outcome) {
        if (ticket === latest) show(outcome, text);
      }, function () {
        if (ticket === latest && status) status.textContent = "Search is unavailable; browse the lists instead.";
      });
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { first.focus(); event.preventDefault(); }
      } else if (event.key === "Escape") {
        list.hidden = mode !== "page";
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { links[at + 1].focus(); event.preventDefault(); }
      if (event.key === "ArrowUp") { (at > 0 ? links[at - 1] : input).focus(); event.preventDefault(); }
      if (event.key === "Escape") { input.focus(); list.hidden = mode !== "page"; }
    });
    form.addEventListener("submit", function (event) {
      // In the header box, Enter goes to the first result; the search page lists them all.
      var first = list.querySelector("a");
      if (mode === "box" && first && !list.hidden) { event.preventDefault(); window.location.href = first.href; }
      if (mode === "page") { event.preventDefault(); update(); }
    });
    if (mode === "page") {
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { input.value = query; update(); }
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-versus-search]"), attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
