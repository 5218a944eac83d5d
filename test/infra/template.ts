/** Small helpers for reading a synthesized CloudFormation template in tests. */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * Renders a `Fn::Join` (as CDK emits for DefinitionString) to text, writing each intrinsic as `<LogicalId>`
 * (or `<AWS::Region>` for pseudo parameters), so the state-machine definition can be parsed as JSON.
 */
export function joinToText(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(joinToText).join(separator);
  }
  if ('Ref' in object) return `<${String(object.Ref)}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[])[0]}>`;
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

/** Logical ids a value refers to through Ref, Fn::GetAtt or Fn::Sub (pseudo parameters excluded). */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) into.add(inner);
      else if (key === 'Fn::GetAtt') into.add((inner as string[])[0]!);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const [, name] of text.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) if (!name!.startsWith('AWS::')) into.add(name!);
        if (Array.isArray(inner)) referencedIds(inner[1], into);
      } else referencedIds(inner, into);
    }
  }
  return into;
}

/** A dependency cycle among the template's resources (as CloudFormation would reject it), if there is one. */
export function findCycle(template: CfnTemplate): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    const refs = [...referencedIds(resource.Properties), ...dependsOn].filter((ref) => ref in template.Resources);
    edges.set(id, refs);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The job API's routes: each requires an API key and proxies to the API function (lib/job-api.ts). */
export const JOB_ROUTES = [
  'POST /jobs',
  'GET /jobs',
  'GET /jobs/{jobId}',
  'DELETE /jobs/{jobId}',
  'GET /jobs/{jobId}/results',
  'POST /uploads',
  'GET /openapi.json',
  'GET /tokens',
];
