// "Places mentioned" in the article form: one click adds a suggested place to the Places field;
// "Look again in the text" asks the server what the current (unsaved) text mentions.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector(".place-suggestions");
  const select = document.getElementById("id_locations");
  if (!panel || !select) {
    return;
  }
  const list = panel.querySelector(".place-suggestions__list");

  const addPlace = (button) => {
    const id = button.dataset.id;
    if (![...select.options].some((option) => option.value === id)) {
      select.append(new Option(button.dataset.label, id, true, true));
    } else {
      select.querySelector(`option[value="${id}"]`).selected = true;
    }
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    }
    button.disabled = true;
    button.textContent = `✓ ${button.textContent.replace(/^\+ /, "")}`;
  };

  const render = (places) => {
    list.replaceChildren();
    if (!places.length) {
      const item = document.createElement("li");
      item.className = "place-suggestions__none";
      item.textContent = gettext("No untagged places found in the text.");
      list.append(item);
      return;
    }
    for (const place of places) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button place-suggestion";
      button.dataset.id = place.id;
      button.dataset.label = place.label;
      button.textContent = `+ ${place.name}`;
      const where = document.createElement("span");
      where.className = "place-suggestions__where";
      where.textContent = `${place.label} · ×${place.count}`;
      item.append(button, where);
      list.append(item);
    }
  };

  panel.addEventListener("click", async (event) => {
    const suggestion = event.target.closest(".place-suggestion");
    if (suggestion) {
      addPlace(suggestion);
      return;
    }
    if (!event.target.closest(".place-suggestions__refresh")) {
      return;
    }
    const form = panel.closest("form");
    const data = new FormData();
    for (const name of ["headline", "standfirst", "body", "csrfmiddlewaretoken"]) {
      const field = form.elements.namedItem(name);
      data.append(name, field ? field.value : "");
    }
    for (const option of select.selectedOptions) {
      data.append("chosen", option.value);
    }
    const response = await fetch(panel.dataset.url, { method: "POST", body: data, credentials: "same-origin" });
    if (response.ok) {
      render((await response.json()).places);
    }
  });
});
