/**
 * circuit: the policy circuit's size, from the artifact manifest and read back from the r1cs file
 * itself (the two must agree). Machine-independent.
 */
import * as snarkjs from 'snarkjs';
import { ensureArtifacts } from '../../src/zk/index.js';
import type { Suite } from '../lib/suite.js';

const MAX_CONSTRAINTS = 16_384;

export const circuit: Suite = {
  name: 'circuit',
  goal: `<= ${MAX_CONSTRAINTS.toLocaleString('en-US')} constraints with the full feature set`,
  async run() {
    const { manifest, files } = await ensureArtifacts({ progress: true });
    const r1cs = await snarkjs.r1cs.info(files.r1cs);
    if (r1cs.nConstraints !== manifest.constraints) throw new Error(`manifest says ${manifest.constraints} constraints, the r1cs has ${r1cs.nConstraints}`);
    const publicInputs = r1cs.nPubInputs;
    const publicOutputs = r1cs.nOutputs;
    // Groth16's evaluation domain holds the constraints plus one per public signal and the constant
    const domain = 2 ** manifest.ceremony.ptauPower;
    const domainUse = (r1cs.nConstraints + publicInputs + publicOutputs + 1) / domain;
    return {
      result: {
        workload: `circuits/policy.circom as built (${manifest.ceremony.kind} ceremony), counted from ${files.r1cs.split('/').pop()}`,
        goal: this.goal,
        met: r1cs.nConstraints <= MAX_CONSTRAINTS,
        constraints: r1cs.nConstraints,
        wires: r1cs.nVars,
        publicInputs,
        publicOutputs,
        privateInputs: r1cs.nPrvInputs,
        ptauPower: manifest.ceremony.ptauPower,
        domainUse: Math.round(domainUse * 1000) / 1000,
      },
      headline: `${r1cs.nConstraints.toLocaleString('en-US')} constraints, ${publicInputs} public inputs + ${publicOutputs} output, ptau 2^${manifest.ceremony.ptauPower}`,
    };
  },
};
