/*
 * The header's menu button: on a small screen the main navigation folds away
 * behind "Menu", so the page itself starts near the top of the screen.
 *
 * Progressive enhancement, from this file alone (no inline script), under the
 * site's strict Content-Security-Policy. Without JavaScript the button stays
 * hidden and every link is shown. With it, this script reveals the button and
 * marks the header, and the style sheet folds the links away below its
 * breakpoint (wider screens always show them and never the button).
 *
 * - The button is a real <button>: Enter and Space open and close it.
 * - aria-expanded says whether the links are shown; aria-controls names them.
 * - Escape closes the menu; focus in the menu goes back to the button.
 */
(function () {
  "use strict";

  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector("[data-menu-button]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-nav--open", open);
  }

  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen()) {
      return;
    }
    // Only while the button is on screen: on a wide screen the links are
    // always shown and Escape is left to the page.
    if (button.offsetParent === null) {
      return;
    }
    var focusInMenu = menu.contains(document.activeElement);
    setOpen(false);
    if (focusInMenu || document.activeElement === button) {
      button.focus();
    }
  });

  setOpen(false);
  button.hidden = false;
  header.classList.add("site-header--menu");
})();
