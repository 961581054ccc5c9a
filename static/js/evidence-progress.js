// The progress bar of an evidence build (evidence/templates/evidence/build.html):
// asks the status endpoint every few seconds, moves the bar, and reloads the
// page once the build has finished, which then shows the download. Without
// JavaScript, the page's "Check again" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-build-progress]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var label = document.getElementById("build-progress-label");
  var message = box.querySelector("[data-build-message]");
  var announced = -1;
  var delay = 1500;

  function show(state) {
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
    }
    if (label) {
      label.textContent = state.label + ": " + state.percent + "% done" +
        (state.total ? " (" + state.done + " of " + state.total + ")." : ".");
    }
    // Announce every quarter, not every tick, so a screen reader is not flooded.
    var quarter = Math.floor(state.percent / 25);
    if (message && quarter !== announced) {
      announced = quarter;
      message.textContent = state.percent + "% done.";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          if (message) message.textContent = state.label + ". Loading the download…";
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.2, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, delay);
})();
