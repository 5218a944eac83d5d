import type { ApiKeyEntry } from '../lambdas/api/caller';

/** The id jobs record for the key `leadflow serve` prints (or LEADFLOW_API_KEY): the operator of this machine. */
export const OPERATOR_KEY_ID = 'operator';
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MIN_KEY_LENGTH = 16;

/**
 * Team keys for `leadflow serve` from LEADFLOW_TEAM_KEYS, `name=key` pairs separated by commas: each team sees
 * only the jobs its key created. Errors name the pair by position, never quoting a key.
 */
export function parseTeamKeys(value: string | undefined): ApiKeyEntry[] {
  if (value === undefined || value.trim() === '') return [];
  const entries = value.split(',').map((pair, i) => {
    const at = pair.indexOf('=');
    const id = pair.slice(0, Math.max(at, 0)).trim();
    const key = pair.slice(at + 1).trim();
    const where = `LEADFLOW_TEAM_KEYS: pair ${i + 1}`;
    if (at < 0 || !NAME.test(id)) throw new Error(`${where} must be name=key, the name of letters, digits, - or _ (at most 64)`);
    if (id === OPERATOR_KEY_ID) throw new Error(`${where}: "${OPERATOR_KEY_ID}" is the name of the key leadflow serve prints`);
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where}: the key must be at least ${MIN_KEY_LENGTH} characters`);
    return { id, key };
  });
  if (new Set(entries.map((e) => e.id)).size !== entries.length) throw new Error('LEADFLOW_TEAM_KEYS: each team name may appear once');
  if (new Set(entries.map((e) => e.key)).size !== entries.length) throw new Error('LEADFLOW_TEAM_KEYS: each team needs a key of its own');
  return entries;
}
