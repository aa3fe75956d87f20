// Live word counts under narrative answers with a word limit. The server enforces the limit;
// this only helps while typing.
(function () {
  "use strict";
  function count(text) {
    var words = text.trim().split(/\s+/);
    return text.trim() === "" ? 0 : words.length;
  }
  function attach(area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    if (!limit) return;
    var note = document.createElement("span");
    note.className = "pp-word-count";
    note.setAttribute("aria-live", "polite");
    note.id = area.id + "-count";
    area.insertAdjacentElement("afterend", note);
    function update() {
      var n = count(area.value);
      note.textContent = n + " of " + limit + " words";
      note.classList.toggle("pp-word-count--over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-word-limit]").forEach(attach);
  });
})();
