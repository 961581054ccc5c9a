// The progress bar of an evidence build (evidence/templates/evidence/build.html):
// asks the status endpoint every few seconds, moves the bar, and reloads the
// page once the build has finished, which then shows the download. Without
// JavaScript, the page's "Check again" link does the same by hand.
(function () {
  "use strict";
  // Words from Django's JavaScript catalogue (base.html loads it first, in the
  // page's language); as written here if it did not load.
  var gettext =
    window.gettext ||
    function (text) {
      return text;
    };
  var interpolate =
    window.interpolate ||
    function (format, values) {
      return format.replace(/%\(\w+\)s/g, function (match) {
        return String(values[match.slice(2, -2)]);
      });
    };
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
      // The percentage goes in with its sign, so no "%" is left in the words.
      var values = {
        label: state.label,
        percent: state.percent + "%",
        done: state.done,
        total: state.total,
      };
      label.textContent = interpolate(
        state.total
          ? gettext("%(label)s: %(percent)s done (%(done)s of %(total)s).")
          : gettext("%(label)s: %(percent)s done."),
        values,
        true
      );
    }
    // Announce every quarter, not every tick, so a screen reader is not flooded.
    var quarter = Math.floor(state.percent / 25);
    if (message && quarter !== announced) {
      announced = quarter;
      message.textContent = interpolate(
        gettext("%(percent)s done."),
        { percent: state.percent + "%" },
        true
      );
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
          if (message) {
            message.textContent = interpolate(
              gettext("%(label)s. Loading the download…"),
              { label: state.label },
              true
            );
          }
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
