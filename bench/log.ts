/**
 * Transparency log micro-benchmark: batched append rate into a real SQLite file (WAL,
 * synchronous=FULL), then inclusion and consistency proof generation and verification at that
 * size. Run by bench/suites/log.ts, which interleaves a raw-insert baseline between segments of the
 * appends (onSegment); benchLog() alone defaults to 10^6 entries (about a minute, ~250 MB of disk).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasePath } from '../src/db/client.js';
import { verifyConsistency, verifyInclusion, type LogEntryInput } from '../src/log/index.js';
import { openDataDirLog } from '../src/log/open-data-dir-log.js';

export interface BenchLogOptions {
  /** Entries to append (default 1_000_000). */
  entries?: number;
  /** Entries per transaction (default 1000). */
  batchSize?: number;
  /** Proofs timed per kind (default 2000). */
  proofSamples?: number;
  /** Print a table to stdout (default true). */
  print?: boolean;
  /** Entries per timed segment (default: all of them in one). */
  segment?: number;
  /** Called after each segment, outside its timing, with the entries it appended. */
  onSegment?: (entries: LogEntryInput[]) => void;
}

export interface BenchLogResult {
  entries: number;
  /** Batched appends per second (batchSize entries per transaction). */
  appendsPerSec: number;
  /** The same, per segment (see BenchLogOptions.segment). */
  segmentAppendsPerSec: number[];
  /** One entry per transaction (one fsync each), over a short sample. */
  singleAppendsPerSec: number;
  /** Mean time to generate one inclusion proof at the full size (ms). */
  inclusionProofMs: number;
  /** Mean time to generate one consistency proof ending at the full size (ms). */
  consistencyProofMs: number;
  /** Mean time to verify one of each (ms). */
  inclusionVerifyMs: number;
  consistencyVerifyMs: number;
  /** Mean proof length in hashes (32 bytes each). */
  inclusionProofHashes: number;
  consistencyProofHashes: number;
  checkpointMs: number;
  databaseBytes: number;
}

export async function benchLog(opts: BenchLogOptions = {}): Promise<BenchLogResult> {
  const total = opts.entries ?? 1_000_000;
  const batchSize = opts.batchSize ?? 1000;
  const samples = opts.proofSamples ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-log-'));
  const { log, close } = openDataDirLog({ dataDir: dir });
  try {
    const entry = (i: number): LogEntryInput => ({
      kind: 'hook-decision',
      payload: {
        decision: i % 10 === 0 ? 'reject' : 'allow',
        reason: 'OK',
        nullifier: (BigInt(i) * 7919n).toString(),
        seq: i,
      },
    });

    const segment = opts.segment ?? total;
    const segmentAppendsPerSec: number[] = [];
    let appendSec = 0;
    let t = 0;
    for (let from = 0; from < total; from += segment) {
      const to = Math.min(total, from + segment);
      const batches: LogEntryInput[][] = [];
      for (let i = from; i < to; i += batchSize)
        batches.push(Array.from({ length: Math.min(batchSize, to - i) }, (_, j) => entry(i + j)));
      t = performance.now();
      for (const b of batches) log.appendEntries(b);
      const sec = (performance.now() - t) / 1000;
      appendSec += sec;
      segmentAppendsPerSec.push(Math.round((to - from) / sec));
      opts.onSegment?.(batches.flat());
    }

    const singles = Math.min(200, Math.max(20, Math.floor(total / 1000)));
    t = performance.now();
    for (let i = 0; i < singles; i++) log.appendEntries([entry(total + i)]);
    const singleSec = (performance.now() - t) / 1000;

    const size = log.size();
    const rnd = lcg(42);
    let incGen = 0;
    let incVer = 0;
    let incLen = 0;
    for (let s = 0; s < samples; s++) {
      const idx = Math.floor(rnd() * size);
      t = performance.now();
      const p = log.inclusionProof(idx, size);
      incGen += performance.now() - t;
      t = performance.now();
      verifyInclusion(p);
      incVer += performance.now() - t;
      incLen += p.proof.length;
    }
    let conGen = 0;
    let conVer = 0;
    let conLen = 0;
    for (let s = 0; s < samples; s++) {
      const from = 1 + Math.floor(rnd() * (size - 1));
      t = performance.now();
      const c = log.consistencyProof(from, size);
      conGen += performance.now() - t;
      t = performance.now();
      verifyConsistency(c);
      conVer += performance.now() - t;
      conLen += c.proof.length;
    }
    log.checkpoint(); // first call loads (or creates) the key file
    t = performance.now();
    log.checkpoint();
    const checkpointMs = performance.now() - t;

    const result: BenchLogResult = {
      entries: size,
      appendsPerSec: Math.round(total / appendSec),
      segmentAppendsPerSec,
      singleAppendsPerSec: Math.round(singles / singleSec),
      inclusionProofMs: round(incGen / samples),
      consistencyProofMs: round(conGen / samples),
      inclusionVerifyMs: round(incVer / samples),
      consistencyVerifyMs: round(conVer / samples),
      inclusionProofHashes: round(incLen / samples),
      consistencyProofHashes: round(conLen / samples),
      checkpointMs: round(checkpointMs),
      databaseBytes: fileBytes(databasePath(dir)) + fileBytes(`${databasePath(dir)}-wal`),
    };
    if (opts.print ?? true) {
      console.log(`transparency log, ${size} entries, batches of ${batchSize}`);
      console.table(result);
    }
    return result;
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fileBytes(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

/** Deterministic sample positions (no Math.random: runs are comparable). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
