// Small DOM helpers. Text always goes in as text, never as HTML.
import { dateTime, relative as relativeTime, t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'value') element.value = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  append(element, children);
  return element;
}

export function render(...nodes) {
  const main = document.getElementById('main');
  main.replaceChildren(...nodes.flat().filter(Boolean));
}

export function flash(message, kind = 'info') {
  const box = document.getElementById('flash');
  const note = h('div', { class: kind }, message);
  box.append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 8000 : 4000);
}

/** A status as people read it, with its code beside the name when the two differ (成功 SUCCEEDED). */
export function badge(status) {
  const name = t('status.' + status);
  return h('span', { class: 'badge ' + status, 'data-code': status }, name, name === status ? null : h('small', {}, ' ' + status));
}

/** A status as the text of an option: the name, and the code in brackets when they differ. */
export function statusText(status) {
  const name = t('status.' + status);
  return name === status ? status : `${name} (${status})`;
}

export function time(instant) {
  return dateTime(instant);
}

export function relative(instant) {
  return relativeTime(instant);
}

/** A datetime-local value (local time) as an ISO instant, or '' when empty. */
export function toInstant(local) {
  return local ? new Date(local).toISOString() : '';
}

/** An ISO instant as a datetime-local value. */
export function toLocal(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  date.setMinutes(date.getMinutes() - date.getTimezoneOffset());
  return date.toISOString().slice(0, 16);
}

export function field(label, input) {
  return h('label', {}, label, input);
}

export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(option => {
      const [optionValue, text] = Array.isArray(option) ? option : [option, option || t('common.any')];
      return h('option', { value: optionValue, selected: optionValue === value }, text);
    }));
}

export function formValues(form) {
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
}

export function errorText(error) {
  return error?.message ? `${error.message}` : String(error);
}

export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    flash(t('common.copied'));
  } catch {
    const area = h('textarea', {}, text);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
    flash(t('common.copied'));
  }
}

export const STATUSES = ['', 'PENDING', 'DELIVERING', 'SUCCEEDED', 'FAILED', 'ABANDONED'];
export const CHANNELS = ['', 'ALIPAY', 'WECHAT_V3', 'WECHAT_V2', 'WEBHOOK'];

/** Every page that polls registers its timer here, so leaving the page stops it. */
export const timers = new Set();

export function every(millis, task) {
  timers.add(setInterval(task, millis));
}

export function stopTimers() {
  timers.forEach(clearInterval);
  timers.clear();
}
