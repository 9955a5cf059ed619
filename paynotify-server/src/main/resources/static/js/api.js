// The API as the console uses it: the session cookie plus the CSRF header on every change.
import { locale } from './i18n.js';

let session = null;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function currentSession() {
  return session;
}

export function can(what) {
  const role = session?.role;
  if (what === 'admin') return role === 'admin';
  if (what === 'operate') return role === 'admin' || role === 'operator';
  if (what === 'read') return role === 'admin' || role === 'operator' || role === 'viewer';
  return false;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session?.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && path !== '/api/v1/session') {
    session = null;
    if (!location.hash.startsWith('#/login')) location.hash = '#/login';
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.error ?? 'HTTP_' + response.status, json?.message ?? response.statusText);
  }
  return json;
}

/** At most this many pages of a list are read for a menu or a table: 10,000 items. */
const MAX_PAGES = 20;

/**
 * Every item of a paged list (merchants, tokens, policies), following each page's next cursor; a
 * list longer than MAX_PAGES pages is cut there rather than read without end.
 */
export async function apiList(path) {
  const items = [];
  let cursor = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await api('GET', path + query({ limit: 500, cursor }));
    items.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return items;
}

export async function loadSession() {
  try {
    session = await api('GET', '/api/v1/session');
  } catch {
    session = null;
  }
  return session;
}

export async function login(credentials) {
  session = await api('POST', '/api/v1/session', credentials);
  return session;
}

export async function logout() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    session = null;
  }
}

/** A query string of the non-empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
