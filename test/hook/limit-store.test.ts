/**
 * The running-total swap of the nullifier stores (SQLite file, PostgreSQL, memory): a claim with a
 * limit step spends its nullifier and moves its period's commitment together, or — when the period
 * holds another commitment — answers 'limit-stale' and changes neither. Of concurrent claims from
 * one commitment exactly one moves it, in one batch and across store handles.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNullifierStore, type NullifierClaim, type NullifierStore } from '../../src/hook/index.js';
import { openHookStores, type HookStores } from '../../src/hook/open-hook-stores.js';
import { STORES } from '../support/log-stores.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

let n = 1000n;
function claim(pn: bigint, oldCommitment: bigint, newCommitment: bigint): NullifierClaim {
  n += 1n;
  return {
    nullifier: n,
    policyId: '0x01',
    tradeHash: n * 7n,
    at: 1,
    limit: { periodNullifier: pn, oldCommitment, newCommitment },
  };
}

describe.each([...STORES, 'memory'] as const)('limit state on %s', (kind) => {
  let pgs: PgSchema | undefined;
  const opened: HookStores[] = [];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vouch-limits-'));
    if (kind === 'postgres') pgs = await freshPgSchema('lim');
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await pgs?.drop();
  });
  let memory: MemoryNullifierStore | undefined;
  async function store(): Promise<NullifierStore> {
    if (kind === 'memory') return (memory ??= new MemoryNullifierStore());
    const s = await openHookStores({
      dataDir,
      ...(kind === 'postgres' ? { databaseUrl: pgs!.url, schema: pgs!.schema } : { databaseUrl: '' }),
    });
    opened.push(s);
    return s.hookOptions.store;
  }

  it('moves a period from empty to the claim’s commitment, then only from the commitment it holds', async () => {
    const s = await store();
    const first = claim(11n, 0n, 111n);
    expect(await s.claim(first)).toBe(true);
    expect(await s.limitCommitment!(11n)).toBe(111n);
    // "empty" again, and an unknown old commitment: stale, and the nullifier stays unspent
    const again = claim(11n, 0n, 112n);
    expect(await s.claim(again)).toBe('limit-stale');
    expect(await s.has(again.nullifier)).toBe(false);
    const forged = claim(11n, 999n, 113n);
    expect(await s.claim(forged)).toBe('limit-stale');
    expect(await s.limitCommitment!(11n)).toBe(111n);
    // the stale claimant proves again from the current commitment: same nullifier, now admitted
    expect(await s.claim({ ...again, limit: { periodNullifier: 11n, oldCommitment: 111n, newCommitment: 114n } })).toBe(
      true,
    );
    expect(await s.limitCommitment!(11n)).toBe(114n);
    // a replayed nullifier is a replay, whatever its limit step
    expect(await s.claim({ ...first, limit: { periodNullifier: 11n, oldCommitment: 114n, newCommitment: 115n } })).toBe(
      false,
    );
    expect(await s.limitCommitment!(11n)).toBe(114n);
    expect(await s.limitCommitment!(12n)).toBeUndefined();
  });

  it('of two claims from one commitment in one batch, moves the period once', async () => {
    const s = await store();
    const [a, b, c] = [claim(21n, 0n, 211n), claim(21n, 0n, 212n), claim(22n, 0n, 221n)];
    const won = s.claimMany ? await s.claimMany([a, b, c]) : [await s.claim(a), await s.claim(b), await s.claim(c)];
    expect(won).toEqual([true, 'limit-stale', true]);
    expect(await s.has(b.nullifier)).toBe(false);
    expect(await s.limitCommitment!(21n)).toBe(211n);
  });

  it.runIf(kind !== 'memory')(
    'of 20 concurrent claims from one commitment through two handles on one database, exactly one moves it',
    async () => {
      const [x, y] = [await store(), await store()];
      expect(await x.claim(claim(31n, 0n, 311n))).toBe(true);
      const cs = Array.from({ length: 20 }, (_, i) => claim(31n, 311n, 3120n + BigInt(i)));
      const won = await Promise.all(cs.map((c, i) => (i % 2 ? x : y).claim(c)));
      expect(won.filter((r) => r === true)).toHaveLength(1);
      expect(won.filter((r) => r === 'limit-stale')).toHaveLength(19);
      const winner = cs[won.indexOf(true)]!;
      expect(await y.limitCommitment!(31n)).toBe(winner.limit!.newCommitment);
      for (const c of cs) expect(await x.has(c.nullifier)).toBe(c === winner);
    },
  );
});
