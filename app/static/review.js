// Keyboard-first review: every action a reviewer takes on an obvious item has one key.
(function () {
  "use strict";
  const root = document.getElementById("review");
  if (!root) return;
  const itemId = root.dataset.item;
  const holds = root.dataset.holds === "yes";
  const form = document.getElementById("decision");
  const category = document.getElementById("category");
  const note = document.getElementById("note");
  const help = document.getElementById("help");

  // Remember the items seen in this tab so "k" can go back to the previous one.
  const seen = JSON.parse(sessionStorage.getItem("pantau.seen") || "[]");
  if (seen[seen.length - 1] !== itemId) {
    seen.push(itemId);
    sessionStorage.setItem("pantau.seen", JSON.stringify(seen.slice(-50)));
  }

  function pick(verdict) {
    const radio = form && form.querySelector('input[name="verdict"][value="' + verdict + '"]');
    if (radio) radio.checked = true;
  }

  // Categories run to 14: a second digit typed quickly extends the first ("1", "4" -> 14).
  let digits = "";
  let digitTimer = null;
  function typeDigit(d) {
    if (!category) return;
    digits = digits + d;
    if (Number(digits) > 14 || digits.length > 2) digits = d;
    if (Number(digits) >= 1) category.value = String(Number(digits));
    clearTimeout(digitTimer);
    digitTimer = setTimeout(function () { digits = ""; }, 700);
  }

  function submit(f, button) {
    if (!f) return;
    if (f.requestSubmit) f.requestSubmit(button || undefined); else f.submit();
  }

  // Keep the claim alive while the page is open; a lease that lapses gives the item away.
  if (holds) {
    setInterval(function () {
      fetch("/api/v1/review/items/" + itemId + "/renew", {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRF-Token": root.dataset.csrf},
      });
    }, 5 * 60 * 1000);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(ev.target.tagName) &&
      ev.target.type !== "radio";
    if (typing) {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    const key = ev.key;
    if (key === "?") { help.showModal(); ev.preventDefault(); return; }
    if (/^[0-9]$/.test(key)) { typeDigit(key); ev.preventDefault(); return; }
    switch (key) {
      case "v": pick("violation"); break;
      case "n": pick("no_violation"); break;
      case "i": pick("insufficient"); break;
      case "e": if (note) { note.focus(); ev.preventDefault(); } break;
      case "Enter": submit(form); break;
      case "s": case "j": submit(document.getElementById("skip-form")); break;
      case "k": {
        const at = seen.lastIndexOf(itemId);
        if (at > 0) window.location = "/review/items/" + seen[at - 1];
        break;
      }
      case "c": submit(document.getElementById("confirmation"), document.getElementById("confirm")); break;
      case "r": submit(document.getElementById("confirmation"), document.getElementById("reject")); break;
      default: return;
    }
  });
})();
