import { isEnded, type JobStatus } from '../../lambdas/core/job';
import type { Vendor } from '../../lambdas/core/plan';
import { DEFAULT_PLAN } from './ui';
import { call, describeError } from './api';
import { h, number, svg, table } from './dom';
import type { JobView, Results } from './types';
import { announce, isCurrent, showError, VENDOR_NAMES } from './ui';

/*
 * One job: live progress (polled while it runs), what each vendor found (a waterfall), why rows were rejected or
 * failed, the vendor records bought so far, the result files once it has ended, and cancel. Counts only: the job
 * view carries no lead data, and the result files are downloaded from their presigned links, never shown here.
 */

const POLL_MS = 1000;
const vendorName = (vendor: string) => VENDOR_NAMES[vendor] ?? vendor;
const DOWNLOADS: [keyof Results['files'], string][] = [
  ['enrichedCsv', 'enriched.csv'],
  ['enrichedJsonl', 'enriched.jsonl'],
  ['rejectedCsv', 'rejected.csv'],
  ['summary', 'summary.json'],
];

export async function renderJobPage(main: HTMLElement, view: number, jobId: string): Promise<void> {
  const title = h('h2', {}, 'Job');
  const statusLine = h('p', { id: 'job-status-line' });
  const cancel = h('button', { type: 'button', id: 'cancel-button', class: 'danger', hidden: true }, 'Cancel job');
  const body = h('div', { id: 'job-body' });
  const downloads = h('section', { id: 'downloads', 'aria-labelledby': 'downloads-title' });
  main.append(title, statusLine, h('p', { class: 'actions' }, cancel), body, downloads);

  let lastStatus: JobStatus | undefined;
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await call(`/jobs/${jobId}`, { method: 'DELETE' });
      announce('Cancellation requested: batches not yet sent are not sent; the job ends CANCELLED.');
    } catch (error) {
      showError(describeError(error));
      cancel.disabled = false;
    }
  });

  while (isCurrent(view)) {
    let job: JobView;
    try {
      job = (await call<JobView>(`/jobs/${jobId}`)).body;
    } catch (error) {
      showError(describeError(error));
      return;
    }
    if (!isCurrent(view)) return;
    title.textContent = `Job ${job.fileName ?? job.jobId}`;
    statusLine.replaceChildren(
      'Status: ',
      h('strong', { id: 'job-status', 'data-status': job.status }, job.status),
      job.cancelRequested && !isEnded(job.status) ? ' (cancelling)' : '',
      ` · created ${new Date(job.createdAt).toLocaleString('en-GB')}`,
      job.completedAt ? ` · ended ${new Date(job.completedAt).toLocaleString('en-GB')}` : '',
    );
    if (job.status !== lastStatus) {
      announce(`Job ${job.status.toLowerCase()}.`);
      lastStatus = job.status;
    }
    cancel.hidden = isEnded(job.status);
    if (job.cancelRequested) cancel.disabled = true;
    body.replaceChildren(...jobSections(job));
    if (isEnded(job.status)) {
      await showDownloads(downloads, jobId);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function jobSections(job: JobView): HTMLElement[] {
  const p = job.progress;
  const byStatus = Object.entries(p.rowsByStatus).filter(([, n]) => n > 0);
  const vendors = Object.entries(p.vendors);
  const sections: HTMLElement[] = [
    h(
      'section',
      { 'aria-labelledby': 'progress-title' },
      h('h3', { id: 'progress-title' }, 'Progress'),
      h(
        'dl',
        { id: 'progress' },
        h('dt', {}, 'Rows'),
        h('dd', { 'data-count': 'rows' }, number(p.rows)),
        h('dt', {}, 'Batches'),
        h(
          'dd',
          { 'data-count': 'batches' },
          `${number(p.batchesDone)} of ${number(p.batchCount)} done${p.batchesFailed > 0 ? `, ${number(p.batchesFailed)} failed` : ''}`,
        ),
        h('dt', {}, 'Vendor records billed'),
        h('dd', { 'data-count': 'recordsBilled' }, number(p.recordsBilled)),
      ),
      byStatus.length > 0
        ? table(
            'Rows by status',
            ['Status', 'Rows'],
            byStatus.map(([status, n]) => [status.replaceAll('_', ' '), h('span', { 'data-row-status': status }, number(n))]),
            { id: 'rows-by-status' },
          )
        : h('p', {}, 'Rows by status are counted when the job ends.'),
    ),
  ];
  if (vendors.length > 0) {
    sections.push(
      h(
        'section',
        { 'aria-labelledby': 'vendors-title' },
        h('h3', { id: 'vendors-title' }, 'Vendors'),
        table(
          'Per vendor: leads planned, records sent, billed, answered from the cache, skipped for the budget',
          ['Vendor', 'Planned', 'Sent', 'Billed', 'From cache', 'Over budget'],
          vendors.map(([vendor, v]) => [
            vendorName(vendor),
            number(v.planned),
            number(v.sent),
            h('span', { 'data-vendor-billed': vendor }, number(v.billed)),
            number(v.cacheHits),
            number(v.skippedBudget),
          ]),
          { id: 'vendors' },
        ),
      ),
    );
  }
  sections.push(h('section', { 'aria-labelledby': 'waterfall-title' }, h('h3', { id: 'waterfall-title' }, 'Waterfall'), waterfall(job)));
  const reasons = job.reasons;
  const reasonRows = reasons
    ? (['rejected', 'failed', 'skipped'] as const).flatMap((kind) => Object.entries(reasons[kind] ?? {}).map(([reason, n]) => [kind, reason, number(n)]))
    : [];
  if (reasonRows.length > 0) {
    sections.push(
      h(
        'section',
        { 'aria-labelledby': 'reasons-title' },
        h('h3', { id: 'reasons-title' }, 'Rows not enriched, and why'),
        table('Rejected, failed and skipped rows by reason', ['Outcome', 'Reason', 'Rows'], reasonRows, { id: 'reasons' }),
      ),
    );
  }
  const cost = (job as { cost?: { usd?: number; pricesAsOf?: string } }).cost;
  sections.push(
    h(
      'section',
      { 'aria-labelledby': 'cost-title' },
      h('h3', { id: 'cost-title' }, 'Cost so far'),
      h(
        'p',
        { id: 'cost' },
        `${number(p.recordsBilled)} vendor record(s) billed`,
        vendors.length > 0 ? ` (${vendors.map(([vendor, v]) => `${vendorName(vendor)} ${number(v.billed)}`).join(', ')})` : '',
        typeof cost?.usd === 'number' ? `; AWS $${cost.usd.toFixed(4)}${cost.pricesAsOf ? ` at the prices of ${cost.pricesAsOf}` : ''}` : '',
        '.',
      ),
    ),
  );
  if (job.error) sections.push(h('p', { class: 'bad', id: 'job-error' }, `Why the job ended so: ${job.error}`));
  return sections;
}

/**
 * An inline SVG: per step of the plan, the rows that needed the vendor (its rules picked them) and, of those,
 * how many it found something for. Until the job ends, the rows planned for each vendor so far.
 */
function waterfall(job: JobView): Element {
  const plan = (job.options?.plan ?? DEFAULT_PLAN).map((step) => (typeof step === 'string' ? step : step.vendor));
  const found = job.waterfall;
  const bars = plan.map((vendor: Vendor) => {
    const outcome = found?.[vendor];
    const planned = job.progress.vendors[vendor]?.planned ?? 0;
    return { vendor, needed: outcome?.rows ?? planned, found: outcome?.found, fromCache: outcome?.fromCache };
  });
  const rows = job.progress.rows;
  const scale = Math.max(rows, ...bars.map((b) => b.needed), 1);
  const width = 600;
  const labelWidth = 130;
  const barWidth = (n: number) => Math.max(n > 0 ? 2 : 0, Math.round(((width - labelWidth - 130) * n) / scale));
  const line = 34;
  const describe = (b: (typeof bars)[number]) =>
    `${vendorName(b.vendor)}: ${number(b.needed)} row(s) needed it${b.found === undefined ? '' : `, found for ${number(b.found)}${b.fromCache ? ` (${number(b.fromCache)} from the cache)` : ''}`}`;
  const summary = [`${number(rows)} row(s) in the file`, ...bars.map(describe)].join('; ');
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${line * (bars.length + 1) + 10}`, width: '100%', role: 'img', 'aria-labelledby': 'waterfall-svg-title', id: 'waterfall' },
    svg('title', { id: 'waterfall-svg-title' }, `What each vendor found: ${summary}`),
    svg('text', { x: 0, y: 22, class: 'label' }, 'All rows'),
    svg('rect', { x: labelWidth, y: 8, width: barWidth(rows), height: 20, class: 'bar-total' }),
    svg('text', { x: labelWidth + barWidth(rows) + 6, y: 22, class: 'value' }, number(rows)),
    ...bars.flatMap((b, i) => {
      const y = line * (i + 1) + 8;
      return [
        svg('text', { x: 0, y: y + 14, class: 'label' }, `${i + 1}. ${vendorName(b.vendor)}`),
        svg('rect', { x: labelWidth, y, width: barWidth(b.needed), height: 20, class: 'bar-needed' }),
        b.found === undefined ? null : svg('rect', { x: labelWidth, y, width: barWidth(b.found), height: 20, class: 'bar-found' }),
        svg(
          'text',
          { x: labelWidth + barWidth(b.needed) + 6, y: y + 14, class: 'value' },
          b.found === undefined ? `${number(b.needed)} planned` : `${number(b.found)} of ${number(b.needed)} found`,
        ),
      ];
    }),
  );
  return h(
    'figure',
    {},
    chart,
    h(
      'figcaption',
      {},
      found
        ? 'Dark: rows the vendor found something for; light: rows that needed it.'
        : 'Rows planned per vendor so far; what each found is counted when the job ends.',
    ),
  );
}

async function showDownloads(section: HTMLElement, jobId: string): Promise<void> {
  try {
    const { body } = await call<Results>(`/jobs/${jobId}/results`);
    const links = DOWNLOADS.filter(([key]) => body.files[key]).map(([key, name]) =>
      h('li', {}, h('a', { href: body.files[key]!, download: name, id: `download-${key}` }, name)),
    );
    section.replaceChildren(
      h('h3', { id: 'downloads-title' }, 'Result files'),
      links.length > 0 ? h('ul', {}, ...links) : h('p', {}, 'This job produced no files.'),
      h('p', { class: 'help' }, `Links work until ${new Date(body.expiresAt).toLocaleString('en-GB')}; reload the page for fresh ones.`),
    );
  } catch (error) {
    showError(describeError(error));
  }
}
