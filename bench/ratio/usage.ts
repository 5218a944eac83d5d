// Preloaded (--import) into each measured process: at exit it writes the process's peak RSS and CPU time to the file
// named by LEADFLOW_BENCH_USAGE, which the parent reads. Peak RSS is the kernel's (getrusage), not a sampled figure.
import { writeFileSync } from 'node:fs';

const target = process.env.LEADFLOW_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) }));
  });
}
