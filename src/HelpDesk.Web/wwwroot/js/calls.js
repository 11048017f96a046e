// Incoming calls (issue 13 item 4): while a call rings for this agent (or for everyone, when the telephony system names
// nobody), the caller's card pops up at the bottom right of whatever page is open; it goes when the call is answered
// or ends. The card is the server's access-checked fragment (/agent/calls/{id}); this file only places it. It listens
// on the page's one live connection (live.js).
(() => {
  const strings = document.getElementById("live-strings");
  const live = window.helpdeskLive;
  if (!strings || !live) {
    return;
  }

  const popup = document.createElement("div");
  popup.id = "call-popup";
  popup.className = "call-popup";
  popup.setAttribute("role", "status");
  popup.setAttribute("aria-live", "polite");
  document.body.appendChild(popup);

  const connection = live.connection;

  connection.on("callRinging", async (id) => {
    if (popup.querySelector(`[data-call="${id}"]`)) {
      return;
    }
    const response = await fetch(`/agent/calls/${id}`, { headers: { "X-Fragment": "1" } });
    if (!response.ok) {
      return;
    }
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const card = holder.firstElementChild;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close position-absolute top-0 end-0 m-2";
    close.setAttribute("aria-label", strings.dataset.close || "×");
    close.addEventListener("click", () => card.remove());
    card.appendChild(close);
    popup.appendChild(card);
  });
  connection.on("callSettled", (id) => popup.querySelector(`[data-call="${id}"]`)?.remove());
  connection.onreconnected(() => { document.body.dataset.calls = "connected"; });
  live.started.then(() => { document.body.dataset.calls = "connected"; }).catch(() => { document.body.dataset.calls = "disconnected"; });
})();
