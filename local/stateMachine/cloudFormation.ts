/**
 * Resolves the CloudFormation intrinsics CDK emits in a synthesized template (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Select, Fn::Split) to local names, so the local runtime reads the same template CDK deploys: resources
 * are named by their logical ids, which is how the local emulators create them.
 */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources: Record<string, TemplateResource>;
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'local',
  'AWS::AccountId': '000000000000',
  'AWS::URLSuffix': 'localhost',
  'AWS::StackName': 'Leadflow',
  'AWS::NoValue': '',
};

/** S3 bucket names must be lower case; every other local resource keeps its logical id as its name. */
export function localName(template: Template, logicalId: string): string {
  return template.Resources[logicalId]?.Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
}

export function resolve(template: Template, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(template, v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    switch (fn) {
      case 'Ref': {
        const id = String(arg);
        // A state machine's Ref is its ARN, which handlers turn into execution ARNs.
        if (template.Resources[id]?.Type === 'AWS::StepFunctions::StateMachine') return `arn:aws:states:us-east-1:000000000000:stateMachine:${id}`;
        return PSEUDO[id] ?? localName(template, id);
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        const type = template.Resources[id]?.Type;
        if (attribute === 'Arn' && type === 'AWS::Lambda::Function') return `arn:aws:lambda:local:000000000000:function:${id}`;
        if (attribute === 'Arn') return `arn:aws:local:local:000000000000:${localName(template, id)}`;
        return `${localName(template, id)}.${attribute}`;
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (resolve(template, parts) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number | string, unknown];
        return (resolve(template, list) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return String(resolve(template, source)).split(separator);
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(template, v)]));
}

export function resourcesOfType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
