// The analytics pages' bar charts (Chart.js, loaded on these pages only). Each canvas[data-chart] names the JSON block
// with its numbers (Features/Analytics/ChartData.cs): labels, datasets of { label, data, hrefs, colors }, stacked,
// horizontal. A click on a bar opens the tickets behind it (its href), as the numbers in the page's tables do.
(() => {
  if (!window.Chart) {
    return;
  }
  const palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#ffc107", "#6c757d", "#d63384", "#0dcaf0"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    const data = JSON.parse(source.textContent);
    canvas.parentElement.style.height = canvas.parentElement.dataset.height || "";
    const scales = { x: { stacked: data.stacked }, y: { stacked: data.stacked } };
    scales[data.horizontal ? "x" : "y"].beginAtZero = true;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: s.colors ?? palette[i % palette.length] })),
      },
      options: {
        indexAxis: data.horizontal ? "y" : "x",
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: data.datasets.length > 1 } },
        scales,
        onHover: (event, bars) => { event.native.target.style.cursor = bars.length ? "pointer" : "default"; },
        onClick: (event, bars) => {
          const href = bars[0] && data.datasets[bars[0].datasetIndex].hrefs[bars[0].index];
          if (href) {
            location.href = href;
          }
        },
      },
    });
    canvas.dataset.drawn = "true";
  });
})();
