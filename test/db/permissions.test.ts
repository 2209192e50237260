/**
 * Issue 19, finding 10: `./data` was 0755 and `vouch.sqlite` 0644, so any local user could read
 * key hashes, sealed keys and ledgers. The data dir must be 0700 and the database files 0600.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('data dir and database file permissions', () => {
  it('creates the data dir 0700 and the database, WAL and shared-memory files 0600, whatever the umask', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'vouch-perm-')), 'data');
    const previous = process.umask(0o022);
    try {
      const h = openDatabase({ path: databasePath(dataDir) });
      h.sqlite.exec('CREATE TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1);'); // forces -wal and -shm into being
      expect(mode(dataDir)).toBe(0o700);
      for (const f of ['vouch.sqlite', 'vouch.sqlite-wal', 'vouch.sqlite-shm'])
        expect(mode(join(dataDir, f)), f).toBe(0o600);
      h.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a data dir and database made by an earlier version (0755 and 0644)', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'vouch-perm-')), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(databasePath(dataDir), '');
    chmodSync(databasePath(dataDir), 0o644);
    const h = openDatabase({ path: databasePath(dataDir) });
    await createApiKey(h.db, { role: 'admin', tenant: 'acme' });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(databasePath(dataDir))).toBe(0o600);
    h.close();
  });

  it('never loosens or tightens a shared sticky directory such as /tmp', () => {
    const shared = mkdtempSync(join(tmpdir(), 'vouch-perm-'));
    chmodSync(shared, 0o1777);
    const h = openDatabase({ path: join(shared, 'vouch.sqlite') });
    expect(statSync(shared).mode & 0o1777).toBe(0o1777);
    expect(mode(join(shared, 'vouch.sqlite'))).toBe(0o600);
    h.close();
  });
});
