import type { AwsPrices } from './awsPrices';

/** What a run used of each priced AWS service, counted (the local runtime counts it: local/usageMeter.ts). */
export interface AwsUsage {
  stateTransitions: number;
  /** by function (the handler's file name): invocations and the sum of their billed durations */
  lambda: Record<string, { invocations: number; billedMs: number; memoryMb: number }>;
  dynamoDb: { readUnits: number; writeUnits: number };
  s3: { writeRequests: number; readRequests: number };
  apiGatewayRequests: number;
  eventBridgeEvents: number;
}

export interface CostLine {
  service: string;
  /** the count behind the line, in its unit */
  count: number;
  unit: string;
  usd: number;
}

/**
 * The cost of a usage at list prices, one line per priced meter, each with the count behind it. X-Ray is counted
 * as one trace per invocation, its most: Lambda samples the first request each second and 5% of the rest.
 */
export function awsCost(usage: AwsUsage, prices: AwsPrices): CostLine[] {
  const functions = Object.values(usage.lambda);
  const invocations = functions.reduce((sum, f) => sum + f.invocations, 0);
  const gbSeconds = functions.reduce((sum, f) => sum + (f.billedMs / 1000) * (f.memoryMb / 1024), 0);
  return [
    { service: 'Step Functions transitions', count: usage.stateTransitions, unit: 'transitions', usd: usage.stateTransitions * prices.stepFunctionsTransition },
    { service: 'Lambda requests', count: invocations, unit: 'invocations', usd: invocations * prices.lambdaRequest },
    { service: 'Lambda duration', count: gbSeconds, unit: 'GB-seconds', usd: gbSeconds * prices.lambdaArmGbSecond },
    { service: 'DynamoDB writes', count: usage.dynamoDb.writeUnits, unit: 'write units', usd: usage.dynamoDb.writeUnits * prices.dynamoDbWriteUnit },
    { service: 'DynamoDB reads', count: usage.dynamoDb.readUnits, unit: 'read units', usd: usage.dynamoDb.readUnits * prices.dynamoDbReadUnit },
    { service: 'S3 PUT/COPY/POST/LIST', count: usage.s3.writeRequests, unit: 'requests', usd: usage.s3.writeRequests * prices.s3WriteRequest },
    { service: 'S3 GET and other', count: usage.s3.readRequests, unit: 'requests', usd: usage.s3.readRequests * prices.s3ReadRequest },
    {
      service: 'API Gateway (vendor callbacks)',
      count: usage.apiGatewayRequests,
      unit: 'requests',
      usd: usage.apiGatewayRequests * prices.apiGatewayRestRequest,
    },
    { service: 'EventBridge events', count: usage.eventBridgeEvents, unit: 'events', usd: usage.eventBridgeEvents * prices.eventBridgeEvent },
    { service: 'X-Ray traces (at most)', count: invocations, unit: 'traces', usd: invocations * prices.xrayTrace },
  ];
}

/** The usage scaled by a factor (a run of N rows to a figure per million rows); durations and units alike. */
export function scaleUsage(usage: AwsUsage, factor: number): AwsUsage {
  return {
    stateTransitions: usage.stateTransitions * factor,
    lambda: Object.fromEntries(
      Object.entries(usage.lambda).map(([name, f]) => [name, { ...f, invocations: f.invocations * factor, billedMs: f.billedMs * factor }]),
    ),
    dynamoDb: { readUnits: usage.dynamoDb.readUnits * factor, writeUnits: usage.dynamoDb.writeUnits * factor },
    s3: { writeRequests: usage.s3.writeRequests * factor, readRequests: usage.s3.readRequests * factor },
    apiGatewayRequests: usage.apiGatewayRequests * factor,
    eventBridgeEvents: usage.eventBridgeEvents * factor,
  };
}
