import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { LOCAL_HEROBASE, LocalRuntime } from '../runtime';
import { checkVendors } from './vendorsCheck/check';
import { CHECKED_VENDORS, exitCodeFor, formatLines, type CheckedVendor } from './vendorsCheck/lines';
import { CHECK_SECRET_ENV, namesDeployedSecrets, targetsFromEnvironment } from './vendorsCheck/targets';
import type { PollBounds } from './vendorsCheck/timing';

/*
 * `leadflow vendors check [vendor] [--spend 1] [--campaign CODE]`: the configured vendor accounts against
 * Leadflow's readings of the vendor documents (the rule for each line is in ./vendorsCheck/lines.ts).
 *
 * Credentials are the pipeline's own secrets: with a *_SECRET_ID variable set, the deployed secrets (AWS
 * credentials from the default chain); otherwise the embedded local runtime is started and its simulators are
 * checked through its emulated Secrets Manager, the same path.
 */

export { checkVendors, TargetUnavailable, type CheckVendorsOptions, type VendorTargets } from './vendorsCheck/check';
export { CHECKED_VENDORS, exitCodeFor, formatLines, formatVerdict, type CheckLine, type CheckedVendor, type Verdict } from './vendorsCheck/lines';
export { targetsFromEnvironment } from './vendorsCheck/targets';
export { leadspaceTarget, LEADSPACE_CHECK_RECORD, type LeadspaceTarget } from './vendorsCheck/leadspace';
export { leadGeniusTarget, LEADGENIUS_CHECK_RECORD, type LeadGeniusTarget } from './vendorsCheck/leadgenius';
export { aggKnowledgeTarget, AGGKNOWLEDGE_CHECK_RECORD, type AggKnowledgeTarget } from './vendorsCheck/aggknowledge';
export type { HeroBaseTarget } from './vendorsCheck/herobase';
export type { PollBounds } from './vendorsCheck/timing';

export const VENDORS_USAGE = `Usage: leadflow vendors check [${CHECKED_VENDORS.join('|')}] [--spend 1] [--campaign CODE]

Checks the configured vendor accounts against Leadflow's readings of the vendor documents, one line per reading:
  confirmed                                the vendor answered as Leadflow reads its document by default
  contradicted (<field>: <what came>; …)   it answered otherwise: "accepted" (Leadflow reads that too: this is the
                                           reading your account uses) or "not accepted" (jobs would fail or lose data)
  not checked (<why>)                      nothing decided it (needs --spend 1, no secret, a rate limit, an error)
Read-only unless --spend 1, which submits ONE fixed synthetic record to Leadspace and to LeadGenius (billed).
AggKnowledge is always checked in its unbilled test environment; HeroBase is only read, never imported into.
Secrets: ${Object.values(CHECK_SECRET_ENV).join(', ')} (the deployed secrets); with none set, the embedded
simulators are checked.

  --spend 1        allow the billed submissions
  --campaign CODE  the HeroBase campaign whose import example is read (default none; the demo campaign locally)

Exit status: 0 nothing contradicted, 1 a reading contradicted, 2 usage error.`;

class VendorsUsageError extends Error {}

interface ParsedCommand {
  vendors: CheckedVendor[];
  spend: boolean;
  campaignCode?: string;
}

function parseCommand(argv: string[]): ParsedCommand | 'help' {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new VendorsUsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help) return 'help';
  const [action, vendor, ...rest] = positionals;
  if (action !== 'check') throw new VendorsUsageError(action === undefined ? 'vendors expects "check"' : `Unknown vendors action "${action}"`);
  if (rest.length > 0) throw new VendorsUsageError('vendors check takes at most one vendor');
  const chosen = vendor === undefined ? undefined : CHECKED_VENDORS.find((v) => v === vendor.trim().toLowerCase());
  if (vendor !== undefined && !chosen) throw new VendorsUsageError(`Unknown vendor "${vendor}" (${CHECKED_VENDORS.join(', ')})`);
  if (values.spend !== undefined && values.spend !== '0' && values.spend !== '1')
    throw new VendorsUsageError(`--spend expects 1 (or 0), got "${values.spend}"`);
  const campaign = values.campaign?.trim();
  if (values.campaign !== undefined && !campaign) throw new VendorsUsageError('--campaign expects a campaign code');
  return { vendors: chosen ? [chosen] : [...CHECKED_VENDORS], spend: values.spend === '1', ...(campaign && { campaignCode: campaign }) };
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      spend: { type: 'string' },
      campaign: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export interface VendorsCommandDeps {
  env?: NodeJS.ProcessEnv;
  /** polling bounds (tests shorten them) */
  poll?: PollBounds;
}

/** The `vendors` command as bin/leadflow.ts dispatches it: prints the lines on `out`, returns the exit status. */
export async function vendorsCommand(argv: string[], out: Writable, err: Writable, deps: VendorsCommandDeps = {}): Promise<number> {
  let command: ParsedCommand | 'help';
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof VendorsUsageError)) throw error;
    err.write(`leadflow: ${error.message}\n\n${VENDORS_USAGE}\n`);
    return 2;
  }
  if (command === 'help') {
    out.write(`${VENDORS_USAGE}\n`);
    return 0;
  }
  const env = deps.env ?? process.env;
  let runtime: LocalRuntime | undefined;
  let campaignCode = command.campaignCode;
  try {
    if (namesDeployedSecrets(env)) {
      err.write(`Checking the vendor accounts of the deployed secrets (${describeConfigured(env)})…\n`);
    } else {
      err.write(`No vendor secret configured (${Object.values(CHECK_SECRET_ENV).join(', ')}): checking the embedded simulators…\n`);
      // The runtime seeds its emulated Secrets Manager and sets the same variables the deployed functions get.
      runtime = await LocalRuntime.start();
      campaignCode ??= LOCAL_HEROBASE.campaigns[0]?.code;
    }
    const lines = await checkVendors({
      vendors: command.vendors,
      spend: command.spend,
      targets: targetsFromEnvironment(runtime ? process.env : env, { ...(campaignCode !== undefined && { campaignCode }) }),
      ...(deps.poll && { poll: deps.poll }),
    });
    out.write(formatLines(lines));
    return exitCodeFor(lines);
  } finally {
    await runtime?.close();
  }
}

function describeConfigured(env: NodeJS.ProcessEnv): string {
  return Object.values(CHECK_SECRET_ENV)
    .filter((name) => (env[name] ?? '').trim() !== '')
    .join(', ');
}
