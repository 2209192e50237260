/**
 * The persisted log: durability across reopen, atomic batches, two writers on one file, range
 * and entry validation, and the checkpoint key at rest (sealed under the KEK, in a 0600 file).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { VouchError } from '../../src/errors/index.js';
import { kekFrom, SEALED_FILE_FORMAT } from '../../src/keys/index.js';
import {
  MemoryMerkleTree,
  TransparencyLog,
  ed25519Signer,
  formatSignerKey,
  loadOrCreateLogSigner,
  logKeyPath,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/log/index.js';
import { openDataDirLog } from '../../src/log/open-data-dir-log.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

let dir: string;
const savedKek = process.env.VOUCH_KEK;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-log-'));
  delete process.env.VOUCH_KEK;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedKek !== undefined) process.env.VOUCH_KEK = savedKek;
});

const decision = (i: number) => ({
  kind: 'hook-decision' as const,
  payload: { decision: i % 2 ? 'allow' : 'reject', seq: i },
});

describe('persisted transparency log', () => {
  it('keeps entries, roots and proofs across close and reopen, and grows consistently', () => {
    const a = openDataDirLog({ dataDir: dir });
    a.log.appendEntries(Array.from({ length: 1000 }, (_, i) => decision(i)));
    const root1000 = a.log.rootHash();
    const cp1 = a.log.checkpoint();
    a.close();

    const b = openDataDirLog({ dataDir: dir });
    expect(b.log.size()).toBe(1000);
    expect(b.log.rootHash()).toEqual(root1000);
    expect(b.log.checkpoint().note).toBe(cp1.note); // same key, same tree, same signature
    expect(b.log.entry(999).payload).toEqual({ decision: 'allow', seq: 999 });
    const appended = b.log.appendEntry('status-snapshot', { root: 'abc' });
    expect(appended.index).toBe(1000);
    const cp2 = b.log.checkpoint();
    const c = b.log.consistencyProof(1000);
    expect(() => verifyConsistency(c)).not.toThrow();
    const v1 = verifyCheckpoint(cp1.note, b.log.verifierKey());
    const v2 = verifyCheckpoint(cp2.note, b.log.verifierKey());
    expect(() =>
      verifyConsistency({
        fromSize: v1.size,
        toSize: v2.size,
        fromRoot: v1.rootHash,
        toRoot: v2.rootHash,
        proof: c.proof,
      }),
    ).not.toThrow();
    expect(() => verifyInclusion(b.log.inclusionProof(appended.index))).not.toThrow();
    b.close();
  });

  it('writes a batch atomically: one invalid entry appends nothing', () => {
    const { log, close } = openDataDirLog({ dataDir: dir });
    log.appendEntry('hook-decision', { seq: 0 });
    const bad = [decision(1), { kind: 'hook-decision' as const, payload: { when: new Date() } }];
    expect(codeOf(() => log.appendEntries(bad as never))).toBe('LOG_ENTRY_INVALID');
    expect(log.size()).toBe(1);
    close();
  });

  it('serializes two writers on one database file without forking the tree', () => {
    const a = openDataDirLog({ dataDir: dir });
    const b = openDataDirLog({ dataDir: dir });
    for (let i = 0; i < 50; i++) {
      (i % 3 === 0 ? b : a).log.appendEntries([decision(i), decision(i + 100)]);
    }
    expect(a.log.size()).toBe(100);
    expect(b.log.rootHash()).toEqual(a.log.rootHash());
    for (let i = 0; i < 100; i += 7) expect(() => verifyInclusion(a.log.inclusionProof(i))).not.toThrow();
    a.close();
    b.close();
  });

  it('keeps one consistent tree when two processes append at the same time', async () => {
    const script = join(dir, 'writer.mts');
    const logModule = pathToFileURL(join(process.cwd(), 'src/log/open-data-dir-log.ts')).href;
    writeFileSync(
      script,
      `import { openDataDirLog } from ${JSON.stringify(logModule)};
const [dataDir, who] = process.argv.slice(2);
const { log, close } = openDataDirLog({ dataDir });
for (let i = 0; i < 100; i++) log.appendEntries([{ kind: 'hook-decision', payload: { who, i } }, { kind: 'hook-decision', payload: { who, i, second: true } }]);
close();
`,
    );
    const run = (who: string) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', script, dir, who], { stdio: 'inherit' });
        p.on('exit', resolve);
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
    const h = openDatabase({ path: join(dir, 'vouch.sqlite') });
    const log = TransparencyLog.open({ db: h.db });
    expect(log.size()).toBe(400);
    const bodies = Array.from({ length: 400 }, (_, i) => log.entry(i));
    // Each batch stayed contiguous, and the stored tree is the tree of the stored entries.
    for (let i = 0; i < 400; i += 2)
      expect(bodies[i + 1]!.payload).toMatchObject({ ...bodies[i]!.payload, second: true });
    const rebuilt = MemoryMerkleTree.fromLeafHashes(bodies.map((e) => e.leafHash));
    expect(log.rootHash()).toEqual(rebuilt.rootHash());
    for (const n of [1, 7, 200, 399]) expect(log.rootHash(n)).toEqual(rebuilt.rootHash(n));
    h.close();
  });

  it('rejects unknown kinds, non-object payloads and oversized entries', () => {
    const h = openDatabase({ path: ':memory:' });
    const log = TransparencyLog.open({ db: h.db });
    expect(codeOf(() => log.appendEntry('nope' as never, {}))).toBe('LOG_ENTRY_INVALID');
    expect(codeOf(() => log.appendEntry('hook-decision', [] as never))).toBe('LOG_ENTRY_INVALID');
    expect(codeOf(() => log.appendEntry('hook-decision', { x: Number.NaN }))).toBe('LOG_ENTRY_INVALID');
    expect(codeOf(() => log.appendEntry('hook-decision', { x: 'a'.repeat(70_000) }))).toBe('LOG_ENTRY_INVALID');
    expect(log.size()).toBe(0);
    h.close();
  });

  it('answers out-of-range indexes and sizes with LOG_RANGE_INVALID', () => {
    const h = openDatabase({ path: ':memory:' });
    const log = TransparencyLog.open({ db: h.db });
    log.appendEntries([decision(0), decision(1), decision(2)]);
    expect(codeOf(() => log.inclusionProof(3))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.inclusionProof(0, 4))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.inclusionProof(-1))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.inclusionProof(1.5))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.consistencyProof(0, 3))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.consistencyProof(3, 2))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.entry(3))).toBe('LOG_RANGE_INVALID');
    expect(codeOf(() => log.checkpoint())).toBe('LOG_KEY_UNAVAILABLE');
    h.close();
  });

  it('signs the empty tree with the RFC 6962 empty root', () => {
    const { log, close } = openDataDirLog({ dataDir: dir });
    const cp = verifyCheckpoint(log.checkpoint().note, log.verifierKey());
    expect(cp.size).toBe(0);
    expect(Buffer.from(cp.rootHash).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    close();
  });
});

describe('log signing key at rest', () => {
  const legacySeed = 'PRIVATE+KEY+legacy.example/log+';

  it('creates the key once, sealed under the data dir KEK in a 0600 file (never plaintext), and reuses it', () => {
    const s1 = loadOrCreateLogSigner({ dataDir: dir, origin: 'test.example/log' });
    const path = logKeyPath(dir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const content = readFileSync(path, 'utf8');
    expect(content).not.toContain('PRIVATE');
    expect(JSON.parse(content)).toMatchObject({
      format: SEALED_FILE_FORMAT,
      context: 'vouch/log-signing-key/v1',
      sealed: { alg: 'A256GCM' },
    });
    expect(statSync(join(dir, 'keys', 'kek')).mode & 0o777).toBe(0o600); // the generated KEK, as for every other key
    const s2 = loadOrCreateLogSigner({ dataDir: dir });
    expect(s2.verifierKey).toBe(s1.verifierKey);
    expect(s1.name).toBe('test.example/log');
  });

  it('seals under VOUCH_KEK when set, and a wrong KEK is KEK_INVALID (the one code for every sealed key)', () => {
    const kek = new Uint8Array(32).fill(9);
    const s1 = loadOrCreateLogSigner({ dataDir: dir, kek: kekFrom(kek) });
    expect(loadOrCreateLogSigner({ dataDir: dir, kek: kekFrom(kek) }).verifierKey).toBe(s1.verifierKey);
    expect(codeOf(() => loadOrCreateLogSigner({ dataDir: dir, kek: kekFrom(new Uint8Array(32).fill(1)) }))).toBe(
      'KEK_INVALID',
    );
    expect(codeOf(() => loadOrCreateLogSigner({ dataDir: dir }))).toBe('KEK_INVALID'); // the generated file KEK is another key
    process.env.VOUCH_KEK = Buffer.from(kek).toString('base64');
    expect(loadOrCreateLogSigner({ dataDir: dir }).verifierKey).toBe(s1.verifierKey);
  });

  it('seals a plaintext key file from before, in place, keeping the key', () => {
    const seed = Buffer.alloc(32, 7);
    const text = formatSignerKey('legacy.example/log', seed);
    expect(text.startsWith(legacySeed)).toBe(true);
    mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(logKeyPath(dir), `${text}\n`, { mode: 0o600 });
    const s = loadOrCreateLogSigner({ dataDir: dir });
    expect(s.verifierKey).toBe(ed25519Signer('legacy.example/log', seed).verifierKey);
    expect(readFileSync(logKeyPath(dir), 'utf8')).not.toContain('PRIVATE');
    expect(statSync(logKeyPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateLogSigner({ dataDir: dir }).verifierKey).toBe(s.verifierKey);
  });

  it('refuses a plaintext key file from before that others can read', () => {
    mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(logKeyPath(dir), `${formatSignerKey('legacy.example/log', Buffer.alloc(32, 7))}\n`, { mode: 0o644 });
    chmodSync(logKeyPath(dir), 0o644);
    expect(codeOf(() => loadOrCreateLogSigner({ dataDir: dir }))).toBe('LOG_KEY_INSECURE');
  });

  it('rejects a corrupted key file without echoing it', () => {
    mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(logKeyPath(dir), 'PRIVATE+KEY+x+00000000+AAAA\n', { mode: 0o600 });
    try {
      loadOrCreateLogSigner({ dataDir: dir });
      expect.unreachable();
    } catch (err) {
      expect((err as VouchError).code).toBe('LOG_KEY_UNAVAILABLE');
      expect((err as Error).message).not.toContain('AAAA');
    }
  });
});
