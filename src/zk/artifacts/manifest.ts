/**
 * The artifact manifest: which circuit source it was built from, how (dev or production
 * ceremony), its figures, and the SHA-256 of every artifact. Artifacts whose hash differs from the
 * manifest are refused, not used.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CIRCUITS_DIR } from '../../config/package-files.js';
import { VouchError } from '../../errors/index.js';

export { CIRCUITS_DIR };
export const CIRCUIT_NAME = 'policy';
/** The committed manifest and verification key of the dev build. */
export const COMMITTED_MANIFEST = join(CIRCUITS_DIR, 'build', 'manifest.json');

export type ArtifactName = 'r1cs' | 'wasm' | 'zkey' | 'vkey';
export const ARTIFACT_FILES: Record<ArtifactName, string> = {
  r1cs: `${CIRCUIT_NAME}.r1cs`,
  wasm: `${CIRCUIT_NAME}.wasm`,
  zkey: `${CIRCUIT_NAME}.zkey`,
  vkey: `${CIRCUIT_NAME}.vkey.json`,
};

export interface Manifest {
  circuit: string;
  sourceHash: string;
  ceremony: {
    kind: 'dev' | 'production';
    ptauPower: number;
    ptauSha256: string;
    /** Dev only: the public beacon that stands in for entropy. Anyone can forge proofs with it. */
    beacon?: string;
    warning?: string;
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
    throw new VouchError('ARTIFACT_HASH_MISMATCH', `manifest ${relative(process.cwd(), path)} is not valid JSON`, { cause });
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Hash of everything that determines the compiled circuit: our .circom sources, the circomlib
 * templates they include, and the compiler version.
 */
export function circuitSourceHash(): string {
  const req = createRequire(import.meta.url);
  const hash = createHash('sha256');
  const circomlibDir = dirname(req.resolve('circomlib/package.json'));
  const circom2Version = (JSON.parse(readFileSync(req.resolve('circom2/package.json'), 'utf8')) as { version: string }).version;
  hash.update(`circom2@${circom2Version}\n`);
  for (const [root, label] of [[CIRCUITS_DIR, 'vouch'], [join(circomlibDir, 'circuits'), 'circomlib']] as const) {
    for (const file of listCircom(root)) {
      hash.update(`${label}/${relative(root, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
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
