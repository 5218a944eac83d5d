// The Leadspace simulator in a process of its own, so a benchmark measures the pipeline's memory and not the
// simulator's (which keeps every bulk's results, as the vendor does). Prints its URL; stops when stdin closes.
import { startLeadspaceSimulator } from '../local/simulators/leadspace';
import { LOCAL_LEADSPACE_TOKEN } from '../local/runtime';

const simulator = await startLeadspaceSimulator({ tokens: [LOCAL_LEADSPACE_TOKEN], processingDelayMs: 100 });
process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void simulator.close().then(() => process.exit(0)));
