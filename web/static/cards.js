// Narrow screens show list tables as cards (sifa.css, max-width 40rem): each cell needs its
// column's name beside it, copied here from the table's header into data-label.
(function () {
  "use strict";
  function label(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("table.table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          var head = heads[i];
          var text = head ? head.textContent.trim() : "";
          if (text && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", text);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSettle", function (event) { label(event.detail.elt || document); });
})();

// Long record pages: a section marked "collapsible" folds away when its heading is clicked,
// and a link to an action's <details> (the case page's action bar) opens it.
document.addEventListener("click", function (event) {
  var heading = event.target.closest && event.target.closest("section.collapsible > h2");
  if (heading) {
    var section = heading.parentElement;
    section.classList.toggle("collapsed");
    heading.setAttribute("aria-expanded", section.classList.contains("collapsed") ? "false" : "true");
    return;
  }
  var link = event.target.closest && event.target.closest('a[href^="#action-"]');
  if (link) {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
});
document.addEventListener("keydown", function (event) {
  var heading = event.target.closest && event.target.closest("section.collapsible > h2");
  if (heading && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    heading.click();
  }
});
