/**
 * Private keys at rest (DESIGN "Trust and keys"): a small text secret in a file that only its
 * owner can read (0600, in a 0700 directory) — or, when VOUCH_KEK is set, sealed with AES-256-GCM
 * under a key derived from it (HKDF-SHA256, one key per purpose, purpose bound as AAD).
 * Nothing here logs or echoes a secret; errors name the file, never its content.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { VouchError, type VouchErrorCode } from '../errors/index.js';

export interface SecretFileOptions {
  /** Domain separation for the derived key, e.g. "log-signing-key". */
  purpose: string;
  /** Key-encryption key; defaults to VOUCH_KEK from the environment (64 hex chars or base64 of 32 bytes). */
  kek?: Uint8Array | undefined;
  /** Codes to throw with (the caller's area). */
  codes: { unavailable: VouchErrorCode; insecure: VouchErrorCode };
}

const SEALED_FORMAT = 'vouch-sealed-v1';

export function kekFromEnv(env: NodeJS.ProcessEnv = process.env): Uint8Array | undefined {
  const raw = env.VOUCH_KEK?.trim();
  if (!raw) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new VouchError('CONFIG_INVALID', 'VOUCH_KEK must be 32 bytes (64 hex digits or base64)');
  return new Uint8Array(bytes);
}

/** Reads a secret file; undefined when it does not exist. */
export function readSecretFile(path: string, options: SecretFileOptions): string | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VouchError(options.codes.unavailable, 'key file cannot be read', { cause: err, details: { path } });
  }
  if (!content.startsWith('{')) {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
      throw new VouchError(options.codes.insecure, 'key file must not be readable by group or others (chmod 600)', {
        details: { path },
      });
    }
    return content.trim();
  }
  const kek = options.kek ?? kekFromEnv();
  if (!kek) throw new VouchError(options.codes.unavailable, 'key file is sealed; set VOUCH_KEK', { details: { path } });
  try {
    const sealed = JSON.parse(content) as Record<string, string>;
    if (sealed.format !== SEALED_FORMAT || sealed.purpose !== options.purpose) throw new Error('format');
    const d = createDecipheriv('aes-256-gcm', deriveKey(kek, options.purpose), Buffer.from(sealed.iv ?? '', 'base64'));
    d.setAAD(Buffer.from(options.purpose));
    d.setAuthTag(Buffer.from(sealed.tag ?? '', 'base64'));
    return Buffer.concat([d.update(Buffer.from(sealed.ct ?? '', 'base64')), d.final()]).toString('utf8');
  } catch (err) {
    throw new VouchError(options.codes.unavailable, 'key file cannot be unsealed with VOUCH_KEK', { cause: err, details: { path } });
  }
}

/** Creates the file exclusively; returns false (writing nothing) if it already exists. */
export function createSecretFile(path: string, secret: string, options: SecretFileOptions): boolean {
  const kek = options.kek ?? kekFromEnv();
  let content = `${secret}\n`;
  if (kek) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', deriveKey(kek, options.purpose), iv);
    c.setAAD(Buffer.from(options.purpose));
    const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    content = `${JSON.stringify({
      format: SEALED_FORMAT,
      alg: 'A256GCM',
      kdf: 'HKDF-SHA256',
      purpose: options.purpose,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: c.getAuthTag().toString('base64'),
    })}\n`;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Write a private temp file, then link it into place: the key appears complete or not at all,
  // and link() fails atomically if another process won the race.
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new VouchError(options.codes.unavailable, 'key file cannot be created', { cause: err, details: { path } });
  } finally {
    rmSync(tmp, { force: true });
  }
}

function deriveKey(kek: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `vouch/${purpose}`, 32));
}
