/** A DynamoDB conditional write whose condition did not hold: for idempotent steps, "already done", not an error. */
export const isConditionFailure = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';
