import type { z } from '@hono/zod-openapi';
import type { JobView } from '../../lambdas/api/jobView';
import type { CreatedJobSchema, JobListSchema, ResultsSchema } from '../../lambdas/api/schemas';

/** The API's response types, from its own schemas (type imports only: nothing of the server is bundled). */
export type { JobView };
export type CreatedJob = z.infer<typeof CreatedJobSchema>;
export type JobList = z.infer<typeof JobListSchema>;
export type Results = z.infer<typeof ResultsSchema>;
export type { TokenStatusList } from '../../lambdas/api/tokenSchemas';
