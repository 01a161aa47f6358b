"use strict";
// The coder queue: rows come from the JSON block in the page; filters, sort and page live in
// the URL (#status=fail&sort=dos...), so a view can be bookmarked, shared and reloaded.
(function () {
  var started = performance.now();
  var data = JSON.parse(document.getElementById("queue-data").textContent);
  var rows = data.rows;
  var table = document.getElementById("queue");
  var tbody = table.tBodies[0];
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var pager = document.getElementById("pager");
  var ioStatus = document.getElementById("io-status");
  var field = function (id) { return document.getElementById(id); };
  var FIELDS = { status: "f-status", provider: "f-provider", payer: "f-payer",
    requirement: "f-requirement", decision: "f-decision", q: "f-text", size: "f-size" };
  var STATUS = {}, DECISION = {};
  data.statuses.forEach(function (s, i) { STATUS[s[0]] = { text: s[1], icon: s[2], rank: i }; });
  data.decisions.forEach(function (d, i) { DECISION[d[0]] = { label: d[1], rank: i }; });
  // the decision columns of the exports (after note_id, source, page, finding)
  var DECISION_COLUMNS = data.decision_export.slice(4);
  var SEVERITY = { blocking: ["✖", 0], warning: ["▲", 1], info: ["ℹ", 2] };
  var DAY = 86400000;
  var today = new Date(); today.setHours(0, 0, 0, 0);
  // note key (served: filled in once the service answers) or page (from disk) -> decision
  var decisions = FacetStore.served ? {} : FacetStore.storedHere();
  var HEADINGS = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
    return th.textContent.replace(/\s+/g, " ").trim();
  });
  var view = [], pageRows = [], current = -1;
  var lastOpened = (FacetStore.view() || {}).last;  // the note the coder came back from
  var state = {};

  rows.forEach(function (r, i) {
    r.pos0 = i;
    r.age = r.dos ? Math.round((today - new Date(r.dos + "T00:00:00")) / DAY) : null;
    r.diff = r.bad.length + r.extra.length;
    r.text = [r.id, r.src, r.prov, r.payer, r.pid, r.enc, r.pos, r.err, r.req.join(" "),
      r.top ? r.top[2] : "", r.billed.join(" "), r.supp.join(" ")].join("\n").toLowerCase();
  });
  ["patient", "pos"].forEach(function (name) {
    var given = rows.some(function (r) { return name === "pos" ? r.pos : r.pid || r.enc; });
    table.classList.toggle("no-" + name, !given);
  });

  function keyOf(r) { return FacetStore.keyOf(r.page, r.key); }
  function decisionOf(r) {
    var d = decisions[keyOf(r)];
    return d && !FacetStore.reopened(d, r.req) ? d.state : "open";
  }
  function text(value) { return value === null || value === undefined ? "" : String(value); }
  var SORTS = {
    worst: function (r) { return [r.pos0]; },
    note: function (r) { return [r.id.toLowerCase()]; },
    status: function (r) { return [STATUS[r.st].rank, r.pos0]; },
    gap: function (r) {
      return [r.top ? SEVERITY[r.top[1]][1] : 3, -r.n[0], -r.n[1], -(r.n[0] + r.n[1] + r.n[2])];
    },
    patient: function (r) { return [(r.pid + " " + r.enc).trim().toLowerCase() || null]; },
    provider: function (r) { return [r.prov.toLowerCase() || null]; },
    payer: function (r) { return [r.payer.toLowerCase() || null]; },
    pos: function (r) { return [r.pos || null]; },
    dos: function (r) { return [r.dos || null]; },
    age: function (r) { return [r.age]; },
    codes: function (r) { return [-r.diff, -r.bad.length]; },
    decision: function (r) { return [DECISION[decisionOf(r)] ? DECISION[decisionOf(r)].rank : 99]; }
  };

  function compare(a, b, dir) {
    for (var i = 0; i < a.length; i += 1) {
      var x = a[i], y = b[i];
      if (x === y) { continue; }
      if (x === null) { return 1; }  // empty cells last, whichever the direction
      if (y === null) { return -1; }
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  }

  function readUrl() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    state = { sort: params.get("sort") || "worst", dir: params.get("dir") === "desc" ? -1 : 1,
      page: Math.max(1, parseInt(params.get("page"), 10) || 1),
      dense: params.get("dense") !== "0" };
    Object.keys(FIELDS).forEach(function (key) {
      var value = params.get(key) || (key === "size" ? "100" : "");
      var input = field(FIELDS[key]);
      if (input.tagName === "SELECT" && !Array.prototype.some.call(input.options,
        function (o) { return o.value === value; })) { value = key === "size" ? "100" : ""; }
      input.value = value;
      state[key] = value;
    });
    if (!SORTS[state.sort]) { state.sort = "worst"; }
    field("f-dense").checked = state.dense;
  }

  function writeUrl() {
    var params = new URLSearchParams();
    Object.keys(FIELDS).forEach(function (key) {
      if (state[key] && !(key === "size" && state[key] === "100")) { params.set(key, state[key]); }
    });
    if (state.sort !== "worst") { params.set("sort", state.sort); }
    if (state.dir < 0) { params.set("dir", "desc"); }
    if (state.page > 1) { params.set("page", String(state.page)); }
    if (!state.dense) { params.set("dense", "0"); }
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readForm() {
    Object.keys(FIELDS).forEach(function (key) { state[key] = field(FIELDS[key]).value; });
    state.dense = field("f-dense").checked;
  }

  function matches(r, words) {
    return (!state.status || r.st === state.status) &&
      (!state.provider || r.prov === state.provider) &&
      (!state.payer || r.payer === state.payer) &&
      (!state.requirement || r.req.indexOf(state.requirement) >= 0) &&
      (!state.decision || decisionOf(r) === state.decision) &&
      words.every(function (w) { return r.text.indexOf(w) >= 0; });
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }
  function hidden(words) { return el("span", "visually-hidden", words); }
  function plural(n, word) { return n.toLocaleString("en-US") + " " + word + (n === 1 ? "" : "s"); }

  function codesCell(r) {
    var td = el("td", "code codes");
    r.billed.forEach(function (code) {
      if (r.bad.indexOf(code) >= 0) {
        var bad = el("span", "codes-bad nowrap", "✖ ");
        bad.title = "billed, not supported by the note";
        bad.appendChild(el("s", "", code));
        bad.appendChild(hidden(" (billed, not supported)"));
        td.appendChild(bad);
      } else { td.appendChild(el("span", "nowrap", code)); }
      td.appendChild(document.createTextNode(" "));
    });
    r.extra.forEach(function (code) {
      var extra = el("span", "codes-extra nowrap", "+ " + code);
      extra.title = "supported by the note, not billed";
      extra.appendChild(hidden(" (supported, not billed)"));
      td.appendChild(extra);
      td.appendChild(document.createTextNode(" "));
    });
    if (!r.billed.length && !r.extra.length) { td.appendChild(el("span", "muted", "none")); }
    td.title = td.textContent;
    return td;
  }

  function rowElement(r) {
    var tr = el("tr");
    tr.dataset.status = r.st;
    tr.dataset.page = r.page;
    var th = el("th");
    th.scope = "row";
    var link = el("a", "note-link", r.id);
    link.href = r.page;
    th.appendChild(link);
    th.appendChild(el("span", "muted code source", r.src));
    th.title = r.id + "\n" + r.src;
    tr.appendChild(th);
    var status = el("td");
    status.appendChild(el("span", "status status-" + r.st, STATUS[r.st].icon + " " + STATUS[r.st].text));
    tr.appendChild(status);
    var gap = el("td", "gapcol");
    if (r.n[0] + r.n[1]) {
      var counts = el("span", "gapcounts", (r.n[0] ? "✖" + r.n[0] + " " : "") + (r.n[1] ? "▲" + r.n[1] : ""));
      counts.title = plural(r.n[0], "blocking gap") + ", " + plural(r.n[1], "warning");
      counts.setAttribute("aria-label", counts.title);
      gap.appendChild(counts);
    }
    if (r.top) {
      gap.appendChild(el("span", "sev sev-" + r.top[1], SEVERITY[r.top[1]][0] + " " + r.top[1]));
      gap.appendChild(document.createTextNode(" "));
      gap.appendChild(el("code", "", r.top[0]));
      gap.appendChild(document.createTextNode(" "));
      var message = el("span", "msg", r.top[2]);
      message.title = r.top[2];
      gap.appendChild(message);
    } else if (r.err) { gap.appendChild(el("span", "msg", r.err)); }
    else { gap.appendChild(el("span", "muted", "none")); }
    tr.appendChild(gap);
    var patient = el("td", "", [r.pid, r.enc].filter(Boolean).join(" / "));
    patient.dataset.optional = "patient";
    tr.appendChild(patient);
    tr.appendChild(el("td", "", r.prov)).title = r.prov;
    tr.appendChild(el("td", "", r.payer));
    var pos = el("td", "", r.pos);
    pos.dataset.optional = "pos";
    tr.appendChild(pos);
    tr.appendChild(el("td", "nowrap", r.dos));
    tr.appendChild(el("td", "num", r.age === null ? "" : String(r.age)));
    tr.appendChild(codesCell(r));
    var choice = decisions[keyOf(r)];
    var state = decisionOf(r);
    var decision = el("td", state !== "open" ? "decision decided" : "decision muted",
      choice && state === "open" && (choice.state !== "open" || choice.reopened) ? "Reopened: new gaps" :
        (DECISION[state] ? DECISION[state].label : "Open"));
    if (choice) {
      decision.title = [DECISION[choice.state] ? DECISION[choice.state].label : choice.state,
        choice.reason, choice.note, choice.by].filter(Boolean).join(" · ");
    }
    tr.appendChild(decision);
    for (var i = 1; i < tr.cells.length; i += 1) { tr.cells[i].dataset.label = HEADINGS[i]; }
    return tr;
  }

  function size() { return state.size === "all" ? Infinity : parseInt(state.size, 10) || 100; }

  function showHeadings() {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var sorted = th.dataset.sort === state.sort;
      var button = th.querySelector("button");
      var arrow = button.querySelector(".arrow") || button.appendChild(el("span", "arrow"));
      if (sorted) { th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
      arrow.textContent = sorted ? (state.dir > 0 ? " ▲" : " ▼") : "";
    });
  }

  function render() {
    var per = size();
    var pages = Math.max(1, Math.ceil(view.length / per));
    state.page = Math.min(state.page, pages);
    var first = per === Infinity ? 0 : (state.page - 1) * per;
    pageRows = view.slice(first, first + per);
    var fragment = document.createDocumentFragment();
    pageRows.forEach(function (r) { fragment.appendChild(rowElement(r)); });
    tbody.replaceChildren(fragment);
    table.classList.toggle("dense", state.dense);
    var filtered = view.length !== rows.length;
    var range = view.length > pageRows.length ?
      "rows " + (first + 1).toLocaleString("en-US") + "–" + (first + pageRows.length).toLocaleString("en-US") + " of " : "";
    shown.textContent = "Showing " + range + plural(view.length, "note") +
      (filtered ? " (filtered from " + rows.length.toLocaleString("en-US") + ")" : "") + ".";
    empty.hidden = view.length > 0;
    pager.hidden = pages < 2;
    field("page-info").textContent = "Page " + state.page + " of " + pages;
    field("page-prev").disabled = state.page <= 1;
    field("page-next").disabled = state.page >= pages;
    showHeadings();
    current = -1;
    pageRows.forEach(function (r, i) { if (r.page === lastOpened) { mark(i, false); } });
  }

  function apply(keepPage) {
    var t0 = performance.now();
    if (!keepPage) { state.page = 1; }
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    view = rows.filter(function (r) { return matches(r, words); });
    var key = SORTS[state.sort], dir = state.dir;
    var keyed = view.map(function (r) { return [key(r), r.pos0, r]; });
    keyed.sort(function (a, b) { return compare(a[0], b[0], dir) || a[1] - b[1]; });
    view = keyed.map(function (k) { return k[2]; });
    render();
    writeUrl();
    window.queueTimings.lastApplyMs = performance.now() - t0;
  }

  function mark(index, focus) {
    var trs = tbody.rows;
    if (current >= 0 && trs[current]) { trs[current].classList.remove("current"); trs[current].removeAttribute("aria-current"); }
    current = index;
    if (index < 0 || !trs[index]) { return; }
    trs[index].classList.add("current");
    trs[index].setAttribute("aria-current", "true");
    if (focus) { trs[index].querySelector("a").focus(); }
  }

  function move(step) {
    var next = current + step;
    if (next >= pageRows.length && state.page * size() < view.length) {
      state.page += 1; render(); writeUrl(); next = 0;
    } else if (next < 0 && state.page > 1) {
      state.page -= 1; render(); writeUrl(); next = pageRows.length - 1;
    }
    mark(Math.max(0, Math.min(next, pageRows.length - 1)), true);
  }

  // The note pages' n/p walk the filtered, sorted view the coder opened a note from.
  function rememberView(page) {
    lastOpened = page;
    FacetStore.setView({ queue: location.href, pages: view.map(function (r) { return r.page; }), last: page });
  }

  function exportView() {
    var header = ["note_id", "status", "blocking", "warnings", "info", "patient_id", "encounter_id",
      "provider", "payer", "place_of_service", "date_of_service", "billed_codes", "supported_codes",
      "billed_not_supported", "supported_not_billed", "top_gap_requirement", "top_gap_severity",
      "top_gap_message", "gap_requirements", "source", "page", "error"].concat(DECISION_COLUMNS);
    var out = FacetStore.csvLine(header);
    view.forEach(function (r) {
      out += FacetStore.csvLine([r.id, r.st, r.n[0], r.n[1], r.n[2], r.pid, r.enc, r.prov, r.payer,
        r.pos, r.dos, r.billed.join(" "), r.supp.join(" "), r.bad.join(" "), r.extra.join(" "),
        r.top ? r.top[0] : "", r.top ? r.top[1] : "", r.top ? r.top[2] : "", r.req.join(" "),
        r.src, r.page, r.err].concat(decisionOf(r) === "open" ? ["open", "", "", "", ""] :
          FacetStore.decisionCells(decisions[keyOf(r)])));
    });
    FacetStore.download("worklist-view.csv", out);
    ioStatus.textContent = "Exported " + plural(view.length, "note") + ".";
  }

  // One line per note decision, then one per finding decision (`finding` names the
  // requirement; empty on the note's own line). Served, the service writes it.
  function exportDecisions() {
    if (FacetStore.exportCsv) {
      FacetStore.exportCsv().then(function (text) {
        FacetStore.download("decisions.csv", text);
        var count = FacetStore.parseCsv(text).length - 1;
        ioStatus.textContent = "Exported " + plural(count, "decision") + ".";
      }, function (error) { ioStatus.textContent = error.message; });
      return;
    }
    var out = FacetStore.csvLine(data.decision_export), count = 0;
    rows.forEach(function (r) {
      var entry = decisions[keyOf(r)];
      if (!entry) { return; }
      if (entry.at) {
        count += 1;
        out += FacetStore.csvLine([r.id, r.src, r.page, ""].concat(FacetStore.decisionCells(entry)));
      }
      Object.keys(entry.findings || {}).sort().forEach(function (requirement) {
        count += 1;
        out += FacetStore.csvLine([r.id, r.src, r.page, requirement].concat(
          FacetStore.decisionCells(entry.findings[requirement])));
      });
    });
    FacetStore.download("decisions.csv", out);
    ioStatus.textContent = "Exported " + plural(count, "decision") + ".";
  }

  function importDecisions(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var table = FacetStore.parseCsv(String(reader.result));
      var header = (table.shift() || []).map(function (h) { return h.trim(); });
      var col = function (name) { return header.indexOf(name); };
      var byPage = {}, byId = {};
      rows.forEach(function (r) { byPage[r.page] = r; byId[r.id + "\u0000" + r.src] = r; });
      var done = 0, skipped = 0, failed = [];
      var saving = table.map(function (line) {
        var get = function (name) { return col(name) >= 0 ? FacetStore.unformula(line[col(name)] || "") : ""; };
        var r = byPage[get("page")] || byId[get("note_id") + "\u0000" + get("source")];
        var stateId = get("decision");
        if (!r || !DECISION[stateId]) { skipped += 1; return Promise.resolve(); }
        var meta = { id: r.id, src: r.src, page: r.page };
        var choice = { state: stateId, reason: get("decision_reason"), note: get("decision_note"),
          by: get("decided_by"), at: get("decided_at") || undefined, gaps: r.req };
        var saved = get("finding") ?
          FacetStore.decideFinding(keyOf(r), meta, get("finding"), choice) :
          FacetStore.decide(keyOf(r), meta, choice);
        return saved.then(function () { done += 1; }, function (error) { failed.push(error.message); });
      });
      Promise.all(saving).then(refreshDecisions).then(function () {
        ioStatus.textContent = "Imported " + plural(done, "decision") +
          (skipped ? "; " + plural(skipped, "line") + " matched no note in this queue" : "") +
          (failed.length ? "; " + plural(failed.length, "line") + " not stored: " + failed[0] : "") + ".";
      });
    };
    reader.readAsText(file);
  }

  function refreshDecisions() {
    return FacetStore.decisions().then(function (all) { decisions = all; apply(true); },
      function (error) { ioStatus.textContent = error.message; });
  }

  window.queueTimings = { parseMs: 0, firstRenderMs: 0, lastApplyMs: 0 };
  form.hidden = false;
  field("toolbar").hidden = false;
  form.addEventListener("input", function (event) {
    if (event.target.id === "f-size" || event.target.id === "f-dense") { return; }
    readForm(); apply(false);
  });
  form.addEventListener("change", function (event) {
    // A search box fires "change" again when it loses focus (say, to a click on a row):
    // re-rendering then would pull the row away from under the click.
    var before = JSON.stringify(state);
    readForm();
    if (JSON.stringify(state) !== before) { apply(event.target.id === "f-dense"); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {  // clears the filters, keeps the page layout
    var kept = { size: state.size, dense: state.dense };
    window.setTimeout(function () {
      field("f-size").value = kept.size;
      field("f-dense").checked = kept.dense;
      readForm(); apply(false);
    }, 0);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-status-filter]"), function (button) {
    button.addEventListener("click", function () {
      field("f-status").value = button.getAttribute("data-status-filter");
      readForm(); apply(false);
    });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.sort;
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      apply(false);
    });
  });
  field("page-prev").addEventListener("click", function () { state.page -= 1; render(); writeUrl(); });
  field("page-next").addEventListener("click", function () { state.page += 1; render(); writeUrl(); });
  field("export-view").addEventListener("click", exportView);
  field("export-decisions").addEventListener("click", exportDecisions);
  field("import-decisions").addEventListener("change", function (event) {
    if (event.target.files.length) { importDecisions(event.target.files[0]); }
    event.target.value = "";
  });
  tbody.addEventListener("click", function (event) {
    var link = event.target.closest("a.note-link");
    if (link) { rememberView(link.closest("tr").dataset.page); }
  });
  tbody.addEventListener("auxclick", function (event) {
    var link = event.target.closest("a.note-link");
    if (link) { rememberView(link.closest("tr").dataset.page); }
  });
  tbody.addEventListener("focusin", function (event) {
    var tr = event.target.closest("tr");
    if (tr) { mark(tr.sectionRowIndex, false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
    if (typing) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    if (event.key === "/") { event.preventDefault(); field("f-text").focus(); field("f-text").select(); }
    else if (event.key === "j") { event.preventDefault(); move(1); }
    else if (event.key === "k") { event.preventDefault(); move(-1); }
    else if (event.key === "Enter" && current >= 0 && event.target === document.body) {
      var link = tbody.rows[current].querySelector("a");
      rememberView(tbody.rows[current].dataset.page);
      location.href = link.href;
    }
  });
  window.addEventListener("hashchange", function () { readUrl(); apply(true); });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { readUrl(); refreshDecisions(); }
  });
  window.addEventListener("storage", refreshDecisions);

  window.queueTimings.parseMs = performance.now() - started;
  readUrl();
  apply(true);
  window.queueTimings.firstRenderMs = performance.now();
  if (FacetStore.served) {
    refreshDecisions().then(function () { document.body.dataset.decisionsLoaded = "true"; });
  }
  performance.mark("queue-rendered");
})();
