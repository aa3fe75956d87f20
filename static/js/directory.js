// Directory enhancements; the directory works without this file.
(function () {
  "use strict";
  // Ticking "Compare" belongs to the compare form: keep it from re-running the search.
  // The words box searches as you type; its change event on blur would only repeat that.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !target.getAttribute) { return; }
    if (target.getAttribute("form") === "compare-form" || target.id === "field-q") {
      event.stopPropagation();
    }
  }, true);
})();
