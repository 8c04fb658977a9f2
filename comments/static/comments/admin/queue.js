// Keyboard triage for the comment queue and the comment page.
// j / k: next / previous comment; x: select it; o: open it;
// p / r / s / n: publish, reject, spam, not spam (the row's own buttons).
(function () {
  "use strict";

  var current = -1;

  function rows() {
    return Array.prototype.map.call(
      document.querySelectorAll("[data-comment-row]"),
      function (cell) { return cell.closest("tr"); }
    );
  }

  function focusRow(index) {
    var all = rows();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) {
      row.classList.toggle("comment-row--focused", i === current);
    });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function currentRow() {
    var all = rows();
    return current >= 0 && current < all.length ? all[current] : null;
  }

  function decide(scope, decision) {
    var button = scope && scope.querySelector('[data-decision="' + decision + '"]');
    if (button) { button.click(); }
  }

  var decisions = { p: "publish", r: "reject", s: "spam", n: "not_spam" };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) { return; }
    var key = event.key;
    var onQueue = rows().length > 0;
    if (onQueue && (key === "j" || key === "k")) {
      focusRow(current + (key === "j" ? 1 : -1));
    } else if (onQueue && key === "x" && currentRow()) {
      var box = currentRow().querySelector("[data-bulk-action-checkbox]");
      if (box) { box.click(); }
    } else if (onQueue && key === "o" && currentRow()) {
      var cell = currentRow().querySelector("[data-detail-url]");
      if (cell) { window.location = cell.dataset.detailUrl; }
    } else if (decisions[key]) {
      decide(onQueue ? currentRow() : document.querySelector(".comment-detail-decisions"), decisions[key]);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
