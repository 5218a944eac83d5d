import type { LeadGeniusItem } from './data';
import { isHttpUrl } from '../httpUrl';

export type ParsedBulkJob = { ok: true; items: LeadGeniusItem[]; webhookUrl?: string } | { ok: false; error: string };

const REQUIRED = ['first', 'last', 'domain'] as const;

/**
 * Validates a bulk job body against the document's submission schema. Messages name the field and the item's
 * index, never a value. `middle` is "required" in the schema, but the document's own examples send '', so an
 * absent or null middle is read as ''; only a non-string middle is refused.
 */
export function parseBulkJob(body: unknown): ParsedBulkJob {
  if (!isObject(body)) return fail('body must be a JSON object');
  const { data, options, webhook_url } = body;
  if (!Array.isArray(data)) return fail('data is required and must be a list');
  if (data.length === 0) return fail('data must not be empty');

  const items: LeadGeniusItem[] = [];
  for (const [index, raw] of data.entries()) {
    if (!isObject(raw)) return fail(`data[${index}] must be an object`);
    for (const field of REQUIRED) {
      const value = raw[field];
      if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
        return fail(`data[${index}].${field} is required`);
      }
      if (typeof value !== 'string') return fail(`data[${index}].${field} must be a string`);
    }
    const middle = raw.middle;
    if (middle !== undefined && middle !== null && typeof middle !== 'string') {
      return fail(`data[${index}].middle must be a string`);
    }
    items.push({ first: raw.first as string, middle: middle ?? '', last: raw.last as string, domain: raw.domain as string });
  }

  if (options !== undefined && options !== null) {
    if (!isObject(options)) return fail('options must be an object');
    for (const key of ['use_smtp_sniff', 'use_catch_all'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean') return fail(`options.${key} must be a boolean`);
    }
  }

  if (webhook_url !== undefined && webhook_url !== null) {
    if (typeof webhook_url !== 'string' || !isHttpUrl(webhook_url)) return fail('webhook_url must be an absolute http(s) URL');
    return { ok: true, items, webhookUrl: webhook_url };
  }
  return { ok: true, items };
}

function fail(error: string): ParsedBulkJob {
  return { ok: false, error };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
