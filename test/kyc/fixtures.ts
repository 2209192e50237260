/** Loads the third-party Anon Aadhaar fixtures vendored under test/fixtures/third-party (read-only). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const AADHAAR_DIR = fileURLToPath(new URL('../fixtures/third-party/anon-aadhaar/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(AADHAAR_DIR + name, 'utf8');
}

export interface ProofFixture {
  name: string;
  /** The AnonAadhaarProof object exactly as found in the source app. */
  anonAadhaarProof: Record<string, unknown> & { groth16Proof: { pi_a: string[]; pi_b: string[][]; pi_c: string[] } };
  publicSignals: string[];
  pubkeyKind: 'testPublicKeyHash' | 'productionPublicKeyHash';
}

export const PROOF_FILES = [
  'proof-testkey-easxlit.json',
  'proof-prodkey-decentrasocial-signup.json',
  'proof-prodkey-decentrasocial-login.json',
] as const;

export function loadProof(name: string): ProofFixture {
  const j = JSON.parse(fixtureText(name)) as Omit<ProofFixture, 'name'>;
  return { name, anonAadhaarProof: j.anonAadhaarProof, publicSignals: j.publicSignals, pubkeyKind: j.pubkeyKind };
}

/** A deep copy of the proof object, to tamper with. */
export function cloneProof(f: ProofFixture): ProofFixture['anonAadhaarProof'] {
  return structuredClone(f.anonAadhaarProof);
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
