/** log: the transparency log benchmark (bench/log.ts, benchLog) with its goal. */
import { benchLog } from '../log.js';
import type { Suite } from '../lib/suite.js';

const GOAL_APPENDS = 50_000;

export const logSuite: Suite = {
  name: 'log',
  goal: `>= ${GOAL_APPENDS.toLocaleString('en-US')} appends/s; inclusion and consistency proofs < 1 ms at 10^6 entries`,
  async run(ctx) {
    const entries = ctx.quick ? 100_000 : 1_000_000;
    const r = await benchLog({ entries, print: false });
    const met = r.appendsPerSec >= GOAL_APPENDS && r.inclusionProofMs < 1 && r.consistencyProofMs < 1 && r.entries >= 1_000_000;
    return {
      result: {
        workload: `${entries.toLocaleString('en-US')} entries appended in transactions of 1000 to a SQLite file (WAL, synchronous=FULL), then 2000 inclusion and 2000 consistency proofs generated and verified at that size (bench/log.ts)`,
        goal: this.goal,
        met,
        ...r,
      },
      headline: `${r.appendsPerSec.toLocaleString('en-US')} appends/s; inclusion ${r.inclusionProofMs} ms, consistency ${r.consistencyProofMs} ms at ${r.entries.toLocaleString('en-US')}`,
    };
  },
};
