/**
 * Shared setup for the bundle tests: an in-memory log with a fixed test key, an institution
 * Ed25519 key pair (jose), and a kind with an exact-decimal aggregate recomputation.
 */
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { openDatabase } from '../../src/db/client.js';
import { TransparencyLog, ed25519Signer, type JsonValue } from '../../src/log/index.js';
import { buildBundle, type ReportBundle } from '../../src/reporting/bundle/index.js';

export const KIND = 'test-disposals';

/** Disposal count and total gain; gains are exact decimals with 2 places, summed as bigint cents. */
export function recomputeTotals(records: readonly JsonValue[]): JsonValue {
  let cents = 0n;
  for (const r of records) {
    const gain = String((r as { gain: string }).gain);
    const negative = gain.startsWith('-');
    const [whole, frac = ''] = gain.replace('-', '').split('.');
    const v = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
    cents += negative ? -v : v;
  }
  const abs = cents < 0n ? -cents : cents;
  return {
    disposals: records.length,
    gain: `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`,
  };
}

export const RECORDS: JsonValue[] = [
  {
    id: 'd1',
    asset: 'BTC',
    quantity: '0.5',
    proceeds: '30000.00',
    costBasis: '20000.00',
    gain: '10000.00',
    term: 'long',
    wash: false,
  },
  {
    id: 'd2',
    asset: 'ETH',
    quantity: '2',
    proceeds: '5000.00',
    costBasis: '5600.50',
    gain: '-600.50',
    term: 'short',
    wash: false,
  },
  {
    id: 'd3',
    asset: 'SOL',
    quantity: '10',
    proceeds: '1500.25',
    costBasis: '1000.00',
    gain: '500.25',
    term: 'short',
    wash: true,
  },
  {
    id: 'd4',
    asset: 'BTC',
    quantity: '0.1',
    proceeds: '6000.00',
    costBasis: '6100.00',
    gain: '-100.00',
    term: 'long',
    lots: 2,
  },
];

export interface BundleWorld {
  log: TransparencyLog;
  logKey: string;
  jwks: JSONWebKeySet;
  privateJwk: Record<string, unknown>;
  kid: string;
  bundle: ReportBundle;
  close(): void;
}

export const LOG_SEED = new Uint8Array(32).fill(3);

export async function makeWorld(): Promise<BundleWorld> {
  const h = openDatabase({ path: ':memory:' });
  const signer = ed25519Signer('audit.test/log', LOG_SEED);
  const log = TransparencyLog.open({ db: h.db, signer });
  // Some unrelated history first, so the bundle's inclusion proof is not empty.
  log.appendEntries([0, 1, 2, 3, 4].map((i) => ({ kind: 'hook-decision' as const, payload: { seq: i } })));
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const kid = 'institution-key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  const privateJwk = { ...(await exportJWK(privateKey)), kid };
  const bundle = await buildBundle({
    records: RECORDS,
    aggregates: recomputeTotals(RECORDS),
    kind: KIND,
    institution: 'Example Exchange Ltd',
    period: '2026',
    signer: { privateKey, kid },
    log,
  });
  return { log, logKey: signer.verifierKey, jwks, privateJwk, kid, bundle, close: () => h.close() };
}

export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
