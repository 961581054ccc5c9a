// Wagtail's rich text editors inside StreamField blocks have no accessible name
// (axe-core: aria-input-field-name). Name each one after its block's heading,
// e.g. "Rich text", so screen reader users know which field they are in.
// The tag field (a course's topics) types into an input of its own that its
// label does not reach (axe-core: label): name it after the field's label.
// Wagtail's chooser dialogs (role="dialog") have no name either
// (axe-core: aria-dialog-name): name each after the heading it shows.
(() => {
  let headings = 0;
  const labelEditors = () => {
    document
      .querySelectorAll('[role="textbox"][contenteditable="true"]')
      .forEach((box) => {
        if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) {
          return;
        }
        const section = box.closest("section[aria-labelledby]");
        if (section) {
          box.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
        }
      });
    document.querySelectorAll("input.ui-autocomplete-input").forEach((input) => {
      if (input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")) {
        return;
      }
      // The field's own input (hidden by the tag widget) is the label's target.
      const field = input.closest("[data-field]");
      const own = field?.querySelector("input[id]:not(.ui-autocomplete-input)");
      const label = own && document.querySelector(`label[for="${own.id}"][id]`);
      if (label) {
        input.setAttribute("aria-labelledby", label.id);
      }
    });
    document.querySelectorAll('.modal[role="dialog"]').forEach((dialog) => {
      if (dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) {
        return;
      }
      const heading = dialog.querySelector("h1, h2");
      if (heading) {
        if (!heading.id) {
          headings += 1;
          heading.id = `kairos-dialog-heading-${headings}`;
        }
        dialog.setAttribute("aria-labelledby", heading.id);
      }
    });
  };
  new MutationObserver(labelEditors).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", labelEditors);
})();
