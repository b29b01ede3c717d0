// Review pages: refill the round's dates from the reporting regime when the year or kind
// changes, and "select all / none" for checkbox lists. No inline handlers (CSP).
(function () {
  "use strict";

  function initRegime(form) {
    var table;
    try { table = JSON.parse(form.dataset.regime || "{}"); } catch (e) { return; }
    var year = form.querySelector("[name=year]");
    var fields = ["window_start", "window_end", "deadline"].map(function (n) {
      return form.querySelector("[name=" + n + "]");
    });
    if (!year || fields.some(function (f) { return !f; })) return;

    function kind() {
      var checked = form.querySelector("[name=kind]:checked");
      return checked ? checked.value : "";
    }
    // Dates the user typed themselves are kept; only dates still equal to the regime's
    // values for the previous year/kind follow the change.
    var shown = table[year.value + "-" + kind()];
    function refill() {
      var next = table[year.value + "-" + kind()];
      if (!next) return;
      fields.forEach(function (f, i) {
        if (!f.value || (shown && f.value === shown[i])) f.value = next[i];
      });
      shown = next;
    }
    year.addEventListener("input", refill);
    form.querySelectorAll("[name=kind]").forEach(function (r) { r.addEventListener("change", refill); });
  }

  function initCheckAll() {
    document.querySelectorAll("[data-check-all], [data-check-none]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var name = btn.dataset.checkAll || btn.dataset.checkNone;
        var on = Boolean(btn.dataset.checkAll);
        var form = btn.closest("form");
        form.querySelectorAll("input[type=checkbox][name=" + name + "]").forEach(function (cb) {
          cb.checked = on;
        });
        form.dispatchEvent(new Event("change"));
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-regime]").forEach(initRegime);
    initCheckAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
