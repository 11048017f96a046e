// Ticket page: canned answers (already filled with this ticket's values) go into the reply, editable before sending,
// from the select or by typing / or # and part of a title in the reply box (arrow keys, Enter or Tab, Esc).
// The chosen answer's id travels with the reply, so its usage is counted and a macro's actions apply on sending.
(() => {
  const canned = document.getElementById("canned");
  const body = document.getElementById("Reply_Body");
  const popup = document.getElementById("canned-popup");
  const chosen = document.getElementById("reply-canned-id");
  const macro = document.getElementById("reply-macro");
  if (!canned || !body) {
    return;
  }
  const answers = Array.from(canned.options).filter((o) => o.value).map((o) => ({
    id: o.value, title: o.textContent.trim(), body: o.dataset.body, macro: o.dataset.macro || "",
  }));
  let token = null; // { start, end, query }
  let active = 0;

  function use(answer, start, end) {
    body.value = body.value.slice(0, start) + answer.body + body.value.slice(end);
    body.focus();
    body.selectionStart = body.selectionEnd = start + answer.body.length;
    chosen.value = answer.id;
    macro.textContent = answer.macro ? macro.dataset.template.replace("{0}", answer.macro) : "";
    macro.classList.toggle("d-none", !answer.macro);
    close();
  }

  canned.addEventListener("change", () => {
    const answer = answers.find((a) => a.id === canned.value);
    if (answer) {
      use(answer, body.selectionStart ?? body.value.length, body.selectionEnd ?? body.value.length);
    }
    canned.value = "";
  });

  function matches(query) {
    const q = query.toLowerCase();
    return answers.filter((a) => a.title.toLowerCase().includes(q) || a.body.toLowerCase().includes(q)).slice(0, 8);
  }

  function close() {
    token = null;
    popup.classList.add("d-none");
    popup.replaceChildren();
    body.setAttribute("aria-expanded", "false");
    body.removeAttribute("aria-activedescendant");
  }

  function render() {
    const found = matches(token.query);
    popup.replaceChildren(...(found.length ? found : [null]).map((a, i) => {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-action small py-1";
      if (!a) {
        li.textContent = popup.dataset.empty;
        li.classList.add("text-secondary");
        return li;
      }
      li.id = `canned-option-${a.id}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.classList.toggle("active", i === active);
      const title = document.createElement("strong");
      title.textContent = a.title;
      const preview = document.createElement("span");
      preview.className = "d-block text-truncate opacity-75";
      preview.textContent = a.macro ? `${a.macro} — ${a.body}` : a.body;
      li.append(title, preview);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); use(a, token.start, token.end); });
      return li;
    }));
    popup.classList.remove("d-none");
    body.setAttribute("aria-expanded", "true");
    const current = found[active];
    if (current) {
      body.setAttribute("aria-activedescendant", `canned-option-${current.id}`);
    }
    return found;
  }

  body.addEventListener("input", () => {
    const before = body.value.slice(0, body.selectionStart);
    const m = /(^|\s)[/#]([^\s/#]{0,20})$/.exec(before);
    if (!m) {
      close();
      return;
    }
    token = { start: before.length - m[2].length - 1, end: body.selectionStart, query: m[2] };
    active = 0;
    render();
  });

  body.addEventListener("keydown", (e) => {
    if (!token) {
      return;
    }
    const found = matches(token.query);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : found.length - 1)) % Math.max(found.length, 1);
      render();
    } else if ((e.key === "Enter" || e.key === "Tab") && !e.ctrlKey && !e.metaKey && found[active]) {
      e.preventDefault();
      e.stopPropagation();
      use(found[active], token.start, token.end);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  body.addEventListener("blur", () => setTimeout(close, 150));
})();

// The context tabs: the one the agent chose stays open when this ticket's page comes back after an action.
(() => {
  const tabs = document.getElementById("context-tabs");
  const number = document.getElementById("ticket")?.dataset.number;
  if (!tabs || !number || !window.bootstrap) {
    return;
  }
  const key = `ticket-tab:${number}`;
  const saved = sessionStorage.getItem(key);
  const button = saved && document.getElementById(saved);
  if (button && tabs.contains(button)) {
    bootstrap.Tab.getOrCreateInstance(button).show();
  }
  tabs.addEventListener("shown.bs.tab", (e) => sessionStorage.setItem(key, e.target.id));
})();

// Image attachments: a thumbnail opens the picture in a viewer (served like any attachment: staff only, nosniff).
(() => {
  const viewer = document.getElementById("image-viewer");
  viewer?.addEventListener("show.bs.modal", (e) => {
    const thumb = e.relatedTarget;
    document.getElementById("image-viewer-img").src = thumb.dataset.src;
    document.getElementById("image-viewer-img").alt = thumb.dataset.name;
    document.getElementById("image-viewer-title").textContent = thumb.dataset.name;
    document.getElementById("image-viewer-download").href = thumb.dataset.src;
  });
})();

// Suggestions for this ticket above the reply box (articles and the answer library's best variants, already filled),
// loaded after the page is shown. Alt+↓ in the reply box goes to them, ↑/↓ move, Enter (or the item's number) inserts
// at the caret and returns to the reply, Esc returns without inserting; a click inserts too. An inserted canned answer
// travels with the reply as its variant (its use and edit distance are recorded).
(() => {
  const box = document.getElementById("reply-suggestions");
  const body = document.getElementById("Reply_Body");
  const chosen = document.getElementById("reply-canned-id");
  const macro = document.getElementById("reply-macro");
  if (!box || !body) {
    return;
  }
  const items = () => Array.from(box.querySelectorAll("button.suggestion"));
  let caret = null;

  function insert(button) {
    const text = button.dataset.body || "";
    const [start, end] = caret ?? [body.selectionStart ?? body.value.length, body.selectionEnd ?? body.value.length];
    body.value = body.value.slice(0, start) + text + body.value.slice(end);
    body.focus();
    body.selectionStart = body.selectionEnd = start + text.length;
    caret = null;
    if (button.dataset.kind === "answer" && chosen) {
      chosen.value = button.dataset.answerId;
      const option = document.querySelector(`#canned option[value="${button.dataset.answerId}"]`);
      const summary = option?.dataset.macro || "";
      if (macro) {
        macro.textContent = summary ? macro.dataset.template.replace("{0}", summary) : "";
        macro.classList.toggle("d-none", !summary);
      }
    }
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  box.addEventListener("click", (e) => {
    const button = e.target.closest("button.suggestion");
    if (button) {
      insert(button);
    }
  });
  box.addEventListener("keydown", (e) => {
    const list = items();
    const index = list.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      list[(index + (e.key === "ArrowDown" ? 1 : list.length - 1)) % list.length].focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      insert(list[index]);
    } else if (/^[1-9]$/.test(e.key) && list[Number(e.key) - 1]) {
      e.preventDefault();
      insert(list[Number(e.key) - 1]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      body.focus();
    }
  });
  body.addEventListener("keydown", (e) => {
    if (e.altKey && e.key === "ArrowDown" && items().length) {
      e.preventDefault();
      caret = [body.selectionStart, body.selectionEnd];
      items()[0].focus();
    }
  });

  fetch(box.dataset.src, { headers: { "X-Requested-With": "fetch" } })
    .then((response) => (response.ok ? response.text() : ""))
    .then((html) => { box.innerHTML = html; })
    .catch(() => { box.replaceChildren(); });
})();

// A placeholder the ticket had no value for stays in the reply, named above the buttons until the agent fills it in
// (a public reply that still holds one is refused).
(() => {
  const body = document.getElementById("Reply_Body");
  const warning = document.getElementById("reply-unfilled");
  if (!body || !warning) {
    return;
  }
  const names = new Set((warning.dataset.names || "").split(","));
  function check() {
    const left = [...new Set((body.value.match(/\{[\p{L}_]+\}/gu) || []).filter((p) => names.has(p.slice(1, -1))))];
    warning.textContent = left.length ? warning.dataset.template.replace("{0}", left.join(" ")) : "";
    warning.classList.toggle("d-none", !left.length);
  }
  body.addEventListener("input", check);
  check();
})();
