import { JOB_STATUSES } from '../../lambdas/core/job';
import { call, describeError } from './api';
import { h, number, table } from './dom';
import type { JobList } from './types';
import { announce, isCurrent, showError } from './ui';

/** The job list, newest first, filtered by status and creation date, a page at a time as the API pages (its cursor). */
export function renderJobList(main: HTMLElement, view: number): void {
  const status = h('select', { id: 'filter-status' }, h('option', { value: '' }, 'Any'), ...JOB_STATUSES.map((s) => h('option', { value: s }, s)));
  const after = h('input', { type: 'date', id: 'filter-after' });
  const size = h('select', { id: 'page-size' }, ...[10, 25, 50, 100].map((n) => h('option', { value: String(n), selected: n === 25 }, String(n))));
  const form = h(
    'form',
    { class: 'filters', id: 'filters' },
    h('span', {}, h('label', { for: 'filter-status' }, 'Status'), status),
    h('span', {}, h('label', { for: 'filter-after' }, 'Created after'), after),
    h('span', {}, h('label', { for: 'page-size' }, 'Jobs per page'), size),
    h('button', { type: 'submit' }, 'Show jobs'),
  );
  const results = h('div', { id: 'job-list' });
  main.append(h('h2', {}, 'Jobs'), h('p', {}, h('a', { href: '#/new' }, 'Start a new job')), form, results);

  /** Cursors of the pages before the one shown: "Previous" goes back without the API keeping state. */
  const previous: (string | undefined)[] = [];
  let cursor: string | undefined;

  const load = async () => {
    const query = new URLSearchParams({ limit: size.value });
    if (status.value !== '') query.set('status', status.value);
    if (after.value !== '') query.set('createdAfter', new Date(`${after.value}T00:00:00`).toISOString());
    if (cursor !== undefined) query.set('cursor', cursor);
    try {
      const { body } = await call<JobList>(`/jobs?${query}`);
      if (!isCurrent(view)) return;
      const rows = body.jobs.map((job) => [
        h('a', { href: `#/jobs/${job.jobId}` }, job.fileName ?? job.jobId),
        job.status,
        new Date(job.createdAt).toLocaleString('en-GB'),
        number(job.progress.rows),
        job.owner ?? '',
      ]);
      const prev = h('button', { type: 'button', id: 'page-previous', disabled: previous.length === 0 }, 'Previous page');
      const next = h('button', { type: 'button', id: 'page-next', disabled: body.nextCursor === undefined }, 'Next page');
      prev.addEventListener('click', () => {
        cursor = previous.pop();
        void load();
      });
      next.addEventListener('click', () => {
        previous.push(cursor);
        cursor = body.nextCursor;
        void load();
      });
      results.replaceChildren(
        body.jobs.length === 0
          ? h('p', {}, 'No jobs match.')
          : table(`Page ${previous.length + 1}: ${body.jobs.length} job(s), newest first`, ['Job', 'Status', 'Created', 'Rows', 'Key'], rows, { id: 'jobs' }),
        h('p', { class: 'actions' }, prev, ' ', next),
      );
      announce(`${body.jobs.length} job(s) shown, page ${previous.length + 1}.`);
    } catch (error) {
      results.replaceChildren();
      showError(describeError(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    previous.length = 0;
    cursor = undefined;
    void load();
  });
  void load();
}
