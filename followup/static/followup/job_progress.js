// A job a worker does (the yearly report's PDF, a large import): asks for its status every few
// seconds, updates the progress bar and the live region, and reloads the page when the job is
// no longer pending (the page then shows the result). Without JavaScript the page has a link.
// The box names the status address (data-status-url); its live region's data-running-text
// holds the running text with %(name)s for each value of the JSON answer.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url][data-pending]");
  if (!box || box.dataset.pending !== "true") {
    return;
  }
  var bar = box.querySelector("progress");
  var status = box.querySelector("[role=status]");
  var template = status.dataset.runningText;
  var lastText = "";
  function fill(text, data) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in data ? String(data[name]) : whole;
    });
  }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (!data.pending) { window.location.reload(); return; }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        var text = data.status === "running" && template
          ? fill(template, data)
          : status.textContent.trim();
        if (text !== lastText) { status.textContent = text; lastText = text; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
