// parley web app: one page over the JSON API (/api/v1). No framework, no build step; charts
// by ECharts (vendored). Every value from the scenario is shown with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

/** Make an element: el('td', {class: 'num', title: 'x'}, 'text', child…). */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k in e && k !== 'list') e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

const state = {
  original: null, // the scenario as loaded (JSON form)
  scenario: null, // the scenario being edited
  forecast: null, // the last forecast
  issue: 0,
  variant: '',
  models: ['compromise', 'median', 'nash', 'eum'],
  seq: 0,
  timer: null,
  charts: {},
  sim: null,
  dyn: null,
  picked: [],
};

/** Call the API; a non-2xx answer throws an Error with .status and .diagnostics. */
async function api(method, path, body, raw) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers['content-type'] = raw ? 'text/plain' : 'application/json';
    opts.body = raw ? body : JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  const text = await r.text();
  let v = null;
  try { v = JSON.parse(text); } catch (_) { v = text; }
  if (!r.ok) {
    const e = new Error((v && v.error && v.error.message) || `${r.status} ${r.statusText}`);
    e.status = r.status;
    e.diagnostics = (v && v.error && v.error.diagnostics) || [];
    throw e;
  }
  return { v, run: r.headers.get('x-parley-run') };
}

function query(extra) {
  const p = new URLSearchParams();
  for (const m of state.models) p.append('model', m);
  if (state.variant) p.set('variant', state.variant);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

function chart(id) {
  if (!state.charts[id]) state.charts[id] = echarts.init($(id), null, { renderer: 'svg' });
  return state.charts[id];
}
window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));

const fmt = (x, d = 1) => (x === null || x === undefined ? '—' : Number(x).toFixed(d).replace(/\.0+$/, ''));
const actorName = (id) => {
  const a = state.forecast && state.forecast.actors.find((x) => x.actor === id);
  return a ? a.name : id;
};
const busy = (text) => { $('busy').textContent = text || ''; };

function showErrors(err) {
  const box = $('errors');
  if (!err) { box.hidden = true; box.replaceChildren(); return; }
  const items = (err.diagnostics || []).map((d) =>
    el('li', {}, `${d.field ? d.field + ': ' : ''}${d.message}${d.line ? ` (line ${d.line})` : ''}`));
  box.replaceChildren(el('strong', {}, err.message), items.length ? el('ul', {}, items) : null);
  box.hidden = false;
}

// ---------------------------------------------------------------- loading

async function loadDefault() {
  busy('loading…');
  const { v } = await api('GET', '/api/v1/scenarios/default');
  setScenario(v);
}

function setScenario(sc) {
  state.original = JSON.parse(JSON.stringify(sc));
  state.scenario = sc;
  state.issue = 0;
  state.sim = null;
  state.dyn = null;
  $('title').textContent = sc.scenario.title;
  $('description').textContent = (sc.scenario.description || '').split('\n\n')[0];
  const sel = $('variant');
  sel.replaceChildren(el('option', { value: '' }, 'as written'),
    ...(sc.variant || []).map((v) => el('option', { value: v.id, title: v.description || '' }, v.name || v.id)));
  state.variant = '';
  clearSimulation();
  recompute(true);
}

async function loadModels() {
  const { v } = await api('GET', '/api/v1/models');
  const box = $('models');
  box.replaceChildren(...v.models.map((m) => el('label', { title: m.description || '' },
    el('input', {
      type: 'checkbox', value: m.id, checked: state.models.includes(m.id),
      onchange: (e) => {
        const on = [...box.querySelectorAll('input:checked')].map((i) => i.value);
        if (!on.length) { e.target.checked = true; return; }
        state.models = on;
        clearSimulation();
        recompute(true);
      },
    }), ' ', m.id)));
}

// ---------------------------------------------------------------- forecast

/** Recompute the forecast now (save: keep it in the store) or after a short pause while dragging. */
function recompute(save) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => forecastNow(save), save ? 0 : 40);
}

async function forecastNow(save) {
  const seq = ++state.seq;
  const t0 = performance.now();
  busy('computing…');
  try {
    const { v, run } = await api('POST', `/api/v1/forecast?${query({ save: save ? 'true' : 'false' })}`, state.scenario);
    if (seq !== state.seq) return; // a newer request is on its way
    state.forecast = v;
    showErrors(null);
    render();
    const ms = Math.round(performance.now() - t0);
    $('latency').textContent = `Recomputed in ${ms} ms${run ? ` · kept as run ${run}` : ''}.`;
    busy('');
    if (run) loadRuns();
  } catch (e) {
    if (seq !== state.seq) return;
    busy('');
    showErrors(e);
    markFields(e.diagnostics || []);
  }
}

function render() {
  renderSummit();
  renderIssues();
  renderIssue();
  renderDeals();
}

function renderSummit() {
  const f = state.forecast;
  const zone = state.scenario.scenario.zone || 'UTC';
  const stages = f.stages.map((s) => {
    const iso = (s.start || '').replace(/\[.*\]$/, '');
    const start = iso ? new Date(iso) : null;
    const raw = (state.scenario.stage || []).find((x) => x.id === s.stage) || {};
    return { ...s, startDate: start, minutes: raw.minutes || 30, source: raw.source };
  });
  const venue = (d) => d ? d.toLocaleString([], { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const local = (d) => d ? d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const timed = stages.filter((s) => s.startDate);
  const c = chart('timeline');
  c.setOption({
    animation: false,
    grid: { left: 270, right: 20, top: 10, bottom: 30 },
    tooltip: {
      formatter: (p) => {
        const s = timed[p.dataIndex];
        return [s.name, `venue (${zone}): ${venue(s.startDate)}`, `yours: ${local(s.startDate)}`,
          `in the room: ${s.participants.map(actorName).join(', ')}`].map(esc).join('<br>');
      },
    },
    xAxis: { type: 'time', axisLabel: { formatter: (t) => new Date(t).toLocaleTimeString([], { timeZone: zone, hour: '2-digit', minute: '2-digit' }) } },
    yAxis: { type: 'category', inverse: true, data: timed.map((s) => s.name) },
    series: [{
      type: 'custom',
      renderItem: (params, a) => {
        const y = a.value(0);
        const p0 = a.coord([a.value(1), y]);
        const p1 = a.coord([a.value(2), y]);
        const h = a.size([0, 1])[1] * 0.6;
        return { type: 'rect', shape: { x: p0[0], y: p0[1] - h / 2, width: Math.max(p1[0] - p0[0], 3), height: h }, style: { fill: '#2f5fb3' } };
      },
      encode: { x: [1, 2], y: 0 },
      data: timed.map((s, i) => [i, s.startDate.getTime(), s.startDate.getTime() + s.minutes * 60000]),
    }],
  }, true);
  const rows = stages.map((s) => el('tr', {},
    el('td', { title: s.source || '' }, s.name),
    el('td', {}, venue(s.startDate)),
    el('td', {}, local(s.startDate)),
    el('td', { class: 'room' }, ...seats(s)),
    el('td', {}, s.absent_veto.length ? s.absent_veto.map(actorName).join(', ') : '—'),
    el('td', { class: s.zone.feasible ? 'yes' : 'no' }, s.zone.feasible ? 'a deal exists' : `no deal${s.zone.blocking.length ? ': ' + s.zone.blocking.map(actorName).join(', ') + ' block' : ''}`)));
  $('zones-shown').replaceChildren(el('table', { class: 'grid' },
    el('tr', {}, ['stage', `time at the venue (${zone})`, 'your time', 'in the room', 'veto players absent', 'zone of agreement'].map((h) => el('th', {}, h))),
    rows));
  const actors = f.actors.map((a) => {
    const index = (state.scenario.actor || []).findIndex((x) => x.id === a.actor);
    const raw = state.scenario.actor[index] || {};
    return el('tr', {},
      el('td', {}, el('span', { class: 'who', title: raw.source || '' }, a.name)),
      el('td', {}, a.role || '—'),
      el('td', { class: 'num', title: raw.capability_source || '' }, el('input', {
        type: 'number', min: 0, step: 0.05, value: raw.capability, 'aria-label': `${a.name} capability`,
        'data-field': `actor[${index}].capability`,
        onchange: (e) => { raw.capability = Number(e.target.value); clearSimulation(); recompute(true); },
      })),
      el('td', {}, el('input', {
        type: 'checkbox', checked: a.veto, 'aria-label': `${a.name} has a veto`,
        onchange: (e) => { raw.veto = e.target.checked; clearSimulation(); recompute(true); },
      })),
      el('td', {}, a.stages.length ? a.stages.map((id) => (stages.find((s) => s.stage === id) || {}).name || id).join(', ') : 'never in the room'));
  });
  $('actors').replaceChildren(el('tr', {}, ['actor', 'role', 'capability', 'veto', 'in the room at'].map((h) => el('th', {}, h))), ...actors);
}

// Who sits in a stage's room, as one checkbox per actor: ticking one puts that actor in
// the room (Ukraine at the table, say) and recomputes, as every other edit does.
function seats(stage) {
  const raw = (state.scenario.stage || []).find((x) => x.id === stage.stage);
  return (state.scenario.actor || []).map((a) => el('label', { class: 'seat', title: a.name || a.id },
    el('input', {
      type: 'checkbox', checked: stage.participants.includes(a.id),
      'aria-label': `${a.name || a.id} in the room: ${stage.name}`,
      onchange: (e) => {
        if (!raw) return;
        const inside = new Set(raw.participants || []);
        if (e.target.checked) inside.add(a.id); else inside.delete(a.id);
        raw.participants = state.scenario.actor.map((x) => x.id).filter((id) => inside.has(id));
        clearSimulation();
        recompute(true);
      },
    }), ` ${a.id}`));
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function ensembleOf(f) {
  return f.forecasts.find((x) => x.model === 'ensemble') || f.forecasts[0];
}

function renderIssues() {
  const f = state.forecast;
  const ens = ensembleOf(f);
  $('issues').replaceChildren(...f.issues.map((iss, k) => {
    const v = ens && ens.ok ? ens.issues[k] : null;
    return el('li', { class: k === state.issue ? 'on' : '', onclick: () => { state.issue = k; renderIssues(); renderIssue(); renderDynamics(); } },
      el('span', { class: 'val' }, v ? fmt(v.value) : '—'), iss.name);
  }));
}

function renderIssue() {
  const f = state.forecast;
  const k = state.issue;
  const iss = f.issues[k];
  $('issue-name').textContent = iss.name;
  const anchors = Object.entries(((state.scenario.issue || [])[k] || {}).anchors || {})
    .map(([x, label]) => [Number(x), label]).sort((a, b) => a[0] - b[0]);
  const rowsA = iss.positions.map((p) => actorName(p.actor));
  const models = f.forecasts.filter((m) => m.ok);
  const cats = [...rowsA, ...models.map((m) => `model: ${m.model}`)];
  const zone = f.zopa.feasible && f.zopa.issues[k] && f.zopa.issues[k].range;
  const last = f.stages.length ? f.stages[f.stages.length - 1] : null;
  const stageZone = last && last.zone.feasible && last.zone.issues[k] && last.zone.issues[k].range;
  const markArea = [];
  if (zone) markArea.push([{ name: 'all veto players accept', xAxis: zone[0] }, { xAxis: zone[1] }]);
  else if (stageZone) markArea.push([{ name: `the ${last.name.toLowerCase()} room accepts`, xAxis: stageZone[0] }, { xAxis: stageZone[1] }]);
  const c = chart('issue-chart');
  c.setOption({
    animation: false,
    grid: { left: 190, right: 30, top: 30, bottom: 60 },
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: ['red lines', 'positions', 'forecasts'] },
    xAxis: {
      type: 'value', min: iss.min, max: iss.max,
      name: anchors.map(([x, l]) => `${fmt(x)} = ${l}`).join('   ·   '), nameLocation: 'middle', nameGap: 30,
      nameTextStyle: { fontSize: 11, color: '#5b6475', width: 900, overflow: 'truncate' },
    },
    yAxis: { type: 'category', inverse: true, data: cats },
    series: [
      {
        name: 'red lines', type: 'custom',
        renderItem: (params, a) => {
          const y = a.value(0);
          const p0 = a.coord([a.value(1), y]);
          const p1 = a.coord([a.value(2), y]);
          const h = a.size([0, 1])[1] * 0.35;
          return { type: 'rect', shape: { x: p0[0], y: p0[1] - h / 2, width: Math.max(p1[0] - p0[0], 2), height: h }, style: { fill: 'rgba(47,95,179,0.18)', stroke: 'rgba(47,95,179,0.5)' } };
        },
        encode: { x: [1, 2], y: 0 },
        tooltip: { formatter: (p) => esc(`${cats[p.value[0]]} accepts ${fmt(p.value[1])}–${fmt(p.value[2])}`) },
        data: iss.positions.map((p, i) => [i, p.accept[0], p.accept[1]]),
      },
      {
        name: 'positions', type: 'scatter',
        symbolSize: (v) => 8 + 16 * v[2],
        itemStyle: { color: '#2f5fb3' },
        tooltip: { formatter: (p) => esc(`${cats[p.value[1]]}: wants ${fmt(p.value[0])} (salience ${fmt(p.value[2], 2)})`) },
        data: iss.positions.map((p, i) => [p.position, i, p.salience]),
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#888', type: 'dashed' }, label: { formatter: 'status quo' }, data: [{ xAxis: iss.status_quo }] },
        markArea: { silent: true, itemStyle: { color: 'rgba(31,122,58,0.12)' }, label: { position: 'insideTop', fontSize: 10 }, data: markArea },
      },
      {
        name: 'forecasts', type: 'scatter', symbol: 'diamond', symbolSize: 14,
        itemStyle: { color: '#b36b00' },
        tooltip: { formatter: (p) => esc(`${cats[p.value[1]]}: ${fmt(p.value[0], 2)}`) },
        data: models.map((m, j) => [m.issues[k].value, rowsA.length + j]),
      },
    ],
  }, true);
  renderEditor();
}

/** The scenario's position entries on issue k, in the forecast's actor order. */
function positionEntries(k) {
  const issueId = state.forecast.issues[k].issue;
  return state.forecast.issues[k].positions.map((p) => {
    const index = state.scenario.position.findIndex((x) => x.actor === p.actor && x.issue === issueId);
    // An actor without an entry on the issue (the format's default) gets one when edited.
    const raw = index >= 0 ? state.scenario.position[index]
      : { actor: p.actor, issue: issueId, position: p.position, salience: p.salience };
    return { out: p, index: index >= 0 ? index : state.scenario.position.length, raw, added: index < 0 };
  });
}

function renderEditor() {
  const k = state.issue;
  const iss = state.forecast.issues[k];
  const step = (iss.max - iss.min) / 100;
  const rows = positionEntries(k).map((entry) => {
    const { out, index, raw } = entry;
    const set = (field, value, save) => {
      if (!Number.isFinite(value)) return;
      if (entry.added) {
        state.scenario.position.push(raw);
        entry.added = false;
      }
      if (field === 'lo' || field === 'hi') {
        const acc = [...out.accept];
        acc[field === 'lo' ? 0 : 1] = value;
        delete raw.red_line;
        raw.accept = acc;
        out.accept = acc;
      } else {
        raw[field] = value;
        // A position dragged past its own red line pushes the red line along (a position
        // outside what the actor accepts is no valid scenario).
        if (field === 'position' && (value < out.accept[0] || value > out.accept[1])) {
          const acc = [Math.min(out.accept[0], value), Math.max(out.accept[1], value)];
          delete raw.red_line;
          raw.accept = acc;
          out.accept = acc;
          loBox.value = acc[0];
          hiBox.value = acc[1];
        }
      }
      recompute(save);
    };
    const num = (field, value, min, max, st) => el('input', {
      type: 'number', value, min, max, step: st, 'data-field': `position[${index}].${field === 'lo' || field === 'hi' ? 'accept' : field}`,
      onchange: (e) => set(field, Number(e.target.value), true),
    });
    const slider = el('input', {
      type: 'range', min: iss.min, max: iss.max, step, value: raw.position,
      'aria-label': `${actorName(out.actor)} position`,
      'data-field': `position[${index}].position`,
      oninput: (e) => { numberBox.value = e.target.value; set('position', Number(e.target.value), false); },
      onchange: (e) => set('position', Number(e.target.value), true),
    });
    const numberBox = num('position', raw.position, iss.min, iss.max, step);
    const loBox = num('lo', out.accept[0], iss.min, iss.max, step);
    const hiBox = num('hi', out.accept[1], iss.min, iss.max, step);
    numberBox.addEventListener('input', (e) => { slider.value = e.target.value; });
    return el('tr', { 'data-index': index },
      el('td', {}, el('span', { class: 'who', title: raw.source || 'no source given' }, actorName(out.actor))),
      el('td', {}, slider, ' ', numberBox),
      el('td', {}, num('salience', raw.salience, 0, 1, 0.05)),
      el('td', { title: raw.red_line_source || '' }, loBox, ' – ', hiBox));
  });
  $('editor').replaceChildren(el('tr', {}, ['actor', 'position', 'salience (0–1)', 'accepts (red lines)'].map((h) => el('th', {}, h))), ...rows);
}

/** Mark the inputs named by diagnostics (`position[3].salience`) and put the message under them. */
function markFields(diags) {
  for (const td of document.querySelectorAll('td.bad')) td.classList.remove('bad');
  for (const m of document.querySelectorAll('td .msg')) m.remove();
  for (const d of diags) {
    if (!d.field) continue;
    const input = document.querySelector(`input[data-field="${CSS.escape(d.field)}"]`);
    if (!input) continue;
    const td = input.closest('td');
    td.classList.add('bad');
    td.append(el('div', { class: 'msg' }, d.message));
  }
}

// ---------------------------------------------------------------- deals

function renderDeals() {
  const f = state.forecast;
  const sel = $('deal-model');
  const keep = sel.value;
  sel.replaceChildren(...f.forecasts.map((m) => el('option', { value: m.model }, m.model)));
  sel.value = f.forecasts.some((m) => m.model === keep) ? keep : ensembleOf(f).model;
  const m = f.forecasts.find((x) => x.model === sel.value);
  // One room at a time: the last (deciding) stage's unless another is chosen.
  const roomSel = $('deal-room');
  const keepRoom = roomSel.value;
  const rooms = [...new Set((m.deals || []).map((d) => d.stage))];
  roomSel.replaceChildren(...rooms.map((id) => el('option', { value: id === null ? '' : id },
    id === null ? 'all veto players' : ((f.stages.find((s) => s.stage === id) || {}).name || id))));
  roomSel.value = rooms.some((r) => (r === null ? '' : r) === keepRoom) ? keepRoom : (rooms.length ? (rooms[rooms.length - 1] || '') : '');
  const pkgName = (id) => (f.packages.find((p) => p.package === id) || {}).name || id;
  const stageName = (id) => (f.stages.find((s) => s.stage === id) || {}).name || id || 'all veto players';
  const issueName = (id) => (f.issues.find((i) => i.issue === id) || {}).name || id;
  const rows = (m.deals || []).filter((d) => (d.stage === null ? '' : d.stage) === roomSel.value).map((d) => el('tr', {},
    el('td', {}, stageName(d.stage)),
    el('td', {}, pkgName(d.package)),
    el('td', { class: d.agreed ? 'yes' : 'no' }, d.agreed ? 'the room can sign' : 'no'),
    el('td', { class: d.implemented ? 'yes' : 'no' }, d.implemented ? 'yes' : 'no'),
    el('td', {}, d.blocking.length ? d.blocking.map(actorName).join(', ') : '—'),
    el('td', {}, d.terms.map((t) => `${issueName(t.issue)}: ${fmt(t.value)}`).join('; ') || '—'),
    el('td', { class: 'note' }, (d.reasons || []).map((r) => r.text).join(' '))));
  $('deal-table').replaceChildren(
    el('tr', {}, ['room', 'package', 'agreed', 'implemented', 'blocked by', 'terms', 'why'].map((h) => el('th', {}, h))),
    ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7 }, m.ok ? 'no deals' : `the model has no answer: ${m.error || ''}`))]));
}
$('deal-model').addEventListener('change', renderDeals);
$('deal-room').addEventListener('change', renderDeals);

// ---------------------------------------------------------------- simulation

function clearSimulation() {
  state.sim = null;
  $('sim-status').textContent = 'Not run for these assumptions yet.';
  chart('outcome-chart').clear();
  chart('dist-chart').clear();
}

async function simulate() {
  const btn = $('simulate');
  btn.disabled = true;
  const t0 = performance.now();
  $('sim-status').textContent = 'Running 2,000 draws…';
  chart('outcome-chart').showLoading({ text: 'simulating…' });
  try {
    const { v, run } = await api('POST', `/api/v1/simulate?${query({ draws: 2000, seed: 1 })}`, state.scenario);
    state.sim = v;
    $('sim-status').textContent = `2,000 draws, seed 1, in ${((performance.now() - t0) / 1000).toFixed(1)} s${run ? ` · kept as run ${run}` : ''}. Bars: probability per model; whiskers: 95% interval.`;
    renderSimulation();
    if (run) loadRuns();
  } catch (e) {
    $('sim-status').textContent = '';
    showErrors(e);
  } finally {
    chart('outcome-chart').hideLoading();
    btn.disabled = false;
  }
}
$('simulate').addEventListener('click', simulate);

function renderSimulation() {
  const v = state.sim;
  if (!v) return;
  const names = v.models[0].outcomes.map((o) => o.name);
  const series = [];
  v.models.forEach((m, j) => {
    series.push({ name: m.model, type: 'bar', data: m.outcomes.map((o) => +(100 * o.probability).toFixed(2)) });
    series.push({
      name: m.model, type: 'custom', z: 10,
      renderItem: (params, a) => {
        const n = v.models.length;
        const xi = a.value(0);
        const lo = a.coord([xi, a.value(1)]);
        const hi = a.coord([xi, a.value(2)]);
        const band = a.size([1, 0])[0] * 0.8;
        const x = lo[0] - band / 2 + band * (j + 0.5) / n;
        return { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style: { stroke: '#333', lineWidth: 1 } };
      },
      data: m.outcomes.map((o, i) => [i, Math.max(0, 100 * (o.probability - 1.96 * o.stderr)), Math.min(100, 100 * (o.probability + 1.96 * o.stderr))]),
    });
  });
  chart('outcome-chart').setOption({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (x) => `${fmt(x, 1)}%` },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 150, overflow: 'break' } },
    yAxis: { type: 'value', name: '%', max: 100 },
    series,
  }, true);
  const ens = v.models.find((m) => m.model === 'ensemble') || v.models[0];
  const issues = ens.issues.map((i) => (state.forecast.issues.find((x) => x.issue === i.issue) || {}).name || i.issue);
  chart('dist-chart').setOption({
    animation: false,
    title: { text: `Forecast spread per issue (${ens.model}: 5th, 25th, 50th, 75th, 95th percentile)`, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'item' },
    grid: { left: 230, right: 30, top: 40, bottom: 30 },
    yAxis: { type: 'category', data: issues, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    xAxis: { type: 'value' },
    series: [{ type: 'boxplot', data: ens.issues.map((i) => [i.q05, i.q25, i.q50, i.q75, i.q95]) }],
  }, true);
}

// ---------------------------------------------------------------- jobs: comparison, sensitivity

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start a job and follow its progress on a <progress> bar until it ends; returns its status. */
async function runJob(path, bar, status) {
  const { v } = await api('POST', path, state.scenario);
  bar.hidden = false;
  bar.removeAttribute('value');
  try {
    for (;;) {
      await sleep(250);
      const s = (await api('GET', `/api/v1/jobs/${v.job}`)).v;
      if (s.state === 'running') {
        if (s.total) { bar.max = s.total; bar.value = s.done; }
        status.textContent = s.total ? `${s.done} of ${s.total} steps…` : 'starting…';
        continue;
      }
      if (s.state === 'done') return s;
      const e = new Error(s.error.message);
      e.diagnostics = s.error.diagnostics;
      throw e;
    }
  } finally {
    bar.hidden = true;
  }
}

async function compareVariants() {
  const ids = (state.scenario.variant || []).map((v) => v.id);
  const status = $('compare-status');
  if (!ids.length) { status.textContent = 'This scenario has no what-if variants.'; return; }
  const p = new URLSearchParams();
  for (const m of state.models) p.append('model', m);
  for (const id of ids) p.append('compare', id);
  p.set('draws', '1000');
  const t0 = performance.now();
  $('run-compare').disabled = true;
  try {
    const s = await runJob(`/api/v1/jobs/compare?${p}`, $('compare-progress'), status);
    const r = s.result;
    const pick = (rep) => rep.models.find((m) => m.model === 'ensemble') || rep.models[0];
    const base = pick(r.runs[r.order[0]]);
    const names = base.outcomes.map((o) => o.name);
    const label = (id) => (id === 'baseline' ? 'as written' : ((state.scenario.variant || []).find((v) => v.id === id) || {}).name || id);
    chart('compare-chart').setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (x) => `${fmt(x, 1)}%` },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 150, overflow: 'break' } },
      yAxis: { type: 'value', name: '%', max: 100 },
      series: r.order.map((id) => ({ name: label(id), type: 'bar', data: pick(r.runs[id]).outcomes.map((o) => +(100 * o.probability).toFixed(1)) })),
    }, true);
    status.textContent = `${base.model}: ${r.draws} draws per run on common random numbers (seed ${r.seed}), ${((performance.now() - t0) / 1000).toFixed(1)} s${s.run ? ` · kept as run ${s.run}` : ''}.`;
    if (s.run) loadRuns();
  } catch (e) {
    status.textContent = '';
    showErrors(e);
  } finally {
    $('run-compare').disabled = false;
  }
}
$('run-compare').addEventListener('click', compareVariants);

async function rankInputs() {
  const p = new URLSearchParams();
  for (const m of state.models) p.append('model', m);
  if (state.variant) p.set('variant', state.variant);
  p.set('draws', '200');
  const status = $('sens-status');
  const t0 = performance.now();
  $('run-sensitivity').disabled = true;
  try {
    const s = await runJob(`/api/v1/jobs/sensitivity?${p}`, $('sens-progress'), status);
    const r = s.result;
    const top = r.inputs.slice(0, 12);
    chart('tornado').setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: (x) => esc(`${top[x.dataIndex].input}: ${fmt(top[x.dataIndex].low, 2)} to ${fmt(top[x.dataIndex].high, 2)} moves an outcome's probability by up to ${fmt(x.value, 0)} points`) },
      grid: { left: 230, right: 30, top: 10, bottom: 30 },
      yAxis: { type: 'category', inverse: true, data: top.map((i) => i.input), axisLabel: { width: 220, overflow: 'truncate' } },
      xAxis: { type: 'value', name: 'points of probability', nameLocation: 'middle', nameGap: 22, max: 100 },
      series: [{ type: 'bar', itemStyle: { color: '#2f5fb3' }, data: top.map((i) => +(100 * i.probability_swing).toFixed(1)) }],
    }, true);
    $('pivotal').replaceChildren(...r.pivotal.map((x) => el('li', {},
      `${actorName(x.actor)}: without its veto a deal exists with probability ${fmt(100 * x.without_veto.probability, 0)}%, without its red lines ${fmt(100 * x.without_red_lines.probability, 0)}%${x.pivotal ? ' (pivotal)' : ''}`)));
    status.textContent = `${r.inputs.length} inputs, each moved to its 5th and 95th percentile, ${r.draws} draws each end (seed ${r.seed}), ${((performance.now() - t0) / 1000).toFixed(1)} s${s.run ? ` · kept as run ${s.run}` : ''}.`;
    if (s.run) loadRuns();
  } catch (e) {
    status.textContent = '';
    showErrors(e);
  } finally {
    $('run-sensitivity').disabled = false;
  }
}
$('run-sensitivity').addEventListener('click', rankInputs);

// ---------------------------------------------------------------- dynamics

async function runDynamics() {
  const issue = state.forecast.issues[state.issue].issue;
  $('dyn-status').textContent = 'Playing…';
  try {
    const p = new URLSearchParams({ issue });
    if (state.variant) p.set('variant', state.variant);
    const { v, run } = await api('POST', `/api/v1/dynamics?${p}`, state.scenario);
    state.dyn = v;
    $('dyn-status').textContent = `${v.rounds.length - 1} rounds on ${state.forecast.issues[state.issue].name}${run ? ` · kept as run ${run}` : ''}.`;
    renderDynamics();
    if (run) loadRuns();
  } catch (e) {
    $('dyn-status').textContent = '';
    showErrors(e);
  }
}
$('run-dynamics').addEventListener('click', runDynamics);

function renderDynamics() {
  const v = state.dyn;
  if (!v || !state.forecast || v.issue !== state.forecast.issues[state.issue].issue) {
    chart('dynamics-chart').clear();
    $('moves').replaceChildren();
    if (state.forecast) $('dyn-status').textContent = 'Press the button to play the rounds on this issue.';
    return;
  }
  const series = v.actors.map((a) => ({ name: actorName(a), type: 'line', step: false, data: v.rounds.map((r) => r.positions[a]) }));
  series.push({ name: 'weighted median', type: 'line', lineStyle: { type: 'dashed', width: 3 }, data: v.rounds.map((r) => r.median) });
  chart('dynamics-chart').setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', name: 'round', nameLocation: 'middle', nameGap: 25, data: v.rounds.map((r) => r.round) },
    yAxis: { type: 'value' },
    series,
  }, true);
  const moves = v.rounds.flatMap((r) => r.moves.map((m) =>
    el('li', {}, `round ${r.round}: ${actorName(m.actor)} ${fmt(m.from)} → ${fmt(m.to)} (${m.kind} with ${actorName(m.towards)})`)));
  $('moves').replaceChildren(...(moves.length ? moves : [el('li', {}, 'nobody moves')]));
}

// ---------------------------------------------------------------- history

async function loadRuns() {
  let v;
  try {
    ({ v } = await api('GET', '/api/v1/runs'));
  } catch (e) {
    $('runs').replaceChildren(el('tr', {}, el('td', {}, e.message)));
    return;
  }
  const rows = v.runs.map((r) => el('tr', {},
    el('td', {}, el('input', {
      type: 'checkbox', checked: state.picked.includes(r.id), 'aria-label': `pick run ${r.id}`,
      onchange: (e) => {
        state.picked = state.picked.filter((x) => x !== r.id);
        if (e.target.checked) state.picked.push(r.id);
        if (state.picked.length > 2) state.picked.shift();
        loadRuns();
        if (state.picked.length === 2) diffRuns(state.picked[0], state.picked[1]);
      },
    })),
    el('td', { class: 'num' }, r.id),
    el('td', {}, new Date(r.created).toLocaleString()),
    el('td', {}, r.kind),
    el('td', {}, r.origin),
    el('td', { title: r.scenario_hash }, `${r.scenario_id} (${r.scenario_hash.slice(0, 8)})`),
    el('td', {}, r.variant || '—'),
    el('td', {}, r.models.join(', ') + (r.seed !== null && r.seed !== undefined ? ` · seed ${r.seed}` : '')),
    el('td', {}, el('button', { type: 'button', onclick: () => openRun(r.id) }, 'open'))));
  $('runs').replaceChildren(el('tr', {}, ['', 'run', 'saved', 'command', 'from', 'scenario', 'what-if', 'models', ''].map((h) => el('th', {}, h))),
    ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 9 }, 'No runs yet.'))]));
}

async function openRun(id) {
  const { v } = await api('GET', `/api/v1/runs/${id}`);
  const r = v.run;
  const view = $('run-view');
  const parts = [el('h3', {}, `Run ${r.id}: ${r.kind} of ${r.scenario_title}${r.variant ? ` (${r.variant})` : ''}, parley ${r.version}`)];
  if (r.kind === 'forecast' && r.result && r.result.forecasts) {
    parts.push(el('table', { class: 'grid' },
      el('tr', {}, el('th', {}, 'issue'), ...r.result.forecasts.map((m) => el('th', {}, m.model))),
      r.result.issues.map((iss, k) => el('tr', {}, el('td', {}, iss.name),
        ...r.result.forecasts.map((m) => el('td', { class: 'num' }, m.ok ? fmt(m.issues[k].value) : '—'))))));
    // A run saved from the command line keeps its TOML file: the server turns it into JSON.
    let json = tryJson(r.scenario_text);
    if (!json) {
      try { json = (await api('POST', '/api/v1/scenarios/from-toml?name=stored.toml', r.scenario_text, true)).v; } catch (_) { json = null; }
    }
    if (json) parts.push(el('p', {}, el('button', { type: 'button', onclick: () => { setScenario(json); state.variant = r.variant || ''; $('variant').value = state.variant; recompute(false); } }, 'Load its scenario into the editor')));
  }
  parts.push(el('details', {}, el('summary', {}, 'the stored JSON'), el('pre', {}, JSON.stringify(r.result, null, 1))));
  view.replaceChildren(...parts);
}

function tryJson(text) {
  try { return JSON.parse(text); } catch (_) { return null; }
}

async function diffRuns(a, b) {
  const { v } = await api('GET', `/api/v1/runs/${a}/diff/${b}`);
  const show = (x) => (x === null || x === undefined ? '(absent)' : typeof x === 'string' ? x : JSON.stringify(x));
  $('run-view').replaceChildren(
    el('h3', {}, `Run ${a} vs run ${b}: ${v.changes.length} differences${v.same_scenario ? '' : ' (different scenario files)'}`),
    el('table', { class: 'grid' }, el('tr', {}, el('th', {}, 'where'), el('th', {}, `run ${a}`), el('th', {}, `run ${b}`)),
      v.changes.slice(0, 300).map((c) => el('tr', {}, el('td', {}, c.path), el('td', {}, show(c.before)), el('td', {}, show(c.after))))));
}

// ---------------------------------------------------------------- toolbar

$('variant').addEventListener('change', (e) => {
  state.variant = e.target.value;
  clearSimulation();
  state.dyn = null;
  recompute(true);
});
$('reset').addEventListener('click', () => setScenario(JSON.parse(JSON.stringify(state.original))));
$('import').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const text = await file.text();
  try {
    const json = file.name.toLowerCase().endsWith('.json')
      ? JSON.parse(text)
      : (await api('POST', `/api/v1/scenarios/from-toml?name=${encodeURIComponent(file.name)}`, text, true)).v;
    setScenario(json);
  } catch (err) {
    showErrors(err);
  }
  e.target.value = '';
});
$('export').addEventListener('click', async () => {
  try {
    const { v } = await api('POST', '/api/v1/scenarios/to-toml', state.scenario);
    const a = el('a', { href: URL.createObjectURL(new Blob([v], { type: 'application/toml' })), download: `${state.scenario.scenario.id}.toml` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (err) {
    showErrors(err);
  }
});

Promise.all([loadModels(), loadDefault(), loadRuns()]).catch(showErrors);
