/**
 * Issuer key material: a BabyJubJub key signs credentials (verified inside the circuit), an
 * Ed25519 key signs everything verified outside it (status snapshots) as JWS. Private keys are
 * sealed under the KEK with the kid as associated data; only public keys leave this module.
 */
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { IssuerKeyRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { babyJubPublicKey, randomBabyJubPrivateKey, type BabyJubPoint } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { newId } from './ids.js';

export interface BabyJubKey {
  kid: string;
  publicKey: BabyJubPoint;
  privateKey: Uint8Array;
}

export interface JwsKey {
  kid: string;
  publicJwk: JWK;
  privateKey: CryptoKey;
}

/** A fresh BabyJubJub credential key, sealed under the KEK, as a row ready to insert. */
export function newBabyJubKeyRow(ctx: Pick<IssuerContext, 'kek'>, issuerId: string, notBefore: number): IssuerKeyRow {
  const kid = newId('key');
  const priv = randomBabyJubPrivateKey();
  const publicKey = babyJubPublicKey(priv);
  const row: IssuerKeyRow = {
    kid,
    issuerId,
    kind: 'babyjub',
    publicKey: JSON.stringify({ x: publicKey.x.toString(), y: publicKey.y.toString() }),
    sealedPrivateKey: ctx.kek.seal(priv, `issuer-key:${kid}`),
    notBefore,
    notAfter: null,
  };
  priv.fill(0);
  return row;
}

/** Generates an Ed25519 JWS key (async) as a row ready to insert inside a transaction. */
export async function newJwsKeyRow(
  ctx: Pick<IssuerContext, 'kek'>,
  issuerId: string,
  notBefore: number,
): Promise<IssuerKeyRow> {
  const kid = newId('key');
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const privateJwk = await exportJWK(privateKey);
  return {
    kid,
    issuerId,
    kind: 'ed25519',
    publicKey: JSON.stringify(publicJwk),
    sealedPrivateKey: ctx.kek.seal(new TextEncoder().encode(JSON.stringify(privateJwk)), `issuer-key:${kid}`),
    notBefore,
    notAfter: null,
  };
}

export async function currentBabyJubKey(ctx: IssuerContext, issuerId: string): Promise<BabyJubKey> {
  const row = (await ctx.store.validKeys(issuerId, 'babyjub', ctx.clock()))[0];
  if (!row) throw new VouchError('ISSUER_KEY_UNAVAILABLE', 'the issuer has no valid credential-signing key');
  const p = JSON.parse(row.publicKey) as { x: string; y: string };
  return {
    kid: row.kid,
    publicKey: { x: BigInt(p.x), y: BigInt(p.y) },
    privateKey: ctx.kek.open(row.sealedPrivateKey, `issuer-key:${row.kid}`),
  };
}

export async function currentJwsKey(ctx: IssuerContext, issuerId: string): Promise<JwsKey> {
  const row = (await ctx.store.validKeys(issuerId, 'ed25519', ctx.clock()))[0];
  if (!row) throw new VouchError('ISSUER_KEY_UNAVAILABLE', 'the issuer has no valid signing key');
  const jwk = JSON.parse(new TextDecoder().decode(ctx.kek.open(row.sealedPrivateKey, `issuer-key:${row.kid}`))) as JWK;
  const privateKey = (await importJWK(jwk, 'EdDSA')) as CryptoKey;
  return { kid: row.kid, publicJwk: JSON.parse(row.publicKey) as JWK, privateKey };
}

/** Public JWKs of every Ed25519 key still valid at `at` (for /.well-known/jwks.json). */
export async function issuerJwks(ctx: Pick<IssuerContext, 'store'>, issuerId: string, at: number): Promise<JWK[]> {
  return (await ctx.store.validKeys(issuerId, 'ed25519', at)).map((r) => JSON.parse(r.publicKey) as JWK);
}

export async function babyJubKeysValidAt(
  ctx: Pick<IssuerContext, 'store'>,
  issuerId: string,
  at: number,
): Promise<{ kid: string; publicKey: BabyJubPoint; notAfter: number | null }[]> {
  return (await ctx.store.validKeys(issuerId, 'babyjub', at)).map((r) => {
    const p = JSON.parse(r.publicKey) as { x: string; y: string };
    return { kid: r.kid, publicKey: { x: BigInt(p.x), y: BigInt(p.y) }, notAfter: r.notAfter };
  });
}
