/**
 * Report bundles: build, selective disclosure and offline verification (happy paths and the
 * checks that depend on what the auditor brings: JWKS, log key, earlier checkpoint).
 */
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { VouchError } from '../../src/errors/index.js';
import { TransparencyLog, decodeHash, ed25519Signer, entryLeafHash, verifyInclusion } from '../../src/log/index.js';
import { verifyBundle, type BundleVerification } from '../../src/reporting/audit/index.js';
import {
  buildBundle,
  bundleLogPayload,
  discloseRecords,
  recordHash,
  registerBundleAggregator,
} from '../../src/reporting/bundle/index.js';
import { KIND, LOG_SEED, RECORDS, clone, makeWorld, recomputeTotals, type BundleWorld } from './bundle-fixture.js';

let w: BundleWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.close());

const failed = (v: BundleVerification) => v.checks.filter((c) => !c.ok).map((c) => c.code);
const names = (v: BundleVerification) => v.checks.map((c) => c.name);

function freshLog() {
  const h = openDatabase({ path: ':memory:' });
  const signer = ed25519Signer('audit.test/log', LOG_SEED);
  return { log: TransparencyLog.open({ db: h.db, signer }), signer, close: () => h.close() };
}

describe('building a report bundle', () => {
  it('commits to salted record hashes and records the body in the log', () => {
    const b = w.bundle;
    expect(b.commitment).toMatchObject({ count: 4, alg: 'rfc6962-sha256/salted-sha256-jcs' });
    expect(new Set(b.records.map((r) => r.salt)).size).toBe(4);
    expect(b.records.map((r) => Buffer.from(r.salt, 'base64').length)).toEqual([32, 32, 32, 32]);
    expect(b.signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(b.log.index).toBe(5);
    const entry = w.log.entry(5);
    expect(entry.kind).toBe('report-commitment');
    expect(entry.payload).toEqual(bundleLogPayload(b));
    expect(() =>
      verifyInclusion({
        leafIndex: 5,
        treeSize: 6,
        leafHash: entryLeafHash('report-commitment', bundleLogPayload(b)),
        proof: b.log.inclusionProof.map((p) => decodeHash(p)!),
        rootHash: w.log.rootHash(6),
      }),
    ).not.toThrow();
  });

  it('uses fresh salts: the same records never give the same commitment twice', async () => {
    const again = await makeWorld();
    expect(again.bundle.commitment.root).not.toBe(w.bundle.commitment.root);
    again.close();
  });

  it('rejects records that are not plain JSON, bad labels and a signer without kid', async () => {
    const base = {
      records: [],
      aggregates: {},
      kind: KIND,
      institution: 'x',
      period: '2026',
      signer: { privateKey: w.privateJwk as never, kid: w.kid },
      log: w.log,
    };
    const size = w.log.size();
    await expect(buildBundle({ ...base, records: [{ when: new Date() }] })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(buildBundle({ ...base, kind: 'Bad Kind' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(buildBundle({ ...base, period: '' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(
      buildBundle({ ...base, signer: { privateKey: w.privateJwk as never, kid: '' } }),
    ).rejects.toMatchObject({ code: 'BUNDLE_SIGNER_INVALID' });
    await expect(
      buildBundle({ ...base, signer: { privateKey: w.jwks.keys[0] as never, kid: w.kid } }),
    ).rejects.toMatchObject({ code: 'BUNDLE_SIGNER_INVALID' });
    expect(w.log.size()).toBe(size); // nothing reached the log
  });
});

describe('verifying a full bundle', () => {
  it('passes every check, recomputing aggregates with a supplied callback', async () => {
    const v = await verifyBundle(w.bundle, { jwks: w.jwks, logKey: w.logKey, recomputeAggregates: recomputeTotals });
    expect(failed(v)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(names(v)).toEqual(['signature', 'records', 'aggregates', 'checkpoint', 'log-inclusion']);
    expect(v.records).toEqual({ count: 4, present: 4, complete: true });
  });

  it('uses the aggregator registered for the kind, and skips (not passes) when none is known', async () => {
    const unknown = await verifyBundle(w.bundle, { jwks: w.jwks, logKey: w.logKey });
    expect(unknown.skipped.map((s) => s.name)).toContain('aggregates');
    expect(names(unknown)).not.toContain('aggregates');
    registerBundleAggregator(KIND, recomputeTotals);
    const v = await verifyBundle(w.bundle, { jwks: w.jwks, logKey: w.logKey });
    expect(names(v)).toContain('aggregates');
    expect(v.ok).toBe(true);
  });

  it('fails the aggregates when the recomputation disagrees', async () => {
    const v = await verifyBundle(w.bundle, {
      jwks: w.jwks,
      logKey: w.logKey,
      recomputeAggregates: () => ({ disposals: 4, gain: '9800.76' }),
    });
    expect(failed(v)).toEqual(['BUNDLE_AGGREGATE_MISMATCH']);
  });

  it('fails the signature against a JWKS holding another key under the same kid', async () => {
    const { publicKey } = await generateKeyPair('EdDSA');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: w.kid }] };
    const v = await verifyBundle(w.bundle, { jwks, logKey: w.logKey });
    expect(failed(v)).toEqual(['BUNDLE_SIGNATURE_INVALID']);
  });

  it('fails the checkpoint against another log key', async () => {
    const other = ed25519Signer('audit.test/log', new Uint8Array(32).fill(4));
    const v = await verifyBundle(w.bundle, { jwks: w.jwks, logKey: other.verifierKey });
    expect(failed(v)).toEqual(['CHECKPOINT_SIGNATURE_INVALID']);
  });

  it('throws on auditor input errors: a malformed JWKS, a private JWKS or a bad verifier key', async () => {
    await expect(verifyBundle(w.bundle, { jwks: { nope: 1 } as never, logKey: w.logKey })).rejects.toMatchObject({
      code: 'JWKS_INVALID',
    });
    await expect(
      verifyBundle(w.bundle, { jwks: { keys: [w.privateJwk] } as never, logKey: w.logKey }),
    ).rejects.toMatchObject({ code: 'JWKS_INVALID' });
    await expect(verifyBundle(w.bundle, { jwks: w.jwks, logKey: 'not a key' })).rejects.toMatchObject({
      code: 'VERIFIER_KEY_INVALID',
    });
  });

  it('reports a document that is not a bundle as BUNDLE_MALFORMED', async () => {
    const docs = [
      null,
      [],
      { version: 2 },
      { ...clone(w.bundle), records: 'x' },
      { ...clone(w.bundle), log: { ...w.bundle.log, index: -1 } },
    ];
    for (const doc of docs) {
      const v = await verifyBundle(doc, { jwks: w.jwks, logKey: w.logKey });
      expect(failed(v)).toEqual(['BUNDLE_MALFORMED']);
      expect(v.ok).toBe(false);
    }
  });
});

describe('selective disclosure', () => {
  it('reveals only the chosen records, each provable against the commitment', async () => {
    const d = discloseRecords(w.bundle, [3, 1]);
    expect(d.records.map((r) => r.index)).toEqual([1, 3]);
    const text = JSON.stringify(d);
    for (const hidden of [0, 2]) {
      expect(text).not.toContain(w.bundle.records[hidden]!.salt);
      expect(text).not.toContain(`"${(RECORDS[hidden] as { id: string }).id}"`);
    }
    const v = await verifyBundle(d, { jwks: w.jwks, logKey: w.logKey, recomputeAggregates: recomputeTotals });
    expect(failed(v)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.records).toEqual({ count: 4, present: 2, complete: false });
    expect(v.skipped.find((s) => s.name === 'aggregates')?.reason).toMatch(/not every record/);
  });

  it('hashes a record as SHA-256(salt || canonical JSON)', () => {
    const r = w.bundle.records[2]!;
    const flat = RECORDS[2] as Record<string, unknown>;
    const canonical = JSON.stringify(flat, Object.keys(flat).sort());
    const expected = createHash('sha256').update(Buffer.from(r.salt, 'base64')).update(canonical).digest();
    expect(Buffer.from(recordHash(Buffer.from(r.salt, 'base64'), r.record))).toEqual(expected);
  });

  it('rejects out-of-range indexes and partial bundles', () => {
    expect(() => discloseRecords(w.bundle, [4])).toThrow(VouchError);
    expect(() => discloseRecords(w.bundle, [4])).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => discloseRecords(discloseRecords(w.bundle, [0]), [0])).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });

  it('an empty disclosure still proves the signature and the log inclusion', async () => {
    const v = await verifyBundle(discloseRecords(w.bundle, []), { jwks: w.jwks, logKey: w.logKey });
    expect(failed(v)).toEqual([]);
    expect(names(v)).toEqual(['signature', 'records', 'checkpoint', 'log-inclusion']);
  });
});

describe('consistency with an earlier checkpoint', () => {
  it('accepts an earlier or later checkpoint of the same log with a consistency proof', async () => {
    const { log, signer, close } = freshLog();
    log.appendEntries([0, 1, 2].map((i) => ({ kind: 'hook-decision' as const, payload: { seq: i } })));
    const early = log.checkpoint();
    const bundle = await buildBundle({
      records: RECORDS,
      aggregates: recomputeTotals(RECORDS),
      kind: KIND,
      institution: 'I',
      period: '2026',
      signer: { privateKey: w.privateJwk as never, kid: w.kid },
      log,
    });
    log.appendEntries([{ kind: 'hook-decision', payload: { seq: 9 } }]);
    const late = log.checkpoint();
    const base = { jwks: w.jwks, logKey: signer.verifierKey };

    const before = await verifyBundle(bundle, {
      ...base,
      previousCheckpoint: early.note,
      consistencyProof: log.consistencyProof(3, 4).proof,
    });
    expect(failed(before)).toEqual([]);
    expect(names(before)).toContain('consistency');
    const after = await verifyBundle(bundle, {
      ...base,
      previousCheckpoint: late.note,
      consistencyProof: log.consistencyProof(4, 5).proof,
    });
    expect(failed(after)).toEqual([]);
    const same = await verifyBundle(bundle, { ...base, previousCheckpoint: bundle.log.checkpoint });
    expect(failed(same)).toEqual([]);

    const missing = await verifyBundle(bundle, { ...base, previousCheckpoint: early.note });
    expect(failed(missing)).toEqual(['CONSISTENCY_PROOF_REQUIRED']);
    const wrongProof = await verifyBundle(bundle, {
      ...base,
      previousCheckpoint: early.note,
      consistencyProof: log.consistencyProof(2, 4).proof,
    });
    expect(failed(wrongProof)).toEqual(['CHECKPOINT_INCONSISTENT']);
    close();
  });

  it('detects a forked log: same key, same size, different history', async () => {
    const { log: fork, close } = freshLog();
    fork.appendEntries(
      [0, 1, 2, 3, 4, 5].map((i) => ({ kind: 'hook-decision' as const, payload: { seq: i, forked: true } })),
    );
    const forkCp = fork.checkpoint();
    expect(forkCp.size).toBe(6);
    const v = await verifyBundle(w.bundle, { jwks: w.jwks, logKey: w.logKey, previousCheckpoint: forkCp.note });
    expect(failed(v)).toEqual(['CHECKPOINT_INCONSISTENT']);
    close();
  });

  it('rejects an earlier checkpoint not signed by the log key', async () => {
    const h = openDatabase({ path: ':memory:' });
    const log = TransparencyLog.open({ db: h.db, signer: ed25519Signer('audit.test/log', new Uint8Array(32).fill(5)) });
    const v = await verifyBundle(w.bundle, {
      jwks: w.jwks,
      logKey: w.logKey,
      previousCheckpoint: log.checkpoint().note,
    });
    expect(failed(v)).toEqual(['CHECKPOINT_SIGNATURE_INVALID']);
    expect(v.checks.find((c) => !c.ok)?.name).toBe('previous-checkpoint');
    h.close();
  });
});
