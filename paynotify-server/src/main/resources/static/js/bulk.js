// Bulk actions: retry every FAILED notification of a merchant in a time range at a set pace, and
// abandon many with one reason. Pacing runs here, in the page: it sends `rate` ids a second and
// can be paused or stopped; closing the page stops it.
import { api, apiList, query } from './api.js';
import { errorText, field, flash, formValues, h, render, select, statusText, toInstant } from './ui.js';
import { number, t } from './i18n.js';

const PAGE = 500;

/** Every id matching the filter, newest first, following the keyset cursor. */
async function collect(filter, progress) {
  const ids = [];
  let before = '';
  for (;;) {
    const page = await api('GET', '/api/v1/notifications' + query({ ...filter, size: PAGE, before }));
    ids.push(...page.items.map(n => n.id));
    progress?.(ids.length, page.total);
    if (!page.next || ids.length >= 10000) return ids;
    before = page.next;
  }
}

export async function show() {
  const merchants = await apiList('/api/v1/merchants');
  const merchantOptions = merchants.map(m => [m.id, `${m.id} — ${m.name}`]);

  // --- retry, paced
  const bar = h('progress', { max: 1, value: 0, id: 'retry-progress' });
  const status = h('div', { class: 'muted', id: 'retry-status' }, t('bulk.hint'));
  let run = null;
  const retryForm = h('form', { class: 'filters', id: 'bulk-retry' },
    field(t('common.merchant'), select('merchantId', merchantOptions, merchants[0]?.id, { required: true })),
    field(t('common.createdFrom'), h('input', { name: 'from', type: 'datetime-local' })),
    field(t('common.createdBefore'), h('input', { name: 'to', type: 'datetime-local' })),
    field(t('bulk.rate'), h('input', { name: 'rate', type: 'number', min: 1, max: 500, value: 10, required: true })));
  const filterOf = () => {
    const v = formValues(retryForm);
    return { merchantId: v.merchantId, status: 'FAILED', from: toInstant(v.from), to: toInstant(v.to) };
  };
  const countButton = h('button', { type: 'button', onclick: async () => {
    const page = await api('GET', '/api/v1/notifications' + query({ ...filterOf(), size: 1 }));
    status.textContent = page.total > 10000 ? t('bulk.tooMany', { max: number(10000) }) : t('bulk.counted', { count: number(page.total) });
  } }, t('bulk.count'));
  const startButton = h('button', { class: 'primary', type: 'button', id: 'start-retry', onclick: async () => {
    if (run) return;
    const rate = Math.min(500, Math.max(1, Number(formValues(retryForm).rate) || 1));
    status.textContent = t('bulk.collecting');
    const ids = await collect(filterOf(), n => { status.textContent = t('bulk.collectingCount', { count: number(n) }); });
    if (!ids.length) {
      status.textContent = t('bulk.nothing');
      return;
    }
    if (!confirm(t('bulk.confirmRetry', { count: number(ids.length), rate: number(rate) }))) {
      status.textContent = t('bulk.cancelled');
      return;
    }
    run = { ids, done: 0, retried: 0, paused: false, stopped: false };
    bar.max = ids.length;
    pauseButton.disabled = stopButton.disabled = false;
    while (run.done < ids.length && !run.stopped) {
      if (run.paused) {
        await sleep(250);
        continue;
      }
      const started = Date.now();
      const chunk = ids.slice(run.done, run.done + rate);
      try {
        const answer = await api('POST', '/api/v1/notifications/retry', { ids: chunk });
        run.retried += answer.count;
      } catch (error) {
        flash(errorText(error), 'error');
        run.paused = true;
        pauseButton.textContent = t('bulk.resume');
      }
      if (!run.paused) run.done += chunk.length;
      bar.value = run.done;
      status.textContent = t('bulk.progress', { done: number(run.done), total: number(ids.length), retried: number(run.retried) });
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
    const counts = { done: number(run.done), total: number(ids.length), retried: number(run.retried) };
    status.textContent = run.stopped ? t('bulk.stopped', counts) : t('bulk.done', counts);
    run = null;
    pauseButton.disabled = stopButton.disabled = true;
  } }, t('bulk.start'));
  const pauseButton = h('button', { type: 'button', disabled: true, onclick: () => {
    if (!run) return;
    run.paused = !run.paused;
    pauseButton.textContent = run.paused ? t('bulk.resume') : t('bulk.pause');
  } }, t('bulk.pause'));
  const stopButton = h('button', { type: 'button', disabled: true, onclick: () => { if (run) run.stopped = true; } }, t('bulk.stop'));
  // Leaving the page stops the run, and so does re-rendering it in another language.
  const leave = () => { if (run) run.stopped = true; };
  window.addEventListener('hashchange', leave, { once: true });
  window.addEventListener('paynotify:locale', leave, { once: true });

  // --- abandon many
  const ids = h('textarea', { name: 'ids', id: 'abandon-ids', rows: 6, placeholder: t('bulk.idsPlaceholder') });
  const abandonStatus = h('div', { class: 'muted' });
  const loadForm = h('form', { class: 'filters' },
    field(t('common.merchant'), select('merchantId', [['', t('common.any')], ...merchantOptions], '')),
    field(t('common.status'), select('status', ['PENDING', 'FAILED'].map(s => [s, statusText(s)]), 'FAILED')),
    field(t('common.createdFrom'), h('input', { name: 'from', type: 'datetime-local' })),
    field(t('common.createdBefore'), h('input', { name: 'to', type: 'datetime-local' })),
    h('button', { type: 'button', onclick: async () => {
      const v = formValues(loadForm);
      const found = await collect({ merchantId: v.merchantId, status: v.status, from: toInstant(v.from), to: toInstant(v.to) });
      ids.value = found.join('\n');
      abandonStatus.textContent = t('bulk.loaded', { count: number(found.length) });
    } }, t('bulk.load')));
  const reason = h('input', { name: 'reason', id: 'bulk-reason', placeholder: t('bulk.reason'), maxlength: 500, size: 40 });
  const abandonButton = h('button', { class: 'danger', type: 'button', onclick: async () => {
    const list = ids.value.split(/\s+/).map(s => s.trim()).filter(Boolean);
    if (!list.length || !reason.value.trim()) {
      flash(t('bulk.giveIds'), 'error');
      return;
    }
    if (!confirm(t('bulk.confirmAbandon', { count: number(list.length), reason: reason.value.trim() }))) return;
    let count = 0;
    for (let i = 0; i < list.length; i += PAGE) {
      const answer = await api('POST', '/api/v1/notifications/abandon', { ids: list.slice(i, i + PAGE), reason: reason.value.trim() });
      count += answer.count;
      abandonStatus.textContent = t('bulk.abandonProgress', { done: number(Math.min(i + PAGE, list.length)), total: number(list.length), abandoned: number(count) });
    }
    flash(t('bulk.abandoned', { count: number(count) }));
  } }, t('bulk.abandonAll'));

  render(h('h1', {}, t('bulk.title')),
    h('div', { class: 'panel' }, h('h2', {}, t('bulk.retryTitle')), retryForm,
      h('div', { class: 'row', style: 'margin-top:10px' }, countButton, startButton, pauseButton, stopButton), bar, status),
    h('div', { class: 'panel' }, h('h2', {}, t('bulk.abandonTitle')), loadForm, ids,
      h('div', { class: 'row', style: 'margin-top:10px' }, reason, abandonButton), abandonStatus));
}

function sleep(millis) {
  return new Promise(resolve => setTimeout(resolve, millis));
}
