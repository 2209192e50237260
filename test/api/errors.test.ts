import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoutes } from '../../src/api/route.js';
import { ROUTE_GROUPS } from '../../src/api/route-groups.js';
import { VouchError } from '../../src/errors/index.js';
import { bearer, keysFor, makeTestApp, json } from './helpers.js';

/** A test-only area exercising every error path through the real framework. */
const probe = defineRoutes({
  area: 'probe',
  routes: (route) => [
    route({
      method: 'get',
      path: '/probe/throw/{kind}',
      operationId: 'probeThrow',
      summary: 'throws',
      roles: 'public',
      params: z.object({ kind: z.string() }),
      response: { schema: z.object({}) },
      handler: ({ params }) => {
        if (params.kind === 'vouch') throw new VouchError('PROOF_INVALID', 'the proof does not verify');
        if (params.kind === 'conflict') throw new VouchError('CONFLICT', 'already exists', { details: { id: 'x1' } });
        if (params.kind === 'http') throw new HTTPException(418, { message: 'teapot internals' });
        if (params.kind === 'internal-coded')
          throw new VouchError('ARTIFACT_HASH_MISMATCH', 'zkey hash differs', { details: { path: '/secret/path' } });
        throw new Error('database password is hunter2');
      },
    }),
    route({
      method: 'post',
      path: '/probe/echo',
      operationId: 'probeEcho',
      summary: 'echo',
      roles: ['institution'],
      bodyLimit: 64,
      body: z.strictObject({ n: z.number().int(), items: z.array(z.string()).optional() }),
      response: { schema: z.object({ n: z.number() }) },
      handler: ({ body }) => ({ n: body.n }),
    }),
    route({
      method: 'get',
      path: '/probe/bad-result',
      operationId: 'probeBadResult',
      summary: 'violates its own schema',
      roles: 'public',
      response: { schema: z.object({ n: z.number() }) },
      handler: () => ({ n: 'not a number' }) as unknown as { n: number },
    }),
    route({
      method: 'get',
      path: '/probe/strip',
      operationId: 'probeStrip',
      summary: 'returns an undeclared field',
      roles: 'public',
      response: { schema: z.object({ id: z.string() }) },
      handler: () => ({ id: 'a', secretHash: 'scrypt$...' }) as { id: string },
    }),
  ],
});

async function build() {
  const t = await makeTestApp({ groups: [...ROUTE_GROUPS, probe] });
  const keys = await keysFor(t.db, 'acme');
  return { ...t, keys };
}
/** One app for the file: the tests only read state (logs accumulate; assertions allow that). */
let shared: ReturnType<typeof build> | undefined;
const setup = () => (shared ??= build());

describe('errors as problem+json', () => {
  it('maps a VouchError code to the status of its kind with an RFC 9457 body', async () => {
    const { app } = await setup();
    const res = await app.request('/probe/throw/vouch');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await json(res);
    expect(body).toEqual({
      type: 'https://vouch.dev/problems/proof_invalid',
      title: 'The proof does not verify',
      status: 422,
      code: 'PROOF_INVALID',
      detail: 'the proof does not verify',
      instance: res.headers.get('x-request-id'),
    });
  });

  it('passes non-secret details through for client errors', async () => {
    const { app } = await setup();
    const res = await app.request('/probe/throw/conflict');
    expect(res.status).toBe(409);
    expect((await json(res)).details).toEqual({ id: 'x1' });
  });

  it('answers an unknown error with 500 INTERNAL and no internals', async () => {
    const { app, logs } = await setup();
    const res = await app.request('/probe/throw/unknown');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', detail: 'internal error', status: 500 });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    expect(logs()).toContain('"code":"INTERNAL"');
  });

  it('omits details of internal-kind coded errors', async () => {
    const { app } = await setup();
    const res = await app.request('/probe/throw/internal-coded');
    expect(res.status).toBe(500);
    const body = await json(res);
    expect(body.code).toBe('ARTIFACT_HASH_MISMATCH');
    expect(body.details).toBeUndefined();
  });

  it("maps hono's HTTPException to a coded error without its message", async () => {
    const { app } = await setup();
    const res = await app.request('/probe/throw/http');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).code).toBe('INPUT_INVALID');
    expect(text).not.toContain('teapot internals');
  });

  it('answers malformed JSON with INPUT_INVALID', async () => {
    const { app, keys } = await setup();
    const res = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'application/json' },
      body: '{"n": 1,',
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('INPUT_INVALID');
    expect(body.details.issues[0].path).toBe('/body');
  });

  it('refuses a body that is not JSON by content type', async () => {
    const { app, keys } = await setup();
    const res = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'text/plain' },
      body: '{"n":1}',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).details.issues[0].code).toBe('content_type');
  });

  it('reports zod validation failures with JSON pointer paths', async () => {
    const { app, keys } = await setup();
    const res = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'application/json' },
      body: JSON.stringify({ n: 1.5, items: ['a', 7], extra: true }),
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('INPUT_INVALID');
    const paths = body.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['/body', '/body/items/1', '/body/n']);
  });

  it('answers a body over the route limit with 413 INPUT_TOO_LARGE (declared length and chunked)', async () => {
    const { app, keys } = await setup();
    const big = JSON.stringify({ n: 1, items: ['x'.repeat(100)] });
    const declared = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect((await json(declared)).code).toBe('INPUT_TOO_LARGE');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big.slice(0, 40)));
        controller.enqueue(new TextEncoder().encode(big.slice(40)));
        controller.close();
      },
    });
    const chunked = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const ok = await app.request('/probe/echo', {
      method: 'POST',
      headers: { ...bearer(keys.institution), 'Content-Type': 'application/json' },
      body: '{"n":3}',
    });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ n: 3 });
  });

  it('applies the configured default body limit to routes without their own', async () => {
    const t = await makeTestApp({ config: { limits: { bodyBytes: 100 } } });
    const [admin] = [(await keysFor(t.db, 'acme')).admin];
    const res = await t.app.request('/v1/admin/keys', {
      method: 'POST',
      headers: { ...bearer(admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'auditor', label: 'x'.repeat(95) }),
    });
    expect(res.status).toBe(413);
  });

  it('answers an unknown path with a NOT_FOUND problem', async () => {
    const { app } = await setup();
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await json(res)).code).toBe('NOT_FOUND');
  });

  it('turns a handler result that breaks its own schema into a logged 500', async () => {
    const { app, logs } = await setup();
    const res = await app.request('/probe/bad-result');
    expect(res.status).toBe(500);
    expect(logs()).toContain('handler result does not match its response schema');
    expect(logs()).toContain('probeBadResult');
  });

  it('strips fields a response schema does not declare', async () => {
    const { app } = await setup();
    const res = await app.request('/probe/strip');
    expect(await json(res)).toEqual({ id: 'a' });
  });
});

describe('request ids', () => {
  it('sets X-Request-Id on success, error and not-found responses, and uses it as the problem instance', async () => {
    const { app } = await setup();
    for (const path of ['/healthz', '/probe/throw/vouch', '/nope', '/v1/whoami']) {
      const res = await app.request(path);
      const id = res.headers.get('x-request-id');
      expect(id, path).toMatch(/^[0-9a-f-]{36}$/);
      if (res.status >= 400) expect((await json(res)).instance).toBe(id);
    }
  });

  it("echoes a caller's plain request id and replaces an unsafe one", async () => {
    const { app } = await setup();
    const kept = await app.request('/healthz', { headers: { 'X-Request-Id': 'trace-abc_123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc_123');
    const replaced = await app.request('/healthz', { headers: { 'X-Request-Id': 'evil <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await app.request('/healthz', { headers: { 'X-Request-Id': 'a'.repeat(200) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logs', () => {
  it('never contain the API key, the Authorization header or a created key', async () => {
    const { app, keys, logs } = await setup();
    await app.request('/v1/whoami', { headers: bearer(keys.admin) });
    await app.request('/v1/whoami', { headers: bearer(`${keys.admin.slice(0, -2)}xx`) });
    const created = await app.request('/v1/admin/keys', {
      method: 'POST',
      headers: { ...bearer(keys.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'venue' }),
    });
    const newKey = (await json(created)).key as string;
    const text = logs();
    expect(text).toContain('"route":"/v1/whoami"');
    for (const secret of [keys.admin, keys.admin.slice(20), newKey, newKey.slice(20), 'Bearer']) {
      expect(text).not.toContain(secret);
    }
  });

  it('redact secret and personal fields wherever a caller logs them', async () => {
    const { deps, logs } = await setup();
    deps.logger.info(
      {
        req: { headers: { authorization: 'Bearer vk_0123456789abcdef_S3CRET' } },
        issuer: { privateKey: 'PRIVATE-PEM', kek: 'KEK-BYTES' },
        holder: { holderSecret: '123456789', attributes: { birthYear: 1990 } },
        proof: { witness: ['W1'] },
        email: 'a@b.example',
      },
      'context',
    );
    // the line itself, without its timestamp: a 13-digit time (or another line's random id) may
    // contain '1990' or '123456789' by chance, which says nothing about redaction
    const line = logs()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'context');
    expect(line).toBeDefined();
    const { time: _time, ...fields } = line!;
    const text = JSON.stringify(fields);
    for (const s of ['S3CRET', 'PRIVATE-PEM', 'KEK-BYTES', '123456789', '1990', 'W1', 'a@b.example'])
      expect(text).not.toContain(s);
    expect(text).toContain('[redacted]');
  });
});
