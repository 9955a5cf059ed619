// Admin pages: API tokens and the audit log.
import { api, query } from './api.js';
import { badge, copy, errorText, field, flash, formValues, h, render, select, time } from './ui.js';

export async function tokens(shown) {
  const all = await api('GET', '/api/v1/tokens');
  const form = h('form', { class: 'filters', id: 'new-token', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    // Empty: every merchant; else a comma-separated list the token is scoped to.
    const merchantIds = v.merchantIds ? v.merchantIds.split(',').map(id => id.trim()).filter(Boolean) : [];
    delete v.merchantIds;
    if (merchantIds.length) v.merchantIds = merchantIds;
    try {
      const issued = await api('POST', '/api/v1/tokens', v);
      tokens(h('div', { class: 'secret', id: 'shown-token' }, h('b', {}, `Token ${issued.name} (${issued.role})`), ' — shown only now. ',
        h('code', {}, issued.token), ' ', h('button', { type: 'button', onclick: () => copy(issued.token) }, 'Copy')));
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field('Name', h('input', { name: 'name', required: true, maxlength: 100, placeholder: 'checkout-service' })),
    field('Role', select('role', [['producer', 'producer — create only'], ['viewer', 'viewer — read only'], ['operator', 'operator — retry, abandon'], ['admin', 'admin — everything']], 'producer')),
    field('Merchants', h('input', { name: 'merchantIds', maxlength: 6500, placeholder: 'all, or shop-1, shop-2' })),
    h('button', { class: 'primary', type: 'submit' }, 'Issue token'));
  render(h('h1', {}, 'API tokens'), shown,
    h('div', { class: 'panel' }, form),
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Merchants', 'Issued', 'By', 'State', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, all.map(t => h('tr', {}, h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.merchantIds ? t.merchantIds.join(', ') : 'all'), h('td', {}, time(t.createdAt)), h('td', {}, t.createdBy),
        h('td', {}, t.revokedAt ? h('span', {}, badge('revoked'), ' ', time(t.revokedAt)) : 'active'),
        h('td', {}, t.revokedAt ? null : h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm(`Revoke the token ${t.name}? Whoever uses it is refused from now on.`)) return;
          await api('DELETE', '/api/v1/tokens/' + encodeURIComponent(t.id));
          tokens();
        } }, 'Revoke')))))));
}

export async function audit(params) {
  const page = Number(params.get('page') || 0);
  const found = await api('GET', '/api/v1/audit' + query({ page, size: 50 }));
  const last = Math.max(0, Math.ceil(found.total / found.size) - 1);
  render(h('h1', {}, 'Audit log'),
    h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Target', 'Detail'].map(t => h('th', {}, t)))),
      h('tbody', {}, found.items.length ? found.items.map(e => h('tr', {}, h('td', {}, time(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
        h('td', { class: 'mono' }, e.target ?? ''), h('td', { class: 'mono' }, e.detail ?? ''))) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Nothing yet.')))),
    h('div', { class: 'pager' }, h('span', { class: 'muted' }, `${found.total} entries, newest first`), h('span', { class: 'spacer' }),
      page > 0 ? h('a', { href: '#/audit' + query({ page: page - 1 }) }, '‹ Newer') : null,
      page < last ? h('a', { href: '#/audit' + query({ page: page + 1 }) }, 'Older ›') : null));
}
