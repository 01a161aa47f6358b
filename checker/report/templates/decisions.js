"use strict";
// Review decisions and the queue's current view, kept in this browser (localStorage) per
// report folder, so they survive a reload and a re-run of the checker into the same folder.
var FacetStore = (function () {
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

  var DECISION_COLUMNS = ["decision", "decision_reason", "decision_note", "decided_by", "decided_at"];
  return {
    DECISION_COLUMNS: DECISION_COLUMNS,
    csvLine: csvLine,
    parseCsv: parseCsv,
    unformula: unformula,
    download: download,
    decisions: function () { return load("decisions", {}); },
    decision: function (page) { return load("decisions", {})[page] || null; },
    // Record a decision; the one it replaces goes into the note's history (never dropped).
    // A decision taken before gaps the note has now (a re-run over an amended note found
    // new ones) no longer holds: the note is open again, its history kept.
    reopened: function (entry, requirements) {
      return !!entry && entry.state !== "open" && !!entry.gaps &&
        requirements.some(function (req) { return entry.gaps.indexOf(req) < 0; });
    },
    decide: function (page, noteId, choice) {
      var all = load("decisions", {});
      var old = all[page];
      var history = old ? (old.history || []).concat([{
        state: old.state, reason: old.reason, note: old.note, by: old.by, at: old.at }]) : [];
      all[page] = { id: noteId, state: choice.state, reason: choice.reason || "",
        note: choice.note || "", by: choice.by || "", at: choice.at || new Date().toISOString(),
        gaps: choice.gaps || null, findings: old ? old.findings || {} : {}, history: history };
      return save("decisions", all) ? all[page] : null;
    },
    // A decision on one finding (a requirement with a gap) of a note; the note's own
    // decision is untouched.
    decideFinding: function (page, noteId, requirement, choice) {
      var all = load("decisions", {});
      var entry = all[page] || { id: noteId, state: "open", reason: "", note: "", by: "", at: "",
        gaps: null, findings: {}, history: [] };
      entry.findings = entry.findings || {};
      entry.findings[requirement] = { state: choice.state, reason: choice.reason || "",
        note: choice.note || "", by: choice.by || "", at: choice.at || new Date().toISOString() };
      all[page] = entry;
      return save("decisions", all) ? entry.findings[requirement] : null;
    },
    decisionCells: function (entry) {
      return entry ? [entry.state, entry.reason, entry.note, entry.by, entry.at] : ["", "", "", "", ""];
    },
    reviewer: function () { return load("reviewer", ""); },
    setReviewer: function (name) { save("reviewer", name); },
    view: function () { return load("view", null); },
    setView: function (view) { return save("view", view); }
  };
})();
