/** `vouch prove` (holder side, offline) and `vouch verify` (stateless check of a proof for a trade). */
import type { Command } from 'commander';
import {
  loadRegistryEscrowCommittee,
  loadRegistryFile,
  parseCredentialFile,
  parseHolderFile,
  systemClock,
} from '../../credentials/index.js';
import { checkStateless, createComplianceHook, ephemeralReceiptSigner, type ComplianceHook } from '../../hook/index.js';
import { evmVenue, isEvmVenue, loadPolicy, parseEvmVenue } from '../../policy/index.js';
import { parseProofFile, proveTrade } from '../../prover/index.js';
import {
  ACCOUNTABLE_PUBLIC_SIGNAL_BITS,
  ACCOUNTABLE_PUBLIC_SIGNAL_NAMES,
  parsePublicSignals,
  PUBLIC_SIGNAL_BITS,
  PUBLIC_SIGNAL_NAMES,
} from '../../zk/index.js';
import { TRADE_FILE_HELP } from '../file-formats.js';
import { emit, globalOptions, note, type Registrar } from '../context.js';
import { assertOutputPath, json, readJson, writeOutput } from '../files.js';
import { VouchError } from '../../errors/index.js';
import { runModeFromEnv } from '../../config/index.js';
import { readLimitWallet } from './wallet.js';

export const registerProve: Registrar = (program) => {
  program
    .command('prove')
    .description('prove, offline, that your credential satisfies a policy for one trade')
    .requiredOption('--holder <file>', 'holder.json (your secret; it stays on this machine)')
    .requiredOption('--credential <file>', 'credential.json')
    .requiredOption('--policy <file>', 'the venue’s policy document')
    .requiredOption('--trade <file>', 'trade.json')
    .requiredOption('--registry <file>', 'the venue’s registry.json')
    .requiredOption('--out <file>', 'where to write proof.json')
    .option(
      '--log-key <verifier-key>',
      'the venue’s transparency-log verifier key (a note key, not a file) to pin (default: $VOUCH_LOG_KEY, else the key the registry names)',
    )
    .option('--now <unix>', 'proof time (default: the trade’s time)')
    .option(
      '--target <evm:chainId:gate>',
      'prove for an on-chain VouchGate: sets the trade’s venue to evm:<chainId>:<gate address>',
    )
    .option(
      '--limit-wallet <file>',
      'a cumulative-limit policy: your limit wallet (`vouch wallet init`); read, never changed here — apply the venue’s receipt with `vouch wallet accept`',
    )
    .option('--force', 'overwrite --out')
    .addHelpText('after', TRADE_FILE_HELP)
    .action(
      async (
        o: {
          holder: string;
          limitWallet?: string;
          credential: string;
          policy: string;
          trade: string;
          registry: string;
          out: string;
          now?: string;
          target?: string;
          force?: boolean;
          logKey?: string;
        },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) }); // before seconds of proving
        const holder = parseHolderFile(readJson(o.holder));
        const wallet = o.limitWallet === undefined ? undefined : readLimitWallet(o.limitWallet, holder.secret);
        const credential = parseCredentialFile(readJson(o.credential));
        const policy = await loadPolicy(o.policy);
        const trade = withTarget(readJson(o.trade), o.target);
        const registryJson = readJson(o.registry);
        const registry = await loadRegistryFile(registryJson, {
          clock: systemClock,
          set: policy.issuerSet,
          ...logKey(o.logKey),
        });
        // an escrow-required policy: the ciphertext goes to the committee the registry publishes (logged)
        const committee = policy.escrow ? loadRegistryEscrowCommittee(registryJson, logKey(o.logKey)) : undefined;
        if (policy.escrow && !committee)
          throw new VouchError(
            'ESCROW_KEY_MISSING',
            `${policy.ref} requires identity escrow, and the registry publishes no escrow committee`,
          );
        if (policy.cumulativeLimit && !wallet)
          throw new VouchError(
            'LIMIT_STATE_MISSING',
            `${policy.ref} sets a cumulative limit: give your limit wallet with --limit-wallet FILE (\`vouch wallet init\` makes an empty one)`,
          );
        const now = o.now === undefined ? undefined : parseUnix(o.now);
        note(opts, `proving ${policy.ref} for this trade (a few seconds)...`);
        const started = Date.now();
        const proof = await proveTrade({
          holder,
          credential,
          policy,
          members: registry.members,
          trade,
          ...(now === undefined ? {} : { now }),
          ...(committee ? { escrowKey: committee.publicKey } : {}),
          ...(wallet && policy.cumulativeLimit ? { wallet } : {}),
        });
        writeOutput(o.out, json(proof), { overwrite: Boolean(o.force) });
        const limit = policy.cumulativeLimit ? limitSignals(proof.publicSignals) : undefined;
        emit(
          opts,
          {
            out: o.out,
            policy: policy.ref,
            nullifier: proof.publicSignals[0],
            ms: Date.now() - started,
            ...(limit ? { limit } : {}),
          },
          `proof written to ${o.out} (${Date.now() - started} ms)${limit ? `; the wallet moves once the venue's receipt is applied (vouch wallet accept)` : ''}`,
        );
      },
    );

  program
    .command('verify')
    .description(
      'check a proof for a trade against a policy and registry, as a venue would (stateless: no replay memory)',
    )
    .requiredOption('--policy <file>', 'policy document')
    .requiredOption('--trade <file>', 'trade.json')
    .requiredOption('--proof <file>', 'proof.json')
    .requiredOption('--registry <file>', 'registry.json')
    .option('--now <unix>', 'verifier clock (default: now)')
    .option(
      '--dev',
      "development mode (env VOUCH_ENV=development): accept the dev ceremony's key, under which anyone can forge proofs",
    )
    .option(
      '--log-key <verifier-key>',
      'the transparency-log verifier key (a note key, not a file) to pin (default: $VOUCH_LOG_KEY, else the key the registry names)',
    )
    .option(
      '--prior-commitment <n>',
      'a cumulative-limit proof beyond its period’s first trade: the running-total commitment it extends, as the venue holds it (the previous admission’s receipt, limit.newCommitment)',
    )
    .addHelpText('after', TRADE_FILE_HELP)
    .action(
      async (
        o: {
          priorCommitment?: string;
          policy: string;
          trade: string;
          proof: string;
          registry: string;
          now?: string;
          dev?: boolean;
          logKey?: string;
        },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        const policy = await loadPolicy(o.policy);
        const now = o.now === undefined ? systemClock() : parseUnix(o.now);
        // read every file before loading the verifier: a bad file fails in milliseconds; the proof's
        // own shape and signal ranges (SIGNAL_OUT_OF_RANGE) are checked before any registry is trusted
        const trade = readJson(o.trade);
        const proof = readJson(o.proof);
        const shaped = proofShape(proof);
        if (shaped) {
          const accountable = policy.circuitName === 'policy-accountable';
          parsePublicSignals(
            shaped.publicSignals,
            accountable ? ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.length : PUBLIC_SIGNAL_NAMES.length,
            accountable ? ACCOUNTABLE_PUBLIC_SIGNAL_BITS : PUBLIC_SIGNAL_BITS,
          );
        }
        const registryJson = readJson(o.registry);
        const registry = await loadRegistryFile(registryJson, {
          clock: () => now,
          set: policy.issuerSet,
          ...logKey(o.logKey),
        });
        const committee = policy.escrow ? loadRegistryEscrowCommittee(registryJson, logKey(o.logKey)) : undefined;
        if (o.dev || runModeFromEnv() === 'development')
          note(opts, "development mode: a proof under the dev ceremony's key proves nothing (anyone can forge one)");
        let hook: ComplianceHook | undefined;
        const d = await checkStateless({
          policies: [policy],
          trade,
          proof,
          ...(o.priorCommitment === undefined ? {} : { priorCommitment: o.priorCommitment }),
          // dev artifacts are refused (DEV_ARTIFACTS_REFUSED) unless --dev or VOUCH_ENV=development
          hook: async (store) =>
            (hook = await createComplianceHook({
              policies: [policy],
              registry,
              store,
              signer: await ephemeralReceiptSigner('vouch-cli'),
              clock: () => now,
              ...(committee ? { escrowCommittee: committee } : {}),
              ...(o.dev ? { allowDevArtifacts: true } : {}),
            })),
        });
        await hook?.close();
        const { receipt: _receipt, ...decision } = d;
        if (!d.allowed) throw new VouchError(d.code, d.reason, { details: { decision } });
        emit(
          opts,
          decision,
          `admitted under ${policy.ref} (nullifier ${d.nullifier.slice(0, 16)}…)${d.limitCheck ? `\n${d.limitCheck.meaning}` : ''}`,
        );
      },
    );
};

/** The proof's running-total step (public signals), for the holder to match with the venue's receipt. */
function limitSignals(signals: readonly string[]): {
  periodNullifier: string;
  oldCommitment: string;
  newCommitment: string;
} {
  const at = (n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) =>
    signals[ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf(n)]!;
  return {
    periodNullifier: at('periodNullifier'),
    oldCommitment: at('oldCommitment'),
    newCommitment: at('newCommitment'),
  };
}

/** `--target evm:<chainId>:<gate>`: the trade is executed through that gate (src/policy/EVM_TRADE_ENCODING.md). */
function withTarget(trade: unknown, target: string | undefined): unknown {
  if (target === undefined) return trade;
  if (!isEvmVenue(target)) throw new VouchError('USAGE', '--target must be evm:<chainId>:<gate address>');
  const venue = evmVenue(parseEvmVenue(target));
  if (trade === null || typeof trade !== 'object' || Array.isArray(trade)) return trade; // parseTrade says why
  return { ...(trade as Record<string, unknown>), venue };
}

/** The proof file when it is well formed (a malformed one is reported by the hook, in its order). */
function proofShape(proof: unknown): ReturnType<typeof parseProofFile> | undefined {
  try {
    return parseProofFile(proof);
  } catch {
    return undefined;
  }
}

/** The pinned log key: the option, else VOUCH_LOG_KEY, else none (the file's own key is used). */
function logKey(option: string | undefined): { logKey?: string } {
  const key = option ?? process.env.VOUCH_LOG_KEY?.trim();
  return key ? { logKey: key } : {};
}

function parseUnix(v: string): number {
  if (!/^[0-9]{1,12}$/.test(v)) throw new VouchError('USAGE', '--now must be unix seconds');
  return Number(v);
}
