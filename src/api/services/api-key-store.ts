/** The service's API key store: PostgreSQL when `deps.pg` is set, else the SQLite database (one per deps). */
import { SqliteApiKeyStore, type ApiKeyStore } from '../../auth/index.js';
import { PostgresApiKeyStore } from '../../auth/pg-api-key-store.js';
import type { AppDeps } from '../deps.js';

const cache = new WeakMap<object, ApiKeyStore>();

export function apiKeysOf(deps: AppDeps): ApiKeyStore {
  let store = cache.get(deps.pg ?? deps.db);
  if (!store) {
    store = deps.pg ? new PostgresApiKeyStore(deps.pg.db) : new SqliteApiKeyStore(deps.db.db);
    cache.set(deps.pg ?? deps.db, store);
  }
  return store;
}
