/**
 * The issuer side on both stores (SQLite, PostgreSQL): the same behaviour through the async
 * CredentialStore, then the races that matter when several processes share PostgreSQL — two
 * handles (two pools) issuing for one issuer, revoking at once, a revocation racing a snapshot,
 * two additions racing for a set's last leaf.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addIssuerToSet,
  createHolder,
  createIssuer,
  createIssuerSet,
  getIssuerSet,
  issueCredential,
  latestSnapshot,
  listIssuers,
  publishedRoots,
  publishStatusSnapshot,
  revokeCredential,
  rotateIssuerKey,
  SetRegistries,
  snapshotHistory,
  SqliteCredentialStore,
  verifyCredentialFile,
  type IssuerContext,
  type RegistryLog,
} from '../../src/credentials/index.js';
import { PgCredentialStore } from '../../src/credentials/pg-store.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { CATALOGUE_OWNER } from '../../src/db/schema.js';
import { loadKek } from '../../src/keys/kek.js';
import { ed25519Signer, TransparencyLog } from '../../src/log/index.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { VouchError } from '../../src/errors/index.js';
import { releaseCurves, StatusBitmap } from '../../src/zk/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

afterAll(releaseCurves);

const STORES = ['sqlite', 'postgres'] as const;
const T0 = 1_767_225_600; // 2026-01-01
const signer = ed25519Signer('vouch.test/credentials', new Uint8Array(32).fill(9));
const manual = (kycLevel: number) =>
  JSON.stringify({ kycLevel, jurisdiction: 'DE', investorClass: 'retail', ageOver18: true, tradeLimit: '1000' });

interface Handle {
  ctx: IssuerContext;
  log: RegistryLog;
}

/** One database on either store; `open()` gives another handle on it (another connection or pool). */
function storeWorld(kind: (typeof STORES)[number]) {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-credstore-'));
  const kek = loadKek(dir);
  let now = T0;
  const clock = () => now;
  const sqlite: DatabaseHandle[] = [];
  const pools: PostgresHandle[] = [];
  let schema: PgSchema | undefined;
  return {
    tick: (s: number) => (now += s),
    async open(): Promise<Handle> {
      if (kind === 'sqlite') {
        const h = openDatabase({ path: join(dir, 'vouch.sqlite') });
        sqlite.push(h);
        return {
          ctx: { store: new SqliteCredentialStore(h.db), kek, clock },
          log: TransparencyLog.open({ db: h.db, signer }),
        };
      }
      schema ??= await freshPgSchema('cred');
      const h = await schema.open({ maxConnections: 4 });
      pools.push(h);
      return {
        ctx: { store: new PgCredentialStore(h.db), kek, clock },
        log: new PostgresTransparencyLog({ db: h.db, signer }),
      };
    },
    async close() {
      for (const h of sqlite) h.close();
      await Promise.all(pools.map((p) => p.close()));
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function issue(ctx: IssuerContext, issuerId: string, kycLevel = 2) {
  return issueCredential(ctx, {
    issuerId,
    actor: 'ops',
    subject: BigInt(createHolder().subject),
    evidenceKind: 'manual',
    evidence: manual(kycLevel),
  });
}

describe.each(STORES)('credential store on %s', (kind) => {
  let w: ReturnType<typeof storeWorld>;
  let a: Handle;
  beforeEach(async () => {
    w = storeWorld(kind);
    a = await w.open();
  }, 60_000);
  afterEach(() => w.close());

  it('issues, revokes with a new signed root, and refuses a second revocation and replayed evidence', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const holder = createHolder();
    const o = { issuerId, actor: 'ops', subject: BigInt(holder.subject), evidenceKind: 'manual', evidence: manual(3) };
    const c = await issueCredential(a.ctx, o);
    verifyCredentialFile(c, BigInt(holder.subject));
    await expect(issueCredential(a.ctx, o)).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
    const r = await revokeCredential(a.ctx, { credentialId: c.id, reason: 'fraud', actor: 'ops' });
    expect(r.seq).toBe(2);
    expect(r.statusRoot).toBe(StatusBitmap.fromRevoked([c.credentialIndex]).root.toString());
    expect((await latestSnapshot(a.ctx, issuerId))!.root).toBe(r.statusRoot);
    await expect(revokeCredential(a.ctx, { credentialId: c.id, reason: 'again', actor: 'ops' })).rejects.toMatchObject({
      code: 'CREDENTIAL_ALREADY_REVOKED',
    });
    expect((await snapshotHistory(a.ctx, issuerId)).map((s) => s.seq)).toEqual([2, 1]);
    const events = await a.ctx.store.auditEvents('t1', { limit: 10 });
    expect(events.map((e) => e.action)).toEqual(['credential.revoke', 'credential.issue.manual-approval']);
  });

  it('refuses evidence replayed past the early check (EVIDENCE_REPLAYED from the unique indexes), writing none of the issuance', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const first = await a.ctx.store.credential((await issue(a.ctx, issuerId)).id);
    const audit = { tenant: 't1', actor: 'ops', action: 'credential.issue', details: '{}', at: T0 };
    const rows = (credentialIndex: number, id: string, seen?: { replayHash: string; seenAt: number }) => ({
      credential: { ...first!, id, credentialIndex },
      audit: { ...audit, target: id },
      ...(seen ? { seen } : {}),
      result: id,
    });
    // an active credential already holds this uniqueness hash (a race the early `seen` check lost)
    await expect(a.ctx.store.issueCredential(issuerId, (i) => rows(i, 'cred_race1'))).rejects.toMatchObject({
      code: 'EVIDENCE_REPLAYED',
    });
    // a vendor token's replay record written twice: the second issuance leaves nothing behind
    const seen = { replayHash: 'f'.repeat(64), seenAt: T0 };
    const vendor = (i: number, id: string) => ({
      ...rows(i, id, seen),
      credential: { ...first!, id, credentialIndex: i, uniquenessHash: null },
    });
    expect(await a.ctx.store.issueCredential(issuerId, (i) => vendor(i, 'cred_vendor1'))).toBe('cred_vendor1');
    await expect(a.ctx.store.issueCredential(issuerId, (i) => vendor(i, 'cred_vendor2'))).rejects.toMatchObject({
      code: 'EVIDENCE_REPLAYED',
    });
    expect(await a.ctx.store.credential('cred_race1')).toBeUndefined();
    expect(await a.ctx.store.credential('cred_vendor2')).toBeUndefined();
    const targets = (await a.ctx.store.auditEvents('t1', { limit: 10 })).map((e) => e.target);
    expect(targets).toEqual(['cred_vendor1', first!.id]);
  });

  it('keeps SQL metacharacters in names and tenants as data', async () => {
    const tenant = "t'; DROP TABLE issuers; --";
    const { issuerId } = await createIssuer(a.ctx, { tenant, name: "O'Brien (KYC) & Co" });
    const listed = await listIssuers(a.ctx, tenant);
    expect(listed.map((i) => [i.issuerId, i.name])).toEqual([[issuerId, "O'Brien (KYC) & Co"]]);
    expect(await listIssuers(a.ctx, 't1')).toEqual([]);
  });

  it('refuses a set member or an overlapping rotation past capacity (ISSUER_SET_FULL), changing nothing', async () => {
    const [x, y, z] = [
      await createIssuer(a.ctx, { tenant: 't1', name: 'X' }),
      await createIssuer(a.ctx, { tenant: 't1', name: 'Y' }),
      await createIssuer(a.ctx, { tenant: 't1', name: 'Z' }),
    ];
    await createIssuerSet(a.ctx, { name: 'small', owner: 't1', capacity: 2 });
    await addIssuerToSet(a.ctx, { set: 'small', issuerId: x.issuerId, owner: 't1', actor: 'a' });
    await addIssuerToSet(a.ctx, { set: 'small', issuerId: y.issuerId, owner: 't1', actor: 'a' });
    await expect(
      addIssuerToSet(a.ctx, { set: 'small', issuerId: z.issuerId, owner: 't1', actor: 'a' }),
    ).rejects.toMatchObject({ code: 'ISSUER_SET_FULL' });
    await expect(
      addIssuerToSet(a.ctx, { set: 'small', issuerId: z.issuerId, owner: 't2', actor: 'a' }),
    ).rejects.toMatchObject({ code: 'ISSUER_SET_FORBIDDEN' });
    await expect(rotateIssuerKey(a.ctx, x.issuerId, 'babyjub', 60)).rejects.toMatchObject({ code: 'ISSUER_SET_FULL' });
    const kidBefore = (await listIssuers(a.ctx, 't1')).find((i) => i.issuerId === x.issuerId)!.kid;
    expect((await getIssuerSet(a.ctx, 'small')).keys).toBe(2);
    // without overlap the old key retires at once: the set keeps two leaves
    w.tick(1);
    const { kid } = await rotateIssuerKey(a.ctx, x.issuerId, 'babyjub', 0);
    expect(kid).not.toBe(kidBefore);
    const after = await getIssuerSet(a.ctx, 'small');
    expect(after.keys).toBe(2);
    expect([...after.issuers].sort()).toEqual([x.issuerId, y.issuerId].sort()); // joined in the same second
  });

  it('logs every status root and set root once, and a change through another handle moves the stamp at once', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    await createIssuerSet(a.ctx, { name: 'eu-kyc-issuers', owner: CATALOGUE_OWNER });
    await addIssuerToSet(a.ctx, { set: 'eu-kyc-issuers', issuerId, owner: CATALOGUE_OWNER, actor: 'ops' });
    const sets = new SetRegistries(a.ctx, { log: a.log });
    await sets.refresh();
    const t = (await sets.transparency())!;
    expect(Object.keys(t.sets)).toEqual(['eu-kyc-issuers']);
    expect(Object.keys(t.snapshots)).toEqual([issuerId]);
    const stamp = await a.ctx.store.stateStamp();
    const b = await w.open();
    const c = await issue(b.ctx, issuerId);
    await revokeCredential(b.ctx, { credentialId: c.id, reason: 'test', actor: 'ops' });
    expect(await a.ctx.store.stateStamp()).not.toBe(stamp);
    await sets.refresh();
    await sets.refresh(); // nothing new: nothing logged twice
    const roots = await publishedRoots(a.ctx.store, issuerId);
    expect(roots.statusRoots.map((r) => r.seq)).toEqual([1, 2]);
    expect(roots.setRoots.map((r) => r.seq)).toEqual([1, 2]);
    expect(new Set(roots.statusRoots.map((r) => r.logIndex)).size).toBe(2);
  });
});

describe('credential store on postgres: several processes at once', () => {
  let w: ReturnType<typeof storeWorld>;
  let a: Handle;
  let b: Handle;
  beforeEach(async () => {
    w = storeWorld('postgres');
    a = await w.open();
    b = await w.open();
  }, 60_000);
  afterEach(() => w.close());

  it('gives two handles issuing for one issuer at once distinct consecutive indexes, every credential valid', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => issue(i % 2 ? a.ctx : b.ctx, issuerId)));
    expect(made.map((c) => c.credentialIndex).sort((x, y) => x - y)).toEqual([...Array(12).keys()]);
    for (const c of made) verifyCredentialFile(c);
    // the status bitmap is consistent: revoking two of them gives the root of exactly those two
    const [r1, r2] = [made[3]!, made[8]!];
    await revokeCredential(a.ctx, { credentialId: r1.id, reason: 'x', actor: 'ops' });
    const last = await revokeCredential(b.ctx, { credentialId: r2.id, reason: 'x', actor: 'ops' });
    expect(last.statusRoot).toBe(StatusBitmap.fromRevoked([r1.credentialIndex, r2.credentialIndex]).root.toString());
  });

  it('leaves the index of an issuance that failed after allocation unused: never given again, later roots exact', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const first = await issue(a.ctx, issuerId);
    // the counter hands out an index before the credential is built and inserted (pg-store.ts);
    // a build that fails there (as a killed process would) burns that index and nothing else
    await expect(
      b.ctx.store.issueCredential(issuerId, () => {
        throw new VouchError('CONFLICT', 'failed after allocation');
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const next = await issue(b.ctx, issuerId);
    expect([first.credentialIndex, next.credentialIndex]).toEqual([0, 2]);
    const r = await revokeCredential(a.ctx, { credentialId: next.id, reason: 'x', actor: 'ops' });
    expect(r.statusRoot).toBe(StatusBitmap.fromRevoked([2]).root.toString());
  });

  it('lands concurrent revocations from two handles, each in its own snapshot, the newest counting all', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const creds = [];
    for (let i = 0; i < 6; i++) creds.push(await issue(a.ctx, issuerId));
    const revoked = await Promise.all(
      creds.map((c, i) => revokeCredential(i % 2 ? a.ctx : b.ctx, { credentialId: c.id, reason: 'r', actor: 'ops' })),
    );
    expect(revoked.map((r) => r.seq).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);
    const latest = (await latestSnapshot(a.ctx, issuerId))!;
    expect(latest.root).toBe(StatusBitmap.fromRevoked(creds.map((c) => c.credentialIndex)).root.toString());
  });

  it('never publishes a root that misses an acknowledged revocation when a snapshot races it', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    const acked: number[] = [];
    for (let round = 0; round < 5; round++) {
      const c = await issue(a.ctx, issuerId);
      const [r] = await Promise.all([
        revokeCredential(b.ctx, { credentialId: c.id, reason: 'r', actor: 'ops' }),
        publishStatusSnapshot(a.ctx, issuerId),
        publishStatusSnapshot(b.ctx, issuerId),
      ]);
      acked.push(c.credentialIndex);
      // every snapshot after the revocation's counts it; the newest counts every acknowledged one
      for (const s of await snapshotHistory(a.ctx, issuerId, 100)) {
        const payload = JSON.parse(Buffer.from(s.jws.split('.')[1]!, 'base64url').toString()) as { revoked: number[] };
        if (s.seq >= r.seq) expect(payload.revoked).toContain(c.credentialIndex);
      }
      const latest = (await latestSnapshot(a.ctx, issuerId))!;
      expect(latest.root).toBe(StatusBitmap.fromRevoked(acked).root.toString());
    }
  });

  it('admits exactly one of two issuers racing for the last leaf of a set (ISSUER_SET_FULL for the other)', async () => {
    const ids = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push((await createIssuer(a.ctx, { tenant: 't1', name })).issuerId);
    await createIssuerSet(a.ctx, { name: 'three', owner: 't1', capacity: 3 });
    for (const id of ids.slice(0, 2))
      await addIssuerToSet(a.ctx, { set: 'three', issuerId: id, owner: 't1', actor: 'a' });
    const results = await Promise.allSettled([
      addIssuerToSet(a.ctx, { set: 'three', issuerId: ids[2]!, owner: 't1', actor: 'a' }),
      addIssuerToSet(b.ctx, { set: 'three', issuerId: ids[3]!, owner: 't1', actor: 'b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'ISSUER_SET_FULL' });
    expect(await getIssuerSet(a.ctx, 'three')).toMatchObject({ keys: 3 });
    expect((await getIssuerSet(a.ctx, 'three')).issuers).toHaveLength(3);
  });

  it('logs each root once when two processes refresh their registries at once', async () => {
    const { issuerId } = await createIssuer(a.ctx, { tenant: 't1', name: 'Acme KYC' });
    await createIssuerSet(a.ctx, { name: 'eu-kyc-issuers', owner: CATALOGUE_OWNER });
    await addIssuerToSet(a.ctx, { set: 'eu-kyc-issuers', issuerId, owner: CATALOGUE_OWNER, actor: 'ops' });
    await Promise.all([
      new SetRegistries(a.ctx, { log: a.log }).refresh(),
      new SetRegistries(b.ctx, { log: b.log }).refresh(),
    ]);
    const roots = await publishedRoots(a.ctx.store, issuerId);
    expect(roots.statusRoots.map((r) => r.seq)).toEqual([1]);
    expect(roots.setRoots).toHaveLength(1);
  });
});
