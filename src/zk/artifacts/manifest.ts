/**
 * The artifact manifest: which circuit source it was built from, how (dev or production
 * ceremony), its figures, and the SHA-256 of every artifact. Artifacts whose hash differs from the
 * manifest are refused, not used.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { CIRCUITS_DIR } from '../../config/package-files.js';
import { VouchError } from '../../errors/index.js';

export { CIRCUITS_DIR };

/**
 * The circuits Vouch builds, each from circuits/<name>.circom with its own manifest, ceremony and
 * key: `policy` (the base statement, <= 2^14 constraints) and `policy-accountable` (the same
 * statement plus identity escrow and a cumulative limit, <= 2^15; see its header for why a variant).
 */
export const CIRCUIT_NAMES = ['policy', 'policy-accountable'] as const;
export type CircuitName = (typeof CIRCUIT_NAMES)[number];
/** The base circuit: the default everywhere a circuit is not named. */
export const CIRCUIT_NAME: CircuitName = 'policy';

export function isCircuitName(v: unknown): v is CircuitName {
  return typeof v === 'string' && (CIRCUIT_NAMES as readonly string[]).includes(v);
}

/**
 * Where a circuit's committed dev manifest lives. The base keeps circuits/build/manifest.json (its
 * historical place, which published packages and deployed tooling read); variants get a folder.
 */
export function committedManifestPath(circuit: CircuitName = CIRCUIT_NAME): string {
  return circuit === 'policy'
    ? join(CIRCUITS_DIR, 'build', 'manifest.json')
    : join(CIRCUITS_DIR, 'build', circuit, 'manifest.json');
}

/** The committed manifest and verification key of the base circuit's dev build. */
export const COMMITTED_MANIFEST = committedManifestPath('policy');

export type ArtifactName = 'r1cs' | 'wasm' | 'zkey' | 'vkey';

export function artifactFiles(circuit: CircuitName = CIRCUIT_NAME): Record<ArtifactName, string> {
  return { r1cs: `${circuit}.r1cs`, wasm: `${circuit}.wasm`, zkey: `${circuit}.zkey`, vkey: `${circuit}.vkey.json` };
}
/** The base circuit's artifact file names. */
export const ARTIFACT_FILES: Record<ArtifactName, string> = artifactFiles('policy');

export interface Manifest {
  circuit: string;
  sourceHash: string;
  ceremony: {
    kind: 'dev' | 'production';
    ptauPower: number;
    ptauSha256: string;
    /**
     * Dev: the public beacon that stands in for entropy (anyone can forge proofs with it).
     * Multi-party ceremony (`vouch ceremony finalize`): the public beacon applied after the last
     * contribution, which hides nothing and only fixes the key's final delta.
     */
    beacon?: string;
    warning?: string;
    /** Multi-party ceremony only (see src/zk/ceremony): what the transcript records. */
    ptauBlake2b?: string;
    /** The listed public phase-1 file (src/zk/ceremony/phase1.ts), or "unlisted" when acknowledged. */
    phase1?: string;
    /** Secret contributions (the beacon not counted). */
    contributions?: number;
    beaconIterationsExp?: number;
    /** SHA-256 of the published transcript.json beside the manifest. */
    transcriptSha256?: string;
  };
  constraints: number;
  publicInputs: number;
  publicOutputs: number;
  sha256: Record<ArtifactName, string>;
}

export function readManifest(path: string): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (cause) {
    throw new VouchError('ARTIFACT_HASH_MISMATCH', `manifest ${relative(process.cwd(), path)} is not valid JSON`, {
      cause,
    });
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Hash of everything that determines the compiled circuit: our .circom sources it includes (its
 * main file and, transitively, the files under circuits/ it includes), the circomlib templates,
 * and the compiler version. Only the circuit's own include closure counts, so adding a variant (or
 * a template only a variant uses) leaves every other circuit's hash, cache entry and manifest alone.
 */
export function circuitSourceHash(circuit: CircuitName = CIRCUIT_NAME): string {
  const closure = includeClosure(join(CIRCUITS_DIR, `${circuit}.circom`));
  const req = createRequire(import.meta.url);
  const hash = createHash('sha256');
  const circomlibDir = dirname(req.resolve('circomlib/package.json'));
  const circom2Version = (JSON.parse(readFileSync(req.resolve('circom2/package.json'), 'utf8')) as { version: string })
    .version;
  hash.update(`circom2@${circom2Version}\n`);
  for (const [root, label] of [
    [CIRCUITS_DIR, 'vouch'],
    [join(circomlibDir, 'circuits'), 'circomlib'],
  ] as const) {
    for (const file of listCircom(root)) {
      if (label === 'vouch' && !closure.has(file)) continue;
      hash.update(`${label}/${relative(root, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** The file and every file under circuits/ it includes, transitively (circomlib is hashed whole). */
function includeClosure(main: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    if (!existsSync(file))
      throw new VouchError('ARTIFACT_MISSING', `circuit source ${relative(CIRCUITS_DIR, file)} is missing`);
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*include\s+"(\.{1,2}\/[^"]+)"/gm))
      visit(resolve(dirname(file), m[1]!));
  };
  visit(main);
  return seen;
}

function listCircom(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'build' && e.name !== 'test') out.push(...listCircom(p));
    } else if (e.name.endsWith('.circom')) out.push(p);
  }
  return out;
}
