// The simple rules (required, e-mail, length, number range, pattern) checked in the browser before a form marked
// novalidate is sent: each invalid field is marked and gets its message where the server would put it (the field's
// data-msg-* attribute, else the page's generic one), and focus goes to the first. The server checks everything
// again; this only saves a round trip.
(() => {
  const generic = document.body.dataset;
  const message = (field) => {
    const v = field.validity;
    const own = field.dataset;
    if (v.valueMissing) return own.msgRequired || generic.msgRequired;
    if (v.typeMismatch) return own.msgEmail || generic.msgEmail;
    if (v.tooLong) return (own.msgTooLong || generic.msgTooLong).replace("{0}", field.maxLength);
    if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch || v.badInput) return own.msgRange || generic.msgRange;
    if (v.patternMismatch) return own.msgPattern || generic.msgPattern;
    return "";
  };

  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.noValidate) {
      return;
    }
    let first = null;
    for (const field of form.elements) {
      if (!field.willValidate || !field.name || field.type === "submit" || field.type === "hidden") {
        continue;
      }
      const text = field.validity.valid ? "" : message(field);
      field.classList.toggle("is-invalid", text !== "");
      field.toggleAttribute("aria-invalid", text !== "");
      const slot = form.querySelector(`[data-valmsg-for="${CSS.escape(field.name)}"]`);
      if (slot) {
        slot.textContent = text;
      }
      first ??= text ? field : null;
    }
    if (first) {
      e.preventDefault();
      first.focus();
    }
  }, true);
})();
