import { handle } from 'hono/aws-lambda';
import { createApiApp } from '../api/app';
import { awsApiPorts } from '../aws/apiPorts';
import { config } from '../aws/config';
import { FUNCTION_ENV } from '../aws/functionEnvironment';

// API Gateway checks API keys and usage plans before a request reaches this function, and names the key.
const { OPERATOR_API_KEY_ID, MAX_INPUT_BYTES } = config(...FUNCTION_ENV.api);
export const handler = handle(
  createApiApp(awsApiPorts(), { auth: { kind: 'gateway', operatorKeyIds: [OPERATOR_API_KEY_ID] }, maxUploadBytes: MAX_INPUT_BYTES }),
);
