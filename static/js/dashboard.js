// Dashboards: draw the Vega-Lite charts whose specs the page carries in JSON data islands
// (<script type="application/json">, never executed), and submit the filter form on change.
// CSP-safe: vega-embed's `ast: true` evaluates expressions with the bundled interpreter
// instead of `new Function`; `defaultStyle: false` and the tooltip's `disableDefaultStyle`
// keep it from adding <style> elements (the look is in static/css/dashboard.css).
(function () {
  "use strict";

  // The number locale also travels in each spec (config.locale); set it globally too so
  // any format outside a spec's config reads the Vietnamese way.
  var VI_NUMBER = { decimal: ",", thousands: ".", grouping: [3], currency: ["", " đ"] };

  function draw(el) {
    var island = document.getElementById(el.dataset.vegaSpec);
    if (!island || typeof window.vegaEmbed !== "function") return;
    var spec;
    try { spec = JSON.parse(island.textContent); } catch (e) { return; }
    window.vegaEmbed(el, spec, {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false,
      formatLocale: VI_NUMBER,
      tooltip: { disableDefaultStyle: true },
    }).then(function () {
      el.classList.add("dash-chart-ready");
    }).catch(function (err) {
      el.classList.add("dash-chart-failed");
      el.textContent = "Không vẽ được biểu đồ; xem số liệu ở bảng bên cạnh.";
      if (window.console) window.console.error(err);
    });
  }

  function autosubmit(form) {
    form.addEventListener("change", function (ev) {
      if (ev.target && ev.target.matches("select, input[type=checkbox]")) form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-vega-spec]").forEach(draw);
    document.querySelectorAll("form[data-autosubmit]").forEach(autosubmit);
  });
})();
