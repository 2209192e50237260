/**
 * A small real world for hook tests: an issuer (in-memory SQLite), holders with manual-review
 * credentials, the verifier's registry, and compiled policies. Proofs made here are real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHolder,
  createIssuer,
  issueCredential,
  localRegistry,
  parseHolderFile,
  type CredentialFile,
  type IssuerContext,
  type IssuerRegistry,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/index.js';

export const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z

export interface Holder {
  secret: bigint;
  subject: bigint;
  credential: CredentialFile;
}

export interface World {
  handle: DatabaseHandle;
  ctx: IssuerContext;
  issuerId: string;
  clock: { now: number };
  holder(attrs?: Record<string, unknown>): Promise<Holder>;
  registry(o?: { rootGraceSeconds?: number }): Promise<IssuerRegistry>;
}

export async function makeWorld(): Promise<World> {
  const clock = { now: T0 };
  const handle = openDatabase({ path: ':memory:' });
  const ctx: IssuerContext = {
    store: new SqliteCredentialStore(handle.db),
    kek: loadKek(mkdtempSync(join(tmpdir(), 'vouch-kek-'))),
    clock: () => clock.now,
  };
  const { issuerId } = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
  return {
    handle,
    ctx,
    issuerId,
    clock,
    async holder(attrs = {}) {
      const h = createHolder();
      const evidence = JSON.stringify({
        kycLevel: 2,
        jurisdiction: 'DE',
        investorClass: 'professional',
        ageOver18: true,
        tradeLimit: '100000',
        ...attrs,
      });
      const credential = await issueCredential(ctx, {
        issuerId,
        actor: 'ops',
        subject: BigInt(h.subject),
        evidenceKind: 'manual',
        evidence,
      });
      const p = parseHolderFile(h);
      return { secret: p.secret, subject: p.subject, credential };
    },
    async registry(o = {}) {
      const { registry, trusted } = await localRegistry(ctx);
      if (o.rootGraceSeconds === undefined) return registry;
      const { IssuerRegistry } = await import('../../src/credentials/index.js');
      const r = new IssuerRegistry({ trusted, clock: () => clock.now, rootGraceSeconds: o.rootGraceSeconds });
      for (const s of registry.snapshots()) await r.accept(s);
      return r;
    },
  };
}

export function spotPolicy(over: Record<string, unknown> = {}): CompiledPolicy {
  return compilePolicy({
    id: 'test-eu-spot',
    version: '1.0.0',
    title: 'Test EU spot',
    description: 'KYC level 2+, resident in DE or FR, adult; BTC-EUR only; per-trade cap.',
    predicates: [
      { attribute: 'kycLevel', operator: 'gte', value: 2 },
      { attribute: 'jurisdiction', operator: 'in', values: ['DE', 'FR'] },
      { attribute: 'ageOver18', operator: 'eq', value: true },
    ],
    trade: { maxValueAttribute: 'tradeLimit', markets: ['BTC-EUR'] },
    issuerSet: 'test',
    freshness: { maxClockSkewSeconds: 30 },
    nullifierScope: { mode: 'per-trade' },
    session: { allowed: false },
    ...over,
  });
}

export function sessionPolicy(): CompiledPolicy {
  return compilePolicy({
    id: 'test-perps-session',
    version: '1.0.0',
    title: 'Test perps with sessions',
    description: 'Professional investors; any -PERP market; session mode.',
    predicates: [{ attribute: 'investorClass', operator: 'in', values: ['professional', 'institutional'] }],
    trade: { maxValueAttribute: 'tradeLimit', markets: ['*-PERP'] },
    issuerSet: 'test',
    freshness: { maxClockSkewSeconds: 30 },
    nullifierScope: { mode: 'per-venue-epoch', epochSeconds: 3600 },
    session: { allowed: true, ttlSeconds: 600, maxOrders: 3, maxNotional: '50000' },
  });
}

let nonce = 0;
export function trade(over: Record<string, unknown> = {}): Record<string, unknown> {
  nonce += 1;
  return {
    venue: 'v1',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.5',
    price: '60000',
    nonce: `${'ab'.repeat(8)}${nonce.toString(16).padStart(8, '0')}`,
    time: T0,
    ...over,
  };
}
