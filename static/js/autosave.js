/*
 * Autosave: keep what she is writing while she writes it, so that leaving the
 * page (a break, a closed tab, a lost connection) loses nothing.
 *
 * Progressive enhancement, from this file alone (no inline script, so it runs
 * under the site's strict Content-Security-Policy). Without it every form
 * still saves in the ordinary way.
 *
 * A form opts in with `data-autosave-url`. Each textarea belonging to it (by
 * nesting or by its `form` attribute) is sent there a moment after she stops
 * typing, and when she leaves the page, as `field` (its name), `text`, and:
 *
 * - `key` and `version` from `data-autosave-key` / `data-autosave-version`
 *   (reflection drafts: the server keeps the draft only while its version is
 *   still the one this page was made with);
 * - `previous`, the text the server last confirmed (written answers: the
 *   server changes an answer only if it is still that);
 * - `flagged`, the state of the question's "flag" checkbox, if it has one.
 *
 * The answer's `message` ("Draft saved at 14:32") goes in a quiet status line
 * (role="status": polite) under the box. Pressing one of the form's own
 * buttons stops autosaving: the real save has the last word.
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

  var DELAY_MS = 1500;
  var NOT_SAVED = gettext(
    "Your draft could not be saved just now. What you wrote is still here."
  );

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function statusFor(field) {
    var status = document.createElement("p");
    status.className = "field__hint autosave-status";
    status.setAttribute("role", "status");
    status.id = field.id + "-autosave";
    field.insertAdjacentElement("afterend", status);
    return status;
  }

  function Box(field, form) {
    this.field = field;
    this.form = form;
    this.url = form.getAttribute("data-autosave-url");
    this.confirmed = field.value;
    this.timer = null;
    this.sending = false;
    this.again = false;
    this.stopped = false;
    this.status = statusFor(field);
    field.addEventListener("input", this.later.bind(this));
  }

  Box.prototype.later = function () {
    if (this.stopped) {
      return;
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(this.send.bind(this, false), DELAY_MS);
  };

  Box.prototype.changed = function () {
    return this.field.value !== this.confirmed;
  };

  Box.prototype.body = function () {
    var field = this.field;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken(this.form));
    data.append("field", field.name);
    data.append("text", field.value);
    data.append("previous", this.confirmed);
    if (field.hasAttribute("data-autosave-key")) {
      data.append("key", field.getAttribute("data-autosave-key"));
      data.append("version", field.getAttribute("data-autosave-version") || "0");
    }
    var flag = this.form.elements.namedItem("flag_" + field.name);
    if (flag && flag.type === "checkbox") {
      data.append("flagged", flag.checked ? "on" : "");
    }
    return data;
  };

  Box.prototype.send = function (leaving) {
    window.clearTimeout(this.timer);
    if (this.stopped || !this.changed()) {
      return;
    }
    if (this.sending && !leaving) {
      this.again = true; // one request at a time, so they arrive in order
      return;
    }
    var box = this;
    var text = this.field.value;
    this.sending = true;
    fetch(this.url, {
      method: "POST",
      body: this.body(),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.form), Accept: "application/json" },
      keepalive: leaving,
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok && answer.saved) {
            box.confirmed = text;
          } else if (response.status === 409) {
            box.stopped = true; // saved elsewhere since: nothing more to keep
          }
          box.say(answer.message || NOT_SAVED);
        });
      })
      .catch(function () {
        box.say(NOT_SAVED);
      })
      .then(function () {
        box.sending = false;
        if (box.again) {
          box.again = false;
          box.send(false);
        }
      });
  };

  Box.prototype.say = function (message) {
    this.status.textContent = message;
  };

  function boxesOf(form) {
    var boxes = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.tagName === "TEXTAREA" && element.name && element.id) {
        boxes.push(new Box(element, form));
      }
    });
    return boxes;
  }

  function start() {
    var forms = document.querySelectorAll("form[data-autosave-url]");
    Array.prototype.forEach.call(forms, function (form) {
      var boxes = boxesOf(form);
      if (!boxes.length) {
        return;
      }
      // Her own press of Save, Mark complete, Take a break: the real save
      // carries the text, and no autosave may follow it.
      form.addEventListener("submit", function () {
        boxes.forEach(function (box) {
          window.clearTimeout(box.timer);
          box.stopped = true;
        });
      });
      function leaving() {
        boxes.forEach(function (box) {
          box.send(true);
        });
      }
      window.addEventListener("pagehide", leaving);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
          leaving();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
