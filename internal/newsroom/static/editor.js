// khabar newsroom editor: keeps an unsaved draft safe by posting it to
// the server every little while (no revision is made), and warns before
// leaving a page with unsaved changes. Everything works without it.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector(".autosave-status");
  var url = form.getAttribute("data-autosave");
  var every = 20000;
  var dirty = false;
  var last = snapshot();

  function snapshot() {
    var parts = [];
    new FormData(form).forEach(function (v, k) {
      if (k !== "csrf" && k !== "action") {
        parts.push(k + "=" + v);
      }
    });
    return parts.join("\u0000");
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    var now = snapshot();
    if (now === last) {
      return;
    }
    var data = new FormData(form);
    data.delete("action");
    fetch(url, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) {
          throw new Error(String(res.status));
        }
        return res.json();
      })
      .then(function (body) {
        last = now;
        say("ذخیرهٔ خودکار: " + body.saved);
      })
      .catch(function () {
        say("ذخیرهٔ خودکار انجام نشد؛ متن را خودتان ذخیره کنید.");
      });
  }

  form.addEventListener("input", function () {
    dirty = true;
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && snapshot() !== last) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
  setInterval(save, every);
})();
