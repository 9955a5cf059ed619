// The dashboard: totals, charts of the time series when the server has one, backlog, failing merchants.
import { api, apiList, query } from './api.js';
import { CHANNELS, field, h, render, select, svg } from './ui.js';
import { dateTime, duration, number, percent, shortDateTime, t } from './i18n.js';

const RANGES = [
  ['1h', () => t('dashboard.lastHour'), 3600e3, '1m'],
  ['24h', () => t('dashboard.last24h'), 86400e3, '1h'],
  ['7d', () => t('dashboard.last7d'), 7 * 86400e3, '1d'],
];
const COLORS = { succeeded: '#1a7f37', failed: '#c62828', abandoned: '#6b7280', pending: '#b26a00', delivering: '#2457d6' };

export async function show(params) {
  const rangeKey = params.get('range') || '24h';
  const [, rangeLabel, span, bucket] = RANGES.find(r => r[0] === rangeKey) ?? RANGES[1];
  const to = new Date();
  const from = new Date(to.getTime() - span);
  const channel = params.get('channel') || '';
  const merchantId = params.get('merchantId') || '';
  const range = { from: from.toISOString(), to: to.toISOString() };

  const merchants = await apiList('/api/v1/merchants').catch(() => []);
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
    field(t('dashboard.range'), select('range', RANGES.map(r => [r[0], r[1]()]), rangeKey)),
    field(t('common.channel'), select('channel', CHANNELS, channel)),
    field(t('common.merchant'), select('merchantId', [['', t('common.any')], ...merchants.map(m => [m.id, m.id])], merchantId)));

  const count = status => stats.byStatus?.[status] ?? 0;
  const latency = stats.attemptLatency ?? {};
  const cards = h('div', { class: 'cards', id: 'cards' },
    card(t('dashboard.notifications'), number(stats.total), rangeLabel()),
    card(t('dashboard.successRate'), percent(stats.successRate), t('dashboard.succeededCount', { count: number(count('SUCCEEDED')) })),
    card(t('dashboard.failed'), number(count('FAILED')), t('dashboard.abandonedCount', { count: number(count('ABANDONED')) })),
    card(t('dashboard.attempts'), number(stats.attempts), t('dashboard.inRange')),
    ...latencyCards(latency));

  // The series is either a list of points or {bucket, from, to, points}; a server without one gets totals only.
  const series = Array.isArray(stats.series) ? stats.series : Array.isArray(stats.series?.points) ? stats.series.points : null;
  const charts = series && series.length
    ? h('div', { class: 'grid2' },
      h('div', { class: 'panel' }, h('h2', {}, t('dashboard.deliveries')), legend(['succeeded', 'failed', 'abandoned']), barChart(series)),
      h('div', { class: 'panel' }, h('h2', {}, latencyKeys(series).length ? t('dashboard.rateAndLatency') : t('dashboard.successRate')),
        legend(['success rate', ...latencyKeys(series)]), lineChart(series)))
    : h('div', { class: 'panel muted', id: 'no-series' }, series ? t('dashboard.emptyRange') : t('dashboard.totalsOnly'));

  const pending = backlog.byStatus?.PENDING ?? 0;
  const delivering = backlog.byStatus?.DELIVERING ?? 0;
  const extra = backlog.backlog ?? stats.backlog;
  const backlogPanel = h('div', { class: 'panel' }, h('h2', {}, t('dashboard.backlog')),
    h('div', { class: 'cards' },
      extra?.dueNow != null ? card(t('dashboard.dueNow'), number(extra.dueNow), t('dashboard.waitingClaim')) : null,
      card(extra?.scheduled != null ? t('dashboard.scheduled') : t('dashboard.pending'), number(extra?.scheduled ?? pending), t('dashboard.waitingLater')),
      card(t('dashboard.delivering'), number(extra?.delivering ?? delivering), t('dashboard.inFlight')),
      extra?.oldestDueAgeSeconds != null ? card(t('dashboard.oldestDue'), duration(extra.oldestDueAgeSeconds * 1000), t('dashboard.age')) : null));

  // Node-wide counts since the server started, present only when a broker is configured (and not for a merchant's token).
  const ingest = Object.entries(backlog.ingest ?? {});
  const ingestPanel = ingest.length ? h('div', { class: 'panel', id: 'ingest' },
    h('h2', {}, t('dashboard.ingest')),
    table([t('dashboard.ingestSource'), t('dashboard.ingestCreated'), t('dashboard.ingestExisting'), t('dashboard.ingestDeadLettered')],
      ingest.map(([source, c]) => [source, number(c.created), number(c.existing),
        h('span', { class: c.deadLettered > 0 ? 'dead-lettered warn' : 'dead-lettered' }, number(c.deadLettered))])),
    h('p', { class: 'muted' }, t('dashboard.ingestSince'))) : null;

  const channelTable = table([t('common.channel'), t('dashboard.total'), t('dashboard.succeeded'), t('dashboard.failed'), t('dashboard.successRate')],
    byChannel.filter(([, s]) => s).map(([c, s]) => [c, number(s.total), number(s.byStatus?.SUCCEEDED ?? 0), number(s.byStatus?.FAILED ?? 0),
      percent(s.successRate)]));
  const failing = byMerchant.filter(([, s]) => s && (s.byStatus?.FAILED ?? 0) > 0)
    .sort((a, b) => (b[1].byStatus.FAILED) - (a[1].byStatus.FAILED)).slice(0, 10);
  const merchantTable = table([t('common.merchant'), t('dashboard.failed'), t('dashboard.total'), t('dashboard.successRate'), ''],
    failing.map(([m, s]) => [m.id + ' — ' + m.name, number(s.byStatus.FAILED), number(s.total), percent(s.successRate),
      h('a', { href: '#/notifications' + query({ merchantId: m.id, status: 'FAILED', ...range }) }, t('dashboard.show'))]),
    t('dashboard.noFailing'));
  merchantTable.id = 'failing-merchants';

  const alertPanel = alerts?.items ? h('div', { class: 'panel', id: 'alerts' }, h('h2', {}, t('dashboard.alerts', { count: number(alerts.items.length) })),
    table([t('dashboard.opened'), t('dashboard.kind'), t('common.merchant'), t('dashboard.message')],
      alerts.items.map(a => [dateTime(a.openedAt), kindText(a.kind), a.merchantId ?? '—', a.message]),
      t('dashboard.noAlerts'))) : null;

  render(h('h1', {}, t('dashboard.title')), form, cards, alertPanel, charts,
    h('div', { class: 'grid2' },
      h('div', {}, backlogPanel, ingestPanel, h('div', { class: 'panel' }, h('h2', {}, t('dashboard.byChannel')), channelTable)),
      h('div', { class: 'panel' }, h('h2', {}, t('dashboard.mostFailures')), merchantTable)));
}

/** An alert's kind by name, its code beside it when they differ. */
function kindText(kind) {
  const name = t('alert.' + kind);
  return name === kind ? kind : `${name} (${kind})`;
}

function card(label, value, note) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value ?? '—'), h('div', { class: 'label' }, note));
}

function latencyCards(latency) {
  const keys = Object.keys(latency).filter(k => /^p\d+/.test(k));
  if (keys.length) return keys.slice(0, 3).map(k => card(t('dashboard.latencyP', { p: k.replace(/Ms$/, '') }), duration(latency[k]), t('dashboard.perAttempt')));
  return [card(t('dashboard.latencyAvg'), duration(latency.averageMs), t('dashboard.latencyMax', { value: duration(latency.maxMs) }))];
}

function table(headers, rows, empty = t('common.noData')) {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(text => h('th', {}, text)))),
    h('tbody', {}, rows.length ? rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))) : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, empty))));
}

/** The legend's words for the series; latency percentiles (p50, p95) stay as they are. */
function seriesName(name) {
  const names = {
    succeeded: () => t('dashboard.legendSucceeded'), failed: () => t('dashboard.legendFailed'),
    abandoned: () => t('dashboard.legendAbandoned'), 'success rate': () => t('dashboard.legendRate'),
  };
  return names[name]?.() ?? name;
}

function legend(names) {
  const palette = { 'success rate': '#2457d6', p50: '#7a5af8', p95: '#ee46bc', p99: '#f79009', average: '#7a5af8' };
  return h('div', { class: 'legend' }, names.map(n => h('span', {}, h('i', { style: `background:${COLORS[n] ?? palette[n] ?? '#999'}` }), seriesName(n))));
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
    parts.push(svg('text', { x, y: H - 6, 'text-anchor': 'middle' }, shortDateTime(p.start)));
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
        svg('title', {}, t('dashboard.barTitle', { when: dateTime(p.start), count: number(value(p, k)), what: seriesName(k) }))));
    }
  });
  return svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', id: 'deliveries-chart' },
    ...axes(series, max, v => number(Math.round(v))), ...bars);
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
    svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none' }, ...axes(series, 100, v => number(Math.round(v)) + '%'), ...lines),
    keys.length ? h('div', { class: 'muted' }, t('dashboard.latencyScaled', { peak: duration(maxLatency) })) : null);
}
