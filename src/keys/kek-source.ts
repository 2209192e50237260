/**
 * Where the key-encryption key (KEK) that seals every private key at rest comes from: env
 * VOUCH_KEK (32 bytes as 64 hex chars or base64/base64url) when set; otherwise a random key
 * generated once into `<dataDir>/keys/kek` with mode 0600 (refused if group/other can read it, as
 * ssh does). parseKek() is the one parser of a KEK's text. The KEK is never logged and never
 * appears in an error message.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VouchError } from '../errors/index.js';

/** The KEK's bytes and where they came from. */
export interface KekMaterial {
  key: Buffer;
  source: 'env' | 'file';
  /** The key file, when source is 'file'. */
  path?: string;
}

export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

export function resolveKek(options: { dataDir: string; envValue?: string | undefined }): KekMaterial {
  const env = options.envValue?.trim();
  if (env) return { key: parseKek(env, 'VOUCH_KEK'), source: 'env' };
  const dir = keysDir(options.dataDir);
  const path = join(dir, 'kek');
  ensurePrivateDir(dir);
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new VouchError(
      'KEK_INVALID',
      `key-encryption key file ${path} is readable by group or others (run: chmod 600)`,
      {
        details: { path },
      },
    );
  }
  return { key: parseKek(readFileSync(path, 'utf8').trim(), path), source: 'file', path };
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** The one KEK parser: 32 bytes as 64 hex chars or base64/base64url, else KEK_INVALID naming where it came from. */
export function parseKek(text: string, where: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(text) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(text))) {
    throw new VouchError('KEK_INVALID', `key-encryption key from ${where} must be 32 bytes (64 hex chars or base64)`, {
      details: { source: where },
    });
  }
  return bytes;
}
