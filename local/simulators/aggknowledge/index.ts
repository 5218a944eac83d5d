export { startAggKnowledgeSimulator, type AggKnowledgeSimulator, type AggKnowledgeSimulatorOptions } from './server';
export {
  deriveAggKnowledgePerson,
  identityKey,
  type AggKnowledgeOutcome,
  type AggKnowledgePersonRequest,
  type AggKnowledgeSimPerson,
} from './data';
export { parseLinkedInProfileUrl, type LinkedInProfile, type LinkedInProfileKind } from './linkedinUrl';
export type { AggKnowledgeFaults } from './faults';
export type { AggKnowledgeDialect, UnmappablePerson } from './dialect';
export type { AggKnowledgeEndpoint, AggKnowledgeSimulatorStats } from './stats';
export type { BatchStatus, BatchSummary, Environment, ItemBody } from './batches';
export { BULK_PATH } from './routes';
export { DEFAULT_BATCH_PAGE, DEFAULT_ITEMS_PAGE, MAX_BATCH_PAGE, MAX_BULK_REQUESTS, MAX_ITEMS_PAGE } from './request';
