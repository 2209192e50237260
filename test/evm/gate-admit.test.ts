/**
 * The gate with real proofs: a proof the off-chain hook admits for an EVM-targeted trade is
 * admitted on-chain (with the event a receipt carries); replays, in one call and inside a batch;
 * batched admission all-or-nothing; a revoked credential once its root is replaced; a proof for
 * another gate; tampered proofs. Every refusal leaves storage unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { admitBatchCalldata, admitCalldata, type AdmitArgs } from '../../src/evm/calldata.js';
import { revokeCredential } from '../../src/credentials/index.js';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { T0, type Holder } from '../support/hook-world.js';
import { makeEvmProofWorld, type EvmProof, type EvmProofWorld } from './support/evm-proofs.js';
import type { GateWorld } from './support/gate-fixture.js';

let w: EvmProofWorld;
let alice: Holder;
let bob: Holder;
let single: EvmProof;
let batch: EvmProof[];
let bobs: EvmProof;
let otherGate: EvmProof;
/** The issuer-set root every proof here was made against (bob's revocation replaces it midway). */
let root0: bigint;

beforeAll(async () => {
  w = await makeEvmProofWorld();
  alice = await w.world.holder();
  bob = await w.world.holder();
  single = await w.prove(alice);
  batch = [];
  for (let i = 0; i < 4; i++) batch.push(await w.prove(alice));
  bobs = await w.prove(bob);
  otherGate = await w.prove(alice, { venue: `evm:${BigInt(1)}:0x${'11'.repeat(20)}` });
  root0 = (await w.world.registry()).root;
});
afterAll(() => releaseCurves());

async function refused(g: GateWorld, data: Hex, error: string, args?: unknown[]) {
  const before = g.chain.state();
  const r = await g.raw(data);
  expect(r.ok).toBe(false);
  expect(r.error?.name ?? r.returnData).toBe(error);
  if (args) expect(r.error?.args).toEqual(args);
  expect(g.chain.state()).toBe(before);
}

const selector = (name: string) =>
  import('viem').then(({ toFunctionSelector }) => toFunctionSelector(`${name}()`).slice(0, 10));
const tamperA = (a: AdmitArgs, from: AdmitArgs): AdmitArgs => ({
  ...a,
  proof: {
    ...a.proof,
    pi: [from.proof.pi[0], from.proof.pi[1], ...a.proof.pi.slice(2)] as unknown as AdmitArgs['proof']['pi'],
  },
});

describe('admit', () => {
  it('admits on-chain what the off-chain hook admits for an EVM-targeted trade, and emits what its receipt carries', async () => {
    const hook = await createComplianceHook({
      policies: [w.policy],
      registry: await w.world.registry(),
      store: new MemoryNullifierStore(),
      signer: await ephemeralReceiptSigner('evm-test'),
      clock: () => T0,
      venue: w.venue,
      allowDevArtifacts: true,
    });
    const d = await hook.check(single.trade, single.file);
    expect(d).toMatchObject({ allowed: true });

    const g = await w.freshGate({ root: root0 });
    const r = await g.raw(admitCalldata(single.args));
    expect(r.error?.name).toBeUndefined();
    expect(r.ok).toBe(true);
    const s = single.file.publicSignals;
    expect(BigInt(r.returnData)).toBe(BigInt(s[4]!));
    expect(r.logs).toEqual([
      {
        eventName: 'Admitted',
        args: {
          nullifier: BigInt(s[0]!),
          policyId: w.policy.policyId,
          tradeHash: BigInt(s[4]!),
          issuerSetRoot: BigInt(s[1]!),
          provedAt: BigInt(s[2]!),
          tradeValue: BigInt(s[5]!),
        },
      },
    ]);
    expect(BigInt((d as { nullifier: string }).nullifier)).toBe(BigInt(s[0]!));
    expect(await g.view<boolean>('nullifierSpent', [BigInt(s[0]!)])).toBe(true);
    // a replay
    await refused(g, admitCalldata(single.args), 'NullifierReplayed');
  });

  it('refuses a proof made for another gate, and tampered proofs', async () => {
    const g = await w.freshGate({ root: root0 });
    await refused(g, admitCalldata({ trade: single.args.trade, proof: otherGate.args.proof }), 'TradeMismatch');
    await refused(g, admitCalldata(tamperA(single.args, batch[0]!.args)), 'ProofInvalid');
    const pi = single.args.proof.pi;
    await refused(
      g,
      admitCalldata({
        ...single.args,
        proof: { ...single.args.proof, pi: [pi[0], pi[1], pi[3], pi[2], pi[5], pi[4], pi[6], pi[7]] },
      }),
      'PointInvalid',
    );
    await refused(
      g,
      admitCalldata({ ...single.args, proof: { ...single.args.proof, nullifier: single.args.proof.nullifier + 1n } }),
      'ProofInvalid',
    );
    await refused(
      g,
      admitCalldata({ ...single.args, trade: { ...single.args.trade, size: single.args.trade.size + 1n } }),
      'TradeMismatch',
    );
  });

  it('refuses a revoked credential once the issuer set’s root is replaced and its grace has passed', async () => {
    const before = root0;
    const g = await w.freshGate({ rootGraceSeconds: 10n, root: before });
    await revokeCredential(w.world.ctx, { credentialId: bob.credential.id, reason: 'test', actor: 'ops' });
    const after = (await w.world.registry()).root;
    expect(after).not.toBe(before);
    await g.send('postRoot', [after], '0x3000000000000000000000000000000000000003');
    g.chain.timestamp += 10n;
    await refused(g, admitCalldata(bobs.args), 'IssuerSetStale');
    await expect(
      proveTrade({
        holder: bob,
        credential: bob.credential,
        policy: w.policy,
        members: (await w.world.registry()).members,
        trade: bobs.trade,
      }),
    ).rejects.toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    // alice's proofs against the old root are still inside the grace period on a lenient gate
    const lenient = await w.freshGate({ rootGraceSeconds: 600n, root: before });
    await lenient.send('postRoot', [after], '0x3000000000000000000000000000000000000003');
    expect((await lenient.raw(admitCalldata(batch[0]!.args))).ok).toBe(true);
  });
});

describe('admitBatch', () => {
  it('admits a batch with one multi-pairing and spends every nullifier', async () => {
    const g = await w.freshGate({ root: root0 });
    const r = await g.raw(admitBatchCalldata(batch.map((b) => b.args)));
    expect(r.error?.name).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.logs.map((l) => l.eventName)).toEqual(['Admitted', 'Admitted', 'Admitted', 'Admitted']);
    for (const b of batch)
      expect(await g.view<boolean>('nullifierSpent', [BigInt(b.file.publicSignals[0]!)])).toBe(true);
    // two replays in one batch: the first already-spent item is named
    await refused(g, admitBatchCalldata([batch[2]!.args, batch[3]!.args]), 'BatchItemRejected', [
      0n,
      await selector('NullifierReplayed'),
    ]);
  });

  it('refuses a batch that replays a proof inside itself, naming the second copy', async () => {
    const g = await w.freshGate({ root: root0 });
    await refused(g, admitBatchCalldata([batch[0]!.args, batch[1]!.args, batch[0]!.args]), 'BatchItemRejected', [
      2n,
      await selector('NullifierReplayed'),
    ]);
  });

  it('refuses the whole batch when one proof is false, and names per-item refusals by index', async () => {
    const g = await w.freshGate({ root: root0 });
    const items = batch.map((b) => b.args);
    await refused(g, admitBatchCalldata([items[0]!, tamperA(items[1]!, items[2]!), items[2]!]), 'ProofInvalid');
    await refused(
      g,
      admitBatchCalldata([items[0]!, { ...items[1]!, proof: otherGate.args.proof }]),
      'BatchItemRejected',
      [1n, await selector('TradeMismatch')],
    );
    const pi = items[3]!.proof.pi;
    await refused(
      g,
      admitBatchCalldata([
        items[0]!,
        { ...items[3]!, proof: { ...items[3]!.proof, pi: [pi[0], pi[1], pi[3], pi[2], pi[5], pi[4], pi[6], pi[7]] } },
      ]),
      'PointInvalid',
    );
    await refused(
      g,
      admitBatchCalldata([
        items[0]!,
        {
          ...items[3]!,
          proof: { ...items[3]!.proof, pi: [pi[0], pi[1] + 1n, ...pi.slice(2)] as unknown as AdmitArgs['proof']['pi'] },
        },
      ]),
      'BatchItemRejected',
      [1n, await selector('PointInvalid')],
    );
    // and the honest ones still go through together afterwards
    expect((await g.raw(admitBatchCalldata(items))).ok).toBe(true);
  });
});
