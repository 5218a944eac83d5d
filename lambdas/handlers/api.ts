import { handle } from 'hono/aws-lambda';
import { createApiApp } from '../api/app';
import { awsApiPorts } from '../aws/apiPorts';
import { config } from '../aws/config';

// API Gateway checks API keys and usage plans before a request reaches this function, and names the key.
const { OPERATOR_API_KEY_ID, MAX_INPUT_BYTES } = config('OPERATOR_API_KEY_ID', 'MAX_INPUT_BYTES');
export const handler = handle(
  createApiApp(awsApiPorts(), { auth: { kind: 'gateway', operatorKeyIds: [OPERATOR_API_KEY_ID] }, maxUploadBytes: MAX_INPUT_BYTES }),
);
