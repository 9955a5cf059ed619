// Merchants (list, create, edit, disable, rotate the secret, public keys) and retry policies.
import { api, can } from './api.js';
import { badge, copy, errorText, field, flash, formValues, h, render, time } from './ui.js';

function hosts(text) {
  return text.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
}

function secretBox(title, secret) {
  return h('div', { class: 'secret', id: 'shown-secret' }, h('b', {}, title), ' — shown only now. ',
    h('code', {}, secret), ' ', h('button', { type: 'button', onclick: () => copy(secret) }, 'Copy'));
}

export async function list(shown) {
  const merchants = await api('GET', '/api/v1/merchants');
  const form = h('form', { class: 'filters', id: 'new-merchant', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    try {
      const created = await api('POST', '/api/v1/merchants', { id: v.id, name: v.name, callbackHosts: hosts(v.callbackHosts) });
      list(secretBox(`Webhook secret of ${created.id}`, created.webhookSecret));
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field('Id', h('input', { name: 'id', required: true, pattern: '[A-Za-z0-9_-]{1,64}' })),
    field('Name', h('input', { name: 'name', required: true })),
    field('Callback hosts', h('input', { name: 'callbackHosts', placeholder: 'shop.example.com, api.example.com' })),
    h('button', { class: 'primary', type: 'submit' }, 'Register'));
  render(h('h1', {}, 'Merchants'), shown,
    h('table', { id: 'merchants' },
      h('thead', {}, h('tr', {}, ['Id', 'Name', 'Status', 'Callback hosts', 'Updated'].map(t => h('th', {}, t)))),
      h('tbody', {}, merchants.map(m => h('tr', { class: 'link', onclick: () => { location.hash = '#/merchants/' + encodeURIComponent(m.id); } },
        h('td', {}, h('a', { href: '#/merchants/' + encodeURIComponent(m.id) }, m.id)), h('td', {}, m.name), h('td', {}, badge(m.status)),
        h('td', {}, m.callbackHosts.join(', ') || '—'), h('td', {}, time(m.updatedAt)))))),
    can('admin') ? h('div', { class: 'panel', style: 'margin-top:16px' }, h('h2', {}, 'Register a merchant'), form) : null);
}

export async function detail(id, shown) {
  const path = '/api/v1/merchants/' + encodeURIComponent(id);
  const [m, channels] = await Promise.all([api('GET', path), api('GET', path + '/channels')]);
  const admin = can('admin');
  const change = async body => {
    try {
      await api('PATCH', path, body);
      flash('Saved');
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
    field('Name', h('input', { name: 'name', value: m.name, disabled: !admin })),
    field('Callback hosts', h('input', { name: 'callbackHosts', value: m.callbackHosts.join(', '), disabled: !admin })),
    admin ? h('button', { class: 'primary', type: 'submit' }, 'Save') : null);
  const actions = admin ? h('div', { class: 'row' },
    m.status === 'ACTIVE'
      ? h('button', { type: 'button', class: 'danger', onclick: () => confirm(`Disable ${id}? New notifications for it are refused.`) && change({ status: 'DISABLED' }) }, 'Disable')
      : h('button', { type: 'button', onclick: () => change({ status: 'ACTIVE' }) }, 'Enable'),
    h('button', { type: 'button', onclick: async () => {
      if (!confirm('Rotate the webhook secret? Callbacks carry the old signature too for 24 hours.')) return;
      const rotated = await api('POST', path + '/secret/rotate');
      detail(id, secretBox('New webhook secret', rotated.webhookSecret));
    } }, 'Rotate webhook secret')) : null;
  const channelRows = channels.map(c => h('div', { class: 'panel' },
    h('h2', {}, c.channel),
    h('dl', { class: 'facts' }, ...[
      ['App id', c.appId], ['Mch id', c.mchId], ['Sign type', c.signType], ['Public key id', c.publicKeyId],
      ['Keys held', c.keysSet.join(', ')], ['Rotation', c.rotation], ['Old secret valid until', c.previousSecretExpiresAt && time(c.previousSecretExpiresAt)],
      ['Updated', time(c.updatedAt)],
    ].filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    c.publicKeyPem ? h('div', {}, h('div', { class: 'row' }, h('b', {}, 'Public key (the merchant verifies with it)'),
      h('button', { type: 'button', onclick: () => copy(c.publicKeyPem) }, 'Copy')), h('pre', {}, c.publicKeyPem)) : null));
  render(h('h1', {}, m.id, badge(m.status)), shown,
    h('div', { class: 'panel' }, form, h('div', { style: 'margin-top:10px' }, actions),
      h('p', { class: 'muted' }, `Created ${time(m.createdAt)}; updated ${time(m.updatedAt)}. `,
        h('a', { href: '#/notifications?merchantId=' + encodeURIComponent(id) }, 'Its notifications'))),
    h('h2', {}, 'Channels'), channelRows,
    admin ? h('p', { class: 'muted' }, 'Set Alipay and WeChat Pay credentials with PUT ' + path + '/channels/{channel}.') : null);
}

export async function policies() {
  const all = await api('GET', '/api/v1/retry-policies');
  const form = h('form', { class: 'filters', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    try {
      await api('PUT', '/api/v1/retry-policies/' + encodeURIComponent(v.name), { intervals: hosts(v.intervals), timeout: v.timeout || undefined });
      flash('Saved ' + v.name);
      policies();
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field('Name', h('input', { name: 'name', required: true })),
    field('Intervals', h('input', { name: 'intervals', required: true, placeholder: '15s, 2m, 1h' })),
    field('Timeout', h('input', { name: 'timeout', placeholder: '10s' })),
    h('button', { class: 'primary', type: 'submit' }, 'Define'));
  render(h('h1', {}, 'Retry policies'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Intervals', 'Attempts', 'Timeout', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, all.map(p => h('tr', {}, h('td', {}, p.name), h('td', { class: 'mono' }, p.intervals.join(', ') || '—'),
        h('td', {}, p.maxAttempts), h('td', {}, p.timeout), h('td', {}, p.builtIn ? h('span', { class: 'muted' }, 'built in')
          : can('admin') ? h('button', { type: 'button', onclick: () => { form.name.value = p.name; form.intervals.value = p.intervals.join(', '); form.timeout.value = p.timeout; } }, 'Edit') : null))))),
    can('admin') ? h('div', { class: 'panel', style: 'margin-top:16px' }, h('h2', {}, 'Define or change a policy'), form) : null);
}
