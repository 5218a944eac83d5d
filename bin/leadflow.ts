#!/usr/bin/env -S npx tsx
import '../local/cli/environment';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MAPPABLE_FIELDS } from '../lambdas/core/columnMapping';
import { JobOptionsSchema, type JobOptions } from '../lambdas/core/jobOptions';
import { VENDORS } from '../lambdas/core/plan';
import { LocalRuntime } from '../local/runtime';
import { formatSummary } from '../local/cli/summaryReport';
import { formatEstimate, formatEstimateAgainstActual, keepEstimate, keptEstimate } from '../local/cli/estimateReport';
import { progressReporter } from '../local/cli/progress';
import { startServer } from '../local/serve';
import { SecretsUsageError, secretsStatus, setSecret } from '../local/cli/secrets';
import { vendorsCommand } from '../local/cli/vendorsCheck';
import { DEFAULT_API_URL, followUpCommand } from '../local/cli/followUp';
import { UsageError } from '../local/cli/usageError';
import { checkInputFile, checkOutputFolder } from '../local/cli/paths';
import { formatJobHistory, jobHistory, lockStateFolder, recordJob, stateFolder } from '../local/cli/stateFolder';

const USAGE = `Usage: leadflow enrich <file> [--out DIR] [--map field=Header ...] [--plan v1,v2] [--budget vendor=N ...] [--no-cache] [--force] [--state DIR]
       leadflow estimate <file> [--map field=Header ...] [--plan v1,v2] [--budget vendor=N ...] [--no-cache] [--state DIR]
       leadflow jobs [--state DIR]
       leadflow serve [--port N] [--inbox DIR]
       leadflow secrets set <leadspace|leadgenius|aggknowledge> < credential.json
       leadflow secrets status
       leadflow vendors check [leadspace|leadgenius|aggknowledge|herobase] [--spend 1] [--campaign CODE]
       leadflow resume|reprocess <jobId> [--api URL]

enrich  Enriches a lead file (.csv, .csv.gz, .txt, .tsv, .json, .jsonl, .xlsx) end to end on this machine (embedded AWS
        emulators and the Leadspace, LeadGenius and AggKnowledge simulators) and writes enriched.csv,
        enriched.jsonl, rejected.csv and summary.json to DIR (default ./out). The vendor cache is kept in
        the state folder between runs, so the same leads are never bought twice within its 14 days.
estimate  Says what enrich would do with the same file and options, calling no vendor: rows, rejected rows by
          reason, duplicates, unique leads, per vendor the records it would send (exact for the first step, a range
          for steps that depend on earlier answers) and how many the vendor cache already answers, what a budget
          leaves out, the time the vendors' limits set, and the AWS cost. enrich then shows estimate against actual.
jobs    Lists the jobs enrich ran on this machine, newest first.
secrets set     Stores a vendor credential (read from stdin, never from the command line) in its Secrets Manager
                secret (named by LEADSPACE_SECRET_ID, LEADGENIUS_SECRET_ID or AGGKNOWLEDGE_SECRET_ID; AWS credentials
                from the environment) and starts its rotation clock.
secrets status  Shows each vendor token's age and next rotation date.
vendors check   Checks the vendor accounts against Leadflow's readings of the vendor documents (confirmed,
                contradicted, not checked); read-only unless --spend 1. Exit 1 when a reading is contradicted.
resume     Lets a FAILED or PARTIAL job go on where it stopped, once the cause is fixed: batches a vendor accepted
           are polled by the ids stored, never bought again.
reprocess  Reads the vendor answers a job kept again with this version's code and writes its outputs again,
           calling no vendor. Both ask the job API at --api (default ${DEFAULT_API_URL}: leadflow serve;
           a deployment's JobApiUrl) with the key in $LEADFLOW_API_KEY.
serve   Runs the job API on http://127.0.0.1:N (default 8787) and watches DIR (default ./inbox): every file
        dropped there becomes a job. Requests need the header x-api-key: $LEADFLOW_API_KEY (generated and
        printed when unset), the operator's key, which sees every job; $LEADFLOW_TEAM_KEYS (name=key,...)
        adds one key per team, each seeing only the jobs it created.

  --out DIR          where to write the results (default: out)
  --map field=Header use column "Header" for a field (fields: ${MAPPABLE_FIELDS.join(', ')});
                     --map field= leaves the field unmapped
  --plan v1,v2       vendors to run, in order (${VENDORS.join(', ')}); default: all three, a waterfall
  --budget vendor=N  send at most N records to that vendor; rows past the cap end "skipped: budget"
  --no-cache         ask the vendors again even for leads answered in the last 14 days
  --state DIR        the state folder (vendor cache, job history; default $LEADFLOW_STATE or ~/.leadflow)
  --output-format F  standard (comma, LF, a BOM when the input had one) or excel (BOM, CRLF, the input's
                     delimiter: what Excel on Windows opens with accents intact)
  --raw-csv          write CSV cells as they are (by default a cell starting with = + - @ gets a leading '
                     so that a spreadsheet does not run it as a formula; enriched.jsonl is always raw)
  --sheet NAME       the workbook sheet to read (.xlsx; default: the first visible sheet)
  --force            go on even when no column identifies a lead or most rows would be rejected
                     (otherwise the job stops before any vendor call, exit 2)
  -h, --help         show this help

Exit status: 0 completed, 3 partial (some batches failed, or the budget left rows unsent), 1 failed, 2 usage error
or a file whose columns were not understood (nothing bought), 130 stopped with Ctrl+C (every row still written).
LEADFLOW_SIMULATOR_DELAY_MS makes the embedded Leadspace take that long per bulk (default 200).`;

function parseMapping(values: string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((value) => {
      const at = value.indexOf('=');
      if (at < 1) throw new UsageError(`--map expects field=Header, got "${value}"`);
      if (!MAPPABLE_FIELDS.some((field) => field.toLowerCase() === value.slice(0, at).trim().toLowerCase())) {
        throw new UsageError(`--map: unknown field "${value.slice(0, at)}"`);
      }
      return [value.slice(0, at), value.slice(at + 1)];
    }),
  );
}

/** --plan, --budget and --no-cache as job options, checked by the same schema the job API uses. */
function parseJobOptions(
  plan: string | undefined,
  budgets: string[],
  flags: { noCache: boolean; force: boolean; rawCsv: boolean; sheet?: string; outputFormat?: string },
): Omit<JobOptions, 'columnMapping' | 'webhookUrl'> {
  const budget = Object.fromEntries(
    budgets.map((value) => {
      const match = /^([^=]+)=(\d+)$/.exec(value.trim());
      if (!match) throw new UsageError(`--budget expects vendor=N, got "${value}"`);
      return [match[1]!.trim(), Number(match[2])];
    }),
  );
  const parsed = JobOptionsSchema.safeParse({
    ...(plan !== undefined && { plan: plan.split(',').map((v) => v.trim()) }),
    ...(budgets.length > 0 && { budget }),
    ...(flags.noCache && { bypassCache: true }),
    ...(flags.force && { force: true }),
    ...(flags.rawCsv && { rawCsv: true }),
    ...(flags.sheet !== undefined && { sheet: flags.sheet }),
    ...(flags.outputFormat !== undefined && { outputFormat: flags.outputFormat }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { bypassCache: 'no-cache', outputFormat: 'output-format' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  return parsed.data;
}

async function enrich(
  file: string,
  outDir: string,
  state: string,
  columnMapping: Record<string, string>,
  jobOptions: Omit<JobOptions, 'columnMapping' | 'webhookUrl'>,
): Promise<number> {
  // Said plainly before anything starts, instead of an EEXIST or EISDIR at the end.
  await checkInputFile(file);
  await checkOutputFolder(outDir);
  process.stderr.write('Starting the local AWS emulators and the vendor simulators…\n');
  const startedAt = new Date().toISOString();
  const unlock = await lockStateFolder(state);
  // A slower embedded Leadspace, to watch a job run (or stop it) on one machine.
  const delayMs = Number(process.env.LEADFLOW_SIMULATOR_DELAY_MS ?? '');
  const simulator = Number.isInteger(delayMs) && delayMs > 0 ? { simulator: { processingDelayMs: delayMs } } : {};
  const runtime = await LocalRuntime.start({ stateDir: state, ...simulator }).catch(async (error: Error) => {
    await unlock();
    throw error;
  });
  const progress = progressReporter();
  const jobId = randomUUID();
  const stopOnInterrupt = interruptHandler(() => runtime.cancel(jobId));
  try {
    const run = await runtime.runJob(file, { jobId, columnMapping, jobOptions, onProgress: (p) => progress.update(p) });
    progress.stop();
    const written = await runtime.downloadOutputs(run.job, outDir);
    process.stdout.write(`${formatSummary(run, file, written)}\n`);
    const kept = await keptEstimate(state, file, { ...jobOptions, columnMapping });
    if (kept) {
      const sent = Object.fromEntries(VENDORS.map((vendor) => [vendor, run.job[`${vendor}Sent`] ?? 0]));
      process.stdout.write(`\n${formatEstimateAgainstActual(kept, sent)}\n`);
    }
    await recordJob(state, {
      jobId: run.jobId,
      status: run.job.status,
      input: file,
      out: outDir,
      startedAt,
      rows: run.job.rows ?? 0,
      recordsBilled: run.job.recordsBilled ?? 0,
    });
    if (run.job.intake?.refused) return 2;
    if (run.job.status === 'CANCELLED') return 130;
    return run.job.status === 'COMPLETED' ? 0 : run.job.status === 'PARTIAL' ? 3 : 1;
  } finally {
    stopOnInterrupt();
    progress.stop();
    await runtime.close();
    await unlock();
  }
}

async function estimate(file: string, state: string, jobOptions: JobOptions): Promise<number> {
  await checkInputFile(file);
  const unlock = await lockStateFolder(state);
  try {
    // The vendor cache in the state folder is the one enrich reads: the estimate counts what it already answers.
    const runtime = await LocalRuntime.start({ stateDir: state });
    try {
      const result = await runtime.estimate(file, jobOptions);
      await keepEstimate(state, file, jobOptions, result);
      process.stdout.write(`${formatEstimate(result, file)}\n`);
      return result.refusal ? 2 : 0;
    } finally {
      await runtime.close();
    }
  } finally {
    await unlock();
  }
}

/**
 * Ctrl+C stops the job the way a cancel does: nothing more is bought, what the vendors accepted is collected and
 * every row is written (those not reached "failed: cancelled"). A second Ctrl+C quits at once.
 */
function interruptHandler(cancel: () => Promise<boolean>): () => void {
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nStopping: nothing more is sent; waiting for what the vendors accepted, then writing every row (Ctrl+C again quits at once)…\n');
    cancel().catch(() => process.exit(130));
  };
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

async function serve(port: number, inboxDir: string): Promise<number> {
  process.stderr.write('Starting the local AWS emulators and the vendor simulators…\n');
  const server = await startServer({ port, inboxDir });
  process.stdout.write(
    [
      `Leadflow job API on ${server.url}  (OpenAPI: ${server.url}/openapi.json, with the x-api-key header like every route)`,
      `Web console on ${server.consoleUrl}  (enter the API key there; it is kept for the browser session only)`,
      process.env.LEADFLOW_API_KEY ? 'API key: from LEADFLOW_API_KEY' : `API key: ${server.apiKey}   (set LEADFLOW_API_KEY to choose one)`,
      ...(server.teams.length > 0 ? [`Team keys (each sees its own jobs): ${server.teams.join(', ')}, from LEADFLOW_TEAM_KEYS`] : []),
      `Drop folder: ${inboxDir}/  (.csv, .csv.gz, .txt, .tsv, .json, .jsonl, .xlsx; options in <file>.options.json, dropped first)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('Stopping…\n');
  await server.close();
  return 0;
}

async function main(argv: string[]): Promise<number> {
  // Its own options (--spend, --campaign) and usage errors: dispatched before the parser of the other commands.
  if (argv[0] === 'vendors') return vendorsCommand(argv.slice(1), process.stdout, process.stderr);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'out' },
      map: { type: 'string', multiple: true, default: [] },
      port: { type: 'string', default: '8787' },
      inbox: { type: 'string', default: 'inbox' },
      plan: { type: 'string' },
      budget: { type: 'string', multiple: true, default: [] },
      'no-cache': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      state: { type: 'string' },
      sheet: { type: 'string' },
      'output-format': { type: 'string' },
      'raw-csv': { type: 'boolean', default: false },
      api: { type: 'string', default: DEFAULT_API_URL },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command === 'serve') {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port expects a port number, got "${values.port}"`);
    if (file) throw new UsageError('serve takes no file');
    return serve(port, values.inbox!);
  }
  if (command === 'secrets') {
    if (file === 'set' && rest.length === 1) {
      await setSecret(rest[0]!, process.stdin, process.stdout);
      return 0;
    }
    if (file === 'status' && rest.length === 0) {
      await secretsStatus(process.stdout);
      return 0;
    }
    throw new UsageError('secrets takes "set <leadspace|leadgenius|aggknowledge>" (the credential on stdin) or "status"');
  }
  if (command === 'resume' || command === 'reprocess') {
    if (!file || rest.length > 0) throw new UsageError(`${command} takes exactly one job id`);
    return followUpCommand(command, file, { apiUrl: values.api!, apiKey: process.env.LEADFLOW_API_KEY }, process.stdout);
  }
  if (command === 'jobs') {
    if (file) throw new UsageError('jobs takes no argument');
    process.stdout.write(`${formatJobHistory(await jobHistory(stateFolder(values.state)))}\n`);
    return 0;
  }
  if (command !== 'enrich' && command !== 'estimate') throw new UsageError(`Unknown command "${command}"`);
  if (!file || rest.length > 0) throw new UsageError(`${command} takes exactly one input file`);
  const columnMapping = parseMapping(values.map!);
  const jobOptions = parseJobOptions(values.plan, values.budget!, {
    noCache: values['no-cache']!,
    force: values.force!,
    rawCsv: values['raw-csv']!,
    sheet: values.sheet,
    outputFormat: values['output-format'],
  });
  if (command === 'estimate') return estimate(file, stateFolder(values.state), { ...jobOptions, columnMapping });
  return enrich(file, values.out!, stateFolder(values.state), columnMapping, jobOptions);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const usage = error instanceof UsageError || error instanceof SecretsUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`leadflow: ${error.message}\n${usage ? `\n${USAGE}\n` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
