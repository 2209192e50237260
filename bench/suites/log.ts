/**
 * log: transparency-log appends (bench/log.ts, benchLog: RFC 6962 leaf hashing, tree state and
 * entries in SQLite, WAL, synchronous=FULL, transactions of 1000) against raw SQLite inserts of the
 * same entries' JSON bytes into a bare table with the same pragmas, in the same transaction size —
 * the cheapest durable way to store the same records. The appends run in segments of 10^5, each
 * followed by the same entries inserted raw, so both see the same load; the ratio compares the
 * medians of the segments. Inclusion and consistency proofs at the final size stay as figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLog } from '../log.js';
import { openRawTable } from '../lib/raw-sqlite.js';
import { median, round } from '../lib/stats.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 0.5;
const TX = 1000;

export const logSuite: Suite = {
  name: 'log',
  rows: ['log'],
  async run(ctx) {
    const entries = ctx.quick ? 100_000 : 1_000_000;
    const segment = entries / 10;
    const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-log-raw-'));
    const raw = openRawTable(join(dir, 'raw.db'));
    const rawPerSec: number[] = [];
    try {
      const r = await benchLog({
        entries,
        batchSize: TX,
        segment,
        print: false,
        onSegment: (appended) => {
          const t = performance.now();
          for (let i = 0; i < appended.length; i += TX)
            raw.insertMany(appended.slice(i, i + TX).map((e) => JSON.stringify(e)));
          rawPerSec.push(appended.length / ((performance.now() - t) / 1000));
        },
      });
      const ours = median(r.segmentAppendsPerSec);
      const baseline = median(rawPerSec);
      return [
        ratioRow({
          name: 'log',
          ours: { what: `log appends, transactions of ${TX}`, value: round(ours), unit: 'appends/s' },
          baseline: {
            what: `raw SQLite inserts of the same JSON, transactions of ${TX}`,
            value: round(baseline),
            unit: 'inserts/s',
          },
          ratio: ours / baseline,
          ratioIs: 'our appends/s / raw inserts/s',
          goal: { op: '>=', ratio: GOAL_RATIO },
          workload: `${entries.toLocaleString('en-US')} entries appended in segments of ${segment.toLocaleString('en-US')}, each segment followed by raw inserts of the same entries (bench/log.ts); then 2000 inclusion and 2000 consistency proofs generated and verified at ${r.entries.toLocaleString('en-US')} entries`,
          extra: { ...r, rawSegmentInsertsPerSec: rawPerSec.map(round) },
        }),
      ];
    } finally {
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
