/**
 * Hardening: kill -9 during issuance and during log appends, repeated. A child process writes to
 * one data dir in a loop (crash-writer.ts: issueCredential + revokeCredential, or appendEntries)
 * and prints a line per acknowledged (committed) write; the test SIGKILLs it at a random moment,
 * reopens the database and checks that every acknowledged write is there, that nothing
 * half-written is visible (a credential without its audit event, a revocation without its status
 * root, a log entry without its subtree hashes, a gap in the indexes), that the stored tree hashes
 * are the ones recomputed from the entries, and that a consistency proof from every checkpoint
 * signed before any crash to the current tree verifies. Then it restarts the writer.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIssuer,
  issueCredential,
  systemClock,
  verifyCredentialFile,
  type CredentialFile,
  type IssuerContext,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { StatusBitmap } from '../../src/zk/index.js';
import { loadKek } from '../../src/keys/kek.js';
import { storedHashIndex } from '../../src/log/lib/tree-math.js';
import {
  decodeBase64,
  encodeBase64,
  equalBytes,
  MemoryMerkleTree,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/log/index.js';
import { RUN_TS, supportModule } from './support/processes.js';
import { openDataDirLog } from '../../src/log/open-data-dir-log.js';

const ROUNDS = 5;

let dataDir: string;
let issuerId: string;
let verifierKey: string;
/** Signed checkpoints taken before each crash: every later tree must stay consistent with all of them. */
const checkpoints: string[] = [];
const acked = {
  issued: new Map<string, CredentialFile>(),
  revoked: new Map<string, number>(),
  appended: new Map<number, string>(),
};
const survived = { issue: 0, log: 0 };
const writes = { issue: 0, log: 0 };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vouch-hardening-crash-'));
  const h = openDatabase({ path: databasePath(dataDir) });
  try {
    const ctx: IssuerContext = { store: new SqliteCredentialStore(h.db), kek: loadKek(dataDir), clock: systemClock };
    ({ issuerId } = await createIssuer(ctx, { tenant: 't1', name: 'Crash KYC' }));
    // one credential before any crash, so the first round already has history to lose
    const first = await issueCredential(ctx, {
      issuerId,
      actor: 'setup',
      subject: 42n,
      evidenceKind: 'manual',
      evidence: JSON.stringify({
        kycLevel: 1,
        jurisdiction: 'FR',
        investorClass: 'retail',
        ageOver18: true,
        tradeLimit: '1',
      }),
    });
    acked.issued.set(first.id, first);
  } finally {
    h.close();
  }
  const { log, close } = openDataDirLog({ dataDir });
  try {
    // a non-empty tree: a consistency proof from the empty tree proves nothing
    for (const a of log.appendEntries(
      [0, 1, 2].map((i) => ({ kind: 'hook-decision' as const, payload: { setup: i } })),
    ))
      acked.appended.set(a.index, encodeBase64(a.leafHash));
    verifierKey = log.verifierKey();
  } finally {
    close();
  }
});

afterAll(() => {
  process.stdout.write(
    `hardening/crash: ${survived.issue + survived.log} crashes survived (issuance ${survived.issue}, log appends ${survived.log}); acknowledged writes checked: ${writes.issue} issuance/revocation, ${writes.log} log batches\n`,
  );
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Killed {
  lines: string[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the writer, lets it acknowledge at least one write, SIGKILLs it after a random 0–500 ms. */
function runAndKill(args: string[]): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, supportModule('crash-writer.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let armed = false;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (!armed && /\n(ISSUED|REVOKED|APPENDED) /.test(`\n${out}`)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 500));
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(giveUp);
      // only whole lines were acknowledged (a line cut by the kill never reached the parent whole)
      const lines = out.split('\n');
      lines.pop();
      resolve({ lines, signal, stderr });
    });
  });
}

function withDb<T>(dir: string, fn: (ctx: IssuerContext, sqlite: import('better-sqlite3').Database) => T): T {
  const h = openDatabase({ path: databasePath(dir) });
  try {
    return fn({ store: new SqliteCredentialStore(h.db), kek: loadKek(dir), clock: systemClock }, h.sqlite);
  } finally {
    h.close();
  }
}

/** Signs a checkpoint of the tree as it is now (what an auditor would have pinned before the crash). */
function takeCheckpoint(): void {
  const { log, close } = openDataDirLog({ dataDir });
  try {
    checkpoints.push(log.checkpoint().note);
  } finally {
    close();
  }
}

/** Everything that must hold after any crash; returns the broken promises. */
function checkDataDir(dir = dataDir): string[] {
  const p: string[] = [];
  withDb(dir, (ctx, sqlite) => {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') p.push(`integrity_check: ${String(integrity)}`);

    // -- issuance and revocation
    const creds = sqlite
      .prepare(
        'SELECT id, credential_index AS i, status, attribute_commitment AS commitment FROM credentials WHERE issuer_id = ?',
      )
      .all(issuerId) as { id: string; i: number; status: string; commitment: string }[];
    const audits = sqlite.prepare('SELECT action, target, details FROM audit_events').all() as {
      action: string;
      target: string;
      details: string;
    }[];
    const roots = sqlite.prepare('SELECT seq FROM status_roots WHERE issuer_id = ? ORDER BY seq').all(issuerId) as {
      seq: number;
    }[];
    const byId = new Map(creds.map((c) => [c.id, c]));
    for (const [id, file] of acked.issued) {
      const row = byId.get(id);
      if (!row) p.push(`acknowledged credential ${id} is missing`);
      else if (row.i !== file.credentialIndex)
        p.push(`credential ${id} has index ${row.i}, acknowledged ${file.credentialIndex}`);
      try {
        verifyCredentialFile(file);
      } catch (err) {
        p.push(`acknowledged credential ${id} does not verify: ${(err as Error).message}`);
      }
    }
    for (const [id, seq] of acked.revoked) {
      if (byId.get(id)?.status !== 'revoked') p.push(`acknowledged revocation of ${id} is missing`);
      if (!roots.some((r) => r.seq === seq)) p.push(`acknowledged status root #${seq} is missing`);
    }
    const indexes = creds.map((c) => c.i).sort((a, b) => a - b);
    if (indexes.some((x, k) => x !== k))
      p.push(`credential indexes are not 0..${creds.length - 1}: ${indexes.join(',')}`);
    for (const c of creds) {
      const issued = audits.filter((a) => a.target === c.id && a.action.startsWith('credential.issue'));
      if (issued.length !== 1) p.push(`credential ${c.id} has ${issued.length} issuance audit events`);
      const revoked = audits.filter((a) => a.target === c.id && a.action === 'credential.revoke');
      if (revoked.length !== (c.status === 'revoked' ? 1 : 0))
        p.push(`credential ${c.id} (${c.status}) has ${revoked.length} revocation audit events`);
      for (const r of revoked) {
        const seq = (JSON.parse(r.details) as { seq: number }).seq;
        if (!roots.some((x) => x.seq === seq))
          p.push(`revocation of ${c.id} names status root #${seq}, which is missing`);
      }
    }
    for (const a of audits) {
      if (a.action.startsWith('credential.') && !byId.has(a.target))
        p.push(`audit event ${a.action} for a credential that does not exist (${a.target})`);
    }
    const seqs = roots.map((r) => r.seq);
    if (seqs.some((s, k) => s !== seqs[0]! + k)) p.push(`status root sequence has gaps: ${seqs.join(',')}`);
    // read here with the same connection (the check is synchronous): the newest root and the bitmap of the revoked
    const latest = sqlite
      .prepare('SELECT root FROM status_roots WHERE issuer_id = ? ORDER BY seq DESC LIMIT 1')
      .get(issuerId) as { root: string } | undefined;
    const bitmapRoot = StatusBitmap.fromRevoked(creds.filter((c) => c.status === 'revoked').map((c) => c.i)).root;
    if (!latest) p.push('the issuer has no status root');
    else if (latest.root !== bitmapRoot.toString() && latest.root !== `0x${bitmapRoot.toString(16)}`) {
      p.push('the latest status root does not match the revoked credentials');
    }

    // -- the transparency log
    const n = (sqlite.prepare('SELECT COUNT(*) AS n FROM log_entries').get() as { n: number }).n;
    const maxIdx = (sqlite.prepare('SELECT MAX(idx) AS m FROM log_entries').get() as { m: number | null }).m;
    if (n !== (maxIdx ?? -1) + 1) p.push(`log has ${n} entries but its last index is ${maxIdx}`);
    const bodies = (sqlite.prepare('SELECT body FROM log_entries ORDER BY idx').all() as { body: string }[]).map((r) =>
      new TextEncoder().encode(r.body),
    );
    const tree = MemoryMerkleTree.fromLeaves(bodies);
    const hashes = sqlite.prepare('SELECT id, hash FROM log_hashes').all() as { id: number; hash: Buffer }[];
    const stored = new Map(hashes.map((h) => [h.id, new Uint8Array(h.hash)]));
    let expected = 0;
    for (let level = 0; n >> level > 0; level++) {
      for (let k = 0; k < n >> level; k++) {
        expected++;
        const h = stored.get(storedHashIndex(level, k));
        if (!h) p.push(`subtree hash (${level}, ${k}) is missing`);
        else if (!equalBytes(h, tree.node(level, k)))
          p.push(`subtree hash (${level}, ${k}) is not the hash of its entries`);
      }
    }
    if (hashes.length !== expected) p.push(`log has ${hashes.length} subtree hashes, ${expected} complete subtrees`);
    for (const [index, leaf] of acked.appended) {
      if (index >= n) p.push(`acknowledged log entry ${index} is missing (size ${n})`);
      else if (encodeBase64(tree.node(0, index)) !== leaf) p.push(`log entry ${index} is not the one acknowledged`);
    }
  });

  const { log, close } = openDataDirLog({ dataDir: dir });
  try {
    const size = log.size();
    const root = log.rootHash();
    if (
      !equalBytes(
        root,
        MemoryMerkleTree.fromLeaves(
          Array.from({ length: size }, (_, i) => new TextEncoder().encode(log.entry(i).body)),
        ).rootHash(),
      )
    ) {
      p.push('the log root is not the root recomputed from its entries');
    }
    for (const note of checkpoints) {
      const cp = verifyCheckpoint(note, verifierKey);
      try {
        const proof = log.consistencyProof(cp.size);
        verifyConsistency({ fromSize: cp.size, toSize: size, fromRoot: cp.rootHash, toRoot: root, proof: proof.proof });
      } catch (err) {
        p.push(`consistency from the checkpoint of size ${cp.size}: ${(err as Error).message}`);
      }
    }
    // a sample of inclusion proofs for acknowledged entries, against the current root
    const sample = [...acked.appended.keys()].filter((_, k, all) => k % Math.max(1, Math.floor(all.length / 16)) === 0);
    for (const index of sample) {
      const ip = log.inclusionProof(index);
      try {
        verifyInclusion({
          leafIndex: index,
          treeSize: size,
          leafHash: decodeBase64(acked.appended.get(index))!,
          proof: ip.proof,
          rootHash: root,
        });
      } catch (err) {
        p.push(`inclusion of acknowledged entry ${index}: ${(err as Error).message}`);
      }
    }
    verifyCheckpoint(log.checkpoint().note, verifierKey); // and the log can still sign
  } catch (err) {
    p.push(`the log cannot be read: ${(err as Error).message}`);
  } finally {
    close();
  }
  return p;
}

describe('kill -9 while writing, then restart', () => {
  it('the data dir is consistent before any crash', () => {
    expect(checkDataDir()).toEqual([]);
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`issuance round ${round}: every acknowledged credential and revocation survives, nothing half-written`, async () => {
      takeCheckpoint();
      const k = await runAndKill(['issue', dataDir, issuerId]);
      expect(k.signal, k.stderr).toBe('SIGKILL');
      expect(k.lines[0]).toBe('READY');
      let n = 0;
      for (const line of k.lines.slice(1)) {
        const [tag, ...rest] = line.split(' ');
        if (tag === 'ISSUED') {
          const c = JSON.parse(rest.join(' ')) as CredentialFile;
          acked.issued.set(c.id, c);
        } else if (tag === 'REVOKED') acked.revoked.set(rest[0]!, Number(rest[1]));
        else throw new Error(`unexpected line ${line.slice(0, 80)}`);
        n++;
      }
      expect(n).toBeGreaterThan(0);
      writes.issue += n;
      expect(checkDataDir()).toEqual([]);
      survived.issue++;
    });

    it(`log round ${round}: every acknowledged batch survives, the tree is whole and consistent with every earlier checkpoint`, async () => {
      takeCheckpoint();
      const k = await runAndKill(['log', dataDir]);
      expect(k.signal, k.stderr).toBe('SIGKILL');
      expect(k.lines[0]).toBe('READY');
      let n = 0;
      for (const line of k.lines.slice(1)) {
        const [tag, first, leaves] = line.split(' ');
        if (tag !== 'APPENDED') throw new Error(`unexpected line ${line.slice(0, 80)}`);
        leaves!.split(',').forEach((leaf, j) => acked.appended.set(Number(first) + j, leaf));
        n++;
      }
      expect(n).toBeGreaterThan(0);
      writes.log += n;
      expect(checkDataDir()).toEqual([]);
      survived.log++;
    });
  }

  it('the same checks catch half-written states (so a pass means something)', () => {
    const tampered: [string, string, RegExp][] = [
      [
        'a credential without its issuance audit event',
        "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events WHERE action LIKE 'credential.issue%')",
        /issuance audit events/,
      ],
      [
        'a revocation without its status root',
        'DELETE FROM status_roots WHERE seq = (SELECT MAX(seq) FROM status_roots)',
        /status root #\d+ is missing|does not match the revoked|no status root|which is missing/,
      ],
      [
        'a log entry without its subtree hashes',
        'DELETE FROM log_hashes WHERE id = (SELECT MAX(id) FROM log_hashes)',
        /subtree hash .* is missing|subtree hashes/,
      ],
      [
        'a log entry rewritten in place',
        "UPDATE log_entries SET body = replace(body, 'pad', 'pad2') WHERE idx = 5",
        /not the hash of its entries|not the one acknowledged/,
      ],
      [
        'the last acknowledged log batch lost',
        'DELETE FROM log_entries WHERE idx = (SELECT MAX(idx) FROM log_entries)',
        /is missing \(size|last index|complete subtrees/,
      ],
    ];
    for (const [what, sql, expected] of tampered) {
      const copy = mkdtempSync(join(tmpdir(), 'vouch-hardening-crash-copy-'));
      try {
        cpSync(dataDir, copy, { recursive: true });
        withDb(copy, (_ctx, sqlite) => sqlite.exec(sql));
        const found = checkDataDir(copy);
        expect(
          found.some((m) => expected.test(m)),
          `${what}: ${JSON.stringify(found)}`,
        ).toBe(true);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    }
  });

  it(`survived ${2 * ROUNDS} crashes and the writers carried on after each`, () => {
    expect(survived).toEqual({ issue: ROUNDS, log: ROUNDS });
    expect(checkpoints.length).toBe(2 * ROUNDS);
    // the checkpoints grew: writes after each restart landed on top of what survived
    const sizes = checkpoints.map((note) => verifyCheckpoint(note, verifierKey).size);
    expect(sizes[sizes.length - 1]!).toBeGreaterThan(sizes[0]!);
  });
});
