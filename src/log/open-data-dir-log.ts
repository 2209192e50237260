/**
 * The log of a data dir: its SQLite database and its checkpoint key (loaded on first checkpoint).
 * What the CLI and the service shell call; close() when done.
 */
import { databasePath, openDatabase, type DatabaseHandle } from '../db/client.js';
import { loadOrCreateLogSigner } from './log-key.js';
import { TransparencyLog } from './transparency-log.js';

export interface DataDirLog {
  log: TransparencyLog;
  /** The database the log is in, for a caller that reads or writes beside the log (closed by close()). */
  db: DatabaseHandle['db'];
  close(): void;
}

export function openDataDirLog(options: { dataDir: string }): DataDirLog {
  const handle = openDatabase({ path: databasePath(options.dataDir) });
  const log = TransparencyLog.open({
    db: handle.db,
    signer: () => loadOrCreateLogSigner({ dataDir: options.dataDir }),
  });
  return { log, db: handle.db, close: () => handle.close() };
}
