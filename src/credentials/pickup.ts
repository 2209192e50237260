/**
 * One-time pickup codes: the issuer hands the holder a short code instead of a file, and the
 * holder's wallet fetches the credential with it, once (POST /v1/credentials/pickup).
 *
 * The code is the only secret, so the store never holds it: a row is found by a domain-separated
 * SHA-256 of the code, and the credential is sealed (AES-256-GCM) under a second, independently
 * derived hash of it — a copy of the table yields neither a usable code nor anyone's attributes.
 * 100 random bits make guessing hopeless even before the route's per-address failure budget.
 * A code works once: redeeming it marks it spent and erases the sealed copy atomically, so two
 * concurrent redemptions — in one process or in several sharing PostgreSQL — cannot both succeed
 * (the PickupStore's contract, pickup-store.ts). Expired codes are refused and erased likewise.
 * This module must never log or return the code except to the issuer that created it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { VouchError } from '../errors/index.js';
import { parseCredentialFile, type CredentialFile } from './credential-file.js';
import type { PickupRow, PickupStore } from './pickup-store.js';

export type { PickupStore } from './pickup-store.js';

/** An hour: long enough to read a message and open the wallet, short enough to bound a leaked code's use. */
export const DEFAULT_PICKUP_SECONDS = 3600;
/** A day at most: a pickup code is a delivery, not storage. */
export const MAX_PICKUP_SECONDS = 86_400;
/** Crockford's base32 (no I, L, O, U: nothing to misread when typed from a letter). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 symbols × 5 bits = 100 bits of randomness. */
const CODE_SYMBOLS = 20;
export const PICKUP_CODE_PATTERN = /^[0-9A-Za-z]{4}(?:-?[0-9A-Za-z]{4}){4}$/;

export interface CreatePickupOptions {
  credential: CredentialFile;
  tenant: string;
  /** Unix seconds. */
  now: number;
  ttlSeconds?: number;
}

export interface CreatedPickup {
  /** The code to hand to the holder, as XXXX-XXXX-XXXX-XXXX-XXXX. Shown once; not recoverable. */
  code: string;
  credentialId: string;
  expiresAt: number;
}

/** Upper case, dashes and spaces removed, and the letters Crockford reads as digits mapped to them. */
export function normalisePickupCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function derive(label: string, code: string): Buffer {
  return createHash('sha256').update(`vouch-pickup-v1\0${label}\0`).update(code).digest();
}
/** The row key of a normalised code (what the store keeps instead of the code). */
export const pickupCodeHash = (normalised: string): string => derive('lookup', normalised).toString('hex');

function newCode(): string {
  // 256 is a multiple of 32: `byte % 32` is uniform
  const symbols = [...randomBytes(CODE_SYMBOLS)].map((b) => ALPHABET[b % 32]!).join('');
  return symbols.match(/.{4}/g)!.join('-');
}

function seal(code: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', derive('seal', code), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url');
}

function unseal(code: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const d = createDecipheriv('aes-256-gcm', derive('seal', code), raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
}

/** Throws RangeError unless `ttl` is a whole number of seconds from 60 to MAX_PICKUP_SECONDS. */
export function assertPickupTtl(ttl: number): void {
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_PICKUP_SECONDS)
    throw new RangeError(`ttlSeconds must be an integer from 60 to ${MAX_PICKUP_SECONDS}`);
}

/**
 * A new one-time code for `credential` and the row that keeps it (the credential sealed under the
 * code, the code only as its hash), without storing anything: issuance inserts the row in the
 * credential's own transaction (issueCredentialForPickup), so a credential is never left issued
 * with no way to deliver it. Synchronous.
 */
export function preparePickup(o: CreatePickupOptions): { row: Omit<PickupRow, 'spentAt'>; created: CreatedPickup } {
  const ttl = o.ttlSeconds ?? DEFAULT_PICKUP_SECONDS;
  assertPickupTtl(ttl);
  const code = newCode();
  const normal = normalisePickupCode(code);
  const expiresAt = o.now + ttl;
  return {
    row: {
      codeHash: pickupCodeHash(normal),
      credentialId: o.credential.id,
      tenant: o.tenant,
      sealed: seal(normal, JSON.stringify(o.credential)),
      createdAt: o.now,
      expiresAt,
    },
    created: { code, credentialId: o.credential.id, expiresAt },
  };
}

/** Stores an already-issued `credential` for pickup under a new one-time code. */
export async function createPickup(store: PickupStore, o: CreatePickupOptions): Promise<CreatedPickup> {
  const { row, created } = preparePickup(o);
  await store.insert(row);
  return created;
}

/**
 * The credential waiting under `code`, which is spent by this call. PICKUP_CODE_UNKNOWN,
 * PICKUP_CODE_SPENT or PICKUP_CODE_EXPIRED otherwise (none of them says whose credential it was).
 */
export async function redeemPickup(store: PickupStore, code: string, now: number): Promise<CredentialFile> {
  const normal = normalisePickupCode(code);
  const claim = await store.redeem(pickupCodeHash(normal), now);
  if (!claim.ok) {
    switch (claim.reason) {
      case 'unknown':
        throw new VouchError('PICKUP_CODE_UNKNOWN', 'no credential waits under this pickup code');
      case 'spent':
        throw new VouchError('PICKUP_CODE_SPENT', 'this pickup code was already used');
      case 'expired':
        throw new VouchError('PICKUP_CODE_EXPIRED', 'this pickup code has expired: ask the issuer for a new one');
    }
  }
  return parseCredentialFile(JSON.parse(unseal(normal, claim.sealed)));
}
