// The console: a hash router over a few pages, each a module that renders into <main>.
import { api, can, currentSession, loadSession, login, logout } from './api.js';
import { errorText, field, flash, h, render, timers } from './ui.js';
import { locale, setLocale, t } from './i18n.js';
import * as notifications from './notifications.js';
import * as dashboard from './dashboard.js';
import * as payments from './payments.js';
import * as bulk from './bulk.js';
import * as merchants from './merchants.js';
import * as admin from './admin.js';

const routes = [
  [/^\/notifications\/([^/]+)$/, (m, q) => notifications.detail(decodeURIComponent(m[1]), q)],
  [/^\/notifications$/, (m, q) => notifications.search(q)],
  [/^\/payments$/, (m, q) => payments.show(q)],
  [/^\/dashboard$/, (m, q) => dashboard.show(q)],
  [/^\/bulk$/, (m, q) => bulk.show(q)],
  [/^\/merchants\/([^/]+)$/, m => merchants.detail(decodeURIComponent(m[1]))],
  [/^\/merchants$/, () => merchants.list()],
  [/^\/policies$/, () => merchants.policies()],
  [/^\/tokens$/, () => admin.tokens()],
  [/^\/audit$/, (m, q) => admin.audit(q)],
];


async function route() {
  timers.forEach(clearInterval);
  timers.clear();
  const [path, queryText] = (location.hash.slice(1) || '/notifications').split('?');
  const params = new URLSearchParams(queryText ?? '');
  if (path === '/login' || !currentSession()) {
    if (path !== '/login' && await loadSession()) return route();
    showChrome();
    return showLogin(params);
  }
  showChrome();
  for (const [pattern, page] of routes) {
    const match = path.match(pattern);
    if (match) {
      try {
        await page(match, params);
      } catch (error) {
        render(h('div', { class: 'panel' }, h('h1', {}, t('app.pageFailed')), h('p', {}, errorText(error))));
      }
      return;
    }
  }
  render(h('p', {}, t('app.noPage'), ' ', h('a', { href: '#/notifications' }, t('nav.notifications'))));
}

/** The texts of index.html itself, the page language and the switch, in the current locale. */
function showStatic() {
  document.documentElement.lang = locale();
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  document.getElementById('locale').value = locale();
}

function showChrome() {
  showStatic();
  const session = currentSession();
  const nav = document.getElementById('nav');
  nav.hidden = !session;
  const page = location.hash.slice(2).split(/[/?]/)[0];
  for (const link of nav.querySelectorAll('a')) {
    link.hidden = link.dataset.role ? !can(link.dataset.role) : !can('read');
    link.classList.toggle('active', link.dataset.page === page);
  }
  document.getElementById('who').replaceChildren(...(session ? [
    h('span', { id: 'who-name' }, t('login.who', { name: session.name, role: t('role.' + session.role) })),
    h('button', { type: 'button', onclick: async () => { await logout(); location.hash = '#/login'; } }, t('login.logout')),
  ] : []));
}

function showLogin(params) {
  const message = h('p', { class: 'muted', id: 'login-error' });
  const submit = async (event, credentials) => {
    event.preventDefault();
    try {
      await login(credentials());
      const before = location.hash;
      location.hash = params.get('next') || '#/notifications';
      if (location.hash === before) route();
    } catch (error) {
      message.textContent = errorText(error);
    }
  };
  const userForm = h('form', { id: 'login-password', onsubmit: e => submit(e, () => ({ username: userForm.username.value, password: userForm.password.value })) },
    field(t('login.username'), h('input', { name: 'username', autocomplete: 'username', required: true })),
    field(t('login.password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { class: 'primary', type: 'submit' }, t('login.submit')));
  const tokenForm = h('form', { id: 'login-token', onsubmit: e => submit(e, () => ({ token: tokenForm.token.value.trim() })) },
    field(t('login.token'), h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true })),
    h('button', { type: 'submit' }, t('login.submitToken')));
  const singleSignOn = h('div', { id: 'login-sso' });
  render(h('div', { class: 'login panel' }, h('h1', {}, t('login.title')), singleSignOn, userForm, h('hr'), tokenForm, message));
  // Single sign-on, when configured: each provider's login starts at its link and comes back to the console.
  api('GET', '/api/v1/session/sso').then(sso => {
    const links = (sso?.providers ?? []).map(provider => h('p', {}, h('a', { href: provider.url }, t('login.singleSignOn', { name: provider.name }))));
    singleSignOn.replaceChildren(...links, ...(links.length ? [h('hr')] : []));
  }).catch(() => {});
}

window.addEventListener('hashchange', route);
window.addEventListener('paynotify:locale', route);
document.getElementById('locale').addEventListener('change', event => setLocale(event.target.value));
window.addEventListener('unhandledrejection', event => flash(errorText(event.reason), 'error'));
showStatic();
route();
