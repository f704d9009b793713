// khabar moderation queue: keyboard shortcuts and "select all". j and k
// move between comments, x ticks the current one, and a, r, s, d
// approve, reject, mark as spam or delete — the ticked comments if any
// are ticked, else the current one — by pressing the page's own
// buttons, so everything works without this script too.
(function () {
  "use strict";
  var form = document.getElementById("queue");
  if (!form) {
    return;
  }
  var items = Array.prototype.slice.call(form.querySelectorAll(".queue-item"));
  var all = document.getElementById("select-all");
  var at = 0;

  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="id"]'));
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
    });
  }

  function show(i) {
    if (!items.length) {
      return;
    }
    at = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (it, j) { it.classList.toggle("current", j === at); });
    items[at].focus();
    items[at].scrollIntoView({block: "nearest"});
  }

  items.forEach(function (it, j) {
    it.addEventListener("click", function () { at = j; show(j); });
  });

  function decide(key) {
    var ticked = boxes().some(function (b) { return b.checked; });
    var button = ticked ?
      form.querySelector('.bulk button[value="' + {a: "approve", r: "reject", s: "spam", d: "delete"}[key] + '"]') :
      items[at] && items[at].querySelector('button[data-key="' + key + '"]');
    if (button) {
      button.click();
    }
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && t.type !== "checkbox")) {
      return;
    }
    switch (e.key) {
      case "j":
        show(at + 1);
        break;
      case "k":
        show(at - 1);
        break;
      case "x":
        var box = items[at] && items[at].querySelector('input[name="id"]');
        if (box) {
          box.checked = !box.checked;
        }
        break;
      case "a":
      case "r":
      case "s":
      case "d":
        decide(e.key);
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  show(0);
})();
