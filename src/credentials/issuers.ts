/** Creating and reading issuers. An issuer is tenant-scoped: only its tenant may act as it. */
import type { JWK } from 'jose';
import type { IssuerRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import type { BabyJubPoint } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { newId } from './ids.js';
import { babyJubKeysValidAt, issuerJwks, newBabyJubKeyRow, newJwsKeyRow } from './issuer-keys.js';
import { publishStatusSnapshot } from './status.js';

export interface CreateIssuerOptions {
  tenant: string;
  name: string;
  /** Anon Aadhaar app id (nullifierSeed) this issuer accepts; default: derived from the issuer id. */
  appId?: string;
}

export interface IssuerSummary {
  issuerId: string;
  name: string;
  tenant: string;
  appId: string;
  /** Current credential-signing key (BabyJubJub), decimal coordinates. */
  publicKey: { x: string; y: string };
  kid: string;
  jwks: JWK[];
  createdAt: number;
}

const NAME = /^[\p{L}\p{N} .,&()'_-]{1,100}$/u;

export async function createIssuer(ctx: IssuerContext, o: CreateIssuerOptions): Promise<IssuerSummary> {
  if (typeof o.name !== 'string' || !NAME.test(o.name))
    throw new VouchError('INPUT_INVALID', 'issuer name must be 1-100 letters, digits or simple punctuation', {
      details: { path: 'name' },
    });
  if (o.appId !== undefined && !/^[0-9]{1,76}$/.test(o.appId))
    throw new VouchError('INPUT_INVALID', 'appId must be a decimal integer', { details: { path: 'appId' } });
  const id = newId('iss');
  const now = ctx.clock();
  const jwsRow = await newJwsKeyRow(ctx, id, now);
  const appId = o.appId ?? BigInt(`0x${Buffer.from(id).toString('hex').slice(0, 30)}`).toString();
  // the issuer and both its keys in one transaction: never an issuer without a current key
  await ctx.store.createIssuer({ id, tenant: o.tenant, name: o.name, appId, createdAt: now }, [
    newBabyJubKeyRow(ctx, id, now),
    jwsRow,
  ]);
  await publishStatusSnapshot(ctx, id);
  return getIssuer(ctx, id);
}

export async function issuerRow(
  ctx: Pick<IssuerContext, 'store'>,
  issuerId: string,
  tenant?: string,
): Promise<IssuerRow> {
  const row = await ctx.store.issuer(issuerId);
  // another tenant's issuer is reported exactly like a missing one; the message names the caller's
  // own tenant (never the issuer's), the usual cause being a key of another tenant than the issuer's
  if (!row || (tenant !== undefined && row.tenant !== tenant)) {
    throw new VouchError(
      'NOT_FOUND',
      tenant === undefined
        ? 'no such issuer'
        : `no such issuer in tenant ${tenant}: a key manages only its own tenant's issuers (\`vouch issuer create --tenant\` sets an issuer's)`,
      tenant === undefined ? {} : { details: { tenant } },
    );
  }
  return row;
}

export async function getIssuer(ctx: IssuerContext, issuerId: string, tenant?: string): Promise<IssuerSummary> {
  const row = await issuerRow(ctx, issuerId, tenant);
  const now = ctx.clock();
  const key = (await babyJubKeysValidAt(ctx, issuerId, now))[0];
  if (!key) throw new VouchError('ISSUER_KEY_UNAVAILABLE', 'the issuer has no valid credential-signing key');
  return {
    issuerId: row.id,
    name: row.name,
    tenant: row.tenant,
    appId: row.appId,
    publicKey: pointJson(key.publicKey),
    kid: key.kid,
    jwks: await issuerJwks(ctx, issuerId, now),
    createdAt: row.createdAt,
  };
}

export async function listIssuers(ctx: IssuerContext, tenant?: string): Promise<IssuerSummary[]> {
  const out: IssuerSummary[] = [];
  for (const r of await ctx.store.issuers(tenant)) out.push(await getIssuer(ctx, r.id));
  return out;
}

export function pointJson(p: BabyJubPoint): { x: string; y: string } {
  return { x: p.x.toString(), y: p.y.toString() };
}
