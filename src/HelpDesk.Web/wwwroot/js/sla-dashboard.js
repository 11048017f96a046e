// SLA dashboard: draws the daily compliance trend and refreshes the live part of the page every 30 seconds.
(() => {
  let chart;

  function draw() {
    const canvas = document.getElementById("trend");
    if (!canvas || !window.Chart) {
      return;
    }
    const numbers = (text) => (text ? text.split(",").map((v) => (v === "" ? null : Number(v))) : []);
    chart?.destroy();
    chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: canvas.dataset.labels ? canvas.dataset.labels.split(",") : [],
        datasets: [
          { label: canvas.dataset.firstLabel, data: numbers(canvas.dataset.first), borderColor: "#0d6efd", spanGaps: true },
          { label: canvas.dataset.resolutionLabel, data: numbers(canvas.dataset.resolution), borderColor: "#198754", spanGaps: true },
        ],
      },
      options: { animation: false, scales: { y: { min: 0, max: 100 } } },
    });
  }

  async function refresh() {
    const response = await fetch(location.href, { headers: { "X-Requested-With": "fetch" } });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("live");
    const current = document.getElementById("live");
    if (fresh && current && !current.contains(document.activeElement)) {
      current.replaceWith(fresh);
      draw();
    }
  }

  draw();
  const seconds = Number(document.getElementById("live")?.dataset.refreshSeconds || 0);
  if (seconds > 0) {
    setInterval(refresh, seconds * 1000);
  }
})();
