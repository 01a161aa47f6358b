"use strict";
// A note page: the review decision (kept in this browser), n/p through the queue's current
// view, the note beside the gaps scrolled to the words of the gap in focus, copy and print
// of the physician queries.
(function () {
  var page = "notes/" + decodeURIComponent(location.pathname.split("/").pop());
  var noteId = document.querySelector("h1 .code").textContent;
  var pane = document.getElementById("note-pane");
  var requirements = (document.getElementById("gaps").dataset.requirements || "").split(" ").filter(Boolean);
  var byId = function (id) { return document.getElementById(id); };

  // ---- review decision
  var form = byId("decision-form");
  var saved = byId("decision-saved");
  var panel = form.closest(".decision-panel");
  var key = FacetStore.keyOf(page, panel.dataset.noteKey);
  var meta = { id: noteId, src: panel.dataset.source, page: page };
  var labels = {};
  Array.prototype.forEach.call(form.querySelectorAll("input[name=state]"), function (input) {
    labels[input.value] = input.parentNode.textContent.trim();
  });
  function when(iso) {
    return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/(Z|\+00:00)$/, " UTC") : "";
  }
  function describe(entry) {
    return (labels[entry.state] || entry.state) + (entry.reason ? " (" + entry.reason + ")" : "") +
      (entry.by ? ", by " + entry.by : "") + (entry.at ? " on " + when(entry.at) : "") +
      (entry.note ? ": " + entry.note : "");
  }
  function fillList(box, items, text) {
    var list = box.querySelector("ol");
    list.replaceChildren();
    items.forEach(function (item) {
      var line = document.createElement("li");
      line.textContent = text(item);
      list.appendChild(line);
    });
    box.hidden = !items.length;
  }
  // An audit line: who changed what when, from what to what.
  function auditLine(e) {
    var what = e.finding ? "finding " + e.finding : "the note";
    var from = e.old ? (labels[e.old.state] || e.old.state) : "no decision";
    var to = e.new;
    return when(e.at) + ": " + e.by + " set " + what + " from " + from + " to " +
      (labels[to.state] || to.state) + (to.reason ? " (" + to.reason + ")" : "") +
      (to.note ? ": " + to.note : "");
  }
  function showProblem(text) {
    var problem = byId("decision-error");
    problem.textContent = text;
    problem.hidden = !text;
  }
  function showEntry(entry) {
    if (!entry || !entry.at) { byId("decision-by").value = FacetStore.reviewer(); return; }
    saved.textContent = FacetStore.reopened(entry, requirements) ?
      "Reopened: the note has gaps found after the last decision (" + describe(entry) + ")." :
      "Decision: " + describe(entry) + ".";
    form.querySelector("input[name=state][value='" + entry.state + "']").checked = true;
    byId("decision-reason").value = entry.reason;
    byId("decision-note").value = entry.note;
    byId("decision-by").value = entry.by && entry.by !== "checker" ? entry.by : FacetStore.reviewer();
    fillList(byId("decision-history"), (entry.history || []).slice().reverse(), describe);
    if (entry.log) { fillList(byId("decision-audit"), entry.log, auditLine); }
  }
  function showFindings(entry) {
    Array.prototype.forEach.call(document.querySelectorAll(".finding-decision"), function (line) {
      var select = line.querySelector("select");
      var found = entry && entry.findings && entry.findings[select.dataset.requirement];
      if (found) {
        select.value = found.state;
        line.querySelector(".finding-saved").textContent = found.by ? "by " + found.by : "";
      }
      line.hidden = false;
    });
  }
  function showDecision() {
    return FacetStore.decision(key).then(function (entry) {
      showEntry(entry);
      showFindings(entry);
      document.body.dataset.decisionsLoaded = "true";
    }, function (error) { showProblem(error.message); });
  }
  if (FacetStore.served) { saved.textContent = "Open: no decision recorded yet."; }
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = { state: form.querySelector("input[name=state]:checked").value,
      reason: byId("decision-reason").value, note: byId("decision-note").value.trim(),
      by: byId("decision-by").value.trim(), gaps: requirements };
    showProblem("");
    if (choice.state === "overridden" && !choice.reason) {
      showProblem("Choose the reason for the override.");
      byId("decision-reason").focus();
      return;
    }
    if (FacetStore.served && !choice.by) {
      showProblem("Give your name or initials: the audit log records who decided.");
      byId("decision-by").focus();
      return;
    }
    if (choice.by) { FacetStore.setReviewer(choice.by); }
    FacetStore.decide(key, meta, choice).then(showDecision, function (error) {
      showProblem(error.message);
    });
  });

  // ---- a decision per finding
  Array.prototype.forEach.call(document.querySelectorAll(".finding-decision select"), function (select) {
    var said = select.parentNode.querySelector(".finding-saved");
    select.addEventListener("change", function () {
      var by = byId("decision-by").value.trim() || FacetStore.reviewer();
      FacetStore.decideFinding(key, meta, select.dataset.requirement, { state: select.value, by: by })
        .then(function () {
          said.textContent = "Saved" + (by ? " by " + by : "") + ".";
          if (FacetStore.served) { showDecision(); }
        }, function (error) { said.textContent = "Not saved: " + error.message; });
    });
  });
  showDecision();

  // ---- previous / next note of the queue's view
  var view = FacetStore.view();
  if (view && view.pages) {
    var at = view.pages.indexOf(page);
    if (at >= 0) {
      var go = function (step) {
        var next = view.pages[at + step];
        if (!next) { return; }
        view.last = next;
        FacetStore.setView(view);
        location.href = "../" + next;
      };
      byId("note-nav").hidden = false;
      byId("note-position").textContent = "Note " + (at + 1).toLocaleString("en-US") + " of " +
        view.pages.length.toLocaleString("en-US") + " in the queue's view";
      var prev = byId("prev-note"), next = byId("next-note");
      if (at > 0) { prev.href = "../" + view.pages[at - 1]; } else { prev.removeAttribute("href"); prev.setAttribute("aria-disabled", "true"); }
      if (at < view.pages.length - 1) { next.href = "../" + view.pages[at + 1]; } else { next.removeAttribute("href"); next.setAttribute("aria-disabled", "true"); }
      prev.addEventListener("click", function (event) { event.preventDefault(); go(-1); });
      next.addEventListener("click", function (event) { event.preventDefault(); go(1); });
      document.addEventListener("keydown", function (event) {
        if (event.ctrlKey || event.metaKey || event.altKey ||
          /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) { return; }
        if (event.key === "n") { go(1); }
        else if (event.key === "p") { go(-1); }
      });
      view.last = page;
      FacetStore.setView(view);
    }
    if (view.queue) {
      Array.prototype.forEach.call(document.querySelectorAll("#back-to-queue, .back-link"), function (link) {
        link.href = view.queue;
      });
    }
  }

  // ---- the gap in focus and its words in the note beside it
  function scrollNoteTo(anchor) {
    var paneBox = pane.getBoundingClientRect(), box = anchor.getBoundingClientRect();
    var scrollable = pane.scrollHeight > pane.clientHeight + 1 &&
      getComputedStyle(pane).overflowY !== "visible";
    if (scrollable) { pane.scrollTop += box.top - paneBox.top - pane.clientHeight / 3; }
  }
  function focusGap(card) {
    Array.prototype.forEach.call(document.querySelectorAll(".gap.in-focus, mark.in-focus"), function (node) {
      node.classList.remove("in-focus");
    });
    card.classList.add("in-focus");
    var anchors = (card.dataset.evidence || "").split(" ").filter(Boolean);
    anchors.forEach(function (id) {
      Array.prototype.forEach.call(document.querySelectorAll("mark[data-ev~='" + id + "']"), function (mark) {
        mark.classList.add("in-focus");
      });
    });
    if (anchors.length) { scrollNoteTo(byId(anchors[0])); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("article.gap"), function (card) {
    card.addEventListener("focusin", function () { focusGap(card); });
    card.addEventListener("click", function () { focusGap(card); });
  });

  // ---- physician queries: copy, print
  Array.prototype.forEach.call(document.querySelectorAll(".copy-query"), function (button) {
    button.addEventListener("click", function () {
      var source = byId(button.dataset.copy);
      var done = button.parentNode.querySelector(".copied");
      var selectIt = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        done.textContent = copied ? "Copied." : "Selected: press Ctrl+C (⌘C) to copy.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.textContent).then(function () {
          done.textContent = "Copied.";
        }, selectIt);
      } else { selectIt(); }
    });
  });
  var printQueries = byId("print-queries");
  if (printQueries) {
    printQueries.addEventListener("click", function () {
      document.body.classList.add("print-queries");
      window.print();
    });
    window.addEventListener("afterprint", function () { document.body.classList.remove("print-queries"); });
  }
})();
