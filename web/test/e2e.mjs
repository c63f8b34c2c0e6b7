// End-to-end test of the HTML report in a real browser (Debian's Chromium, driven by playwright-core).
//
//   node web/test/e2e.mjs PICKET_BINARY SCENARIO WORK_DIR
//
// Runs `picket run SCENARIO --out WORK_DIR/out`, serves it with `picket view WORK_DIR/out --port 0`,
// loads the report, waits for the page's readiness flag (window.picketReady: CZML and borders on
// the globe, imagery tiles loaded, panels drawn), then checks:
//   - the globe's canvas shows an image (many distinct colours, not a blank or uniform canvas);
//   - the timeline lists the launch, the Hokkaido overflight and the impact;
//   - clicking the impact in the timeline moves the globe's clock to the impact time;
//   - no request left 127.0.0.1 (any other host is refused and recorded);
//   - no console errors and no uncaught page errors;
//   - the record table lists every agency's reports beside picket's numbers;
//   - with a montecarlo block added to its data, the page draws the histograms and sweep curves
//     (and a comparison's table),
//     and each plot saves as PNG and as a vector SVG; with a fit (picket fit --json), the fit
//     section lists the unknowns and every report;
//   - Ctrl-C (SIGINT) stops `picket view` cleanly (exit status 0).
// Saves WORK_DIR/report.png (the whole page) as the test's artefact. Exit status 0 when all pass.
//
// WebGL runs on SwiftShader (software) at about a frame a second, so every wait is on a condition,
// with generous time limits, never a fixed sleep.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [picket, scenario, work] = process.argv.slice(2);
if (!picket || !scenario || !work) {
  console.error('usage: node e2e.mjs PICKET_BINARY SCENARIO WORK_DIR');
  process.exit(2);
}
const out = path.join(work, 'out');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// --- the run -------------------------------------------------------------------------------------
const run = spawnSync(picket, ['run', scenario, '--out', out], { encoding: 'utf8', timeout: 300000 });
check(run.status === 0, `picket run exits 0 (got ${run.status}: ${(run.stderr || '').trim()})`);
check(fs.existsSync(path.join(out, 'report', 'index.html')), 'picket run wrote report/index.html');
if (failures.length) process.exit(1);

// --- the server ----------------------------------------------------------------------------------
const server = spawn(picket, ['view', out, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '';
server.stderr.on('data', (d) => (serverOut += d));
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`picket view printed no URL: ${serverOut}`)), 20000);
  server.stdout.on('data', (d) => {
    serverOut += d;
    const m = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(serverOut);
    if (m) {
      clearTimeout(timer);
      resolve(m[0]);
    }
  });
  server.on('exit', (code) => reject(new Error(`picket view exited (${code}): ${serverOut}`)));
});
console.log(`serving at ${url} (${since()})`);

// --- the browser ---------------------------------------------------------------------------------
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'picket-chromium-'));
let context;
const consoleErrors = [];
const offsite = [];
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PICKET_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
    ],
  });
  // Everything must come from picket view: any other host is recorded and refused.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
    offsite.push(u.href);
    return route.abort();
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));

  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  console.log(`page loaded (${since()})`);
  await page.waitForFunction(() => window.picketReady === true, null, { timeout: 300000, polling: 1000 });
  console.log(`page ready (${since()})`);

  // The timeline: the launch, the Hokkaido overflight and the impact.
  const lines = await page.$$eval('#timeline li', (lis) => lis.map((li) => li.textContent));
  check(lines.some((l) => /launch\s*Launch of the Hwasong-12/.test(l)), 'the timeline lists the launch');
  check(lines.some((l) => /Over Hokkaido, Japan/.test(l)), 'the timeline lists the Hokkaido overflight');
  check(lines.some((l) => /impact\s*Impact at 40\.\d+N 169\.\d+E/.test(l)), 'the timeline lists the impact');
  check(lines.some((l) => /^07:1[5-7]:\d\d JST/.test(l) && /Impact/.test(l)), 'the impact is in local time (07:15-07:17 JST)');

  // The globe rendered: decode a screenshot of its canvas in the page and count its colours.
  const shot = await page.locator('#globe canvas').first().screenshot({ timeout: 120000 });
  const pixels = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] + d[i + 1] + d[i + 2] > 60) ++lit;
      colours.add((d[i] >> 3) * 1024 + (d[i + 1] >> 3) * 32 + (d[i + 2] >> 3));
    }
    return { width: c.width, height: c.height, lit: lit / (d.length / 4), colours: colours.size };
  }, shot.toString('base64'));
  console.log(`globe canvas ${pixels.width}x${pixels.height}: ${(100 * pixels.lit).toFixed(1)} % lit, ${pixels.colours} colours`);
  check(pixels.width > 300 && pixels.lit > 0.2 && pixels.colours > 200, 'the globe canvas rendered (lit, many colours)');

  await page.screenshot({ path: path.join(work, 'report.png'), fullPage: true, timeout: 120000 });
  console.log(`screenshot: ${path.join(work, 'report.png')} (${since()})`);

  // Click-to-jump: the impact event moves the globe's clock to the impact time.
  const impact = page.locator('#timeline li[data-kind="impact"]').first();
  const impactUtc = await impact.locator('time').getAttribute('datetime');
  await impact.click({ timeout: 60000 });
  const clockUtc = await page.evaluate(() => Cesium.JulianDate.toIso8601(window.picketViewer.clock.currentTime, 3));
  check(Math.abs(Date.parse(clockUtc) - Date.parse(impactUtc)) < 1000, `clicking the impact sets the clock (${clockUtc} vs ${impactUtc})`);
  check(await impact.evaluate((li) => li.classList.contains('current')), 'the clicked event is marked current');


  // The public record beside picket's numbers: the flagship carries a `reported` block.
  const recordRows = await page.evaluate(() => ({ hidden: document.getElementById('record').hidden,
    rows: [...document.querySelectorAll('#record-table tbody tr')].map((r) => r.textContent) }));
  check(!recordRows.hidden && recordRows.rows.length >= 10 && recordRows.rows.some((r) => /^apogee.*South Korea/.test(r)),
    `the record table lists every agency's reports (${recordRows.rows.length} rows)`);

  // The Monte Carlo panels: the same report with a montecarlo block in its data (the format of
  // docs/output.md; picket's Monte Carlo stage will fill it), reloaded.
  const dataJs = path.join(out, 'report', 'data.js');
  const mc = {
    trials: 1000,
    histograms: [{ title: 'Miss distance', quantity: 'miss distance', unit: 'km', edges: [0, 1, 2, 3], counts: [610, 290, 100] }],
    sweeps: [{ title: 'Kill probability vs decision delay', x_label: 'delay (s)', y_label: 'P(kill)', x: [0, 30, 60],
      y: [0.9, 0.7, 0.2], lo: [0.88, 0.67, 0.18], hi: [0.92, 0.73, 0.23] }],
    // picket compare --out: the architectures side by side.
    compare: { title: 'What each architecture buys', note: "The plots below are the first architecture's (land).",
      columns: ['land', 'sea'], rows: [{ metric: 'crew', cells: ['330', '510'] }, { metric: 'cost', cells: ['283 bn JPY', '805 bn JPY'] }] },
  };
  fs.appendFileSync(dataJs, `window.PICKET_REPORT.montecarlo = ${JSON.stringify(mc)};\n`);
  // And the reconstruction of `picket fit` (fit.json, format picket-fit/1), as `picket fit --out` adds it.
  const fitRun = spawnSync(picket, ['fit', scenario, '--json'], { encoding: 'utf8', timeout: 120000 });
  check(fitRun.status === 0, `picket fit --json exits 0 (got ${fitRun.status}: ${(fitRun.stderr || '').trim()})`);
  const fit = JSON.parse(fitRun.stdout || '{}');
  fs.appendFileSync(dataJs, `window.PICKET_REPORT.fit = ${JSON.stringify(fit)};\n`);
  await page.reload({ waitUntil: 'load', timeout: 120000 });
  await page.waitForFunction(() => window.picketReady === true, null, { timeout: 300000, polling: 1000 });
  const mcShown = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('#mc-plots canvas')];
    return { hidden: document.getElementById('montecarlo').hidden,
      charts: canvases.map((c) => Chart.getChart(c)).map((ch) => (ch ? ch.data.datasets[0].data : null)) };
  });
  check(!mcShown.hidden && mcShown.charts.length === 2, `the Monte Carlo section shows a histogram and a sweep (${mcShown.charts.length})`);
  check(JSON.stringify(mcShown.charts[0]) === JSON.stringify(mc.histograms[0].counts), 'the histogram plots the counts');
  check(mcShown.charts[1] && mcShown.charts[1].length === 3 && mcShown.charts[1][2].y === 0.2, 'the sweep plots its points');
  const compareShown = await page.evaluate(() => [...document.querySelectorAll('table.compare tr')].map(
    (tr) => [...tr.children].map((c) => c.textContent)));
  check(compareShown.length === 3 && compareShown[0][2] === 'sea' && compareShown[1][0] === 'crew' && compareShown[2][2] === '805 bn JPY',
    `the comparison table shows each architecture's column and each metric's row (${JSON.stringify(compareShown)})`);
  const fitShown = await page.evaluate(() => ({ hidden: document.getElementById('fit').hidden,
    parameters: document.querySelectorAll('#fit-parameters tbody tr').length,
    reports: document.querySelectorAll('#fit-reports tbody tr').length,
    verdict: document.getElementById('fit-verdict').textContent }));
  check(!fitShown.hidden && fitShown.parameters === fit.parameters.length && fitShown.reports === fit.reports.length &&
    /Chi-square/.test(fitShown.verdict), `the fit section lists its unknowns and every report (${fitShown.reports} rows)`);
  // Each plot saves as PNG and as a vector SVG: the buttons' downloads, caught before they leave.
  const saved = await page.evaluate(() => {
    const hrefs = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { hrefs.push({ name: this.download, href: this.href }); };
    for (const b of document.querySelectorAll('#mc-plots .save button')) b.click();
    HTMLAnchorElement.prototype.click = click;
    return hrefs.map((h) => ({ name: h.name, kind: h.href.slice(0, 22),
      svg: h.href.startsWith('data:image/svg+xml') ? decodeURIComponent(h.href.slice(h.href.indexOf(',') + 1)) : '' }));
  });
  check(saved.length === 4 && saved.filter((s) => s.kind.startsWith('data:image/png')).length === 2,
    `each Monte Carlo plot saves as PNG (${saved.map((s) => s.name).join(', ')})`);
  const svgs = saved.filter((s) => s.svg);
  check(svgs.length === 2 && svgs[0].svg.includes('<rect x=') && svgs[1].svg.includes('<polyline') &&
    svgs[1].svg.includes('P(kill)'), 'and as SVG drawn in vectors: bars as rects, the sweep as a polyline with its axis title');
  console.log(`Monte Carlo panels checked (${since()})`);
} catch (err) {
  check(false, `the page loaded and became ready: ${err.message}`);
  if (context && context.pages()[0])
    await context.pages()[0].screenshot({ path: path.join(work, 'report-failed.png') }).catch(() => {});
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
check(offsite.length === 0, `no request left 127.0.0.1${offsite.length ? ': ' + offsite.slice(0, 5).join(', ') : ''}`);
check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ': ' + consoleErrors.slice(0, 5).join(' | ') : ''}`);

// --- Ctrl-C stops the server cleanly ---------------------------------------------------------------
const exit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
server.kill('SIGINT');
const stopped = await Promise.race([exit, new Promise((r) => setTimeout(() => r(null), 10000))]);
check(stopped && stopped.code === 0, `picket view stops on Ctrl-C with exit status 0 (${JSON.stringify(stopped)})`);
if (!stopped) server.kill('SIGKILL');

console.log(`${failures.length ? 'FAILED' : 'passed'} in ${since()}`);
process.exit(failures.length ? 1 : 0);
