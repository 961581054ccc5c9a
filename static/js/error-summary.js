/*
 * The error summary (templates/includes/form_errors.html) takes focus when the
 * page loads, so a screen reader announces "There is a problem" and the list,
 * and the keyboard starts there. The summary has the autofocus attribute too;
 * this covers browsers that ignore autofocus on a non-field, and leaves focus
 * alone if she has already moved it.
 *
 * Following a link in the summary puts focus in the field and scrolls its
 * label (and hint) into view above it, not only the input.
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    var active = document.activeElement;
    if (!active || active === document.body || active === summary) {
      summary.focus();
    }
  }

  function focusField(event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + input.id + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  if (window.__kairosErrorSummary) {
    return; // a page with two forms includes this file twice
  }
  window.__kairosErrorSummary = true;
  document.addEventListener("click", focusField);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
