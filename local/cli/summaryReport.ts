import type { JobSummary } from '../../lambdas/core/output';
import type { JobRun } from '../runtime';

interface Summary extends Partial<JobSummary> {
  status?: string;
  preambleRows?: number;
  failureReason?: string;
  uniqueLeads?: number;
  batches?: { total: number; collected: number; failed: number };
  awsCost?: { usd: number; pricesAsOf: string };
  vendors?: Record<
    string,
    { recordsSent: number; recordsBilled: number; cacheHits?: number; skippedBudget?: number; roundsResent?: number; roundsRecovered?: number }
  >;
}

const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');
const pad = (label: string) => `  ${label.padEnd(22)}`;

function breakdown(counts: Record<string, number> | undefined): string {
  const entries = Object.entries(counts ?? {}).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '' : `  (${entries.map(([reason, count]) => `${reason}: ${n(count)}`).join(', ')})`;
}

/** The readable end-of-run summary: counts and reasons only, never lead data. */
export function formatSummary(run: JobRun, input: string, written: string[]): string {
  const s = (run.summary ?? {}) as Summary;
  const status = s.status ?? run.job.status;
  const lines = [
    '',
    `Leadflow job ${run.jobId}: ${status} in ${(run.durationMs / 1000).toFixed(1)} s`,
    `  input ${input}${s.rows ? `, ${n(s.rows)} rows` : ''}`,
  ];
  if (s.failureReason ?? run.job.failureReason) lines.push(`  reason: ${s.failureReason ?? run.job.failureReason}`);
  // A file that could not be read has no rows to report on; the reason says it all.
  if (!s.rows) return lines.join('\n');
  lines.push('', '  Rows by status');
  const rows: [string, number | undefined, string][] = [
    ['enriched', s.enriched, ''],
    ['partially_enriched', s.partially_enriched, ''],
    ['not_found', s.not_found, ''],
    // Shown only when it happens: a vendor answer Leadflow could not map, billed and kept.
    ...(s.unmapped ? [['unmapped', s.unmapped, ''] as [string, number, string]] : []),
    ['rejected', s.rejected?.total, breakdown(s.rejected?.byReason)],
    ['failed', s.failed?.total, breakdown(s.failed?.byReason)],
    ['skipped', s.skipped?.total, breakdown(s.skipped?.byReason)],
    ...(s.not_applicable?.total ? [['not applicable', s.not_applicable.total, breakdown(s.not_applicable.byReason)] as [string, number, string]] : []),
    // Shown only when the file had them: kept in the output, never leads.
    ...(s.reportFooters ? [['report footer', s.reportFooters, ' (not leads: totals, confidentiality, copyright lines)'] as [string, number, string]] : []),
  ];
  for (const [name, count, detail] of rows) lines.push(`    ${name.padEnd(20)}${n(count).padStart(8)}${detail}`);
  lines.push('', `${pad('Duplicate rows')}${n(s.duplicates)} (share a lead with an earlier row; bought once)`, `${pad('Unique leads')}${n(s.uniqueLeads)}`);
  if (s.preambleRows) lines.push(`${pad('Preamble')}${n(s.preambleRows)} line(s) above the header, not leads`);
  for (const [vendor, v] of Object.entries(s.vendors ?? {})) {
    const extra = [
      v.cacheHits ? `${n(v.cacheHits)} answered from cache` : '',
      v.skippedBudget ? `${n(v.skippedBudget)} records not sent (budget)` : '',
      v.roundsRecovered ? `${n(v.roundsRecovered)} lost acceptance(s) recovered from the callback` : '',
      v.roundsResent ? `${n(v.roundsResent)} batch(es) sent again after no answer (may be billed twice)` : '',
    ].filter(Boolean);
    lines.push(`${pad(`${vendor} records`)}${n(v.recordsSent)} sent, ${n(v.recordsBilled)} billed${extra.length ? `, ${extra.join(', ')}` : ''}`);
  }
  if (s.batches) lines.push(`${pad('Batches')}${n(s.batches.total)} (${n(s.batches.collected)} collected, ${n(s.batches.failed)} failed)`);
  lines.push(`${pad('State transitions')}${n(run.stateTransitions)}`);
  if (s.awsCost) {
    lines.push(`${pad('AWS cost')}$${s.awsCost.usd.toFixed(4)} on AWS, from the job's counts at list prices of ${s.awsCost.pricesAsOf} (docs/cost.md)`);
  }
  if (written.length > 0) lines.push(`${pad('Outputs')}${written.join(`\n${' '.repeat(24)}`)}`);
  return lines.join('\n');
}
