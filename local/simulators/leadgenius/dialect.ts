/**
 * How the simulator answers where the vendor's document allows more than one reading, so the client can be
 * tested against each. The defaults are the readings Leadflow was first built on. Where a field says "invented
 * behaviour", the document does not describe it at all: it is a plausible vendor behaviour the client must
 * survive, not something LeadGenius is known to do.
 */
export interface LeadGeniusDialect {
  /**
   * The acceptance body's id field. Default 'job_id': the bulk section's JOB SUBMITTED example
   * (`{"status": 202, "job_id": 1232}`); 'id' is what the same section's example code reads (`r.json().get('id')`).
   */
  acceptIdField?: 'job_id' | 'id';
  /**
   * The job id's JSON type. Default 'number' (`1232`, `bulk_id: 2`); 'string' answers "bulk-<n>", as the single-job
   * section's `"id": "somejobid"` suggests ids may be strings. Status calls and webhooks then use that string.
   */
  jobIdAs?: 'number' | 'string';
  /**
   * The HTTP status (and body `status`) of an acceptance. Default 202, the only one the examples show; 200 is in
   * the response-code table ("Request processed successfully, look at response object for details").
   */
  acceptStatus?: 200 | 202;
  /**
   * The status of a call over a documented limit. Default 429: invented behaviour (the document lists no 429).
   * 403 follows RATELIMITING ("Make sure to check the response objects when getting a 403 error"), with a body
   * saying the limit was exceeded; the body text itself is invented.
   */
  rateLimitStatus?: 429 | 403;
  /**
   * For this long (simulator clock, ms) after a job is accepted, its status call answers 404 `{status: 404, error:
   * "Not Found"}`, as if the status endpoint learnt of jobs late. Invented behaviour. Default 0.
   */
  statusNotFoundUntilMs?: number;
  /**
   * How `results.completed` is written. Default 'boolean' (the document's `false`); 'string' writes "true" /
   * "false", as a backend that stringifies its fields would. Invented behaviour.
   */
  completedAs?: 'boolean' | 'string';
}

export type ResolvedDialect = Required<LeadGeniusDialect>;

const DEFAULT_DIALECT: ResolvedDialect = {
  acceptIdField: 'job_id',
  jobIdAs: 'number',
  acceptStatus: 202,
  rateLimitStatus: 429,
  statusNotFoundUntilMs: 0,
  completedAs: 'boolean',
};

/** The dialect in force; `set` replaces it (not a merge), like the faults. */
export class DialectSwitch {
  private dialect: ResolvedDialect = DEFAULT_DIALECT;

  constructor(dialect: LeadGeniusDialect = {}) {
    this.set(dialect);
  }

  set(dialect: LeadGeniusDialect): void {
    const wait = dialect.statusNotFoundUntilMs;
    if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) throw new RangeError('statusNotFoundUntilMs must be a number >= 0');
    const given = Object.fromEntries(Object.entries(dialect).filter(([, v]) => v !== undefined));
    this.dialect = { ...DEFAULT_DIALECT, ...given };
  }

  get current(): Readonly<ResolvedDialect> {
    return this.dialect;
  }

  /** The job id as this dialect writes it (in the acceptance, webhooks and nowhere else). */
  externalId(jobId: number): number | string {
    return this.dialect.jobIdAs === 'string' ? `bulk-${jobId}` : jobId;
  }
}

/** A job id from a status path, in either form: a client may keep polling across a dialect switch. */
export function parseJobId(value: string): number | undefined {
  const match = /^(?:bulk-)?(\d{1,15})$/.exec(value);
  return match ? Number(match[1]) : undefined;
}
