import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsUsage } from '../lambdas/core/awsCost';

type Handler = (event: never) => Promise<unknown>;

/** S3 request classes as S3 prices them: PUT, COPY, POST and LIST at one price, GET and the rest at another. */
const S3_WRITE_CLASS = /^(Put|Copy|Post|List|CreateMultipartUpload|UploadPart|CompleteMultipartUpload|AbortMultipartUpload)/;
const S3_FREE = /^Delete/;
const DYNAMODB_READS = /^(GetItem|BatchGetItem|Query|Scan|TransactGetItems)Command$/;

const METER = 'leadflowUsageMeter';

interface Capacity {
  CapacityUnits?: number;
}

/**
 * Counts what a local run would use of each priced AWS service (lambdas/core/awsCost.ts turns it into dollars):
 * Lambda invocations and their durations, DynamoDB request units (dynalite computes them as DynamoDB does when
 * asked, so every request asks; a failed conditional write as one unit), S3 requests by price class, API Gateway
 * requests and EventBridge events.
 * State transitions are the runner's own count.
 */
export class UsageMeter {
  private readonly lambda: AwsUsage['lambda'] = {};
  private readonly dynamoDb = { readUnits: 0, writeUnits: 0 };
  private readonly s3 = { writeRequests: 0, readRequests: 0 };
  private apiGatewayRequests = 0;
  private eventBridgeEvents = 0;

  constructor(private readonly memoryMbByHandler: Record<string, number>) {}

  /** The handlers, each timed as one invocation of its function (by the handler's file name). */
  timed<T extends Record<string, Handler>>(handlers: T, functionOf: (key: string) => string = (key) => key): T {
    return Object.fromEntries(
      Object.entries(handlers).map(([key, handler]) => {
        const name = functionOf(key);
        const memoryMb = this.memoryMbByHandler[name];
        if (memoryMb === undefined) throw new Error(`lambdas/handlers/${name}.ts is not a function of the stack`);
        const timedHandler = async (event: never) => {
          const started = performance.now();
          try {
            return await handler(event);
          } finally {
            // Lambda bills each invocation by the millisecond, rounded up.
            this.lambda[name] ??= { invocations: 0, billedMs: 0, memoryMb };
            const meter = this.lambda[name];
            meter.invocations += 1;
            meter.billedMs += Math.ceil(performance.now() - started);
          }
        };
        return [key, timedHandler];
      }),
    ) as T;
  }

  /** Counts the client's request units from now on (a runtime started again in the same process replaces the count). */
  observeDynamoDb(client: DynamoDBDocumentClient): void {
    client.middlewareStack.remove(METER);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args).catch((error: Error) => {
          // A conditional write that fails is billed too, and its error carries no consumed capacity: Leadflow's
          // conditional writes are on items under 1 KB, one unit.
          if (error.name === 'ConditionalCheckFailedException') this.dynamoDb.writeUnits += 1;
          throw error;
        });
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (DYNAMODB_READS.test(String(context.commandName))) this.dynamoDb.readUnits += units;
        else this.dynamoDb.writeUnits += units;
        return result;
      },
      { step: 'initialize', name: METER },
    );
  }

  observeS3(client: S3Client): void {
    client.middlewareStack.remove(METER);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        if (S3_WRITE_CLASS.test(command)) this.s3.writeRequests += 1;
        else if (!S3_FREE.test(command)) this.s3.readRequests += 1;
        return next(args);
      },
      { step: 'initialize', name: METER },
    );
  }

  /** one request through API Gateway (a vendor's callback or webhook) */
  apiRequest(): void {
    this.apiGatewayRequests += 1;
  }

  /** one custom event published on EventBridge */
  event(): void {
    this.eventBridgeEvents += 1;
  }

  usage(stateTransitions: number): AwsUsage {
    return {
      stateTransitions,
      lambda: structuredClone(this.lambda),
      dynamoDb: { ...this.dynamoDb },
      s3: { ...this.s3 },
      apiGatewayRequests: this.apiGatewayRequests,
      eventBridgeEvents: this.eventBridgeEvents,
    };
  }
}
