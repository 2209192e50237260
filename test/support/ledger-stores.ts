/**
 * The ledger store on either database, with raw table counts, so the ledger's behaviour tests run
 * on SQLite and on PostgreSQL alike (describe.each over LEDGER_STORES).
 */
import { openDatabase } from '../../src/db/client.js';
import type { LedgerFillRow } from '../../src/db/schema/ledger.js';
import { SqliteLedgerStore, type LedgerStore } from '../../src/reporting/ledger/index.js';

export const LEDGER_STORES = ['sqlite'] as const;
export type LedgerStoreKind = (typeof LEDGER_STORES)[number];

export interface LedgerWorld {
  store: LedgerStore;
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
  throw new Error(`no ledger store ${String(kind)}`);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
