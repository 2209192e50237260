/**
 * `npm run example:onchain`: a private venue settles trades on an EVM chain through VouchGate.
 * Everything runs offline in an in-process EVM (ethereumjs, Prague rules): the gate is compiled
 * from contracts/ with a verifier generated from the current verifying key, deployed with the
 * example PrivateVenueSettlement contract as its only caller; an issuer credentials a holder; the
 * holder proves for a trade targeted at the gate (`vouch prove --target evm:<chainId>:<gate>`);
 * the off-chain hook and the chain both admit it; a replay and a tampered proof are refused.
 */
import { encodeFunctionData, getContractAddress, type Abi, type Hex } from 'viem';
import {
  admitArgs,
  compileContracts,
  gateErrorCode,
  gateSources,
  committedVerifyingKey,
  vouchGateAbi,
} from '../../src/evm/index.js';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import { evmVenue } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { ACCOUNTS, EvmChain } from '../../test/support/evm-chain.js';
import { makeWorld, spotPolicy, T0 } from '../../test/support/hook-world.js';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const vkey = committedVerifyingKey();
  say(
    'compiling VouchGate, the generated verifier and PrivateVenueSettlement (solc 0.8.28; cached after the first run)...',
  );
  const c = compileContracts({ sources: gateSources(vkey, { examples: true }).sources });
  const gateCode = c['VouchGate.sol:VouchGate']!;
  const venueCode = c['examples/PrivateVenueSettlement.sol:PrivateVenueSettlement']!;

  const chain = await EvmChain.create();
  chain.timestamp = BigInt(T0);
  // the gate admits only calls from the settlement contract, deployed right after it
  const settlementAt = getContractAddress({ from: ACCOUNTS.deployer, nonce: 1n });
  const gate = await chain.deploy({
    abi: gateCode.abi as Abi,
    bytecode: gateCode.bytecode,
    args: [ACCOUNTS.admin, ACCOUNTS.updater, settlementAt, 600n],
  });
  const settlement = await chain.deploy({
    abi: venueCode.abi as Abi,
    bytecode: venueCode.bytecode,
    args: [gate.address, ACCOUNTS.admin],
  });
  if (settlement.address.toLowerCase() !== settlementAt.toLowerCase())
    throw new Error('the settlement contract is not where the gate expects it');
  say(`gate ${gate.address} (deployment ${gate.txGas} gas), settlement ${settlement.address}`);

  // the issuer side and the venue's registry, as off-chain
  const world = await makeWorld();
  const holder = await world.holder();
  const registry = await world.registry();
  const policy = spotPolicy();
  const send = (to: Hex, abi: Abi, functionName: string, args: readonly unknown[], from: Hex) =>
    chain.call({
      to,
      data: encodeFunctionData({ abi, functionName, args }),
      from,
      abi: [...vouchGateAbi, ...(venueCode.abi as Abi)] as Abi,
    });
  await send(gate.address, vouchGateAbi as Abi, 'postRoot', [registry.root], ACCOUNTS.updater);
  await send(
    gate.address,
    vouchGateAbi as Abi,
    'setPolicy',
    [policy.policyId, policy.policyHash, policy.maxClockSkewSeconds],
    ACCOUNTS.admin,
  );
  say(`updater posted issuer-set root ${registry.root.toString().slice(0, 12)}…; admin enforces ${policy.ref}`);

  // the holder proves for a trade executed through this gate
  const venue = evmVenue({ chainId: chain.chainId, gate: gate.address });
  const trade = {
    venue,
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.5',
    price: '60000',
    nonce: '5e'.repeat(32),
    time: T0,
  };
  say(`holder proves ${policy.ref} for a trade at ${venue} (a few seconds)...`);
  const proof = await proveTrade({ holder, credential: holder.credential, policy, members: registry.members, trade });

  const hook = await createComplianceHook({
    policies: [policy],
    registry,
    store: new MemoryNullifierStore(),
    signer: await ephemeralReceiptSigner('example'),
    clock: () => T0,
    venue,
    allowDevArtifacts: true,
  });
  say(`off-chain hook: ${(await hook.check(trade, proof)).allowed ? 'admitted' : 'refused'}`);

  const a = admitArgs({ proofFile: proof, trade, vkey });
  const settle = (args: typeof a) =>
    send(
      settlement.address,
      venueCode.abi as Abi,
      'settle',
      [args.trade, args.proof, ACCOUNTS.stranger],
      ACCOUNTS.admin,
    );
  const r = await settle(a);
  say(
    `on-chain settle: ${r.ok ? `settled (${r.txGas} gas), events ${r.logs.map((l) => l.eventName).join(', ')}` : `refused ${r.error?.name}`}`,
  );
  const again = await settle(a);
  say(
    `replayed: ${again.ok ? 'settled (!)' : `refused ${again.error?.name} = ${gateErrorCode(again.error?.name ?? '')?.code}`}`,
  );
  const bigger = { ...a, trade: { ...a.trade, size: a.trade.size * 10n } };
  const t = await settle(bigger);
  say(
    `same proof, ten times the size: ${t.ok ? 'settled (!)' : `refused ${t.error?.name} = ${gateErrorCode(t.error?.name ?? '')?.code}`}`,
  );
  const direct = await chain.call({
    to: gate.address,
    data: encodeFunctionData({ abi: vouchGateAbi, functionName: 'admit', args: [a.trade, a.proof] }),
    from: ACCOUNTS.stranger,
    abi: vouchGateAbi as Abi,
  });
  say(`someone calling the gate directly: ${direct.ok ? 'admitted (!)' : `refused ${direct.error?.name}`}`);
  if (!r.ok || again.ok || t.ok || direct.ok) process.exitCode = 1;
}

await main().finally(() => releaseCurves());
