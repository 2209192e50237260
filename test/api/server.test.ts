/** The real HTTP server: serving on loopback, and graceful shutdown that drains in-flight requests. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/api/create-app.js';
import { defineRoutes } from '../../src/api/route.js';
import { ROUTE_GROUPS } from '../../src/api/route-groups.js';
import { startServer } from '../../src/api/server/start-server.js';
import { makeTestApp } from './helpers.js';

/** A route that answers when the test releases it (or never). */
function slowGroup() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const started = new Promise<void>((r) => (entered = r));
  const group = defineRoutes({
    area: 'slow',
    routes: (route) => [
      route({
        method: 'get',
        path: '/slow',
        operationId: 'slow',
        summary: 'slow',
        roles: 'public',
        response: { schema: z.object({ done: z.boolean() }) },
        handler: async () => {
          entered();
          await released;
          return { done: true };
        },
      }),
    ],
  });
  return { group, release, started };
}

function get(url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    })
      .on('error', reject)
      .end();
  });
}

describe('startServer', () => {
  it('serves the app on loopback', async () => {
    const t = await makeTestApp();
    const server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${server.url}/healthz`);
    expect(res).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(await server.close()).toEqual({ drained: true });
  });

  it('refuses a port already in use with UNAVAILABLE', async () => {
    const t = await makeTestApp();
    const first = await startServer({ app: t.app, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000 });
    await expect(
      startServer({ app: t.app, host: '127.0.0.1', port: first.port, shutdownTimeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await first.close();
  });

  it('on close, finishes in-flight requests, refuses new connections, then resolves', async () => {
    const t = await makeTestApp();
    const slow = slowGroup();
    const server = await startServer({
      app: createApp(t.deps, [...ROUTE_GROUPS, slow.group]),
      host: '127.0.0.1',
      port: 0,
      shutdownTimeoutMs: 5000,
    });
    const inflight = get(`${server.url}/slow`);
    await slow.started;
    expect(server.inFlight()).toBe(1);
    const closing = server.close();
    await expect(get(`${server.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    slow.release();
    const res = await inflight;
    expect(res).toMatchObject({ status: 200, body: '{"done":true}', connection: 'close' });
    expect(await closing).toEqual({ drained: true });
  });

  it('cuts requests still running when the shutdown timeout passes', async () => {
    const t = await makeTestApp();
    const slow = slowGroup();
    const server = await startServer({
      app: createApp(t.deps, [...ROUTE_GROUPS, slow.group]),
      host: '127.0.0.1',
      port: 0,
      shutdownTimeoutMs: 200,
    });
    const inflight = get(`${server.url}/slow`).catch((e: Error) => e);
    await slow.started;
    const start = Date.now();
    expect(await server.close()).toEqual({ drained: false });
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(await inflight).toBeInstanceOf(Error);
    slow.release();
  });
});
