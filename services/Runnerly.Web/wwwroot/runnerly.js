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

  let polling;
  function followStrava() {
    clearInterval(polling);
    const card = document.querySelector('[data-strava-progress="live"]');
    if (!card) return;
    polling = setInterval(async () => {
      const response = await fetch('/dashboard/strava-status', { headers: { accept: 'application/json' } }).catch(() => null);
      if (response?.status === 401) { clearInterval(polling); return; } // signed out meanwhile
      if (!response?.ok) return;
      const status = await response.json();
      const bar = card.querySelector('progress');
      if (bar) bar.value = status.percent; // the server's figure (StravaStatus.Percent), not a second formula
      const text = card.querySelector('[data-imported-text]');
      if (text) text.textContent = status.imported;
      if (status.backfillComplete) {
        clearInterval(polling);
        refresh(); // the card says "all imported"
      }
    }, 3000);
  }

  // Runs changed (an import, a webhook, another tab): update the page in place, at most every five seconds.
  let lastRefresh = 0, pending;
  function refresh() {
    clearTimeout(pending);
    const wait = Math.max(0, lastRefresh + 5000 - Date.now());
    pending = setTimeout(() => {
      lastRefresh = Date.now();
      Blazor.navigateTo(location.pathname + location.search, { replaceHistoryEntry: true });
    }, wait);
  }

  let changes;
  function followChanges() {
    const live = document.querySelector('[data-live-runs]');
    if (!live) { changes?.close(); changes = null; return; }
    if (changes) return;
    changes = new EventSource('/dashboard/changes');
    changes.addEventListener('runs-changed', e => { if (e.data !== '{}') refresh(); });
  }

  function start() {
    // A refresh asked for on a live page must not reload a page the runner has moved on to.
    if (!document.querySelector('[data-live-runs]')) clearTimeout(pending);
    drawCharts(); followStrava(); followChanges();
  }
  document.addEventListener('DOMContentLoaded', () => {
    start();
    Blazor.addEventListener('enhancedload', start);
  });
})();
