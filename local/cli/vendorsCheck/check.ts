import { checkAggKnowledge, type AggKnowledgeTarget } from './aggknowledge';
import { checkHeroBase, type HeroBaseTarget } from './herobase';
import { checkLeadGenius, type LeadGeniusTarget } from './leadgenius';
import { checkLeadspace, type LeadspaceTarget } from './leadspace';
import { CHECKED_VENDORS, notChecked, type CheckLine, type CheckedVendor } from './lines';
import { DEFAULT_POLL, type PollBounds, type Timing } from './timing';

/** Why a vendor cannot be checked at all (no secret configured, a secret that does not parse): safe to print. */
export class TargetUnavailable extends Error {
  override readonly name = 'TargetUnavailable';
}

/** Built only when the vendor is checked, so a misconfigured vendor never stops the others. */
export interface VendorTargets {
  leadspace?: () => Promise<LeadspaceTarget>;
  leadgenius?: () => Promise<LeadGeniusTarget>;
  aggknowledge?: () => Promise<AggKnowledgeTarget>;
  herobase?: () => Promise<HeroBaseTarget>;
}

export interface CheckVendorsOptions {
  /** default: every vendor */
  vendors?: readonly CheckedVendor[];
  /** `--spend 1`: submit one synthetic record to the vendors that bill for it (Leadspace, LeadGenius) */
  spend: boolean;
  targets: VendorTargets;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  poll?: PollBounds;
}

/** Every reading of the vendors asked for, vendor by vendor, in a fixed order. */
export async function checkVendors(options: CheckVendorsOptions): Promise<CheckLine[]> {
  const timing: Timing = {
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    poll: options.poll ?? DEFAULT_POLL,
  };
  const wanted = options.vendors ?? CHECKED_VENDORS;
  const lines: CheckLine[] = [];
  for (const vendor of CHECKED_VENDORS.filter((v) => wanted.includes(v))) {
    lines.push(...(await checkOne(vendor, options, timing)));
  }
  return lines;
}

async function checkOne(vendor: CheckedVendor, options: CheckVendorsOptions, timing: Timing): Promise<CheckLine[]> {
  const { targets, spend } = options;
  switch (vendor) {
    case 'leadspace':
      return withTarget(vendor, targets.leadspace, (t) => checkLeadspace(t, { spend, timing }));
    case 'leadgenius':
      return withTarget(vendor, targets.leadgenius, (t) => checkLeadGenius(t, { spend }));
    case 'aggknowledge':
      return withTarget(vendor, targets.aggknowledge, (t) => checkAggKnowledge(t, { timing }));
    case 'herobase':
      return withTarget(vendor, targets.herobase, (t) => checkHeroBase(t));
  }
}

async function withTarget<T>(vendor: CheckedVendor, factory: (() => Promise<T>) | undefined, check: (target: T) => Promise<CheckLine[]>): Promise<CheckLine[]> {
  let target: T;
  try {
    if (!factory) throw new TargetUnavailable('no credentials configured');
    target = await factory();
  } catch (error) {
    return [{ vendor, id: `${vendor}.configured`, reading: 'credentials are configured', ...notChecked(unavailable(error)) }];
  }
  return check(target);
}

/*
 * The secret readers' messages name fields and rules, never values (lambdas/aws/*), and the AWS SDK's name the
 * missing secret or credentials; anything else is named by its class, as its text is unknown.
 */
function unavailable(error: unknown): string {
  if (error instanceof TargetUnavailable) return error.message;
  if (error instanceof Error) return `the credentials could not be read: ${error.message.replace(/\s+/g, ' ').slice(0, 200)}`;
  return 'the credentials could not be read';
}
