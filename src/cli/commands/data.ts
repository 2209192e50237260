/**
 * `vouch data backup|restore`: a consistent copy of a data dir, and putting one back.
 *
 * backup: the SQLite database through SQLite's online backup API (a consistent snapshot even while
 * `vouch serve` writes: WAL content included, no torn pages — copying vouch.sqlite with cp while it
 * runs is not), then every file under keys/ (sealed service, log and issuer keys; the generated
 * KEK when there is one), all 0600 in a 0700 directory, and backup.json listing each file's
 * SHA-256. A KEK supplied by VOUCH_KEK is never written to disk: the backup says it needs it.
 * restore: checks every file against backup.json, then copies them into a data dir that does not
 * exist yet (never over a live one). Run `vouch log verify --checkpoint …` afterwards.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { databasePath, openDatabase } from '../../db/client.js';
import { VouchError } from '../../errors/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { assertEmptyOutputDir, json, readJson, writeOutput } from '../files.js';
import { requireDataDir } from '../state.js';

const MANIFEST = 'backup.json';
const FORMAT = 'vouch-data-backup/1';

interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  /** Paths relative to the data dir, with their SHA-256 (hex). */
  files: { path: string; sha256: string }[];
  /** False when the KEK came from VOUCH_KEK: restoring needs that same value. */
  kekIncluded: boolean;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

export const registerData: Registrar = (program) => {
  const data = program.command('data').description('back up and restore a data dir (database, sealed keys, KEK)');

  data
    .command('backup')
    .description(
      'write a consistent copy of the data dir (safe while `vouch serve` runs): database snapshot, keys/, backup.json with SHA-256s',
    )
    .requiredOption(
      '--out <dir>',
      'backup directory to create (0700; holds sealed keys and, unless VOUCH_KEK is used, the KEK: store it like a secret)',
    )
    .option('--force', 'write into --out even if it already holds files')
    .action(async (o: { out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      requireDataDir(opts);
      assertEmptyOutputDir(o.out, Boolean(o.force));
      mkdirSync(o.out, { recursive: true, mode: 0o700 });
      chmodSync(o.out, 0o700);
      const dbFile = databasePath(opts.dataDir);
      if (!existsSync(dbFile))
        throw new VouchError('DATA_DIR_MISSING', `${opts.dataDir} holds no database`, {
          details: { path: opts.dataDir },
        });
      const handle = openDatabase({ path: dbFile });
      const dbCopy = join(o.out, relative(opts.dataDir, dbFile));
      try {
        await handle.sqlite.backup(dbCopy);
      } finally {
        handle.close();
      }
      chmodSync(dbCopy, 0o600);
      const copied = [dbCopy];
      for (const f of filesUnder(join(opts.dataDir, 'keys'))) {
        const target = join(o.out, relative(opts.dataDir, f));
        mkdirSync(join(target, '..'), { recursive: true, mode: 0o700 });
        copyFileSync(f, target);
        chmodSync(target, 0o600);
        copied.push(target);
      }
      const files = copied.map((f) => ({ path: relative(o.out, f), sha256: sha256(f) }));
      const kekIncluded = files.some((f) => f.path === join('keys', 'kek'));
      const manifest: BackupManifest = { format: FORMAT, createdAt: new Date().toISOString(), files, kekIncluded };
      writeOutput(join(o.out, MANIFEST), json(manifest), { overwrite: Boolean(o.force), mode: 0o600 });
      emit(
        opts,
        { out: o.out, ...manifest },
        `backup of ${opts.dataDir} written to ${o.out}: ${files.length} files${kekIncluded ? ' (including the generated KEK: keep the backup secret)' : ' (the KEK is not included: restoring needs the same VOUCH_KEK)'}`,
      );
    });

  data
    .command('restore')
    .description('check a backup against its backup.json and copy it into --data-dir, which must not exist yet')
    .requiredOption('--from <dir>', 'a directory written by `vouch data backup`')
    .action((o: { from: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const manifest = readJson(join(o.from, MANIFEST)) as Partial<BackupManifest> | null;
      if (!manifest || manifest.format !== FORMAT || !Array.isArray(manifest.files)) {
        throw new VouchError('INPUT_INVALID', `${join(o.from, MANIFEST)} is not a Vouch backup manifest`, {
          details: { path: join(o.from, MANIFEST) },
        });
      }
      for (const f of manifest.files) {
        const src = join(o.from, f.path);
        if (
          relative(o.from, src).startsWith('..') ||
          !existsSync(src) ||
          !statSync(src).isFile() ||
          sha256(src) !== f.sha256
        ) {
          throw new VouchError(
            'INPUT_INVALID',
            `backup file ${f.path} is missing or does not match its SHA-256 in backup.json`,
            { details: { path: f.path } },
          );
        }
      }
      if (existsSync(opts.dataDir)) {
        throw new VouchError(
          'CONFLICT',
          `${opts.dataDir} already exists: restore into a new data dir, then swap it in while the service is stopped`,
          { details: { path: opts.dataDir } },
        );
      }
      mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
      for (const f of manifest.files) {
        const target = join(opts.dataDir, f.path);
        mkdirSync(join(target, '..'), { recursive: true, mode: 0o700 });
        copyFileSync(join(o.from, f.path), target);
        chmodSync(target, 0o600);
      }
      emit(
        opts,
        { dataDir: opts.dataDir, files: manifest.files.length, kekIncluded: Boolean(manifest.kekIncluded) },
        `restored ${manifest.files.length} files into ${opts.dataDir}${manifest.kekIncluded ? '' : ' (set the same VOUCH_KEK as when it was backed up)'}; check it with \`vouch log verify --checkpoint <your last published checkpoint>\``,
      );
    });
};
