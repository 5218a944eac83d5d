/*
 * The account's rights, as GET /api/myaccount shows them. Pure: decides locally, before a call, whether the
 * vendor is going to refuse it, so a job can fail early with a reason a human can act on ("contact support and
 * have them added", as the guide says).
 *
 * Comparison is CASE-INSENSITIVE throughout (resource names, verbs, project names and project-right patterns).
 * This is Leadflow's choice, not the vendor's documented behaviour: a pre-check that is more lenient than the
 * vendor only costs a 403 later (which the client reports as `forbidden`), whereas a stricter one would refuse
 * work the vendor would have accepted.
 */

/** The parts of an account the rights decisions read. */
export interface HeroBaseRights {
  projectRights: readonly string[];
  resourceRights: Readonly<Record<string, readonly string[]>>;
}

/** Whether the account may use `verb` on `resource`, e.g. hasResourceRight(account, 'Leads', 'POST'). */
export function hasResourceRight(account: HeroBaseRights, resource: string, verb: string): boolean {
  const wantedResource = resource.toLowerCase();
  const wantedVerb = verb.toUpperCase();
  return Object.entries(account.resourceRights).some(
    ([name, verbs]) => name.toLowerCase() === wantedResource && verbs.some((v) => v.toUpperCase() === wantedVerb),
  );
}

/**
 * Whether one of the project rights covers the project. A right without `*` must equal the project name; `*`
 * stands for any run of characters (zero or more), anywhere in the right: "B2B*" covers "B2B Nordics" and "B2B",
 * "*" covers every project. No other character is special.
 */
export function projectRightCovers(projectRights: readonly string[], projectName: string): boolean {
  return projectRights.some((right) => projectRightPattern(right).test(projectName));
}

export interface RightsRequirement {
  resource: string;
  verb: string;
  /** The campaign's project, when the operation targets a campaign. */
  projectName?: string;
}

/**
 * What the account lacks for the operation, as reasons a human can act on; empty when nothing is missing:
 * "missing resource right POST Leads", "no project right covers project 'Retail DK'".
 */
export function missingRights(account: HeroBaseRights, requirement: RightsRequirement): string[] {
  const reasons: string[] = [];
  const verb = requirement.verb.toUpperCase();
  if (!hasResourceRight(account, requirement.resource, verb)) {
    reasons.push(`missing resource right ${verb} ${requirement.resource}`);
  }
  if (requirement.projectName !== undefined && !projectRightCovers(account.projectRights, requirement.projectName)) {
    reasons.push(`no project right covers project '${requirement.projectName}'`);
  }
  return reasons;
}

function projectRightPattern(right: string): RegExp {
  const source = right
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is');
}
