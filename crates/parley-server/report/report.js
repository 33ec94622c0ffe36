// The one-file HTML report (`parley report`): renders the data embedded above it. It runs
// from a file with no network: ECharts and this script are inline.
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('parley-data').textContent);
  const f = D.forecast;
  const sim = D.simulate;
  const sc = D.scenario;
  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
    for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  }
  const fmt = (x, d = 1) => (x === null || x === undefined ? '—' : Number(x).toFixed(d).replace(/\.0+$/, ''));
  const name = (id) => (f.actors.find((a) => a.actor === id) || {}).name || id;
  const table = (head, rows) => el('table', { class: 'grid' }, el('tr', {}, head.map((h) => el('th', {}, h))), rows);

  $('title').textContent = f.title + (f.variant ? ` — what-if: ${f.variant}` : '');
  $('made').textContent = `parley ${D.version} · scenario ${f.scenario} (SHA-256 ${D.hash.slice(0, 12)}…) · models ${f.forecasts.map((m) => m.model).join(', ')} · Monte Carlo ${sim.draws} draws, seed ${sim.seed}`;
  $('description').textContent = (sc.scenario.description || '').split('\n\n')[0];

  // Forecast per issue.
  const models = f.forecasts;
  $('forecast').append(table(['issue', ...models.map((m) => m.model), 'all veto players accept'],
    f.issues.map((iss, k) => el('tr', {}, el('td', {}, iss.name),
      ...models.map((m) => el('td', { class: 'num' }, m.ok ? fmt(m.issues[k].value) : '—')),
      el('td', {}, f.zopa.feasible && f.zopa.issues[k].range ? `${fmt(f.zopa.issues[k].range[0])}–${fmt(f.zopa.issues[k].range[1])}` : 'no common ground')))));
  $('zone').textContent = f.zopa.feasible
    ? 'A deal exists that every veto player prefers to no deal.'
    : `No deal every veto player prefers to no deal${f.zopa.blocking.length ? `: ${f.zopa.blocking.map(name).join(', ')} block it` : ''}. ${(f.zopa.reasons || []).map((r) => r.text).join(' ')}`;

  // One chart per issue: positions, red lines, status quo and each model's point.
  f.issues.forEach((iss, k) => {
    const div = el('div', { class: 'chart small', role: 'img', 'aria-label': iss.name });
    $('charts').append(el('h3', {}, iss.name), div);
    const ok = models.filter((m) => m.ok);
    const cats = [...iss.positions.map((p) => name(p.actor)), ...ok.map((m) => `model: ${m.model}`)];
    echarts.init(div, null, { renderer: 'svg' }).setOption({
      animation: false,
      grid: { left: 170, right: 20, top: 10, bottom: 25 },
      xAxis: { type: 'value', min: iss.min, max: iss.max },
      yAxis: { type: 'category', inverse: true, data: cats },
      series: [
        {
          type: 'custom',
          renderItem: (p, a) => {
            const y = a.value(0);
            const p0 = a.coord([a.value(1), y]);
            const p1 = a.coord([a.value(2), y]);
            const h = a.size([0, 1])[1] * 0.35;
            return { type: 'rect', shape: { x: p0[0], y: p0[1] - h / 2, width: Math.max(p1[0] - p0[0], 2), height: h }, style: { fill: 'rgba(47,95,179,0.18)' } };
          },
          encode: { x: [1, 2], y: 0 },
          data: iss.positions.map((p, i) => [i, p.accept[0], p.accept[1]]),
        },
        {
          type: 'scatter', symbolSize: (v) => 6 + 12 * v[2], itemStyle: { color: '#2f5fb3' },
          data: iss.positions.map((p, i) => [p.position, i, p.salience]),
          markLine: { symbol: 'none', lineStyle: { color: '#888', type: 'dashed' }, label: { formatter: 'status quo' }, data: [{ xAxis: iss.status_quo }] },
        },
        { type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#b36b00' }, data: ok.map((m, j) => [m.issues[k].value, iss.positions.length + j]) },
      ],
    });
  });

  // Deals in the deciding room (the last stage's), under the ensemble (or the only model).
  const ens = models.find((m) => m.model === 'ensemble') || models[0];
  const last = f.stages.length ? f.stages[f.stages.length - 1].stage : null;
  const pkg = (id) => (f.packages.find((p) => p.package === id) || {}).name || id;
  const issueName = (id) => (f.issues.find((i) => i.issue === id) || {}).name || id;
  $('deals-model').textContent = `${ens.model}, ${last ? (f.stages.find((s) => s.stage === last) || {}).name : 'all veto players'}`;
  $('deals').append(table(['package', 'agreed', 'implemented', 'blocked by', 'terms'],
    (ens.deals || []).filter((d) => d.stage === last).map((d) => el('tr', {}, el('td', {}, pkg(d.package)),
      el('td', {}, d.agreed ? 'yes' : 'no'), el('td', {}, d.implemented ? 'yes' : 'no'),
      el('td', {}, d.blocking.map(name).join(', ') || '—'),
      el('td', {}, d.terms.map((t) => `${issueName(t.issue)}: ${fmt(t.value)}`).join('; ') || '—')))));

  // Outcome probabilities.
  const names = sim.models[0].outcomes.map((o) => o.name);
  echarts.init($('outcomes'), null, { renderer: 'svg' }).setOption({
    animation: false,
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 140, overflow: 'break' } },
    yAxis: { type: 'value', name: '%', max: 100 },
    series: sim.models.map((m) => ({ name: m.model, type: 'bar', label: { show: true, position: 'top', fontSize: 9, formatter: (p) => fmt(p.value, 0) }, data: m.outcomes.map((o) => +(100 * o.probability).toFixed(1)) })),
  });
  $('outcome-table').append(table(['outcome', ...sim.models.map((m) => m.model)],
    names.map((n, i) => el('tr', {}, el('td', {}, n), ...sim.models.map((m) => el('td', { class: 'num' }, `${fmt(100 * m.outcomes[i].probability)}% ± ${fmt(196 * m.outcomes[i].stderr)}`))))));

  // Assumptions, with their sources.
  $('assumptions').append(table(['actor', 'issue', 'position', 'salience', 'accepts', 'source'],
    f.issues.flatMap((iss) => iss.positions.map((p) => el('tr', {}, el('td', {}, name(p.actor)), el('td', {}, iss.name),
      el('td', { class: 'num' }, fmt(p.position)), el('td', { class: 'num' }, fmt(p.salience, 2)),
      el('td', {}, `${fmt(p.accept[0])}–${fmt(p.accept[1])}`), el('td', { class: 'src' }, p.source || '—'))))));
  document.body.setAttribute('data-ready', 'true');
})();
