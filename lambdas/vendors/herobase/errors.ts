import { VendorFatalError, VendorTransientError, type VendorFatalCode } from '../errors';
import { ForbiddenBodySchema, ValidationErrorBodySchema } from './schemas';

/*
 * HeroBase-specific refinements of the vendor-generic errors: a handler that only knows VendorFatalError and
 * VendorTransientError still does the right thing; one that knows HeroBase reads the missing right or the
 * Retry-After.
 */

export const HEROBASE_VENDOR = 'herobase';
export const HEROBASE_NAME = 'HeroBase';

/** The code of a 403: the account lacks a right; only HeroBase support can add it. */
export const FORBIDDEN_CODE: VendorFatalCode = 'forbidden';

/** 403: the account lacks a resource right (e.g. "POST Leads") or the campaign's project right. */
export class HeroBaseForbiddenError extends VendorFatalError {
  /** "POST Leads", when the vendor named it. */
  readonly missingRight: string | undefined;
  /** The project no project right covers, when the vendor named it. */
  readonly missingProjectRight: string | undefined;

  constructor(args: { what: string; missingRight?: string; missingProjectRight?: string }) {
    const reasons = [
      ...(args.missingRight ? [`missing resource right ${args.missingRight}`] : []),
      ...(args.missingProjectRight ? [`no project right covers project '${args.missingProjectRight}'`] : []),
    ];
    super({
      vendor: HEROBASE_VENDOR,
      httpStatus: 403,
      code: FORBIDDEN_CODE,
      message: `${HEROBASE_NAME} refused the ${args.what} (HTTP 403)${reasons.length ? `: ${reasons.join('; ')}` : ': the account lacks a right'}`,
    });
    this.missingRight = args.missingRight;
    this.missingProjectRight = args.missingProjectRight;
  }
}

/**
 * 429 still answered after the transport's attempts. `retryAfterSeconds` is the vendor's Retry-After of the last
 * 429 (undefined when it sent none): when a pacing limiter or the caller may try again.
 */
export class HeroBaseRateLimitedError extends VendorTransientError {
  readonly retryAfterSeconds: number | undefined;

  constructor(args: { attempts: number; what: string; retryAfterSeconds: number | undefined }) {
    const after = args.retryAfterSeconds === undefined ? '' : `; Retry-After ${args.retryAfterSeconds} s`;
    super({
      vendor: HEROBASE_VENDOR,
      httpStatus: 429,
      attempts: args.attempts,
      message: `${HEROBASE_NAME} ${args.what} failed with HTTP 429 after ${args.attempts} attempt(s) (fair-use rate limit${after})`,
    });
    this.retryAfterSeconds = args.retryAfterSeconds;
  }
}

/** Retry-After as whole seconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

// A resource right as the account lists it: a verb and a resource name.
const RIGHT = /\b(GET|POST|PUT|PATCH|DELETE)\s+([A-Za-z][A-Za-z0-9]{0,40})\b/;
const PROJECT_NAME = /^[^\p{Cc}]{1,100}$/u;

/**
 * The right a 403 names. The structured fields win; otherwise a "VERB Resource" pair in the message (rights are
 * account configuration, never lead data). Only right-shaped text is taken from the body.
 */
export async function readForbidden(response: Response): Promise<{ missingRight?: string; missingProjectRight?: string }> {
  const parsed = ForbiddenBodySchema.safeParse(await readJsonLoosely(response));
  if (!parsed.success) return {};
  const { missingRight, missingProjectRight, message } = parsed.data;
  const right = RIGHT.exec(missingRight ?? '') ?? RIGHT.exec(message ?? '');
  return {
    ...(right && { missingRight: `${right[1]} ${right[2]}` }),
    ...(missingProjectRight && PROJECT_NAME.test(missingProjectRight) && { missingProjectRight }),
  };
}

export interface HeroBaseInvalidField {
  field: string;
  message: string;
}

const FIELD_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,99}$/u;
const MAX_MESSAGE = 200;
const GENERIC_MESSAGE = 'is invalid';

/**
 * The per-field errors of a 400, or undefined when the body has none. Field names must be field-shaped (or one
 * of the submitted keys). A vendor message is kept only when it quotes none of the submitted values (compared
 * case-insensitively); otherwise, or when absent or long, it becomes "is invalid". So nothing returned here can
 * carry lead data, even if the vendor echoed it.
 */
export async function readInvalidFields(response: Response, submitted: Readonly<Record<string, string>> = {}): Promise<HeroBaseInvalidField[] | undefined> {
  const parsed = ValidationErrorBodySchema.safeParse(await readJsonLoosely(response));
  if (!parsed.success || !parsed.data.errors?.length) return undefined;
  const values = Object.values(submitted)
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value.length > 0);
  const out: HeroBaseInvalidField[] = [];
  for (const error of parsed.data.errors) {
    const field = error.field in submitted || FIELD_NAME.test(error.field) ? error.field : '(unnamed field)';
    const raw = (error.message ?? '').trim();
    const lower = raw.toLowerCase();
    const safe = raw.length > 0 && raw.length <= MAX_MESSAGE && !values.some((value) => lower.includes(value));
    out.push({ field, message: safe ? raw : GENERIC_MESSAGE });
  }
  return out;
}

async function readJsonLoosely(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}
