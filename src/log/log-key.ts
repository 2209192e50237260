/**
 * The log's Ed25519 checkpoint key, kept in the data dir as `keys/log-signing.key` (Go sumdb/note
 * signer-key format; 0600, or sealed under VOUCH_KEK). Created on first use; its name is the log
 * origin: $VOUCH_LOG_ORIGIN at creation, else DEFAULT_LOG_ORIGIN. The seed never leaves this
 * module except into that file.
 */
import { join } from 'node:path';
import { createSecretFile, readSecretFile, type SecretFileOptions } from './secret-file.js';
import { ed25519Signer, formatSignerKey, generateSignerSeed, parseSignerKey, type NoteSigner } from './signed-note/signer-key.js';
import { isValidKeyName } from './signed-note/verifier-key.js';
import { VouchError } from '../errors/index.js';

/** A schema-less URL-like name, as tlog-checkpoint recommends for origins. */
export const DEFAULT_LOG_ORIGIN = 'vouch.local/log';

export interface LogKeyOptions {
  dataDir: string;
  /** Origin for a newly created key (ignored when the key exists). */
  origin?: string;
  kek?: Uint8Array;
}

export function logKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'log-signing.key');
}

export function loadOrCreateLogSigner(options: LogKeyOptions): NoteSigner {
  const path = logKeyPath(options.dataDir);
  const fileOptions: SecretFileOptions = {
    purpose: 'log-signing-key',
    kek: options.kek,
    codes: { unavailable: 'LOG_KEY_UNAVAILABLE', insecure: 'LOG_KEY_INSECURE' },
  };
  const existing = readSecretFile(path, fileOptions);
  if (existing !== undefined) return parseSignerKey(existing);
  const origin = options.origin ?? process.env.VOUCH_LOG_ORIGIN ?? DEFAULT_LOG_ORIGIN;
  if (!isValidKeyName(origin)) throw new VouchError('CONFIG_INVALID', 'log origin must contain no spaces and no "+"');
  const seed = generateSignerSeed();
  if (createSecretFile(path, formatSignerKey(origin, seed), fileOptions)) return ed25519Signer(origin, seed);
  // Another process created it first: use theirs.
  return parseSignerKey(readSecretFile(path, fileOptions) ?? '');
}
