/**
 * The log's Ed25519 checkpoint key, kept in the data dir as `keys/log-signing.key`: the Go
 * sumdb/note signer-key text, sealed under the data dir's KEK (src/keys: $VOUCH_KEK, else the
 * generated 0600 `keys/kek`) like every other private key — never written in plaintext. Created on
 * first use; its name is the log origin: $VOUCH_LOG_ORIGIN at creation, else DEFAULT_LOG_ORIGIN.
 * The seed never leaves this module except into that file.
 */
import { join } from 'node:path';
import { VouchError } from '../errors/index.js';
import { createSealedFile, loadKek, readSealedFile, type Kek, type SealedFileOptions } from '../keys/index.js';
import {
  ed25519Signer,
  formatSignerKey,
  generateSignerSeed,
  parseSignerKey,
  type NoteSigner,
} from './signed-note/signer-key.js';
import { isValidKeyName } from './signed-note/verifier-key.js';

/** A schema-less URL-like name, as tlog-checkpoint recommends for origins. */
export const DEFAULT_LOG_ORIGIN = 'vouch.local/log';

/** Bound into the seal: this blob opens only as the log's checkpoint key. */
const CONTEXT = 'vouch/log-signing-key/v1';

export interface LogKeyOptions {
  dataDir: string;
  /** Origin for a newly created key (ignored when the key exists). */
  origin?: string;
  /** Default: the data dir's KEK (loadKek). */
  kek?: Kek;
}

export function logKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'log-signing.key');
}

export function loadOrCreateLogSigner(options: LogKeyOptions): NoteSigner {
  const path = logKeyPath(options.dataDir);
  const fileOptions: SealedFileOptions = {
    kek: options.kek ?? loadKek(options.dataDir),
    context: CONTEXT,
    codes: { unavailable: 'LOG_KEY_UNAVAILABLE', insecure: 'LOG_KEY_INSECURE' },
  };
  const existing = readSealedFile(path, fileOptions);
  if (existing !== undefined) return parseSignerKey(existing);
  const origin = options.origin ?? process.env.VOUCH_LOG_ORIGIN ?? DEFAULT_LOG_ORIGIN;
  if (!isValidKeyName(origin)) throw new VouchError('CONFIG_INVALID', 'log origin must contain no spaces and no "+"');
  const seed = generateSignerSeed();
  if (createSealedFile(path, formatSignerKey(origin, seed), fileOptions)) return ed25519Signer(origin, seed);
  // Another process created it first: use theirs.
  return parseSignerKey(readSealedFile(path, fileOptions) ?? '');
}
