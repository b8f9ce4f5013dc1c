// The article form's tag picker: select2 over the tag search, and new tags may be typed in.
"use strict";
{
  const $ = window.django && window.django.jQuery;
  const init = () => {
    if (!$) {
      return;
    }
    $("select.tag-autocomplete").each(function () {
      const element = $(this);
      element.select2({
        tags: true,
        tokenSeparators: [","],
        width: "100%",
        theme: "admin-autocomplete",
        // Existing tags first; what was typed is offered as a new tag after them.
        insertTag: (data, tag) => data.push(tag),
        ajax: {
          url: element.data("url"),
          dataType: "json",
          delay: 200,
          data: (params) => ({ term: params.term || "", page: params.page || 1 }),
        },
      });
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
