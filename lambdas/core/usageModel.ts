import type { AwsUsage } from './awsCost';
import type { Vendor } from './plan';

/** The shape of a job, as the estimate knows it before anything runs. */
export interface JobShape {
  rows: number;
  /** plan steps planned, the closing one included (the job's plan length + 1) */
  planSteps: number;
  steps: Array<{ vendor: Vendor; records: number; batches: number; lookups: number }>;
}

/**
 * What a job of this shape uses of each priced AWS service: the counts a metered local run gives (docs/cost.md,
 * "The estimate's model"), per job, plan step, batch, record and callback, fitted to `npm run cost` and to
 * samples/leads.csv. One batch round per batch: a vendor that answers late costs more rounds (Backoff, Poll).
 */
export function projectUsage(shape: JobShape): AwsUsage {
  const batches = shape.steps.reduce((sum, s) => sum + s.batches, 0);
  const records = shape.steps.reduce((sum, s) => sum + s.records, 0);
  const lookups = shape.steps.reduce((sum, s) => sum + s.lookups, 0);
  // Leadspace and AggKnowledge call back once a bulk; LeadGenius once per email found, at most once per object.
  const callbacks = shape.steps.reduce((sum, s) => sum + (s.vendor === 'leadgenius' ? s.records : s.batches), 0);
  const invocations = 5 + shape.planSteps + 2.6 * batches + callbacks;
  const gbSeconds = 0.0017 * shape.rows + 0.015 * callbacks;
  return {
    stateTransitions: 4 + 4 * shape.planSteps + 6 * batches,
    lambda: { all: { invocations, billedMs: gbSeconds * 1000, memoryMb: 1024 } },
    dynamoDb: { writeUnits: 20 + records + 12 * batches, readUnits: 0.5 * lookups + 10 * batches + callbacks },
    s3: { writeRequests: 8 + 4.5 * batches, readRequests: 10 + 3.3 * batches },
    apiGatewayRequests: callbacks,
    eventBridgeEvents: 1,
  };
}
