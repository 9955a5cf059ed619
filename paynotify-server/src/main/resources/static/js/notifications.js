// Notifications: the search page and one notification's page.
import { api, can, query } from './api.js';
import {
  CHANNELS, STATUSES, badge, copy, errorText, every, field, flash, formValues, h, relative, render, select, stopTimers, time, toInstant, toLocal,
} from './ui.js';

const FILTERS = ['orderNo', 'id', 'merchantId', 'channel', 'status', 'from', 'to'];

export async function search(params) {
  const merchants = await api('GET', '/api/v1/merchants').catch(() => []);
  const current = Object.fromEntries(FILTERS.map(name => [name, params.get(name) ?? '']));
  const size = Number(params.get('size') || 25);
  const at = Number(params.get('at') || 0);

  const form = h('form', { class: 'filters panel', id: 'search-form', onsubmit: event => {
    event.preventDefault();
    const values = formValues(form);
    values.from = toInstant(values.from);
    values.to = toInstant(values.to);
    if (values.id) {
      location.hash = '#/notifications/' + encodeURIComponent(values.id);
      return;
    }
    location.hash = '#/notifications' + query(values);
  } },
    field('Order no', h('input', { name: 'orderNo', value: current.orderNo, placeholder: 'ORDER001' })),
    field('Notify id', h('input', { name: 'id', value: current.id, placeholder: 'exact id' })),
    field('Merchant', select('merchantId', [['', 'any'], ...merchants.map(m => [m.id, `${m.id} — ${m.name}`])], current.merchantId)),
    field('Channel', select('channel', CHANNELS, current.channel)),
    field('Status', select('status', STATUSES, current.status)),
    field('Created from', h('input', { name: 'from', type: 'datetime-local', value: toLocal(current.from) })),
    field('Created before', h('input', { name: 'to', type: 'datetime-local', value: toLocal(current.to) })),
    h('div', { class: 'row' },
      h('button', { class: 'primary', type: 'submit' }, 'Search'),
      h('button', { type: 'button', onclick: () => { location.hash = '#/notifications'; } }, 'Clear')));

  const filters = Object.fromEntries(FILTERS.filter(n => n !== 'id').map(n => [n, current[n]]));
  const page = await api('GET', '/api/v1/notifications' + query({ ...filters, size, before: params.get('before') }));
  const rows = page.items.map(n => h('tr', { class: 'link', 'data-id': n.id, onclick: () => { location.hash = '#/notifications/' + encodeURIComponent(n.id); } },
    h('td', {}, time(n.createdAt)),
    h('td', { class: 'mono' }, h('a', { href: '#/notifications/' + encodeURIComponent(n.id) }, n.id)),
    h('td', {}, n.merchantId),
    h('td', {}, n.channel),
    h('td', { class: 'mono' }, n.orderNo),
    h('td', { class: 'num' }, `${n.amount} ${n.currency}`),
    h('td', {}, n.paymentStatus),
    h('td', {}, badge(n.status)),
    h('td', { class: 'num' }, `${n.attempts}/${n.maxAttempts}`),
    h('td', {}, n.lastHttpStatus ?? (n.lastError ? 'error' : '—')),
    h('td', {}, n.nextAttemptAt ? relative(n.nextAttemptAt) : '—')));
  const table = h('table', { id: 'results' },
    h('thead', {}, h('tr', {}, ['Created', 'Notify id', 'Merchant', 'Channel', 'Order no', 'Amount', 'Payment', 'Status', 'Attempts', 'Last HTTP', 'Next attempt']
      .map(t => h('th', { class: t === 'Amount' || t === 'Attempts' ? 'num' : '' }, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 11, class: 'muted' }, 'No notifications match.'))));
  const base = { ...filters, size };
  const pager = h('div', { class: 'pager' },
    h('span', { class: 'muted' }, page.total === 0 ? '0 found' : `${at + 1}–${at + page.items.length} of ${totalText(page.total)}, newest first`),
    h('span', { class: 'spacer' }),
    at > 0 ? h('a', { href: '#/notifications' + query(base) }, '« Newest') : null,
    at > 0 ? h('button', { type: 'button', onclick: () => history.back() }, '‹ Newer') : null,
    page.next ? h('a', { id: 'older', href: '#/notifications' + query({ ...base, before: page.next, at: at + page.items.length }) }, 'Older ›') : null);
  render(h('h1', {}, 'Notifications'), form, table, pager);
}

export async function detail(id) {
  stopTimers();
  const [n, callback] = await Promise.all([
    api('GET', '/api/v1/notifications/' + encodeURIComponent(id)),
    can('operate') ? api('GET', `/api/v1/notifications/${encodeURIComponent(id)}/callback`).catch(error => ({ error })) : null,
  ]);
  const ended = ['SUCCEEDED', 'FAILED', 'ABANDONED'].includes(n.status);

  const retry = h('button', { class: 'primary', id: 'retry', type: 'button', disabled: !can('operate') || n.status === 'SUCCEEDED' || n.status === 'DELIVERING',
    onclick: async () => {
      try {
        await api('POST', `/api/v1/notifications/${encodeURIComponent(id)}/retry`);
        flash('Retry scheduled for now');
        detail(id);
      } catch (error) {
        flash(errorText(error), 'error');
      }
    } }, 'Retry now');
  const reason = h('input', { name: 'reason', id: 'abandon-reason', placeholder: 'reason (required)', maxlength: 500, size: 30 });
  const abandon = h('button', { class: 'danger', id: 'abandon', type: 'button', disabled: !can('operate') || n.status === 'SUCCEEDED' || n.status === 'ABANDONED',
    onclick: async () => {
      if (!reason.value.trim()) {
        flash('Give a reason to abandon', 'error');
        reason.focus();
        return;
      }
      if (!confirm(`Abandon ${id}? Paynotify will stop retrying it.`)) return;
      try {
        await api('POST', `/api/v1/notifications/${encodeURIComponent(id)}/abandon`, { reason: reason.value.trim() });
        flash('Abandoned');
        detail(id);
      } catch (error) {
        flash(errorText(error), 'error');
      }
    } }, 'Abandon…');

  const facts = h('dl', { class: 'facts' },
    ...[
      ['Merchant', h('a', { href: '#/merchants/' + encodeURIComponent(n.merchantId) }, n.merchantId)], ['Channel', n.channel],
      ['Order no', n.orderNo], ['Transaction', n.transactionId ?? '—'],
      ['Payment status', n.paymentStatus], ['Amount', `${n.amount} ${n.currency}` + (n.refundAmount ? ` (refund ${n.refundAmount})` : '')],
      ['Notify URL', n.notifyUrl], ['Retry policy', n.retryPolicy],
      ['Attempts', `${n.attempts} of ${n.maxAttempts}`], ['Next attempt', n.nextAttemptAt ? `${time(n.nextAttemptAt)} (${relative(n.nextAttemptAt)})` : '—'],
      ['Created', time(n.createdAt)], ['Completed', time(n.completedAt)],
      ['Idempotency key', n.idempotencyKey], ['Abandon reason', n.abandonReason ?? '—'],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

  const attempts = (n.history ?? []).slice().reverse();
  const timeline = h('ol', { class: 'timeline', id: 'timeline' },
    n.nextAttemptAt && !ended ? h('li', { class: 'next' }, h('b', {}, `Next attempt ${relative(n.nextAttemptAt)}`), ' ', h('span', { class: 'muted' }, time(n.nextAttemptAt))) : null,
    attempts.map(a => h('li', { class: a.outcome, 'data-outcome': a.outcome },
      h('div', { class: 'row' },
        h('b', {}, `#${a.number}`), time(a.startedAt), h('span', { class: 'muted' }, `${a.durationMs} ms`),
        a.httpStatus != null ? h('span', {}, `HTTP ${a.httpStatus}`) : null,
        a.errorKind ? h('span', { class: 'badge FAILED' }, a.errorKind) : null,
        badge(a.outcome)),
      a.error && a.error !== `HTTP ${a.httpStatus}` ? h('div', { class: 'muted' }, a.error) : null,
      a.response ? h('pre', {}, a.response) : null)),
    attempts.length === 0 ? h('li', { class: 'next' }, 'No attempt yet') : null);

  let payload;
  if (callback && !callback.error) {
    payload = h('div', {},
      h('div', { class: 'row' }, h('span', { class: 'muted' }, `POST ${callback.url} — as it would be sent now, signed with the current keys`),
        h('span', { class: 'spacer' }), h('button', { type: 'button', id: 'copy-curl', onclick: () => copy(callback.curl) }, 'Copy as curl')),
      h('pre', {}, Object.entries(callback.headers).map(([k, v]) => `${k}: ${v}`).join('\n')),
      h('pre', { id: 'payload' }, pretty(callback.body)));
  } else {
    payload = h('div', {},
      callback?.error ? h('p', { class: 'muted' }, 'Cannot build the callback: ' + errorText(callback.error)) : null,
      h('pre', { id: 'payload' }, JSON.stringify(n.extra ?? {}, null, 2)));
  }

  render(
    h('h1', {}, h('span', { class: 'mono' }, n.id), h('span', { id: 'status' }, badge(n.status))),
    h('div', { class: 'panel row' }, retry, h('span', { class: 'spacer' }), reason, abandon),
    h('div', { class: 'grid2' },
      h('div', {}, h('div', { class: 'panel' }, facts), h('div', { class: 'panel' }, h('h2', {}, 'Payload'), payload)),
      h('div', { class: 'panel' }, h('h2', {}, 'Attempts'), timeline)));

  if (!ended) {
    every(2000, async () => {
      const fresh = await api('GET', '/api/v1/notifications/' + encodeURIComponent(id)).catch(() => null);
      if (fresh && (fresh.status !== n.status || fresh.attempts !== n.attempts)) detail(id);
    });
  }
}

/** Searches count up to 10,000 matches and answer 10,001 past that. */
function totalText(total) {
  return total > 10000 ? 'more than 10,000' : total.toLocaleString('en');
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
