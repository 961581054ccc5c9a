// Wagtail's rich text editors inside StreamField blocks have no accessible name
// (axe-core: aria-input-field-name). Name each one after its block's heading,
// e.g. "Rich text", so screen reader users know which field they are in.
(() => {
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
  };
  new MutationObserver(labelEditors).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", labelEditors);
})();
