// Keyboard: j/k move in the queue, Enter opens, x selects, / searches, r replies, n writes a note,
// Ctrl+Enter sends, Ctrl+Shift+Enter sends and sets "waiting for the customer", a assigns to me, Esc leaves a field, ? shows the help. Keys are ignored while typing.
(() => {
  const typing = (el) => el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const rows = () => Array.from(document.querySelectorAll("#queue-body tr.queue-row"));
  const current = () => document.querySelector("#queue-body tr.table-active");

  function move(step) {
    const list = rows();
    if (!list.length) {
      return;
    }
    const index = list.indexOf(current());
    const next = list[Math.min(list.length - 1, Math.max(0, index + step))] || list[0];
    current()?.classList.remove("table-active");
    next.classList.add("table-active");
    next.scrollIntoView({ block: "nearest" });
  }

  function writeReply(internal) {
    const body = document.getElementById("Reply_Body");
    if (!body) {
      return;
    }
    body.dataset.mode = internal ? "note" : "reply";
    body.classList.toggle("border-warning", internal);
    body.focus();
  }

  document.addEventListener("keydown", (e) => {
    const target = e.target;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && target.id === "Reply_Body") {
      e.preventDefault();
      const then = e.shiftKey && target.dataset.mode !== "note" ? document.getElementById("send-then-pendingcustomer") : null;
      (then || document.getElementById(target.dataset.mode === "note" ? "send-note" : "send-reply"))?.click();
      return;
    }
    if (e.key === "Escape" && typing(target)) {
      target.blur();
      return;
    }
    if (typing(target) || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter": {
        const link = current()?.querySelector("a.ticket-link");
        if (link) { e.preventDefault(); link.click(); }
        return;
      }
      case "x": {
        const box = current()?.querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; }
        break;
      }
      case "/": document.getElementById("q")?.focus(); break;
      case "r": writeReply(false); break;
      case "n": writeReply(true); break;
      case "a": document.getElementById("assign-me")?.click(); break;
      case "?": bootstrap.Modal.getOrCreateInstance(document.getElementById("shortcuts-help")).toggle(); break;
      default: return;
    }
    e.preventDefault();
  });
})();
