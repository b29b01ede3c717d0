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

  function mirror(form, key) {
    var save = function () { localStorage.setItem(key, JSON.stringify(snapshot(form))); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
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
      mirror(form, key);
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
    } else if (xhr && xhr.status >= 500) {
      showTrouble("Máy chủ gặp sự cố nên thay đổi vừa rồi chưa được lưu. Nội dung bạn nhập vẫn " +
        "được giữ trên máy này và sẽ được lưu lại tự động khi máy chủ hoạt động trở lại.");
    }
  });

  // --- HTMX: the server failed or could not be reached ---------------------------------
  // Nothing is swapped then, so say it in words. What was typed stays in the page and in
  // the keeper's copy above; the data entry page (entry.js) sends it again by itself.
  function showTrouble(text) {
    var box = document.getElementById("messages");
    if (!box) return;
    var el = document.getElementById("gp-server-trouble");
    if (!el) {
      el = document.createElement("div");
      el.id = "gp-server-trouble";
      el.className = "alert alert-danger";
      el.setAttribute("role", "alert");
      box.appendChild(el);
    }
    el.textContent = text;
  }
  document.addEventListener("htmx:sendError", function () {
    showTrouble("Mất kết nối tới máy chủ nên thay đổi vừa rồi chưa được lưu. Nội dung bạn nhập " +
      "vẫn được giữ trên máy này và sẽ được lưu lại tự động khi có kết nối.");
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var el = document.getElementById("gp-server-trouble");
    if (el && evt.detail && evt.detail.successful) el.remove();
  });

  // --- Confirm dialogs without inline handlers -----------------------------------------
  document.addEventListener("submit", function (evt) {
    var msg = evt.target.dataset && evt.target.dataset.confirm;
    if (msg && !window.confirm(msg)) evt.preventDefault();
  }, true);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initKeeper);
  else initKeeper();

  // --- Plans: inline editing with HTMX ------------------------------------------------
  // Fragments swapped in by HTMX are not seen by the keeper above (it runs once at page
  // load), so forms that arrive later are mirrored here, with the same snapshot/restore;
  // the server says a fragment form was stored with an HX-Trigger "gp-form-saved" event.
  function keepFragmentForms(root) {
    var forms = root.matches && root.matches("form[data-keep]") ? [root] : [];
    if (root.querySelectorAll) forms = forms.concat(Array.prototype.slice.call(root.querySelectorAll("form[data-keep]")));
    forms.forEach(function (form) {
      if (form.dataset.keepBound) return;
      form.dataset.keepBound = "1";
      var key = PREFIX + form.dataset.keep;
      // A form re-rendered with validation errors already shows what was typed.
      var hasErrors = form.querySelector(".is-invalid, .alert-danger");
      var stored = localStorage.getItem(key);
      if (stored && !hasErrors) {
        try {
          if (restore(form, JSON.parse(stored))) {
            var note = document.createElement("div");
            note.className = "alert alert-warning py-1 small mb-2";
            note.setAttribute("role", "status");
            note.textContent = "Đã khôi phục nội dung bạn nhập dở lần trước. Kiểm tra lại rồi bấm Lưu.";
            form.insertBefore(note, form.firstChild.nextSibling);
          }
        } catch (e) { localStorage.removeItem(key); }
      }
      mirror(form, key);
    });
  }

  document.addEventListener("htmx:load", function (evt) {
    var elt = evt.detail && evt.detail.elt;
    // Page-load forms are handled by the keeper above; only fragments are new here.
    if (!elt || elt === document.body) return;
    keepFragmentForms(elt);
    // An inline form opens focused (on the first error if it came back with errors),
    // so typing can start at once.
    if (elt.matches && elt.matches("form.inline-form")) {
      var field = elt.querySelector(".is-invalid") ||
        elt.querySelector("textarea, input:not([type=hidden]), select");
      if (field) field.focus();
    }
  });

  document.addEventListener("gp-form-saved", function (evt) {
    if (evt.detail && evt.detail.key) localStorage.removeItem(PREFIX + evt.detail.key);
  });

  // "Hủy" on an inline form: forget the kept copy; a new-item form is simply removed.
  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest && evt.target.closest("[data-inline-cancel]");
    if (!btn) return;
    var form = btn.closest("form[data-keep]");
    if (form) localStorage.removeItem(PREFIX + form.dataset.keep);
    if (btn.hasAttribute("data-inline-remove") && form) {
      evt.preventDefault();
      form.remove();
    }
  });

  // data-confirm on elements that act through HTMX (a delete button): ask first.
  document.addEventListener("htmx:confirm", function (evt) {
    var elt = evt.detail && evt.detail.elt;
    if (!elt || elt.tagName === "FORM" || !elt.dataset || !elt.dataset.confirm) return;
    evt.preventDefault();
    if (window.confirm(elt.dataset.confirm)) evt.detail.issueRequest(true);
  });

  // A form with both data-confirm and hx-post: the confirm handler above cancels the
  // native submit, but HTMX listens on the form itself; stop the event before it gets there.
  document.addEventListener("submit", function (evt) {
    if (evt.defaultPrevented && evt.target.dataset && evt.target.dataset.confirm) evt.stopPropagation();
  }, true);

})();
