import { describe, expect, it } from 'vitest';
import { linesOf } from '../../lambdas/core/lines';

async function* chunks(...parts: string[]) {
  yield* parts;
}
const collect = async (text: AsyncIterable<string>, limit?: Parameters<typeof linesOf>[1]) => {
  const lines: string[] = [];
  for await (const line of linesOf(text, limit)) lines.push(line);
  return lines;
};

describe('linesOf', () => {
  it('splits lines wherever the chunks break, and keeps a last line without its newline', async () => {
    expect(await collect(chunks('{"a":1}\n{"b"', ':2}\n', '\n', '{"c":3}\r\n{"d"', ':4}'))).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}\r', '{"d":4}']);
    expect(await collect(chunks())).toEqual([]);
    expect(await collect(chunks('x\n'))).toEqual(['x']);
  });

  it('stops a line that grows past the limit, naming its number, even before its end arrives', async () => {
    const limit = { maxChars: 5, tooLong: (n: number) => new Error(`line ${n} is too long`) };
    await expect(collect(chunks('ok\n', 'toolong\n'), limit)).rejects.toThrow('line 2 is too long');
    await expect(collect(chunks('ok\n', 'abc', 'def', 'ghi'), limit)).rejects.toThrow('line 2 is too long');
    expect(await collect(chunks('12345\n'), limit)).toEqual(['12345']);
  });

  it('joins one long line from many small chunks', async () => {
    const parts = Array.from({ length: 20_000 }, () => 'x'.repeat(50));
    const [line] = await collect(chunks(...parts, '\n'));
    expect(line).toHaveLength(1_000_000);
  });
});
