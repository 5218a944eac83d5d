/** cdk-nag helpers shared by the tests that synthesize the app with addNagChecks (lib/app.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

export interface Acknowledgement {
  rule: string;
  path: string;
  reason: string;
}

/** `<severity> <rule>` of every finding in the synthesized validation report (errors only fail synth). */
export function reportedViolations(assembly: CloudAssembly): string[] {
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName?: string; violations?: { ruleName: string; severity: string }[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations ?? []).map((v) => `${v.severity} ${v.ruleName}`);
}

/** `<severity> <rule> <construct path>` of every finding straight from the pack, warnings included (APIG3 is one). */
export function directViolations(app: App): string[] {
  return new AwsSolutionsChecks().validateScope(app).violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources[0]?.constructPath}`);
}

/** Every cdk-nag acknowledgement in the app, with the construct it was made on. */
export function acknowledgements(app: App): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ rule: id.replace(/^annotation::/i, ''), path: construct.node.path, reason: String(reason) });
      }
    }
  }
  return found;
}

/**
 * Acknowledgements that match no finding at or below their construct. The pack is run with acknowledgements
 * ignored (an instance-level override of cdk-nag 3's private isAcknowledged) to list every finding.
 */
export function staleAcknowledgements(app: App): Acknowledgement[] {
  const unfiltered = new AwsSolutionsChecks();
  Object.assign(unfiltered, { isAcknowledged: () => false });
  const findings = unfiltered
    .validateScope(app)
    .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })));
  return acknowledgements(app).filter((a) => !findings.some((f) => f.rule === a.rule && (f.path === a.path || f.path.startsWith(`${a.path}/`))));
}
