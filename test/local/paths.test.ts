import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputFolder } from '../../local/cli/paths';

describe('--out', () => {
  it("takes a folder holding only hidden files (.DS_Store) or a previous run's results, not one with other files", async () => {
    const root = mkdtempSync(join(tmpdir(), 'leadflow-out-'));
    const hidden = join(root, 'hidden');
    mkdirSync(hidden);
    writeFileSync(join(hidden, '.DS_Store'), 'finder');
    writeFileSync(join(hidden, 'enriched.csv'), 'old');
    await expect(checkOutputFolder(hidden)).resolves.toBeUndefined();
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    await expect(checkOutputFolder(busy)).rejects.toThrow(/holds other files \(1\)/);
  });
});
