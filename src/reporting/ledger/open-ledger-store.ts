/**
 * The ledger store a CLI command uses, on the database VOUCH_DATABASE_URL selects (as the hook's,
 * src/hook/open-hook-stores.ts): unset, the embedded SQLite file of the data dir; `postgres://…`,
 * the shared PostgreSQL database the service uses, in VOUCH_DATABASE_SCHEMA when set (read by
 * postgresSelection, as every entry does). Anything else is DATABASE_URL_INVALID (or
 * DATABASE_SCHEMA_INVALID), and the URL never appears in an error.
 */
import type { DatabaseHandle } from '../../db/client.js';
import { postgresSelection } from '../../db/database-env.js';
import { openPostgres } from '../../db/pg-client.js';
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
  /** Default: process.env.VOUCH_DATABASE_SCHEMA. */
  schema?: string | undefined;
  /** Opens the SQLite file (only called when no URL is set). */
  sqlite: () => DatabaseHandle;
}): Promise<OpenedLedgerStore> {
  const selected = postgresSelection(process.env, { url: o.databaseUrl, schema: o.schema });
  if (selected) {
    const h = await openPostgres(selected.url, {
      maxConnections: 2,
      ...(selected.schema !== undefined ? { schema: selected.schema } : {}),
    });
    return { store: new PgLedgerStore(h.db), close: () => h.close() };
  }
  const h = o.sqlite();
  return {
    store: new SqliteLedgerStore(h.db),
    close: async () => h.close(),
  };
}
