// Bulk actions: retry every FAILED notification of a merchant in a time range at a set pace, and
// abandon many with one reason. Pacing runs here, in the page: it sends `rate` ids a second and
// can be paused or stopped; closing the page stops it.
import { api, query } from './api.js';
import { errorText, field, flash, formValues, h, render, select, toInstant } from './ui.js';

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
  const merchants = await api('GET', '/api/v1/merchants');
  const merchantOptions = merchants.map(m => [m.id, `${m.id} — ${m.name}`]);

  // --- retry, paced
  const bar = h('progress', { max: 1, value: 0, id: 'retry-progress' });
  const status = h('div', { class: 'muted', id: 'retry-status' }, 'Choose a merchant and a time range, then count.');
  let run = null;
  const retryForm = h('form', { class: 'filters', id: 'bulk-retry' },
    field('Merchant', select('merchantId', merchantOptions, merchants[0]?.id, { required: true })),
    field('Created from', h('input', { name: 'from', type: 'datetime-local' })),
    field('Created before', h('input', { name: 'to', type: 'datetime-local' })),
    field('Rate (per second)', h('input', { name: 'rate', type: 'number', min: 1, max: 500, value: 10, required: true })));
  const filterOf = () => {
    const v = formValues(retryForm);
    return { merchantId: v.merchantId, status: 'FAILED', from: toInstant(v.from), to: toInstant(v.to) };
  };
  const countButton = h('button', { type: 'button', onclick: async () => {
    const page = await api('GET', '/api/v1/notifications' + query({ ...filterOf(), size: 1 }));
    status.textContent = page.total > 10000 ? 'More than 10,000 FAILED notifications match; a run retries at most 10,000.' : `${page.total} FAILED notifications match.`;
  } }, 'Count');
  const startButton = h('button', { class: 'primary', type: 'button', id: 'start-retry', onclick: async () => {
    if (run) return;
    const rate = Math.min(500, Math.max(1, Number(formValues(retryForm).rate) || 1));
    status.textContent = 'Collecting…';
    const ids = await collect(filterOf(), n => { status.textContent = `Collecting… ${n}`; });
    if (!ids.length) {
      status.textContent = 'Nothing to retry.';
      return;
    }
    if (!confirm(`Retry ${ids.length} FAILED notifications at ${rate} a second?`)) {
      status.textContent = 'Cancelled.';
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
        pauseButton.textContent = 'Resume';
      }
      if (!run.paused) run.done += chunk.length;
      bar.value = run.done;
      status.textContent = `${run.done} of ${ids.length} sent, ${run.retried} retried`;
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
    status.textContent = `${run.stopped ? 'Stopped' : 'Done'}: ${run.done} of ${ids.length} sent, ${run.retried} retried.`;
    run = null;
    pauseButton.disabled = stopButton.disabled = true;
  } }, 'Start retrying');
  const pauseButton = h('button', { type: 'button', disabled: true, onclick: () => {
    if (!run) return;
    run.paused = !run.paused;
    pauseButton.textContent = run.paused ? 'Resume' : 'Pause';
  } }, 'Pause');
  const stopButton = h('button', { type: 'button', disabled: true, onclick: () => { if (run) run.stopped = true; } }, 'Stop');
  window.addEventListener('hashchange', () => { if (run) run.stopped = true; }, { once: true });

  // --- abandon many
  const ids = h('textarea', { name: 'ids', id: 'abandon-ids', rows: 6, placeholder: 'one notify id a line' });
  const abandonStatus = h('div', { class: 'muted' });
  const loadForm = h('form', { class: 'filters' },
    field('Merchant', select('merchantId', [['', 'any'], ...merchantOptions], '')),
    field('Status', select('status', ['PENDING', 'FAILED'], 'FAILED')),
    field('Created from', h('input', { name: 'from', type: 'datetime-local' })),
    field('Created before', h('input', { name: 'to', type: 'datetime-local' })),
    h('button', { type: 'button', onclick: async () => {
      const v = formValues(loadForm);
      const found = await collect({ merchantId: v.merchantId, status: v.status, from: toInstant(v.from), to: toInstant(v.to) });
      ids.value = found.join('\n');
      abandonStatus.textContent = `${found.length} ids loaded.`;
    } }, 'Load matching ids'));
  const reason = h('input', { name: 'reason', id: 'bulk-reason', placeholder: 'one reason for all', maxlength: 500, size: 40 });
  const abandonButton = h('button', { class: 'danger', type: 'button', onclick: async () => {
    const list = ids.value.split(/\s+/).map(s => s.trim()).filter(Boolean);
    if (!list.length || !reason.value.trim()) {
      flash('Give ids and a reason', 'error');
      return;
    }
    if (!confirm(`Abandon ${list.length} notifications with the reason "${reason.value.trim()}"?`)) return;
    let count = 0;
    for (let i = 0; i < list.length; i += PAGE) {
      const answer = await api('POST', '/api/v1/notifications/abandon', { ids: list.slice(i, i + PAGE), reason: reason.value.trim() });
      count += answer.count;
      abandonStatus.textContent = `${Math.min(i + PAGE, list.length)} of ${list.length} sent, ${count} abandoned`;
    }
    flash(`${count} abandoned`);
  } }, 'Abandon all');

  render(h('h1', {}, 'Bulk actions'),
    h('div', { class: 'panel' }, h('h2', {}, 'Retry the FAILED notifications of a merchant'), retryForm,
      h('div', { class: 'row', style: 'margin-top:10px' }, countButton, startButton, pauseButton, stopButton), bar, status),
    h('div', { class: 'panel' }, h('h2', {}, 'Abandon many with one reason'), loadForm, ids,
      h('div', { class: 'row', style: 'margin-top:10px' }, reason, abandonButton), abandonStatus));
}

function sleep(millis) {
  return new Promise(resolve => setTimeout(resolve, millis));
}
