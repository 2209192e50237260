/**
 * The soundness harness itself: the R1CS it judges is the artifact Vouch proves with, an honest
 * witness satisfies every constraint, the attacker variant is the real circuit when it forges
 * nothing, and a single changed wire is refused. Without these, a refusal elsewhere in
 * test/circuit could be the harness's mistake rather than the circuit's strength.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureArtifacts } from '../../src/zk/artifacts/ensure.js';
import { makeScenario } from '../support/scenario.js';
import {
  attackerCircuit,
  expectRefusedOnlyBy,
  expectSatisfied,
  loadCircuits,
  preFixCircuit,
  realCircuit,
} from './support/suite.js';

beforeAll(() => loadCircuits({ preFix: true }));

describe('soundness harness', () => {
  it('judges the artifact R1CS, whose constraint count is the manifest’s', async () => {
    const real = await realCircuit();
    const { manifest } = await ensureArtifacts();
    expect(real.nConstraints).toBe(manifest.constraints);
    expect(real.r1cs.nPubOut + real.r1cs.nPubIn).toBe(manifest.publicOutputs + manifest.publicInputs);
  });

  it('an honest witness from the artifact wasm satisfies every constraint', async () => {
    const real = await realCircuit();
    expectSatisfied('honest witness (real circuit)', real.judge(await real.witness(makeScenario().input)));
  });

  it('the attacker variant forging nothing reproduces the honest witness on every wire', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const { input } = makeScenario();
    expect(real.project(await attacker.witness(input))).toEqual(await real.witness(input));
  });

  it('the pre-fix circuit accepts the same honest witness and lacks exactly the 16 64-bit range checks', async () => {
    const [real, preFix, attacker] = await Promise.all([realCircuit(), preFixCircuit(), attackerCircuit()]);
    expectSatisfied(
      'honest witness (pre-fix circuit)',
      preFix.judge(preFix.project(await attacker.witness(makeScenario().input))),
    );
    expect(real.nConstraints - preFix.nConstraints).toBe(16 * 64);
  });

  it('refuses a witness with one wire changed, and names the component that reads it', async () => {
    const real = await realCircuit();
    const w = real.tampered(await real.witness(makeScenario().input), { 'main.tradeHashSquared': 5n });
    expectRefusedOnlyBy('tradeHashSquared changed alone', real.judge(w), 'main');
  });

  it('will not tamper with a signal the optimiser substituted away (it has no wire)', async () => {
    const real = await realCircuit();
    expect(() => real.wireOf('main.subject.out')).toThrow(RangeError);
    expect(() => real.wireOf('main.no.such.signal')).toThrow(RangeError);
  });
});
