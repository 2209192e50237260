/**
 * A 3-of-5 unmasking end to end through `vouch escrow`, each party in its own data dir: five
 * members make their keys and deal, verify and finalize the committee key (no trusted dealer), the
 * operator publishes it, a requester files a request (logged first), three members share, the
 * shares are combined into the escrow identity and a digest-only result is logged and listed. Each
 * bad input is refused with its code and changes nothing: a receipt the venue did not sign (checked
 * against its JWKS before anything is logged), a request that is not in the log, a
 * checkpoint older than the request, a forged share (its member named), fewer than k shares, a
 * member who is not in the committee.
 *
 * The operator's steps (publish, request, combine, list, the auditor's listing) run on both stores:
 * the data dir's SQLite log, and with VOUCH_DATABASE_URL the PostgreSQL log `vouch serve` serves —
 * where the request and its result must land (not in the data dir's log).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { encryptEscrowIdentity, escrowCiphertextToJson, parseEscrowCommittee } from '../../src/escrow/index.js';
import { ephemeralReceiptSigner, type ReceiptPayload } from '../../src/hook/receipts.js';
import { loadOrCreateLogSigner, logKeyPath } from '../../src/log/index.js';
import { openDataDirLog } from '../../src/log/open-data-dir-log.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

const root = mkdtempSync(join(tmpdir(), 'vouch-escrow-cli-'));
let pgSchema: PgSchema;
/** A second, empty schema: a committee published there from a data dir that does not exist yet. */
let freshSchema: PgSchema;
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await pgSchema?.drop();
  await freshSchema?.drop();
});
const STORES = ['sqlite', 'postgres'] as const;
type Store = (typeof STORES)[number];
const MEMBERS = ['ana', 'ben', 'cy', 'dee', 'eve'];
const dir = (who: string) => join(root, who);
const f = (name: string) => join(root, name);
const IDENTITY = { issuerIndex: 5, credentialIndex: 70_001 };

interface Run {
  status: number | null;
  json: any;
  stdout: string;
  stderr: string;
}

/** The PostgreSQL operators' processes select their test schema; every other party runs on its data dir's SQLite file. */
const envOf = (who: string): Record<string, string> => {
  const schema = who === 'operator-pg' ? pgSchema : who === 'fresh-pg' ? freshSchema : undefined;
  return schema ? { VOUCH_DATABASE_URL: schema.url, VOUCH_DATABASE_SCHEMA: schema.schema } : { VOUCH_DATABASE_URL: '' };
};

function vouch(who: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/vouch.mjs', '--data-dir', dir(who), '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...envOf(who) },
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

async function ok(who: string, ...args: string[]): Promise<any> {
  const r = await vouch(who, ...args);
  if (r.status !== 0) throw new Error(`vouch ${args.join(' ')} failed (${r.status}): ${r.stdout} ${r.stderr}`);
  return r.json;
}

async function refused(who: string, ...args: string[]): Promise<{ code: string; message: string; details?: any }> {
  const r = await vouch(who, ...args);
  expect(r.status, r.stdout + r.stderr).not.toBe(0);
  expect(r.status).not.toBe(1);
  return r.json.error;
}

let receiptPayload: ReceiptPayload;
beforeAll(async () => {
  // the members' keys and the committee's key generation, each member in its own data dir
  await Promise.all(MEMBERS.map((m) => ok(m, 'escrow', 'keygen', '--member', m, '--out', f(`${m}.card.json`))));
  await ok('zed', 'escrow', 'keygen', '--member', 'zed', '--out', f('zed.card.json')); // never in the committee
  await ok(
    'operator',
    'escrow',
    'committee',
    'init',
    '--epoch',
    '1',
    '--threshold',
    '3',
    '--card',
    ...MEMBERS.map((m) => f(`${m}.card.json`)),
    '--out',
    f('committee.json'),
  );
  await Promise.all(
    MEMBERS.map((m) =>
      ok(
        m,
        'escrow',
        'committee',
        'deal',
        '--committee',
        f('committee.json'),
        '--member',
        m,
        '--out',
        f(`${m}.dealing.json`),
      ),
    ),
  );
  const dealings = MEMBERS.map((m) => f(`${m}.dealing.json`));
  await Promise.all(
    MEMBERS.map((m) =>
      ok(
        m,
        'escrow',
        'committee',
        'verify',
        '--committee',
        f('committee.json'),
        '--member',
        m,
        '--dealing',
        ...dealings,
        '--out',
        f(`${m}.complaints.json`),
      ),
    ),
  );
  const complaints = MEMBERS.map((m) => f(`${m}.complaints.json`));
  await Promise.all(
    MEMBERS.map((m) =>
      ok(
        m,
        'escrow',
        'committee',
        'finalize',
        '--committee',
        f('committee.json'),
        '--member',
        m,
        '--dealing',
        ...dealings,
        '--complaints',
        ...complaints,
        '--out',
        f(`${m}.key.json`),
      ),
    ),
  );

  // a venue's receipt carrying an escrow ciphertext to the committee key
  const committee = parseEscrowCommittee(JSON.parse(readFileSync(f('ana.key.json'), 'utf8')));
  const ct = escrowCiphertextToJson(encryptEscrowIdentity({ publicKey: committee.publicKey, identity: IDENTITY }));
  const signer = await ephemeralReceiptSigner('venue-v1');
  writeFileSync(f('venue-jwks.json'), JSON.stringify({ keys: [signer.publicJwk] }));
  receiptPayload = {
    iss: 'venue-v1',
    iat: 1_767_225_600,
    policy: 'institutional-escrow-required@1.0.0',
    verdict: 'admit',
    nullifier: '1',
    tradeHash: '2',
    escrow: { committeeId: committee.committeeId, epoch: 1, ...ct },
  };
  writeFileSync(f('receipt.jws'), await signer.sign(receiptPayload));
  pgSchema = await freshPgSchema('escrow');
  freshSchema = await freshPgSchema('escrow_fresh');
}, 900_000);

describe.each(STORES)('vouch escrow on %s: 3-of-5 unmasking through the log', (store: Store) => {
  const op = store === 'postgres' ? 'operator-pg' : 'operator';
  /** This store's files (each store files its own request, shares and outcome). */
  const g = (name: string) => f(`${store}.${name}`);
  let request: any;
  let pg: PostgresHandle | undefined;
  /** The log the operator's commands write: on PostgreSQL read directly, as the service reads it. */
  const pgLog = () =>
    new PostgresTransparencyLog({ db: pg!.db, signer: () => loadOrCreateLogSigner({ dataDir: dir(op) }) });
  const listing = async () => (await ok(op, 'escrow', 'list')).unmaskings as any[];
  const logSize = async (): Promise<number> =>
    pg ? await pgLog().size() : ((await ok(op, 'log', 'root')).size as number);
  const logEntry = async (index: number): Promise<{ kind: string; payload: unknown }> =>
    pg ? await pgLog().entry(index) : await ok(op, 'log', 'entry', '--index', String(index));

  beforeAll(async () => {
    // on PostgreSQL the log's tables are in the database and its key in the operator's data dir,
    // which `committee publish` makes (it does not exist yet)
    if (store === 'postgres') pg = await pgSchema.open({ maxConnections: 2 });
    await ok(op, 'escrow', 'committee', 'publish', '--key', f('ana.key.json'));
    writeFileSync(g('log.key'), (await ok(op, 'log', 'verify-key')).verifierKey);
    writeFileSync(
      g('old.checkpoint'),
      pg ? (await pgLog().checkpoint()).note : (await ok(op, 'log', 'checkpoint')).checkpoint,
    );
    request = await ok(
      op,
      'escrow',
      'request',
      '--receipt',
      f('receipt.jws'),
      '--jwks',
      f('venue-jwks.json'),
      '--committee-key',
      f('ana.key.json'),
      '--legal-basis',
      'AMLR art. 50, order 2026/17',
      '--requester',
      'FIU Germany',
      '--now',
      '1767225700',
      '--out',
      g('request.json'),
    );
  }, 300_000);
  afterAll(async () => {
    await pg?.close();
  });

  it('gives every member the same committee key, seals each member’s share, and publishes the key in the log', () => {
    const keys = MEMBERS.map((m) => JSON.parse(readFileSync(f(`${m}.key.json`), 'utf8')));
    for (const k of keys) expect(k).toEqual(keys[0]);
    expect(keys[0]).toMatchObject({ threshold: 3, epoch: 1, qualified: [1, 2, 3, 4, 5] });
    const sealed = readFileSync(join(dir('ana'), 'keys', 'escrow', `share-${keys[0].committeeId}-ana.key`), 'utf8');
    expect(JSON.parse(sealed).format).toBe('vouch-sealed-key/v1');
    expect(statSync(join(dir('ana'), 'keys', 'escrow', `share-${keys[0].committeeId}-ana.key`)).mode & 0o077).toBe(0);
    expect(request.index).toBeGreaterThan(0);
  });

  it('refuses to log a request for a receipt the venue did not sign — another key’s, or unsigned (RECEIPT_INVALID) — and logs nothing', async () => {
    const forger = await ephemeralReceiptSigner('venue-v1');
    // the venue's kid, another key's signature
    const forged = await forger.sign(receiptPayload);
    const venueKid = JSON.parse(readFileSync(f('venue-jwks.json'), 'utf8')).keys[0].kid;
    const [, body, sig] = forged.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: venueKid, typ: 'vouch-receipt+jwt' })).toString(
      'base64url',
    );
    writeFileSync(g('forged.jws'), `${header}.${body}.${sig}`);
    writeFileSync(g('other-key.jws'), forged);
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: venueKid, typ: 'vouch-receipt+jwt' })).toString(
      'base64url',
    );
    writeFileSync(g('unsigned.jws'), `${none}.${body}.`);
    const size = await logSize();
    for (const receipt of ['forged.jws', 'other-key.jws', 'unsigned.jws']) {
      const e = await refused(
        op,
        'escrow',
        'request',
        '--receipt',
        g(receipt),
        '--jwks',
        f('venue-jwks.json'),
        '--committee-key',
        f('ana.key.json'),
        '--legal-basis',
        'no order',
        '--requester',
        'nobody',
        '--out',
        g(`x-${receipt}.json`),
      );
      expect(e.code, receipt).toBe('RECEIPT_INVALID');
      expect(existsSync(g(`x-${receipt}.json`))).toBe(false);
    }
    expect(await logSize()).toBe(size);
  });

  it('refuses a share for a request that is not in the log (UNMASK_NOT_LOGGED)', async () => {
    const forged = JSON.parse(readFileSync(g('request.json'), 'utf8'));
    forged.payload.legalBasis = 'no order at all';
    writeFileSync(g('unlogged.json'), JSON.stringify(forged));
    const e = await refused(
      'ana',
      'escrow',
      'share',
      '--request',
      g('unlogged.json'),
      '--committee-key',
      f('ana.key.json'),
      '--member',
      'ana',
      '--log-key',
      g('log.key'),
      '--out',
      g('x.share.json'),
    );
    expect(e.code).toBe('UNMASK_NOT_LOGGED');
  });

  it('refuses a checkpoint older than the request (UNMASK_CHECKPOINT_STALE)', async () => {
    const e = await refused(
      'ben',
      'escrow',
      'share',
      '--request',
      g('request.json'),
      '--committee-key',
      f('ben.key.json'),
      '--member',
      'ben',
      '--log-key',
      g('log.key'),
      '--checkpoint',
      g('old.checkpoint'),
      '--out',
      g('x.share.json'),
    );
    expect(e.code).toBe('UNMASK_CHECKPOINT_STALE');
  });

  it('refuses to share for a member who is not in the committee (ESCROW_MEMBER_UNKNOWN)', async () => {
    const e = await refused(
      'zed',
      'escrow',
      'share',
      '--request',
      g('request.json'),
      '--committee-key',
      f('ana.key.json'),
      '--member',
      'zed',
      '--log-key',
      g('log.key'),
      '--out',
      g('x.share.json'),
    );
    expect(e.code).toBe('ESCROW_MEMBER_UNKNOWN');
  });

  it('combines 3 checked shares into the escrow identity, logs a digest-only result, and lists it — after refusing too few, forged and foreign shares', async () => {
    for (const [i, m] of [
      [1, 'ana'],
      [3, 'cy'],
      [5, 'eve'],
    ] as const) {
      const s = await ok(
        m,
        'escrow',
        'share',
        '--request',
        g('request.json'),
        '--committee-key',
        f(`${m}.key.json`),
        '--member',
        m,
        '--log-key',
        g('log.key'),
        '--out',
        g(`${m}.share.json`),
      );
      expect(s.member).toBe(i);
    }
    const combine = (...shares: string[]) => [
      'escrow',
      'combine',
      '--request',
      g('request.json'),
      '--committee-key',
      f('ana.key.json'),
      '--log-key',
      g('log.key'),
      '--share',
      ...shares,
      '--out',
      g('outcome.json'),
    ];
    const size = await logSize();
    expect((await refused(op, ...combine(g('ana.share.json'), g('cy.share.json')))).code).toBe(
      'ESCROW_NOT_ENOUGH_SHARES',
    );
    // eve's share carrying ana's decryption point: detected, and eve named
    const forged = {
      ...JSON.parse(readFileSync(g('eve.share.json'), 'utf8')),
      share: JSON.parse(readFileSync(g('ana.share.json'), 'utf8')).share,
    };
    writeFileSync(g('forged.share.json'), JSON.stringify(forged));
    const bad = await refused(op, ...combine(g('ana.share.json'), g('cy.share.json'), g('forged.share.json')));
    expect(bad.code).toBe('ESCROW_SHARE_INVALID');
    expect(bad.details).toMatchObject({ member: 5 });
    expect(bad.message).toContain('member 5');
    // a share claiming a member index the committee does not have
    writeFileSync(g('outsider.share.json'), JSON.stringify({ ...forged, member: 6 }));
    expect(
      (await refused(op, ...combine(g('ana.share.json'), g('cy.share.json'), g('outsider.share.json')))).code,
    ).toBe('ESCROW_MEMBER_UNKNOWN');
    expect(await logSize()).toBe(size);
    expect((await listing()).find((u) => u.requestIndex === request.index)).toMatchObject({
      status: 'pending',
      requester: 'FIU Germany',
    });

    const out = await ok(op, ...combine(g('ana.share.json'), g('cy.share.json'), g('eve.share.json')));
    expect(out.members).toEqual([1, 3, 5]);
    const outcome = JSON.parse(readFileSync(g('outcome.json'), 'utf8'));
    expect(outcome.identity).toEqual(IDENTITY);
    expect(statSync(g('outcome.json')).mode & 0o077).toBe(0);
    const entry = await logEntry(out.resultIndex);
    expect(entry.kind).toBe('unmask-result');
    expect(JSON.stringify(entry.payload)).not.toContain(String(IDENTITY.credentialIndex));
    expect((await listing()).find((u) => u.requestIndex === request.index)).toMatchObject({
      status: 'recovered',
      legalBasis: 'AMLR art. 50, order 2026/17',
      results: [{ index: out.resultIndex, members: [1, 3, 5], identityCommitment: out.identityCommitment }],
    });

    // the auditor's listing: the same, from entries checked against a checkpoint under the pinned key
    const { verifierKey } = await ok(op, 'log', 'verify-key');
    const audited = await ok(op, 'audit', 'unmaskings', '--log-key', verifierKey);
    expect(audited.size).toBe(await logSize());
    expect(audited.unmaskings.find((u: any) => u.requestIndex === request.index)).toMatchObject({
      status: 'recovered',
      results: [{ index: out.resultIndex, members: [1, 3, 5] }],
    });
    const wrongKey = await ok('ana', 'log', 'verify-key');
    expect((await refused(op, 'audit', 'unmaskings', '--log-key', wrongKey.verifierKey)).code).toMatch(/^CHECKPOINT_/);
  }, 900_000); // fourteen `vouch` processes: minutes on a loaded 2-core machine

  it.runIf(store === 'postgres')(
    'with VOUCH_DATABASE_URL, writes the committee, the request and its result to the PostgreSQL log the service serves, and nothing to the data dir’s log',
    async () => {
      const kinds = await Promise.all(
        Array.from({ length: await logSize() }, async (_, i) => (await logEntry(i)).kind),
      );
      expect(kinds).toEqual(['escrow-committee', 'unmask-request', 'unmask-result']);
      expect((await pgLog().entry(request.index)).payload).toMatchObject({ requester: 'FIU Germany' });
      // the data dir's own SQLite log (`vouch log` there follows VOUCH_DATABASE_URL too, so read the file)
      const own = openDataDirLog({ dataDir: dir(op) });
      try {
        expect(own.log.size()).toBe(0);
      } finally {
        own.close();
      }
    },
  );

  it.runIf(store === 'postgres')(
    'with VOUCH_DATABASE_URL and a data dir that does not exist yet, publishes the committee and makes the data dir (0700) that holds the log’s checkpoint key',
    async () => {
      const who = 'fresh-pg';
      expect(existsSync(dir(who))).toBe(false);
      const published = await ok(who, 'escrow', 'committee', 'publish', '--key', f('ana.key.json'));
      expect(published).toMatchObject({ logIndex: 0, epoch: 1 });
      expect(statSync(dir(who)).isDirectory()).toBe(true);
      expect(statSync(dir(who)).mode & 0o077).toBe(0);
      // the next command on that data dir finds it, and its checkpoint is signed with the key kept there
      const { checkpoint } = await ok(who, 'log', 'checkpoint');
      expect(checkpoint).toMatch(/^.*\n1\n/);
      expect(existsSync(logKeyPath(dir(who)))).toBe(true);
    },
  );
});
