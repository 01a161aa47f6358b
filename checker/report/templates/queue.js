"use strict";
(function () {
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var field = function (id) { return document.getElementById(id); };
  var textOf = rows.map(function (row) { return row.textContent.toLowerCase(); });
  form.hidden = false;

  function apply() {
    var status = field("f-status").value, provider = field("f-provider").value;
    var payer = field("f-payer").value, requirement = field("f-requirement").value;
    var words = field("f-text").value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row, i) {
      var d = row.dataset;
      var ok = (!status || d.status === status) &&
        (!provider || d.provider === provider) &&
        (!payer || d.payer === payer) &&
        (!requirement || d.requirements.split("\t").indexOf(requirement) >= 0) &&
        words.every(function (w) { return textOf[i].indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " notes.";
    empty.hidden = count > 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-status-filter]"), function (button) {
    button.addEventListener("click", function () {
      field("f-status").value = button.getAttribute("data-status-filter");
      apply();
    });
  });
  window.addEventListener("pageshow", apply);
  apply();
})();
