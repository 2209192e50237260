/**
 * Installs the packed tarball into a fresh project, offline: the tarball is unpacked into
 * node_modules/vouch exactly as npm lays it out, and each dependency the packed package.json
 * declares is linked from this repository's node_modules (already installed, native builds
 * included). Only declared dependencies are linked, so an import of an undeclared package fails
 * here as it would for a user. (npm install --offline is not used: the npm cache on a CI or dev
 * machine need not hold the registry metadata, and better-sqlite3 would need a native build.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './built.js';

/** Tools the consumer itself uses (its type check), not dependencies of vouch. */
const CONSUMER_TOOLS = ['typescript', '@types/node'];

export function packTarball(into: string): string {
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  return join(into, info!.filename);
}

export function installTarball(tarball: string, project: string): void {
  const modules = join(project, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', modules]);
  if (tar.status !== 0) throw new Error(`cannot unpack ${tarball}: ${tar.stderr}`);
  renameSync(join(modules, 'package'), join(modules, 'vouch'));
  const pkg = JSON.parse(readFileSync(join(modules, 'vouch', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  for (const dep of [...Object.keys(pkg.dependencies), ...CONSUMER_TOOLS]) {
    const link = join(modules, dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', dep)), link);
  }
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const [name, file] of Object.entries(pkg.bin))
    symlinkSync(join('..', 'vouch', file), join(modules, '.bin', name));
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { vouch: `file:${tarball}` } }, null, 2)}\n`,
  );
}
