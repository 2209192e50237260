/**
 * The transparency log on either store behind one async face, so the log's behaviour tests run
 * on SQLite and on PostgreSQL alike (describe.each over STORES).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import {
  ed25519Signer,
  TransparencyLog,
  type AppendedEntry,
  type ConsistencyProof,
  type InclusionProof,
  type LogEntry,
  type LogEntryInput,
  type LogEntryKind,
  type SignedCheckpoint,
} from '../../src/log/index.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { freshPgSchema } from './pg.js';

export const STORES = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

export interface AnyLog {
  appendEntries(entries: readonly LogEntryInput[]): Promise<AppendedEntry[]>;
  appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): Promise<AppendedEntry>;
  size(): Promise<number>;
  rootHash(size?: number): Promise<Uint8Array>;
  inclusionProof(i: number, size?: number): Promise<InclusionProof>;
  consistencyProof(from: number, to?: number): Promise<ConsistencyProof>;
  entry(i: number): Promise<LogEntry>;
  checkpoint(): Promise<SignedCheckpoint>;
  verifierKey(): string;
}

export interface LogWorld {
  /** Opens one more handle on the same database (another "writer"). */
  open(): Promise<AnyLog>;
  close(): Promise<void>;
}

const SEED = new Uint8Array(32).fill(7);

export async function logWorld(kind: StoreKind): Promise<LogWorld> {
  const signer = ed25519Signer('vouch.test/log', SEED);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-logstore-'));
    const handles: { close(): void }[] = [];
    return {
      async open() {
        const h = openDatabase({ path: join(dir, 'vouch.sqlite') });
        handles.push(h);
        const log = TransparencyLog.open({ db: h.db, signer });
        const lift =
          <A extends unknown[], R>(f: (...a: A) => R) =>
          async (...a: A): Promise<R> =>
            f(...a);
        return {
          appendEntries: lift((e: readonly LogEntryInput[]) => log.appendEntries(e)),
          appendEntry: lift((k: LogEntryKind, p: Record<string, unknown>) => log.appendEntry(k, p)),
          size: lift(() => log.size()),
          rootHash: lift((n?: number) => log.rootHash(n)),
          inclusionProof: lift((i: number, n?: number) => log.inclusionProof(i, n)),
          consistencyProof: lift((m: number, n?: number) => log.consistencyProof(m, n)),
          entry: lift((i: number) => log.entry(i)),
          checkpoint: lift(() => log.checkpoint()),
          verifierKey: () => log.verifierKey(),
        };
      },
      async close() {
        for (const h of handles) h.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const s = await freshPgSchema('log');
  const handles: PostgresHandle[] = [];
  return {
    async open() {
      const h = await s.open();
      handles.push(h);
      return new PostgresTransparencyLog({ db: h.db, signer });
    },
    async close() {
      await Promise.all(handles.map((h) => h.close()));
      await s.drop();
    },
  };
}
