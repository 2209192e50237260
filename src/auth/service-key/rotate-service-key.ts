/**
 * Rotating the service's signing key: a new Ed25519 key is appended to
 * `<dataDir>/keys/service-signing.json` and becomes the one that signs (receipts, report bundles)
 * the next time the service or a command loads it. The old keys stay in the file, public keys
 * published in /.well-known/jwks.json and in `report bundle --jwks-out`, so whatever they signed
 * keeps verifying; nothing is deleted. The current key must open under the given KEK first, so a
 * wrong KEK never appends a key sealed under another one. The file is replaced atomically (0600).
 * A running `vouch serve` keeps signing with the key it loaded until it restarts.
 */
import { createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { VouchError } from '../../errors/index.js';
import { open, type KekMaterial as Kek } from '../../keys/index.js';
import { aad, newStoredKey, readKeyFile, serviceKeyPath, type KeyFile } from './load-service-key.js';

export interface RotateServiceKeyOptions {
  dataDir: string;
  kek: Kek;
  now?: () => Date;
}

export interface RotatedServiceKey {
  /** The new signing key's id. */
  kid: string;
  /** The key it replaces as the signer (still published). */
  previousKid: string;
  /** Every public key id now published, oldest first. */
  published: string[];
}

export async function rotateServiceKey(options: RotateServiceKeyOptions): Promise<RotatedServiceKey> {
  const path = serviceKeyPath(options.dataDir);
  if (!existsSync(path))
    throw new VouchError('SERVICE_KEY_UNREADABLE', `no service key at ${path} to rotate (one is made on first use)`, {
      details: { path },
    });
  const file = readKeyFile(path);
  const current = file.keys[file.keys.length - 1]!;
  // KEK_INVALID here, before anything is written, if this is not the KEK the keys are sealed under
  createPrivateKey({ key: open(current.sealed, options.kek.key, aad(current.kid)), format: 'der', type: 'pkcs8' });
  const next = await newStoredKey(options.kek.key, (options.now ?? (() => new Date()))());
  const rotated: KeyFile = { version: 1, keys: [...file.keys, next] };
  const tmp = `${path}.rotate-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(rotated, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new VouchError('SERVICE_KEY_UNREADABLE', `service key file ${path} cannot be rewritten`, {
      cause,
      details: { path },
    });
  }
  return { kid: next.kid, previousKid: current.kid, published: rotated.keys.map((k) => k.kid) };
}
