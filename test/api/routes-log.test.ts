/**
 * The public log routes, as an auditor uses them: pin the verifier key, read a checkpoint, check
 * entries, inclusion and consistency proofs offline with the library's RFC 9162 verifiers, and
 * compare roots with an independent in-memory tree. No API key anywhere.
 */
import { describe, expect, it } from 'vitest';
import {
  MemoryMerkleTree,
  decodeHash,
  encodeBase64,
  entryLeafHash,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/log/index.js';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { loadSpec } from '../../src/api/openapi/spec.js';
import { domain } from '../../src/api/services/domain.js';
import { ResponseValidator } from './contract-tools.js';
import { json, makeTestApp } from './helpers.js';

const spec = loadSpec().doc;

async function world(entries = 7) {
  const t = await makeTestApp();
  // the app's own log, on the store the app keeps it in (SQLite, or PostgreSQL under the store switch)
  const log = domain(t.deps as ResolvedDeps).anyLog();
  const payloads = Array.from({ length: entries }, (_, i) => ({
    kind: 'hook-decision' as const,
    payload: { seq: i, verdict: i % 2 ? 'reject' : 'admit' },
  }));
  if (entries > 0) await log.appendEntries(payloads);
  const reference = MemoryMerkleTree.fromLeafHashes(payloads.map((p) => entryLeafHash(p.kind, p.payload)));
  const validator = new ResponseValidator(spec);
  /** GET a public route; the body must match what the spec documents for its status. */
  const get = async (path: string, routePath: string) => {
    const res = await t.app.request(path);
    const text = await res.text();
    const problems = validator.check(
      { method: 'get', path: routePath },
      res.status,
      res.headers.get('content-type') ?? '',
      text,
    );
    expect(problems, `${path} → ${res.status}`).toEqual([]);
    return { res, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
  };
  return { ...t, log, payloads, reference, get };
}

const hash = (b64: string) => {
  const h = decodeHash(b64);
  if (!h) throw new Error(`not a base64 hash: ${b64}`);
  return h;
};

describe('GET /v1/log/checkpoint and /v1/log/root', () => {
  it('serves a signed note that verifies under the published verifier key and states the current tree', async () => {
    const { get, reference } = await world(7);
    const key = (await get('/v1/log/verifier-key', '/v1/log/verifier-key')).body;
    expect(key.verifierKey.startsWith(`${key.origin}+${key.keyId}+`)).toBe(true);
    const cp = await get('/v1/log/checkpoint', '/v1/log/checkpoint');
    expect(cp.res.status).toBe(200);
    expect(cp.res.headers.get('content-type')).toMatch(/^text\/plain/);
    const verified = verifyCheckpoint(cp.text, key.verifierKey);
    expect(verified.size).toBe(7);
    expect(encodeBase64(verified.rootHash)).toBe(encodeBase64(reference.rootHash()));
    const root = (await get('/v1/log/root', '/v1/log/root')).body;
    expect(root).toEqual({
      origin: key.origin,
      size: 7,
      rootHash: encodeBase64(reference.rootHash()),
      checkpoint: cp.text,
    });
  });

  it('signs an empty log too (size 0, the RFC 6962 empty root)', async () => {
    const { get } = await world(0);
    const root = (await get('/v1/log/root', '/v1/log/root')).body;
    expect(root.size).toBe(0);
    expect(root.rootHash).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('answers without an API key and says nothing about callers (public)', async () => {
    const { app } = await world(1);
    const res = await app.request('/v1/log/checkpoint', { headers: { Authorization: 'Bearer not-a-key' } });
    expect(res.status).toBe(200);
  });
});

describe('GET /v1/log/entries/{index}', () => {
  it('returns the kind, payload and canonical body whose leaf hash the tree commits to', async () => {
    const { get, payloads, reference } = await world(5);
    for (let i = 0; i < 5; i += 1) {
      const { res, body } = await get(`/v1/log/entries/${i}`, '/v1/log/entries/{index}');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(body.kind).toBe('hook-decision');
      expect(body.payload).toEqual(payloads[i]!.payload);
      expect(body.body).toBe(
        `{"kind":"hook-decision","payload":{"seq":${i},"verdict":"${i % 2 ? 'reject' : 'admit'}"}}`,
      );
      expect(body.leafHash).toBe(encodeBase64(reference.leafHash(i)));
    }
  });

  it('answers 404 for an index at or past the log size, and 400 for one that is not a plain integer', async () => {
    const { get } = await world(3);
    const missing = await get('/v1/log/entries/3', '/v1/log/entries/{index}');
    expect([missing.res.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    for (const bad of ['-1', '01', '1.5', 'abc', '9999999999999999']) {
      const r = await get(`/v1/log/entries/${bad}`, '/v1/log/entries/{index}');
      expect([r.res.status, r.body.code, r.body.details.issues[0].path], bad).toEqual([
        400,
        'INPUT_INVALID',
        '/path/index',
      ]);
    }
  });
});

describe('GET /v1/log/inclusion', () => {
  it('proves every entry in every tree size, against the root an independent tree computes', async () => {
    const { get, reference } = await world(7);
    for (let size = 1; size <= 7; size += 1) {
      const root = MemoryMerkleTree.fromLeafHashes(
        Array.from({ length: size }, (_, i) => reference.leafHash(i)),
      ).rootHash();
      for (let index = 0; index < size; index += 1) {
        const { res, body } = await get(`/v1/log/inclusion?index=${index}&size=${size}`, '/v1/log/inclusion');
        expect(res.headers.get('cache-control')).toMatch(/immutable/);
        expect(body.rootHash).toBe(encodeBase64(root));
        expect(() =>
          verifyInclusion({
            leafIndex: index,
            treeSize: size,
            leafHash: hash(body.leafHash),
            proof: body.proof.map(hash),
            rootHash: root,
          }),
        ).not.toThrow();
      }
    }
  });

  it('defaults to the current size (not cacheable) and refuses ranges outside the log with codes', async () => {
    const { get } = await world(4);
    const current = await get('/v1/log/inclusion?index=2', '/v1/log/inclusion');
    expect(current.body.treeSize).toBe(4);
    expect(current.res.headers.get('cache-control')).toBe('no-store');
    const cases: [string, string][] = [
      ['index=4', 'LOG_RANGE_INVALID'],
      ['index=1&size=1', 'LOG_RANGE_INVALID'],
      ['index=0&size=5', 'LOG_RANGE_INVALID'],
      ['size=2', 'INPUT_INVALID'],
      ['index=x', 'INPUT_INVALID'],
    ];
    for (const [q, code] of cases) {
      const r = await get(`/v1/log/inclusion?${q}`, '/v1/log/inclusion');
      expect([r.res.status, r.body.code], q).toEqual([400, code]);
    }
  });
});

describe('GET /v1/log/consistency', () => {
  it('proves every older size is a prefix of every newer one', async () => {
    const { get, reference } = await world(7);
    const rootAt = (n: number) =>
      MemoryMerkleTree.fromLeafHashes(Array.from({ length: n }, (_, i) => reference.leafHash(i))).rootHash();
    for (let to = 1; to <= 7; to += 1) {
      for (let from = 1; from <= to; from += 1) {
        const { body } = await get(`/v1/log/consistency?from=${from}&to=${to}`, '/v1/log/consistency');
        expect([body.fromRoot, body.toRoot]).toEqual([encodeBase64(rootAt(from)), encodeBase64(rootAt(to))]);
        expect(() =>
          verifyConsistency({
            fromSize: from,
            toSize: to,
            fromRoot: rootAt(from),
            toRoot: rootAt(to),
            proof: body.proof.map(hash),
          }),
        ).not.toThrow();
      }
    }
  });

  it('links a checkpoint kept earlier to the one after new entries (the auditor flow)', async () => {
    const { get, log } = await world(3);
    const key = (await get('/v1/log/verifier-key', '/v1/log/verifier-key')).body.verifierKey;
    const before = verifyCheckpoint((await get('/v1/log/checkpoint', '/v1/log/checkpoint')).text, key);
    await log.appendEntry('report-commitment', { bodyDigest: 'x'.repeat(8) });
    await log.appendEntry('status-snapshot', { root: 'y'.repeat(8) });
    const after = verifyCheckpoint((await get('/v1/log/checkpoint', '/v1/log/checkpoint')).text, key);
    const { body } = await get(`/v1/log/consistency?from=${before.size}`, '/v1/log/consistency');
    expect([body.fromSize, body.toSize]).toEqual([3, 5]);
    expect(() =>
      verifyConsistency({
        fromSize: 3,
        toSize: 5,
        fromRoot: before.rootHash,
        toRoot: after.rootHash,
        proof: body.proof.map(hash),
      }),
    ).not.toThrow();
    // A proof for other sizes does not link these two checkpoints.
    const other = (await get('/v1/log/consistency?from=2&to=5', '/v1/log/consistency')).body;
    expect(() =>
      verifyConsistency({
        fromSize: 3,
        toSize: 5,
        fromRoot: before.rootHash,
        toRoot: after.rootHash,
        proof: other.proof.map(hash),
      }),
    ).toThrow();
  });

  it('refuses from = 0, from > to and to past the log with LOG_RANGE_INVALID', async () => {
    const { get } = await world(4);
    for (const q of ['from=0', 'from=3&to=2', 'from=1&to=9']) {
      const r = await get(`/v1/log/consistency?${q}`, '/v1/log/consistency');
      expect([r.res.status, r.body.code], q).toEqual([400, 'LOG_RANGE_INVALID']);
    }
  });
});
