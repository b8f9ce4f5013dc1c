// "Places mentioned" in the article form: one click adds a suggested place to the Places field;
// "Dismiss" stops offering a place for this story (saved at once); "Look again in the text" asks
// the server what the current (unsaved) text mentions.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector(".place-suggestions");
  const select = document.getElementById("id_locations");
  if (!panel || !select) {
    return;
  }
  const form = panel.closest("form");
  const list = panel.querySelector(".place-suggestions__list");
  const dismissedBox = panel.querySelector(".place-suggestions__dismissed");
  const dismissedList = panel.querySelector(".place-suggestions__dismissed-list");

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  };

  const button = (className, text, id) => {
    const node = element("button", `button ${className}`, text);
    node.type = "button";
    node.dataset.id = id;
    return node;
  };

  const addPlace = (chosen) => {
    const id = chosen.dataset.id;
    if (![...select.options].some((option) => option.value === id)) {
      select.append(new Option(chosen.dataset.label, id, true, true));
    } else {
      select.querySelector(`option[value="${id}"]`).selected = true;
    }
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    }
    chosen.disabled = true;
    chosen.textContent = `✓ ${chosen.textContent.replace(/^\+ /, "")}`;
  };

  const render = (places) => {
    list.replaceChildren();
    if (!places.length) {
      list.append(element("li", "place-suggestions__none", gettext("No untagged places found in the text.")));
      return;
    }
    for (const place of places) {
      const item = element("li", "place-suggestions__item");
      const add = button("place-suggestion", `+ ${place.name}`, place.id);
      add.dataset.label = place.label;
      item.append(add);
      if (panel.dataset.dismissUrl) {
        const dismiss = button("place-suggestions__dismiss", gettext("Dismiss"), place.id);
        dismiss.setAttribute("aria-label", interpolate(gettext("Dismiss %s for this story"), [place.name]));
        item.append(" ", dismiss);
      }
      const where = element("span", "place-suggestions__where", `${place.label} · `);
      where.append(element("span", "place-suggestions__confidence", interpolate(gettext("%s% sure"), [place.confidence])));
      item.append(" ", where, element("span", "place-suggestions__reasons", place.reasons.join("; ")));
      list.append(item);
    }
  };

  const renderDismissed = (places) => {
    dismissedList.replaceChildren();
    for (const place of places) {
      const item = element("li");
      item.append(element("span", "", place.label), " ", button("place-suggestions__restore", gettext("Offer again"), place.id));
      dismissedList.append(item);
    }
    dismissedBox.hidden = !places.length;
  };

  const post = async (url, fields) => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    for (const [name, value] of fields) {
      data.append(name, value);
    }
    const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
    return response.ok ? response.json() : null;
  };

  const lookAgain = async () => {
    const fields = [["article", panel.dataset.article || ""]];
    for (const name of ["headline", "standfirst", "body", "language"]) {
      const field = form.elements.namedItem(name);
      fields.push([name, field ? field.value : ""]);
    }
    for (const option of select.selectedOptions) {
      fields.push(["chosen", option.value]);
    }
    const answer = await post(panel.dataset.url, fields);
    if (answer) {
      render(answer.places);
    }
  };

  panel.addEventListener("click", async (event) => {
    const target = event.target.closest("button");
    if (!target) {
      return;
    }
    if (target.classList.contains("place-suggestion")) {
      addPlace(target);
    } else if (target.classList.contains("place-suggestions__dismiss")) {
      const answer = await post(panel.dataset.dismissUrl, [["place", target.dataset.id]]);
      if (answer) {
        target.closest("li").remove();
        renderDismissed(answer.dismissed);
      }
    } else if (target.classList.contains("place-suggestions__restore")) {
      const answer = await post(panel.dataset.dismissUrl, [["place", target.dataset.id], ["undo", "1"]]);
      if (answer) {
        renderDismissed(answer.dismissed);
        await lookAgain();
      }
    } else if (target.classList.contains("place-suggestions__refresh")) {
      await lookAgain();
    }
  });
});
