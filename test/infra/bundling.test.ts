import { describe, expect, it } from 'vitest';
import * as zod from 'zod';
import { BUNDLE } from '../../lib/bundling/options';

describe('the zod the bundles get (lib/bundling/zod.mjs)', () => {
  it('exports every name zod exports, in z and in z.core too, with English messages', async () => {
    const slim = (await import(BUNDLE.alias.zod)) as typeof zod;
    expect(Object.keys(slim).sort()).toEqual(Object.keys(zod).sort());
    expect(Object.keys(slim.z).sort()).toEqual(Object.keys(zod.z).sort());
    expect(Object.keys(slim.z.core).sort()).toEqual(Object.keys(zod.z.core).sort());
    expect(Object.keys(slim.locales)).toEqual(['en']);
    expect(Object.keys(slim.z.core.locales)).toEqual(['en']);
    const parsed = slim.z.object({ name: slim.z.string().min(2) }).safeParse({ name: 'a' });
    expect(parsed.error?.issues[0]?.message).toBe('Too small: expected string to have >=2 characters');
  });
});
