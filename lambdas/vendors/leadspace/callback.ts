import * as z from 'zod';

/** The statuses the document lists for `bulkStatus`, compared in upper case. */
export const LEADSPACE_BULK_STATUSES = ['COMPLETED', 'INSUFFICIENT_CREDITS', 'INTERNAL_ERROR'] as const;
export type LeadspaceBulkStatus = (typeof LEADSPACE_BULK_STATUSES)[number];

/** A bulk id only ever becomes a DynamoDB value and a path segment of our own polling URL: kept to that shape. */
export const isBulkId = (value: string): boolean => /^[A-Za-z0-9._:-]{1,128}$/.test(value);
/** "/<apiversion>/enrichment/results/<Leadspace bulk ID>", the polling URI the document describes */
export const LEADSPACE_POLLING_PATH = /^\/[^/]+\/enrichment\/results\/([^/?#]+)$/;
/** The polling path of a bulk known only by its id, in the document's v3 form. */
export const leadspacePollingPath = (bulkId: string) => `/v3/enrichment/results/${encodeURIComponent(bulkId)}`;

const optionalText = z.string().max(2048).nullish().catch(undefined);
const optionalCount = z.union([z.number(), z.string()]).nullish().catch(undefined);

/** Every documented field is optional here: the document gives a table, not a guarantee. */
const CallbackBodySchema = z.looseObject({
  bulkId: z.union([z.string(), z.number()]).nullish().catch(undefined),
  callbackMethod: z.looseObject({ callbackUrl: optionalText, pollingUrl: optionalText }).nullish().catch(undefined),
  bulkStatus: optionalText,
  successRecords: optionalCount,
  personEnriched: optionalCount,
  companyEnriched: optionalCount,
});

const DOCUMENTED_FIELDS = ['bulkId', 'callbackMethod', 'bulkStatus', 'successRecords', 'personEnriched', 'companyEnriched'] as const;

export interface LeadspaceCallback {
  bulkId: string;
  /** the path of the callback's pollingUrl when it has the documented form and names the same bulk */
  pollingPath?: string;
  /** upper-cased; undefined when absent or not one of the documented values */
  bulkStatus?: LeadspaceBulkStatus;
  /** which reading the vendor used, for the logs (field names only, never values) */
  reading: { bulkIdFrom: 'bulkId' | 'pollingUrl'; fields: string[] };
}

export type LeadspaceCallbackParse = { success: true; data: LeadspaceCallback } | { success: false; error: string };

/**
 * Reads an incoming callback leniently: any subset of the documented fields will do as long as the body names a
 * bulk (its `bulkId`, or the id at the end of its `pollingUrl`). A callback only ever wakes a batch or names the
 * bulk of a round whose acceptance was lost; what the bulk holds, and whether it ran out of credits, comes from
 * polling the vendor's API (docs/vendors.md). The polling path is taken from the body only in the documented form
 * and is always sent to the configured Leadspace host, never to one the body names.
 */
export function parseLeadspaceCallback(body: unknown): LeadspaceCallbackParse {
  const parsed = CallbackBodySchema.safeParse(body);
  if (!parsed.success) return { success: false, error: 'Leadspace callback body is not a JSON object' };
  const { bulkId, callbackMethod, bulkStatus } = parsed.data;
  const fromUrl = pollingPathOf(callbackMethod?.pollingUrl);
  const named = bulkId !== undefined && bulkId !== null && String(bulkId).length > 0 ? String(bulkId) : fromUrl?.bulkId;
  if (named === undefined || !isBulkId(named)) {
    return { success: false, error: 'Leadspace callback names no bulk (bulkId, or a pollingUrl ending in one)' };
  }
  const status = bulkStatus?.trim().toUpperCase();
  return {
    success: true,
    data: {
      bulkId: named,
      ...(fromUrl?.bulkId === named && { pollingPath: fromUrl.path }),
      ...(LEADSPACE_BULK_STATUSES.includes(status as LeadspaceBulkStatus) && { bulkStatus: status as LeadspaceBulkStatus }),
      reading: {
        bulkIdFrom: bulkId !== undefined && bulkId !== null && String(bulkId).length > 0 ? 'bulkId' : 'pollingUrl',
        fields: DOCUMENTED_FIELDS.filter((k) => parsed.data[k] !== undefined && parsed.data[k] !== null),
      },
    },
  };
}

function pollingPathOf(url: string | null | undefined): { path: string; bulkId: string } | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url, 'https://leadspace.invalid').pathname;
  } catch {
    return undefined;
  }
  const id = LEADSPACE_POLLING_PATH.exec(path)?.[1];
  if (!id) return undefined;
  try {
    return { path, bulkId: decodeURIComponent(id) };
  } catch {
    return undefined;
  }
}
