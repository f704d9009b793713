// The short link under a story's byline copies itself when clicked and
// says so; without this script it is a plain link to the short address.
(() => {
  for (const link of document.querySelectorAll("a.shortlink")) {
    const status = document.getElementById(link.getAttribute("aria-describedby") || "");
    link.addEventListener("click", async (ev) => {
      ev.preventDefault();
      let ok = false;
      try {
        await navigator.clipboard.writeText(link.href);
        ok = true;
      } catch (e) {
        // No clipboard API (or no permission): select the address and copy it.
        const shown = link.parentElement.querySelector(".short-url") || link;
        const range = document.createRange();
        range.selectNodeContents(shown);
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
      }
      if (status) {
        status.textContent = ok ? "کپی شد" : "نشانی را انتخاب و کپی کنید";
      }
    });
  }
})();
