/**
 * registry.json: a verifier's registry as a self-verifying file. It carries the trusted issuers'
 * snapshot keys and their latest signed snapshots; loading it re-verifies every snapshot and checks
 * that they produce the stated issuerSetRoot. Holders prove from it offline.
 */
import type { JWK } from 'jose';
import { z } from 'zod';
import { VouchError } from '../errors/index.js';
import type { IssuerContext } from './context.js';
import type { Clock } from './ids.js';
import { issuerJwks } from './issuer-keys.js';
import { issuers } from '../db/schema.js';
import { IssuerRegistry, type RegistryOptions } from './registry.js';
import { latestSnapshot } from './status.js';

export interface RegistryFile {
  type: 'vouch-registry';
  generatedAt: number;
  issuerSetRoot: string;
  trusted: { issuerId: string; jwks: JWK[] }[];
  snapshots: string[];
}

const fileSchema = z.object({
  type: z.literal('vouch-registry'),
  generatedAt: z.number().int().nonnegative(),
  issuerSetRoot: z.string().regex(/^[0-9]{1,78}$/),
  trusted: z.array(z.object({ issuerId: z.string().min(1).max(64), jwks: z.array(z.record(z.string(), z.unknown())).max(16) }).strict()).max(64),
  snapshots: z.array(z.string().max(8_000_000)).max(64),
}).strict();

export function exportRegistry(r: IssuerRegistry, trusted: { issuerId: string; jwks: JWK[] }[]): RegistryFile {
  return { type: 'vouch-registry', generatedAt: r.clock(), issuerSetRoot: r.root.toString(), trusted, snapshots: r.snapshots() };
}

export async function loadRegistryFile(json: unknown, o: Omit<RegistryOptions, 'trusted'>): Promise<IssuerRegistry> {
  const p = fileSchema.safeParse(json);
  if (!p.success) throw new VouchError('REGISTRY_INVALID', `registry file: ${p.error.issues[0]?.message ?? 'invalid'}`, { details: { path: p.error.issues[0]?.path.join('.') } });
  const reg = new IssuerRegistry({ ...o, trusted: p.data.trusted.map((t) => ({ issuerId: t.issuerId, jwks: t.jwks as JWK[] })) });
  for (const s of p.data.snapshots) await reg.accept(s);
  if (reg.root.toString() !== p.data.issuerSetRoot) throw new VouchError('REGISTRY_INVALID', 'the snapshots do not produce the stated issuerSetRoot');
  return reg;
}

/** A registry trusting every issuer in this data dir, fed with their latest snapshots. */
export async function localRegistry(ctx: IssuerContext, o: { clock?: Clock; maxSnapshotAgeSeconds?: number } = {}): Promise<{ registry: IssuerRegistry; trusted: { issuerId: string; jwks: JWK[] }[] }> {
  const clock = o.clock ?? ctx.clock;
  const rows = ctx.db.select().from(issuers).all();
  const trusted = rows.map((r) => ({ issuerId: r.id, jwks: issuerJwks(ctx, r.id, clock()) }));
  const registry = new IssuerRegistry({ trusted, clock, ...(o.maxSnapshotAgeSeconds !== undefined ? { maxSnapshotAgeSeconds: o.maxSnapshotAgeSeconds } : {}) });
  for (const r of rows) {
    const s = latestSnapshot(ctx, r.id);
    if (s) await registry.accept(s.jws);
  }
  return { registry, trusted };
}
