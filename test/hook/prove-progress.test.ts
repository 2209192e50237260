/**
 * Progress through a proof (issue 15: "prove in a Web Worker with a progress indicator"): proveTrade
 * and proveSession report each step of PROVE_STEPS once, in order, from snarkjs's own stages, so the
 * wallet's bar is determinate. The reports name a step and carry no value of the witness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proveSession, proveTrade } from '../../src/prover/index.js';
import { PROVE_STEPS, releaseCurves, type ProveProgress } from '../../src/zk/index.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type Holder, type World } from '../support/hook-world.js';

let world: World;
let alice: Holder;
beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder();
});
afterAll(releaseCurves);

/** A trade proof under the spot policy with this onProgress (checked by proveTrade like any caller's). */
async function spotTradeProof(onProgress: unknown) {
  return proveTrade({
    holder: alice,
    credential: alice.credential,
    policy: spotPolicy(),
    members: (await world.registry()).members,
    trade: trade({ time: T0 + 60 }),
    now: T0 + 60,
    onProgress: onProgress as never,
  });
}

const expected = PROVE_STEPS.map((stage, i) => ({ step: i + 1, steps: PROVE_STEPS.length, stage }));

describe('proof progress', () => {
  it('reports every step of a trade proof once, in order, with only its position and name', async () => {
    const seen: ProveProgress[] = [];
    await spotTradeProof((p: ProveProgress) => seen.push(p));
    expect(seen).toEqual(expected);
    for (const p of seen) expect(Object.keys(p).sort()).toEqual(['stage', 'step', 'steps']);
  });

  it('reports the same steps for a session proof', async () => {
    const seen: string[] = [];
    await proveSession({
      holder: alice,
      credential: alice.credential,
      policy: sessionPolicy(),
      members: (await world.registry()).members,
      sessionPublicKey: new Uint8Array(32).fill(7),
      venue: 'v1',
      maxOrderValue: 100_00n,
      now: T0 + 60,
      onProgress: (p) => seen.push(p.stage),
    });
    expect(seen).toEqual([...PROVE_STEPS]);
  });

  it('still proves when the onProgress callback throws: a progress display cannot fail a proof', async () => {
    const p = await spotTradeProof(() => {
      throw new Error('the progress bar broke');
    });
    expect(p.proof.protocol).toBe('groth16');
  });

  it('refuses an onProgress that is not a function with ERR_INVALID_ARG_TYPE before proving', async () => {
    await expect(spotTradeProof('yes')).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});
