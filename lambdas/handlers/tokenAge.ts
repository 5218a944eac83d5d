import { checkTokenAges, type TokenAgeEvent, type TokenAgeOutcome, type TokenAgePorts } from '../app/checkTokenAges';
import { invocationLog } from '../aws/workflowPorts';
import { recordTokenAge } from '../aws/metrics';
import type { ReminderPublisher } from '../app/ports';
import { describeToken, snsPublisher, tokenAgeEnv, writeReminderRecord } from '../aws/vendorSecrets';

export { reminderMessage, TokenAgeCheckFailed, type TokenAgeEvent, type TokenAgeOutcome } from '../app/checkTokenAges';

/** The daily token-age check (lambdas/app/checkTokenAges.ts), the reminder publisher injectable (tests). */
export function createTokenAgeHandler(publish: ReminderPublisher = snsPublisher) {
  const ports: TokenAgePorts = { describeToken, writeReminderRecord, publish, recordTokenAge, log: invocationLog };
  // The environment is read per run: the check runs once a day, and a cold start costs nothing here.
  return async (event?: TokenAgeEvent): Promise<TokenAgeOutcome[]> => checkTokenAges(ports, tokenAgeEnv(), event);
}

/** The scheduled function (lib/: a daily EventBridge rule or Scheduler schedule). */
export const handler = createTokenAgeHandler();
