/**
 * API keys on PostgreSQL, shared by every service process on the database. Each method is one
 * statement (autocommit, READ COMMITTED): an insert is refused by the primary key if its id were
 * ever drawn twice; a revocation is one conditional UPDATE (`WHERE revoked_at IS NULL`), so of two
 * concurrent revocations the first time is kept and neither is lost. The authenticator re-reads the
 * row on every request, so a revocation through any process holds at once everywhere.
 */
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { apiKeys } from '../db/schema-pg/auth.js';
import type { ApiKeyRow, NewApiKeyRow } from '../db/schema.js';
import type { ApiKeyStore, ListKeyRowsOptions } from './api-key-store.js';

export class PostgresApiKeyStore implements ApiKeyStore {
  readonly dialect = 'postgres';
  constructor(private readonly db: VouchPgDb) {}

  insert(row: NewApiKeyRow): Promise<void> {
    return guarded(async () => {
      await this.db.insert(apiKeys).values(row);
    });
  }

  get(id: string): Promise<ApiKeyRow | undefined> {
    return guarded(async () => (await this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1))[0]);
  }

  list(options: ListKeyRowsOptions): Promise<ApiKeyRow[]> {
    const where: SQL[] = [];
    if (options.tenant !== undefined) where.push(eq(apiKeys.tenant, options.tenant));
    if (options.includeRevoked === false) where.push(isNull(apiKeys.revokedAt));
    return guarded(() =>
      this.db
        .select()
        .from(apiKeys)
        .where(and(...where))
        .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)),
    );
  }

  revoke(id: string, at: number): Promise<void> {
    return guarded(async () => {
      await this.db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
    });
  }
}
