#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to ESM + declarations in dist/ with tsc (tsconfig.build.json) and
 * copies the data files modules read beside themselves (database migrations, the OpenAPI base and prose).
 * Builds into a fresh directory and swaps it in, so no file of a deleted source lingers in dist/.
 * Also builds the browser app into dist/web/ (scripts/build-web.mjs). `--if-stale` skips the build while dist/ is current. dist/.build.json records when the build started: bin/vouch.mjs runs dist/ only while no source
 * file is newer (bin/dist-status.mjs), so a stale build is never run from a checkout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentDist } from '../bin/dist-status.mjs';
import { buildWeb, currentWeb } from './build-web.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--if-stale` (npm start, npm test, npm pack): nothing to do while dist/ is current; while only the
// web app (dist/web, scripts/build-web.mjs) is stale, rebuild just that.
if (process.argv.includes('--if-stale') && currentDist(root)) {
  if (!currentWeb(root)) {
    const t = Date.now();
    if (await buildWeb(root, join(root, 'dist', 'web')))
      process.stdout.write(`built dist/web/ in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  process.exit(0);
}
const startedAt = Date.now();
const out = join(root, 'dist');
const tmp = join(root, `dist.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', tmp], {
  stdio: 'inherit',
});
if (r.status !== 0) {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

/** Files read at run time relative to their module (import.meta.url), copied to the same place. */
const ASSET = /\.(sql|yaml)$|[/\\]migrations(-pg)?[/\\]meta[/\\].*\.json$/;
const src = join(root, 'src');
for (const rel of readdirSync(src, { recursive: true })) {
  if (!ASSET.test(`/${rel}`)) continue;
  mkdirSync(dirname(join(tmp, rel)), { recursive: true });
  cpSync(join(src, rel), join(tmp, rel));
}
writeFileSync(join(tmp, '.build.json'), `${JSON.stringify({ startedAt })}\n`);
await buildWeb(root, join(tmp, 'web'));

const old = join(root, `dist.old-${process.pid}`);
try {
  renameSync(out, old);
} catch {
  // first build: nothing to replace
}
renameSync(tmp, out);
rmSync(old, { recursive: true, force: true });
process.stdout.write(`built dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
