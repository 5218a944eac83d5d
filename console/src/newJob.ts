import type { CreatedJob } from './types';
import { ColumnMappingError, MAPPABLE_FIELDS, mapColumns, type ColumnMapping, type MappableField } from '../../lambdas/core/columnMapping';
import type { CountRange, JobEstimate } from '../../lambdas/core/estimate';
import { call, describeError } from './api';
import { h, number, table } from './dom';
import { readLeadFile, type ReadFile } from './readFile';
import { announce, DEFAULT_PLAN, showError, VENDOR_NAMES } from './ui';

/*
 * New job: a file, read here → the column mapping Leadflow makes of its header (the pipeline's own mapColumns),
 * editable → the first rows as the job will read them → plan and budgets → the estimate → start. The file's
 * rows are shown to the user who picked it and sent only in the request that estimates or starts the job.
 */

const PREVIEW_ROWS = 5;
const FIELD_NAMES: Record<MappableField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  title: 'Title',
  phone: 'Phone',
  companyName: 'Company',
  domain: 'Website / domain',
  country: 'Country',
  state: 'State',
  city: 'City',
  linkedinUrl: 'LinkedIn URL',
  fullName: 'Full name (split into first and last)',
};

interface State {
  file?: ReadFile;
  /** field → column name the user chose ("" to leave the field unmapped) */
  overrides: Record<string, string>;
}

/** A count range as the estimate states it: one number when exact, "at most" when it depends on earlier answers. */
const range = (r: CountRange): string => (r.min === r.max ? number(r.max) : `${number(r.min)} to ${number(r.max)} (at most ${number(r.max)})`);

const duration = (seconds: number): string => {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
};

/** Non-ASCII characters escaped: a header value must be Latin-1, and JSON reads \u escapes back. */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function renderNewJob(main: HTMLElement, _view: number): void {
  const state: State = { overrides: {} };
  const fileInput = h('input', { type: 'file', id: 'file', accept: '.csv,.gz,.txt,.tsv,.json,.jsonl,.ndjson,.xlsx', 'aria-describedby': 'file-help' });
  const drop = h(
    'div',
    { class: 'drop', id: 'drop' },
    h('label', { for: 'file' }, 'Lead file'),
    fileInput,
    h('p', { id: 'file-help', class: 'help' }, 'CSV, .csv.gz, JSON, JSON Lines or .xlsx. Pick a file or drop it here; it is read in this browser.'),
  );
  const details = h('div', { id: 'details' });
  main.append(h('h2', {}, 'New job'), drop, details);

  const load = async (file: File | undefined) => {
    if (!file) return;
    showError(undefined);
    try {
      state.file = await readLeadFile(file);
      state.overrides = {};
      renderDetails(details, state);
      announce(`${file.name}: ${number(state.file.rows.length)} rows read, ${state.file.header.length} columns.`);
    } catch (error) {
      details.replaceChildren();
      showError(`${file.name} could not be read: ${describeError(error)}`);
    }
  };
  fileInput.addEventListener('change', () => void load(fileInput.files?.[0]));
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    void load(event.dataTransfer?.files[0]);
  });
}

function currentMapping(state: State): ColumnMapping | string {
  try {
    return mapColumns(state.file!.header, state.overrides);
  } catch (error) {
    if (error instanceof ColumnMappingError) return error.message;
    throw error;
  }
}

const columnOf = (mapping: ColumnMapping, field: MappableField): number | undefined =>
  field === 'fullName' ? mapping.fullNameColumn : mapping.columns[field as Exclude<MappableField, 'fullName'>];

function renderDetails(details: HTMLElement, state: State): void {
  const file = state.file!;
  const mappingSection = h('section', { 'aria-labelledby': 'mapping-title' });
  const preview = h('section', { 'aria-labelledby': 'preview-title' });
  const estimate = h('section', { id: 'estimate', 'aria-live': 'polite' });

  const refresh = () => {
    const mapping = currentMapping(state);
    mappingSection.replaceChildren(h('h3', { id: 'mapping-title' }, 'Column mapping'), mappingTable(file, state, mapping, refresh));
    preview.replaceChildren(
      h('h3', { id: 'preview-title' }, 'Preview'),
      typeof mapping === 'string' ? h('p', { class: 'bad' }, mapping) : previewTable(file, mapping),
    );
    estimate.replaceChildren();
  };
  refresh();

  const planBoxes = DEFAULT_PLAN.map((vendor) => h('input', { type: 'checkbox', id: `plan-${vendor}`, checked: true }));
  const budgets = DEFAULT_PLAN.map((vendor) => h('input', { type: 'number', id: `budget-${vendor}`, min: 0, step: 1, inputmode: 'numeric' }));
  const bypass = h('input', { type: 'checkbox', id: 'bypass-cache' });
  // An estimate shown is for the options it was made with: any change takes it away.
  for (const input of [...planBoxes, ...budgets, bypass]) input.addEventListener('change', () => estimate.replaceChildren());
  const plan = h(
    'fieldset',
    {},
    h('legend', {}, 'Plan and budgets'),
    table(
      'Vendors run in this order, each for the rows its rules pick; a budget caps the records sent to it',
      ['Vendor', 'Run', 'Budget (records, empty for none)'],
      DEFAULT_PLAN.map((vendor, i) => [
        VENDOR_NAMES[vendor],
        h('span', {}, planBoxes[i]!, h('label', { for: `plan-${vendor}` }, `Run ${VENDOR_NAMES[vendor]}`)),
        h('span', {}, h('label', { for: `budget-${vendor}`, class: 'visually-hidden' }, `${VENDOR_NAMES[vendor]} budget`), budgets[i]!),
      ]),
    ),
    h('p', {}, bypass, h('label', { for: 'bypass-cache' }, 'Ask the vendors again even for leads answered recently (bypass the cache)')),
  );

  const options = (): Record<string, unknown> => {
    const chosen = DEFAULT_PLAN.filter((_, i) => planBoxes[i]!.checked);
    const budget = Object.fromEntries(DEFAULT_PLAN.flatMap((vendor, i) => (budgets[i]!.value === '' ? [] : [[vendor, Number(budgets[i]!.value)]])));
    return {
      ...(chosen.length !== DEFAULT_PLAN.length && { plan: chosen }),
      ...(Object.keys(budget).length > 0 && { budget }),
      ...(Object.keys(state.overrides).length > 0 && { columnMapping: state.overrides }),
      ...(bypass.checked && { bypassCache: true }),
    };
  };
  const send = (query: string) =>
    call<CreatedJob | JobEstimate>(`/jobs${query}`, {
      method: 'POST',
      body: file.body as BodyInit,
      // The file as it is, named by its format only (the user's file name stays in the browser).
      headers: { 'content-type': 'application/octet-stream', 'leadflow-file-name': `leads.${file.format}`, 'leadflow-options': asciiJson(options()) },
    });

  const estimateButton = h('button', { type: 'button', id: 'estimate-button' }, 'Estimate');
  const startButton = h('button', { type: 'button', id: 'start-button', class: 'primary' }, 'Start job');
  estimateButton.addEventListener('click', async () => {
    showError(undefined);
    estimate.replaceChildren(h('p', {}, 'Estimating…'));
    try {
      // A dry run creates no job and calls no vendor (POST /jobs?dryRun=true).
      const { body } = await send('?dryRun=true');
      estimate.replaceChildren(estimateView(body as JobEstimate));
      announce('Estimate ready.');
    } catch (error) {
      estimate.replaceChildren();
      showError(describeError(error));
    }
  });
  startButton.addEventListener('click', async () => {
    showError(undefined);
    startButton.disabled = true;
    try {
      const { body } = await send('');
      announce('Job started.');
      location.hash = `#/jobs/${(body as CreatedJob).jobId}`;
    } catch (error) {
      showError(describeError(error));
      startButton.disabled = false;
    }
  });

  details.replaceChildren(mappingSection, preview, plan, h('p', { class: 'actions' }, estimateButton, ' ', startButton), estimate);
}

function mappingTable(file: ReadFile, state: State, mapping: ColumnMapping | string, refresh: () => void): HTMLElement {
  const automatic = mapColumns(file.header);
  const rows = MAPPABLE_FIELDS.map((field) => {
    const select = h(
      'select',
      { id: `map-${field}` },
      h('option', { value: '' }, '(not mapped)'),
      ...file.header.map((name) => h('option', { value: name }, name)),
    );
    const index = typeof mapping === 'string' ? undefined : columnOf(mapping, field);
    select.value = field in state.overrides ? state.overrides[field]! : index === undefined ? '' : file.header[index]!;
    select.addEventListener('change', () => {
      const auto = columnOf(automatic, field);
      if (select.value === (auto === undefined ? '' : file.header[auto])) delete state.overrides[field];
      else state.overrides[field] = select.value;
      refresh();
      announce(`${FIELD_NAMES[field]}: ${select.value === '' ? 'not mapped' : `column ${select.value}`}.`);
      (document.getElementById(`map-${field}`) as HTMLSelectElement | null)?.focus();
    });
    return [h('label', { for: `map-${field}` }, FIELD_NAMES[field]), select, field in state.overrides ? 'changed' : 'as understood'];
  });
  const notes = [
    file.preambleRows > 0 && `${file.preambleRows} title line(s) above the header are not leads.`,
    file.delimiter !== undefined && `Delimiter: ${file.delimiter === '\t' ? 'tab' : `"${file.delimiter}"`}.`,
  ].filter(Boolean);
  return h(
    'div',
    {},
    h('p', {}, `${file.name}: ${number(file.rows.length)} rows, ${file.header.length} columns. ${notes.join(' ')}`),
    table('Which column feeds each lead field', ['Field', 'Column', 'Source'], rows, { id: 'mapping' }),
  );
}

function previewTable(file: ReadFile, mapping: ColumnMapping): HTMLElement {
  const fields = MAPPABLE_FIELDS.filter((field) => columnOf(mapping, field) !== undefined);
  if (fields.length === 0) return h('p', { class: 'bad' }, 'No column feeds a lead field: map at least one.');
  const rows = file.rows.slice(0, PREVIEW_ROWS).map((row, i) => [String(i + 1), ...fields.map((field) => row[columnOf(mapping, field)!] ?? '')]);
  return table(`The first ${rows.length} of ${number(file.rows.length)} rows, as the job will read them`, ['Row', ...fields.map((f) => FIELD_NAMES[f])], rows, {
    id: 'preview',
  });
}

function estimateView(estimate: JobEstimate): HTMLElement {
  const reasons = Object.entries(estimate.rejected.byReason).map(([reason, n]) => `${reason}: ${number(n)}`);
  return h(
    'div',
    {},
    h('h3', {}, 'Estimate'),
    estimate.refusal ? h('p', { class: 'bad' }, `The job would stop before any vendor call: ${estimate.refusal}`) : null,
    h(
      'dl',
      { id: 'estimate-counts' },
      h('dt', {}, 'Rows'),
      h('dd', { 'data-count': 'rows' }, number(estimate.rows)),
      h('dt', {}, 'Rejected'),
      h('dd', { 'data-count': 'rejected' }, number(estimate.rejected.total), reasons.length > 0 ? ` (${reasons.join('; ')})` : ''),
      h('dt', {}, 'Duplicates'),
      h('dd', { 'data-count': 'duplicates' }, number(estimate.duplicates)),
      h('dt', {}, 'Unique leads'),
      h('dd', { 'data-count': 'uniqueLeads' }, number(estimate.uniqueLeads)),
      h('dt', {}, 'Duration'),
      h(
        'dd',
        {},
        estimate.durationSeconds.min === estimate.durationSeconds.max
          ? duration(estimate.durationSeconds.max)
          : `${duration(estimate.durationSeconds.min)} to ${duration(estimate.durationSeconds.max)}`,
      ),
      h('dt', {}, 'AWS cost'),
      h(
        'dd',
        {},
        `$${estimate.awsCost.usd.min.toFixed(4)}${estimate.awsCost.usd.max !== estimate.awsCost.usd.min ? ` to $${estimate.awsCost.usd.max.toFixed(4)}` : ''} (prices of ${estimate.awsCost.pricesAsOf})`,
      ),
    ),
    table(
      'Per plan step: leads picked, answered by the cache, records sent (and billed at most)',
      ['Step', 'Vendor', 'Leads', 'From cache', 'Shared', 'Records', 'Over budget', 'Duration'],
      estimate.steps.map((step) => [
        String(step.step),
        VENDOR_NAMES[step.vendor],
        range(step.leads),
        range(step.cacheHits),
        range(step.shared),
        h('span', { 'data-step-records': step.step }, range(step.records)),
        range(step.overBudget),
        `${duration(step.durationSeconds.max)} (${step.durationBasis})`,
      ]),
      { id: 'estimate-steps' },
    ),
  );
}
