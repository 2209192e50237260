/**
 * `vouch keys create|list|revoke`: API keys in the data dir's database, or in PostgreSQL when
 * VOUCH_DATABASE_URL is set (what `vouch serve` then reads). A new key is printed once.
 * `vouch keys rotate-service-key`: a new service signing key; the old ones stay published.
 */
import { Option, type Command } from 'commander';
import {
  createApiKey,
  listApiKeys,
  resolveKek,
  revokeApiKey,
  rotateServiceKey,
  ROLES,
  SqliteApiKeyStore,
  type ApiKeyInfo,
  type ApiKeyStore,
} from '../../auth/index.js';
import { PostgresApiKeyStore } from '../../auth/pg-api-key-store.js';
import { openPostgresFromEnv } from '../../credentials/open-store.js';
import { emit, globalOptions, type GlobalOptions, type Registrar } from '../context.js';
import { openStateDatabase, requireDataDir, type StateAccess } from '../state.js';

export const registerKeys: Registrar = (program) => {
  const keys = program
    .command('keys')
    .description('manage API keys (roles: admin, issuer, institution, venue, auditor, operator)');

  keys
    .command('create')
    .description('create an API key for a role in a tenant; the key is printed once and cannot be recovered')
    .addOption(new Option('--role <role>', 'role the key carries').choices(ROLES).makeOptionMandatory())
    .requiredOption('--tenant <tenant>', 'tenant the key belongs to (a-z, 0-9, ".", "_", "-")')
    .option('--label <label>', 'a note to recognise the key by (shown in listings)')
    .action(async (o: { role: string; tenant: string; label?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      await withDb(opts, { create: true }, async (h) => {
        const k = await createApiKey(h, { role: o.role, tenant: o.tenant, ...(o.label ? { label: o.label } : {}) });
        emit(
          opts,
          { id: k.id, key: k.key, role: k.role, tenant: k.tenant },
          [
            'API key created. It is shown only now: store it in a secret manager.',
            '',
            `  ${k.key}`,
            '',
            `id ${k.id}  role ${k.role}  tenant ${k.tenant}`,
            `use: Authorization: Bearer <key>`,
          ].join('\n'),
        );
      });
    });

  keys
    .command('list')
    .description('list API keys (ids, roles, tenants; never the keys)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--active', 'hide revoked keys')
    .action(async (o: { tenant?: string; active?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      await withDb(opts, {}, async (h) => {
        const list = (
          await listApiKeys(h, { ...(o.tenant ? { tenant: o.tenant } : {}), includeRevoked: !o.active })
        ).map(view);
        const rows = list.map((k) => [
          k.id,
          k.tenant,
          k.role,
          k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
          k.createdAt,
          k.label ?? '',
        ]);
        emit(
          opts,
          { keys: list },
          list.length === 0 ? 'no API keys' : table([['ID', 'TENANT', 'ROLE', 'STATUS', 'CREATED', 'LABEL'], ...rows]),
        );
      });
    });

  keys
    .command('revoke')
    .description('revoke an API key (takes effect at once, also in a running server)')
    .argument('<id>', 'key id (the 16 hex characters after "vk_")')
    .option('--tenant <tenant>', 'refuse unless the key belongs to this tenant')
    .action(async (id: string, o: { tenant?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      await withDb(opts, {}, async (h) => {
        const k = view(await revokeApiKey(h, id, o.tenant ? { tenant: o.tenant } : {}));
        emit(opts, k, `revoked ${k.id} (${k.role}, tenant ${k.tenant}) at ${k.revokedAt}`);
      });
    });

  keys
    .command('rotate-service-key')
    .description(
      "sign the service's receipts and report bundles with a new key from now on; the old public keys stay in /.well-known/jwks.json (restart a running `vouch serve`)",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      requireDataDir(opts);
      const r = await rotateServiceKey({
        dataDir: opts.dataDir,
        kek: resolveKek({ dataDir: opts.dataDir, envValue: process.env.VOUCH_KEK }),
      });
      emit(
        opts,
        r,
        [
          `service signing key rotated: new kid ${r.kid} (replaces ${r.previousKid} as the signer)`,
          `published: ${r.published.length} keys, so receipts and bundles signed before keep verifying`,
          'restart a running `vouch serve` to sign with the new key',
        ].join('\n'),
      );
    });
};

/** The key store `vouch serve` reads: PostgreSQL when VOUCH_DATABASE_URL is set (its VOUCH_DATABASE_SCHEMA too), else the data dir's SQLite file. */
async function withDb<T>(opts: GlobalOptions, access: StateAccess, fn: (h: ApiKeyStore) => T | Promise<T>): Promise<T> {
  const pg = await openPostgresFromEnv({ maxConnections: 2 });
  if (pg) {
    try {
      return await fn(new PostgresApiKeyStore(pg.db));
    } finally {
      await pg.close();
    }
  }
  const h = openStateDatabase(opts, access);
  try {
    return await fn(new SqliteApiKeyStore(h.db));
  } finally {
    h.close();
  }
}

function view(k: ApiKeyInfo) {
  return {
    ...k,
    createdAt: new Date(k.createdAt).toISOString(),
    revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
