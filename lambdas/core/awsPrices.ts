/**
 * AWS list prices Leadflow's cost figures use (`npm run cost`, docs/cost.md): US East (N. Virginia), USD, on-demand,
 * without free tiers. Written down from the AWS pricing pages on the date below; prices change, so check them before
 * relying on a figure, and change them here (one place) when they do.
 */
export const AWS_LIST_PRICES = {
  asOf: '2026-12-01',
  region: 'us-east-1',
  /** Step Functions Standard workflows, per state transition ($0.025 per 1,000) */
  stepFunctionsTransition: 0.025 / 1_000,
  /** Lambda, per request ($0.20 per million) */
  lambdaRequest: 0.2 / 1_000_000,
  /** Lambda on Arm (Graviton), per GB-second of billed duration */
  lambdaArmGbSecond: 0.0000133334,
  /** DynamoDB on-demand, per write request unit ($0.625 per million) */
  dynamoDbWriteUnit: 0.625 / 1_000_000,
  /** DynamoDB on-demand, per read request unit ($0.125 per million) */
  dynamoDbReadUnit: 0.125 / 1_000_000,
  /** S3 Standard PUT, COPY, POST and LIST requests ($0.005 per 1,000) */
  s3WriteRequest: 0.005 / 1_000,
  /** S3 Standard GET and other requests ($0.0004 per 1,000; DELETE is free) */
  s3ReadRequest: 0.0004 / 1_000,
  /** API Gateway REST API requests, first 333 million a month ($3.50 per million) */
  apiGatewayRestRequest: 3.5 / 1_000_000,
  /** EventBridge custom events published ($1.00 per million; AWS service events are free) */
  eventBridgeEvent: 1 / 1_000_000,
  /** X-Ray traces recorded ($5.00 per million) */
  xrayTrace: 5 / 1_000_000,
} as const;

export type AwsPrices = typeof AWS_LIST_PRICES;
