// Complaint form: once an order number and a contact are typed, show the order's lines and delivery to pick from.
(() => {
  const target = document.getElementById("order-lines");
  if (!target) {
    return;
  }
  const value = (id) => document.getElementById(id)?.value.trim() || "";
  let last = "";

  async function load() {
    const number = value("Input_OrderNumber");
    const key = [number, value("Input_Email"), value("Input_Phone")].join("|");
    if (!number || key === last || (!value("Input_Email") && !value("Input_Phone"))) {
      return;
    }
    last = key;
    const query = new URLSearchParams({ number, email: value("Input_Email"), phone: value("Input_Phone") });
    const response = await fetch(`${target.dataset.url}&${query}`, { headers: { "X-Requested-With": "fetch" } });
    if (response.ok) {
      target.innerHTML = await response.text();
    }
  }

  ["Input_OrderNumber", "Input_Email", "Input_Phone"].forEach((id) => document.getElementById(id)?.addEventListener("change", load));
})();

// While the customer describes the problem, up to three help articles that may answer it appear under the field
// (they open in a new tab, so the form keeps what was typed).
(() => {
  const field = document.getElementById("Input_Description");
  const box = document.getElementById("article-suggestions");
  if (!field || !box) {
    return;
  }
  let timer = 0;
  let last = "";

  async function suggest() {
    const text = field.value.trim().slice(0, 80);
    if (text.length < 4 || text === last) {
      return;
    }
    last = text;
    const response = await fetch(`/help?handler=Suggest&q=${encodeURIComponent(text)}`, { headers: { "X-Requested-With": "fetch" } });
    if (response.ok && text === last) {
      box.innerHTML = await response.text();
    }
  }

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 400);
  });
})();
