// One-key moderation: j / k move between comments, p publishes, r does not publish,
// x selects the comment for a bulk action. Keys typed into a field are left alone.
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue-item")); }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".queue-item") : null;
  }
  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = list[Math.min(list.length - 1, Math.max(0, index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if (tag === "INPUT" && event.target.type !== "checkbox" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var item = current();
    if (event.key === "j") { move(1); event.preventDefault(); return; }
    if (event.key === "k") { move(-1); event.preventDefault(); return; }
    if (!item) { return; }
    if (event.key === "x") {
      var box = item.querySelector("input[name=ids]");
      if (box) { box.checked = !box.checked; }
      event.preventDefault();
      return;
    }
    var form = item.querySelector("form[data-key='" + event.key + "']");
    if (form) { event.preventDefault(); form.requestSubmit(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var first = items()[0];
    if (first) { first.focus(); }
  });
})();
