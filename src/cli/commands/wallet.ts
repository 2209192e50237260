/**
 * `vouch wallet …`: the holder's limit wallet for cumulative-limit policies, as a file beside
 * holder.json (same protection: plain JSON, 0600; like the holder secret it stays on the holder's
 * machine, and like it `vouch prove` reads it without a data dir). It holds, per period nullifier,
 * the opening of the running-total commitment the venue keeps.
 *
 *   init     an empty wallet (before a holder's first trade under a limit)
 *   accept   apply one admission, only once its receipt verifies against the venue's JWKS
 *   sync     rebuild the wallet from the venue's receipts (each verified), e.g. after losing it
 *
 * `vouch prove --limit-wallet` never changes the file: a proof is not an admission (the venue may
 * refuse it, or another trade may move the period first), so the wallet moves only when the
 * venue's signed receipt confirms the new commitment. Totals are never printed.
 */
import type { Command } from 'commander';
import { parseHolderFile } from '../../credentials/index.js';
import { VouchError } from '../../errors/index.js';
import { LimitWallet } from '../../prover/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { assertOutputPath, json, readJson, writeOutput } from '../files.js';
import { readJwksFile, readVerifiedReceipt } from '../receipt-files.js';

/** A wallet holds one small entry per period a holder traded in. */
const MAX_WALLET_BYTES = 4 * 1024 * 1024;

/** The holder's wallet file (LIMIT_STATE_INVALID when it is not one, or a period does not open). */
export function readLimitWallet(path: string, holderSecret: bigint): LimitWallet {
  const state = readJson(path, MAX_WALLET_BYTES);
  try {
    return new LimitWallet(holderSecret, state);
  } catch (err) {
    if (err instanceof VouchError)
      throw new VouchError(err.code, `${path}: ${err.message}`, { cause: err, details: { path } });
    throw err;
  }
}

/** Writes the wallet atomically, 0600 (it reveals the holder's totals). */
export function writeLimitWallet(path: string, wallet: LimitWallet, overwrite: boolean): void {
  writeOutput(path, json(wallet.toJSON()), { mode: 0o600, overwrite });
}

export const registerWallet: Registrar = (program) => {
  const wallet = program
    .command('wallet')
    .description(
      "the holder's limit wallet for cumulative-limit policies: its running totals, moved only by the venue's signed receipts",
    );

  wallet
    .command('init')
    .description('write an empty limit wallet (0600), for `vouch prove --limit-wallet`')
    .requiredOption('--out <file>', 'where to write the wallet (keep it with holder.json)')
    .option('--force', 'overwrite --out (an existing wallet’s totals are lost: rebuild one with `wallet sync`)')
    .action((o: { out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      writeOutput(o.out, json(new LimitWallet(0n).toJSON()), { mode: 0o600, overwrite: Boolean(o.force) });
      emit(opts, { out: o.out, periods: 0 }, `empty limit wallet written to ${o.out}`);
    });

  wallet
    .command('accept')
    .description(
      'apply one admission to the wallet, after checking its receipt against the venue’s JWKS (the file is rewritten in place)',
    )
    .requiredOption('--holder <file>', 'holder.json (the wallet’s salts derive from its secret)')
    .requiredOption('--limit-wallet <file>', 'the wallet (`wallet init`)')
    .requiredOption('--receipt <file>', 'the admission’s receipt (compact JWS) from the venue')
    .requiredOption('--jwks <file>', 'the venue’s JWKS (its /.well-known/jwks.json, saved to a file)')
    .action(async (o: { holder: string; limitWallet: string; receipt: string; jwks: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const holder = parseHolderFile(readJson(o.holder));
      const w = readLimitWallet(o.limitWallet, holder.secret);
      const jwks = readJwksFile(o.jwks);
      const { payload } = await readVerifiedReceipt(o.receipt, jwks);
      const l = payload.limit;
      if (payload.verdict !== 'admit' || !l)
        throw new VouchError(
          'LIMIT_STATE_INVALID',
          `${o.receipt} records no running-total step (a refusal, or a policy without a cumulative limit): nothing to apply`,
          { details: { path: o.receipt } },
        );
      const period = typeof l.periodNullifier === 'string' ? l.periodNullifier : '';
      const held = /^[0-9]{1,78}$/.test(period) ? w.current(BigInt(period)) : undefined;
      if (held && held.commitment.toString() === l.newCommitment) {
        emit(opts, { applied: false, periodNullifier: period }, `${o.receipt} is already in the wallet`);
        return;
      }
      if (!w.accept(payload))
        throw new VouchError(
          'LIMIT_STATE_INVALID',
          `${o.receipt} is not this wallet’s next step (another holder’s receipt, or the wallet is behind: rebuild it with \`vouch wallet sync\`)`,
          { details: { path: o.receipt } },
        );
      writeLimitWallet(o.limitWallet, w, true);
      emit(
        opts,
        { applied: true, periodNullifier: period, commitment: l.newCommitment },
        `wallet ${o.limitWallet} moved to the receipt’s commitment ${l.newCommitment.slice(0, 16)}…`,
      );
    });

  wallet
    .command('sync')
    .description(
      'rebuild the wallet from the venue’s receipts (each checked against its JWKS; any order; other holders’ are ignored)',
    )
    .requiredOption('--holder <file>', 'holder.json')
    .requiredOption('--jwks <file>', 'the venue’s JWKS (its /.well-known/jwks.json, saved to a file)')
    .requiredOption('--receipts <file...>', 'the receipts (compact JWS files) of the holder’s admissions')
    .requiredOption('--out <file>', 'where to write the rebuilt wallet (0600)')
    .option('--force', 'overwrite --out (e.g. the wallet being rebuilt)')
    .action(
      async (o: { holder: string; jwks: string; receipts: string[]; out: string; force?: boolean }, cmd: Command) => {
        const opts = globalOptions(cmd);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const holder = parseHolderFile(readJson(o.holder));
        const jwks = readJwksFile(o.jwks);
        const payloads = [];
        for (const r of o.receipts) payloads.push((await readVerifiedReceipt(r, jwks)).payload);
        const w = LimitWallet.rebuild(holder.secret, payloads);
        const periods = Object.keys(w.toJSON().periods).length;
        writeLimitWallet(o.out, w, Boolean(o.force));
        emit(
          opts,
          { out: o.out, periods, receipts: o.receipts.length },
          `wallet rebuilt from ${o.receipts.length} receipt(s) into ${o.out} (${periods} period(s))`,
        );
      },
    );
};
