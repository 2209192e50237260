/**
 * evm: gas of the on-chain gate in an in-process EVM (ethereumjs, Prague rules; solc 0.8.28,
 * optimizer 200 runs), with real proofs for EVM-targeted trades: admit, admitBatch at N = 1, 4,
 * 16, 64 (per proof), a replay, deployment — against snarkjs's exported verifier
 * (`snarkjs.zKey.exportSolidityVerifier`) compiled and measured in the same run on the same proof.
 * Execution gas is what the EVM ran; transaction gas adds 21,000 and calldata (EIP-7623 floor
 * included). Every measured call must succeed (the replay must revert NullifierReplayed).
 *
 * Rows: admit, and admitBatch N=16 per proof, each as a ratio to the transaction gas of snarkjs's
 * bare verifyProof on the same proof (gas is machine-independent, so the absolute gas goals stay
 * binding beside the ratios).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { encodeFunctionData, type Abi, type Hex } from 'viem';
import { admitBatchCalldata, admitCalldata } from '../../src/evm/calldata.js';
import { compileContracts } from '../../src/evm/compile-contracts.js';
import { ensureArtifacts } from '../../src/zk/index.js';
import { ACCOUNTS, EvmChain } from '../../test/support/evm-chain.js';
import { compiledGate } from '../../test/evm/support/gate-fixture.js';
import { makeEvmProofWorld, type EvmProof } from '../../test/evm/support/evm-proofs.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const ADMIT_GOAL = 260_000n;
const BATCH16_GOAL = 120_000n;
/** Ratio goals against snarkjs's bare verifyProof: admit adds the gate's checks and one nullifier
 * store to one verification; a batch of 16 shares one pairing check, so it must cost well under one. */
const ADMIT_GOAL_RATIO = 1.3;
const BATCH16_GOAL_RATIO = 0.6;
const require = createRequire(import.meta.url);

export const evmSuite: Suite = {
  name: 'evm',
  rows: ['evm-admit', 'evm-batch16'],
  async run(ctx) {
    const sizes = ctx.quick ? [1, 4] : [1, 4, 16, 64];
    const w = await makeEvmProofWorld();
    const holder = await w.world.holder();
    const proofs: EvmProof[] = [];
    const max = Math.max(...sizes);
    for (let i = 0; i < max; i++) {
      proofs.push(await w.prove(holder));
      process.stderr.write(`\rproving for the gate ${i + 1}/${max}`);
    }
    process.stderr.write('\n');
    const root = (await w.world.registry()).root;

    const rows: Record<string, string | number>[] = [];
    const row = (what: string, exec: bigint, tx: bigint, n = 1) => {
      rows.push({
        measured: what,
        executionGas: Number(exec),
        txGas: Number(tx),
        txGasPerProof: Number(tx / BigInt(n)),
      });
      return tx / BigInt(n);
    };

    // deployment and one admit, then its replay
    const gateCode = compiledGate()['VouchGate.sol:VouchGate']!;
    const g = await w.freshGate({ root });
    const deployed = await (
      await EvmChain.create()
    ).deploy({
      abi: gateCode.abi as Abi,
      bytecode: gateCode.bytecode,
      args: [ACCOUNTS.admin, ACCOUNTS.updater, `0x${'00'.repeat(20)}`, 600n],
    });
    row('VouchGate deployment', deployed.executionGas, deployed.txGas);
    const first = await g.raw(admitCalldata(proofs[0]!.args));
    if (!first.ok) throw new Error(`admit refused an honest proof: ${first.error?.name}`);
    const admitTx = row('admit (one trade, all checks)', first.executionGas, first.txGas);
    const replay = await g.raw(admitCalldata(proofs[0]!.args));
    if (replay.error?.name !== 'NullifierReplayed') throw new Error('the replay was not refused as NullifierReplayed');
    row('admit replayed (reverts NullifierReplayed)', replay.executionGas, replay.txGas);

    let batch16: bigint | undefined;
    for (const n of sizes) {
      const b = await w.freshGate({ root });
      const r = await b.raw(admitBatchCalldata(proofs.slice(0, n).map((p) => p.args)));
      if (!r.ok) throw new Error(`admitBatch(${n}) refused honest proofs: ${r.error?.name}`);
      const per = row(`admitBatch N=${n}`, r.executionGas, r.txGas, n);
      if (n === 16) batch16 = per;
    }

    // the gate's bare verifier (all 7 signals, no gate checks), and snarkjs's, on the same proof
    const s = proofs[0]!.file;
    const bare = await g.raw(
      encodeFunctionData({
        abi: gateCode.abi as Abi,
        functionName: 'verifyProof',
        args: [proofs[0]!.args.proof.pi, s.publicSignals.map(BigInt)],
      }),
    );
    if (!bare.ok) throw new Error('verifyProof failed');
    row('VouchVerifier.verifyProof (bare, 7 signals)', bare.executionGas, bare.txGas);
    const theirs = await snarkjsVerifier(s.proof as never, s.publicSignals);
    row('snarkjs verifier deployment', theirs.deploy.executionGas, theirs.deploy.txGas);
    row('snarkjs verifier verifyProof (bare, 7 signals)', theirs.verify.executionGas, theirs.verify.txGas);

    const base = theirs.verify.txGas;
    const baseline = { what: 'snarkjs exported verifier, verifyProof tx gas', value: Number(base), unit: 'gas' };
    const workload = `real proofs for EVM-targeted trades; batches of ${sizes.join(', ')} into fresh gates; ethereumjs EVM ${'10.1.3'} (Prague), solc 0.8.28 optimizer 200 runs; snarkjs's verifier compiled and called on the same proof`;
    const out = [
      ratioRow({
        name: 'evm-admit',
        ours: { what: 'VouchGate.admit, one trade, all checks, tx gas', value: Number(admitTx), unit: 'gas' },
        baseline,
        ratio: Number(admitTx) / Number(base),
        ratioIs: 'our tx gas / snarkjs verifyProof tx gas',
        goal: {
          op: '<=',
          ratio: ADMIT_GOAL_RATIO,
          also: { text: `<= ${ADMIT_GOAL.toLocaleString('en-US')} gas`, met: admitTx <= ADMIT_GOAL },
        },
        workload,
        extra: { rows },
        details: rows,
      }),
    ];
    if (batch16 !== undefined) {
      out.push(
        ratioRow({
          name: 'evm-batch16',
          ours: { what: 'VouchGate.admitBatch N=16, tx gas per proof', value: Number(batch16), unit: 'gas' },
          baseline,
          ratio: Number(batch16) / Number(base),
          ratioIs: 'our tx gas per proof / snarkjs verifyProof tx gas',
          goal: {
            op: '<=',
            ratio: BATCH16_GOAL_RATIO,
            also: { text: `<= ${BATCH16_GOAL.toLocaleString('en-US')} gas/proof`, met: batch16 <= BATCH16_GOAL },
          },
          workload,
        }),
      );
    }
    return out;
  },
};

async function snarkjsVerifier(proof: { pi_a: string[]; pi_b: string[][]; pi_c: string[] }, publicSignals: string[]) {
  const { files } = await ensureArtifacts({ build: false });
  const template = readFileSync(
    join(dirname(require.resolve('snarkjs')), '..', 'templates', 'verifier_groth16.sol.ejs'),
    'utf8',
  );
  const source = await (
    snarkjs as unknown as { zKey: { exportSolidityVerifier(z: string, t: Record<string, string>): Promise<string> } }
  ).zKey.exportSolidityVerifier(files.zkey, { groth16: template });
  const c = compileContracts({ sources: { 'Groth16Verifier.sol': source } })['Groth16Verifier.sol:Groth16Verifier']!;
  const chain = await EvmChain.create();
  const deploy = await chain.deploy({ abi: c.abi as Abi, bytecode: c.bytecode });
  const data = encodeFunctionData({
    abi: c.abi as Abi,
    functionName: 'verifyProof',
    args: [
      proof.pi_a.slice(0, 2).map(BigInt),
      [
        [proof.pi_b[0]![1], proof.pi_b[0]![0]],
        [proof.pi_b[1]![1], proof.pi_b[1]![0]],
      ].map((r) => r.map((x) => BigInt(x!))),
      proof.pi_c.slice(0, 2).map(BigInt),
      publicSignals.map(BigInt),
    ],
  });
  const verify = await chain.call({ to: deploy.address as Hex, data });
  if (!verify.ok || BigInt(verify.returnData) !== 1n) throw new Error('snarkjs verifier refused the honest proof');
  return { deploy, verify };
}
