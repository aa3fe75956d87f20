// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader users hear what went wrong.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
})();

// Inline validation: a form with data-validate-url posts itself when a field changes and
// shows the server's message for that field. The full submit still validates everything.
(function () {
  "use strict";
  function groupOf(field) {
    return field.closest("fieldset.usa-form-group") || field.closest(".usa-form-group");
  }
  function show(form, name, message) {
    var field = form.elements[name];
    if (!field) { return; }
    var first = field.length !== undefined && !field.tagName ? field[0] : field;
    var group = groupOf(first);
    if (!group) { return; }
    var id = "error-" + name;
    var existing = group.querySelector("#" + CSS.escape(id));
    if (message) {
      if (!existing) {
        existing = document.createElement("span");
        existing.className = "usa-error-message";
        existing.id = id;
        existing.setAttribute("role", "alert");
        var anchor = group.querySelector("input, select, textarea, .usa-checkbox, .usa-radio");
        anchor.parentNode.insertBefore(existing, anchor);
      }
      existing.textContent = message;
      group.classList.add("usa-form-group--error");
      if (first.tagName) { first.setAttribute("aria-invalid", "true"); }
    } else {
      if (existing) { existing.remove(); }
      group.classList.remove("usa-form-group--error");
      if (first.tagName) { first.removeAttribute("aria-invalid"); }
    }
  }
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form || !form.dataset.validateUrl || !field.name || field.type === "file") { return; }
    var data = new FormData(form);
    Array.from(data.keys()).forEach(function (key) {
      if (data.get(key) instanceof File) { data.delete(key); }
    });
    data.set("field", field.name);
    fetch(form.dataset.validateUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result) { show(form, result.field, result.error); } })
      .catch(function () { /* the full submit still validates */ });
  });
})();
