/**
 * The directory a ceremony step writes (init's ceremony, finalize's release). Checked before any
 * work, filled in a sibling work directory, and moved into place only when everything is written:
 * a failed step leaves nothing half-made. Existing files are replaced only with `force`, and then
 * only the step's own files: nothing else in the directory is touched.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { VouchError } from '../../errors/index.js';

/** Its parent exists; it is absent, or an empty directory, or (with `force`) any directory. */
export function assertOutputDir(out: string, force: boolean): void {
  const parent = dirname(resolve(out));
  try {
    if (!statSync(parent).isDirectory()) throw new Error('not a directory');
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot write ${out}: its parent directory does not exist`, {
      cause,
      details: { path: out },
    });
  }
  let entries: string[];
  try {
    if (!statSync(out).isDirectory())
      throw new VouchError('FILE_UNREADABLE', `cannot write into ${out}: it is not a directory`, {
        details: { path: out },
      });
    entries = readdirSync(out);
  } catch (err) {
    if (err instanceof VouchError) throw err;
    return; // absent: it will be made
  }
  if (entries.length > 0 && !force)
    throw new VouchError('CONFLICT', `${out} already holds files (use --force to overwrite them)`, {
      details: { path: out },
    });
}

/** A fresh work directory beside `out` (same filesystem, so the final moves are renames). */
export function workDirFor(out: string): string {
  const work = join(dirname(resolve(out)), `.${basename(resolve(out))}.tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  return work;
}

/** Moves every entry of `work` into `out` (made if absent), replacing same-named entries; removes `work`. */
export function moveInto(work: string, out: string): void {
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(work)) {
    rmSync(join(out, name), { recursive: true, force: true });
    renameSync(join(work, name), join(out, name));
  }
  rmSync(work, { recursive: true, force: true });
}
