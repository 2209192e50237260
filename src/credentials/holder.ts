/**
 * Holders: a secret that never leaves the holder, and its subject commitment Poseidon(secret),
 * the only thing an issuer ever sees. The holder file is written with 0600 permissions.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { VouchError } from '../errors/index.js';
import { randomFieldElement, subjectOf } from '../zk/index.js';

const dec = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);
const holderSchema = z.object({ type: z.literal('vouch-holder'), secret: dec, subject: dec }).strict();

export interface HolderFile {
  type: 'vouch-holder';
  /** Decimal field element. Secret: whoever holds it can prove as this holder. */
  secret: string;
  subject: string;
}

/** A new holder: a random secret and its subject commitment Poseidon(secret), which credentials are issued to. */
export function createHolder(): HolderFile {
  const secret = randomFieldElement();
  return { type: 'vouch-holder', secret: secret.toString(), subject: subjectOf(secret).toString() };
}

/** Writes a holder file readable by its owner only (0600), refusing to overwrite an existing one. */
export function writeHolderFile(path: string, holder: HolderFile): void {
  writeFileSync(path, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** Reads an untrusted holder file and returns its secret and subject (checked to match). */
export function parseHolderFile(json: unknown): { secret: bigint; subject: bigint } {
  const r = holderSchema.safeParse(json);
  if (!r.success) throw new VouchError('HOLDER_FILE_INVALID', 'the holder file is malformed');
  const secret = BigInt(r.data.secret);
  const subject = subjectOf(secret);
  if (subject.toString() !== r.data.subject)
    throw new VouchError('HOLDER_FILE_INVALID', 'the holder file’s subject does not match its secret');
  return { secret, subject };
}
