import { createHash } from 'node:crypto';
import type { BatchStatus, BatchSummary, ItemBody } from './batches';
import type { AggKnowledgeSimPerson } from './data';

/*
 * The document gives names, not shapes: how the real vendor writes a status, wraps a list or names a person's
 * fields is unknown. The dialect lets tests and the local runtime answer in other plausible readings than
 * Leadflow's default, to prove the client reads them. Every non-default choice is INVENTED (so is the default:
 * it is Leadflow's reading, see lambdas/vendors/aggknowledge/client.ts).
 */
export interface AggKnowledgeDialect {
  /** Letter case of the batch status word. Default 'lower'. */
  statusCase?: 'lower' | 'upper';
  /** The word for a finished batch. Default 'completed'. */
  statusWord?: 'completed' | 'done';
  /**
   * How lists come: 'items' `{ items, cursor }` and `{ batches, total }` (default); 'data' `{ data, nextCursor }`
   * (`next_cursor` with alternate field names) and `{ data, total }`; 'bare' a plain array: every processed item
   * in one answer (no cursor, the page limit ignored), and the listing's page of batches without its total.
   */
  wrapper?: 'items' | 'data' | 'bare';
  /**
   * 'default': camelCase items and persons as today. 'alternate': is_success/is_retryable, and a snake_case
   * person with job_title, work_email, linkedin_url, a `company: { name, website }` and `location: { state, city }`.
   */
  fieldNames?: 'default' | 'alternate';
  /**
   * Fraction (0..1) of successful items whose person carries only fields Leadflow cannot map (ids and a
   * headline). They are still successes, and billed. Chosen by a hash of the identity, so the same people are
   * affected whatever the order; decided when an item is processed.
   */
  unmappedRate?: number;
}

export class DialectSwitch {
  private dialect: AggKnowledgeDialect = {};

  constructor(dialect: AggKnowledgeDialect = {}) {
    this.set(dialect);
  }

  /** Replaces the whole dialect (not a merge), like setFaults. */
  set(dialect: AggKnowledgeDialect): void {
    const rate = dialect.unmappedRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('unmappedRate must be within 0..1');
    this.dialect = { ...dialect };
  }

  get current(): Readonly<AggKnowledgeDialect> {
    return this.dialect;
  }

  /** Whether this identity's successful item carries an unmappable person. */
  unmappedIdentity(identity: string): boolean {
    const rate = this.dialect.unmappedRate ?? 0;
    if (rate <= 0) return false;
    const digest = createHash('sha256').update(`unmapped|${identity}`, 'utf8').digest();
    return digest.readUInt32BE(0) / 4294967296 < rate;
  }

  status(status: BatchStatus): string {
    const word = status === 'completed' ? (this.dialect.statusWord ?? 'completed') : status;
    return this.dialect.statusCase === 'upper' ? word.toUpperCase() : word;
  }

  summary(summary: BatchSummary): Record<string, unknown> {
    return { ...summary, status: this.status(summary.status) };
  }

  batchList(list: { batches: BatchSummary[]; total: number }): unknown {
    const batches = list.batches.map((b) => this.summary(b));
    switch (this.dialect.wrapper ?? 'items') {
      case 'bare':
        return batches;
      case 'data':
        return { data: batches, total: list.total };
      case 'items':
        return { batches, total: list.total };
    }
  }

  /** A wrapper that carries no cursor cannot be paged: the caller hands it every processed item. */
  get pagesItems(): boolean {
    return this.dialect.wrapper !== 'bare';
  }

  itemPage(items: readonly ItemBody[], cursor: string | null): unknown {
    const rendered = items.map((item) => this.item(item));
    switch (this.dialect.wrapper ?? 'items') {
      case 'bare':
        return rendered;
      case 'data':
        return { data: rendered, [this.dialect.fieldNames === 'alternate' ? 'next_cursor' : 'nextCursor']: cursor };
      case 'items':
        return { items: rendered, cursor };
    }
  }

  item(item: ItemBody): Record<string, unknown> {
    if (this.dialect.fieldNames !== 'alternate') return { ...item };
    return {
      id: item.id,
      is_success: item.isSuccess,
      is_retryable: item.isRetryable,
      metadata: item.metadata,
      person: item.person && (isUnmappable(item.person) ? alternateUnmappable(item.person) : alternatePerson(item.person)),
      error: item.error,
    };
  }
}

/** The person the unmappedRate serves: what the vendor knows, under nothing Leadflow maps. */
export interface UnmappablePerson {
  id: string;
  pdlId: string;
  headline: string;
}

export function unmappablePerson(person: AggKnowledgeSimPerson): UnmappablePerson {
  return { id: person.id, pdlId: person.pdlId, headline: person.headline };
}

function isUnmappable(person: AggKnowledgeSimPerson | UnmappablePerson): person is UnmappablePerson {
  return !('firstName' in person);
}

function alternateUnmappable(person: UnmappablePerson): Record<string, unknown> {
  return { id: person.id, pdl_id: person.pdlId, headline: person.headline };
}

function alternatePerson(person: AggKnowledgeSimPerson): Record<string, unknown> {
  return {
    id: person.id,
    pdl_id: person.pdlId,
    full_name: person.fullName,
    first_name: person.firstName,
    last_name: person.lastName,
    headline: person.headline,
    job_title: person.title,
    seniority_level: person.seniority,
    department: person.department,
    location: person.location && { country: person.location.country, state: person.location.region, city: person.location.locality },
    linkedin_url: person.linkedinUrl,
    company: person.currentEmployer && { name: person.currentEmployer.name, website: `https://www.${person.currentEmployer.domain}/` },
    work_email: person.workEmail,
  };
}
