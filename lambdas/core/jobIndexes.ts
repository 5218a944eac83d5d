/**
 * The jobs table's indexes, named once for the table (lib/storage.ts) and its reader (lambdas/aws/jobsRepository.ts).
 * `all`: every job newest first (partition `kind`, always "job"). `byOwner`: one API key's jobs newest first
 * (partition `owner`; jobs without an owner, from the drop folder or the CLI, are not in it).
 */
export const JOB_INDEXES = {
  all: { name: 'byCreatedAt', partitionKey: 'kind' },
  byOwner: { name: 'byOwner', partitionKey: 'owner' },
  sortKey: 'createdAt',
} as const;
