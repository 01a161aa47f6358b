"use strict";
// Review decisions and the queue's current view. Opened from disk, decisions are kept in
// this browser (localStorage) per report folder, so they survive a reload and a re-run of
// the checker into the same folder, keyed by page. Served by `checker serve --reports`
// (the page then carries a marker), they are kept by the service, keyed by the note's key,
// with its audit log; the view stays in the browser either way.
var FacetStore = (function () {
  var served = !!document.querySelector('meta[name="facet-checker-service"]');
  var folder = location.pathname.replace(/[^\/]*$/, "").replace(/notes\/$/, "");
  var prefix = "facet-checker:" + folder + ":";
  // As the work list CSV: a cell a spreadsheet would run as a formula (also after leading
  // spaces, and in full-width forms) gets a leading quote.
  var FORMULA = /^[=+\-@\t\r\n]/;
  function formula(text) {
    var first = text.replace(/^\s+/, "").charAt(0) || text.charAt(0);
    return FORMULA.test(text) || FORMULA.test(first.normalize("NFKC"));
  }

  function load(name, fallback) {
    try {
      var value = window.localStorage.getItem(prefix + name);
      return value ? JSON.parse(value) : fallback;
    } catch (e) { return fallback; }
  }
  function save(name, value) {
    try { window.localStorage.setItem(prefix + name, JSON.stringify(value)); return true; }
    catch (e) { return false; }
  }
  function cell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (formula(text)) { text = "'" + text; }  // a spreadsheet must not run it
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csvLine(values) { return values.map(cell).join(",") + "\r\n"; }
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false, i, c;
    text = text.replace(/^\ufeff/, "");
    for (i = 0; i < text.length; i += 1) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
        else if (c === '"') { quoted = false; }
        else { field += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i += 1; }
        row.push(field); rows.push(row); row = []; field = "";
      } else { field += c; }
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows.filter(function (r) { return r.length > 1 || r[0] !== ""; });
  }
  function unformula(text) { return text.charAt(0) === "'" && formula(text.slice(1)) ? text.slice(1) : text; }
  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  // ---- decisions kept in this browser
  var local = {
    all: function () { return load("decisions", {}); },
    decide: function (key, meta, choice) {
      var all = load("decisions", {});
      var old = all[key];
      var history = old ? (old.history || []).concat([{
        state: old.state, reason: old.reason, note: old.note, by: old.by, at: old.at }]) : [];
      all[key] = { id: meta.id, state: choice.state, reason: choice.reason || "",
        note: choice.note || "", by: choice.by || "", at: choice.at || new Date().toISOString(),
        gaps: choice.gaps || null, findings: old ? old.findings || {} : {}, history: history };
      return save("decisions", all) ? all[key] : null;
    },
    decideFinding: function (key, meta, requirement, choice) {
      var all = load("decisions", {});
      var entry = all[key] || { id: meta.id, state: "open", reason: "", note: "", by: "", at: "",
        gaps: null, findings: {}, history: [] };
      entry.findings = entry.findings || {};
      entry.findings[requirement] = { state: choice.state, reason: choice.reason || "",
        note: choice.note || "", by: choice.by || "", at: choice.at || new Date().toISOString() };
      all[key] = entry;
      return save("decisions", all) ? entry.findings[requirement] : null;
    }
  };
  var NOT_STORED = "This browser would not store the decision (storage full or turned off).";

  // ---- decisions kept by the service (same origin; the page's CSP allows nothing else)
  function call(url, options) {
    return fetch(url, Object.assign({ credentials: "same-origin", cache: "no-store" }, options || {}))
      .then(function (response) {
        if (response.ok) { return response; }
        return response.json().catch(function () { return {}; }).then(function (body) {
          var detail = body.detail;
          var said = Array.isArray(detail) ? detail.map(function (d) {
            return (d.loc && d.loc.length ? d.loc[d.loc.length - 1] + ": " : "") + d.msg;
          }).join("; ") : (detail || response.statusText);
          throw new Error("The service did not store it (" + response.status + "): " + said);
        });
      });
  }
  function servedEntry(d) {
    return { state: d.state, reason: d.reason, note: d.note, by: d.by, at: d.at, gaps: d.gaps,
      reopened: d.reopened };
  }
  function grouped(list) {
    var all = {};
    list.forEach(function (d) {
      var entry = all[d.note_key] || (all[d.note_key] = { id: d.note_id, state: "open", reason: "",
        note: "", by: "", at: "", gaps: null, findings: {}, history: [], page: d.page });
      if (d.finding) { entry.findings[d.finding] = servedEntry(d); }
      else { Object.assign(entry, servedEntry(d)); }
    });
    return all;
  }
  var remote = {
    all: function () {
      return call("/v1/decisions").then(function (r) { return r.json(); })
        .then(function (body) { return grouped(body.decisions); });
    },
    // One note's decisions; its history (the decisions replaced, oldest first) and the
    // audit log come from the service's log.
    one: function (key) {
      return call("/v1/decisions?note=" + encodeURIComponent(key)).then(function (r) { return r.json(); })
        .then(function (body) {
          var entry = grouped(body.decisions)[key] || null;
          if (entry) {
            entry.history = body.log.filter(function (e) { return !e.finding && e.old; })
              .map(function (e) { return e.old; }).reverse();
            entry.log = body.log;
          }
          return entry;
        });
    },
    decide: function (key, meta, requirement, choice) {
      return call("/v1/decisions", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ note_key: key, note_id: meta.id, source: meta.src || "",
          page: meta.page || "", finding: requirement, state: choice.state,
          reason: choice.reason || "", note: choice.note || "", by: choice.by || "",
          gaps: requirement ? null : choice.gaps || null }) })
        .then(function (r) { return r.json(); });
    }
  };

  return {
    served: served,
    csvLine: csvLine,
    parseCsv: parseCsv,
    unformula: unformula,
    download: download,
    // What a note's decisions are kept under: its page here, its note key in the service.
    keyOf: function (page, noteKey) { return served ? noteKey : page; },
    // Every note's decision (a promise of key -> entry, each with its findings).
    decisions: function () { return served ? remote.all() : Promise.resolve(local.all()); },
    storedHere: function () { return local.all(); },
    decision: function (key) {
      return served ? remote.one(key) : Promise.resolve(local.all()[key] || null);
    },
    // A decision taken before gaps the note has now (a re-run over an amended note found
    // new ones) no longer holds: the note is open again, its history kept. The service
    // reopens such a note itself on a re-run with --history.
    reopened: function (entry, requirements) {
      if (entry && entry.reopened) { return true; }
      return !!entry && entry.state !== "open" && !!entry.gaps &&
        requirements.some(function (req) { return entry.gaps.indexOf(req) < 0; });
    },
    // Record a decision (a promise); the one it replaces goes into the note's history.
    decide: function (key, meta, choice) {
      if (served) { return remote.decide(key, meta, "", choice); }
      var saved = local.decide(key, meta, choice);
      return saved ? Promise.resolve(saved) : Promise.reject(new Error(NOT_STORED));
    },
    // A decision on one finding (a requirement with a gap) of a note; the note's own
    // decision is untouched.
    decideFinding: function (key, meta, requirement, choice) {
      if (served) { return remote.decide(key, meta, requirement, choice); }
      var saved = local.decideFinding(key, meta, requirement, choice);
      return saved ? Promise.resolve(saved) : Promise.reject(new Error(NOT_STORED));
    },
    // The decisions export: the service writes it when served.
    exportCsv: served ? function () {
      return call("/v1/decisions/export.csv").then(function (r) { return r.text(); });
    } : null,
    decisionCells: function (entry) {
      return entry ? [entry.state, entry.reason, entry.note, entry.by, entry.at] : ["", "", "", "", ""];
    },
    reviewer: function () { return load("reviewer", ""); },
    setReviewer: function (name) { save("reviewer", name); },
    view: function () { return load("view", null); },
    setView: function (view) { return save("view", view); }
  };
})();
