/** Operational endpoints: health, readiness, metrics, JWKS, the docs page and the spec. */
import { readFileSync } from 'node:fs';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_PATH, loadSpec } from '../../src/api/openapi/spec.js';
import { DEV_ARTIFACTS_WARNING } from '../../src/api/routes/system.js';
import { allRoutes } from '../../src/api/route-groups.js';
import { TEST_STORE } from '../support/test-store.js';
import { makeTestApp, json } from './helpers.js';

describe('/healthz and /readyz', () => {
  it('reports liveness without checking dependencies', async () => {
    const t = await makeTestApp({ artifacts: () => ({ present: false, dev: false }) });
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and production artifacts are present', async () => {
    const t = await makeTestApp({ artifacts: () => ({ present: true, dev: false }) });
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      status: 'ready',
      mode: 'development',
      checks: {
        database: { ok: true, dialect: TEST_STORE, reachable: true, migrationsCurrent: true },
        artifacts: { ok: true, dev: false },
      },
      warnings: [],
    });
  });

  it('says loudly when running on dev-ceremony artifacts', async () => {
    const t = await makeTestApp({ artifacts: async () => ({ present: true, dev: true }) });
    const body = await json(await t.app.request('/readyz'));
    expect(body.status).toBe('ready');
    expect(body.checks.artifacts.dev).toBe(true);
    expect(body.warnings).toEqual([DEV_ARTIFACTS_WARNING]);
    expect(DEV_ARTIFACTS_WARNING).toMatch(/^DEV-ARTIFACTS: .*forge proofs/);
  });

  it('answers 503 when circuit artifacts are missing or their check throws', async () => {
    const missing = await makeTestApp({ artifacts: () => ({ present: false, dev: true, reason: 'ARTIFACT_MISSING' }) });
    const res = await missing.app.request('/readyz');
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.checks.artifacts).toEqual({
      ok: false,
      dev: true,
      detail: expect.stringContaining('vouch circuits build'),
    });
    expect(body.warnings).toEqual([]);
    const throwing = await makeTestApp({ artifacts: () => Promise.reject(new Error('disk on fire')) });
    const res2 = await throwing.app.request('/readyz');
    expect(res2.status).toBe(503);
    expect(await res2.text()).not.toContain('disk on fire');
  });

  it('answers 503 when the database is closed', async () => {
    const t = await makeTestApp();
    // the store the app keeps its state in goes away: the SQLite handle, or the PostgreSQL pool
    if (t.deps.pg) await t.deps.pg.close();
    else t.db.close();
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await json(res)).checks.database).toEqual({
      ok: false,
      dialect: TEST_STORE,
      reachable: false,
      migrationsCurrent: false,
      detail: t.deps.pg ? 'database unreachable (PostgreSQL)' : 'database unreachable',
    });
  });
});

describe('/metrics', () => {
  it('exposes request counts and latency histograms by route pattern and status, plus area counters', async () => {
    const t = await makeTestApp();
    t.deps.metrics.counter('vouch_test_widgets_total', 'Widgets by colour', ['colour']).inc({ colour: 'bl"ue' }, 2);
    await t.app.request('/healthz');
    await t.app.request('/healthz');
    await t.app.request('/v1/admin/keys/0123456789abcdef');
    await t.app.request('/no/such/path/123');
    const res = await t.app.request('/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE vouch_http_requests_total counter');
    expect(text).toContain('vouch_http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('vouch_http_requests_total{method="GET",route="/v1/admin/keys/{id}",status="401"} 1');
    expect(text).toContain('vouch_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).toContain(
      'vouch_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="+Inf"} 2',
    );
    expect(text).toContain('vouch_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('vouch_test_widgets_total{colour="bl\\"ue"} 2');
    // Every sample line parses as name{labels} value.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? [0-9.e+-]+$/);
    }
  });
});

describe('/.well-known/jwks.json', () => {
  it("publishes the service's Ed25519 public key, which verifies the service's signatures", async () => {
    const t = await makeTestApp();
    const res = await t.app.request('/.well-known/jwks.json');
    const { keys } = await json(res);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: t.deps.serviceKey!.kid,
    });
    expect(keys[0].d).toBeUndefined();
    const jws = await new CompactSign(new TextEncoder().encode('receipt'))
      .setProtectedHeader({ alg: 'EdDSA', kid: keys[0].kid })
      .sign(t.deps.serviceKey!.privateKey);
    const verified = await compactVerify(jws, await importJWK(keys[0], 'EdDSA'));
    expect(new TextDecoder().decode(verified.payload)).toBe('receipt');
  });

  it('never serves a private key member, even if a provider leaks one', async () => {
    const t = await makeTestApp();
    t.deps.jwks = () => ({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', d: 'PRIVATE', kid: 'k1' }] });
    const { createApp } = await import('../../src/api/create-app.js');
    const res = await createApp(t.deps).request('/.well-known/jwks.json');
    const text = await res.text();
    expect(text).not.toContain('PRIVATE');
    expect(JSON.parse(text).keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' });
  });
});

describe('/docs and /openapi.yaml', () => {
  it('serves the spec verbatim', async () => {
    const t = await makeTestApp();
    const res = await t.app.request('/openapi.yaml');
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(await res.text()).toBe(readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
  });

  it('renders every operation, its roles and every schema into one self-contained page', async () => {
    const t = await makeTestApp();
    const res = await t.app.request('/docs');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const r of allRoutes()) expect(html).toContain(`id="op-${r.operationId}"`);
    for (const name of Object.keys(loadSpec().doc.components?.schemas ?? {}))
      expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('roles: <b>admin</b>');
    expect(html).toContain('public: no API key needed');
    expect(html).toContain('<form class="try" data-method="post" data-path="/v1/admin/keys">');
  });

  it('wraps a long path in the sidebar instead of cutting it off', async () => {
    const t = await makeTestApp();
    const html = await (await t.app.request('/docs')).text();
    const nav = /<nav>([\s\S]*?)<\/nav>/.exec(html)![1]!;
    const links = [...nav.matchAll(/<a href="#op-[^"]+">([\s\S]*?)<\/a>/g)].map((m) => m[1]!);
    expect(links.length).toBe(allRoutes().length);
    // each path is its own flex item that may break anywhere (a path has no spaces to break at)
    for (const l of links) expect(l).toMatch(/^<span class="m \w+">\w+<\/span><span class="p">\/[^<]+<\/span>$/);
    expect(html).toContain('nav a .p{min-width:0;overflow-wrap:anywhere}');
  });

  it('loads nothing from anywhere: no external URL in any src/href/url(), and a CSP that forbids it', async () => {
    const t = await makeTestApp();
    const res = await t.app.request('/docs');
    const html = await res.text();
    const refs = [...html.matchAll(/\b(?:src|href|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !r.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|<link|<iframe|<img/i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|https?:/);
    // The inline script and style are exactly the ones the CSP hashes allow.
    const { createHash } = await import('node:crypto');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });
});
