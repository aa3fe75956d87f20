// Engagement form niceties; everything works without this file.
(function () {
  "use strict";
  // Enter in the school search runs the search instead of submitting the whole form.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.id === "field-school_q" && window.htmx) {
      event.preventDefault();
      window.htmx.trigger(target, "search");
    }
  });
  // After an outcome row is added or removed in place, put the keyboard where the change is.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "outcome-rows") {
      return;
    }
    var focus = document.querySelector("#outcome-rows [data-focus]");
    if (focus) {
      focus.focus();
      return;
    }
    var heading = document.querySelector("#outcome-rows h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();
