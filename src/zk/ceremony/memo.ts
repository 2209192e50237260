/**
 * What this machine has already established about a ceremony's inputs, kept in the cache dir so it
 * is not paid for again: that a phase-1 file (by SHA-256) verified, and which initial zkey a given
 * r1cs + phase-1 pair produces. Both are deterministic results of computations this machine ran
 * (snarkjs `powersoftau verify`, `zkey new`: a minute or more each); a verifier that trusts
 * nothing of its own past passes `recompute` (`vouch ceremony verify --recompute`).
 *
 * Best effort: a memo that cannot be read or written is simply absent. Never a secret in here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCacheDir } from '../../config/paths.js';

const SHA256 = /^[0-9a-f]{64}$/;

function memoDir(): string {
  return join(resolveCacheDir(), 'ceremony');
}

function read(name: string): string | undefined {
  try {
    return readFileSync(join(memoDir(), name), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function write(name: string, value: string): void {
  try {
    mkdirSync(memoDir(), { recursive: true });
    writeFileSync(join(memoDir(), name), `${value}\n`);
  } catch {
    // best effort
  }
}

export function ptauVerifiedBefore(ptauSha256: string): boolean {
  return SHA256.test(ptauSha256) && read(`ptau-${ptauSha256}.verified`) === 'ok';
}

export function rememberPtauVerified(ptauSha256: string): void {
  if (SHA256.test(ptauSha256)) write(`ptau-${ptauSha256}.verified`, 'ok');
}

/** The SHA-256 of the initial zkey this machine computed from this r1cs and ptau, if it did. */
export function initialZkeyBefore(r1csSha256: string, ptauSha256: string): string | undefined {
  if (!SHA256.test(r1csSha256) || !SHA256.test(ptauSha256)) return undefined;
  const v = read(`initial-${r1csSha256}-${ptauSha256}.sha256`);
  return v && SHA256.test(v) ? v : undefined;
}

export function rememberInitialZkey(r1csSha256: string, ptauSha256: string, zkeySha256: string): void {
  if ([r1csSha256, ptauSha256, zkeySha256].every((h) => SHA256.test(h)))
    write(`initial-${r1csSha256}-${ptauSha256}.sha256`, zkeySha256);
}
