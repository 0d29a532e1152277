/* Names for the admin's autocomplete boxes (#12, WCAG 2.1 4.1.2 and 1.3.1).
   Django's admin draws them with select2, whose box is named only by the chosen value (none
   when empty) and whose search field has no label. Each box is given its field's label, as
   select2 draws it and redraws it (a row added, a choice made). Loaded by
   templates/admin/base_site.html. */
(function () {
  "use strict";

  function labelFor(select) {
    if (!select.id) {
      return null;
    }
    return document.querySelector('label[for="' + select.id + '"]');
  }

  function name(select) {
    const box = select.nextElementSibling;
    const label = labelFor(select);
    if (!box || !box.classList.contains("select2") || !label) {
      return;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    const selection = box.querySelector(".select2-selection");
    if (selection) {
      const rendered = box.querySelector(".select2-selection__rendered[id]");
      const ids = rendered ? label.id + " " + rendered.id : label.id;
      if (selection.getAttribute("aria-labelledby") !== ids) {
        selection.setAttribute("aria-labelledby", ids);
      }
    }
    // The chosen value (a textbox in select2's words) and the search field: the label too.
    box.querySelectorAll("[role=textbox], .select2-search__field").forEach(function (field) {
      if (field.getAttribute("aria-labelledby") !== label.id) {
        field.setAttribute("aria-labelledby", label.id);
      }
    });
    // A multiple choice draws its chosen values as a list with its "clear" button inside,
    // which no list may hold: the values are read as plain text instead.
    box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      if (list.getAttribute("role") !== "none") {
        list.setAttribute("role", "none");
      }
      Array.prototype.forEach.call(list.children, function (item) {
        if (item.tagName === "LI" && item.getAttribute("role") !== "none") {
          item.setAttribute("role", "none");
        }
      });
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(name);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
