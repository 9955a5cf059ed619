// Merchants (list, create, edit, disable, rotate the secret, public keys) and retry policies.
import { api, apiList, can } from './api.js';
import { badge, copy, errorText, field, flash, formValues, h, render, time } from './ui.js';
import { number, t } from './i18n.js';

function hosts(text) {
  return text.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
}

function secretBox(title, secret) {
  return h('div', { class: 'secret', id: 'shown-secret' }, h('b', {}, title), t('common.shownOnce'),
    h('code', {}, secret), ' ', h('button', { type: 'button', onclick: () => copy(secret) }, t('common.copy')));
}

export async function list(shown) {
  const merchants = await apiList('/api/v1/merchants');
  const form = h('form', { class: 'filters', id: 'new-merchant', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    try {
      const created = await api('POST', '/api/v1/merchants', { id: v.id, name: v.name, callbackHosts: hosts(v.callbackHosts) });
      list(secretBox(t('merchants.secretOf', { id: created.id }), created.webhookSecret));
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field(t('merchants.id'), h('input', { name: 'id', required: true, pattern: '[A-Za-z0-9_-]{1,64}' })),
    field(t('common.name'), h('input', { name: 'name', required: true })),
    field(t('merchants.callbackHosts'), h('input', { name: 'callbackHosts', placeholder: 'shop.example.com, api.example.com' })),
    h('button', { class: 'primary', type: 'submit' }, t('merchants.register')));
  render(h('h1', {}, t('merchants.title')), shown,
    h('table', { id: 'merchants' },
      h('thead', {}, h('tr', {}, [t('merchants.id'), t('common.name'), t('common.status'), t('merchants.callbackHosts'), t('common.updated')]
        .map(text => h('th', {}, text)))),
      h('tbody', {}, merchants.map(m => h('tr', { class: 'link', onclick: () => { location.hash = '#/merchants/' + encodeURIComponent(m.id); } },
        h('td', {}, h('a', { href: '#/merchants/' + encodeURIComponent(m.id) }, m.id)), h('td', {}, m.name), h('td', {}, badge(m.status)),
        h('td', {}, m.callbackHosts.join(', ') || '—'), h('td', {}, time(m.updatedAt)))))),
    can('admin') ? h('div', { class: 'panel', style: 'margin-top:16px' }, h('h2', {}, t('merchants.registerTitle')), form) : null);
}

export async function detail(id, shown) {
  const path = '/api/v1/merchants/' + encodeURIComponent(id);
  const [m, channels] = await Promise.all([api('GET', path), api('GET', path + '/channels')]);
  const admin = can('admin');
  const change = async body => {
    try {
      await api('PATCH', path, body);
      flash(t('common.saved'));
      detail(id);
    } catch (error) {
      flash(errorText(error), 'error');
    }
  };
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    const v = formValues(form);
    change({ name: v.name, callbackHosts: hosts(v.callbackHosts) });
  } },
    field(t('common.name'), h('input', { name: 'name', value: m.name, disabled: !admin })),
    field(t('merchants.callbackHosts'), h('input', { name: 'callbackHosts', value: m.callbackHosts.join(', '), disabled: !admin })),
    admin ? h('button', { class: 'primary', type: 'submit' }, t('common.save')) : null);
  const actions = admin ? h('div', { class: 'row' },
    m.status === 'ACTIVE'
      ? h('button', { type: 'button', class: 'danger', onclick: () => confirm(t('merchants.confirmDisable', { id })) && change({ status: 'DISABLED' }) },
        t('merchants.disable'))
      : h('button', { type: 'button', onclick: () => change({ status: 'ACTIVE' }) }, t('merchants.enable')),
    h('button', { type: 'button', onclick: async () => {
      if (!confirm(t('merchants.confirmRotate'))) return;
      const rotated = await api('POST', path + '/secret/rotate');
      detail(id, secretBox(t('merchants.newSecret'), rotated.webhookSecret));
    } }, t('merchants.rotate'))) : null;
  const channelRows = channels.map(c => h('div', { class: 'panel' },
    h('h2', {}, c.channel),
    h('dl', { class: 'facts' }, ...[
      [t('merchants.appId'), c.appId], [t('merchants.mchId'), c.mchId], [t('merchants.signType'), c.signType], [t('merchants.publicKeyId'), c.publicKeyId],
      [t('merchants.keysHeld'), c.keysSet.join(', ')], [t('merchants.rotation'), c.rotation],
      [t('merchants.oldSecretUntil'), c.previousSecretExpiresAt && time(c.previousSecretExpiresAt)],
      [t('common.updated'), time(c.updatedAt)],
    ].filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    c.publicKeyPem ? h('div', {}, h('div', { class: 'row' }, h('b', {}, t('merchants.publicKey')),
      h('button', { type: 'button', onclick: () => copy(c.publicKeyPem) }, t('common.copy'))), h('pre', {}, c.publicKeyPem)) : null));
  render(h('h1', {}, m.id, badge(m.status)), shown,
    h('div', { class: 'panel' }, form, h('div', { style: 'margin-top:10px' }, actions),
      h('p', { class: 'muted' }, t('merchants.createdUpdated', { created: time(m.createdAt), updated: time(m.updatedAt) }),
        h('a', { href: '#/notifications?merchantId=' + encodeURIComponent(id) }, t('merchants.itsNotifications')))),
    ackRulePanel(m, change, admin),
    can('operate') ? testPanel(id, channels) : null,
    h('h2', {}, t('merchants.channels')), channelRows,
    admin ? h('p', { class: 'muted' }, t('merchants.setCredentials', { path: path + '/channels/{channel}' })) : null);
}

/** The rule as people read it: any 2xx, the body, or a JSON field's value. */
function ackRuleText(rule) {
  if (rule.type === 'BODY_EQUALS') return t('ack.bodyEqualsIs', { text: rule.text });
  if (rule.type === 'JSON_FIELD') return t('ack.jsonFieldIs', { field: rule.field, value: rule.value });
  return t('ack.any2xx');
}

/** What acknowledges the merchant's WEBHOOK callbacks; admins change it. */
function ackRulePanel(m, change, admin) {
  const rule = m.ackRule ?? { type: 'ANY_2XX' };
  const type = h('select', { name: 'type', id: 'ack-type', disabled: !admin },
    Object.entries({ ANY_2XX: t('ack.type.ANY_2XX'), BODY_EQUALS: t('ack.type.BODY_EQUALS'), JSON_FIELD: t('ack.type.JSON_FIELD') })
      .map(([value, label]) => h('option', { value, selected: value === rule.type }, label)));
  const text = field(t('ack.text'), h('input', { name: 'text', id: 'ack-text', value: rule.text ?? '', placeholder: 'success', disabled: !admin }));
  const name = field(t('ack.field'), h('input', { name: 'field', id: 'ack-field', value: rule.field ?? '', placeholder: 'code', disabled: !admin }));
  const value = field(t('ack.value'), h('input', { name: 'value', id: 'ack-value', value: rule.value ?? '', placeholder: 'SUCCESS', disabled: !admin }));
  const shown = () => {
    text.hidden = type.value !== 'BODY_EQUALS';
    name.hidden = value.hidden = type.value !== 'JSON_FIELD';
  };
  type.addEventListener('change', shown);
  shown();
  const form = h('form', { class: 'filters', id: 'ack-rule', onsubmit: event => {
    event.preventDefault();
    const v = formValues(form);
    const ackRule = v.type === 'BODY_EQUALS' ? { type: v.type, text: v.text }
      : v.type === 'JSON_FIELD' ? { type: v.type, field: v.field, value: v.value } : { type: v.type };
    change({ ackRule });
  } }, field(t('ack.type'), type), text, name, value, admin ? h('button', { class: 'primary', type: 'submit' }, t('common.save')) : null);
  return h('div', { class: 'panel' }, h('h2', {}, t('ack.title')),
    h('p', { class: 'muted', id: 'ack-current' }, t('ack.current', { rule: ackRuleText(rule) })), form);
}

/** Sends a signed sample to a URL given and shows the merchant's answer; nothing is stored. */
function testPanel(id, channels) {
  const result = h('div', { id: 'test-result' });
  const form = h('form', { class: 'filters', id: 'test-notification', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    result.replaceChildren(h('p', { class: 'muted' }, t('test.sending')));
    try {
      const r = await api('POST', '/api/v1/merchants/' + encodeURIComponent(id) + '/test-notification', { channel: v.channel, url: v.url });
      result.replaceChildren(
        h('p', {}, h('span', { class: 'badge ' + (r.acknowledged ? 'SUCCEEDED' : 'FAILED'), id: 'test-verdict' },
          r.acknowledged ? t('test.acknowledged') : t('test.notAcknowledged')), ' ',
          t('test.answer', { status: r.httpStatus ?? '—', ms: r.durationMs }), r.reason ? ' — ' + r.reason : ''),
        h('b', {}, t('test.response')), h('pre', { id: 'test-response' }, r.response ?? '—'),
        h('b', {}, t('test.sent', { url: r.request.url })),
        h('pre', {}, Object.entries(r.request.headers).map(([k, value]) => `${k}: ${value}`).join('\n')),
        h('pre', {}, r.request.body));
    } catch (error) {
      result.replaceChildren();
      flash(errorText(error), 'error');
    }
  } },
    field(t('test.channel'), h('select', { name: 'channel' },
      ['WEBHOOK', ...channels.map(c => c.channel)].map(channel => h('option', { value: channel }, channel)))),
    field(t('test.url'), h('input', { name: 'url', id: 'test-url', type: 'url', required: true, placeholder: 'https://shop.example.com/notify' })),
    h('button', { class: 'primary', type: 'submit', id: 'send-test' }, t('test.send')));
  return h('div', { class: 'panel' }, h('h2', {}, t('test.title')), h('p', { class: 'muted' }, t('test.hint')), form, result);
}

export async function policies() {
  const all = await apiList('/api/v1/retry-policies');
  const form = h('form', { class: 'filters', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    try {
      await api('PUT', '/api/v1/retry-policies/' + encodeURIComponent(v.name), { intervals: hosts(v.intervals), timeout: v.timeout || undefined });
      flash(t('policies.saved', { name: v.name }));
      policies();
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field(t('common.name'), h('input', { name: 'name', required: true })),
    field(t('policies.intervals'), h('input', { name: 'intervals', required: true, placeholder: '15s, 2m, 1h' })),
    field(t('policies.timeout'), h('input', { name: 'timeout', placeholder: '10s' })),
    h('button', { class: 'primary', type: 'submit' }, t('policies.define')));
  render(h('h1', {}, t('policies.title')),
    h('table', {}, h('thead', {}, h('tr', {}, [t('common.name'), t('policies.intervals'), t('policies.attempts'), t('policies.timeout'), '']
      .map(text => h('th', {}, text)))),
      h('tbody', {}, all.map(p => h('tr', {}, h('td', {}, p.name), h('td', { class: 'mono' }, p.intervals.join(', ') || '—'),
        h('td', {}, number(p.maxAttempts)), h('td', {}, p.timeout), h('td', {}, p.builtIn ? h('span', { class: 'muted' }, t('policies.builtIn'))
          : can('admin') ? h('button', { type: 'button', onclick: () => { form.name.value = p.name; form.intervals.value = p.intervals.join(', '); form.timeout.value = p.timeout; } }, t('policies.edit')) : null))))),
    can('admin') ? h('div', { class: 'panel', style: 'margin-top:16px' }, h('h2', {}, t('policies.defineTitle')), form) : null);
}
