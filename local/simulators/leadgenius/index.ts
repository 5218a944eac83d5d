export { startLeadGeniusSimulator, type LeadGeniusSimulator, type LeadGeniusSimulatorOptions } from './server';
export { deriveLeadGeniusEmails, type LeadGeniusItem } from './data';
export type { LeadGeniusFaults } from './faults';
export type { LeadGeniusDialect } from './dialect';
export { DEFAULT_LIMITS, type LeadGeniusLimits } from './limits';
export type { LeadGeniusSimulatorStats } from './stats';
export type { LeadGeniusWebhookBody, WebhookDeliveryOptions } from './webhooks';
export type { StatusResults } from './processing';
export { BULK_JOB_PATH, BULK_STATUS_PREFIX } from './routes';
