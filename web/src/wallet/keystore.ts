/**
 * The holder's key at rest in the browser: holder.json (the CLI's format) encrypted with AES-256-GCM
 * under a key derived from the holder's passphrase (PBKDF2-SHA-256), kept in IndexedDB. Only the
 * ciphertext and the public subject commitment are stored; the passphrase and the decrypted secret
 * live in memory only, and nothing here ever sends either anywhere.
 */
import type { HolderFile } from '../../../src/credentials/holder.js';
import type { VouchErrorCode } from '../../../src/errors/codes.js';

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256: about 0.3 s in a desktop browser. */
const PBKDF2_ITERATIONS = 600_000;
const DB = 'vouch-wallet';
const STORE = 'keys';
const ENTRY = 'holder';

export interface StoredKey {
  v: 1;
  subject: string;
  salt: Uint8Array;
  iv: Uint8Array;
  iterations: number;
  ciphertext: Uint8Array;
}

/** The wallet's own refusals: codes from the one registry (src/errors/codes/wallet.ts). */
export class WalletError extends Error {
  constructor(
    readonly code: Extract<VouchErrorCode, `WALLET_${string}`>,
    message: string,
  ) {
    super(message);
  }
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const r = f(db.transaction(STORE, mode).objectStore(STORE));
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  } finally {
    db.close();
  }
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function storedKey(): Promise<StoredKey | undefined> {
  return (await tx('readonly', (s) => s.get(ENTRY))) as StoredKey | undefined;
}

export async function saveKey(holder: HolderFile, passphrase: string): Promise<void> {
  if (passphrase.length < 8)
    throw new WalletError('WALLET_PASSPHRASE_WEAK', 'choose a passphrase of at least 8 characters');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const plain = new TextEncoder().encode(JSON.stringify(holder));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(holder.subject) },
      key,
      plain,
    ),
  );
  plain.fill(0);
  const entry: StoredKey = { v: 1, subject: holder.subject, salt, iv, iterations: PBKDF2_ITERATIONS, ciphertext };
  await tx('readwrite', (s) => s.put(entry, ENTRY));
}

/** The holder file, decrypted; WALLET_PASSPHRASE_WRONG when the passphrase does not open it. */
export async function unlockKey(passphrase: string): Promise<HolderFile> {
  const entry = await storedKey();
  if (!entry) throw new WalletError('WALLET_NO_KEY', 'this browser holds no key yet: create one or import holder.json');
  const key = await deriveKey(passphrase, entry.salt, entry.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: entry.iv as BufferSource, additionalData: new TextEncoder().encode(entry.subject) },
      key,
      entry.ciphertext as BufferSource,
    );
  } catch {
    throw new WalletError('WALLET_PASSPHRASE_WRONG', 'the passphrase does not unlock the key stored in this browser');
  }
  return JSON.parse(new TextDecoder().decode(plain)) as HolderFile;
}

export async function forgetKey(): Promise<void> {
  await tx('readwrite', (s) => s.delete(ENTRY));
}
