// Interactive charts on request. The static SVG stays the default; the Vega bundle (served by this site)
// is fetched only when a reader asks for an interactive chart, and never on pages without charts. The static
// chart stays in view until the interactive one is drawn; a failed load says so and offers to try again.
(function () {
  "use strict";

  const bundles = new Map();

  function loadBundle(url) {
    if (!bundles.has(url)) {
      bundles.set(url, new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () {
          bundles.delete(url); // so that "Try again" fetches it afresh
          script.remove();
          reject(new Error("could not load " + url));
        };
        document.head.appendChild(script);
      }));
    }
    return bundles.get(url);
  }

  function darkScheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  // The narrow spec where the figure is narrower than the wide chart was drawn for: its text stays at 12 px.
  function specUrl(figure, button) {
    const wide = figure.querySelector(".ev-chart__image--wide svg");
    const narrow = wide && figure.clientWidth < Number(wide.getAttribute("width"));
    const data = button.dataset;
    if (narrow && data.specNarrow) return darkScheme() ? data.specNarrowDark : data.specNarrow;
    return darkScheme() ? data.specDark : data.spec;
  }

  async function fetchSpec(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
    return response.json();
  }

  async function embed(figure, button) {
    const target = figure.querySelector(".ev-chart__interactive");
    const spec = await fetchSpec(specUrl(figure, button));
    await loadBundle(button.dataset.bundle);
    // The page's stylesheet styles the chart and tooltip: the Content-Security-Policy allows no inline styles.
    await window.vegaEmbed(target, spec, {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    });
  }

  function showStatus(figure, text, retry) {
    const status = figure.querySelector(".ev-chart__status");
    if (!status) return;
    status.replaceChildren(document.createTextNode(text));
    if (retry) {
      const again = document.createElement("button");
      again.type = "button";
      again.textContent = "Try again";
      again.addEventListener("click", retry);
      status.appendChild(again);
    }
    status.hidden = !text;
  }

  async function open(figure, button) {
    button.disabled = true;
    showStatus(figure, "Loading the interactive chart…");
    try {
      await embed(figure, button);
      figure.classList.add("ev-chart--interactive");
      figure.querySelector(".ev-chart__interactive").hidden = false;
      button.textContent = "Show static chart";
      showStatus(figure, "");
    } catch (error) {
      showStatus(figure, "The interactive chart could not be loaded; the static chart is shown.", function () {
        open(figure, button);
      });
    } finally {
      button.disabled = false;
    }
  }

  function close(figure, button) {
    figure.classList.remove("ev-chart--interactive");
    figure.querySelector(".ev-chart__interactive").hidden = true;
    button.textContent = "Show interactive chart";
    showStatus(figure, "");
  }

  function toggle(button) {
    const figure = button.closest("figure");
    if (figure.classList.contains("ev-chart--interactive")) {
      close(figure, button);
    } else {
      open(figure, button);
    }
  }

  function redrawForScheme() {
    document.querySelectorAll("figure.ev-chart--interactive").forEach(function (figure) {
      embed(figure, figure.querySelector(".ev-chart__toggle")).catch(function () {
        close(figure, figure.querySelector(".ev-chart__toggle"));
      });
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
