/**
 * The log of a data dir: its SQLite database and its checkpoint key (loaded on first checkpoint).
 * What the CLI and the service shell call; close() when done.
 */
import { databasePath, openDatabase } from '../db/client.js';
import { loadOrCreateLogSigner } from './log-key.js';
import { TransparencyLog } from './transparency-log.js';

export interface DataDirLog {
  log: TransparencyLog;
  close(): void;
}

export function openDataDirLog(options: { dataDir: string }): DataDirLog {
  const handle = openDatabase({ path: databasePath(options.dataDir) });
  const log = TransparencyLog.open({
    db: handle.db,
    signer: () => loadOrCreateLogSigner({ dataDir: options.dataDir }),
  });
  return { log, close: () => handle.close() };
}
