export { startHeroBaseSimulator, type HeroBaseSimulator, type HeroBaseSimulatorOptions } from './server';
export {
  SEEDED_BASE_TIME,
  SEEDED_SEARCH_NAME,
  SEEDED_STEP_MS,
  seededLeads,
  type HeroBaseSimCampaign,
  type HeroBaseSimField,
  type HeroBaseSimLead,
  type HeroBaseSimLeadInput,
  type HeroBaseSimSearch,
  type HeroBaseSimUser,
} from './data';
export { CSV_ENCODINGS, DEFAULT_CULTURE, type CsvEncoding } from './csv';
export type { HeroBaseFaults } from './faults';
export type { HeroBaseDialect } from './dialect';
export type { HeroBaseEndpoint, HeroBaseSimulatorStats } from './stats';
