// khabar newsroom editor: keeps an unsaved draft safe by posting it to
// the server every little while (no revision is made), warns before
// leaving a page with unsaved changes, and says at once when a chosen
// photo is too large to send. Everything works without it.
(function () {
  "use strict";
  // A photo larger than the server takes is refused before it is sent.
  document.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
    input.addEventListener("change", function () {
      var max = Number(input.getAttribute("data-max-bytes"));
      var box = input.form && input.form.querySelector(".upload-error");
      var file = input.files && input.files[0];
      if (file && file.size > max) {
        if (box) {
          box.textContent = "حجم این عکس " + Math.ceil(file.size / 1048576).toLocaleString("fa-IR") +
            " مگابایت است و بیش از " + Math.floor(max / 1048576).toLocaleString("fa-IR") +
            " مگابایت پذیرفته نمی‌شود؛ عکس کوچک‌تری انتخاب کنید.";
          box.hidden = false;
        }
        input.value = "";
      } else if (box) {
        box.hidden = true;
        box.textContent = "";
      }
    });
  });
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
      if (k !== "csrf" && k !== "action" && typeof v === "string") {
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
    data.delete("upload"); // a photo goes with a save, not with the autosave
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
