/**
 * The service's own Ed25519 signing key (JWS `EdDSA`), published in /.well-known/jwks.json.
 * Generated on first start into `<dataDir>/keys/service-signing.json` (mode 0600): the public JWK in
 * clear, the PKCS#8 private key sealed under the KEK. Creation is race-safe (hard link, no
 * overwrite): two processes starting at once end up with the same key.
 * The file holds a list, current key last: a rotation (rotate-service-key.ts) appends a key and the
 * old public keys stay published, so what they signed keeps verifying.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { VouchError } from '../../errors/index.js';
import { ensurePrivateDir, keysDir, open, seal, type KekMaterial as Kek, type Sealed } from '../../keys/index.js';

export interface ServiceKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: KeyObject;
  /** Public JWK with kid, alg and use set. */
  publicJwk: JWK;
  createdAt: string;
}

/** One entry of the key file (internal to service-key/). */
export interface StoredKey {
  kid: string;
  alg: 'EdDSA';
  createdAt: string;
  publicJwk: JWK;
  sealed: Sealed;
}

/** The key file (internal to service-key/). */
export interface KeyFile {
  version: 1;
  keys: StoredKey[];
}

export function serviceKeyPath(dataDir: string): string {
  return join(keysDir(dataDir), 'service-signing.json');
}

export async function loadOrCreateServiceKey(options: {
  dataDir: string;
  kek: Kek;
  now?: () => Date;
}): Promise<ServiceKey> {
  const path = serviceKeyPath(options.dataDir);
  if (!existsSync(path)) await createKeyFile(path, options.kek.key, (options.now ?? (() => new Date()))());
  const file = readKeyFile(path);
  const current = file.keys[file.keys.length - 1]!;
  const der = open(current.sealed, options.kek.key, aad(current.kid));
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const derived = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  if (derived.x !== current.publicJwk.x || (await calculateJwkThumbprint(derived, 'sha256')) !== current.kid) {
    throw new VouchError(
      'SERVICE_KEY_UNREADABLE',
      `service key file ${path}: private key does not match its public key`,
      { details: { path } },
    );
  }
  return { kid: current.kid, alg: 'EdDSA', privateKey, publicJwk: current.publicJwk, createdAt: current.createdAt };
}

/** Every public key in the file (current last), for the JWKS. */
export function servicePublicJwks(dataDir: string): JWK[] {
  return readKeyFile(serviceKeyPath(dataDir)).keys.map((k) => k.publicJwk);
}

/** A fresh Ed25519 key as a file entry: public JWK in clear, PKCS#8 sealed under the KEK. */
export async function newStoredKey(kek: Buffer, now: Date): Promise<StoredKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    alg: 'EdDSA',
    createdAt: now.toISOString(),
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, kid, alg: 'EdDSA', use: 'sig' },
    sealed: seal(der, kek, aad(kid)),
  };
}

async function createKeyFile(path: string, kek: Buffer, now: Date): Promise<void> {
  ensurePrivateDir(join(path, '..'));
  const file: KeyFile = { version: 1, keys: [await newStoredKey(kek, now)] };
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
}

export function readKeyFile(path: string): KeyFile {
  let file: KeyFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch (cause) {
    throw new VouchError('SERVICE_KEY_UNREADABLE', `service key file ${path} is unreadable`, {
      cause,
      details: { path },
    });
  }
  const ok =
    file?.version === 1 &&
    Array.isArray(file.keys) &&
    file.keys.length > 0 &&
    file.keys.every(
      (k) =>
        typeof k?.kid === 'string' && typeof k.publicJwk?.x === 'string' && typeof k.sealed?.ciphertext === 'string',
    );
  if (!ok)
    throw new VouchError('SERVICE_KEY_UNREADABLE', `service key file ${path} is not a Vouch key file`, {
      details: { path },
    });
  return file;
}

/** Binds the sealed bytes to their key id and purpose: a sealed blob cannot be swapped between entries. */
export function aad(kid: string): string {
  return `vouch/service-signing-key/v1/${kid}`;
}
