import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger for every handler. Never log an event, a lead, a vendor body or an error's cause verbatim:
 * log ids (job, batch, vendor bulk) and counts only.
 */
export const logger = new Logger({ serviceName: 'leadflow' });
