// Charts (Chart.js) from each canvas's data-chart, and the live Strava progress on the dashboard.
// Runs on the first load and after each of Blazor's enhanced page updates.
(() => {
  const pace = seconds => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

  function drawCharts() {
    for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
      const chart = JSON.parse(canvas.dataset.chart);
      Chart.getChart(canvas)?.destroy();
      const isPace = chart.type === 'pace';
      new Chart(canvas, {
        type: isPace ? 'line' : 'bar',
        data: { labels: chart.labels, datasets: [{ label: chart.label, data: chart.values, backgroundColor: '#b4380b', borderColor: '#b4380b', spanGaps: true, tension: 0.25 }] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => isPace ? `${pace(c.parsed.y)} /${chart.unit}` : `${c.parsed.y} ${chart.unit}` } } },
          scales: { y: { reverse: isPace, beginAtZero: !isPace, ticks: { callback: v => isPace ? pace(v) : v } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } },
        },
      });
    }
  }

  // The content security policy allows no style attributes: bars take their width from aria-valuenow here.
  function sizeBars() {
    for (const progress of document.querySelectorAll('.progress[aria-valuenow]')) {
      const bar = progress.querySelector('.bar');
      if (bar) bar.style.width = `${progress.getAttribute('aria-valuenow')}%`;
    }
  }

  let polling;
  function followStrava() {
    clearInterval(polling);
    const card = document.querySelector('[data-strava-progress="live"]');
    if (!card) return;
    let imported = Number(card.dataset.imported);
    let lastRefresh = Date.now();
    polling = setInterval(async () => {
      const response = await fetch('/dashboard/strava-status', { headers: { accept: 'application/json' } }).catch(() => null);
      if (!response?.ok) return;
      const status = await response.json();
      const bar = card.querySelector('.bar');
      const percent = status.backfillComplete ? 100 : status.estimatedTotal ? Math.min(99, Math.floor(status.imported * 100 / status.estimatedTotal)) : 0;
      if (bar) bar.style.width = `${percent}%`;
      card.querySelector('[role=progressbar]')?.setAttribute('aria-valuenow', percent);
      const text = card.querySelector('[data-imported-text]');
      if (text) text.textContent = status.imported;
      // New runs: update the page in place (totals, table, charts) at most every ten seconds, and once at the end.
      if (status.imported !== imported && (status.backfillComplete || Date.now() - lastRefresh > 10000)) {
        imported = status.imported;
        lastRefresh = Date.now();
        Blazor.navigateTo(location.pathname + location.search, { replaceHistoryEntry: true });
      }
      if (status.backfillComplete) clearInterval(polling);
    }, 3000);
  }

  function start() { sizeBars(); drawCharts(); followStrava(); }
  document.addEventListener('DOMContentLoaded', () => {
    start();
    Blazor.addEventListener('enhancedload', start);
  });
})();
