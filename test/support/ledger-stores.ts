/**
 * The ledger store on either database, with raw table counts, so the ledger's behaviour tests run
 * on SQLite and on PostgreSQL alike (describe.each over LEDGER_STORES).
 */
import { openDatabase } from '../../src/db/client.js';
import type { LedgerFillRow } from '../../src/db/schema/ledger.js';
import { SqliteLedgerStore, type LedgerStore } from '../../src/reporting/ledger/index.js';
import { PgLedgerStore } from '../../src/reporting/ledger/pg-ledger-store.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { freshPgSchema } from './pg.js';

export const LEDGER_STORES = ['sqlite', 'postgres'] as const;
export type LedgerStoreKind = (typeof LEDGER_STORES)[number];

export interface LedgerWorld {
  store: LedgerStore;
  /** One more store on the same database (another process's connection pool; PostgreSQL only). */
  another?(): Promise<LedgerStore>;
  /** Rows in `table` (of `tenant`, when given). */
  count(table: 'ledger_fills' | 'ledger_imports', tenant?: string): Promise<number>;
  /** The tenant's stored fill rows in insertion order. */
  rows(tenant: string): Promise<LedgerFillRow[]>;
  close(): Promise<void>;
}

export async function ledgerWorld(kind: LedgerStoreKind): Promise<LedgerWorld> {
  if (kind === 'sqlite') {
    const h = openDatabase({ path: ':memory:' });
    return {
      store: new SqliteLedgerStore(h.db),
      async count(table, tenant) {
        const where = tenant === undefined ? '' : ' WHERE tenant = ?';
        const r = h.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}${where}`).get(...(tenant ? [tenant] : [])) as {
          n: number;
        };
        return r.n;
      },
      async rows(tenant) {
        return [...(await collect(new SqliteLedgerStore(h.db).readRows(tenant)))].sort((a, b) => a.id - b.id);
      },
      async close() {
        h.close();
      },
    };
  }
  const s = await freshPgSchema('ledger');
  const handles: PostgresHandle[] = [await s.open()];
  const h = handles[0]!;
  return {
    store: new PgLedgerStore(h.db),
    async another() {
      const more = await s.open();
      handles.push(more);
      return new PgLedgerStore(more.db);
    },
    async count(table, tenant) {
      const where = tenant === undefined ? '' : ' WHERE tenant = $1';
      const r = await h.pool.query(`SELECT COUNT(*)::int AS n FROM ${table}${where}`, tenant ? [tenant] : []);
      return r.rows[0].n as number;
    },
    async rows(tenant) {
      return (await collect(new PgLedgerStore(h.db).readRows(tenant))).sort((a, b) => a.id - b.id);
    },
    async close() {
      await Promise.all(handles.map((x) => x.close()));
      await s.drop();
    },
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
