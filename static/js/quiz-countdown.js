/* The countdown on a timed quiz (progressive enhancement).
 *
 * Without this script the page shows the time she must finish by. With it, the
 * time left is shown and updated quietly (it is not a live region, so a screen
 * reader is not interrupted every second); a separate polite live region says
 * when 10 minutes, 5 minutes and 1 minute are left, and when the time is up.
 * A button hides and shows the countdown; the warnings still come when it is
 * hidden. The server keeps the time: this only shows it.
 */
(function () {
  "use strict";

  // Words from Django's JavaScript catalogue (base.html loads it first, in the
  // page's language); as written here if it did not load.
  var gettext =
    window.gettext ||
    function (text) {
      return text;
    };
  var ngettext =
    window.ngettext ||
    function (singular, plural, count) {
      return count === 1 ? singular : plural;
    };
  var interpolate =
    window.interpolate ||
    function (format, values) {
      return format.replace(/%\(\w+\)s/g, function (match) {
        return String(values[match.slice(2, -2)]);
      });
    };

  function minutesLeft(minutes) {
    return interpolate(
      ngettext("%(minutes)s minute left.", "%(minutes)s minutes left.", minutes),
      { minutes: minutes },
      true
    );
  }

  var timer = document.querySelector("[data-countdown]");
  if (!timer) {
    return;
  }
  var seconds = parseInt(timer.getAttribute("data-seconds-left"), 10);
  if (isNaN(seconds)) {
    return;
  }
  var end = Date.now() + seconds * 1000;
  var warnings = [600, 300, 60].filter(function (at) {
    return at < seconds;
  });
  var words = { 600: minutesLeft(10), 300: minutesLeft(5), 60: minutesLeft(1) };

  var display = document.createElement("p");
  display.className = "timer__left";
  display.id = "timer-left";

  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");

  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "button button--secondary timer__toggle";
  toggle.setAttribute("aria-controls", display.id);
  toggle.setAttribute("aria-expanded", "true");
  toggle.textContent = gettext("Hide the timer");
  toggle.addEventListener("click", function () {
    var hide = !display.hidden;
    display.hidden = hide;
    toggle.setAttribute("aria-expanded", hide ? "false" : "true");
    toggle.textContent = hide ? gettext("Show the timer") : gettext("Hide the timer");
  });

  timer.appendChild(display);
  timer.appendChild(toggle);
  timer.appendChild(live);

  function two(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    var remaining = end - Date.now();
    var left = Math.max(0, Math.ceil(remaining / 1000));
    if (left === 0) {
      display.textContent = gettext("Time is up. The answers you saved count.");
      live.textContent = gettext("Time is up.");
      return;
    }
    var minutes = Math.floor(left / 60);
    display.textContent = interpolate(
      gettext("Time left: %(time)s"),
      { time: minutes + ":" + two(left % 60) },
      true
    );
    while (warnings.length && left <= warnings[0]) {
      live.textContent = words[warnings.shift()];
    }
    window.setTimeout(tick, remaining % 1000 || 1000);
  }

  tick();
})();
