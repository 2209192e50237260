/**
 * The escrow committee on the PostgreSQL log (issue 14): `vouch escrow committee publish` with
 * VOUCH_DATABASE_URL appends to the log the service on PostgreSQL serves, so a committee published
 * through one process is the registry's (and the venues' hooks') current committee in every other.
 * Of two publishers of one epoch racing, exactly one wins; an epoch that is not newer is refused
 * and appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { loadRegistryEscrowCommittee } from '../../src/credentials/index.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { isVouchError } from '../../src/errors/index.js';
import {
  createCommittee,
  createDealing,
  createMemberKeys,
  finalizeCommittee,
  parseCommittee,
  type CommitteeKeyJson,
} from '../../src/escrow/index.js';
import { currentEscrowCommitteePg, publishEscrowCommitteePg } from '../../src/escrow/pg-publish-committee.js';
import type { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { json, makeTestApp, type TestApp } from '../api/helpers.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

function committeeKey(epoch: number): CommitteeKeyJson {
  const keys = ['m1', 'm2', 'm3'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 2, members: keys.map((k) => k.card) }));
  return finalizeCommittee(committee, { dealings: keys.map((k) => createDealing(committee, k.secret)) }).key;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (isVouchError(err)) return err.code;
    throw err;
  }
}

let schema: PgSchema;
const handles: PostgresHandle[] = [];
let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  schema = await freshPgSchema('escrow');
  const open = async () => {
    const h = await schema.open({ maxConnections: 4 });
    handles.push(h);
    return h;
  };
  one = await makeTestApp({ pg: await open() });
  two = await makeTestApp({ pg: await open() });
}, 120_000);
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await schema.drop();
});

const publish = (t: TestApp, committee: unknown) =>
  publishEscrowCommitteePg({
    db: t.deps.pg!.db,
    log: domain(t.deps as ResolvedDeps).anyLog() as PostgresTransparencyLog,
    committee,
  });

describe('the escrow committee on the PostgreSQL log', () => {
  it('is served by another process once published, with its inclusion proof', async () => {
    const get = async (path: string) => json(await two.app.request(path));
    expect((await get('/v1/registry')).escrowCommittee).toBeUndefined();
    const key = committeeKey(1);
    const published = await publish(one, key);
    expect((await currentEscrowCommitteePg(two.deps.pg!.db))?.logIndex).toBe(published.logIndex);
    const file = await get('/v1/registry');
    expect(file.escrowCommittee).toMatchObject({ committeeId: key.committeeId, epoch: 1, publicKey: key.publicKey });
    const logKey = (await get('/v1/log/verifier-key')).verifierKey;
    expect(loadRegistryEscrowCommittee(file, { logKey })!.epoch).toBe(1);
    // nothing went to the SQLite files
    for (const t of [one, two])
      expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: 0 });
  });

  it('lets exactly one of two publishers of the same new epoch win, and refuses an old epoch appending nothing', async () => {
    const size = async () =>
      (await one.deps.pg!.pool.query('SELECT count(*)::int AS n FROM log_entries')).rows[0].n as number;
    const before = await size();
    const codes = await Promise.all([codeOf(publish(one, committeeKey(2))), codeOf(publish(two, committeeKey(2)))]);
    expect(codes.sort()).toEqual(['ESCROW_COMMITTEE_INVALID', 'OK']);
    expect(await size()).toBe(before + 1);
    expect(await codeOf(publish(two, committeeKey(1)))).toBe('ESCROW_COMMITTEE_INVALID');
    expect(await size()).toBe(before + 1);
    expect((await currentEscrowCommitteePg(one.deps.pg!.db))?.committee.epoch).toBe(2);
  });
});
