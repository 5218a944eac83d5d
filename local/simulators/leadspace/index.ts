export { startLeadspaceSimulator, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from './server';
export type { Faults } from './faults';
export type { ExpirationFormat, OAuthProgram } from './oauth';
export type { SimulatorStats } from './stats';
export {
  deriveLeadspaceEnrichment,
  type LeadspaceEnrichmentData,
  type SimulatedAddress,
  type SimulatedCompany,
  type SimulatedPerson,
} from './enrichment';
export type { LeadspaceRequestItem } from './request';
export type { ResultsBody, SimulatedResult } from './bulks';
export type { CallbackBody, BulkStatus } from './callbacks';
