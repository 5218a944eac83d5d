import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger for every handler. Never log an event, a lead, a vendor body or an error's cause verbatim:
 * log ids (job, batch, vendor bulk) and counts only.
 */
const logger = new Logger({ serviceName: 'leadflow' });

/**
 * A logger carrying the ids of one invocation. A child per invocation, rather than appendKeys on the shared
 * logger, so ids never leak into the next invocation of a warm container or a concurrent local one.
 */
export function invocationLogger(keys: Record<string, string | number>): Logger {
  return logger.createChild({ persistentKeys: keys });
}
