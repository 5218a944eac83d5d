/*
 * The shapes the document leaves open, read leniently. The document names `status`, `cursor`, `isSuccess`,
 * `isRetryable` and "caller-supplied metadata", but not the status values, the list wrapper or the letter case of
 * keys, so each reader accepts the plausible variants and says which one it met: the adapter logs that (key names
 * and recognised status words only, never a value) so a surprise from the real vendor is visible at once.
 */

export type AggKnowledgeBatchState = 'pending' | 'processing' | 'completed' | 'failed';

// Keys are compared after lower-casing and dropping spaces, hyphens and underscores ("In-Progress" = "in_progress").
const STATUS_WORDS: Readonly<Record<string, AggKnowledgeBatchState>> = {
  completed: 'completed',
  complete: 'completed',
  done: 'completed',
  finished: 'completed',
  succeeded: 'completed',
  pending: 'pending',
  queued: 'pending',
  processing: 'processing',
  running: 'processing',
  inprogress: 'processing',
  failed: 'failed',
  error: 'failed',
};

export const foldKey = (key: string): string => key.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The batch state a status value stands for, and the value as the vendor wrote it (safe to log: it matched one
 * of the words above). Undefined for anything else, which the caller reports without quoting it.
 */
export function readBatchState(value: unknown): { state: AggKnowledgeBatchState; statusValue: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const folded = foldKey(value.trim());
  const state = Object.hasOwn(STATUS_WORDS, folded) ? STATUS_WORDS[folded] : undefined;
  return state && { state, statusValue: value.trim() };
}

export type ListWrapper = 'items' | 'data' | 'results' | 'batches' | 'bare';
export type CursorField = 'cursor' | 'nextCursor' | 'next_cursor' | 'none';

export const ITEM_LIST_KEYS = ['items', 'data', 'results'] as const;
export const BATCH_LIST_KEYS = ['batches', 'items', 'data', 'results'] as const;
const CURSOR_KEYS = ['cursor', 'nextCursor', 'next_cursor'] as const;
const TOTAL_KEYS = ['total', 'totalCount', 'total_count'] as const;

export interface UnwrappedList {
  list: unknown[];
  wrapper: ListWrapper;
  /** The wrapper object, for its cursor or total; undefined for a bare list. */
  envelope?: Record<string, unknown>;
}

/** The list in a body that is a bare array or an object holding it under one of `keys` (first match wins). */
export function unwrapList(body: unknown, keys: readonly Exclude<ListWrapper, 'bare'>[]): UnwrappedList | undefined {
  if (Array.isArray(body)) return { list: body, wrapper: 'bare' };
  if (!isRecord(body)) return undefined;
  const wrapper = keys.find((key) => Array.isArray(body[key]));
  return wrapper && { list: body[wrapper] as unknown[], wrapper, envelope: body };
}

/**
 * The next-page cursor: null when absent, null or empty (the last page), a string otherwise (numbers are
 * accepted as their text). `invalid` when the field holds anything else.
 */
export function readCursor(envelope: Record<string, unknown> | undefined): { cursor: string | null; cursorField: CursorField } | 'invalid' {
  const field = envelope && CURSOR_KEYS.find((key) => envelope[key] !== undefined);
  if (!envelope || !field) return { cursor: null, cursorField: 'none' };
  const value = envelope[field];
  if (value === null || value === '') return { cursor: null, cursorField: field };
  if (typeof value === 'string') return { cursor: value, cursorField: field };
  if (typeof value === 'number' && Number.isFinite(value)) return { cursor: String(value), cursorField: field };
  return 'invalid';
}

/** The listing's total, when the envelope carries a usable one; a bare list has none. */
export function readTotal(envelope: Record<string, unknown> | undefined): number | undefined {
  const value = envelope && TOTAL_KEYS.map((key) => envelope[key]).find((v) => v !== undefined);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Item keys Leadflow reads, each with the spellings accepted (the first present wins). */
const ITEM_KEYS = {
  id: ['id', 'itemId', 'item_id'],
  isSuccess: ['isSuccess', 'is_success'],
  isRetryable: ['isRetryable', 'is_retryable'],
  metadata: ['metadata'],
  // The document does not name the key the person comes under; `person` is Leadflow's reading.
  person: ['person', 'profile', 'data', 'result'],
  error: ['error'],
} as const;

/**
 * One item in Leadflow's canonical spelling (id, isSuccess, isRetryable, metadata, person, error); keys it does
 * not read pass through untouched, so the stored raw answer keeps everything the vendor sent. `spellings` lists
 * the vendor's key names that were read. Not validated here: the schema does that, naming canonical paths.
 */
export function canonicalItem(raw: unknown): { item: unknown; spellings: string[] } {
  if (!isRecord(raw)) return { item: raw, spellings: [] };
  const rest: Record<string, unknown> = { ...raw };
  const spellings: string[] = [];
  const take = (names: readonly string[], usable: (value: unknown) => boolean = (v) => v !== undefined): unknown => {
    const name = names.find((n) => Object.hasOwn(rest, n) && usable(rest[n]));
    if (name === undefined) return undefined;
    const value = rest[name];
    for (const n of names) delete rest[n];
    spellings.push(name);
    return value;
  };
  const id = take(ITEM_KEYS.id);
  const isSuccess = take(ITEM_KEYS.isSuccess);
  const isRetryable = take(ITEM_KEYS.isRetryable);
  const metadata = readMetadata(take(ITEM_KEYS.metadata));
  // Only an object can be the person: `data` or `result` holding anything else is left where it was.
  const person = take(ITEM_KEYS.person, isRecord);
  const error = readError(take(ITEM_KEYS.error));
  return {
    item: {
      ...rest,
      id: typeof id === 'number' && Number.isFinite(id) ? String(id) : id,
      isSuccess,
      // "Always true for successful requests": a success that omits it loses nothing by the default.
      isRetryable: isRetryable === undefined && isSuccess === true ? true : isRetryable,
      metadata,
      person: person ?? null,
      error,
    },
    spellings,
  };
}

/** Metadata as sent, or as JSON text of an object (a vendor that stores it as a string); anything else: null. */
function readMetadata(value: unknown): Record<string, unknown> | null {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** `{ code, message }` (Leadflow's reading), a bare code string, or an object naming its code `type`/`reason`. */
function readError(value: unknown): { code: string | null; [key: string]: unknown } | null {
  if (typeof value === 'string') return { code: value };
  if (!isRecord(value)) return null;
  const code = [value.code, value.type, value.reason].find((v): v is string => typeof v === 'string');
  return { ...value, code: code ?? null };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
