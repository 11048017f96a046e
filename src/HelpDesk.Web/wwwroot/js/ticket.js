// Ticket page: insert a canned answer (already filled with this ticket's values) into the reply, editable before sending.
(() => {
  const canned = document.getElementById("canned");
  const body = document.getElementById("Reply_Body");
  if (canned && body) {
    canned.addEventListener("change", () => {
      const option = canned.selectedOptions[0];
      if (!option || !option.dataset.body) {
        return;
      }
      const start = body.selectionStart ?? body.value.length;
      const end = body.selectionEnd ?? body.value.length;
      body.value = body.value.slice(0, start) + option.dataset.body + body.value.slice(end);
      body.focus();
      body.selectionStart = body.selectionEnd = start + option.dataset.body.length;
      canned.value = "";
    });
  }
})();
