// The agent's chat console: one hub connection (/hubs/chat, signed in), a pane per chat. The hub only says "changed";
// each pane then asks for the lines after the last id it shows, so a reconnect loses nothing. A chat the page does not
// show yet (just routed to this agent) reloads the page. Heartbeat every 30 s keeps the agent reachable for new chats.
(() => {
  const panes = document.getElementById("chats");
  if (!panes || !window.signalR) {
    return;
  }

  const status = document.getElementById("chat-connection");
  const state = (value) => {
    status.textContent = status.dataset[value] || value;
    status.dataset.state = value;
    document.body.dataset.chat = value;
  };
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/chat")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (r) => Math.min(1000 * 2 ** r.previousRetryCount, 10000) })
    .build();
  const pane = (chat) => panes.querySelector(`.chat-pane[data-chat="${chat}"]`);

  const render = (el, line) => {
    const list = el.querySelector(".chat-lines");
    if (list.querySelector(`[data-id="${line.id}"]`)) {
      return;
    }
    const item = document.createElement("li");
    item.dataset.id = line.id;
    item.className = "mb-1 chat-line " + (line.fromCustomer ? "from-customer" : "from-agent text-end");
    const who = document.createElement("span");
    who.className = "fw-semibold me-1";
    who.textContent = (line.fromCustomer ? line.author : line.author) + ":";
    const body = document.createElement("span");
    body.className = "chat-body";
    body.textContent = line.body;
    item.append(who, body);
    for (const photo of line.photos) {
      const note = document.createElement("span");
      note.className = "badge text-bg-light border ms-1 chat-photo";
      note.textContent = "📷 #" + photo;
      item.append(note);
    }
    list.append(item);
    list.scrollTop = list.scrollHeight;
  };

  const refresh = async (el) => {
    const list = el.querySelector(".chat-lines");
    const last = list.lastElementChild ? Number(list.lastElementChild.dataset.id) : 0;
    const lines = await connection.invoke("Lines", el.dataset.chat, last);
    lines.items.forEach((line) => render(el, line));
  };

  connection.on("changed", (chat) => {
    const el = pane(chat);
    if (el) {
      refresh(el).catch(() => {});
    } else {
      location.reload();
    }
  });
  connection.on("typing", (chat) => {
    const el = pane(chat);
    const typing = el?.querySelector(".chat-typing");
    if (typing) {
      typing.hidden = false;
      clearTimeout(typing.timer);
      typing.timer = setTimeout(() => { typing.hidden = true; }, 4000);
    }
  });
  connection.onreconnecting(() => state("reconnecting"));
  connection.onreconnected(() => { state("connected"); panes.querySelectorAll(".chat-pane").forEach((el) => refresh(el).catch(() => {})); });
  connection.onclose(() => { state("reconnecting"); setTimeout(start, 5000); });

  panes.querySelectorAll(".chat-pane").forEach((el) => {
    const form = el.querySelector(".chat-reply");
    const input = form.querySelector("input");
    let lastTyping = 0;
    input.addEventListener("input", () => {
      if (Date.now() - lastTyping > 2000 && connection.state === signalR.HubConnectionState.Connected) {
        lastTyping = Date.now();
        connection.invoke("AgentTyping", el.dataset.chat).catch(() => {});
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        return;
      }
      input.disabled = true;
      try {
        await connection.invoke("Reply", el.dataset.chat, text);
        input.value = "";
        await refresh(el);
      } finally {
        input.disabled = false;
        input.focus();
      }
    });
  });

  async function start() {
    try {
      await connection.start();
      state("connected");
      await connection.invoke("Heartbeat");
      panes.querySelectorAll(".chat-pane").forEach((el) => refresh(el).catch(() => {}));
    } catch {
      state("reconnecting");
      setTimeout(start, 5000);
    }
  }

  setInterval(() => { if (connection.state === signalR.HubConnectionState.Connected) { connection.invoke("Heartbeat").catch(() => {}); } }, 30000);
  start();
})();
