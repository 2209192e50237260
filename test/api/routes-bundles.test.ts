/**
 * Report bundles and audit verification over HTTP: a tenant's tax report is signed, logged and
 * stored as a bundle, verified by an auditor with pinned keys (JWKS, log verifier key), disclosed
 * record by record, shared by grant and withdrawn; tampered bundles fail with the code of each
 * failed check (200, ok false); unusable keys or proofs are 400; nothing changes on a failure.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { loadOrCreateLogSigner } from '../../src/log/index.js';
import { bearer, makeTestApp } from './helpers.js';
import { LEDGER, TAX, clone, dump, failed, flipRoot, spec, world } from './reporting-world.js';

describe('report bundles and POST /v1/audit/verify', () => {
  async function taxBundle() {
    const w = await world();
    await w.importCsv(LEDGER);
    const created = await w.createBundle({ source: 'tax', ...TAX });
    expect(created.status).toBe(201);
    const full = await w.getBundle(created.body.id, w.acme.institution);
    return { ...w, created: created.body, bundle: full.body.bundle };
  }

  it('signs the tenant tax report into a logged bundle that an auditor verifies with pinned keys', async () => {
    const w = await taxBundle();
    const key = w.deps.serviceKey!;
    expect(w.created).toMatchObject({
      tenant: 'acme',
      kind: 'tax',
      institution: 'acme',
      period: '2026',
      kid: key.kid,
      recordCount: 2,
      logIndex: 0,
    });
    expect(w.bundle.records.map((r: any) => [r.record.type, r.record.tradeId, r.record.gain])).toEqual([
      ['disposal', 'T2', '991'],
      ['disposal', 'T3', '998'],
    ]);
    expect(w.bundle.aggregates.disposals).toEqual({ lines: 2, proceeds: '13995', costBasis: '12006', gain: '1989' });
    // The bundle's commitment is the log's entry at logIndex.
    const entry = await w.call('GET', `/v1/log/entries/${w.created.logIndex}`, '/v1/log/entries/{index}');
    expect([entry.body.kind, entry.body.payload.commitment]).toEqual(['report-commitment', w.created.commitmentRoot]);

    const r = await w.verify(w.bundle, {}, w.acme.institution);
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.checks.map((c: any) => [c.name, c.ok])).toEqual([
      ['signature', true],
      ['records', true],
      ['aggregates', true],
      ['checkpoint', true],
      ['log-inclusion', true],
    ]);
    expect(r.body.records).toEqual({ count: 2, present: 2, complete: true });
  });

  it('fails a tampered bundle with 200, ok false and the code of each check that failed', async () => {
    const w = await taxBundle();
    const other = await makeTestApp(); // a different service: different signing and log keys
    const cases: [string, (b: any) => void, string[], object?][] = [
      ['a record byte', (b) => (b.records[0].record.gain = '992'), ['BUNDLE_RECORD_MISMATCH']],
      [
        'an aggregate',
        (b) => (b.aggregates.disposals.gain = '1990'),
        ['BUNDLE_AGGREGATE_MISMATCH', 'BUNDLE_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'],
      ],
      [
        'the signature',
        (b) => (b.signature = b.signature.slice(0, -2) + (b.signature.endsWith('AA') ? 'BA' : 'AA')),
        ['BUNDLE_SIGNATURE_INVALID'],
      ],
      [
        'an inclusion-proof hash',
        (b) => (b.log.inclusionProof = [...b.log.inclusionProof, 'A'.repeat(43) + '=']),
        ['LOG_INCLUSION_INVALID'],
      ],
      [
        'the checkpoint root',
        (b) => (b.log.checkpoint = flipRoot(b.log.checkpoint)),
        ['CHECKPOINT_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID'],
      ],
      ['the log index', (b) => (b.log.index += 1), ['LOG_INCLUSION_INVALID']],
      ['the period label', (b) => (b.period = '2025'), ['BUNDLE_SIGNATURE_INVALID', 'LOG_INCLUSION_INVALID']],
      [
        'nothing, but keys of another service',
        () => undefined,
        ['BUNDLE_SIGNATURE_INVALID', 'CHECKPOINT_SIGNATURE_INVALID'],
        {
          jwks: { keys: [other.deps.serviceKey!.publicJwk] },
          logKey: loadOrCreateLogSigner({ dataDir: other.deps.dataDir }).verifierKey,
        },
      ],
    ];
    for (const [what, tamper, codes, extra] of cases) {
      const b = clone(w.bundle);
      tamper(b);
      const r = await w.verify(b, extra ?? {});
      expect([r.status, r.body.ok, failed(r)], what).toEqual([200, false, codes]);
    }
    const badKey = await w.verify(w.bundle, { jwks: { keys: [{ ...(await w.pins()).jwks.keys[0], x: 12345 }] } });
    expect([badKey.status, failed(badKey)]).toEqual([200, ['BUNDLE_SIGNATURE_INVALID']]);
    const malformed = await w.verify({ ...clone(w.bundle), version: 2 });
    expect([malformed.status, failed(malformed)]).toEqual([200, ['BUNDLE_MALFORMED']]);
  });

  it('checks consistency with a checkpoint the auditor kept earlier, given the log proof', async () => {
    const w = await taxBundle();
    const kept = (await w.call('GET', '/v1/log/checkpoint', '/v1/log/checkpoint')).text; // size 1
    const second = await w.createBundle({
      source: 'records',
      kind: 'generic',
      period: 'Q1',
      records: [{ a: '1' }, { a: '2' }, { a: '3' }],
    });
    const b2 = (await w.getBundle(second.body.id, w.acme.institution)).body.bundle;
    expect(b2.aggregates).toEqual({ recordCount: 3 });
    const proof = (await w.call('GET', '/v1/log/consistency?from=1&to=2', '/v1/log/consistency')).body;
    const ok = await w.verify(b2, { previousCheckpoint: kept, consistencyProof: proof });
    expect([ok.body.ok, ok.body.checks.at(-1)]).toEqual([
      true,
      { name: 'consistency', ok: true, detail: 'size 1 is a prefix of size 2' },
    ]);
    const missing = await w.verify(b2, { previousCheckpoint: kept });
    expect(failed(missing)).toEqual(['CONSISTENCY_PROOF_REQUIRED']);
    const wrong = await w.verify(b2, {
      previousCheckpoint: kept,
      consistencyProof: { ...proof, proof: [proof.toRoot] },
    });
    expect(failed(wrong)).toEqual(['CHECKPOINT_INCONSISTENT']);
  });

  it('answers 400 (not a verdict) when the pinned keys or the proof cannot be used, changing nothing', async () => {
    const w = await taxBundle();
    const before = await dump(w);
    const { jwks, logKey } = await w.pins();
    const withPrivate = { keys: [{ ...jwks.keys[0], d: 'AAAA' }] };
    const cases: [object, string][] = [
      [{ jwks: withPrivate }, 'JWKS_INVALID'],
      [{ logKey: 'not a key' }, 'VERIFIER_KEY_INVALID'],
      [{ jwks: { keys: 'none' } }, 'INPUT_INVALID'],
      [
        {
          previousCheckpoint: 'x',
          consistencyProof: { fromSize: 1, toSize: 2, fromRoot: 'bad', toRoot: 'bad', proof: [] },
        },
        'INPUT_INVALID',
      ],
    ];
    for (const [extra, code] of cases) {
      const r = await w.call('POST', '/v1/audit/verify', '/v1/audit/verify', w.auditCo.auditor, {
        bundle: w.bundle,
        jwks,
        logKey,
        ...extra,
      });
      expect([r.status, r.body.code], code).toEqual([400, code]);
    }
    expect(await dump(w)).toBe(before);
  });

  it('verifies the example documented in openapi.yaml (the docs show a real bundle)', async () => {
    const w = await world();
    const example = (spec.paths['/v1/audit/verify'] as any).post.requestBody.content['application/json'].example;
    const r = await w.call('POST', '/v1/audit/verify', '/v1/audit/verify', w.auditCo.auditor, example);
    expect([r.status, r.body.ok, r.body.checks.length]).toEqual([200, true, 5]);
  });

  it('discloses chosen records with Merkle proofs; the disclosure verifies and hides the rest', async () => {
    const w = await taxBundle();
    const d = await w.call(
      'POST',
      `/v1/reports/bundles/${w.created.id}/disclosures`,
      '/v1/reports/bundles/{id}/disclosures',
      w.acme.institution,
      { records: [1] },
    );
    expect(d.status).toBe(200);
    expect(d.body.records.map((r: any) => r.index)).toEqual([1]);
    expect(d.body.records[0].proof).toHaveLength(1);
    expect(d.text).not.toContain(w.bundle.records[0].salt);
    const r = await w.verify(d.body);
    expect([r.body.ok, r.body.records, r.body.skipped[0].name]).toEqual([
      true,
      { count: 2, present: 1, complete: false },
      'aggregates',
    ]);
    const before = await dump(w);
    const out = await w.call(
      'POST',
      `/v1/reports/bundles/${w.created.id}/disclosures`,
      '/v1/reports/bundles/{id}/disclosures',
      w.acme.institution,
      { records: [2] },
    );
    expect([out.status, out.body.details.issues[0].path]).toEqual([400, '/body/records']);
    expect(await dump(w)).toBe(before);
  });

  it('lets an auditor tenant read a bundle only by grant: whole, or the granted records, until revoked', async () => {
    const w = await taxBundle();
    const id = w.created.id;
    const path = `/v1/reports/bundles/${id}/grants`;
    expect((await w.getBundle(id, w.auditCo.auditor)).status).toBe(404);
    expect((await w.getBundle(id, w.acme.auditor)).status).toBe(404); // auditor access is by grant, own tenant too

    const g = await w.call('POST', path, '/v1/reports/bundles/{id}/grants', w.acme.institution, { tenant: 'audit-co' });
    expect(g.status).toBe(201);
    expect(g.body).toEqual({ bundleId: id, tenant: 'audit-co', records: null, grantedAt: '2026-01-15T12:00:00.000Z' });
    const whole = await w.getBundle(id, w.auditCo.auditor);
    expect([whole.status, whole.body.disclosure, whole.body.bundle]).toEqual([200, false, w.bundle]);

    await w.call('POST', path, '/v1/reports/bundles/{id}/grants', w.acme.institution, {
      tenant: 'audit-co',
      records: [1, 1],
    });
    const part = await w.getBundle(id, w.auditCo.auditor);
    expect([part.body.disclosure, part.body.bundle.records.map((r: any) => r.index)]).toEqual([true, [1]]);
    expect((await w.verify(part.body.bundle)).body.ok).toBe(true);
    expect(part.text).not.toContain(w.bundle.records[0].salt);

    const list = await w.call('GET', path, '/v1/reports/bundles/{id}/grants', w.acme.institution);
    expect(list.body.grants.map((x: any) => [x.tenant, x.records])).toEqual([['audit-co', [1]]]);
    const revoked = await w.call(
      'DELETE',
      `${path}/audit-co`,
      '/v1/reports/bundles/{id}/grants/{tenant}',
      w.acme.institution,
    );
    expect([revoked.status, revoked.body.tenant]).toEqual([200, 'audit-co']);
    expect((await w.getBundle(id, w.auditCo.auditor)).status).toBe(404);
    const again = await w.call(
      'DELETE',
      `${path}/audit-co`,
      '/v1/reports/bundles/{id}/grants/{tenant}',
      w.acme.institution,
    );
    expect([again.status, again.body.code]).toEqual([404, 'NOT_FOUND']);

    const before = await dump(w);
    const bad = await w.call('POST', path, '/v1/reports/bundles/{id}/grants', w.acme.institution, {
      tenant: 'audit-co',
      records: [5],
    });
    expect([bad.status, bad.body.details.issues[0].path]).toEqual([400, '/body/records']);
    const badTenant = await w.call('POST', path, '/v1/reports/bundles/{id}/grants', w.acme.institution, {
      tenant: 'Not A Tenant',
    });
    expect([badTenant.status, badTenant.body.details.issues[0].path]).toEqual([400, '/body/tenant']);
    expect(await dump(w)).toBe(before);
  });

  it('refuses a bundle it cannot build (no aggregates for an unknown kind, no signing key) without logging anything', async () => {
    const w = await world();
    const before = await dump(w);
    const r = await w.createBundle({ source: 'records', kind: 'custom-kind', period: '2026', records: [{ a: 1 }] });
    expect([r.status, r.body.code, r.body.details.issues[0].path]).toEqual([400, 'INPUT_INVALID', '/body/aggregates']);
    const badKind = await w.createBundle({ source: 'records', kind: 'Upper', period: '2026', records: [] });
    expect([badKind.status, badKind.body.details.issues[0].path]).toEqual([400, '/body/kind']);
    const badTax = await w.createBundle({
      source: 'tax',
      method: 'FIFO',
      year: 2026,
      jurisdiction: 'US',
      prices: 'time,asset\n',
    });
    expect([badTax.status, badTax.body.code]).toEqual([400, 'PRICE_ROW_INVALID']);
    const keyless = createApp({ ...w.deps, serviceKey: undefined });
    const res = await keyless.request('/v1/reports/bundles', {
      method: 'POST',
      headers: { ...bearer(w.acme.institution), 'Content-Type': 'application/json' },
      body: JSON.stringify({ source: 'records', kind: 'generic', period: '2026', records: [] }),
    });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([503, 'UNAVAILABLE']);
    expect(await dump(w)).toBe(before);
  });
});
