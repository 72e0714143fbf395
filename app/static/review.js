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

  // The items worked in this tab, in order, so "k" can step back through them. Arriving by
  // "k" moves a cursor instead of recording a visit, so pressing it again goes further back.
  let seen = JSON.parse(sessionStorage.getItem("pantau.seen") || "[]");
  let cursor = Number(sessionStorage.getItem("pantau.cursor") || "-1");
  if (sessionStorage.getItem("pantau.back") === itemId) {
    sessionStorage.removeItem("pantau.back");
  } else if (seen[seen.length - 1] !== itemId) {
    seen = seen.filter(function (id) { return id !== itemId; }).concat([itemId]).slice(-50);
    cursor = seen.length - 1;
  } else {
    cursor = seen.length - 1;
  }
  sessionStorage.setItem("pantau.seen", JSON.stringify(seen));
  sessionStorage.setItem("pantau.cursor", String(cursor));
  const hint = document.getElementById("key-hint");
  function say(text) { if (hint) hint.textContent = text; }

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

  function decide() {
    if (!form) return;
    const verdict = form.querySelector('input[name="verdict"]:checked');
    if (!verdict) { say(root.dataset.needVerdict); return; }
    if (verdict.value === "violation" && !category.value) { say(root.dataset.needCategory); return; }
    submit(form);
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
    // While the help is open, keys belong to the dialog: Enter closes it, nothing is decided.
    if (help && help.open) return;
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
      case "e": {
        const target = note || document.getElementById("confirmation-note");
        if (target) { target.focus(); ev.preventDefault(); }
        break;
      }
      case "Enter": decide(); ev.preventDefault(); break;
      case "s": case "j": submit(document.getElementById("skip-form")); break;
      case "k": {
        if (cursor > 0) {
          sessionStorage.setItem("pantau.cursor", String(cursor - 1));
          sessionStorage.setItem("pantau.back", seen[cursor - 1]);
          window.location = "/review/items/" + seen[cursor - 1];
        }
        break;
      }
      case "c": submit(document.getElementById("confirmation"), document.getElementById("confirm")); break;
      case "r": submit(document.getElementById("confirmation"), document.getElementById("reject")); break;
      default: return;
    }
  });
})();
