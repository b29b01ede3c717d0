// Data entry page (templates/reports/entry.html): men and the share of women computed as
// the clerk types, the plan target check, the "explain this change" prompt, and the
// autosave plumbing around HTMX. No inline scripts: the CSP allows only files like this.
(function () {
  "use strict";
  var PREFIX = "gp-keep:"; // the form keeper's localStorage prefix (static/js/app.js)
  var form = null;
  // What the server has for each field, and the fields whose value differs from it
  // (typed, or restored after an expired session, and not stored yet). Comparing values
  // rather than counting events matters: Chrome fires "change" on a focused input that
  // an autosave swap removes, which must not make a stored value look unsaved.
  var stored = {};
  var dirty = new Set();
  var sentValues = new WeakMap(); // block -> {name: value} of its request in flight
  var justSaved = new Set(); // ids of blocks whose save succeeded, until re-rendered

  // --- Numbers the way reports/parsing.py reads them --------------------------------
  // Returns null for empty, NaN for anything the server would refuse.
  function parseCount(raw) {
    var t = String(raw == null ? "" : raw).replace(/[\s\u00a0]/g, "");
    if (t === "") return null;
    if (/^\d+$/.test(t)) return parseInt(t, 10);
    if (/^\d{1,3}(\.\d{3})+$/.test(t) || /^\d{1,3}(,\d{3})+$/.test(t)) {
      return parseInt(t.replace(/[.,]/g, ""), 10);
    }
    return NaN;
  }
  function ok(n) { return n !== null && !isNaN(n); }
  function groupInt(s) { return s.replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  // 1234.56 -> "1.234,6" with one decimal (Vietnamese grouping and decimal comma).
  function formatNumber(n, places) {
    var parts = Math.abs(n).toFixed(places).split(".");
    return (n < 0 ? "-" : "") + groupInt(parts[0]) + (parts[1] ? "," + parts[1] : "");
  }
  function formatAmount(n, unit) {
    var places = Math.round(n) === n ? 0 : 1;
    return unit === "%" ? formatNumber(n, places) + "%" : formatNumber(n, places) + " " + unit;
  }

  function field(code, part) {
    return document.querySelector('[name="fig-' + code + "-" + part + '"]');
  }
  function typed(code, part) {
    if (part === "men") {
      var t = typed(code, "total"), w = typed(code, "women");
      return ok(t) && ok(w) && w <= t ? t - w : null;
    }
    var el = field(code, part);
    return el ? parseCount(el.value) : null;
  }

  // --- Mirror of services._changed_a_lot: more than half against last round --------
  function changedALot(old, now) {
    if (!ok(old) || !ok(now)) return false;
    if (old === 0) return now >= 2;
    return Math.abs(now - old) / old > 0.5;
  }
  function bigChangeMessage(block) {
    var d = block.dataset, code = d.code, pairs;
    if (d.kind === "yesno") return "";
    if (d.kind === "sex") {
      pairs = [
        [d.totalLabel, parseCount(d.prevTotal), typed(code, "total")],
        [d.partLabel, parseCount(d.prevWomen), typed(code, "women")]
      ];
    } else {
      pairs = [["giá trị", parseCount(d.prevValue), typed(code, "value")]];
    }
    for (var i = 0; i < pairs.length; i++) {
      var label = pairs[i][0], old = pairs[i][1], now = pairs[i][2];
      if (changedALot(old, now)) {
        return d.name + ": " + label.toLowerCase() + " thay đổi từ " + formatNumber(old, 0) +
          (now > old ? " lên " : " xuống ") + formatNumber(now, 0) +
          " so với kỳ trước (quá 50%). Ghi giải trình lý do.";
      }
    }
    return "";
  }

  // --- One figure block: men, share, live errors, explanation prompt ----------------
  function updateFigure(block) {
    var d = block.dataset, code = d.code;
    var liveError = block.querySelector("[data-live-error]");
    var message = "";
    if (d.kind === "sex") {
      var t = typed(code, "total"), w = typed(code, "women");
      var men = block.querySelector('[data-calc="men"]');
      var share = block.querySelector('[data-calc="share"]');
      var valid = ok(t) && ok(w) && w <= t;
      if (men) men.textContent = valid ? formatNumber(t - w, 0) : "—";
      if (share) share.textContent = valid && t > 0 ? formatNumber((w * 100) / t, 1) + "%" : "—";
      if (ok(t) && ok(w) && w > t) {
        message = d.partLabel + " (" + formatNumber(w, 0) + ") lớn hơn " +
          d.totalLabel.toLowerCase() + " (" + formatNumber(t, 0) + ").";
      } else if (ok(w) && t === null) {
        message = "Nhập cả " + d.totalLabel.toLowerCase() + ", không chỉ số nữ.";
      } else if ((t !== null && isNaN(t)) || (w !== null && isNaN(w))) {
        message = "Chỉ nhập chữ số, ví dụ 42 hoặc 1.250.";
      }
    } else if (d.kind === "count") {
      var v = typed(code, "value");
      if (v !== null && isNaN(v)) message = "Chỉ nhập chữ số, ví dụ 42 hoặc 1.250.";
    }
    // The server's message (after autosave) replaces this one; no need to say it twice.
    if (liveError) {
      var serverSays = block.querySelector(".invalid-feedback");
      liveError.textContent = serverSays ? "" : message;
    }
    var explain = block.querySelector("[data-explain]");
    if (explain) {
      var why = bigChangeMessage(block);
      var text = explain.querySelector("textarea");
      var note = explain.querySelector("[data-explain-message]");
      if (note) note.textContent = why;
      explain.classList.toggle("d-none", !why && !(text && text.value.trim()));
    }
  }

  // --- The plan's target, checked against what is typed now -------------------------
  function codeIsDirty(code) {
    return ["total", "women", "value"].some(function (p) { return dirty.has("fig-" + code + "-" + p); });
  }

  // Shown only while something it depends on is typed and not yet saved: once saved,
  // the block shows the server's verdict (plans/evaluation.py) instead.
  function updateTarget(el) {
    var out = el.querySelector(".target-live");
    if (!out) return;
    var num = el.dataset.targetNum.split(":"), den = el.dataset.targetDen;
    var codes = [num[0]].concat(den ? [den.split(":")[0]] : []);
    if (!codes.some(codeIsDirty)) { out.textContent = ""; return; }
    var n = typed(num[0], num[1]), value;
    if (!ok(n)) { out.textContent = ""; return; }
    if (den) {
      den = den.split(":");
      var dv = typed(den[0], den[1]);
      if (!ok(dv) || dv === 0) { out.textContent = ""; return; }
      value = (n * 100) / dv; // multiply first: 7 × 100 / 20 is exactly 35
    } else {
      value = n;
    }
    var req = parseFloat(el.dataset.targetValue);
    var high = el.dataset.targetHigh ? parseFloat(el.dataset.targetHigh) : null;
    var met;
    switch (el.dataset.targetCmp) {
      case "ge": met = value >= req; break;
      case "gt": met = value > req; break;
      case "le": met = value <= req; break;
      case "lt": met = value < req; break;
      case "eq": met = Math.abs(value - req) < 1e-9; break;
      default: met = value >= req && (high === null || value <= high);
    }
    out.textContent = "— đang nhập: " + formatAmount(value, el.dataset.targetUnit) +
      (met ? ", đạt mức này" : ", chưa đạt mức này");
    out.classList.toggle("text-success", met);
    out.classList.toggle("text-danger", !met);
  }

  function updateAll(root) {
    (root || document).querySelectorAll(".entry-figure").forEach(updateFigure);
  }

  // --- Autosave plumbing ---------------------------------------------------------------
  function isBlock(el) { return el && el.classList && el.classList.contains("entry-block"); }
  function readBlock(block) {
    var values = {};
    block.querySelectorAll("[name]").forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  function keepKey() { return form && form.dataset.keep ? PREFIX + form.dataset.keep : null; }

  function tracked(el) {
    return el.name && el.form === form && el.type !== "hidden" && el.type !== "file";
  }

  function defaultOf(el) {
    if (el.tagName === "SELECT") {
      for (var i = 0; i < el.options.length; i++) if (el.options[i].defaultSelected) return el.options[i].value;
      return el.options.length ? el.options[0].value : "";
    }
    return el.defaultValue;
  }

  function init() {
    form = document.getElementById("entry-form");
    if (!form) return;
    updateAll();
    if (!form.dataset.keep) return; // read-only page: nothing to save

    // The server rendered each field's stored value (its default). The keeper (app.js)
    // has already put back what an expired session left unsaved: mark those fields so
    // the clerk sees them, and keep the copy until they are stored.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!tracked(el)) return;
      stored[el.name] = defaultOf(el);
      if (el.value !== stored[el.name]) { dirty.add(el.name); el.classList.add("is-restored"); }
    });

    function touch(evt) {
      var el = evt.target;
      if (tracked(el)) {
        if (el.value === stored[el.name]) dirty.delete(el.name);
        else dirty.add(el.name);
      }
      var block = el.closest && el.closest(".entry-figure");
      if (block && block.isConnected) updateFigure(block);
      document.querySelectorAll("[data-target-num]").forEach(updateTarget);
    }
    form.addEventListener("input", touch);
    form.addEventListener("change", touch);
    document.querySelectorAll("[data-target-num]").forEach(updateTarget);

    // Enter in a figure must not post the whole page: autosave it instead.
    form.addEventListener("keydown", function (evt) {
      var el = evt.target;
      if (evt.key === "Enter" && el.tagName === "INPUT" && el.form === form) {
        evt.preventDefault();
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  // A block whose save failed on the server's side (5xx) or never arrived (network, server
  // restarting) is sent again by itself, sooner at first and then less often, until it
  // goes through; typing in it meanwhile sends it too.
  var failed = new Set(), retryTimer = null, retryDelay = 2000;
  function retryFailed() {
    retryTimer = null;
    var blocks = Array.from(failed);
    failed.clear();
    blocks.forEach(function (b) { if (b.isConnected && window.htmx) window.htmx.trigger(b, "change"); });
  }
  function saveFailed(evt) {
    var block = evt.detail && evt.detail.elt;
    if (!isBlock(block)) return;
    var xhr = evt.detail.xhr;
    if (evt.type === "htmx:responseError" && !(xhr && xhr.status >= 500)) return;
    failed.add(block);
    if (!retryTimer) {
      retryTimer = setTimeout(retryFailed, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }
  }
  document.addEventListener("htmx:responseError", saveFailed);
  document.addEventListener("htmx:sendError", saveFailed);
  document.addEventListener("htmx:afterRequest", function (evt) {
    if (evt.detail && evt.detail.successful && isBlock(evt.detail.elt)) retryDelay = 2000;
  });

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var block = evt.detail.elt;
    if (isBlock(block)) sentValues.set(block, readBlock(block));
  });

  // If the clerk kept typing while the save was on its way, do not paste the older
  // values back over hers: a newer save of the same block follows (hx-sync queues it).
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var block = evt.detail.elt;
    if (!isBlock(block) || !sentValues.has(block)) return;
    var sent = sentValues.get(block), now = readBlock(block);
    for (var name in now) {
      if (Object.prototype.hasOwnProperty.call(sent, name) && sent[name] !== now[name]) {
        evt.detail.shouldSwap = false;
        return;
      }
    }
  });

  // The server stored the block (HX-Trigger "gp-saved"): those fields are no longer at
  // risk. Drop the kept copy only when nothing else typed is still unsaved.
  document.addEventListener("gp-saved", function (evt) {
    var block = evt.target, sent = sentValues.get(block) || {};
    Object.keys(sent).forEach(function (name) {
      stored[name] = sent[name];
      var el = form && form.elements.namedItem(name);
      if (!el || el.value === sent[name]) dirty.delete(name);
    });
    if (block.id) justSaved.add(block.id);
    var key = keepKey();
    if (key && dirty.size === 0) localStorage.removeItem(key);
  });

  document.addEventListener("htmx:load", function (evt) {
    var elt = evt.detail && evt.detail.elt;
    if (!elt || elt === document.body || !elt.classList) return;
    // After a save the server may write a value its own way (1250 → 1.250): that is
    // now the stored value. After a refusal the block echoes what was typed instead,
    // which stays unsaved.
    if (justSaved.has(elt.id)) {
      justSaved.delete(elt.id);
      elt.querySelectorAll("[name]").forEach(function (el) {
        if (!tracked(el)) return;
        stored[el.name] = defaultOf(el);
        if (el.value === stored[el.name]) dirty.delete(el.name);
      });
    }
    if (elt.classList.contains("entry-figure")) updateFigure(elt);
    document.querySelectorAll("[data-target-num]").forEach(updateTarget);
  });

  // Our "Chọn tệp…" button (the browser's own speaks its own language): show the name.
  document.addEventListener("change", function (evt) {
    var input = evt.target;
    if (!input.matches || !input.matches("[data-file-input]")) return;
    var label = input.parentElement.querySelector("[data-file-name]");
    if (label) label.textContent = input.files.length ? input.files[0].name : "Chưa chọn tệp";
  });

  document.addEventListener("click", function (evt) {
    var target = evt.target.closest ? evt.target : evt.target.parentElement;
    // "Tải lại số liệu mới nhất": forget what was typed here, show what is stored.
    var reload = target.closest("[data-reload-latest]");
    if (reload) {
      var key = keepKey();
      if (key) localStorage.removeItem(key);
      window.location.assign(window.location.pathname);
      return;
    }
    // Delete buttons share one form; the confirm text (app.js asks) is the button's.
    var del = target.closest("[data-confirm-text]");
    if (del && del.form) del.form.dataset.confirm = del.dataset.confirmText;
    var ask = target.closest("[data-confirm-click]");
    if (ask && !window.confirm(ask.dataset.confirmClick)) evt.preventDefault();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
