/** Opens the data dir's database and key-encryption key for a stateful command, and closes them. */
import { databasePath, openDatabase } from '../db/client.js';
import type { IssuerContext } from '../credentials/index.js';
import { systemClock } from '../credentials/index.js';
import { loadKek } from '../keys/kek.js';
import type { GlobalOptions } from './context.js';

export async function withIssuerContext<T>(opts: GlobalOptions, fn: (ctx: IssuerContext) => Promise<T> | T): Promise<T> {
  const handle = openDatabase({ path: databasePath(opts.dataDir) });
  try {
    return await fn({ db: handle.db, kek: loadKek(opts.dataDir), clock: systemClock });
  } finally {
    handle.close();
  }
}
