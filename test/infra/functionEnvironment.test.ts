import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingEntries } from '../../lambdas/core/settings';

const root = join(import.meta.dirname, '../..');
const sourcesUnder = (dir: string): string[] =>
  (readdirSync(join(root, dir), { recursive: true, encoding: 'utf-8' }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('function environments', () => {
  it('reads the environment only through the declared lists, so the stack sets every variable a handler reads', () => {
    const calls = sourcesUnder('lambdas')
      .filter((file) => file !== join('lambdas', 'aws', 'config.ts'))
      .flatMap((file) =>
        [...withoutComments(readFileSync(join(root, file), 'utf-8')).matchAll(/\bconfig\(([^)]*)\)/g)].map((m) => ({ file, args: m[1]!.trim() })),
      );
    expect(calls.length).toBeGreaterThan(10);
    const undeclared = calls.filter(({ args }) => !/^\.\.\.(FUNCTION_ENV|ADAPTER_ENV)\.\w+$/.test(args));
    expect(undeclared).toEqual([]);
  });
});

describe('settings', () => {
  it('lists every setting in the README with its default', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf-8');
    for (const [name, setting] of settingEntries) {
      const row = readme.split('\n').find((line) => line.startsWith('| ') && line.split('|')[1]!.includes(`\`${name}\``));
      expect(row, name).toBeDefined();
      if (!('default' in setting) || (Array.isArray(setting.default) && setting.default.length === 0)) continue;
      // A row may hold several settings ("a / b / c" with "1 / 2 / 3"): find this one's default by position.
      const [names, defaults] = row!
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.split(' / ').map((part) => part.trim()));
      const position = names!.indexOf(`\`${name}\``);
      expect(defaults![position], name).toBe(String(setting.default));
    }
  });

  it('keeps bounds around every default', () => {
    for (const [name, setting] of settingEntries) {
      if (setting.kind !== 'whole') continue;
      expect(setting.default, name).toBeGreaterThanOrEqual(setting.min);
      expect(setting.default, name).toBeLessThanOrEqual(setting.max);
    }
    expect(SETTINGS.cacheTtlDays.default).toBeLessThanOrEqual(SETTINGS.leadDataExpiryDays.default);
  });
});
