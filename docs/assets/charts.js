// Interactive charts on request. The static SVG stays the default; the Vega bundle (served by this site)
// is fetched only when a reader asks for an interactive chart, and never on pages without charts.
(function () {
  "use strict";

  let bundle = null;

  function loadBundle(url) {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  function darkScheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  async function embed(figure, button) {
    const target = figure.querySelector(".ev-chart__interactive");
    const url = darkScheme() ? button.dataset.specDark : button.dataset.spec;
    await loadBundle(button.dataset.bundle);
    const spec = await (await fetch(url)).json();
    // The page's stylesheet styles the chart and tooltip: the Content-Security-Policy allows no inline styles.
    await window.vegaEmbed(target, spec, {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    });
  }

  async function toggle(button) {
    const figure = button.closest("figure");
    const interactive = figure.classList.toggle("ev-chart--interactive");
    figure.querySelector(".ev-chart__interactive").hidden = !interactive;
    button.textContent = interactive ? "Show static chart" : "Show interactive chart";
    if (interactive) {
      button.disabled = true;
      try {
        await embed(figure, button);
      } finally {
        button.disabled = false;
      }
    }
  }

  function redrawForScheme() {
    document.querySelectorAll("figure.ev-chart--interactive").forEach(function (figure) {
      embed(figure, figure.querySelector(".ev-chart__toggle"));
    });
  }

  function init() {
    document.querySelectorAll("button.ev-chart__toggle").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "true";
      button.hidden = false;
      button.addEventListener("click", function () { toggle(button); });
    });
  }

  new MutationObserver(redrawForScheme).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
  // Material's instant navigation swaps pages without a reload: document$ emits on each page.
  if (window.document$) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  }
})();
