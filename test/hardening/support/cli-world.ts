/**
 * A populated data dir and one VALID file for every file argument of the CLI, made by the CLI
 * itself (main(argv) in this child process, like a user running `vouch` step by step): an issuer,
 * a holder and its credential, the registry, a real proof for a trade (when the circuit artifacts
 * are built), log entries and a checkpoint, a signed report bundle, an imported ledger, an API key.
 * Each step must exit 0 — so in the hardening matrix, a file argument that fails does so because
 * of the one bad file, not because its neighbours were wrong.
 *
 *   node test/hardening/support/run-ts.mjs test/hardening/support/cli-world.ts ROOT   → ROOT/world.json
 */
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exportJWK, generateKeyPair } from 'jose';
import { databasePath } from '../../../src/db/client.js';
import { encryptEscrowIdentity, escrowCiphertextToJson, parseEscrowCommittee } from '../../../src/escrow/index.js';
import { ephemeralReceiptSigner } from '../../../src/hook/receipts.js';
import { LimitWallet } from '../../../src/prover/limit-wallet.js';
import { periodNullifierOf, runningTotalCommitment } from '../../../src/zk/accountable.js';
import { artifactsStatus } from '../../../src/zk/artifacts/status.js';
import { runCase } from './cli-driver.js';

export interface CliWorld {
  root: string;
  dataDir: string;
  issuerId: string;
  /** The holder's secret: no error message may ever print it. */
  holderSecret: string;
  /** Unix seconds: the trade's time, for `verify --now`. */
  tradeTime: number;
  /** False when the circuit artifacts were not built (proof.json is then a well-formed stand-in). */
  realProof: boolean;
  /** Role → absolute path of a valid file. */
  files: Record<string, string>;
}

export const WORLD_FILE = 'world.json';

export async function buildCliWorld(root: string): Promise<CliWorld> {
  const dataDir = join(root, 'data');
  const fx = join(root, 'fx');
  mkdirSync(fx, { recursive: true });
  const f = (name: string) => join(fx, name);
  const put = (name: string, text: string) => (writeFileSync(f(name), text), f(name));
  const vouch = async (...argv: string[]) => {
    const r = await runCase({ id: argv.join(' '), argv: ['--data-dir', dataDir, ...argv], cwd: root, dataDir });
    if (r.status !== 0 || r.uncaught.length > 0)
      throw new Error(`setup step failed: vouch ${argv.join(' ')} → ${r.status}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const json = async (...argv: string[]) => JSON.parse(await vouch('--json', ...argv)) as Record<string, any>;

  // later than the credential issued below, however slowly this machine builds the world
  const tradeTime = Math.floor(Date.now() / 1000) + 120;
  const files: Record<string, string> = {
    evidence: put(
      'evidence.json',
      JSON.stringify({
        kycLevel: 2,
        jurisdiction: 'DE',
        investorClass: 'professional',
        ageOver18: true,
        tradeLimit: '100000',
      }),
    ),
    policy: put(
      'policy.json',
      JSON.stringify({
        id: 'hardening-spot',
        version: '1.0.0',
        title: 'Hardening spot',
        description: 'KYC level 2+, DE or FR, adult; BTC-EUR; per-trade cap.',
        predicates: [
          { attribute: 'kycLevel', operator: 'gte', value: 2 },
          { attribute: 'jurisdiction', operator: 'in', values: ['DE', 'FR'] },
          { attribute: 'ageOver18', operator: 'eq', value: true },
        ],
        trade: { maxValueAttribute: 'tradeLimit', markets: ['BTC-EUR'] },
        issuerSet: 'hardening',
        freshness: { maxClockSkewSeconds: 30 },
        nullifierScope: { mode: 'per-trade' },
        session: { allowed: false },
      }),
    ),
    trade: put(
      'trade.json',
      JSON.stringify({
        venue: 'v1',
        market: 'BTC-EUR',
        side: 'buy',
        size: '0.5',
        price: '60000',
        nonce: `${'ab'.repeat(8)}00000001`,
        time: tradeTime,
      }),
    ),
    entry: put(
      'entry.json',
      JSON.stringify({ kind: 'hook-decision', payload: { decision: 'allow', note: 'hardening fixture' } }),
    ),
    vkey: put(
      'policy.vkey.json',
      readFileSync(new URL('../../../circuits/build/policy.vkey.json', import.meta.url), 'utf8'),
    ),
    acctVkey: put(
      'policy-accountable.vkey.json',
      readFileSync(
        new URL('../../../circuits/build/policy-accountable/policy-accountable.vkey.json', import.meta.url),
        'utf8',
      ),
    ),
    records: put(
      'records.json',
      JSON.stringify({
        institution: 'Example Exchange Ltd',
        period: '2026',
        records: [
          { id: 'r0', v: '1', memo: 'free text' },
          { id: 'r1', v: '2', memo: 'more' },
        ],
      }),
    ),
    fills: put(
      'fills.csv',
      [
        'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind',
        '2025-01-01T00:00:00Z,alice,BTC,buy,1,100,USD,1,USD,X,B1,spot',
        '2025-05-01T00:00:00Z,alice,BTC,buy,1,200,USD,,,X,B2,spot',
        '2026-02-01T00:00:00Z,alice,BTC,sell,1.5,400,USD,2,USD,X,S1,spot',
        '',
      ].join('\n'),
    ),
    prices: put(
      'prices.csv',
      'time,asset,quote,price\n2026-01-01T00:00:00Z,BTC,USD,300\n2026-01-01T00:00:00Z,USDT,USD,1\n',
    ),
    users: put(
      'users.json',
      JSON.stringify({
        rcasp: {
          type: 'entity',
          name: 'Acme Ltd',
          resCountryCode: 'GB',
          tin: 'GB-1',
          address: { countryCode: 'GB', city: 'London' },
          nexus: 'CARF901',
        },
        users: {
          alice: {
            type: 'individual',
            firstName: 'Alice',
            lastName: 'Smith',
            resCountryCode: 'GB',
            tin: 'AB123',
            birthDate: '1990-01-15',
            address: { countryCode: 'GB', city: 'Leeds' },
          },
        },
      }),
    ),
    lots: put(
      'lots.json',
      JSON.stringify([{ account: 'alice', tradeId: 'S1', lots: [{ lotId: 'B2', quantity: '1' }] }]),
    ),
    decisions: put(
      'decisions.jsonl',
      [
        { time: 1767225600, policyId: 'p1', allowed: true, code: 'OK', sessionId: 's1' },
        { time: '2026-01-02T00:00:00Z', policyId: 'p1', allowed: false, code: 'PROOF_INVALID', sessionId: 's1' },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    ),
    config: put(
      'config.json',
      JSON.stringify({ server: { host: '127.0.0.1' }, reporting: { taxJurisdictions: { '*': 'US' } } }),
    ),
  };

  const vendor = await generateKeyPair('EdDSA', { extractable: true });
  files.vendorJwks = put(
    'vendor-jwks.json',
    JSON.stringify({ keys: [{ ...(await exportJWK(vendor.publicKey)), kid: 'vendor-1', alg: 'EdDSA' }] }),
  );
  const institution = await generateKeyPair('EdDSA', { extractable: true });
  files.institutionKey = put(
    'institution.jwk',
    JSON.stringify({ ...(await exportJWK(institution.privateKey)), kid: 'inst-2026' }),
  );

  // the issuer side
  const { issuerId } = await json('issuer', 'create', '--name', 'Acme KYC');
  files.holder = f('holder.json');
  await vouch('holder', 'init', '--out', files.holder!);
  files.credential = f('credential.json');
  await vouch(
    'credential',
    'issue',
    '--issuer',
    issuerId,
    '--holder',
    files.holder!,
    '--evidence',
    'manual',
    '--evidence-file',
    files.evidence!,
    '--out',
    files.credential!,
  );
  await vouch('issuer-set', 'add', 'hardening', issuerId); // the set the policy names
  files.registry = f('registry.json');
  await vouch('registry', 'export', '--out', files.registry!);

  // the holder proves; a venue verifies
  const realProof = (await artifactsStatus()).present;
  files.proof = f('proof.json');
  if (realProof) {
    await vouch(
      'prove',
      '--holder',
      files.holder!,
      '--credential',
      files.credential!,
      '--policy',
      files.policy!,
      '--trade',
      files.trade!,
      '--registry',
      files.registry!,
      '--out',
      files.proof!,
    );
    await vouch(
      'verify',
      '--policy',
      files.policy!,
      '--trade',
      files.trade!,
      '--proof',
      files.proof!,
      '--registry',
      files.registry!,
      '--now',
      String(tradeTime),
    );
  } else {
    put(
      'proof.json',
      JSON.stringify({ type: 'vouch-proof', version: 1, note: 'stand-in: circuit artifacts not built' }),
    );
  }

  // the log, a bundle and its audit
  await vouch('log', 'append', '--entry-file', files.entry!);
  await vouch('log', 'append', '--entry-file', files.entry!);
  files.checkpoint = put('checkpoint.txt', await vouch('log', 'checkpoint'));
  const checkpointSize = (await json('log', 'root')).size as number;
  files.bundle = f('bundle.json');
  files.jwks = f('jwks.json');
  await vouch(
    'report',
    'bundle',
    '--records',
    files.records!,
    '--kind',
    'generic',
    '--key',
    files.institutionKey!,
    '--out',
    files.bundle!,
    '--jwks-out',
    files.jwks!,
  );
  files.aggregates = put(
    'aggregates.json',
    JSON.stringify((JSON.parse(readFileSync(files.bundle!, 'utf8')) as { aggregates: unknown }).aggregates),
  );
  files.logKey = put('log.key', await vouch('log', 'verify-key'));
  files.consistency = put(
    'consistency.json',
    await vouch('--json', 'log', 'consistency', '--from', String(checkpointSize)),
  );
  await vouch(
    'audit',
    'verify',
    files.bundle!,
    '--jwks',
    files.jwks!,
    '--log-key',
    files.logKey!,
    '--previous-checkpoint',
    files.checkpoint!,
    '--consistency-proof',
    files.consistency!,
  );
  await vouch('report', 'disclose', '--bundle', files.bundle!, '--records', '0', '--out', f('disclosure.json'));

  // reporting
  await vouch('ledger', 'import', files.fills!, '--tenant', 'acme');
  await vouch(
    'report',
    'tax',
    '--jurisdiction',
    'US',
    '--ledger',
    files.fills!,
    '--prices',
    files.prices!,
    '--year',
    '2026',
    '--out',
    f('tax.json'),
  );
  await vouch(
    'report',
    'tax',
    '--jurisdiction',
    'US',
    '--ledger',
    files.fills!,
    '--prices',
    files.prices!,
    '--users',
    files.users!,
    '--year',
    '2026',
    '--format',
    'carf',
    '--out',
    f('carf.xml'),
  );
  await vouch(
    'report',
    'tax',
    '--jurisdiction',
    'US',
    '--ledger',
    files.fills!,
    '--lots',
    files.lots!,
    '--method',
    'SPECIFIC',
    '--year',
    '2026',
    '--out',
    f('tax-specific.json'),
  );
  await vouch('report', 'compliance', '--decisions', files.decisions!, '--out', f('compliance.json'));
  await vouch('keys', 'create', '--role', 'auditor', '--tenant', 'acme');
  // each step used only --config's jurisdiction, the log key and the recorded decisions once more
  await vouch(
    'report',
    'tax',
    '--config',
    files.config!,
    '--ledger',
    files.fills!,
    '--year',
    '2026',
    '--out',
    f('tax-configured.json'),
  );
  await vouch('log', 'verify', '--checkpoint', files.checkpoint!, '--log-key', files.logKey!);
  // an embedded hook's database, as `decisions export --database` reads it (a consistent copy)
  files.hookDb = f('hook.db');
  const source = new Database(databasePath(dataDir), { readonly: true });
  try {
    source.exec(`VACUUM INTO '${files.hookDb.replace(/'/g, "''")}'`);
  } finally {
    source.close();
  }
  await vouch('decisions', 'export', '--database', files.hookDb, '--out', f('decisions-export.json'));

  // identity escrow: a 2-of-2 committee in this one data dir, an unmasking request, shares, the result
  for (const m of ['ana', 'ben']) files[`${m}Card`] = f(`${m}.card.json`);
  await vouch('escrow', 'keygen', '--member', 'ana', '--out', files.anaCard!);
  await vouch('escrow', 'keygen', '--member', 'ben', '--out', files.benCard!);
  files.committee = f('committee.json');
  await vouch(
    'escrow',
    'committee',
    'init',
    '--epoch',
    '1',
    '--threshold',
    '2',
    '--card',
    files.anaCard!,
    files.benCard!,
    '--out',
    files.committee!,
  );
  for (const m of ['ana', 'ben'])
    await vouch(
      'escrow',
      'committee',
      'deal',
      '--committee',
      files.committee!,
      '--member',
      m,
      '--out',
      (files[`${m}Dealing`] = f(`${m}.dealing.json`)),
    );
  const dealings = [files.anaDealing!, files.benDealing!];
  for (const m of ['ana', 'ben'])
    await vouch(
      'escrow',
      'committee',
      'verify',
      '--committee',
      files.committee!,
      '--member',
      m,
      '--dealing',
      ...dealings,
      '--out',
      (files[`${m}Complaints`] = f(`${m}.complaints.json`)),
    );
  for (const m of ['ana', 'ben'])
    await vouch(
      'escrow',
      'committee',
      'finalize',
      '--committee',
      files.committee!,
      '--member',
      m,
      '--dealing',
      ...dealings,
      '--complaints',
      files.anaComplaints!,
      files.benComplaints!,
      '--out',
      (files[`${m}Key`] = f(`${m}.key.json`)),
    );
  files.committeeKey = files.anaKey!;
  await vouch('escrow', 'committee', 'publish', '--key', files.committeeKey);
  const committee = parseEscrowCommittee(JSON.parse(readFileSync(files.committeeKey, 'utf8')));
  const ct = escrowCiphertextToJson(
    encryptEscrowIdentity({ publicKey: committee.publicKey, identity: { issuerIndex: 1, credentialIndex: 2 } }),
  );
  const venue = await ephemeralReceiptSigner('venue-v1');
  files.venueJwks = put('venue-jwks.json', JSON.stringify({ keys: [venue.publicJwk] }));
  files.receipt = put(
    'receipt.jws',
    await venue.sign({
      iss: 'venue-v1',
      iat: tradeTime,
      policy: 'institutional-escrow-required@1.0.0',
      verdict: 'admit',
      escrow: { committeeId: committee.committeeId, epoch: 1, ...ct },
    }),
  );
  files.unmaskRequest = f('request.json');
  const req = await json(
    'escrow',
    'request',
    '--receipt',
    files.receipt,
    '--jwks',
    files.venueJwks,
    '--committee-key',
    files.committeeKey,
    '--legal-basis',
    'order 1',
    '--requester',
    'FIU',
    '--out',
    files.unmaskRequest,
  );
  files.escrowCheckpoint = put('escrow-checkpoint.txt', await vouch('log', 'checkpoint'));
  files.inclusion = put('inclusion.json', await vouch('--json', 'log', 'inclusion', '--index', String(req.index)));
  for (const m of ['ana', 'ben']) {
    await vouch(
      'escrow',
      'share',
      '--request',
      files.unmaskRequest,
      '--committee-key',
      files.committeeKey,
      '--member',
      m,
      '--log-key',
      files.logKey!,
      '--checkpoint',
      files.escrowCheckpoint,
      '--inclusion-proof',
      files.inclusion,
      '--out',
      (files[`${m}Share`] = f(`${m}.share.json`)),
    );
  }
  await vouch(
    'escrow',
    'combine',
    '--request',
    files.unmaskRequest,
    '--committee-key',
    files.committeeKey,
    '--share',
    files.anaShare!,
    files.benShare!,
    '--log-key',
    files.logKey!,
    '--out',
    f('outcome.json'),
  );
  await vouch('escrow', 'list');

  // the holder's limit wallet: an empty one, and a venue's receipt of a first running-total step
  files.limitWallet = f('limit-wallet.json');
  await vouch('wallet', 'init', '--out', files.limitWallet);
  const secret = BigInt((JSON.parse(readFileSync(files.holder!, 'utf8')) as { secret: string }).secret);
  const periodScope = 12_345n;
  const periodNullifier = periodNullifierOf(secret, periodScope);
  const salt = new LimitWallet(secret).saltFor(periodNullifier, 0n, 777n);
  files.limitReceipt = put(
    'limit-receipt.jws',
    await venue.sign({
      iss: 'venue-v1',
      iat: tradeTime,
      policy: 'retail-monthly-cap@1.0.0',
      verdict: 'admit',
      nullifier: '3',
      tradeHash: '777',
      limit: {
        periodScope: periodScope.toString(),
        periodNullifier: periodNullifier.toString(),
        oldCommitment: '0',
        newCommitment: runningTotalCommitment({ total: 3_000_000n, salt }).toString(),
        tradeValue: '3000000',
      },
    }),
  );
  await vouch(
    'wallet',
    'sync',
    '--holder',
    files.holder!,
    '--jwks',
    files.venueJwks,
    '--receipts',
    files.limitReceipt,
    '--out',
    f('limit-wallet-synced.json'),
  );
  writeFileSync(f('limit-wallet-accepted.json'), readFileSync(files.limitWallet));
  await vouch(
    'wallet',
    'accept',
    '--holder',
    files.holder!,
    '--limit-wallet',
    f('limit-wallet-accepted.json'),
    '--receipt',
    files.limitReceipt,
    '--jwks',
    files.venueJwks,
  );

  const holderSecret = (JSON.parse(readFileSync(files.holder!, 'utf8')) as { secret: string }).secret;
  const world: CliWorld = { root, dataDir, issuerId, holderSecret, tradeTime, realProof, files };
  writeFileSync(join(root, WORLD_FILE), JSON.stringify(world, null, 2));
  return world;
}

/** Entry point (via run-ts.mjs): ROOT. */
export async function run([root]: string[]): Promise<void> {
  if (!root) throw new Error('usage: run-ts.mjs cli-world.ts ROOT');
  await buildCliWorld(root);
  process.exit(0);
}
