/**
 * The ledger store a CLI command uses, on the database VOUCH_DATABASE_URL selects (as the hook's,
 * src/hook/open-hook-stores.ts): unset, the embedded SQLite file of the data dir; `postgres://…`,
 * the shared PostgreSQL database the service uses. Anything else is DATABASE_URL_INVALID, and the
 * URL never appears in an error.
 */
import type { DatabaseHandle } from '../../db/client.js';
import { isPostgresUrl, openPostgres } from '../../db/pg-client.js';
import { VouchError } from '../../errors/index.js';
import type { LedgerStore } from './ledger-store.js';
import { PgLedgerStore } from './pg-ledger-store.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';

export interface OpenedLedgerStore {
  store: LedgerStore;
  close(): Promise<void>;
}

export async function openLedgerStore(o: {
  /** Default: process.env.VOUCH_DATABASE_URL. */
  databaseUrl?: string | undefined;
  /** Opens the SQLite file (only called when no URL is set). */
  sqlite: () => DatabaseHandle;
}): Promise<OpenedLedgerStore> {
  const url = o.databaseUrl ?? process.env.VOUCH_DATABASE_URL;
  if (url !== undefined && url !== '') {
    if (!isPostgresUrl(url))
      throw new VouchError(
        'DATABASE_URL_INVALID',
        'VOUCH_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file)',
      );
    const h = await openPostgres(url, { maxConnections: 2 });
    return { store: new PgLedgerStore(h.db), close: () => h.close() };
  }
  const h = o.sqlite();
  return {
    store: new SqliteLedgerStore(h.db),
    close: async () => h.close(),
  };
}
