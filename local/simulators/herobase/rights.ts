/*
 * How the simulated vendor applies an account's rights (Leadflow's reading of the guide): resource rights per
 * resource and verb; project rights are names where `*` matches any run of characters ("B2B*" covers "B2B
 * Nordics"). Comparisons are case-insensitive.
 */

export interface SimUserRights {
  resourceRights: Record<string, string[]>;
  projectRights: string[];
}

export function allows(user: SimUserRights, resource: string, verb: string): boolean {
  return Object.entries(user.resourceRights).some(
    ([name, verbs]) => name.toLowerCase() === resource.toLowerCase() && verbs.some((v) => v.toUpperCase() === verb.toUpperCase()),
  );
}

export function coversProject(user: SimUserRights, projectName: string): boolean {
  return user.projectRights.some((right) => {
    const source = right
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`, 'is').test(projectName);
  });
}
