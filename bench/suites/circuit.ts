/**
 * circuit: the policy circuit's size, from the artifact manifest and read back from the r1cs file
 * itself (the two must agree). Machine-independent: the baseline is the budget, 2^14 = 16,384
 * constraints (a ptau of power 14, and a prover whose FFTs stay at that domain size).
 */
import * as snarkjs from 'snarkjs';
import { ensureArtifacts } from '../../src/zk/index.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const MAX_CONSTRAINTS = 16_384;

export const circuit: Suite = {
  name: 'circuit',
  rows: ['circuit'],
  async run() {
    const { manifest, files } = await ensureArtifacts({ progress: true });
    const r1cs = await snarkjs.r1cs.info(files.r1cs);
    if (r1cs.nConstraints !== manifest.constraints)
      throw new Error(`manifest says ${manifest.constraints} constraints, the r1cs has ${r1cs.nConstraints}`);
    const publicInputs = r1cs.nPubInputs;
    const publicOutputs = r1cs.nOutputs;
    // Groth16's evaluation domain holds the constraints plus one per public signal and the constant
    const domain = 2 ** manifest.ceremony.ptauPower;
    const domainUse = (r1cs.nConstraints + publicInputs + publicOutputs + 1) / domain;
    return [
      ratioRow({
        name: 'circuit',
        ours: { what: 'constraints, full feature set', value: r1cs.nConstraints, unit: 'constraints' },
        baseline: { what: 'budget: 2^14 domain', value: MAX_CONSTRAINTS, unit: 'constraints' },
        ratio: r1cs.nConstraints / MAX_CONSTRAINTS,
        ratioIs: 'our constraints / budget',
        goal: { op: '<=', ratio: 1 },
        workload: `circuits/policy.circom as built (${manifest.ceremony.kind} ceremony), counted from ${files.r1cs.split('/').pop()}`,
        extra: {
          wires: r1cs.nVars,
          publicInputs,
          publicOutputs,
          privateInputs: r1cs.nPrvInputs,
          ptauPower: manifest.ceremony.ptauPower,
          domainUse: Math.round(domainUse * 1000) / 1000,
        },
      }),
    ];
  },
};
