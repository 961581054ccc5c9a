/*
 * Quick exit ("Exit this page"): leave at once for a neutral site.
 *
 * Loaded only when the site's support settings switch the quick exit on, from
 * this file alone (no inline script), so it works under a strict
 * Content-Security-Policy. The link in the header works without JavaScript
 * too; this script makes it faster and safer:
 *
 * - on click, or on the Shift key pressed three times within a second (with
 *   no other key in between), the page is blanked first, so nothing stays on
 *   screen while the neutral site loads;
 * - location.replace() takes this page's entry out of the browser history, so
 *   the back button does not return to it;
 * - the referrer is withheld, so the neutral site is not told where she was.
 */
(function () {
  "use strict";

  var PRESSES = 3;
  var WITHIN_MS = 1000;

  function exitLink() {
    return document.querySelector("a[data-quick-exit]");
  }

  function leave(url) {
    var meta = document.createElement("meta");
    meta.name = "referrer";
    meta.content = "no-referrer";
    document.head.appendChild(meta);
    document.title = "";
    if (document.body) {
      document.body.replaceChildren();
      document.body.hidden = true;
    }
    window.location.replace(url);
  }

  function exitUrl() {
    var link = exitLink();
    return link ? link.href : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quick-exit]");
    if (!link) {
      return;
    }
    event.preventDefault();
    leave(link.href);
  });

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = []; // typing a capital letter is not a quick exit
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) {
      return now - time < WITHIN_MS;
    });
    presses.push(now);
    if (presses.length >= PRESSES) {
      var url = exitUrl();
      if (url) {
        presses = [];
        leave(url);
      }
    }
  });
})();
