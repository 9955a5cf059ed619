// The dashboard: totals, charts of the time series when the server has one, backlog, failing merchants.
import { api, query } from './api.js';
import { CHANNELS, field, h, render, select, svg } from './ui.js';

const RANGES = [['1h', 'Last hour', 3600e3, '1m'], ['24h', 'Last 24 hours', 86400e3, '1h'], ['7d', 'Last 7 days', 7 * 86400e3, '1d']];
const COLORS = { succeeded: '#1a7f37', failed: '#c62828', abandoned: '#6b7280', pending: '#b26a00', delivering: '#2457d6' };

export async function show(params) {
  const rangeKey = params.get('range') || '24h';
  const [, rangeLabel, span, bucket] = RANGES.find(r => r[0] === rangeKey) ?? RANGES[1];
  const to = new Date();
  const from = new Date(to.getTime() - span);
  const channel = params.get('channel') || '';
  const merchantId = params.get('merchantId') || '';
  const range = { from: from.toISOString(), to: to.toISOString() };

  const merchants = await api('GET', '/api/v1/merchants').catch(() => []);
  const [stats, backlog, byChannel, byMerchant, alerts] = await Promise.all([
    api('GET', '/api/v1/stats' + query({ ...range, channel, merchantId, bucket })),
    api('GET', '/api/v1/stats' + query({ channel, merchantId })),
    Promise.all(CHANNELS.filter(Boolean).map(c => api('GET', '/api/v1/stats' + query({ ...range, channel: c, merchantId }))
      .then(s => [c, s]).catch(() => [c, null]))),
    Promise.all(merchants.slice(0, 50).map(m => api('GET', '/api/v1/stats' + query({ ...range, channel, merchantId: m.id }))
      .then(s => [m, s]).catch(() => [m, null]))),
    api('GET', '/api/v1/alerts').catch(() => null),
  ]);

  const form = h('form', { class: 'filters panel', onchange: () => {
    const values = Object.fromEntries(new FormData(form));
    location.hash = '#/dashboard' + query(values);
  } },
    field('Range', select('range', RANGES.map(r => [r[0], r[1]]), rangeKey)),
    field('Channel', select('channel', CHANNELS, channel)),
    field('Merchant', select('merchantId', [['', 'any'], ...merchants.map(m => [m.id, m.id])], merchantId)));

  const count = status => stats.byStatus?.[status] ?? 0;
  const latency = stats.attemptLatency ?? {};
  const cards = h('div', { class: 'cards', id: 'cards' },
    card('Notifications', stats.total, rangeLabel),
    card('Success rate', percent(stats.successRate), `${count('SUCCEEDED')} succeeded`),
    card('Failed', count('FAILED'), `${count('ABANDONED')} abandoned`),
    card('Attempts', stats.attempts ?? '—', 'in the range'),
    ...latencyCards(latency));

  // The series is either a list of points or {bucket, from, to, points}; a server without one gets totals only.
  const series = Array.isArray(stats.series) ? stats.series : Array.isArray(stats.series?.points) ? stats.series.points : null;
  const charts = series && series.length
    ? h('div', { class: 'grid2' },
      h('div', { class: 'panel' }, h('h2', {}, 'Deliveries'), legend(['succeeded', 'failed', 'abandoned']), barChart(series)),
      h('div', { class: 'panel' }, h('h2', {}, latencyKeys(series).length ? 'Success rate and attempt latency' : 'Success rate'),
        legend(['success rate', ...latencyKeys(series)]), lineChart(series)))
    : h('div', { class: 'panel muted', id: 'no-series' }, series ? 'Nothing was created in this range.' : 'This server reports totals only; charts appear when /api/v1/stats returns a time series.');

  const pending = backlog.byStatus?.PENDING ?? 0;
  const delivering = backlog.byStatus?.DELIVERING ?? 0;
  const extra = backlog.backlog ?? stats.backlog;
  const backlogPanel = h('div', { class: 'panel' }, h('h2', {}, 'Backlog'),
    h('div', { class: 'cards' },
      extra?.dueNow != null ? card('Due now', extra.dueNow, 'waiting to be claimed') : null,
      card(extra?.scheduled != null ? 'Scheduled' : 'Pending', extra?.scheduled ?? pending, 'waiting for a later attempt'),
      card('Delivering', extra?.delivering ?? delivering, 'attempt in flight'),
      extra?.oldestDueAgeSeconds != null ? card('Oldest due', extra.oldestDueAgeSeconds + ' s', 'age') : null));

  const channelTable = table(['Channel', 'Total', 'Succeeded', 'Failed', 'Success rate'],
    byChannel.filter(([, s]) => s).map(([c, s]) => [c, s.total, s.byStatus?.SUCCEEDED ?? 0, s.byStatus?.FAILED ?? 0, percent(s.successRate)]));
  const failing = byMerchant.filter(([, s]) => s && (s.byStatus?.FAILED ?? 0) > 0)
    .sort((a, b) => (b[1].byStatus.FAILED) - (a[1].byStatus.FAILED)).slice(0, 10);
  const merchantTable = table(['Merchant', 'Failed', 'Total', 'Success rate', ''],
    failing.map(([m, s]) => [m.id + ' — ' + m.name, s.byStatus.FAILED, s.total, percent(s.successRate),
      h('a', { href: '#/notifications' + query({ merchantId: m.id, status: 'FAILED', ...range }) }, 'show')]),
    'No merchant has failed notifications in this range.');
  merchantTable.id = 'failing-merchants';

  const alertPanel = alerts?.items ? h('div', { class: 'panel', id: 'alerts' }, h('h2', {}, `Open alerts (${alerts.items.length})`),
    table(['Opened', 'Kind', 'Merchant', 'Message'], alerts.items.map(a => [new Date(a.openedAt).toLocaleString(), a.kind, a.merchantId ?? '—', a.message]),
      'No open alerts.')) : null;

  render(h('h1', {}, 'Dashboard'), form, cards, alertPanel, charts,
    h('div', { class: 'grid2' },
      h('div', {}, backlogPanel, h('div', { class: 'panel' }, h('h2', {}, 'By channel'), channelTable)),
      h('div', { class: 'panel' }, h('h2', {}, 'Merchants with the most failures'), merchantTable)));
}

function card(label, value, note) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value ?? '—'), h('div', { class: 'label' }, note));
}

function latencyCards(latency) {
  const keys = Object.keys(latency).filter(k => /^p\d+/.test(k));
  if (keys.length) return keys.slice(0, 3).map(k => card(`Latency ${k.replace(/Ms$/, '')}`, ms(latency[k]), 'per attempt'));
  return [card('Latency avg', ms(latency.averageMs), `max ${ms(latency.maxMs)}`)];
}

function ms(value) {
  return value == null ? '—' : value >= 1000 ? (value / 1000).toFixed(1) + ' s' : Math.round(value) + ' ms';
}

function percent(rate) {
  return rate == null || Number.isNaN(rate) ? '—' : (rate * 100).toFixed(1) + '%';
}

function table(headers, rows, empty = 'No data.') {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))) : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, empty))));
}

function legend(names) {
  const palette = { 'success rate': '#2457d6', p50: '#7a5af8', p95: '#ee46bc', p99: '#f79009', average: '#7a5af8' };
  return h('div', { class: 'legend' }, names.map(n => h('span', {}, h('i', { style: `background:${COLORS[n] ?? palette[n] ?? '#999'}` }), n)));
}

function value(point, key) {
  const v = point[key] ?? point.byStatus?.[key.toUpperCase()];
  return typeof v === 'number' ? v : 0;
}

const W = 600, H = 200, PAD = { l: 40, r: 10, t: 10, b: 24 };

function axes(series, max, format) {
  const parts = [];
  for (let i = 0; i <= 4; i++) {
    const y = PAD.t + (H - PAD.t - PAD.b) * (1 - i / 4);
    parts.push(svg('line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, stroke: '#e3e6eb' }));
    parts.push(svg('text', { x: PAD.l - 4, y: y + 4, 'text-anchor': 'end' }, format(max * i / 4)));
  }
  const step = Math.max(1, Math.ceil(series.length / 6));
  series.forEach((p, i) => {
    if (i % step) return;
    const x = PAD.l + (i + 0.5) * (W - PAD.l - PAD.r) / series.length;
    const d = new Date(p.start);
    parts.push(svg('text', { x, y: H - 6, 'text-anchor': 'middle' },
      `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`));
  });
  return parts;
}

function barChart(series) {
  const keys = ['succeeded', 'failed', 'abandoned'];
  const totals = series.map(p => keys.reduce((sum, k) => sum + value(p, k), 0));
  const max = Math.max(1, ...totals);
  const width = (W - PAD.l - PAD.r) / series.length;
  const bars = [];
  series.forEach((p, i) => {
    let y = H - PAD.b;
    for (const k of keys) {
      const height = value(p, k) / max * (H - PAD.t - PAD.b);
      if (height <= 0) continue;
      y -= height;
      bars.push(svg('rect', { x: PAD.l + i * width + width * 0.1, y, width: width * 0.8, height, fill: COLORS[k] },
        svg('title', {}, `${new Date(p.start).toLocaleString()}: ${value(p, k)} ${k}`)));
    }
  });
  return svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', id: 'deliveries-chart' },
    ...axes(series, max, v => Math.round(v)), ...bars);
}

function latencyKeys(series) {
  const keys = new Set();
  for (const p of series) {
    for (const k of Object.keys(p.latency ?? p.attemptLatency ?? {})) if (/^p\d+/.test(k)) keys.add(k);
  }
  return [...keys].map(k => k.replace(/Ms$/, ''));
}

function lineChart(series) {
  const rate = series.map(p => {
    if (typeof p.successRate === 'number') return p.successRate;
    const done = value(p, 'succeeded') + value(p, 'failed') + value(p, 'abandoned');
    return done ? value(p, 'succeeded') / done : null;
  });
  const latency = p => p.latency ?? p.attemptLatency ?? {};
  const keys = latencyKeys(series);
  const maxLatency = Math.max(1, ...series.flatMap(p => keys.map(k => latency(p)[k + 'Ms'] ?? latency(p)[k] ?? 0)));
  const x = i => PAD.l + (i + 0.5) * (W - PAD.l - PAD.r) / series.length;
  const y = fraction => PAD.t + (H - PAD.t - PAD.b) * (1 - fraction);
  const path = values => values.map((v, i) => v == null ? null : `${x(i)},${y(v)}`).filter(Boolean).join(' ');
  const palette = { p50: '#7a5af8', p95: '#ee46bc', p99: '#f79009' };
  const lines = [svg('polyline', { points: path(rate), fill: 'none', stroke: '#2457d6', 'stroke-width': 2 })];
  for (const k of keys) {
    lines.push(svg('polyline', { points: path(series.map(p => (latency(p)[k + 'Ms'] ?? latency(p)[k] ?? null) / maxLatency)),
      fill: 'none', stroke: palette[k] ?? '#999', 'stroke-width': 1.5, 'stroke-dasharray': '4 2' }));
  }
  return h('div', {},
    svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none' }, ...axes(series, 100, v => Math.round(v) + '%'), ...lines),
    keys.length ? h('div', { class: 'muted' }, `Latency lines are scaled to their peak, ${ms(maxLatency)}.`) : null);
}
