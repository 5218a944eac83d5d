// npm run bench:memory [-- ROWS…] (npm run bench runs it too): peak RSS of the local pipeline at growing file
// sizes, each size in a fresh process.
// Prepare and Merge stream their files, so their peaks should stay nearly flat as rows grow tenfold.
import { execFileSync } from 'node:child_process';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const rows of sizes.length > 0 ? sizes : [10_000, 100_000]) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/enrichOnce.ts', String(rows)], {
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  process.stdout.write(`${output.trim().split('\n').pop()}\n`);
}
