/**
 * Every route, every string field, hostile input: malformed JSON, oversize bodies, wrong types,
 * unknown fields, SQL metacharacters, very long and non-UTF-8 strings. Each answer is a coded
 * problem (never a 5xx, never a stack), and a rejected request leaves the database exactly as it
 * was (a dump of every table before and after). Routes are enumerated from the route table, the
 * bodies derived from the spec's examples, so new routes are covered automatically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/api/route-groups.js';
import { loadSpec } from '../../src/api/openapi/spec.js';
import type { RouteDef } from '../../src/api/route.js';
import { releaseCurves } from '../../src/zk/index.js';
import { sampleRequest } from '../api/contract-tools.js';
import { bearer, dumpStores, keysFor, makeTestApp, type TestApp } from '../api/helpers.js';

let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
const spec = loadSpec().doc;
export const tried = { requests: 0 };

beforeAll(async () => {
  t = await makeTestApp({
    config: { limits: { bodyBytes: 64 * 1024 }, rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } },
  });
  keys = await keysFor(t.db, 'hardening');
});
afterAll(releaseCurves);

const SQL = "x'; DROP TABLE api_keys; --";
const LONG = 'A'.repeat(100_000);

/** Every path to a string value in a JSON value. */
function stringPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}

function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

function mutations(body: string): { name: string; raw: string | Uint8Array }[] {
  const out: { name: string; raw: string | Uint8Array }[] = [
    { name: 'truncated JSON', raw: body.slice(0, Math.max(1, body.length - 2)) },
    { name: 'not JSON', raw: 'not json at all' },
    { name: 'JSON array instead of object', raw: '[]' },
    { name: 'JSON null', raw: 'null' },
    { name: 'oversize body', raw: `{"x":"${'B'.repeat(70 * 1024)}"}` },
  ];
  const parsed = JSON.parse(body) as unknown;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    out.push({ name: 'unknown top-level field', raw: JSON.stringify({ ...parsed, zzUnknownField: 1 }) });
  }
  for (const p of stringPaths(parsed)) {
    const where = p.join('.');
    out.push({ name: `${where}: SQL metacharacters`, raw: JSON.stringify(setAt(parsed, p, SQL)) });
    out.push({ name: `${where}: 100k characters`, raw: JSON.stringify(setAt(parsed, p, LONG)) });
    out.push({ name: `${where}: number instead of string`, raw: JSON.stringify(setAt(parsed, p, 12345)) });
    out.push({ name: `${where}: object instead of string`, raw: JSON.stringify(setAt(parsed, p, { a: 1 })) });
    // invalid UTF-8 inside the string: splice raw bytes 0xC3 0x28 into the encoded body
    const marker = '__NONUTF8__';
    const enc = new TextEncoder().encode(JSON.stringify(setAt(parsed, p, marker)));
    const text = new TextDecoder().decode(enc);
    const i = text.indexOf(marker);
    const bytes = new Uint8Array([...enc.slice(0, i), 0xc3, 0x28, 0xff, ...enc.slice(i + marker.length)]);
    out.push({ name: `${where}: non-UTF-8 bytes`, raw: bytes });
  }
  return out;
}

function keyFor(route: RouteDef): string | undefined {
  return route.roles === 'public' ? undefined : keys[route.roles[0]!];
}

describe('hostile input to every route', () => {
  it('answers every mutation with a coded 4xx (or a 2xx it can justify), never a 5xx, and changes nothing when it refuses', async () => {
    const failures: string[] = [];
    const routes = allRoutes().filter((r) => r.body);
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const sample = sampleRequest(spec, route);
      const key = keyFor(route);
      for (const m of mutations(sample.body ?? '{}')) {
        const before = await dumpStores(t);
        const res = await t.app.request(sample.path, {
          method: route.method.toUpperCase(),
          headers: { ...(key ? bearer(key) : {}), 'content-type': 'application/json' },
          body: m.raw,
        });
        tried.requests += 1;
        const label = `${route.method.toUpperCase()} ${route.path} [${m.name}] → ${res.status}`;
        const text = await res.text();
        if (res.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
        else if (res.status >= 400) {
          let code: unknown;
          try {
            code = (JSON.parse(text) as { code?: unknown }).code;
          } catch {
            code = undefined;
          }
          if (typeof code !== 'string') failures.push(`${label}: no code`);
          if ((await dumpStores(t)) !== before) failures.push(`${label}: database changed by a refused request`);
        }
        if (/at .*\.(ts|js):\d+/.test(text)) failures.push(`${label}: stack trace in the response`);
      }
    }
    process.stdout.write(
      `hardening/http-inputs: ${tried.requests} hostile requests to ${routes.length} routes with bodies\n`,
    );
    expect(failures).toEqual([]);
    expect(tried.requests).toBeGreaterThan(100);
  }, 300_000);
});
