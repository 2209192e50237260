/**
 * Where API keys live: one async face over the embedded SQLite table and the PostgreSQL one
 * (issue 14; PostgreSQL in pg-api-key-store.ts). Stores read and write rows only: generating keys,
 * hashing and validating stay in create-api-key.ts, the same for both dialects. A store never
 * returns the key itself (it never has it), and nothing outside auth/ sees `secretHash`.
 */
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { apiKeys, type ApiKeyRow, type NewApiKeyRow } from '../db/schema.js';

export interface ListKeyRowsOptions {
  tenant?: string;
  includeRevoked?: boolean;
}

export interface ApiKeyStore {
  readonly dialect: 'sqlite' | 'postgres';
  insert(row: NewApiKeyRow): Promise<void>;
  get(id: string): Promise<ApiKeyRow | undefined>;
  /** Oldest first (created_at, then id). */
  list(options: ListKeyRowsOptions): Promise<ApiKeyRow[]>;
  /** Sets revoked_at to `at` unless already revoked (the first revocation time is kept). */
  revoke(id: string, at: number): Promise<void>;
}

export class SqliteApiKeyStore implements ApiKeyStore {
  readonly dialect = 'sqlite';
  constructor(private readonly db: VouchDb) {}

  async insert(row: NewApiKeyRow): Promise<void> {
    this.db.insert(apiKeys).values(row).run();
  }

  async get(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  }

  async list(options: ListKeyRowsOptions): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(and(...filters(options)))
      .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
      .all();
  }

  async revoke(id: string, at: number): Promise<void> {
    this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run();
  }
}

function filters(options: ListKeyRowsOptions): SQL[] {
  const where: SQL[] = [];
  if (options.tenant !== undefined) where.push(eq(apiKeys.tenant, options.tenant));
  if (options.includeRevoked === false) where.push(isNull(apiKeys.revokedAt));
  return where;
}

/** A store as given, or the SQLite store over a drizzle SQLite database (what callers passed before issue 14). */
export function apiKeyStore(source: ApiKeyStore | VouchDb): ApiKeyStore {
  return isApiKeyStore(source) ? source : new SqliteApiKeyStore(source);
}

function isApiKeyStore(x: ApiKeyStore | VouchDb): x is ApiKeyStore {
  return typeof (x as Partial<ApiKeyStore>).revoke === 'function' && 'dialect' in x;
}
