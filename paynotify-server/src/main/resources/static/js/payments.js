// Payments: look one up by merchant and payment id, and show it with its status history and its notifications.
import { api, apiList, query } from './api.js';
import { badge, errorText, field, formValues, h, render, select, time } from './ui.js';
import { amount, t } from './i18n.js';

export async function show(params) {
  const merchants = await apiList('/api/v1/merchants').catch(() => []);
  const merchantId = params.get('merchantId') ?? '';
  const paymentId = params.get('paymentId') ?? '';
  const form = h('form', { class: 'filters panel', id: 'payment-form', onsubmit: event => {
    event.preventDefault();
    location.hash = '#/payments' + query(formValues(form));
  } },
    field(t('common.merchant'), select('merchantId', merchants.map(m => [m.id, `${m.id} — ${m.name}`]), merchantId)),
    field(t('payments.id'), h('input', { name: 'paymentId', value: paymentId, placeholder: 'PAY001', required: true })),
    h('div', { class: 'row' }, h('button', { class: 'primary', type: 'submit' }, t('payments.find'))));

  if (!merchantId || !paymentId) {
    render(h('h1', {}, t('nav.payments')), form, h('p', { class: 'muted' }, t('payments.hint')));
    return;
  }
  let p;
  try {
    p = await api('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}` + query({ merchantId }));
  } catch (error) {
    render(h('h1', {}, t('nav.payments')), form, h('p', { class: 'panel', id: 'payment-error' }, errorText(error)));
    return;
  }

  const facts = h('dl', { class: 'facts', id: 'payment-facts' },
    ...[
      [t('common.merchant'), p.merchantId], [t('common.channel'), p.channel], [t('search.orderNo'), p.orderNo],
      [t('detail.transaction'), p.transactionId ?? '—'],
      [t('search.amount'), `${amount(p.amount)} ${p.currency}`],
      [t('payments.refunded'), `${amount(p.refundedAmount)} ${p.currency}`],
      [t('payments.paidAt'), p.paidAt ? time(p.paidAt) : '—'], [t('payments.refundedAt'), p.refundedAt ? time(p.refundedAt) : '—'],
      [t('detail.notifyUrl'), p.notifyUrl], [t('search.created'), time(p.createdAt)],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

  const history = h('table', { id: 'payment-history' },
    h('thead', {}, h('tr', {}, [t('payments.when'), t('payments.from'), t('payments.to'), t('payments.refund'), t('payments.reason'),
      t('payments.notification')].map(label => h('th', {}, label)))),
    h('tbody', {}, (p.history ?? []).map(c => h('tr', { 'data-to': c.to },
      h('td', {}, time(c.at)), h('td', {}, c.from ?? '—'), h('td', {}, c.to),
      h('td', { class: 'num' }, c.refundAmount ? amount(c.refundAmount) : '—'), h('td', {}, c.reason ?? ''),
      h('td', { class: 'mono' }, c.notificationId
        ? h('a', { href: '#/notifications/' + encodeURIComponent(c.notificationId) }, c.notificationId)
        : (c.refusal ? h('span', { class: 'muted', title: c.refusal }, t('payments.refused')) : '—'))))));

  const notifications = h('table', { id: 'payment-notifications' },
    h('thead', {}, h('tr', {}, [t('search.created'), t('search.id'), t('detail.paymentStatus'), t('search.amount'), t('common.status')]
      .map(label => h('th', {}, label)))),
    h('tbody', {}, (p.notifications ?? []).map(n => h('tr', {},
      h('td', {}, time(n.createdAt)),
      h('td', { class: 'mono' }, h('a', { href: '#/notifications/' + encodeURIComponent(n.id) }, n.id)),
      h('td', {}, n.paymentStatus),
      h('td', { class: 'num' }, `${amount(n.refundAmount ?? n.amount)} ${n.currency}`),
      h('td', {}, badge(n.status))))));

  render(
    h('h1', {}, h('span', { class: 'mono' }, p.paymentId), ' ', h('span', { id: 'payment-status' }, p.status)),
    form,
    h('div', { class: 'grid2' },
      h('div', { class: 'panel' }, facts),
      h('div', {},
        h('div', { class: 'panel' }, h('h2', {}, t('payments.history')), history),
        h('div', { class: 'panel' }, h('h2', {}, t('payments.notifications')), notifications))));
}
