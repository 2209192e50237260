/**
 * A holder trading under a cumulative-limit policy through the CLI: `vouch wallet init`, then for
 * each trade `vouch prove --limit-wallet` (which reads the wallet and never changes it), the venue's
 * admission (an embedded hook in this process, as a venue runs it), and `vouch wallet accept` with
 * the venue's signed receipt checked against its JWKS. The second trade of the period proves from
 * the first's commitment; a wallet left behind (a copy from before the second admission) proves
 * from a commitment the venue no longer holds and the venue answers LIMIT_STATE_STALE; `vouch
 * wallet sync` rebuilds the current wallet from the receipts alone. A receipt the venue did not
 * sign, or one that is not the wallet's next step, is refused and leaves the file as it was.
 * Real proofs of the accountable circuit; real processes for the CLI. The timeouts are for a
 * loaded machine (at load 30 on 2 cores each CLI call took ~40 s and each proof minutes).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistryFile } from '../../src/credentials/index.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type ComplianceHook,
  type Decision,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_NAMES, releaseCurves } from '../../src/zk/index.js';

const root = mkdtempSync(join(tmpdir(), 'vouch-limit-wallet-cli-'));
const dataDir = join(root, 'data');
const f = (name: string) => join(root, name);
afterAll(async () => {
  await hook?.close();
  releaseCurves();
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  json: any;
  stdout: string;
  stderr: string;
}

function vouch(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/vouch.mjs', '--data-dir', dataDir, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => {
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ status, json, stdout, stderr });
    });
  });
}

async function ok(...args: string[]): Promise<any> {
  const r = await vouch(...args);
  if (r.status !== 0) throw new Error(`vouch ${args.join(' ')} failed (${r.status}): ${r.stdout} ${r.stderr}`);
  return r.json;
}

async function refused(...args: string[]): Promise<{ code: string; message: string }> {
  const r = await vouch(...args);
  expect(r.status, r.stdout + r.stderr).not.toBe(0);
  expect(r.status).not.toBe(1);
  return r.json.error;
}

const signal = (proof: { publicSignals: string[] }, name: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) =>
  proof.publicSignals[ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf(name)]!;

// later than the credential issued below, however slowly this machine runs the setup
const tradeTime = Math.floor(Date.now() / 1000) + 300;
let nonce = 0;
function tradeFile(): string {
  nonce += 1;
  const p = f(`trade-${nonce}.json`);
  writeFileSync(
    p,
    JSON.stringify({
      venue: 'v1',
      market: 'BTC-EUR',
      side: 'buy',
      size: '0.5',
      price: '60000', // 30,000.00 a trade, under a 100,000 monthly cap
      nonce: `${'cd'.repeat(8)}${nonce.toString(16).padStart(8, '0')}`,
      time: tradeTime,
    }),
  );
  return p;
}

/** The holder proves a new trade with the given wallet file; returns the trade, the proof and what prove printed. */
async function prove(wallet: string): Promise<{ trade: string; proof: any; printed: any; file: string }> {
  const trade = tradeFile();
  const out = f(`proof-${nonce}.json`);
  const printed = await ok(
    'prove',
    '--holder',
    f('holder.json'),
    '--credential',
    f('credential.json'),
    '--policy',
    f('policy.json'),
    '--trade',
    trade,
    '--registry',
    f('registry.json'),
    '--limit-wallet',
    wallet,
    '--out',
    out,
  );
  return { trade, proof: JSON.parse(readFileSync(out, 'utf8')), printed, file: out };
}

/** The venue decides; an admission's receipt is saved as the holder receives it. */
async function submit(x: { trade: string; proof: any }, receiptName: string): Promise<Decision> {
  const d = await hook.check(JSON.parse(readFileSync(x.trade, 'utf8')), x.proof);
  if (d.allowed) writeFileSync(f(receiptName), `${d.receipt}\n`);
  return d;
}

const accept = (wallet: string, receipt: string, jwks = f('venue-jwks.json')) => [
  'wallet',
  'accept',
  '--holder',
  f('holder.json'),
  '--limit-wallet',
  wallet,
  '--receipt',
  receipt,
  '--jwks',
  jwks,
];

let hook: ComplianceHook;
let venue: ReceiptSigner;
beforeAll(async () => {
  writeFileSync(
    f('policy.json'),
    JSON.stringify({
      id: 'cli-monthly-cap',
      version: '1.0.0',
      title: 'CLI monthly cap',
      description: 'KYC level 2+, DE or FR, adult; BTC-EUR; 100,000 a calendar month.',
      predicates: [
        { attribute: 'kycLevel', operator: 'gte', value: 2 },
        { attribute: 'jurisdiction', operator: 'in', values: ['DE', 'FR'] },
        { attribute: 'ageOver18', operator: 'eq', value: true },
      ],
      trade: { markets: ['BTC-EUR'] },
      issuerSet: 'limits',
      freshness: { maxClockSkewSeconds: 30 },
      nullifierScope: { mode: 'per-trade' },
      session: { allowed: false },
      cumulativeLimit: { period: 'calendar-month', cap: '100000' },
    }),
  );
  writeFileSync(
    f('evidence.json'),
    JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'DE',
      investorClass: 'retail',
      ageOver18: true,
      tradeLimit: '1000000',
    }),
  );
  const { issuerId } = await ok('issuer', 'create', '--name', 'Acme KYC');
  await ok('holder', 'init', '--out', f('holder.json'));
  await ok(
    'credential',
    'issue',
    '--issuer',
    issuerId,
    '--holder',
    f('holder.json'),
    '--evidence',
    'manual',
    '--evidence-file',
    f('evidence.json'),
    '--out',
    f('credential.json'),
  );
  await ok('issuer-set', 'add', 'limits', issuerId);
  await ok('registry', 'export', '--out', f('registry.json'));

  // the venue: an embedded hook, its receipt key published as a JWKS file
  const policy = await loadPolicy(f('policy.json'));
  const registry = await loadRegistryFile(JSON.parse(readFileSync(f('registry.json'), 'utf8')), {
    clock: () => tradeTime,
    set: 'limits',
  });
  venue = await ephemeralReceiptSigner('venue-v1');
  writeFileSync(f('venue-jwks.json'), JSON.stringify({ keys: [venue.publicJwk] }));
  hook = await createComplianceHook({
    policies: [policy],
    registry,
    store: new MemoryNullifierStore(),
    signer: venue,
    clock: () => tradeTime,
    venue: 'v1',
    allowDevArtifacts: true,
  });
}, 600_000);

describe('vouch prove --limit-wallet and vouch wallet', () => {
  it('refuses to prove under a cumulative limit without a wallet (LIMIT_STATE_MISSING), before any proving', async () => {
    const e = await refused(
      'prove',
      '--holder',
      f('holder.json'),
      '--credential',
      f('credential.json'),
      '--policy',
      f('policy.json'),
      '--trade',
      tradeFile(),
      '--registry',
      f('registry.json'),
      '--out',
      f('never.json'),
    );
    expect(e.code).toBe('LIMIT_STATE_MISSING');
    expect(e.message).toContain('--limit-wallet');
  });

  it('proves two trades of one period: the second from the first’s commitment, the wallet moving only with the venue’s receipts; a stale wallet is LIMIT_STATE_STALE at the venue; sync rebuilds the wallet from receipts', async () => {
    const wallet = f('wallet.json');
    expect((await ok('wallet', 'init', '--out', wallet)).periods).toBe(0);
    expect(statSync(wallet).mode & 0o077).toBe(0);
    const empty = readFileSync(wallet, 'utf8');

    // trade 1: the period's first step, from the empty commitment 0
    const t1 = await prove(wallet);
    expect(readFileSync(wallet, 'utf8')).toBe(empty); // proving is not an admission
    expect(t1.printed.limit.oldCommitment).toBe('0');
    expect(signal(t1.proof, 'oldCommitment')).toBe('0');
    const d1 = await submit(t1, 'r1.jws');
    expect(d1).toMatchObject({
      allowed: true,
      limit: { oldCommitment: '0', newCommitment: t1.printed.limit.newCommitment },
    });
    const a1 = await ok(...accept(wallet, f('r1.jws')));
    expect(a1).toMatchObject({ applied: true, commitment: t1.printed.limit.newCommitment });
    expect(statSync(wallet).mode & 0o077).toBe(0);
    // applying the same receipt again changes nothing
    expect((await ok(...accept(wallet, f('r1.jws')))).applied).toBe(false);
    copyFileSync(wallet, f('wallet-after-1.json'));

    // trade 2: proves against the first's commitment, and is admitted
    const t2 = await prove(wallet);
    expect(signal(t2.proof, 'oldCommitment')).toBe(t1.printed.limit.newCommitment);
    expect(signal(t2.proof, 'periodNullifier')).toBe(t1.printed.limit.periodNullifier);
    const d2 = await submit(t2, 'r2.jws');
    expect(d2).toMatchObject({ allowed: true, limit: { oldCommitment: t1.printed.limit.newCommitment } });
    await ok(...accept(wallet, f('r2.jws')));

    // a stateless check of trade 2 (vouch verify) needs the prior commitment it extends: the
    // venue's, from trade 1's receipt; it reports it, and refuses without it or with another
    const verify = (...extra: string[]) => [
      'verify',
      '--policy',
      f('policy.json'),
      '--trade',
      t2.trade,
      '--proof',
      t2.file,
      '--registry',
      f('registry.json'),
      '--now',
      String(tradeTime),
      '--dev',
      ...extra,
    ];
    const prior = t1.printed.limit.newCommitment as string;
    const v = await ok(...verify('--prior-commitment', prior));
    expect(v).toMatchObject({ allowed: true, limitCheck: { priorCommitment: prior, firstOfPeriod: false } });
    expect(v.limitCheck.meaning).toContain('cli-monthly-cap@1.0.0');
    expect((await refused(...verify())).code).toBe('LIMIT_PRIOR_MISSING');
    expect((await refused(...verify('--prior-commitment', '7'))).code).toBe('LIMIT_PRIOR_MISMATCH');

    // a wallet left behind at trade 1: its proof is from a commitment the venue no longer holds
    const stale = await prove(f('wallet-after-1.json'));
    expect(signal(stale.proof, 'oldCommitment')).toBe(t1.printed.limit.newCommitment);
    const d3 = await submit(stale, 'never.jws');
    expect(d3).toMatchObject({ allowed: false, code: 'LIMIT_STATE_STALE' });
    // and trade 2's receipt is not the next step of a wallet that never saw trade 1
    const behind = f('wallet-empty.json');
    writeFileSync(behind, empty);
    expect((await refused(...accept(behind, f('r2.jws')))).code).toBe('LIMIT_STATE_INVALID');
    expect(readFileSync(behind, 'utf8')).toBe(empty);

    // the receipts alone rebuild the current wallet (any order), and it proves the next trade
    await ok(
      'wallet',
      'sync',
      '--holder',
      f('holder.json'),
      '--jwks',
      f('venue-jwks.json'),
      '--receipts',
      f('r2.jws'),
      f('r1.jws'),
      '--out',
      f('wallet-synced.json'),
    );
    expect(JSON.parse(readFileSync(f('wallet-synced.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(wallet, 'utf8')));
    const t4 = await prove(f('wallet-synced.json'));
    expect(await submit(t4, 'r4.jws')).toMatchObject({
      allowed: true,
      limit: { oldCommitment: String((d2 as { limit?: { newCommitment: string } }).limit!.newCommitment) },
    });
  }, 1_800_000);

  it('refuses a receipt the venue did not sign (RECEIPT_INVALID) and leaves the wallet as it was', async () => {
    const wallet = f('wallet-forged.json');
    await ok('wallet', 'init', '--out', wallet);
    const before = readFileSync(wallet, 'utf8');
    // the genuine first receipt's payload, signed by another key
    const jws = readFileSync(f('r1.jws'), 'utf8').trim();
    const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
    const forger = await ephemeralReceiptSigner('venue-v1');
    writeFileSync(f('forged.jws'), await forger.sign(payload));
    expect((await refused(...accept(wallet, f('forged.jws')))).code).toBe('RECEIPT_INVALID');
    // the forger's JWKS is not the venue's: with the venue's JWKS the genuine receipt applies
    writeFileSync(f('forger-jwks.json'), JSON.stringify({ keys: [forger.publicJwk] }));
    expect((await refused(...accept(wallet, f('r1.jws'), f('forger-jwks.json')))).code).toBe('RECEIPT_INVALID');
    expect(readFileSync(wallet, 'utf8')).toBe(before);
    expect((await ok(...accept(wallet, f('r1.jws')))).applied).toBe(true);
  }, 600_000);
});
