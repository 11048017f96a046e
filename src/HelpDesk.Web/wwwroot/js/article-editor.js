// "Insert picture" in the article editor: uploads the chosen file without leaving the page and puts its Markdown
// where the cursor was in the text. Without this script the button posts the whole form and the page comes back with
// the Markdown to copy (and the unsaved text as it was typed).
(() => {
  const button = document.getElementById("upload-image");
  const body = document.getElementById("Input_Body");
  const file = document.getElementById("Image");
  if (!button || !body || !file) {
    return;
  }
  let caret = null;
  body.addEventListener("blur", () => {
    caret = [body.selectionStart, body.selectionEnd];
  });

  button.addEventListener("click", async (e) => {
    e.preventDefault();
    const form = button.form;
    const slot = form.querySelector('[data-valmsg-for="Image"]');
    const data = new FormData();
    data.append("__RequestVerificationToken", form.querySelector('input[name="__RequestVerificationToken"]').value);
    if (file.files.length > 0) {
      data.append("Image", file.files[0]);
    }
    data.append("ImageAlt", document.getElementById("ImageAlt").value);
    button.disabled = true;
    try {
      const response = await fetch(button.formAction, { method: "POST", body: data, headers: { Accept: "application/json" } });
      const answer = await response.json().catch(() => null);
      if (response.ok && answer && answer.markdown) {
        const [start, end] = caret ?? [body.value.length, body.value.length];
        body.setRangeText(answer.markdown, start, end, "end");
        caret = [body.selectionStart, body.selectionEnd];
        body.focus();
        file.value = "";
        slot.textContent = "";
        file.classList.remove("is-invalid");
        file.removeAttribute("aria-invalid");
      } else {
        slot.textContent = answer && answer.errors ? Object.values(answer.errors).flat().join(" ") : button.dataset.failed;
        file.classList.add("is-invalid");
        file.setAttribute("aria-invalid", "true");
      }
    } catch {
      slot.textContent = button.dataset.failed;
    } finally {
      button.disabled = false;
    }
  });
})();
