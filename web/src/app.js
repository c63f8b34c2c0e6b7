// The report page of one picket run: reads window.PICKET_REPORT (written by `picket run` as data.js,
// format picket-report/1, docs/output.md) and draws the globe replay (CesiumJS), the local-time
// timeline and the plots (Chart.js).
//
// window.picketReady becomes true once the page is complete: the run's CZML and the borders are on
// the globe, the globe's imagery tiles have loaded and a frame has been drawn, and every panel is
// drawn. The browser test waits on it (rendering in software takes about a second a frame).
'use strict';
(function () {
  window.picketReady = false;
  const R = window.PICKET_REPORT;
  const statusBox = document.getElementById('globe-status');
  const setStatus = (text, error) => {
    statusBox.textContent = text;
    statusBox.classList.toggle('error', !!error);
  };
  if (!R || R.format !== 'picket-report/1') {
    setStatus('data.js is missing or not a picket-report/1 file: run `picket run SCENARIO --out DIR` again.', true);
    return;
  }

  // --- time: seconds after the scenario's epoch (t_s) inside; local time with its zone on screen ----
  const zone = R.time_zone;
  const offsetMin = (() => {
    const m = /^([+-])(\d\d):(\d\d)$/.exec(zone.utc_offset);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  })();
  const epochMs = Date.parse(R.epoch_utc);
  const pad = (n) => String(n).padStart(2, '0');
  // "07:04:15" in the scenario's zone, for a time in ms since 1970 (UTC).
  const clockText = (ms) => {
    const d = new Date(ms + offsetMin * 60000);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  const localOfT = (t_s) => clockText(epochMs + t_s * 1000);
  const tOfUtc = (iso) => (iso ? (Date.parse(iso) - epochMs) / 1000 : null);

  document.getElementById('title').textContent = R.title;
  document.title = `${R.title} — picket`;
  const s = R.summary;
  document.getElementById('subtitle').textContent =
    `${s.scenario && s.scenario !== R.title ? s.scenario + ' · ' : ''}launch ${s.launch.local} · ` +
    `times in ${zone.name} (UTC${zone.utc_offset})`;
  document.getElementById('zone').textContent = `(${zone.name})`;
  const files = document.getElementById('files');
  for (const f of R.files || []) {
    const a = document.createElement('a');
    a.href = `../${f}`;
    a.textContent = f;
    files.appendChild(a);
  }
  document.getElementById('attribution').textContent = R.attribution || '';

  // --- key numbers ---------------------------------------------------------------------------------
  const numbers = document.getElementById('numbers');
  const addNumber = (label, value) => {
    const div = document.createElement('div');
    const span = document.createElement('span');
    span.textContent = label;
    div.append(span, value);
    numbers.appendChild(div);
  };
  const threats = s.threats || [];
  if (threats.length > 1) addNumber('Missiles', String(threats.length));
  addNumber('Flight time', `${Math.round(s.flight_time_s)} s`);
  addNumber('Apogee', `${s.apogee_km.toFixed(0)} km`);
  addNumber('Ground range', `${s.ground_range_km.toFixed(0)} km`);
  // Only what came down: a warhead destroyed by an interceptor has no impact (summary.destroyed).
  if (threats.length > 1) {
    const impacts = threats.filter((t) => t.impact).map((t) => t.impact.local.slice(11)).sort();
    if (impacts.length) addNumber('Impacts', `${impacts.length}: ${impacts[0]} to ${impacts[impacts.length - 1]}`);
    const destroyed = threats.filter((t) => t.destroyed).length;
    if (destroyed) addNumber('Destroyed', `${destroyed} of ${threats.length}`);
  } else if (s.destroyed) {
    addNumber('Destroyed', `${s.destroyed.local.slice(11)} at ${s.destroyed.alt_km.toFixed(0)} km by ${s.destroyed.by}`);
  } else {
    addNumber('Impact', `${s.impact.local.slice(11)} at ${s.impact.lat_deg.toFixed(2)}, ${s.impact.lon_deg.toFixed(2)}`);
  }
  // Sizes in km, or m below 1 km (a prediction made seconds before impact is metres across).
  const size = (km) => (km >= 1 ? `${km.toFixed(2)} km` : `${Math.round(km * 1000)} m`);
  if (s.predicted_impact)
    addNumber('Final impact prediction',
      `95 % ellipse ${size(s.predicted_impact.semi_major_km)} × ${size(s.predicted_impact.semi_minor_km)}`);
  if (s.alert_policy) addNumber('J-Alert rule', s.alert_policy);
  // Track quality against the truth (SIAP measures and OSPA, docs/output.md).
  const q = s.track_quality;
  if (q && q.per_truth && q.per_truth.length) {
    addNumber('Track quality', `${Math.round(100 * q.completeness)} % held, ≤ ${q.max_tracks_per_truth} ` +
      `track${q.max_tracks_per_truth > 1 ? 's' : ''} per object, ${Math.round(q.position_accuracy_m)} m rms`);
    numbers.lastChild.title = `completeness ${q.completeness}, ambiguity ${q.ambiguity}, spuriousness ${q.spuriousness}, ` +
      `OSPA ${q.ospa_m} m (c = ${q.ospa_cutoff_m / 1000} km), tracks per object ${q.tracks_per_truth}, ` +
      `correlated objects per object ${q.objects_per_truth}`;
  }
  if (s.alerts && s.alerts.length) {
    const names = s.alerts.map((a) => a.prefecture);
    addNumber('Alerted', names.length > 8 ? `${names.length} prefectures` : names.join(', '));
    numbers.lastChild.title = names.join(', ');
  }
  if (s.threat_evaluation) {
    const killed = s.threat_evaluation.filter((t) => t.killed).length;
    addNumber('Threats killed', `${killed} of ${s.threat_evaluation.length} (${(s.shots || []).length} shots)`);
  }

  // --- the timeline ----------------------------------------------------------------------------------
  // A 300-missile raid has thousands of events: the list shows the first MAX_EVENTS, in time order.
  const MAX_EVENTS = 1500;
  const events = R.events.slice().sort((a, b) => a.t_s - b.t_s);
  const list = document.getElementById('timeline');
  const items = [];
  let jumpTo = () => {};  // set once the globe exists
  events.slice(0, MAX_EVENTS).forEach((e) => {
    const li = document.createElement('li');
    li.dataset.kind = e.kind;
    const time = document.createElement('time');
    time.dateTime = e.utc;
    time.textContent = e.local.slice(11);
    const text = document.createElement('div');
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = e.kind;
    text.append(kind, e.text);
    li.append(time, text);
    li.title = `${e.local} · T+${Math.round(e.t_s)} s`;
    li.addEventListener('click', () => jumpTo(e));
    list.appendChild(li);
    items.push({ t_s: e.t_s, li });
  });
  if (events.length > MAX_EVENTS) {
    const li = document.createElement('li');
    li.className = 'more';
    li.textContent = `… and ${events.length - MAX_EVENTS} more events in events.json`;
    list.appendChild(li);
  }
  let currentItem = -1;
  const markTimeline = (t_s) => {
    let k = -1;
    for (let i = 0; i < items.length && items[i].t_s <= t_s + 0.05; ++i) k = i;  // clock ticks round to ms
    if (k === currentItem) return;
    currentItem = k;
    items.forEach((it, i) => {
      it.li.classList.toggle('current', i === k);
      it.li.classList.toggle('past', i < k);
    });
  };

  // --- plots (Chart.js) --------------------------------------------------------------------------------
  Chart.defaults.color = '#aab4c0';
  Chart.defaults.borderColor = '#2a3442';
  Chart.defaults.animation = false;
  const palette = ['#ffa000', '#4fc3f7', '#81c784', '#e57373', '#ba68c8', '#fff176', '#4db6ac', '#f06292'];
  const series = R.series || [];
  const many = series.length > 8;  // a raid: thin lines, no legend
  const timeTicks = { callback: (v) => localOfT(Number(v)), maxRotation: 0, autoSkipPadding: 12 };
  const lineDatasets = (xKey, yKey, yScale) =>
    series.map((sr, k) => ({
      label: sr.name,
      data: sr[xKey].map((x, i) => ({ x, y: sr[yKey][i] * yScale })),
      borderColor: palette[k % palette.length],
      borderWidth: many ? 1 : 2,
      pointRadius: 0,
      showLine: true,
    }));
  const lineChart = (id, xKey, yKey, yScale, xTitle, yTitle, time) =>
    new Chart(document.getElementById(id), {
      type: 'scatter',
      data: { datasets: lineDatasets(xKey, yKey, yScale) },
      options: {
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        plugins: {
          legend: { display: !many && series.length > 1 },
          tooltip: {
            callbacks: {
              label: (c) => `${c.dataset.label}: ${time ? localOfT(c.parsed.x) + ' ' + zone.name : c.parsed.x.toFixed(0) + ' km'}, ` +
                `${c.parsed.y.toFixed(yTitle.includes('km/s') ? 2 : 0)} ${yTitle.replace(/.*\((.*)\)/, '$1')}`,
            },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: xTitle }, ticks: time ? timeTicks : {} },
          y: { type: 'linear', title: { display: true, text: yTitle }, beginAtZero: true },
        },
      },
    });
  const charts = [];
  charts.push(lineChart('plot-alt-range', 'range_km', 'alt_km', 1, 'ground range from launch (km)', 'altitude (km)', false));
  charts.push(lineChart('plot-alt-time', 't_s', 'alt_km', 1, `time (${zone.name})`, 'altitude (km)', true));
  charts.push(lineChart('plot-speed-time', 't_s', 'speed_mps', 0.001, `time (${zone.name})`, 'speed (km/s)', true));

  // --- tables ------------------------------------------------------------------------------------------
  // Rows of text cells; `cls` gives a cell's class (colour) by its column and row.
  const fillTable = (id, heads, rows, cls) => {
    const table = document.getElementById(id);
    const head = table.createTHead().insertRow();
    for (const h of heads) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    const body = table.createTBody();
    rows.forEach((cells, i) => {
      const row = body.insertRow();
      cells.forEach((c, k) => {
        const cell = row.insertCell();
        cell.textContent = c === null || c === undefined || c === '' ? '—' : String(c);
        const name = cls ? cls(k, i) : '';
        if (name) cell.className = name;
      });
    });
  };

  // Engagement windows: one row per firing unit (layer); bars for the windows (earliest to latest
  // intercept), the time to decide (fire-control track to the last order to fire) and the shots.
  const engagements = s.engagements || [];
  const shots = s.shots || [];
  const ganttFigure = document.getElementById('gantt-figure');
  if (!engagements.length) {
    ganttFigure.hidden = true;
  } else {
    const rows = [];
    for (const e of engagements) if (!rows.includes(e.shooter)) rows.push(e.shooter);
    const windows = [], decide = [], flights = [];
    for (const e of engagements) {
      if (e.feasible && e.window_open_utc)
        windows.push({ y: e.shooter, x: [tOfUtc(e.window_open_utc), tOfUtc(e.window_close_utc)], e });
      if (e.fire_control_utc && e.decision_deadline_utc)
        decide.push({ y: e.shooter, x: [tOfUtc(e.fire_control_utc), tOfUtc(e.decision_deadline_utc)], e });
    }
    for (const sh of shots) flights.push({ y: sh.shooter, x: [tOfUtc(sh.launch_utc), tOfUtc(sh.intercept_utc)], sh });
    // From a little before the first bar: the windows of a long flight sit near its end.
    const starts = [...windows, ...decide, ...flights].map((b) => b.x[0]);
    const ganttStart = starts.length ? Math.max(0, Math.min(...starts) - 0.05 * R.end_t_s) : 0;
    const tip = (c) => {
      const r = c.raw;
      const span = `${localOfT(r.x[0])}–${localOfT(r.x[1])} ${zone.name}`;
      if (r.sh) return `${r.sh.interceptor} #${r.sh.shot} at ${r.sh.target}: ${span}, ${r.sh.result}`;
      if (c.dataset.label.startsWith('Time')) return `${r.e.threat}: decide by ${localOfT(r.x[1])} (${r.e.decision_time_s} s)`;
      return `${r.e.threat}: ${span}, ${r.e.phase}, ${r.e.intercept_alt_km}–${r.e.intercept_alt_km_last} km altitude`;
    };
    document.querySelector('#gantt-figure .chart').style.height = `${Math.max(200, 60 + rows.length * 34)}px`;
    charts.push(new Chart(document.getElementById('plot-gantt'), {
      type: 'bar',
      data: {
        labels: rows,
        datasets: [
          { label: 'Time to decide', data: decide, backgroundColor: 'rgba(255,241,118,0.55)' },
          { label: 'Engagement window', data: windows, backgroundColor: 'rgba(79,195,247,0.75)' },
          { label: 'Interceptor flight', data: flights,
            backgroundColor: flights.map((f) => (f.sh.result === 'kill' ? 'rgba(129,199,132,0.9)' : 'rgba(229,115,115,0.9)')) },
        ],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { label: tip } } },
        scales: {
          x: { type: 'linear', min: ganttStart, max: R.end_t_s, title: { display: true, text: `time (${zone.name})` }, ticks: timeTicks },
          y: { type: 'category', labels: rows },
        },
      },
    }));
    // Why each layer can or cannot engage each threat, as text (the bars cannot show a "no").
    const MAX_ROWS = 60;
    const shown = engagements.slice(0, MAX_ROWS);
    fillTable('verdicts', ['Layer', 'Threat', 'Feasible', 'Window, or why not'],
      shown.map((e) => [`${e.shooter} (${e.interceptor})`, e.threat, e.feasible ? 'yes' : 'no', e.feasible
        ? `${localOfT(tOfUtc(e.window_open_utc))}–${localOfT(tOfUtc(e.window_close_utc))} ${zone.name}, ${e.phase}; decide by ` +
          `${e.decision_deadline_utc ? localOfT(tOfUtc(e.decision_deadline_utc)) : '—'}`
        : `${e.reason}${e.detail ? ': ' + e.detail : ''}`]),
      (k, i) => (k !== 2 ? '' : shown[i].feasible ? 'yes' : 'no'));
    if (engagements.length > MAX_ROWS) {
      const row = document.getElementById('verdicts').tBodies[0].insertRow();
      const cell = row.insertCell();
      cell.colSpan = 4;
      cell.textContent = `… and ${engagements.length - MAX_ROWS} more in summary.json`;
    }
  }

  // --- tables: the public record beside picket's numbers, and a fit's reconstruction ---------------
  const record = s.against_record;
  if (record && record.length) {
    document.getElementById('record').hidden = false;
    const verdict = (r) => (!r.modelled_at_all ? 'not modelled'
      : r.within_precision ? 'within its precision'
        : r.within ? 'within tolerance' : r.gate ? 'OUTSIDE' : 'outside (shown only: its note says why)');
    fillTable('record-table', ['Figure', 'Agency', 'Reported', 'picket', 'Difference', 'Verdict', 'Source'],
      record.map((r) => [r.missile ? `${r.what} (${r.missile})` : r.what, r.agency, r.reported, r.modelled, r.difference, verdict(r), r.source]),
      (k, i) => (k !== 5 ? '' : !record[i].modelled_at_all ? '' : record[i].within ? 'yes' : record[i].gate ? 'no' : 'muted'));
  }
  const fit = R.fit;
  if (fit) {
    document.getElementById('fit').hidden = false;
    document.getElementById('fit-method').textContent = `Method: ${fit.method}. ${fit.flights} flights.`;
    fillTable('fit-parameters', ['Unknown', 'Fitted', '95 % interval', 'Note'],
      fit.parameters.map((p) => [p.name, p.value_text, p.interval_text, p.note]),
      (k, i) => (k === 3 && fit.parameters[i].held ? 'muted' : ''));
    fillTable('fit-reports', ['Figure', 'Agency', 'Reported', 'Fitted', 'Residual', 'Sigmas', 'Verdict', 'Source'],
      fit.reports.map((r) => [r.what, r.agency, r.reported, r.fitted, r.residual,
        r.studentised === null ? '' : r.studentised.toFixed(1), r.verdict, r.source]),
      (k, i) => (k !== 6 ? '' : fit.reports[i].flagged ? 'no' : /tension|beyond/.test(fit.reports[i].verdict) ? 'muted' : 'yes'));
    const flagged = fit.reports.filter((r) => r.flagged).map((r) => `${r.what} (${r.agency || 'no agency'})`);
    document.getElementById('fit-verdict').textContent =
      `Chi-square ${fit.chi2.toFixed(1)} on ${fit.dof} degrees of freedom (p = ${fit.p_value.toPrecision(2)}). ` +
      (flagged.length ? `Inconsistent with the rest, and left out: ${flagged.join(', ')}. ` : 'No report is inconsistent with the rest. ') +
      (fit.unresolved ? 'The remaining reports contradict each other, and none stands out.' : '');
  }

  // Monte Carlo: histograms and sweep curves, when the run was a Monte Carlo run.
  const mc = R.montecarlo;
  if (mc) {
    document.getElementById('montecarlo').hidden = false;
    const host = document.getElementById('mc-plots');
    // Each plot can leave the page: as PNG (the canvas) and as SVG (drawn again as vectors from the
    // chart's own scales and elements, so it scales in print and can be edited).
    const save = (name, href) => {
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    };
    const esc = (t) => String(t).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const chartSvg = (chart, caption) => {
      const { width, height } = chart;
      const x = chart.scales.x, y = chart.scales.y;
      const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 24}" font-family="sans-serif" font-size="11">`,
        `<rect width="100%" height="100%" fill="white"/>`, `<text x="4" y="14" font-size="13">${esc(caption)}</text>`,
        `<g transform="translate(0,24)">`,
        `<line x1="${x.left}" y1="${y.bottom}" x2="${x.right}" y2="${y.bottom}" stroke="black"/>`,
        `<line x1="${x.left}" y1="${y.top}" x2="${x.left}" y2="${y.bottom}" stroke="black"/>`];
      x.ticks.forEach((t, i) => {
        const px = x.getPixelForTick(i);
        out.push(`<text x="${px}" y="${y.bottom + 14}" text-anchor="middle">${esc(x.getLabelForValue(t.value))}</text>`);
      });
      y.ticks.forEach((t, i) => {
        const py = y.getPixelForTick(i);
        out.push(`<text x="${x.left - 4}" y="${py + 4}" text-anchor="end">${esc(t.label)}</text>`);
      });
      const xt = x.options.title, yt = y.options.title;
      if (xt && xt.display) out.push(`<text x="${(x.left + x.right) / 2}" y="${height - 4}" text-anchor="middle">${esc(xt.text)}</text>`);
      if (yt && yt.display) out.push(`<text transform="translate(12,${(y.top + y.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yt.text)}</text>`);
      chart.data.datasets.forEach((ds, i) => {
        const meta = chart.getDatasetMeta(i);
        const colour = ds.backgroundColor && meta.type === 'bar' ? ds.backgroundColor : ds.borderColor || '#333';
        if (meta.type === 'bar') {
          for (const e of meta.data)
            out.push(`<rect x="${e.x - e.width / 2}" y="${Math.min(e.y, e.base)}" width="${e.width}" height="${Math.abs(e.base - e.y)}" fill="${colour}"/>`);
        } else {
          const pts = meta.data.map((e) => `${e.x},${e.y}`).join(' ');
          if (ds.showLine) out.push(`<polyline points="${pts}" fill="none" stroke="${colour}"${ds.borderDash ? ' stroke-dasharray="4 4"' : ''}/>`);
          if (ds.pointRadius !== 0) for (const e of meta.data) out.push(`<circle cx="${e.x}" cy="${e.y}" r="3" fill="${colour}"/>`);
        }
      });
      out.push('</g></svg>');
      return out.join('\n');
    };
    const figure = (caption) => {
      const f = document.createElement('figure');
      const c = document.createElement('figcaption');
      c.textContent = caption;
      const d = document.createElement('div');
      d.className = 'chart';
      const canvas = document.createElement('canvas');
      d.appendChild(canvas);
      const tools = document.createElement('div');
      tools.className = 'save';
      const name = caption.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'plot';
      for (const kind of ['PNG', 'SVG']) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = `Save ${kind}`;
        b.addEventListener('click', () => {
          const chart = Chart.getChart(canvas);
          if (!chart) return;
          if (kind === 'PNG') save(`${name}.png`, chart.toBase64Image('image/png'));
          else save(`${name}.svg`, 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(chartSvg(chart, caption)));
        });
        tools.appendChild(b);
      }
      f.append(c, d, tools);
      host.appendChild(f);
      return canvas;
    };
    // picket compare: the architectures side by side, a row per metric, before the plots.
    if (mc.compare) {
      const t = mc.compare;
      const table = document.createElement('table');
      table.className = 'compare';
      const cap = document.createElement('caption');
      cap.textContent = t.title;
      table.appendChild(cap);
      const head = table.createTHead().insertRow();
      const corner = document.createElement('th');
      corner.scope = 'col';
      corner.textContent = 'architecture';
      head.appendChild(corner);
      for (const name of t.columns) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = name;
        head.appendChild(th);
      }
      const body = table.createTBody();
      for (const row of t.rows) {
        const tr = body.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = row.metric;
        tr.appendChild(th);
        for (const cell of row.cells) tr.insertCell().textContent = cell;
      }
      const wrap = document.createElement('div');
      wrap.className = 'compare-wrap';
      wrap.appendChild(table);
      if (t.note) {
        const p = document.createElement('p');
        p.textContent = t.note;
        wrap.appendChild(p);
      }
      host.before(wrap);
    }
    for (const h of mc.histograms || []) {
      const labels = h.counts.map((_, i) => `${h.edges[i]}–${h.edges[i + 1]}`);
      charts.push(new Chart(figure(`${h.title} (${mc.trials} trials)`), {
        type: 'bar',
        data: { labels, datasets: [{ label: 'trials', data: h.counts, backgroundColor: '#4fc3f7', barPercentage: 1, categoryPercentage: 1 }] },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false } },
          scales: { x: { title: { display: true, text: h.unit ? `${h.quantity} (${h.unit})` : h.quantity } },
            y: { title: { display: true, text: 'trials' }, beginAtZero: true } } },
      }));
    }
    for (const sw of mc.sweeps || []) {
      const pts = (key) => sw.x.map((x, i) => ({ x, y: sw[key][i] }));
      const datasets = [{ label: sw.y_label, data: pts('y'), borderColor: '#ffa000', showLine: true, pointRadius: 3 }];
      if (sw.lo && sw.hi)
        datasets.push({ label: 'interval', data: pts('lo'), borderColor: 'rgba(255,160,0,0.4)', showLine: true, pointRadius: 0, borderDash: [4, 4] },
          { label: '', data: pts('hi'), borderColor: 'rgba(255,160,0,0.4)', showLine: true, pointRadius: 0, borderDash: [4, 4] });
      charts.push(new Chart(figure(sw.title), {
        type: 'scatter',
        data: { datasets },
        options: { maintainAspectRatio: false, parsing: false,
          scales: { x: { title: { display: true, text: sw.x_label } }, y: { title: { display: true, text: sw.y_label } } } },
      }));
    }
  }

  // --- the globe (CesiumJS) -----------------------------------------------------------------------------
  // Everything above is drawn synchronously: the page is ready once the globe is.
  let globeReady = false;
  const failGlobe = (why) => {
    setStatus(`The globe could not be drawn: ${why}. The timeline and plots are complete. ` +
      'Opened from disk? Serve the report with `picket view OUT_DIR` (see README).', true);
    console.warn(`picket: globe: ${why}`);
  };
  if (!window.Cesium) {
    failGlobe('CesiumJS did not load');
    return;
  }
  let viewer;
  try {
    viewer = new Cesium.Viewer('globe', {
      // Natural Earth II, shipped inside CesiumJS: no account, token or tile server.
      baseLayer: Cesium.ImageryLayer.fromProviderAsync(
        Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII'))),
      baseLayerPicker: false,
      geocoder: false,
      navigationHelpButton: false,
      fullscreenButton: false,
      sceneModePicker: true,
      homeButton: true,
      animation: true,
      timeline: true,
      shouldAnimate: false,
    });
  } catch (err) {
    failGlobe(err && err.message ? err.message : String(err));
    return;
  }
  window.picketViewer = viewer;
  const scene = viewer.scene;
  scene.globe.enableLighting = false;
  scene.globe.showGroundAtmosphere = true;

  // Local time on the clock widgets.
  const julianMs = (jd) => Cesium.JulianDate.toDate(jd).getTime();
  viewer.animation.viewModel.dateFormatter = (jd) => {
    const d = new Date(julianMs(jd) + offsetMin * 60000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  };
  viewer.animation.viewModel.timeFormatter = (jd) => `${clockText(julianMs(jd))} ${zone.name}`;
  viewer.timeline.makeLabel = (jd) => `${clockText(julianMs(jd))} ${zone.name}`;

  // Borders: one polyline collection, no workers (drawn even where web workers are refused).
  const lines = scene.primitives.add(new Cesium.PolylineCollection());
  const borderMaterial = Cesium.Material.fromType('Color', { color: Cesium.Color.fromCssColorString('rgba(255,255,255,0.55)') });
  for (const l of window.PICKET_BORDERS ? window.PICKET_BORDERS.lines : [])
    lines.add({ positions: Cesium.Cartesian3.fromDegreesArray(l), width: 1.0, material: borderMaterial });
  const prefMaterial = Cesium.Material.fromType('Color', { color: Cesium.Color.fromCssColorString('rgba(255,224,130,0.45)') });
  const prefectures = window.PICKET_PREFECTURES ? window.PICKET_PREFECTURES.prefectures : [];
  for (const p of prefectures)
    for (const ring of p.polygons) lines.add({ positions: Cesium.Cartesian3.fromDegreesArray(ring), width: 1.0, loop: true, material: prefMaterial });

  // Alerted prefectures, filled from their alert until it is withdrawn or a follow-up closes it
  // ("passed over", "it has come down", "destroyed").
  const endJd = Cesium.JulianDate.fromIso8601(R.end_utc);
  const alertIntervals = new Map();
  const open = new Map();
  for (const m of (R.alerts && R.alerts.messages) || []) {
    for (const name of m.prefectures) {
      if (m.kind === 'alert' && !open.has(name)) open.set(name, m.utc);
      if (['withdrawn', 'passed-over', 'all-clear', 'destroyed'].includes(m.kind) && open.has(name)) {
        if (!alertIntervals.has(name)) alertIntervals.set(name, []);
        alertIntervals.get(name).push([open.get(name), m.utc]);
        open.delete(name);
      }
    }
  }
  for (const [name, from] of open) {
    if (!alertIntervals.has(name)) alertIntervals.set(name, []);
    alertIntervals.get(name).push([from, R.end_utc]);
  }
  for (const [name, intervals] of alertIntervals) {
    const p = prefectures.find((x) => x.name === name);
    if (!p) continue;
    const availability = new Cesium.TimeIntervalCollection(intervals.map(([a, b]) => new Cesium.TimeInterval({
      start: Cesium.JulianDate.fromIso8601(a), stop: Cesium.JulianDate.fromIso8601(b) })));
    p.polygons.forEach((ring, k) => viewer.entities.add({
      id: `alert-${name}-${k}`,
      name: `J-Alert: ${name} (${p.name_ja})`,
      availability,
      polygon: { hierarchy: Cesium.Cartesian3.fromDegreesArray(ring), material: Cesium.Color.fromCssColorString('rgba(255,64,64,0.45)'), height: 0 },
    }));
  }

  // The run: every object as time-dynamic CZML (written by picket: docs/output.md).
  const czmlLoad = Cesium.CzmlDataSource.load(R.czml);
  let dataLoaded = false;
  let ds;
  czmlLoad.then((loaded) => viewer.dataSources.add((ds = loaded))).then(() => {
    dataLoaded = true;
    // A raid: the launch, apogee and impact markers of every missile would bury the globe; their
    // labels show when the camera is within 1,500 km, and the markers are smaller.
    if (series.length > 1) {
      const near = new Cesium.DistanceDisplayCondition(0, 1.5e6);
      for (const en of ds.entities.values) {
        if (!/^(launch|apogee|impact|destroyed)(-\d+)?$/.test(en.id)) continue;
        if (en.label) en.label.distanceDisplayCondition = near;
        if (en.point) en.point.pixelSize = 5;
      }
    }
    // Open on the whole picture: the end of the run, all flights drawn; play from the start.
    viewer.clock.currentTime = endJd.clone();
    viewer.clock.shouldAnimate = false;
    viewer.timeline.zoomTo(viewer.clock.startTime, viewer.clock.stopTime);
    const b = R.bounds;
    const pad_deg = Math.max(2, 0.15 * Math.max(b.east_deg - b.west_deg, b.north_deg - b.south_deg));
    const home = Cesium.Rectangle.fromDegrees(b.west_deg - pad_deg, b.south_deg - pad_deg, b.east_deg + pad_deg, b.north_deg + pad_deg);
    Cesium.Camera.DEFAULT_VIEW_RECTANGLE = home;
    Cesium.Camera.DEFAULT_VIEW_FACTOR = 0.1;
    viewer.camera.setView({ destination: home });
    setStatus('Loading imagery…');
  }).catch((err) => failGlobe(`the run's CZML did not load (${err && err.message ? err.message : err})`));

  jumpTo = (e) => {
    viewer.clock.shouldAnimate = false;
    viewer.clock.currentTime = Cesium.JulianDate.fromIso8601(e.utc);
    if (e.lat_deg !== undefined && e.lon_deg !== undefined) {
      const h = Math.max(1.5e6, 4 * 1000 * (e.alt_km || 0));
      viewer.camera.flyTo({ destination: Cesium.Cartesian3.fromDegrees(e.lon_deg, e.lat_deg, h), duration: 1.0 });
    }
    markTimeline(e.t_s);
  };
  viewer.clock.onTick.addEventListener((clock) => markTimeline((julianMs(clock.currentTime) - epochMs) / 1000));

  let framesAfterLoad = 0;
  scene.postRender.addEventListener(() => {
    if (globeReady || !dataLoaded || !scene.globe.tilesLoaded) return;
    // Two frames with all tiles in: the second shows what the first loaded.
    if (++framesAfterLoad < 2) return;
    globeReady = true;
    setStatus('');
    window.picketReady = true;
    document.body.dataset.ready = 'true';
  });
  scene.renderError.addEventListener((_, err) => failGlobe(`rendering failed (${err})`));
})();
