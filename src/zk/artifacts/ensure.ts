/**
 * Finds the circuit artifacts, building them on first use, and refuses any whose SHA-256 differs
 * from the manifest. Never rebuilds what the manifest says is current.
 *
 * One circuit per call (`circuit`, default the base `policy`; see CIRCUIT_NAMES).
 * Which manifest: the production manifest named by the environment (VOUCH_ARTIFACTS_MANIFEST for
 * the base, VOUCH_ARTIFACTS_MANIFEST_POLICY_ACCOUNTABLE for the variant; its artifacts sit beside
 * it, nothing is ever built) or else the circuit's committed dev manifest (committedManifestPath)
 * with artifacts cached under $VOUCH_CACHE_DIR/artifacts/<source-hash>-dev/.
 * Builds run under the cache dir's build lock (build-lock.ts) and look again once they hold it.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { resolveCacheDir } from '../../config/paths.js';
import { VouchError } from '../../errors/index.js';
import { withBuildLock, type LockHolder } from './build-lock.js';
import {
  CIRCUIT_NAME,
  artifactFiles,
  circuitSourceHash,
  committedManifestPath,
  readManifest,
  sha256File,
  type ArtifactName,
  type CircuitName,
  type Manifest,
} from './manifest.js';

export interface ArtifactPaths {
  dir: string;
  manifest: Manifest;
  manifestPath: string;
  files: Record<ArtifactName, string>;
}

export interface EnsureOptions {
  /** Which circuit (default the base `policy`). */
  circuit?: CircuitName;
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

/** The environment variable naming a circuit's production manifest. */
export function manifestEnvVar(circuit: CircuitName = CIRCUIT_NAME): string {
  return circuit === 'policy'
    ? 'VOUCH_ARTIFACTS_MANIFEST'
    : `VOUCH_ARTIFACTS_MANIFEST_${circuit.replace(/-/g, '_').toUpperCase()}`;
}

export function ensureArtifacts(opts: EnsureOptions = {}): Promise<ArtifactPaths> {
  const circuit = opts.circuit ?? CIRCUIT_NAME;
  const key = JSON.stringify([
    circuit,
    opts.cacheDir ?? '',
    process.env[manifestEnvVar(circuit)] ?? '',
    opts.build ?? true,
  ]);
  let p = verified.get(key);
  if (!p) {
    p = resolveArtifacts(opts);
    verified.set(key, p);
    p.catch(() => verified.delete(key));
  }
  return p;
}

async function resolveArtifacts(opts: EnsureOptions): Promise<ArtifactPaths> {
  const circuit = opts.circuit ?? CIRCUIT_NAME;
  const ARTIFACT_FILES = artifactFiles(circuit);
  const COMMITTED_MANIFEST = committedManifestPath(circuit);
  const envVar = manifestEnvVar(circuit);
  const external = process.env[envVar];
  if (external) {
    const manifestPath = resolve(external);
    const manifest = readManifest(manifestPath);
    if (!manifest) throw new VouchError('ARTIFACT_MISSING', `${envVar} points at no manifest`);
    if ((manifest.circuit ?? CIRCUIT_NAME) !== circuit)
      throw new VouchError(
        'ARTIFACT_HASH_MISMATCH',
        `${envVar} names a manifest of circuit ${manifest.circuit}, not ${circuit}`,
      );
    return checked(dirname(manifestPath), manifest, manifestPath, ARTIFACT_FILES);
  }

  const cacheDir = resolveCacheDir(opts.cacheDir);
  const sourceHash = circuitSourceHash(circuit);
  const committed = readManifest(COMMITTED_MANIFEST);
  const dir = join(
    cacheDir,
    'artifacts',
    circuit === CIRCUIT_NAME ? `${sourceHash.slice(0, 16)}-dev` : `${circuit}-${sourceHash.slice(0, 16)}-dev`,
  );
  const isPresent = () => Object.values(ARTIFACT_FILES).every((f) => existsSync(join(dir, f)));
  const lockOptions = {
    onWait: (h: LockHolder) =>
      opts.progress && process.stderr.write(`waiting for the artifact build of process ${h.pid} on ${h.host}…\n`),
  };

  if (committed && committed.sourceHash === sourceHash) {
    if (!isPresent()) {
      if (opts.build === false)
        throw new VouchError(
          'ARTIFACT_MISSING',
          `${circuit} circuit artifacts are not built; run \`vouch circuits build --circuit ${circuit}\``,
        );
      await withBuildLock(
        cacheDir,
        async () => {
          if (isPresent()) return; // another process built them while this one waited
          const built = await buildArtifacts({
            circuit,
            sourceHash,
            outDir: dir,
            cacheDir,
            progress: opts.progress ?? false,
          });
          // The dev ceremony is deterministic: a fresh build must reproduce the committed manifest.
          for (const a of Object.keys(ARTIFACT_FILES) as ArtifactName[]) {
            if (built.sha256[a] !== committed.sha256[a]) {
              throw new VouchError(
                'ARTIFACT_HASH_MISMATCH',
                `rebuilt ${a} does not reproduce the committed manifest (${built.sha256[a]!.slice(0, 12)} != ${committed.sha256[a]!.slice(0, 12)})`,
              );
            }
          }
        },
        lockOptions,
      );
    }
    return checked(dir, committed, COMMITTED_MANIFEST, ARTIFACT_FILES);
  }

  // The circuit source changed (development): build and record a new committed manifest + vkey.
  if (opts.build === false)
    throw new VouchError(
      'ARTIFACT_MISSING',
      `${circuit} circuit sources changed since the manifest; run \`vouch circuits build --circuit ${circuit}\``,
    );
  const built = await withBuildLock(
    cacheDir,
    async () => {
      const manifest = isPresent() ? readManifest(join(dir, 'manifest.json')) : undefined;
      return manifest?.sourceHash === sourceHash
        ? manifest
        : buildArtifacts({ circuit, sourceHash, outDir: dir, cacheDir, progress: opts.progress ?? false });
    },
    lockOptions,
  );
  const paths = await checked(dir, built, join(dir, 'manifest.json'), ARTIFACT_FILES);
  mkdirSync(dirname(COMMITTED_MANIFEST), { recursive: true });
  writeFileSync(COMMITTED_MANIFEST, `${JSON.stringify(built, null, 2)}\n`);
  copyFileSync(paths.files.vkey, join(dirname(COMMITTED_MANIFEST), ARTIFACT_FILES.vkey));
  return { ...paths, manifestPath: COMMITTED_MANIFEST };
}

async function checked(
  dir: string,
  manifest: Manifest,
  manifestPath: string,
  ARTIFACT_FILES: Record<ArtifactName, string>,
): Promise<ArtifactPaths> {
  const files = {} as Record<ArtifactName, string>;
  for (const a of Object.keys(ARTIFACT_FILES) as ArtifactName[]) {
    const f = join(dir, ARTIFACT_FILES[a]);
    if (!existsSync(f))
      throw new VouchError(
        'ARTIFACT_MISSING',
        `artifact ${ARTIFACT_FILES[a]} is missing; run \`vouch circuits build\``,
      );
    const got = await sha256File(f);
    if (got !== manifest.sha256[a]) {
      throw new VouchError(
        'ARTIFACT_HASH_MISMATCH',
        `artifact ${ARTIFACT_FILES[a]} does not match the manifest; delete ${dir} and run \`vouch circuits build --circuit ${manifest.circuit}\``,
      );
    }
    files[a] = f;
  }
  return { dir, manifest, manifestPath, files };
}
