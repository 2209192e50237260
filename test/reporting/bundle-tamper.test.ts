/**
 * Tampering matrix: change any character of a record, salt, aggregate, signature, inclusion proof
 * or checkpoint (and any number or flag) in a full bundle and in a disclosure — each verification
 * fails, with the code that names what was tampered with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle, type BundleVerification } from '../../src/reporting/audit/index.js';
import { discloseRecords, type ReportBundle } from '../../src/reporting/bundle/index.js';
import { clone, makeWorld, recomputeTotals, type BundleWorld } from './bundle-fixture.js';

let w: BundleWorld;
let disclosure: ReportBundle;
beforeAll(async () => {
  w = await makeWorld();
  disclosure = discloseRecords(w.bundle, [1, 3]);
});
afterAll(() => w.close());

type Path = (string | number)[];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Every primitive under `root`, as a path. */
function leaves(value: unknown, path: Path = []): Path[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [path];
}

function get(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc);
}

function set(doc: unknown, path: Path, v: unknown): void {
  const parent = get(doc, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = v;
}

/** Mutants of one primitive: each character changed in two ways (bit flip; next base64 letter). */
function mutants(v: unknown): unknown[] {
  if (typeof v === 'number') return [v + 1];
  if (typeof v === 'boolean') return [!v];
  if (typeof v !== 'string') return [];
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const flipped = String.fromCharCode(c.charCodeAt(0) ^ 1);
    const at = B64.indexOf(c);
    const next = at >= 0 ? B64[(at + 1) % 64]! : flipped;
    for (const r of new Set([flipped, next])) out.push(v.slice(0, i) + r + v.slice(i + 1));
  }
  return out;
}

async function failures(doc: unknown): Promise<BundleVerification> {
  return verifyBundle(doc, { jwks: w.jwks, logKey: w.logKey, recomputeAggregates: recomputeTotals });
}
const codes = (v: BundleVerification) => [...new Set(v.checks.filter((c) => !c.ok).map((c) => c.code))].sort();

/**
 * Runs every mutant of every leaf under `prefix` and checks: verification fails, the failed codes
 * include `must`, and every failed code is one of `allowed` (tampering one part never blames another).
 */
async function matrix(base: ReportBundle, prefix: Path, must: string, allowed: string[]): Promise<number> {
  let n = 0;
  for (const path of leaves(get(base, prefix), prefix)) {
    for (const m of mutants(get(base, path))) {
      const doc = clone(base);
      set(doc, path, m);
      const v = await failures(doc);
      const got = codes(v);
      const where = `${path.join('.')} = ${JSON.stringify(m).slice(0, 60)}`;
      expect(v.ok, where).toBe(false);
      expect(got, where).toContain(must);
      for (const c of got) expect(allowed, `${where}: unexpected ${c}`).toContain(c);
      n++;
    }
  }
  return n;
}

describe('tampering with a full bundle', () => {
  it('is clean before tampering', async () => {
    expect((await failures(w.bundle)).ok).toBe(true);
  });

  it('any change to a record or its salt → BUNDLE_RECORD_MISMATCH only', async () => {
    expect(await matrix(w.bundle, ['records'], 'BUNDLE_RECORD_MISMATCH', ['BUNDLE_RECORD_MISMATCH'])).toBeGreaterThan(
      400,
    );
  });

  it('any change to an aggregate → BUNDLE_AGGREGATE_MISMATCH (and the signature and log entry break)', async () => {
    const all = ['BUNDLE_AGGREGATE_MISMATCH', 'BUNDLE_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'];
    expect(await matrix(w.bundle, ['aggregates'], 'BUNDLE_AGGREGATE_MISMATCH', all)).toBeGreaterThan(10);
  });

  it('any change to the signature → BUNDLE_SIGNATURE_INVALID only', async () => {
    expect(
      await matrix(w.bundle, ['signature'], 'BUNDLE_SIGNATURE_INVALID', ['BUNDLE_SIGNATURE_INVALID']),
    ).toBeGreaterThan(200);
  });

  it('any change to the log inclusion proof or entry index → LOG_INCLUSION_INVALID only', async () => {
    expect(
      await matrix(w.bundle, ['log', 'inclusionProof'], 'LOG_INCLUSION_INVALID', ['LOG_INCLUSION_INVALID']),
    ).toBeGreaterThan(100);
    expect(await matrix(w.bundle, ['log', 'index'], 'LOG_INCLUSION_INVALID', ['LOG_INCLUSION_INVALID'])).toBe(1);
  });

  it('any change to the checkpoint → CHECKPOINT_SIGNATURE_INVALID (the claimed root may also fail inclusion)', async () => {
    const allowed = ['CHECKPOINT_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'];
    expect(await matrix(w.bundle, ['log', 'checkpoint'], 'CHECKPOINT_SIGNATURE_INVALID', allowed)).toBeGreaterThan(200);
  });

  it('any change to the commitment → signature, records and log entry all fail', async () => {
    const all = ['BUNDLE_SIGNATURE_INVALID', 'BUNDLE_RECORD_MISMATCH', 'LOG_INCLUSION_INVALID'];
    for (const must of all) expect(await matrix(w.bundle, ['commitment', 'root'], must, all)).toBeGreaterThan(40);
    expect(await matrix(w.bundle, ['commitment', 'count'], 'BUNDLE_RECORD_MISMATCH', all)).toBe(1);
  });

  it('any change to kind, institution or period → BUNDLE_SIGNATURE_INVALID and LOG_INCLUSION_INVALID', async () => {
    const all = ['BUNDLE_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'];
    for (const field of ['kind', 'institution', 'period']) {
      expect(await matrix(w.bundle, [field], 'BUNDLE_SIGNATURE_INVALID', all)).toBeGreaterThan(0);
      expect(await matrix(w.bundle, [field], 'LOG_INCLUSION_INVALID', all)).toBeGreaterThan(0);
    }
  });

  it('dropping, duplicating, reordering or inventing records → BUNDLE_RECORD_MISMATCH', async () => {
    const edits: ((b: ReportBundle) => void)[] = [
      (b) => b.records.pop(),
      (b) => b.records.push(clone(b.records[0]!)),
      (b) => b.records.reverse(),
      (b) => ([b.records[0]!.record, b.records[1]!.record] = [b.records[1]!.record, b.records[0]!.record]),
      (b) => (b.records[0]!.record = { ...(b.records[0]!.record as object), extra: 1 }),
    ];
    for (const edit of edits) {
      const doc = clone(w.bundle);
      edit(doc);
      expect(codes(await failures(doc))).toEqual(['BUNDLE_RECORD_MISMATCH']);
    }
  });
});

describe('tampering with a disclosure', () => {
  it('is clean before tampering', async () => {
    expect((await failures(disclosure)).ok).toBe(true);
  });

  it('any change to a disclosed record, its salt, index or proof → BUNDLE_RECORD_MISMATCH only', async () => {
    expect(await matrix(disclosure, ['records'], 'BUNDLE_RECORD_MISMATCH', ['BUNDLE_RECORD_MISMATCH'])).toBeGreaterThan(
      400,
    );
  });

  it('any change to an aggregate → BUNDLE_SIGNATURE_INVALID and LOG_INCLUSION_INVALID (no recomputation possible)', async () => {
    const all = ['BUNDLE_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'];
    expect(await matrix(disclosure, ['aggregates'], 'BUNDLE_SIGNATURE_INVALID', all)).toBeGreaterThan(10);
  });

  it('a record moved to another index, or a proof borrowed from another record → BUNDLE_RECORD_MISMATCH', async () => {
    const moved = clone(disclosure);
    moved.records[0]!.index = 0;
    expect(codes(await failures(moved))).toEqual(['BUNDLE_RECORD_MISMATCH']);
    const borrowed = clone(disclosure);
    borrowed.records[0]!.proof = borrowed.records[1]!.proof!;
    expect(codes(await failures(borrowed))).toEqual(['BUNDLE_RECORD_MISMATCH']);
    const unproven = clone(disclosure);
    delete unproven.records[0]!.proof;
    expect(codes(await failures(unproven))).toEqual(['BUNDLE_RECORD_MISMATCH']);
  });
});
