/**
 * Replay protection across processes: two `vouch serve` processes on one SQLite database receive
 * the same trade and proof many times in parallel; exactly one submission is admitted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/index.js';
import {
  addIssuerToSet,
  createHolder,
  createIssuer,
  createIssuerSet,
  issueCredential,
  localRegistry,
  parseHolderFile,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { CATALOGUE_OWNER } from '../../src/db/schema.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import { loadPolicy } from '../../src/policy/index.js';
import { proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const servers: ChildProcess[] = [];
let urls: string[] = [];
let venueKey: string;
let trade: Record<string, unknown>;
let proof: ProofFile;

function startServer(dataDir: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    // the venue's choice of policy for its markets (without one, a venue admits nothing)
    const config = join(dataDir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        hook: { venues: { 'venue-x': [{ market: '*-EUR', policies: ['eu-mica-retail-spot@1.0.0'] }] } },
      }),
    );
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/vouch.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, '--config', config, '--json'],
      {
        env: {
          ...process.env,
          VOUCH_LOG_LEVEL: 'silent',
          VOUCH_RATE_LIMIT_BURST: '100000',
          VOUCH_RATE_LIMIT_PER_SECOND: '100000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    servers.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
    setTimeout(() => reject(new Error('server did not start')), 60_000).unref();
  });
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-two-servers-'));
  const h = openDatabase({ path: databasePath(dataDir) });
  const frozen = Math.floor(Date.now() / 1000); // one instant for issuance and the trade (no second boundary between them)
  const ctx = { store: new SqliteCredentialStore(h.db), kek: loadKek(dataDir), clock: () => frozen };
  const { issuerId } = await createIssuer(ctx, { tenant: 'kyc', name: 'Acme KYC' });
  const holder = createHolder();
  const now = ctx.clock();
  const credential = await issueCredential(ctx, {
    issuerId,
    actor: 'ops',
    subject: BigInt(holder.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'NL',
      investorClass: 'retail',
      ageOver18: true,
      tradeLimit: '100000',
      sanctionsScreenedAt: now - 86_400,
    }),
  });
  // the policy trusts the catalogue's eu-kyc-issuers set: the set owner admits the issuer to it
  await createIssuerSet(ctx, { name: 'eu-kyc-issuers', owner: CATALOGUE_OWNER });
  await addIssuerToSet(ctx, { set: 'eu-kyc-issuers', issuerId, owner: CATALOGUE_OWNER, actor: 'ops' });
  venueKey = (await createApiKey(h.db, { role: 'venue', tenant: 'venue-x' })).key;
  const policy = await loadPolicy(join(ROOT, 'policies/eu-mica-retail-spot.json'));
  trade = {
    venue: 'venue-x',
    market: 'BTC-EUR',
    side: 'sell',
    size: '0.2',
    price: '60000',
    nonce: 'feedfacecafebeef',
    time: now,
  };
  proof = await proveTrade({
    holder: parseHolderFile(holder),
    credential,
    policy,
    members: (await localRegistry(ctx)).registry.members,
    trade,
  });
  h.close();
  urls = await Promise.all([startServer(dataDir), startServer(dataDir)]);
}, 180_000);

afterAll(async () => {
  for (const s of servers) s.kill('SIGTERM');
  await releaseCurves();
});

describe('two server processes, one database', () => {
  it('admits exactly one of 24 parallel identical submissions spread over both processes', async () => {
    const submit = (url: string) =>
      fetch(`${url}/v1/trades`, {
        method: 'POST',
        headers: { authorization: `Bearer ${venueKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ trade, proof }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { allowed?: boolean; code?: string } }));
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => submit(urls[i % 2]!)));
    expect(rs.map((r) => r.status)).toEqual(rs.map(() => 200));
    expect(rs.filter((r) => r.body.allowed)).toHaveLength(1);
    expect(rs.filter((r) => r.body.code === 'NULLIFIER_REPLAYED')).toHaveLength(23);
  }, 120_000);
});
