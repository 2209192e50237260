// Opens the built vouch/hook's stores as a venue does (openHookStores: SQLite, or PostgreSQL when
// VOUCH_DATABASE_URL is set), claims nothing, and closes them. Run under list-packages.mjs, which
// records the packages this loaded: a SQLite hook must not load `pg`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'vouch-hook-stores-'));
try {
  const { openHookStores } = await import(new URL('../../../dist/entry/hook.js', import.meta.url).href);
  const stores = await openHookStores({ dataDir, venue: 'v1', schema: process.env.HOOK_STORES_SCHEMA });
  if (stores.dialect !== (process.env.VOUCH_DATABASE_URL ? 'postgres' : 'sqlite')) throw new Error(stores.dialect);
  await stores.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
