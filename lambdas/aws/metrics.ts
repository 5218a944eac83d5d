import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { observeVendorCalls, type VendorCall } from '../vendors/transport';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../core/metricNames';

/*
 * Emitted as CloudWatch embedded metric format (EMF) through Powertools: written to the log, extracted by
 * CloudWatch, no API call.
 */
/**
 * One EMF document: these metrics under these dimensions. A fresh Metrics object each time, because Powertools'
 * single-metric mode publishes every metric on its own and the shared object would mix dimensions of calls.
 */
function publish(dimensions: Record<string, string>, values: Array<[name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number]>): void {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
  for (const [name, unit, value] of values) metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
}

/** Statuses that mean the credentials are refused (Leadspace 401, LeadGenius 403, AggKnowledge 401/403). */
const UNAUTHORIZED = new Set([401, 403]);
/** Statuses that mean the contract has no credits left (Leadspace 427, AggKnowledge 402). */
const OUT_OF_CREDITS = new Set([402, 427]);

function recordVendorCall(call: VendorCall): void {
  const status = call.status;
  const is = (set: Set<number>) => (status !== undefined && set.has(status) ? 1 : 0);
  publish({ Vendor: call.vendor }, [
    [METRIC.vendorRequests, MetricUnit.Count, 1],
    [METRIC.vendorLatency, MetricUnit.Milliseconds, call.durationMs],
    [METRIC.vendorUnauthorized, MetricUnit.Count, is(UNAUTHORIZED)],
    [METRIC.vendorOutOfCredits, MetricUnit.Count, is(OUT_OF_CREDITS)],
    // No response at all counts with the server errors: for the caller it is the same outage.
    [METRIC.vendorServerErrors, MetricUnit.Count, status === undefined || status >= 500 ? 1 : 0],
  ]);
}

/** Counts every vendor call made in this process from now on (idempotent). */
export function countVendorCalls(): void {
  observeVendorCalls(recordVendorCall);
}

export function countCallbackRejected(vendor: string): void {
  publish({ Vendor: vendor }, [[METRIC.callbackRejected, MetricUnit.Count, 1]]);
}

/** Paid vendor answers Leadflow did not understand: `count` records unmapped, or one whole answer unreadable. */
export function countAnswersNotUnderstood(vendor: string, count: number): void {
  publish({ Vendor: vendor }, [[METRIC.vendorAnswersNotUnderstood, MetricUnit.Count, count]]);
}

/** A job ended: one count by final status, and its rows (for rows per hour, across statuses). */
export function countJobEnded(status: string, rows: number): void {
  publish({ Status: status }, [[METRIC.jobsEnded, MetricUnit.Count, 1]]);
  publish({}, [[METRIC.rowsProcessed, MetricUnit.Count, rows]]);
}

/** A vendor token's age in days (the daily token check). */
export function recordTokenAge(vendor: string, ageDays: number): void {
  publish({ Vendor: vendor }, [[METRIC.tokenAgeDays, MetricUnit.Count, ageDays]]);
}
