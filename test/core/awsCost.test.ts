import { describe, expect, it } from 'vitest';
import { awsCost, scaleUsage, type AwsUsage } from '../../lambdas/core/awsCost';
import { AWS_LIST_PRICES } from '../../lambdas/core/awsPrices';

const usage: AwsUsage = {
  stateTransitions: 8_000,
  lambda: {
    planStep: { invocations: 10, billedMs: 20_000, memoryMb: 1024 },
    poll: { invocations: 990, billedMs: 99_000, memoryMb: 512 },
  },
  dynamoDb: { readUnits: 500_000, writeUnits: 1_000_000 },
  s3: { writeRequests: 2_000, readRequests: 10_000 },
  apiGatewayRequests: 1_000,
  eventBridgeEvents: 1,
};

const line = (service: string) => awsCost(usage, AWS_LIST_PRICES).find((l) => l.service.startsWith(service))!;

describe('awsCost', () => {
  it('prices each count at its list price, with the count behind it', () => {
    expect(line('Step Functions')).toMatchObject({ count: 8_000, usd: 0.2 });
    expect(line('Lambda requests')).toMatchObject({ count: 1_000 });
    expect(line('Lambda requests').usd).toBeCloseTo(0.0002, 10);
    // 20 s at 1 GB and 99 s at 0.5 GB
    expect(line('Lambda duration').count).toBeCloseTo(69.5, 10);
    expect(line('DynamoDB writes').usd).toBeCloseTo(0.625, 10);
    expect(line('DynamoDB reads').usd).toBeCloseTo(0.0625, 10);
    expect(line('S3 PUT').usd).toBeCloseTo(0.01, 10);
    expect(line('S3 GET').usd).toBeCloseTo(0.004, 10);
    expect(line('API Gateway').usd).toBeCloseTo(0.0035, 10);
  });

  it('counts X-Ray at its most, a trace per invocation', () => {
    expect(line('X-Ray')).toMatchObject({ count: 1_000 });
    expect(line('X-Ray').usd).toBeCloseTo(0.005, 10);
  });

  it('scales every count, so a run of N rows gives a figure per million', () => {
    const scaled = awsCost(scaleUsage(usage, 50), AWS_LIST_PRICES);
    const once = awsCost(usage, AWS_LIST_PRICES);
    scaled.forEach((l, i) => {
      expect(l.count).toBeCloseTo(once[i]!.count * 50, 6);
      expect(l.usd).toBeCloseTo(once[i]!.usd * 50, 10);
    });
  });
});
