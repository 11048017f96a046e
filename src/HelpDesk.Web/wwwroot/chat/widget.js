// HelpDesk live chat widget. Embed with one tag (the admin page /admin/chat shows it):
//   <script src="https://desk.example.cn/chat/widget.js" async></script>
// A shop page of a logged-in shopper adds data-user-id, data-user-email, data-user-name, data-user-ts and
// data-user-sig (HMAC-SHA256 by the shop's server, see the README); anything else is an anonymous visitor with a
// signed visitor token kept in localStorage. No inline script or style: the widget loads its CSS and the vendored
// SignalR client from the desk. It shows its connection state, reconnects forever, and after every (re)connect asks
// for the messages after the last one it has and sends again what was not confirmed (the desk keeps each once).
(() => {
  const script = document.currentScript;
  if (!script || window.helpDeskChat) {
    return;
  }
  window.helpDeskChat = true;
  const base = new URL(script.src, location.href).origin;
  const data = script.dataset;
  const storeKey = "helpdesk.chat.";
  const storage = (() => { try { return window.localStorage; } catch { return null; } })();
  const get = (k) => storage?.getItem(storeKey + k) ?? null;
  const set = (k, v) => storage?.setItem(storeKey + k, v);
  let strings = {};
  let session = null;
  let connection = null;
  let lastId = 0;
  let pending = [];
  const ui = {};

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  };
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2, 12));

  const state = (value) => {
    ui.status.dataset.state = value;
    ui.status.textContent = strings[value] || value;
    ui.root.dataset.state = value;
  };

  const loadScript = (src) => new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = reject;
    document.head.append(s);
  });

  function build(started) {
    strings = started.strings;
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "/chat/widget.css";
    document.head.append(css);
    ui.root = el("div", "hdc");
    ui.root.id = "helpdesk-chat";
    ui.launcher = el("button", "hdc-launcher", strings.open);
    ui.launcher.type = "button";
    ui.panel = el("section", "hdc-panel");
    ui.panel.hidden = true;
    ui.panel.setAttribute("aria-label", strings.title);
    const head = el("header", "hdc-head");
    head.append(el("strong", "hdc-title", strings.title));
    ui.status = el("span", "hdc-status");
    ui.status.setAttribute("role", "status");
    const close = el("button", "hdc-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", strings.close);
    head.append(ui.status, close);
    ui.lines = el("ol", "hdc-lines");
    ui.lines.setAttribute("aria-live", "polite");
    ui.lines.append(el("li", "hdc-line hdc-greeting", started.greeting));
    ui.ack = el("p", "hdc-ack");
    ui.ack.hidden = true;
    ui.typing = el("p", "hdc-typing");
    ui.typing.hidden = true;
    ui.form = el("form", "hdc-form");
    ui.input = el("input", "hdc-input");
    ui.input.maxLength = 4000;
    ui.input.placeholder = strings.placeholder;
    ui.input.setAttribute("aria-label", strings.placeholder);
    ui.photo = el("input", "hdc-photo");
    ui.photo.type = "file";
    ui.photo.accept = "image/jpeg,image/png,image/gif,image/webp";
    ui.photo.setAttribute("aria-label", strings.photo);
    const send = el("button", "hdc-send", strings.send);
    send.type = "submit";
    ui.form.append(ui.input, ui.photo, send);
    ui.panel.append(head, ui.lines, ui.ack, ui.typing, ui.form);
    ui.root.append(ui.launcher, ui.panel);
    document.body.append(ui.root);
    ui.launcher.addEventListener("click", () => { ui.panel.hidden = false; ui.launcher.hidden = true; ui.input.focus(); });
    close.addEventListener("click", () => { ui.panel.hidden = true; ui.launcher.hidden = false; });
    ui.form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
    ui.photo.addEventListener("change", () => sendPhoto());
    let lastTyping = 0;
    ui.input.addEventListener("input", () => {
      if (Date.now() - lastTyping > 2000 && connection?.state === signalR.HubConnectionState.Connected) {
        lastTyping = Date.now();
        connection.invoke("Typing").catch(() => {});
      }
    });
  }

  function render(line) {
    if (ui.lines.querySelector(`[data-id="${line.id}"]`)) {
      return;
    }
    const item = el("li", "hdc-line " + (line.fromCustomer ? "hdc-mine" : "hdc-agent"));
    item.dataset.id = line.id;
    item.append(el("span", "hdc-author", line.fromCustomer ? strings.you : line.author));
    item.append(el("span", "hdc-body", line.body));
    for (const id of line.photos) {
      const img = el("img", "hdc-img");
      img.alt = strings.photo;
      img.src = `${base}/api/v1/chat/photos/${id}?session=${encodeURIComponent(session)}`;
      item.append(img);
    }
    ui.lines.querySelectorAll(".hdc-pending").forEach((p) => { if (line.fromCustomer && p.dataset.text === line.body) { p.remove(); } });
    ui.lines.append(item);
    lastId = Math.max(lastId, line.id);
    ui.lines.scrollTop = ui.lines.scrollHeight;
  }

  function show(lines) {
    lines.items.forEach(render);
    ui.ack.dataset.state = lines.state;
    if (lines.state === "Queued") {
      ui.ack.textContent = (strings.queued || "{0}").replace("{0}", lines.place);
      ui.ack.hidden = false;
    } else if (lines.state === "Active") {
      ui.ack.hidden = true; // an agent took it from the line
    }
    if (lines.acknowledgement) {
      ui.ack.textContent = lines.acknowledgement;
      ui.ack.hidden = false;
    }
    if (lines.state === "Ended") {
      ui.ack.textContent = strings.ended;
      ui.ack.hidden = false;
    }
  }

  async function sync() {
    show(await connection.invoke("Since", lastId));
  }

  const savePending = () => set("pending." + session.slice(3, 35), JSON.stringify(pending));

  async function flush() {
    for (const message of [...pending]) {
      const sent = await connection.invoke("Send", message.clientId, message.text);
      pending = pending.filter((p) => p.clientId !== message.clientId);
      savePending();
      if (sent.acknowledgement) {
        ui.ack.textContent = sent.acknowledgement;
        ui.ack.hidden = false;
      }
    }
    await sync();
  }

  function submit() {
    const text = ui.input.value.trim();
    if (!text) {
      return;
    }
    ui.input.value = "";
    const message = { clientId: newId(), text };
    pending.push(message);
    savePending();
    const item = el("li", "hdc-line hdc-mine hdc-pending");
    item.dataset.text = text;
    item.append(el("span", "hdc-author", strings.you), el("span", "hdc-body", text));
    ui.lines.append(item);
    if (connection.state === signalR.HubConnectionState.Connected) {
      flush().catch(() => {});
    }
  }

  async function sendPhoto() {
    const file = ui.photo.files[0];
    if (!file) {
      return;
    }
    const form = new FormData();
    form.append("photo", file);
    form.append("clientId", newId());
    const response = await fetch(base + "/api/v1/chat/photos", { method: "POST", body: form, headers: { "X-Chat-Session": session } }).catch(() => null);
    ui.photo.value = "";
    if (!response || !response.ok) {
      const item = el("li", "hdc-line hdc-refused", strings.photo_refused);
      ui.lines.append(item);
      return;
    }
    await sync().catch(() => {});
  }

  async function start() {
    try {
      state("connecting");
      await connection.start();
      state("connected");
      await flush();
    } catch {
      state("offline");
      setTimeout(start, 5000);
    }
  }

  async function open() {
    const identity = data.userId ? { userId: data.userId, email: data.userEmail || null, name: data.userName || null, timestamp: Number(data.userTs || 0), signature: data.userSig || "" } : null;
    let response;
    try {
      response = await fetch(base + "/api/v1/chat/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ visitor: get("visitor"), identity }),
      });
    } catch {
      setTimeout(open, 10000);
      return;
    }
    if (!response.ok) {
      return; // chat switched off (404) or this origin not allowed (403): no widget
    }
    const started = await response.json();
    set("visitor", started.visitor);
    session = started.session;
    pending = JSON.parse(get("pending." + session.slice(3, 35)) || "[]");
    build(started);
    if (!window.signalR) {
      await loadScript(base + "/lib/signalr/signalr.min.js");
    }
    connection = new signalR.HubConnectionBuilder()
      // No cookies across origins (the token is the credential), so the hub's CORS never allows credentials.
      .withUrl(`${base}/hubs/chat?session=${encodeURIComponent(session)}`, { withCredentials: false })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (r) => Math.min(1000 * 2 ** r.previousRetryCount, 10000) })
      .build();
    connection.on("changed", () => sync().catch(() => {}));
    connection.on("typing", (name) => {
      ui.typing.textContent = (strings.typing || "{0}").replace("{0}", name);
      ui.typing.hidden = false;
      clearTimeout(ui.typing.timer);
      ui.typing.timer = setTimeout(() => { ui.typing.hidden = true; }, 4000);
    });
    connection.onreconnecting(() => state("reconnecting"));
    connection.onreconnected(() => { state("connected"); flush().catch(() => {}); });
    connection.onclose(() => { state("offline"); setTimeout(start, 5000); });
    await start();
  }

  if (document.body) {
    open();
  } else {
    document.addEventListener("DOMContentLoaded", open);
  }
})();
