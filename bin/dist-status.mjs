// Whether dist/ (the built JavaScript) may be run: always in an installed package (no src/ beside
// it); in a checkout only while no file under src/ is newer than the build (dist/.build.json), so
// an edited source is never shadowed by a stale build. Costs one directory walk (~300 stats).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The package root's dist/ directory when it is present and current, else undefined. */
export function currentDist(root) {
  const dist = join(root, 'dist');
  const src = join(root, 'src');
  if (!existsSync(src)) return existsSync(join(dist, 'cli', 'main.js')) ? dist : undefined;
  let startedAt;
  try {
    startedAt = JSON.parse(readFileSync(join(dist, '.build.json'), 'utf8')).startedAt;
  } catch {
    return undefined;
  }
  for (const rel of readdirSync(src, { recursive: true })) {
    if (statSync(join(src, rel)).mtimeMs > startedAt) return undefined;
  }
  return dist;
}
