import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CountRange, JobEstimate } from '../../lambdas/core/estimate';
import type { JobOptions } from '../../lambdas/core/jobOptions';

const n = (value: number) => value.toLocaleString('en-US');
const count = (r: CountRange) => (r.min === r.max ? n(r.max) : r.min === 0 ? `at most ${n(r.max)}` : `${n(r.min)} to ${n(r.max)}`);
const usd = (value: number) => `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;

function duration(seconds: CountRange): string {
  const one = (s: number) => (s >= 3_600 ? `${(s / 3_600).toFixed(s % 3_600 === 0 ? 0 : 1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`);
  return seconds.min === seconds.max ? one(seconds.max) : `up to ${one(seconds.max)}`;
}

/** `leadflow estimate`: what the job would send each vendor and what it would cost, before anything is bought. */
export function formatEstimate(estimate: JobEstimate, input: string): string {
  const lines = [
    '',
    `Leadflow estimate for ${input}: nothing was sent to any vendor`,
    `  ${n(estimate.rows)} rows: ${n(estimate.rejected.total)} rejected, ${n(estimate.duplicates)} duplicates, ${n(estimate.reportFooters)} report footers; ${n(estimate.uniqueLeads)} unique leads`,
  ];
  for (const [reason, times] of Object.entries(estimate.rejected.byReason).sort(([, a], [, b]) => b - a)) lines.push(`    rejected ${reason}: ${n(times)}`);
  if (estimate.refusal) lines.push('', `  The job would stop before any vendor call: ${estimate.refusal}`);
  lines.push('', '  Per vendor (exact where the file decides; "at most" where earlier answers do)');
  for (const step of estimate.steps) {
    const extra = [
      step.cacheHits.max > 0 ? `${count(step.cacheHits)} from cache` : '',
      step.shared.max > 0 ? `${count(step.shared)} sharing a record` : '',
      step.budget !== undefined ? `budget ${n(step.budget)}, ${count(step.overBudget)} left out` : '',
    ].filter(Boolean);
    lines.push(
      `    ${step.step + 1}. ${step.vendor.padEnd(13)} ${count(step.records)} records to send (billed at most that) of ${count(step.leads)} leads${extra.length ? `; ${extra.join(', ')}` : ''}`,
      // A vendor without a configured rate (Leadspace) takes its processing time, which the basis says.
      `       time: ${step.durationSeconds.max > 0 ? `${duration(step.durationSeconds)}: ` : ''}${step.durationBasis}`,
    );
  }
  const cost = estimate.awsCost.usd;
  lines.push(
    '',
    `  Time from the vendors' limits: ${duration(estimate.durationSeconds)}`,
    `  AWS cost: ${cost.min === cost.max ? usd(cost.max) : `${usd(cost.min)} to ${usd(cost.max)}`} (list prices of ${estimate.awsCost.pricesAsOf}; docs/cost.md)`,
  );
  return lines.join('\n');
}

/** The summary's "estimate against actual": per vendor (its steps together), what the estimate said and what was sent. */
export function formatEstimateAgainstActual(estimate: JobEstimate, sent: Partial<Record<string, number>>): string {
  const byVendor = new Map<string, CountRange>();
  for (const step of estimate.steps) {
    const sum = byVendor.get(step.vendor) ?? { min: 0, max: 0 };
    byVendor.set(step.vendor, { min: sum.min + step.records.min, max: sum.max + step.records.max });
  }
  const lines = ['  Estimate against actual'];
  for (const [vendor, records] of byVendor) {
    const actual = sent[vendor] ?? 0;
    // Another job may have filled or the cache expired between the two: the estimate holds for the cache it read.
    const held = actual >= records.min && actual <= records.max;
    lines.push(`    ${vendor.padEnd(13)} estimated ${count(records)}, sent ${n(actual)}${held ? '' : ' (outside the estimate)'}`);
  }
  return lines.join('\n');
}

/**
 * The last estimate of a file with the same options, kept in the state folder so that `enrich` can compare: keyed
 * by the file's content and the options, so a changed file or option never reads a stale one.
 */
async function estimateKey(file: string, options: JobOptions): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  hash.update(JSON.stringify(options));
  return hash.digest('hex');
}

export async function keepEstimate(state: string, file: string, options: JobOptions, estimate: JobEstimate): Promise<void> {
  await mkdir(join(state, 'estimates'), { recursive: true, mode: 0o700 });
  await writeFile(join(state, 'estimates', `${await estimateKey(file, options)}.json`), JSON.stringify(estimate), { mode: 0o600 });
}

export async function keptEstimate(state: string, file: string, options: JobOptions): Promise<JobEstimate | undefined> {
  const text = await readFile(join(state, 'estimates', `${await estimateKey(file, options)}.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as JobEstimate);
}
