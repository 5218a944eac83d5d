import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { Estimator } from '../api/ports';
import { LeadFileError } from '../core/csv/leadFileError';
import { ColumnMappingError } from '../core/columnMapping';
import { ERROR_NAMES } from '../core/errorNames';
import type { JobEstimate } from '../core/estimate';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { common } from './clients';
import { lazy } from './lazy';

// Here rather than in ./clients: only the job API invokes a function, and every other bundle would carry the client.
const lambdaClient = lazy(() => new LambdaClient(common()));

/** The estimate function, invoked and waited for (POST /jobs?dryRun=true). Its payload: the file's key and the options. */
export function lambdaEstimator(functionName: string): Estimator {
  return {
    estimate: async (inputKey, options) => {
      const out = await lambdaClient().send(
        new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify({ inputKey, options })) }),
      );
      const payload = JSON.parse(new TextDecoder().decode(out.Payload ?? new Uint8Array())) as unknown;
      if (out.FunctionError === undefined) return payload as JobEstimate;
      // The errors intake writes for users (the file, the mapping) say what is wrong; any other is the function's own.
      const { errorType, errorMessage } = payload as { errorType?: string; errorMessage?: string };
      if (errorType === ERROR_NAMES.leadFile) throw new LeadFileError(errorMessage ?? '');
      if (errorType === ERROR_NAMES.columnMapping) throw new ColumnMappingError(errorMessage ?? '');
      throw new Error(`The estimate function failed (${errorType ?? out.FunctionError})`);
    },
  };
}
