/**
 * PLACEHOLDERS: benchmarks whose subject is not built yet. Each reports `skipped` (and met: false)
 * until its owner replaces it with a real suite in its own file.
 */
import type { Suite } from '../lib/suite.js';

function placeholder(name: string, goal: string, reason: string): Suite {
  return {
    name,
    goal,
    async run() {
      return { result: { skipped: reason, workload: 'none', goal, met: false }, headline: `skipped: ${reason}` };
    },
  };
}

// TODO(hook owner): embedded admission throughput and p50/p99 at 25/50/90 % of capacity, and over HTTP with a loopback load generator.
export const hookSuite = placeholder('hook', 'p99 <= 50 ms at 50 % load', 'hook not built yet');
// TODO(hook owner): signed orders checked per second in session mode.
export const sessionSuite = placeholder('session', '>= 20,000 signed orders/s in session mode', 'session not built yet');
