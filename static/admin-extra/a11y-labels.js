// Names for the inputs that the admin's widgets draw without a label of their own: the rich-text
// editor's editable area, select2's search boxes (redrawn after every choice, hence the observer)
// and its single-choice boxes, which name themselves after their choice and are nameless while empty.
"use strict";
{
  const labelFor = (id) => {
    const label = id && document.querySelector(`label[for="${id}"]`);
    return label ? label.textContent.trim().replace(/:$/, "") : "";
  };
  const name = () => {
    for (const field of document.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const container = field.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const text = labelFor(select && select.id);
      if (text) field.setAttribute("aria-label", text);
    }
    const boxes = ".select2-selection[role=combobox]:not([aria-label]), .select2-selection__rendered[role=textbox]:not([aria-label])";
    for (const box of document.querySelectorAll(boxes)) {
      const container = box.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const text = labelFor(select && select.id);
      if (text) box.setAttribute("aria-label", text);
    }
    for (const editor of document.querySelectorAll(".ProseMirror:not([aria-label])")) {
      const wrapper = editor.closest(".prose-editor");
      const textarea = wrapper && wrapper.querySelector("textarea");
      const text = labelFor(textarea && textarea.id);
      if (text) editor.setAttribute("aria-label", text);
    }
  };
  const start = () => {
    name();
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
