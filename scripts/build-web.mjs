/**
 * The browser app (web/, served by `vouch serve` at /app/): a Vite build into dist/web/. It bundles
 * library modules from src/ (the wallet proves with src/prover, the console audits with
 * src/reporting/audit; the regulator view the committed verifying keys of circuits/build/), so it
 * is stale when any file under web/, src/ or circuits/build/ is newer than it.
 * dist/web/.build.json records when the build started, as dist/.build.json does for dist/.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether dist/web is at least as new as every file under web/ and src/. */
export function currentWeb(root) {
  let startedAt;
  try {
    startedAt = JSON.parse(readFileSync(join(root, 'dist', 'web', '.build.json'), 'utf8')).startedAt;
  } catch {
    return false;
  }
  for (const dir of ['web', 'src', 'circuits/build']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const rel of readdirSync(base, { recursive: true })) {
      if (statSync(join(base, rel)).mtimeMs > startedAt) return false;
    }
  }
  return true;
}

/** Builds web/ into `outDir` (replacing it whole). Returns false when Vite is not installed. */
export async function buildWeb(root, outDir) {
  const startedAt = Date.now();
  let vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write('vite is not installed: the web app (/app/) is not built\n');
    return false;
  }
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await vite.build({
    configFile: join(root, 'web', 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: tmp, emptyOutDir: true },
  });
  writeFileSync(join(tmp, '.build.json'), `${JSON.stringify({ startedAt })}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return true;
}
