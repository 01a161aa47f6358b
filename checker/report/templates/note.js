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
  var labels = {};
  Array.prototype.forEach.call(form.querySelectorAll("input[name=state]"), function (input) {
    labels[input.value] = input.parentNode.textContent.trim();
  });
  function when(iso) { return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC") : ""; }
  function describe(entry) {
    return (labels[entry.state] || entry.state) + (entry.reason ? " (" + entry.reason + ")" : "") +
      (entry.by ? ", by " + entry.by : "") + (entry.at ? " on " + when(entry.at) : "") +
      (entry.note ? ": " + entry.note : "");
  }
  function showDecision() {
    var entry = FacetStore.decision(page);
    var history = byId("decision-history");
    if (!entry || !entry.at) { byId("decision-by").value = FacetStore.reviewer(); return; }
    saved.textContent = FacetStore.reopened(entry, requirements) ?
      "Reopened: the note has gaps found after the last decision (" + describe(entry) + ")." :
      "Decision: " + describe(entry) + ".";
    form.querySelector("input[name=state][value='" + entry.state + "']").checked = true;
    byId("decision-reason").value = entry.reason;
    byId("decision-note").value = entry.note;
    byId("decision-by").value = entry.by || FacetStore.reviewer();
    var list = history.querySelector("ol");
    list.replaceChildren();
    (entry.history || []).slice().reverse().forEach(function (old) {
      var item = document.createElement("li");
      item.textContent = describe(old);
      list.appendChild(item);
    });
    history.hidden = !(entry.history || []).length;
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = { state: form.querySelector("input[name=state]:checked").value,
      reason: byId("decision-reason").value, note: byId("decision-note").value.trim(),
      by: byId("decision-by").value.trim(), gaps: requirements };
    var problem = byId("decision-error");
    problem.hidden = true;
    if (choice.state === "overridden" && !choice.reason) {
      problem.textContent = "Choose the reason for the override.";
      problem.hidden = false;
      byId("decision-reason").focus();
      return;
    }
    if (choice.by) { FacetStore.setReviewer(choice.by); }
    if (!FacetStore.decide(page, noteId, choice)) {
      problem.textContent = "This browser would not store the decision (storage full or turned off).";
      problem.hidden = false;
      return;
    }
    showDecision();
  });
  showDecision();

  // ---- a decision per finding
  Array.prototype.forEach.call(document.querySelectorAll(".finding-decision"), function (line) {
    var select = line.querySelector("select");
    var said = line.querySelector(".finding-saved");
    var requirement = select.dataset.requirement;
    var entry = FacetStore.decision(page);
    var found = entry && entry.findings && entry.findings[requirement];
    if (found) { select.value = found.state; said.textContent = found.by ? "by " + found.by : ""; }
    line.hidden = false;
    select.addEventListener("change", function () {
      var by = byId("decision-by").value.trim() || FacetStore.reviewer();
      var saved = FacetStore.decideFinding(page, noteId, requirement, { state: select.value, by: by });
      said.textContent = saved ? "Saved" + (by ? " by " + by : "") + "." : "Not saved: this browser would not store it.";
    });
  });

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
