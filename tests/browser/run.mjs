// Real-browser test of the web app: start `parley serve` on a free port with a fresh run store,
// drive Debian's chromium with playwright-core, and check what a user sees and does.
// Usage: node run.mjs  (PARLEY_BIN: the binary, default ../../target/debug/parley;
// CHROMIUM: the browser, default /usr/bin/chromium). Screenshots go to artifacts/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.PARLEY_BIN || join(here, '..', '..', 'target', 'debug', 'parley');
const art = join(here, 'artifacts');
mkdirSync(art, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'parley-browser-'));

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exitCode = 1;
  throw new Error(msg);
}
function check(cond, msg) {
  if (!cond) fail(msg);
  console.log(`ok: ${msg}`);
}

const server = spawn(bin, ['serve', '--port', '0', '--db', join(tmp, 'runs.sqlite')], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let err = '';
  const timer = setTimeout(() => reject(new Error(`no URL from parley serve: ${err}`)), 20000);
  server.stderr.on('data', (d) => {
    err += d;
    const m = err.match(/http:\/\/localhost:\d+\//);
    if (m) { clearTimeout(timer); resolve(m[0]); }
  });
  server.on('exit', (code) => reject(new Error(`parley serve exited with ${code}: ${err}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The browser logs the deliberate invalid value's 422 answer; anything else is an error.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 422')) errors.push(m.text()); });

  // 1. The summit: the title, who is in which room, the issues with a forecast and a chart.
  await page.goto(url);
  await page.waitForSelector('#issues li', { timeout: 30000 });
  check((await page.textContent('#title')).includes('Anchorage'), 'the Alaska scenario is loaded');
  check(await page.locator('#zones-shown tr').count() >= 5, 'the stages are listed with their rooms');
  check((await page.textContent('#actors')).includes('Zelenskyy') || (await page.textContent('#actors')).includes('Ukrain'), 'the actors table names Ukraine');
  check(await page.locator('#issue-chart svg path').count() > 10, 'the issue chart is drawn');
  check(await page.locator('#timeline svg path').count() > 3, 'the timeline is drawn');
  await page.screenshot({ path: join(art, '1-summit.png'), fullPage: true });

  // 2. Drag an assumption: the US position on the first issue to the top of the scale.
  const before = await page.textContent('#issues li.on .val');
  const slider = page.locator('#editor input[type=range]').first();
  await slider.focus();
  await page.keyboard.press('End');
  await page.waitForFunction((b) => document.querySelector('#issues li.on .val').textContent !== b, before, { timeout: 30000 });
  const after = await page.textContent('#issues li.on .val');
  check(after !== before, `moving a position moves the forecast (${before} -> ${after})`);
  const latency = await page.textContent('#latency');
  check(/Recomputed in \d+ ms/.test(latency), `the recompute time is shown (${latency})`);
  await page.screenshot({ path: join(art, '2-dragged.png') });

  // An invalid value: the field is marked with the validation message.
  const salience = page.locator('#editor input[data-field$=".salience"]').first();
  await salience.fill('3');
  await salience.press('Enter');
  await page.waitForSelector('#editor td.bad .msg', { timeout: 30000 });
  check((await page.textContent('#editor td.bad .msg')).length > 5, 'an invalid salience is flagged at the field');
  await salience.fill('0.5');
  await salience.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#editor td.bad'), null, { timeout: 30000 });

  // An actor's veto: without Ukraine's, it is no longer a veto player missing from the rooms.
  const rooms = await page.textContent('#zones-shown');
  const veto = page.locator('#actors input[aria-label="Ukraine (Zelenskyy) has a veto"]');
  await veto.uncheck();
  await page.waitForFunction((b) => document.querySelector('#zones-shown').textContent !== b, rooms, { timeout: 30000 });
  check(rooms.includes('Ukraine') && !(await page.textContent('#zones-shown')).includes('Ukraine'), 'without its veto Ukraine is no longer a veto player missing from the rooms');
  await veto.check();
  await page.waitForFunction((b) => document.querySelector('#zones-shown').textContent === b, rooms, { timeout: 30000 });

  // Who is in the room: seat Ukraine in every stage and it is no longer a veto player missing.
  const seatsBefore = await page.textContent('#zones-shown');
  const ua = page.locator('#zones-shown input[aria-label^="Ukraine (Zelenskyy) in the room"]');
  check(await ua.count() >= 3, 'each stage lists its seats as checkboxes');
  for (let i = 0; i < await ua.count(); i++) {
    if (!(await ua.nth(i).isChecked())) {
      const was = await page.textContent('#zones-shown');
      await ua.nth(i).check();
      await page.waitForFunction((b) => document.querySelector('#zones-shown').textContent !== b, was, { timeout: 30000 });
    }
  }
  const seated = await page.textContent('#zones-shown');
  check(seatsBefore !== seated && (await page.locator('#zones-shown input[aria-label^="Ukraine (Zelenskyy) in the room"]:checked').count()) === (await ua.count()),
    'Ukraine seated in every room changes the zones');
  await page.screenshot({ path: join(art, '2b-ukraine-seated.png'), fullPage: true });
  await page.reload();
  await page.waitForSelector('#issues li', { timeout: 30000 });

  // 3. Outcome probabilities.
  await page.click('#simulate');
  await page.waitForFunction(() => /draws, seed 1/.test(document.querySelector('#sim-status').textContent), null, { timeout: 120000 });
  check(await page.locator('#outcome-chart svg path').count() > 10, 'outcome probabilities are charted');
  check((await page.textContent('#outcome-chart')).includes('ceasefire'), 'the article\'s outcomes are on the chart');
  await page.screenshot({ path: join(art, '3-outcomes.png'), fullPage: true });

  // 3b. What-ifs side by side, and the inputs that matter, each with a progress bar.
  await page.click('#run-compare');
  await page.waitForFunction(() => /common random numbers/.test(document.querySelector('#compare-status').textContent), null, { timeout: 180000 });
  check((await page.textContent('#compare-chart')).includes('Ukraine joins'), 'the what-ifs are charted beside the baseline');
  await page.click('#run-sensitivity');
  await page.waitForFunction(() => /inputs, each moved/.test(document.querySelector('#sens-status').textContent), null, { timeout: 300000 });
  check(await page.locator('#tornado svg path').count() > 5, 'the tornado of inputs is drawn');
  check(await page.locator('#pivotal li').count() >= 2, 'pivotal veto players are listed');

  // 4. Dynamics.
  await page.click('#run-dynamics');
  await page.waitForFunction(() => /rounds on/.test(document.querySelector('#dyn-status').textContent), null, { timeout: 60000 });
  check(await page.locator('#moves li').count() >= 1, 'the EUM moves are listed');

  // 5. History: open a stored run, and compare two.
  await page.waitForFunction(() => document.querySelectorAll('#runs tr').length >= 3, null, { timeout: 30000 });
  await page.locator('#runs button', { hasText: 'open' }).last().click();
  await page.waitForSelector('#run-view h3', { timeout: 30000 });
  check((await page.textContent('#run-view h3')).includes('forecast'), 'a stored forecast reopens');
  await page.locator('#runs input[type=checkbox]').nth(0).check();
  await page.locator('#runs input[type=checkbox]').nth(1).check();
  await page.waitForFunction(() => /differences/.test(document.querySelector('#run-view h3').textContent), null, { timeout: 30000 });
  check(true, 'two runs are compared');
  await page.screenshot({ path: join(art, '4-history.png'), fullPage: true });

  check(errors.length === 0, `no errors in the page's console (${errors.join(' | ')})`);

  // 6. The one-file report, opened with the network off.
  const report = join(tmp, 'report.html');
  await new Promise((resolve, reject) => {
    const p = spawn(bin, ['report', '--draws', '300', '-o', report], { stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`parley report exited with ${code}`))));
  });
  const ctx = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
  const rp = await ctx.newPage();
  const requests = [];
  rp.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  const rerrors = [];
  rp.on('pageerror', (e) => rerrors.push(String(e)));
  await rp.goto(`file://${report}`);
  await rp.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  check(await rp.locator('#charts svg').count() >= 11, 'the report draws a chart per issue offline');
  check(await rp.locator('#outcomes svg path').count() > 5, 'the report charts the outcome probabilities');
  check((await rp.textContent('#assumptions')).includes('inferred'), 'the report lists the assumptions with their sources');
  check(requests.length === 0 && rerrors.length === 0, `the report asks the network for nothing and runs cleanly (${requests.join(' ')} ${rerrors.join(' ')})`);
  await rp.screenshot({ path: join(art, '5-report.png'), fullPage: true });
  await ctx.close();
} finally {
  await browser.close();
  server.kill('SIGINT');
  rmSync(tmp, { recursive: true, force: true });
}
