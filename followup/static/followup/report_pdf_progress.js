// The yearly report's PDF while a worker makes it: asks for its status every few seconds,
// updates the progress bar and the live region, and reloads the page when it is done or failed
// (the page then shows the download or the error). Without JavaScript the page has a link.
(function () {
  "use strict";
  var box = document.getElementById("pdf-progress");
  if (!box || box.dataset.pending !== "true") {
    return;
  }
  var bar = document.getElementById("pdf-progress-bar");
  var status = document.getElementById("pdf-status");
  var template = status.dataset.runningText;
  var lastText = "";
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (!data.pending) { window.location.reload(); return; }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        var text = data.status === "running" && template
          ? template.replace("%(progress)s", data.progress)
          : status.textContent.trim();
        if (text !== lastText) { status.textContent = text; lastText = text; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
