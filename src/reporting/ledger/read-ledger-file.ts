/**
 * Reads a ledger file from disk: CSV is streamed (constant memory), JSON is read whole (its
 * grammar does not stream without a dependency), capped at MAX_JSON_BYTES.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { VouchError } from '../../errors/index.js';
import { readLedgerCsv, type LocatedFill, type ReadLedgerOptions } from './read-ledger-csv.js';
import { readLedgerJson } from './read-ledger-json.js';

export type LedgerFormat = 'csv' | 'json';

/** 512 MiB: well above a million JSON fills (~250 bytes each), below what V8 can parse in one string. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export interface ReadLedgerFileOptions extends ReadLedgerOptions {
  /** Default: by extension (.json is JSON, anything else CSV). */
  format?: LedgerFormat;
}

export function ledgerFormatOf(path: string, explicit?: string): LedgerFormat {
  if (explicit !== undefined) {
    if (explicit !== 'csv' && explicit !== 'json') throw new VouchError('USAGE', 'ledger format must be csv or json');
    return explicit;
  }
  return extname(path).toLowerCase() === '.json' ? 'json' : 'csv';
}

export async function* readLedgerFile(path: string, options: ReadLedgerFileOptions = {}): AsyncGenerator<LocatedFill> {
  const format = ledgerFormatOf(path, options.format);
  if (format === 'json') {
    yield* readLedgerJson(await readTextFile(path, MAX_JSON_BYTES), options);
    return;
  }
  await assertReadable(path);
  yield* readLedgerCsv(createReadStream(path, { highWaterMark: 1 << 20 }), options);
}

/** Reads a whole UTF-8 text file, refusing one larger than `limit` bytes. */
export async function readTextFile(path: string, limit: number): Promise<string> {
  const size = await assertReadable(path);
  if (size > limit)
    throw new VouchError('INPUT_TOO_LARGE', `the file is larger than ${limit} bytes`, { details: { limit } });
  // strict: invalid UTF-8 is refused, never turned into U+FFFD inside a report (names, ids)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (cause) {
    throw new VouchError('INPUT_INVALID', `${path} is not valid UTF-8`, { cause, details: { path } });
  }
}

async function assertReadable(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    return s.size;
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read ${path}`, { cause, details: { path } });
  }
}

/** SHA-256 (hex) of a file's bytes, streamed. */
export async function sha256File(path: string): Promise<string> {
  await assertReadable(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
