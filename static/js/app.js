// genderplan front-end helpers. No inline scripts anywhere: the CSP allows only this file
// and the vendored libraries.
(function () {
  "use strict";
  var PREFIX = "gp-keep:";

  // --- Form keeper: nothing typed is lost when the session expires --------------------
  // Every form with data-keep="<key>" is mirrored to localStorage on each input. The copy
  // is dropped when the server says (body[data-saved-forms]) that this form was stored,
  // or when the user discards it. Otherwise, on the next visit it is put back.
  function keyOf(form) { return PREFIX + (form.dataset.keep || window.location.pathname); }

  function snapshot(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "password" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
        else if (!(el.name in data)) { data[el.name] = data[el.name] || []; }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(form, data) {
    var changed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      var v = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        var on = Array.isArray(v) && v.indexOf(el.value) !== -1;
        if (el.checked !== on) { el.checked = on; changed = true; }
      } else if (typeof v === "string" && el.value !== v) {
        el.value = v; changed = true;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    return changed;
  }

  function initKeeper() {
    var saved = (document.body.dataset.savedForms || "").split(" ").filter(Boolean);
    saved.forEach(function (k) { localStorage.removeItem(PREFIX + k); });
    var notice = document.getElementById("restored-notice");
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var key = keyOf(form);
      var stored = localStorage.getItem(key);
      if (stored) {
        try {
          if (restore(form, JSON.parse(stored)) && notice) notice.classList.remove("d-none");
        } catch (e) { localStorage.removeItem(key); }
      }
      form.addEventListener("input", function () {
        localStorage.setItem(key, JSON.stringify(snapshot(form)));
      });
      form.addEventListener("change", function () {
        localStorage.setItem(key, JSON.stringify(snapshot(form)));
      });
    });
    document.querySelectorAll("[data-discard-restored]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        document.querySelectorAll("form[data-keep]").forEach(function (f) {
          localStorage.removeItem(keyOf(f));
        });
        window.location.reload();
      });
    });
  }

  // --- HTMX: an expired session inside a fragment request goes to the login page ------
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr && xhr.status === 401 && xhr.getResponseHeader("HX-Redirect")) {
      window.location.href = xhr.getResponseHeader("HX-Redirect");
    }
  });

  // --- Confirm dialogs without inline handlers -----------------------------------------
  document.addEventListener("submit", function (evt) {
    var msg = evt.target.dataset && evt.target.dataset.confirm;
    if (msg && !window.confirm(msg)) evt.preventDefault();
  }, true);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initKeeper);
  else initKeeper();
})();
