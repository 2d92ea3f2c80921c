// Charts (Chart.js) from each canvas's data-chart, and the live Strava progress on the dashboard.
// Runs on the first load and after each of Blazor's enhanced page updates.
(() => {
  const pace = seconds => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

  // Up to three lines told apart by colour and by dash, for readers who do not see the colours.
  const colours = ['#b4380b', '#1d4ed8', '#1e6b34'];
  const dashes = [[], [6, 4], [2, 3]];

  function drawCharts() {
    for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
      const chart = JSON.parse(canvas.dataset.chart);
      Chart.getChart(canvas)?.destroy();
      const isPace = chart.type === 'pace';
      const isBar = chart.type === 'bar';
      const several = chart.datasets.length > 1;
      const value = v => isPace ? `${pace(v)} /${chart.unit}` : `${v} ${chart.unit}`.trim();
      new Chart(canvas, {
        type: isBar ? 'bar' : 'line',
        data: {
          labels: chart.labels,
          datasets: chart.datasets.map((d, i) => ({
            label: d.label, data: d.values, backgroundColor: colours[i], borderColor: colours[i], borderDash: dashes[i],
            spanGaps: true, tension: 0.25, pointRadius: chart.labels.length > 40 ? 0 : 3,
          })),
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {
            legend: { display: several, labels: { boxHeight: 2 } },
            tooltip: { callbacks: { label: c => several ? `${c.dataset.label}: ${value(c.parsed.y)}` : value(c.parsed.y) } },
          },
          scales: { y: { reverse: isPace, beginAtZero: isBar, ticks: { callback: v => isPace ? pace(v) : v } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } },
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
      } else if ((card.dataset.paused === 'true') !== (status.pausedUntil != null && new Date(status.pausedUntil) > new Date())) {
        refresh(); // Strava's read limits paused the import, or it resumed: the card says which, and until when
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

  // Once per browser: a new profile is in UTC; the browser knows where the runner is (Apis/TimeZoneApi.cs decides).
  let zoneAsked = false;
  function shareTimeZone() {
    const signOut = document.querySelector('form[action="/signout"]');
    if (zoneAsked || !signOut || document.cookie.split('; ').some(c => c.startsWith('runnerly_zone='))) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    zoneAsked = true;
    const form = new FormData();
    form.append('timeZone', zone);
    form.append('__RequestVerificationToken', signOut.querySelector('[name=__RequestVerificationToken]').value);
    fetch('/settings/time-zone', { method: 'POST', body: form })
      .then(response => { if (!response.ok) { zoneAsked = false; return null; } return response.json(); })
      .then(answer => { if (answer?.changed) Blazor.navigateTo(location.pathname + location.search, { replaceHistoryEntry: true }); })
      .catch(() => { zoneAsked = false; });
  }

  // Copy buttons (the plan's calendar link): the text of the field the button names; the field selected if the clipboard refuses.
  document.addEventListener('click', async event => {
    const button = event.target.closest('[data-copy]');
    if (!button) return;
    const field = document.querySelector(button.dataset.copy);
    const status = button.closest('p')?.querySelector('[data-copy-status]');
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = 'Copied. Paste it where your calendar app asks for a calendar by URL.';
    } catch {
      field.select();
      if (status) status.textContent = 'Selected: copy it with your keyboard or menu.';
    }
  });

  // A report's email in its frame (same origin, no scripts of its own): as tall as the email, so the page scrolls, not the frame.
  const frames = () => document.querySelectorAll('iframe[data-fit-content]');
  function fit(frame) {
    const email = frame.contentDocument;
    if (!email || email.URL === 'about:blank' || email.readyState !== 'complete') return;
    frame.style.height = '';
    frame.style.height = `${email.documentElement.scrollHeight + 2}px`;
  }
  function fitFrames() {
    for (const frame of frames()) {
      frame.addEventListener('load', () => fit(frame));
      fit(frame);
    }
  }
  window.addEventListener('resize', () => frames().forEach(fit));

  function start() {
    // A refresh asked for on a live page must not reload a page the runner has moved on to.
    if (!document.querySelector('[data-live-runs]')) clearTimeout(pending);
    drawCharts(); followStrava(); followChanges(); shareTimeZone(); fitFrames();
  }
  document.addEventListener('DOMContentLoaded', () => {
    start();
    Blazor.addEventListener('enhancedload', start);
  });
})();
