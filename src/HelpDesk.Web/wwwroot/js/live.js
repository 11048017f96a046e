// Live workspace (SignalR): presence and typing on a ticket, "changed by someone else" notices, and a queue that
// refreshes its rows when tickets change. Strings come from data attributes rendered in the user's language.
// Every agent page holds exactly one connection: other scripts (calls.js) add their handlers to
// window.helpdeskLive.connection, and it starts once the page's scripts have run.
(() => {
  const ticket = document.getElementById("ticket");
  const queueBody = document.getElementById("queue-body");
  const live = document.getElementById("live-strings");
  if (!live || !window.signalR) {
    return;
  }

  const text = (key, ...values) => values.reduce((s, v, i) => s.replace(`{${i}}`, v), live.dataset[key] || "");
  const me = live.dataset.userId;
  // WebSockets only, without the negotiate round trip: each connection is one request that stays on one instance,
  // so a load balancer needs no sticky sessions. Reconnects forever (0, 1, 2, 4, 8, then every 10 s, with jitter):
  // after an instance or Redis restart the page comes back by itself and asks what it missed.
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/tickets", { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => retry.previousRetryCount === 0 ? 0 : Math.min(1000 * 2 ** (retry.previousRetryCount - 1), 10000) * (0.75 + Math.random() / 4) })
    .build();
  const started = new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true })).then(() => connection.start());
  window.helpdeskLive = { connection, started };
  // body[data-live] says whether live updates are flowing ("connected"), for people and for tests alike.
  const state = (value) => { document.body.dataset.live = value; };
  connection.onreconnecting(() => state("reconnecting"));
  connection.onclose(() => state("disconnected"));
  // A job's name ("system:sla") in the reader's language.
  const who = (name) => name.startsWith("system:") ? (live.dataset["actor" + name.charAt(7).toUpperCase() + name.slice(8)] || name) : name;

  if (ticket) {
    const number = ticket.dataset.number;
    const presence = document.getElementById("presence");
    const notice = document.getElementById("changed-notice");
    let typingTimer;

    connection.on("presence", (people) => {
      const others = people.filter((p) => p !== live.dataset.userName);
      presence.textContent = others.length ? text("viewing", others.join("、")) : "";
      presence.dataset.viewing = others.join(",");
    });
    connection.on("typing", (name) => {
      presence.textContent = text("typing", name);
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { presence.textContent = presence.dataset.viewing ? text("viewing", presence.dataset.viewing.split(",").join("、")) : ""; }, 4000);
    });
    connection.on("ticketChanged", (changed, actorId, actorName) => {
      if (changed === number && actorId !== me) {
        notice.querySelector("[data-text]").textContent = text("changed", who(actorName));
        notice.classList.remove("d-none");
      }
    });

    const body = document.getElementById("Reply_Body");
    let lastTyping = 0;
    body?.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTyping > 2000 && connection.state === signalR.HubConnectionState.Connected) {
        lastTyping = now;
        connection.invoke("Typing", number).catch(() => {});
      }
    });
    notice?.querySelector("button")?.addEventListener("click", () => location.reload());
    // Watch answers with the ticket's latest change; after a reconnect, a newer one by someone else is what this
    // page missed while it was away: the same "changed by X" notice as a live one.
    let seen = null;
    const watch = () => connection.invoke("Watch", number).then((last) => {
      if (seen !== null && last && last.id > seen && last.byId !== me) {
        notice.querySelector("[data-text]").textContent = text("changed", who(last.by || ""));
        notice.classList.remove("d-none");
      }
      seen = last ? last.id : 0;
      state("connected");
    });
    connection.onreconnected(() => watch().catch(() => {}));
    // Redis came back after an outage: the connection stayed, but what it carried meanwhile was lost.
    connection.on("resync", () => watch().catch(() => {}));
    started.then(watch).catch(() => state("disconnected"));
  }

  if (queueBody) {
    let pending;
    connection.on("queueChanged", () => {
      clearTimeout(pending);
      pending = setTimeout(refreshQueue, 500);
    });
    // Back after a gap: whatever changed meanwhile was not announced here, so the rows are read again.
    connection.onreconnected(() => { state("connected"); refreshQueue(); });
    connection.on("resync", refreshQueue);
    started.then(() => state("connected")).catch(() => state("disconnected"));
  }

  // Reload the queue's rows and counts in place, unless the agent is in the middle of selecting tickets.
  async function refreshQueue() {
    if (document.querySelector("#queue-body input[type=checkbox]:checked")) {
      return;
    }
    const response = await fetch(location.href, { headers: { "X-Requested-With": "fetch" } });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const rows = page.getElementById("queue-body");
    const current = document.getElementById("queue-body");
    if (rows && current) {
      const selected = current.querySelector("tr.table-active")?.dataset.number;
      current.replaceWith(rows);
      if (selected) {
        rows.querySelector(`tr[data-number="${selected}"]`)?.classList.add("table-active");
      }
    }
    const views = page.getElementById("views");
    if (views) {
      document.getElementById("views").replaceWith(views);
    }
    document.dispatchEvent(new CustomEvent("queue:refreshed"));
  }
})();
