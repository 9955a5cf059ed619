// Admin pages: API tokens and the audit log.
import { api, apiList, query } from './api.js';
import { badge, copy, errorText, field, flash, formValues, h, render, select, time } from './ui.js';
import { number, t } from './i18n.js';

export async function tokens(shown) {
  const all = await apiList('/api/v1/tokens');
  const form = h('form', { class: 'filters', id: 'new-token', onsubmit: async event => {
    event.preventDefault();
    const v = formValues(form);
    // Empty: every merchant; else a comma-separated list the token is scoped to.
    const merchantIds = v.merchantIds ? v.merchantIds.split(',').map(id => id.trim()).filter(Boolean) : [];
    delete v.merchantIds;
    if (merchantIds.length) v.merchantIds = merchantIds;
    try {
      const issued = await api('POST', '/api/v1/tokens', v);
      tokens(h('div', { class: 'secret', id: 'shown-token' }, h('b', {}, t('tokens.issued', { name: issued.name, role: t('role.' + issued.role) })),
        t('common.shownOnce'), h('code', {}, issued.token), ' ', h('button', { type: 'button', onclick: () => copy(issued.token) }, t('common.copy'))));
    } catch (error) {
      flash(errorText(error), 'error');
    }
  } },
    field(t('common.name'), h('input', { name: 'name', required: true, maxlength: 100, placeholder: 'checkout-service' })),
    field(t('tokens.role'), select('role', [['producer', t('tokens.roleProducer')], ['viewer', t('tokens.roleViewer')], ['operator', t('tokens.roleOperator')],
      ['admin', t('tokens.roleAdmin')]], 'producer')),
    field(t('tokens.merchants'), h('input', { name: 'merchantIds', maxlength: 6500, placeholder: t('tokens.merchantsPlaceholder') })),
    h('button', { class: 'primary', type: 'submit' }, t('tokens.issue')));
  render(h('h1', {}, t('tokens.title')), shown,
    h('div', { class: 'panel' }, form),
    h('table', {}, h('thead', {}, h('tr', {}, [t('common.name'), t('tokens.role'), t('tokens.merchants'), t('tokens.issuedAt'), t('tokens.by'), t('tokens.state'), '']
      .map(text => h('th', {}, text)))),
      h('tbody', {}, all.map(token => h('tr', {}, h('td', {}, token.name), h('td', {}, t('role.' + token.role)),
        h('td', {}, token.merchantIds ? token.merchantIds.join(', ') : t('common.all')), h('td', {}, time(token.createdAt)), h('td', {}, token.createdBy),
        h('td', {}, token.revokedAt ? h('span', {}, badge('revoked'), ' ', time(token.revokedAt)) : t('tokens.active')),
        h('td', {}, token.revokedAt ? null : h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
          await api('DELETE', '/api/v1/tokens/' + encodeURIComponent(token.id));
          tokens();
        } }, t('tokens.revoke'))))))));
}

export async function audit(params) {
  const page = Number(params.get('page') || 0);
  const found = await api('GET', '/api/v1/audit' + query({ page, size: 50 }));
  const last = Math.max(0, Math.ceil(found.total / found.size) - 1);
  render(h('h1', {}, t('audit.title')),
    h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, [t('audit.when'), t('audit.who'), t('audit.what'), t('audit.target'), t('audit.detail')]
      .map(text => h('th', {}, text)))),
      h('tbody', {}, found.items.length ? found.items.map(e => h('tr', {}, h('td', {}, time(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
        h('td', { class: 'mono' }, e.target ?? ''), h('td', { class: 'mono' }, e.detail ?? ''))) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('audit.nothing'))))),
    h('div', { class: 'pager' }, h('span', { class: 'muted' }, t('audit.total', { count: number(found.total) })), h('span', { class: 'spacer' }),
      page > 0 ? h('a', { href: '#/audit' + query({ page: page - 1 }) }, t('common.newer')) : null,
      page < last ? h('a', { href: '#/audit' + query({ page: page + 1 }) }, t('common.older')) : null));
}
