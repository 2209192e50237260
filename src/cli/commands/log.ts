/**
 * `vouch log …`: the transparency log: the data dir's SQLite log, or with VOUCH_DATABASE_URL the
 * PostgreSQL log `vouch serve` serves (withCliLog). Thin shell over src/log: read a file, call one
 * function, print JSON (hashes in standard base64) or text.
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { VouchError } from '../../errors/index.js';
import {
  consistencyProofToJson,
  encodeBase64,
  inclusionProofToJson,
  verifyAnyLogIntegrity,
  type AnyTransparencyLog,
} from '../../log/index.js';
import { emit, globalOptions, type GlobalOptions, type Registrar } from '../context.js';
import { readJson, readTextFile } from '../files.js';
import { withCliLog, type StateAccess } from '../state.js';

export const registerLog: Registrar = (program) => {
  const log = program
    .command('log')
    .description('transparency log: append entries, roots, inclusion/consistency proofs, signed checkpoints');

  log
    .command('append')
    .description(
      'append one entry: a JSON file {"kind": "hook-decision"|"rejection-digest"|"status-snapshot"|"report-commitment", "payload": {…}}',
    )
    .requiredOption('--entry-file <file>', 'the entry JSON ("-" reads stdin)')
    .action((o: { entryFile: string }, cmd: Command) => {
      const entry = readJsonFile(o.entryFile) as { kind?: unknown; payload?: unknown } | null;
      return withLog(cmd, { create: true }, async (opts, l) => {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
          throw new VouchError('LOG_ENTRY_INVALID', 'entry file must hold a JSON object {kind, payload}');
        }
        const a = (await l.appendEntries([{ kind: entry.kind as never, payload: entry.payload as never }]))[0]!;
        emit(
          opts,
          { index: a.index, leafHash: encodeBase64(a.leafHash), size: a.index + 1 },
          `appended entry ${a.index}`,
        );
      });
    });

  log
    .command('root')
    .description('current tree size and root hash')
    .action((_o: unknown, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const size = await l.size();
        const rootHash = encodeBase64(await l.rootHash(size));
        emit(opts, { size, rootHash }, `size ${size}\nroot ${rootHash}`);
      }),
    );

  log
    .command('checkpoint')
    .description('sign and print a checkpoint of the current tree (C2SP signed note)')
    .action((_o: unknown, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const cp = await l.checkpoint();
        emit(
          opts,
          { checkpoint: cp.note, origin: cp.origin, size: cp.size, rootHash: encodeBase64(cp.rootHash) },
          cp.note,
        );
      }),
    );

  log
    .command('verify')
    .description(
      'integrity check of the stored log: every leaf hash recomputed from its entry, the root rebuilt from the leaves, and each published checkpoint (--checkpoint) signed and matching (run it after a restore)',
    )
    .option(
      '--checkpoint <file...>',
      'signed checkpoint(s) published earlier (`vouch log checkpoint` output): the log must still contain them',
    )
    .option(
      '--log-key <key>',
      'verifier key the checkpoints are signed under, or a file holding it (default: this data dir’s log key)',
    )
    .action((o: { checkpoint?: string[]; logKey?: string }, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        if (o.logKey !== undefined && !o.checkpoint?.length)
          throw new VouchError('USAGE', '--log-key checks published checkpoints: give them with --checkpoint');
        const checkpoints = (o.checkpoint ?? []).map((f) => readTextFile(f, 64 * 1024));
        const logKey =
          o.logKey !== undefined && existsSync(o.logKey) ? readTextFile(o.logKey, 64 * 1024).trim() : o.logKey;
        const r = await verifyAnyLogIntegrity(l, { checkpoints, ...(logKey !== undefined ? { logKey } : {}) });
        emit(
          opts,
          { ok: true, ...r },
          `log intact: ${r.size} entries, root ${r.rootHash}${r.checkpoints.length ? `; consistent with the checkpoint(s) at size ${r.checkpoints.join(', ')}` : ''}`,
        );
      }),
    );

  log
    .command('inclusion')
    .description('inclusion proof of the entry at --index in the tree of --size entries (default: current size)')
    .requiredOption('--index <i>', 'leaf index (0-based)', parseIndex)
    .option('--size <n>', 'tree size (default: current)', parseIndex)
    .action((o: { index: number; size?: number }, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const p = inclusionProofToJson(await l.inclusionProof(o.index, o.size));
        emit(opts, p, [`leaf ${p.leafIndex} of ${p.treeSize}`, `root ${p.rootHash}`, ...p.proof].join('\n'));
      }),
    );

  log
    .command('consistency')
    .description('consistency proof that the tree of --to entries extends the tree of --from entries')
    .requiredOption('--from <m>', 'older tree size (>= 1)', parseIndex)
    .option('--to <n>', 'newer tree size (default: current)', parseIndex)
    .action((o: { from: number; to?: number }, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const p = consistencyProofToJson(await l.consistencyProof(o.from, o.to));
        emit(
          opts,
          p,
          [`${p.fromSize} -> ${p.toSize}`, `old root ${p.fromRoot}`, `new root ${p.toRoot}`, ...p.proof].join('\n'),
        );
      }),
    );

  log
    .command('entry')
    .description('the entry at --index (kind, payload, leaf hash)')
    .requiredOption('--index <i>', 'leaf index (0-based)', parseIndex)
    .action((o: { index: number }, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const e = await l.entry(o.index);
        emit(opts, { index: e.index, kind: e.kind, payload: e.payload, leafHash: encodeBase64(e.leafHash) }, e.body);
      }),
    );

  log
    .command('verify-key')
    .description('the verifier key string auditors pin to check checkpoints (name+keyid+key)')
    .action((_o: unknown, cmd: Command) =>
      withLog(cmd, {}, async (opts, l) => {
        const s = l.signer();
        emit(
          opts,
          { verifierKey: s.verifierKey, origin: s.name, keyId: s.keyId.toString(16).padStart(8, '0') },
          s.verifierKey,
        );
      }),
    );
};

function withLog(
  cmd: Command,
  access: StateAccess,
  fn: (opts: GlobalOptions, log: AnyTransparencyLog) => Promise<void>,
): Promise<void> {
  const opts = globalOptions(cmd);
  return withCliLog(opts, (log) => fn(opts, log), access);
}

export function parseIndex(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** Reads and parses a JSON file ("-" = stdin); FILE_UNREADABLE / INPUT_INVALID name the file only. */
/** Kept for the audit commands: the CLI's one JSON reader (files.ts), "-" meaning stdin. */
export const readJsonFile = readJson;
