// Plan import review page: link each row of the proposed plan to the sentence it was read
// from (hover or focus a row → the source pane scrolls to it and marks it), add rows to
// the formsets from their <template>, and grey out rows marked "Bỏ". No inline scripts:
// the CSP allows only files like this one.
(function () {
  "use strict";

  var source = null;
  var active = [];

  function marksFor(id) {
    if (!source || !id) return [];
    return Array.prototype.slice.call(source.querySelectorAll('mark[data-mark="' + id + '"]'));
  }

  function activate(id, scroll) {
    active.forEach(function (m) { m.classList.remove("is-active"); });
    active = marksFor(id);
    if (!active.length) return;
    active.forEach(function (m) { m.classList.add("is-active"); });
    if (scroll) {
      var first = active[0];
      var top = first.offsetTop - source.clientHeight / 3;
      source.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    }
  }


  function wireRows(root) {
    root.querySelectorAll(".import-row[data-mark]").forEach(function (row) {
      if (row.dataset.wired) return;
      row.dataset.wired = "1";
      row.addEventListener("mouseenter", function () { activate(row.dataset.mark, true); });
      row.addEventListener("focusin", function () { activate(row.dataset.mark, true); });
      var del = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
      if (del) {
        var sync = function () { row.classList.toggle("is-deleted", del.checked); };
        del.addEventListener("change", sync);
        sync();
      }
    });
  }

  function wireSource() {
    // Clicking a marked sentence brings its row into view.
    source.addEventListener("click", function (evt) {
      var mark = evt.target.closest("mark[data-mark]");
      if (!mark) return;
      var row = document.querySelector('.import-row[data-mark="' + mark.dataset.mark + '"]');
      if (!row) return;
      row.scrollIntoView({ behavior: "smooth", block: "center" });
      var input = row.querySelector("textarea, input:not([type=hidden]), select");
      if (input) input.focus({ preventScroll: true });
      activate(mark.dataset.mark, false);
    });
  }

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var rows = document.querySelector('[data-rows="' + prefix + '"]');
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var counter = document.querySelector('[data-count="' + prefix + '"]');
    if (counter) counter.textContent = String(index + 1);
    wireRows(rows);
    var first = row.querySelector("textarea, input:not([type=hidden]), select");
    if (first) first.focus();
  }

  function init() {
    source = document.getElementById("import-source");
    if (!source) return;
    wireRows(document);
    wireSource();
    document.querySelectorAll("[data-add-row]").forEach(function (btn) {
      btn.addEventListener("click", function () { addRow(btn.dataset.addRow); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
