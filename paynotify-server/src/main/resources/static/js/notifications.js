// Notifications: the search page and one notification's page.
import { api, apiList, can, query } from './api.js';
import {
  CHANNELS, STATUSES, badge, copy, errorText, every, field, flash, formValues, h, relative, render, select, statusText, stopTimers, time, toInstant,
  toLocal,
} from './ui.js';
import { amount, duration, number, t } from './i18n.js';

const FILTERS = ['orderNo', 'id', 'merchantId', 'channel', 'status', 'from', 'to'];
/** The status option for PENDING notifications with a failed attempt behind them: retrying=true in the API. */
const RETRYING = 'retrying';

export async function search(params) {
  const merchants = await apiList('/api/v1/merchants').catch(() => []);
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
    field(t('search.orderNo'), h('input', { name: 'orderNo', value: current.orderNo, placeholder: 'ORDER001' })),
    field(t('search.id'), h('input', { name: 'id', value: current.id, placeholder: t('search.idPlaceholder') })),
    field(t('common.merchant'), select('merchantId', [['', t('common.any')], ...merchants.map(m => [m.id, `${m.id} — ${m.name}`])], current.merchantId)),
    field(t('common.channel'), select('channel', CHANNELS, current.channel)),
    field(t('common.status'), select('status', [...STATUSES.map(s => [s, s ? statusText(s) : t('common.any')]),
      [RETRYING, t('search.retrying')]], current.status)),
    field(t('common.createdFrom'), h('input', { name: 'from', type: 'datetime-local', value: toLocal(current.from) })),
    field(t('common.createdBefore'), h('input', { name: 'to', type: 'datetime-local', value: toLocal(current.to) })),
    h('div', { class: 'row' },
      h('button', { class: 'primary', type: 'submit' }, t('search.submit')),
      h('button', { type: 'button', onclick: () => { location.hash = '#/notifications'; } }, t('search.clear'))));

  const filters = Object.fromEntries(FILTERS.filter(n => n !== 'id').map(n => [n, current[n]]));
  // "Needs a retry" is a status option on the page and its own flag in the API.
  const sent = filters.status === RETRYING ? { ...filters, status: '', retrying: true } : filters;
  const page = await api('GET', '/api/v1/notifications' + query({ ...sent, size, before: params.get('before') }));
  const rows = page.items.map(n => h('tr', { class: 'link', 'data-id': n.id, onclick: () => { location.hash = '#/notifications/' + encodeURIComponent(n.id); } },
    h('td', {}, time(n.createdAt)),
    h('td', { class: 'mono' }, h('a', { href: '#/notifications/' + encodeURIComponent(n.id) }, n.id)),
    h('td', {}, n.merchantId),
    h('td', {}, n.channel),
    h('td', { class: 'mono' }, n.orderNo),
    h('td', { class: 'num' }, `${amount(n.amount)} ${n.currency}`),
    h('td', {}, n.paymentStatus),
    h('td', {}, badge(n.status)),
    h('td', { class: 'num' }, `${number(n.attempts)}/${number(n.maxAttempts)}`),
    h('td', {}, n.lastHttpStatus ?? (n.lastError ? t('search.error') : '—')),
    h('td', {}, n.nextAttemptAt ? relative(n.nextAttemptAt) : '—')));
  const table = h('table', { id: 'results' },
    h('thead', {}, h('tr', {}, [
      [t('search.created')], [t('search.id')], [t('common.merchant')], [t('common.channel')], [t('search.orderNo')], [t('search.amount'), 'num'],
      [t('search.payment')], [t('common.status')], [t('search.attempts'), 'num'], [t('search.lastHttp')], [t('search.nextAttempt')],
    ].map(([text, kind]) => h('th', { class: kind ?? '' }, text)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 11, class: 'muted' }, t('search.none')))));
  const base = { ...filters, size };
  const pager = h('div', { class: 'pager' },
    h('span', { class: 'muted' }, page.total === 0 ? t('search.noneFound')
      : t('search.range', { from: number(at + 1), to: number(at + page.items.length), total: totalText(page.total) })),
    h('span', { class: 'spacer' }),
    at > 0 ? h('a', { href: '#/notifications' + query(base) }, t('common.newest')) : null,
    at > 0 ? h('button', { type: 'button', onclick: () => history.back() }, t('common.newer')) : null,
    page.next ? h('a', { id: 'older', href: '#/notifications' + query({ ...base, before: page.next, at: at + page.items.length }) }, t('common.older')) : null);
  render(h('h1', {}, t('search.title')), form, table, pager);
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
        flash(t('detail.retried'));
        detail(id);
      } catch (error) {
        flash(errorText(error), 'error');
      }
    } }, t('detail.retry'));
  const reason = h('input', { name: 'reason', id: 'abandon-reason', placeholder: t('detail.reason'), maxlength: 500, size: 30 });
  const abandon = h('button', { class: 'danger', id: 'abandon', type: 'button', disabled: !can('operate') || n.status === 'SUCCEEDED' || n.status === 'ABANDONED',
    onclick: async () => {
      if (!reason.value.trim()) {
        flash(t('detail.giveReason'), 'error');
        reason.focus();
        return;
      }
      if (!confirm(t('detail.confirmAbandon', { id }))) return;
      try {
        await api('POST', `/api/v1/notifications/${encodeURIComponent(id)}/abandon`, { reason: reason.value.trim() });
        flash(t('detail.abandoned'));
        detail(id);
      } catch (error) {
        flash(errorText(error), 'error');
      }
    } }, t('detail.abandon'));

  const facts = h('dl', { class: 'facts' },
    ...[
      [t('common.merchant'), h('a', { href: '#/merchants/' + encodeURIComponent(n.merchantId) }, n.merchantId)], [t('common.channel'), n.channel],
      [t('search.orderNo'), n.orderNo], [t('detail.transaction'), n.transactionId ?? '—'],
      [t('detail.paymentStatus'), n.paymentStatus],
      [t('search.amount'), `${amount(n.amount)} ${n.currency}` + (n.refundAmount ? t('detail.refund', { amount: amount(n.refundAmount) }) : '')],
      [t('detail.notifyUrl'), n.notifyUrl], [t('detail.retryPolicy'), n.retryPolicy],
      [t('search.attempts'), t('detail.attemptsOf', { done: number(n.attempts), max: number(n.maxAttempts) })],
      [t('search.nextAttempt'), n.nextAttemptAt ? `${time(n.nextAttemptAt)} (${relative(n.nextAttemptAt)})` : '—'],
      [t('search.created'), time(n.createdAt)], [t('detail.completed'), time(n.completedAt)],
      [t('detail.idempotencyKey'), n.idempotencyKey], [t('detail.abandonReason'), n.abandonReason ?? '—'],
      [t('detail.paidAt'), n.paidAt ? time(n.paidAt) : '—'], [t('detail.refundedAt'), n.refundedAt ? time(n.refundedAt) : '—'],
      [t('detail.headers'), headerText(n.headers)],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

  const attempts = (n.history ?? []).slice().reverse();
  const timeline = h('ol', { class: 'timeline', id: 'timeline' },
    n.nextAttemptAt && !ended ? h('li', { class: 'next' }, h('b', {}, t('detail.nextAttemptIn', { when: relative(n.nextAttemptAt) })), ' ', h('span', { class: 'muted' }, time(n.nextAttemptAt))) : null,
    attempts.map(a => h('li', { class: a.outcome, 'data-outcome': a.outcome },
      h('div', { class: 'row' },
        h('b', {}, `#${a.number}`), time(a.startedAt), h('span', { class: 'muted' }, duration(a.durationMs)),
        a.httpStatus != null ? h('span', {}, `HTTP ${a.httpStatus}`) : null,
        a.errorKind ? h('span', { class: 'badge FAILED' }, a.errorKind) : null,
        badge(a.outcome)),
      a.error && a.error !== `HTTP ${a.httpStatus}` ? h('div', { class: 'muted' }, a.error) : null,
      a.requestHeaders && Object.keys(a.requestHeaders).length ? h('div', { class: 'muted' }, headerText(a.requestHeaders)) : null,
      a.response ? h('pre', {}, a.response) : null)),
    attempts.length === 0 ? h('li', { class: 'next' }, t('detail.noAttempt')) : null);

  let payload;
  if (callback && !callback.error) {
    payload = h('div', {},
      h('div', { class: 'row' }, h('span', { class: 'muted' }, t('detail.asSent', { url: callback.url })),
        h('span', { class: 'spacer' }), h('button', { type: 'button', id: 'copy-curl', onclick: () => copy(callback.curl) }, t('detail.copyCurl'))),
      h('pre', {}, Object.entries(callback.headers).map(([k, v]) => `${k}: ${v}`).join('\n')),
      h('pre', { id: 'payload' }, pretty(callback.body)));
  } else {
    payload = h('div', {},
      callback?.error ? h('p', { class: 'muted' }, t('detail.noCallback', { error: errorText(callback.error) })) : null,
      h('pre', { id: 'payload' }, JSON.stringify(n.extra ?? {}, null, 2)));
  }

  render(
    h('h1', {}, h('span', { class: 'mono' }, n.id), h('span', { id: 'status' }, badge(n.status))),
    h('div', { class: 'panel row' }, retry, h('span', { class: 'spacer' }), reason, abandon),
    h('div', { class: 'grid2' },
      h('div', {}, h('div', { class: 'panel' }, facts), h('div', { class: 'panel' }, h('h2', {}, t('detail.payload')), payload)),
      h('div', { class: 'panel' }, h('h2', {}, t('detail.attempts')), timeline)));

  if (!ended) {
    every(2000, async () => {
      const fresh = await api('GET', '/api/v1/notifications/' + encodeURIComponent(id)).catch(() => null);
      if (fresh && (fresh.status !== n.status || fresh.attempts !== n.attempts)) detail(id);
    });
  }
}

/** Searches count up to 10,000 matches and answer 10,001 past that. */
function totalText(total) {
  return total > 10000 ? t('search.moreThan', { count: number(10000) }) : number(total);
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Headers as name: value pairs; a merchant default's value arrives as "redacted". */
function headerText(headers) {
  const names = Object.keys(headers ?? {});
  return names.length ? names.map(name => `${name}: ${headers[name]}`).join('; ') : '—';
}
