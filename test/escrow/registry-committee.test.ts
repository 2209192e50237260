/**
 * The escrow committee in the signed registry: a finalized committee key is published as an
 * `escrow-committee` log entry, /v1/registry serves it as `escrowCommittee` with its inclusion
 * proof, a verifier loads it with the log key pinned, and a copy whose key was swapped (or whose
 * entry is not in the log) is refused. Epochs only grow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { loadRegistryEscrowCommittee } from '../../src/credentials/index.js';
import { VouchError } from '../../src/errors/index.js';
import {
  createCommittee,
  createDealing,
  createMemberKeys,
  finalizeCommittee,
  parseCommittee,
  assertCurrentCommitteeKey,
  type CommitteeKeyJson,
} from '../../src/escrow/index.js';
import { currentEscrowCommittee, publishEscrowCommittee } from '../../src/escrow/publish-committee.js';
import { json, makeTestApp, type TestApp } from '../api/helpers.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

function committeeKey(epoch: number): CommitteeKeyJson {
  const keys = ['m1', 'm2', 'm3'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 2, members: keys.map((k) => k.card) }));
  return finalizeCommittee(committee, { dealings: keys.map((k) => createDealing(committee, k.secret)) }).key;
}

let t: TestApp;
let logKey: string;
const get = async (path: string) => json(await t.app.request(path));

beforeAll(async () => {
  t = await makeTestApp();
  logKey = (await get('/v1/log/verifier-key')).verifierKey;
}, 120_000);

describe('escrowCommittee in registry.json', () => {
  it('is absent until a committee is published, then served with its log entry and proof', async () => {
    expect((await get('/v1/registry')).escrowCommittee).toBeUndefined();
    const d = domain(t.deps as ResolvedDeps);
    const key = committeeKey(1);
    const published = publishEscrowCommittee({ db: t.db.db, log: d.log(), committee: key });
    expect(currentEscrowCommittee(t.db.db)?.logIndex).toBe(published.logIndex);
    const file = await get('/v1/registry');
    expect(file.escrowCommittee).toEqual({
      committeeId: key.committeeId,
      epoch: 1,
      threshold: 2,
      publicKey: key.publicKey,
      members: key.members,
    });
    expect(file.transparency.escrowCommittee).toMatchObject({ kind: 'escrow-committee', index: published.logIndex });
    const loaded = loadRegistryEscrowCommittee(file, { logKey })!;
    expect(loaded.epoch).toBe(1);
    expect(() => assertCurrentCommitteeKey(loaded, key.publicKey)).not.toThrow();

    // a copy whose committee key was swapped for another committee's is not the logged one
    const other = committeeKey(1);
    expect(
      codeOf(() =>
        loadRegistryEscrowCommittee(
          { ...file, escrowCommittee: { ...file.escrowCommittee, publicKey: other.publicKey } },
          { logKey },
        ),
      ),
    ).toBe('REGISTRY_NOT_LOGGED');
    const { escrowCommittee: _e, ...withoutProof } = file.transparency;
    expect(codeOf(() => loadRegistryEscrowCommittee({ ...file, transparency: withoutProof }, { logKey }))).toBe(
      'REGISTRY_NOT_LOGGED',
    );
    // a point off the subgroup never gets as far as the log check
    expect(
      codeOf(() =>
        loadRegistryEscrowCommittee(
          { ...file, escrowCommittee: { ...file.escrowCommittee, publicKey: { x: '0', y: '1' } } },
          { logKey },
        ),
      ),
    ).toBe('ESCROW_POINT_INVALID');
  });

  it('only ever moves to a newer epoch, and the old key is then stale', async () => {
    const d = domain(t.deps as ResolvedDeps);
    const before = d.log().size();
    expect(codeOf(() => publishEscrowCommittee({ db: t.db.db, log: d.log(), committee: committeeKey(1) }))).toBe(
      'ESCROW_COMMITTEE_INVALID',
    );
    expect(d.log().size()).toBe(before);
    const old = (await get('/v1/registry')).escrowCommittee;
    const next = committeeKey(2);
    publishEscrowCommittee({ db: t.db.db, log: d.log(), committee: next });
    const current = loadRegistryEscrowCommittee(await get('/v1/registry'), { logKey })!;
    expect(current.epoch).toBe(2);
    expect(codeOf(() => assertCurrentCommitteeKey(current, old.publicKey))).toBe('ESCROW_KEY_STALE');
  });
});
