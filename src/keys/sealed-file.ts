/**
 * A private key kept in its own file (the log's checkpoint key), sealed under the KEK in the one
 * format every Vouch key uses: `{"format":"vouch-sealed-key/v1","context":…,"sealed":{alg,iv,tag,
 * ciphertext}}`, mode 0600 in a 0700 directory, created atomically (link; never overwritten, so
 * two processes starting at once agree on one key). Never written in plaintext.
 *
 * Files written before this format — a plaintext key (0600) or the HKDF-derived "vouch-sealed-v1"
 * under VOUCH_KEK — are read once and replaced by the sealed form (atomic rename).
 */
import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { VouchError, type VouchErrorCode } from '../errors/index.js';
import { ensurePrivateDir } from './kek-source.js';
import { legacyKekBytes, type Kek } from './kek.js';

export const SEALED_FILE_FORMAT = 'vouch-sealed-key/v1';

export interface SealedFileOptions {
  kek: Kek;
  /** What the key is, bound into the seal (AAD): e.g. "vouch/log-signing-key/v1". */
  context: string;
  /** The caller's codes for a file that cannot be read or written, and for a plaintext file others can read. */
  codes: { unavailable: VouchErrorCode; insecure: VouchErrorCode };
}

/** The secret in the file; undefined when the file does not exist. A wrong KEK is KEK_INVALID. */
export function readSealedFile(path: string, o: SealedFileOptions): string | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VouchError(o.codes.unavailable, 'key file cannot be read', { cause: err, details: { path } });
  }
  let doc: { format?: unknown; context?: unknown; sealed?: unknown } | undefined;
  if (content.startsWith('{')) {
    try {
      doc = JSON.parse(content) as typeof doc;
    } catch (cause) {
      throw new VouchError(o.codes.unavailable, 'key file is not a sealed key', { cause, details: { path } });
    }
  }
  if (doc?.format === SEALED_FILE_FORMAT) {
    if (doc.context !== o.context)
      throw new VouchError('KEK_INVALID', 'key file holds a different key', { details: { path } });
    return new TextDecoder().decode(o.kek.open(JSON.stringify(doc.sealed), o.context));
  }
  // a file from before this format: read it, then replace it with the sealed form
  const secret = doc ? openLegacySealed(path, doc as Record<string, string>, o) : readLegacyPlain(path, content, o);
  replaceSealed(path, secret, o);
  return secret;
}

/** Creates the sealed file exclusively; returns false (writing nothing) if it already exists. */
export function createSealedFile(path: string, secret: string, o: SealedFileOptions): boolean {
  ensurePrivateDir(dirname(path));
  const tmp = writePrivateTemp(path, sealedContent(secret, o), o);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new VouchError(o.codes.unavailable, 'key file cannot be created', { cause: err, details: { path } });
  } finally {
    rmSync(tmp, { force: true });
  }
}

function sealedContent(secret: string, o: SealedFileOptions): string {
  const sealed = JSON.parse(o.kek.seal(new TextEncoder().encode(secret), o.context)) as unknown;
  return `${JSON.stringify({ format: SEALED_FILE_FORMAT, context: o.context, sealed })}\n`;
}

function replaceSealed(path: string, secret: string, o: SealedFileOptions): void {
  const tmp = writePrivateTemp(path, sealedContent(secret, o), o);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new VouchError(o.codes.unavailable, 'key file cannot be sealed in place', { cause: err, details: { path } });
  }
}

function writePrivateTemp(path: string, content: string, o: SealedFileOptions): string {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new VouchError(o.codes.unavailable, 'key file cannot be written', { cause: err, details: { path } });
  }
  return tmp;
}

function readLegacyPlain(path: string, content: string, o: SealedFileOptions): string {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new VouchError(o.codes.insecure, 'key file must not be readable by group or others (chmod 600)', {
      details: { path },
    });
  }
  return content.trim();
}

/** "vouch-sealed-v1": AES-256-GCM under HKDF-SHA256(VOUCH_KEK, "vouch/<purpose>"), purpose as AAD. */
function openLegacySealed(path: string, doc: Record<string, string>, o: SealedFileOptions): string {
  const key = legacyKekBytes(o.kek);
  if (doc.format !== 'vouch-sealed-v1' || !key || typeof doc.purpose !== 'string') {
    throw new VouchError(o.codes.unavailable, 'key file is not a sealed key', { details: { path } });
  }
  try {
    const d = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `vouch/${doc.purpose}`, 32)),
      Buffer.from(doc.iv ?? '', 'base64'),
    );
    d.setAAD(Buffer.from(doc.purpose));
    d.setAuthTag(Buffer.from(doc.tag ?? '', 'base64'));
    return Buffer.concat([d.update(Buffer.from(doc.ct ?? '', 'base64')), d.final()]).toString('utf8');
  } catch (cause) {
    throw new VouchError('KEK_INVALID', 'the key-encryption key does not open this key file', {
      cause,
      details: { path },
    });
  }
}
