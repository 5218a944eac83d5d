import { handle } from 'hono/aws-lambda';
import { createApiApp } from '../api/app';
import { awsApiPorts } from '../aws/apiPorts';

// API Gateway checks API keys and usage plans before a request reaches this function.
export const handler = handle(createApiApp(awsApiPorts(), {}));
