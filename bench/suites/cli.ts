/**
 * cli: start-up of the built CLI, `vouch --help` (bin/vouch.mjs running dist/, as an installed
 * package does), against `node -e 0` — the least any Node program costs to start on this machine.
 * dist/ is built first if stale (untimed; scripts/build.mjs --if-stale, as npm start and npm pack
 * do), and the run refuses to time the tsx fallback. The two commands alternate, 15 times each.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, round } from '../lib/stats.js';
import { interleave, ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 5;
const GOAL_SECONDS = 0.3;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function timed(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

export const cliSuite: Suite = {
  name: 'cli',
  rows: ['cli'],
  async run(ctx) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('could not build dist/ for the CLI benchmark');
    const { currentDist } = (await import(new URL('../../bin/dist-status.mjs', import.meta.url).href)) as {
      currentDist(root: string): unknown;
    };
    if (!currentDist(ROOT)) throw new Error('dist/ is not current after building; refusing to time the tsx fallback');
    timed(['bin/vouch.mjs', '--help']); // warm the file cache
    const rounds = ctx.quick ? 5 : 15;
    const { ours, baseline } = await interleave(
      rounds,
      () => timed(['bin/vouch.mjs', '--help']),
      () => timed(['-e', '0']),
    );
    const oursMs = median(ours);
    const nodeMs = median(baseline);
    return [
      ratioRow({
        name: 'cli',
        ours: { what: 'vouch --help (built dist/), p50', value: round(oursMs), unit: 'ms' },
        baseline: { what: 'node -e 0, p50', value: round(nodeMs), unit: 'ms' },
        ratio: oursMs / nodeMs,
        ratioIs: 'our time / node -e 0 time',
        goal: {
          op: '<=',
          ratio: GOAL_RATIO,
          also: { text: `<= ${GOAL_SECONDS} s`, met: oursMs <= GOAL_SECONDS * 1000 },
        },
        workload: `${rounds} runs each of \`node bin/vouch.mjs --help\` and \`node -e 0\` as child processes, alternating; wall time to exit, medians`,
        extra: { rounds, oursP90Ms: round([...ours].sort((a, b) => a - b)[Math.floor(ours.length * 0.9)]!) },
      }),
    ];
  },
};
