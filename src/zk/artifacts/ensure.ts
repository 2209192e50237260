/**
 * Finds the circuit artifacts, building them on first use, and refuses any whose SHA-256 differs
 * from the manifest. Never rebuilds what the manifest says is current.
 *
 * Which manifest: $VOUCH_ARTIFACTS_MANIFEST (a production build's manifest; its artifacts sit
 * beside it, nothing is ever built) or else the committed dev manifest circuits/build/manifest.json
 * with artifacts cached under $VOUCH_CACHE_DIR/artifacts/<source-hash>-dev/.
 * Builds run under the cache dir's build lock (build-lock.ts) and look again once they hold it.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { resolveCacheDir } from '../../config/paths.js';
import { VouchError } from '../../errors/index.js';
import { withBuildLock, type LockHolder } from './build-lock.js';
import { ARTIFACT_FILES, COMMITTED_MANIFEST, circuitSourceHash, readManifest, sha256File, type ArtifactName, type Manifest } from './manifest.js';

export interface ArtifactPaths {
  dir: string;
  manifest: Manifest;
  manifestPath: string;
  files: Record<ArtifactName, string>;
}

export interface EnsureOptions {
  cacheDir?: string;
  progress?: boolean;
  /** Build if missing (default true). False: throw ARTIFACT_MISSING instead. */
  build?: boolean;
}

/** The dev ceremony (circom2, snarkjs) loads only when artifacts must be built, never to verify. */
async function buildArtifacts(opts: import('./build.js').BuildOptions): Promise<Manifest> {
  const { buildArtifacts: build } = await import('./build.js');
  return build(opts);
}

const verified = new Map<string, Promise<ArtifactPaths>>();

export function ensureArtifacts(opts: EnsureOptions = {}): Promise<ArtifactPaths> {
  const key = JSON.stringify([opts.cacheDir ?? '', process.env.VOUCH_ARTIFACTS_MANIFEST ?? '', opts.build ?? true]);
  let p = verified.get(key);
  if (!p) {
    p = resolveArtifacts(opts);
    verified.set(key, p);
    p.catch(() => verified.delete(key));
  }
  return p;
}

async function resolveArtifacts(opts: EnsureOptions): Promise<ArtifactPaths> {
  const external = process.env.VOUCH_ARTIFACTS_MANIFEST;
  if (external) {
    const manifestPath = resolve(external);
    const manifest = readManifest(manifestPath);
    if (!manifest) throw new VouchError('ARTIFACT_MISSING', 'VOUCH_ARTIFACTS_MANIFEST points at no manifest');
    return checked(dirname(manifestPath), manifest, manifestPath);
  }

  const cacheDir = resolveCacheDir(opts.cacheDir);
  const sourceHash = circuitSourceHash();
  const committed = readManifest(COMMITTED_MANIFEST);
  const dir = join(cacheDir, 'artifacts', `${sourceHash.slice(0, 16)}-dev`);
  const present = Object.values(ARTIFACT_FILES).every((f) => existsSync(join(dir, f)));

  const isPresent = () => Object.values(ARTIFACT_FILES).every((f) => existsSync(join(dir, f)));
  const lockOptions = { onWait: (h: LockHolder) => opts.progress && process.stderr.write(`waiting for the artifact build of process ${h.pid} on ${h.host}…\n`) };

  if (committed && committed.sourceHash === sourceHash) {
    if (!present) {
      if (opts.build === false) throw new VouchError('ARTIFACT_MISSING', 'circuit artifacts are not built; run `vouch circuits build`');
      await withBuildLock(cacheDir, async () => {
        if (isPresent()) return; // another process built them while this one waited
        const built = await buildArtifacts({ sourceHash, outDir: dir, cacheDir, progress: opts.progress ?? false });
        // The dev ceremony is deterministic: a fresh build must reproduce the committed manifest.
        for (const a of Object.keys(ARTIFACT_FILES) as ArtifactName[]) {
          if (built.sha256[a] !== committed.sha256[a]) {
            throw new VouchError('ARTIFACT_HASH_MISMATCH', `rebuilt ${a} does not reproduce the committed manifest (${built.sha256[a]!.slice(0, 12)} != ${committed.sha256[a]!.slice(0, 12)})`);
          }
        }
      }, lockOptions);
    }
    return checked(dir, committed, COMMITTED_MANIFEST);
  }

  // The circuit source changed (development): build and record a new committed manifest + vkey.
  if (opts.build === false) throw new VouchError('ARTIFACT_MISSING', 'circuit sources changed since the manifest; run `vouch circuits build`');
  const built = await withBuildLock(cacheDir, async () => {
    const manifest = isPresent() ? readManifest(join(dir, 'manifest.json')) : undefined;
    return manifest?.sourceHash === sourceHash ? manifest : buildArtifacts({ sourceHash, outDir: dir, cacheDir, progress: opts.progress ?? false });
  }, lockOptions);
  const paths = await checked(dir, built, join(dir, 'manifest.json'));
  mkdirSync(dirname(COMMITTED_MANIFEST), { recursive: true });
  writeFileSync(COMMITTED_MANIFEST, `${JSON.stringify(built, null, 2)}\n`);
  copyFileSync(paths.files.vkey, join(dirname(COMMITTED_MANIFEST), ARTIFACT_FILES.vkey));
  return { ...paths, manifestPath: COMMITTED_MANIFEST };
}

async function checked(dir: string, manifest: Manifest, manifestPath: string): Promise<ArtifactPaths> {
  const files = {} as Record<ArtifactName, string>;
  for (const a of Object.keys(ARTIFACT_FILES) as ArtifactName[]) {
    const f = join(dir, ARTIFACT_FILES[a]);
    if (!existsSync(f)) throw new VouchError('ARTIFACT_MISSING', `artifact ${ARTIFACT_FILES[a]} is missing; run \`vouch circuits build\``);
    const got = await sha256File(f);
    if (got !== manifest.sha256[a]) {
      throw new VouchError('ARTIFACT_HASH_MISMATCH', `artifact ${ARTIFACT_FILES[a]} does not match the manifest; delete ${dir} and run \`vouch circuits build\``);
    }
    files[a] = f;
  }
  return { dir, manifest, manifestPath, files };
}
