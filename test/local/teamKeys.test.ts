import { describe, expect, it } from 'vitest';
import { parseTeamKeys } from '../../local/teamKeys';

describe('LEADFLOW_TEAM_KEYS', () => {
  it('reads name=key pairs', () => {
    expect(parseTeamKeys(' sales=0123456789abcdef , ops-emea=fedcba9876543210')).toEqual([
      { id: 'sales', key: '0123456789abcdef' },
      { id: 'ops-emea', key: 'fedcba9876543210' },
    ]);
    expect(parseTeamKeys(undefined)).toEqual([]);
    expect(parseTeamKeys(' ')).toEqual([]);
  });

  it('refuses malformed pairs, short or shared keys and repeated names, by position, never quoting a key', () => {
    const refusals: [string, RegExp][] = [
      ['sales', /pair 1 must be name=key/],
      ['sales=0123456789abcdef,=fedcba9876543210', /pair 2 must be name=key/],
      ['sales=short-key', /pair 1: the key must be at least 16/],
      ['operator=0123456789abcdef', /pair 1: "operator" is the name/],
      ['a=0123456789abcdef,a=fedcba9876543210', /may appear once/],
      ['a=0123456789abcdef,b=0123456789abcdef', /a key of its own/],
    ];
    for (const [value, message] of refusals) {
      expect(() => parseTeamKeys(value), value).toThrow(message);
      try {
        parseTeamKeys(value);
      } catch (error) {
        expect((error as Error).message).not.toMatch(/0123456789abcdef|short-key/);
      }
    }
  });
});
