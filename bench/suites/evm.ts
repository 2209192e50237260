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
 * binding beside the ratios). evm-accountable-admit: VouchAccountableGate.admit with a real proof of
 * the accountable circuit (escrow + a monthly cap; the period's first trade, and a trade moving a
 * held running total), against snarkjs's verifier exported from the accountable zkey on the same
 * proof (17 signals).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { encodeFunctionData, type Abi, type Hex } from 'viem';
import { accountableAdmitCalldata } from '../../src/evm/accountable-calldata.js';
import { admitBatchCalldata, admitCalldata } from '../../src/evm/calldata.js';
import { compileContracts } from '../../src/evm/compile-contracts.js';
import { LimitWallet } from '../../src/prover/index.js';
import { ensureArtifacts, type CircuitName } from '../../src/zk/index.js';
import { ACCOUNTS, EvmChain } from '../../test/support/evm-chain.js';
import { compiledGate } from '../../test/evm/support/gate-fixture.js';
import { makeEvmProofWorld, type EvmProof } from '../../test/evm/support/evm-proofs.js';
import { compiledAccountableGate } from '../../test/evm/support/accountable-gate-fixture.js';
import { makeAccountableProofWorld } from '../../test/evm/support/accountable-proofs.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const ADMIT_GOAL = 260_000n;
const BATCH16_GOAL = 120_000n;
/** Ratio goals against snarkjs's bare verifyProof: admit adds the gate's checks and one nullifier
 * store to one verification; a batch of 16 shares one pairing check, so it must cost well under one. */
const ADMIT_GOAL_RATIO = 1.3;
const BATCH16_GOAL_RATIO = 0.6;
/** The accountable admit adds escrow and running-total checks and one more storage write to one
 * verification of 17 signals: held to the same ratio as the base admit against its own baseline. */
const ACCOUNTABLE_GOAL_RATIO = 1.3;
const require = createRequire(import.meta.url);

export const evmSuite: Suite = {
  name: 'evm',
  rows: ['evm-admit', 'evm-batch16', 'evm-accountable-admit'],
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
    out.push(await accountableRow(row, rows));
    return out;
  },
};

/** VouchAccountableGate: deployment, the period's first admit, an admit moving a held total, a replay, bare verifiers. */
async function accountableRow(
  row: (what: string, exec: bigint, tx: bigint, n?: number) => bigint,
  rows: Record<string, string | number>[],
) {
  const w = await makeAccountableProofWorld();
  const holder = await w.world.holder();
  const wallet = new LimitWallet(holder.secret);
  process.stderr.write('proving for the accountable gate 1/2\n');
  const first = await w.prove(holder, wallet);
  const g = await w.freshGate();
  const code = compiledAccountableGate()['VouchAccountableGate.sol:VouchAccountableGate']!;
  const deployed = await (
    await EvmChain.create()
  ).deploy({
    abi: code.abi as Abi,
    bytecode: code.bytecode,
    args: [ACCOUNTS.admin, ACCOUNTS.updater, `0x${'00'.repeat(20)}`, 600n],
  });
  row('VouchAccountableGate deployment', deployed.executionGas, deployed.txGas);
  const r1 = await g.raw(accountableAdmitCalldata(first.args));
  if (!r1.ok) throw new Error(`the accountable gate refused an honest proof: ${r1.error?.name}`);
  const firstTx = row('accountable admit (escrow + cap, first trade of the period)', r1.executionGas, r1.txGas);
  const moved = r1.logs.find((l) => l.eventName === 'LimitMoved')!.args as Record<string, bigint>;
  wallet.accept({
    allowed: true,
    tradeHash: String(moved.tradeHash),
    limit: {
      periodScope: String(moved.periodScope),
      periodNullifier: String(moved.periodNullifier),
      oldCommitment: String(moved.oldCommitment),
      newCommitment: String(moved.newCommitment),
      tradeValue: String(moved.tradeValue),
    },
  });
  process.stderr.write('proving for the accountable gate 2/2\n');
  const second = await w.prove(holder, wallet);
  const r2 = await g.raw(accountableAdmitCalldata(second.args));
  if (!r2.ok) throw new Error(`the accountable gate refused the second honest proof: ${r2.error?.name}`);
  row('accountable admit (escrow + cap, running total moved)', r2.executionGas, r2.txGas);
  const replay = await g.raw(accountableAdmitCalldata(first.args));
  if (replay.error?.name !== 'NullifierReplayed') throw new Error('the accountable replay was not refused');
  row('accountable admit replayed (reverts NullifierReplayed)', replay.executionGas, replay.txGas);
  const bare = await g.raw(
    encodeFunctionData({
      abi: code.abi as Abi,
      functionName: 'verifyProof',
      args: [first.args.proof.pi, first.file.publicSignals.map(BigInt)],
    }),
  );
  if (!bare.ok || BigInt(bare.returnData) !== 1n) throw new Error('VouchAccountableVerifier.verifyProof failed');
  row('VouchAccountableVerifier.verifyProof (bare, 17 signals)', bare.executionGas, bare.txGas);
  const theirs = await snarkjsVerifier(first.file.proof as never, first.file.publicSignals, 'policy-accountable');
  row('snarkjs verifier verifyProof (bare, 17 signals)', theirs.verify.executionGas, theirs.verify.txGas);
  const base = theirs.verify.txGas;
  return ratioRow({
    name: 'evm-accountable-admit',
    ours: {
      what: 'VouchAccountableGate.admit, escrow + monthly cap, first trade of the period, tx gas',
      value: Number(firstTx),
      unit: 'gas',
    },
    baseline: {
      what: 'snarkjs exported verifier (accountable key), verifyProof tx gas',
      value: Number(base),
      unit: 'gas',
    },
    ratio: Number(firstTx) / Number(base),
    ratioIs: 'our tx gas / snarkjs verifyProof tx gas (17 signals)',
    goal: { op: '<=', ratio: ACCOUNTABLE_GOAL_RATIO },
    workload:
      'real proofs of the accountable circuit (escrow to a 3-of-5 committee key, calendar-month cap) for EVM-targeted trades; ethereumjs EVM 10.1.3 (Prague), solc 0.8.28 optimizer 200 runs; snarkjs verifier from the accountable zkey on the same proof',
    extra: { rows },
  });
}

async function snarkjsVerifier(
  proof: { pi_a: string[]; pi_b: string[][]; pi_c: string[] },
  publicSignals: string[],
  circuit: CircuitName = 'policy',
) {
  const { files } = await ensureArtifacts({ build: false, circuit });
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
