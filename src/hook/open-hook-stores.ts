/**
 * The stores an embedded hook needs, on the database VOUCH_DATABASE_URL selects:
 *
 *   const stores = await openHookStores({ dataDir: './data', venue: 'v1', logSigner })
 *   const hook = await createComplianceHook({ ...stores.hookOptions, policies, registry, signer })
 *
 * Unset: the embedded SQLite file in `dataDir` (the default; one machine). `postgres://…`: the
 * shared PostgreSQL database — nullifiers, decisions, sessions and the log shared by every process
 * that opens it, its tables in VOUCH_DATABASE_SCHEMA when set (postgresSelection reads both, as
 * `vouch serve` and the CLI do). Anything else fails here, at start-up, with DATABASE_URL_INVALID
 * (a bad schema: DATABASE_SCHEMA_INVALID); a server that
 * does not answer with DATABASE_UNAVAILABLE. The URL never appears in an error.
 *
 * The PostgreSQL modules (and through them the `pg` driver) are imported only on the PostgreSQL
 * branch: a SQLite venue never loads `pg` (test/package/entry-points.test.ts holds vouch/hook to it).
 */
import { databasePath, openDatabase } from '../db/client.js';
import { postgresSelection } from '../db/database-env.js';
import { type NoteSigner, TransparencyLog } from '../log/index.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import type { ComplianceHookOptions } from './create-hook.js';
import { SqliteNullifierStore } from './nullifier-store.js';
import { decisionRecorder } from './record-decisions.js';

export interface OpenHookStoresOptions {
  /** Default: process.env.VOUCH_DATABASE_URL. */
  databaseUrl?: string;
  /** Where the SQLite file lives when no URL is given (default ./data). */
  dataDir?: string;
  venue?: string;
  /** The log's checkpoint key (only checkpoints need it). */
  logSigner?: NoteSigner | (() => NoteSigner);
  /** PostgreSQL schema. Default: process.env.VOUCH_DATABASE_SCHEMA, else the server's search_path. */
  schema?: string;
  maxConnections?: number;
}

export interface HookStores {
  dialect: 'sqlite' | 'postgres';
  /** Spread into createComplianceHook's options. */
  hookOptions: Pick<ComplianceHookOptions, 'store' | 'onDecision'> & { sessions?: ComplianceHookOptions['sessions'] };
  log: TransparencyLog | PostgresTransparencyLog;
  /** Writes the open rejection digest and closes the database. */
  close(): Promise<void>;
}

/** Opens the hook's stores on the configured database: PostgreSQL when a URL is given (or VOUCH_DATABASE_URL is set), SQLite otherwise. */
export async function openHookStores(o: OpenHookStoresOptions = {}): Promise<HookStores> {
  const selected = postgresSelection(process.env, { url: o.databaseUrl, schema: o.schema });
  if (selected) {
    const [
      { openPostgres },
      { PostgresTransparencyLog },
      { postgresDecisionRecorder },
      { PostgresNullifierStore },
      { PostgresSessionStore },
    ] = await Promise.all([
      import('../db/pg-client.js'),
      import('../log/pg-transparency-log.js'),
      import('./pg-record-decisions.js'),
      import('./pg-nullifier-store.js'),
      import('./pg-session-store.js'),
    ]);
    const h = await openPostgres(selected.url, {
      ...(selected.schema !== undefined ? { schema: selected.schema } : {}),
      ...(o.maxConnections ? { maxConnections: o.maxConnections } : {}),
    });
    const log = new PostgresTransparencyLog({ db: h.db, ...(o.logSigner ? { signer: o.logSigner } : {}) });
    const venue = o.venue !== undefined ? { venue: o.venue } : {};
    const recorder = postgresDecisionRecorder({ db: h.db, log, ...venue });
    return {
      dialect: 'postgres',
      hookOptions: {
        store: new PostgresNullifierStore({ db: h.db, log, ...venue }),
        onDecision: recorder,
        sessions: { store: new PostgresSessionStore(h.db) },
      },
      log,
      close: async () => {
        await recorder.close().catch(() => {});
        await h.close();
      },
    };
  }
  const h = openDatabase({ path: databasePath(o.dataDir ?? './data') });
  const log = TransparencyLog.open({ db: h.db, ...(o.logSigner ? { signer: o.logSigner } : {}) });
  const recorder = decisionRecorder({ db: h.db, log, ...(o.venue !== undefined ? { venue: o.venue } : {}) });
  return {
    dialect: 'sqlite',
    hookOptions: { store: new SqliteNullifierStore(h.db), onDecision: recorder },
    log,
    close: async () => {
      recorder.close();
      h.close();
    },
  };
}
