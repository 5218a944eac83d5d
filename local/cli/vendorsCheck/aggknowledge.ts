import {
  AggKnowledgeClient,
  VendorFatalError,
  VendorProtocolError,
  collectResults,
  type AggKnowledgeBatchStatus,
  type AggKnowledgeItem,
  type AggKnowledgeItemsReading,
  type AggKnowledgeRecord,
} from '../../../lambdas/vendors/aggknowledge';
import { isUnauthorized, whyFailed } from './errors';
import { LineBook, confirmed, contradicted, notChecked, type CheckLine, type Verdict } from './lines';
import { gaveUpReason, pollUntil, type Timing } from './timing';

export interface AggKnowledgeTarget {
  client: AggKnowledgeClient;
}

/** A client of the unbilled `test` environment, whatever the pipeline is configured with; one attempt per call. */
export function aggKnowledgeTarget(apiKey: string, baseUrl: string): AggKnowledgeTarget {
  return { client: new AggKnowledgeClient({ baseUrl, apiKey, environment: 'test', retry: { maxAttempts: 1 } }) };
}

const SUBMISSION_KEY = 'leadflow-vendors-check';
/** A well-known public profile, fixed: never a lead of the user's. */
export const AGGKNOWLEDGE_CHECK_RECORD: AggKnowledgeRecord = {
  externalId: 'leadflow-vendors-check-1',
  linkedinUrl: 'https://www.linkedin.com/in/williamhgates',
};

/** Leadflow's reading of an item's keys (the document names the flags, not their spelling or the person's key). */
const DEFAULT_ITEM_KEYS = ['error', 'id', 'isRetryable', 'isSuccess', 'metadata', 'person'];
/** The first spelling personFields.ts tries for each field it maps: Leadflow's default reading of a person. */
const DEFAULT_PERSON_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'title',
  'workEmail',
  'department',
  'seniority',
  'linkedinUrl',
  'location.country',
  'location.region',
  'location.locality',
  'currentEmployer.name',
  'currentEmployer.domain',
];

const READINGS = {
  credentials: 'the API key is accepted (test environment)',
  status: 'a finished batch has status "completed"',
  listWrapper: 'item lists come as { items, cursor }',
  itemKeys: `items have ${DEFAULT_ITEM_KEYS.join(', ')}`,
  metadata: 'items echo the request metadata',
  personFields: "person fields have Leadflow's default names (firstName, title, …)",
};

/*
 * Always in the `test` environment, the vendor's unbilled sandbox: one profile is submitted whether or not
 * --spend 1 is given.
 */
export async function checkAggKnowledge(target: AggKnowledgeTarget, options: { timing: Timing }): Promise<CheckLine[]> {
  const book = new LineBook('aggknowledge', READINGS);
  const { client } = target;
  // A guard, not a setting: the check must never buy from the live environment.
  if (client.environment !== 'test') return book.rest(notChecked('the check only uses the test environment'));

  let batchId: string;
  try {
    ({ batchId } = await client.submitBulk([AGGKNOWLEDGE_CHECK_RECORD], SUBMISSION_KEY));
    book.put('credentials', confirmed());
  } catch (error) {
    if (isUnauthorized(error)) {
      book.put('credentials', contradicted('API key', `HTTP ${error.httpStatus}, refused`));
      return book.rest(notChecked('the API key was refused'));
    }
    book.put('credentials', error instanceof VendorFatalError ? contradicted('submission', `HTTP ${error.httpStatus}, refused`) : notChecked(whyFailed(error)));
    return book.rest(notChecked('the sandbox batch was not created'));
  }

  let status: AggKnowledgeBatchStatus;
  try {
    const outcome = await pollUntil(options.timing, async () => {
      const current = await client.batchStatus(batchId);
      return current.status === 'completed' || current.status === 'failed' ? current : undefined;
    });
    if ('gaveUp' in outcome) return book.rest(notChecked(`the sandbox batch is ${gaveUpReason(outcome.gaveUp)}`));
    status = outcome.done;
  } catch (error) {
    if (error instanceof VendorProtocolError && error.httpStatus === 200) {
      // The client never quotes an unknown status word: it could be free text.
      book.put('status', contradicted('status', 'a word Leadflow does not recognise', false));
      return book.rest(notChecked('the batch status could not be read'));
    }
    return book.rest(notChecked(`batch status: ${whyFailed(error)}`));
  }
  if (status.status === 'failed') return book.rest(notChecked('the sandbox batch failed'));
  // Safe to print: the client only returns a status word it recognised.
  book.put('status', status.statusValue === 'completed' ? confirmed() : contradicted('status', `came as "${status.statusValue}"`, true));

  let items: AggKnowledgeItem[];
  let reading: AggKnowledgeItemsReading;
  try {
    ({ items, reading } = await client.readItems(batchId));
  } catch (error) {
    if (error instanceof VendorProtocolError && error.httpStatus === 200) {
      book.put('listWrapper', contradicted('items', 'not a shape Leadflow reads', false));
      return book.rest(notChecked('the items could not be read'));
    }
    return book.rest(notChecked(`items: ${whyFailed(error)}`));
  }
  book.put('listWrapper', listWrapper(reading));
  const unusual = reading.itemFields.filter((key) => !DEFAULT_ITEM_KEYS.includes(key));
  book.put('itemKeys', unusual.length === 0 ? confirmed() : contradicted('item keys', unusual.join(', '), true));
  const item = items[0];
  if (!item) return book.rest(notChecked('the finished batch listed no item'));

  const collected = collectResults(items, SUBMISSION_KEY);
  const matched = collected.results.length + collected.retry.length;
  book.put('metadata', matched > 0 ? confirmed() : contradicted('metadata', 'not echoed', false));
  book.put('personFields', personFields(item, collected));
  return book.done();
}

function listWrapper(reading: AggKnowledgeItemsReading): Verdict {
  if (reading.wrapper === 'items' && reading.cursorField === 'cursor') return confirmed();
  const came =
    reading.wrapper === 'bare' ? 'a bare list, no cursor' : `{ ${reading.wrapper}, ${reading.cursorField === 'none' ? 'no cursor' : reading.cursorField} }`;
  return contradicted('list', came, true);
}

const CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

function personFields(item: AggKnowledgeItem, collected: ReturnType<typeof collectResults>): Verdict {
  if (!item.isSuccess) {
    const code = item.error?.code?.trim();
    const why = code && CODE.test(code) ? code : 'no error code';
    return notChecked(
      item.isRetryable
        ? `the sandbox answered the profile retryable (${why}); run the check again`
        : `the sandbox found no person for the check's profile (${why})`,
    );
  }
  if (collected.unmapped > 0) {
    const came = collected.ignoredFieldNames.length ? collected.ignoredFieldNames.join(', ') : 'no field';
    // Billed in live, yet nothing reaches the row: the user must know before buying.
    return contradicted('person fields', `none Leadflow maps (came: ${came})`, false);
  }
  const unusual = collected.fieldNames.filter((name) => !DEFAULT_PERSON_FIELDS.includes(name));
  if (unusual.length > 0) return contradicted('person fields', `came as ${unusual.join(', ')}`, true);
  const ignored = collected.ignoredFieldNames.length ? collected.ignoredFieldNames.join(', ') : 'none';
  return confirmed(`mapped: ${collected.fieldNames.join(', ')}; not mapped: ${ignored}`);
}
