/**
 * A real world for the hook benchmarks: one issuer, holders with manual-review credentials, a
 * verifier registry, compiled policies and real proofs (per-trade and session). Proving is the
 * expensive part and happens here, untimed.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHolder,
  createIssuer,
  issueCredential,
  localRegistry,
  parseHolderFile,
  type IssuerRegistry,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { databasePath, openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import type { JWK } from 'jose';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';

export interface BenchWorld {
  dir: string;
  handle: DatabaseHandle;
  registry: IssuerRegistry;
  /** The registry's trusted issuers and their keys (what another process needs to rebuild it). */
  trusted: { issuerId: string; jwks: JWK[] }[];
  spot: CompiledPolicy;
  perps: CompiledPolicy;
  now: number;
  trades: { trade: Record<string, unknown>; proof: ProofFile }[];
  session?: { proof: ProofFile; privateKey: KeyObject };
}

const BENCH_POLICY_BASE = { issuerSet: 'bench', freshness: { maxClockSkewSeconds: 3600 } };

/** The per-trade policy every hook bench proves under (also compiled by the postgres bench's child processes). */
export function benchSpotPolicy(): CompiledPolicy {
  return compilePolicy({
    id: 'bench-spot',
    version: '1.0.0',
    title: 'Bench spot',
    description: 'KYC 2+, EU jurisdictions, adults, per-trade cap.',
    predicates: [
      { attribute: 'kycLevel', operator: 'gte', value: 2 },
      { attribute: 'jurisdiction', operator: 'in', values: ['DE', 'FR', 'NL', 'AT'] },
      { attribute: 'ageOver18', operator: 'eq', value: true },
    ],
    trade: { maxValueAttribute: 'tradeLimit' },
    nullifierScope: { mode: 'per-trade' },
    session: { allowed: false },
    ...BENCH_POLICY_BASE,
  });
}

export async function makeBenchWorld(o: { proofs: number; session?: boolean }): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-hook-'));
  const handle = openDatabase({ path: databasePath(dir) });
  const now = Math.floor(Date.now() / 1000);
  const ctx = { store: new SqliteCredentialStore(handle.db), kek: loadKek(dir), clock: () => now };
  const { issuerId } = await createIssuer(ctx, { tenant: 'bench', name: 'Bench KYC' });
  const h = createHolder();
  const credential = await issueCredential(ctx, {
    issuerId,
    actor: 'bench',
    subject: BigInt(h.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'DE',
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: '1000000',
    }),
  });
  const holder = parseHolderFile(h);
  const spot = benchSpotPolicy();
  const base = BENCH_POLICY_BASE;
  const perps = compilePolicy({
    id: 'bench-perps',
    version: '1.0.0',
    title: 'Bench perps',
    description: 'Professionals; session mode.',
    predicates: [{ attribute: 'investorClass', operator: 'in', values: ['professional', 'institutional'] }],
    trade: { maxValueAttribute: 'tradeLimit' },
    nullifierScope: { mode: 'per-venue-epoch', epochSeconds: 86_400 },
    session: { allowed: true, ttlSeconds: 86_400, maxOrders: 1_000_000, maxNotional: '999999999999' },
    ...base,
  });
  const { registry, trusted } = await localRegistry(ctx);
  const trades: BenchWorld['trades'] = [];
  for (let i = 0; i < o.proofs; i++) {
    const trade = {
      venue: 'bench',
      market: 'BTC-EUR',
      side: 'buy',
      size: '0.01',
      price: '60000',
      nonce: `${i.toString(16).padStart(16, '0')}`,
      time: now,
    };
    trades.push({
      trade,
      proof: await proveTrade({ holder, credential, policy: spot, members: registry.members, trade }),
    });
    process.stderr.write(`\rhook bench: proving ${i + 1}/${o.proofs}`);
  }
  process.stderr.write('\n');
  let session: BenchWorld['session'];
  if (o.session) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    session = {
      privateKey,
      proof: await proveSession({
        holder,
        credential,
        policy: perps,
        members: registry.members,
        sessionPublicKey: raw,
        venue: 'bench',
        maxOrderValue: 100_000_00n,
        now,
      }),
    };
  }
  return { dir, handle, registry, trusted, spot, perps, now, trades, ...(session ? { session } : {}) };
}
