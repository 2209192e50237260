/**
 * openapi.yaml against the app, both ways: every declared route is documented and every documented
 * operation is served; ids, tags, roles (x-roles) and security agree; request and response schemas
 * agree with the zod declarations; errors are documented as problem+json; and real responses, for
 * every route and every caller, validate against what the spec documents for their status.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/api/openapi/spec.js';
import { allRoutes } from '../../src/api/route-groups.js';
import type { RouteDef } from '../../src/api/route.js';
import { ROLES } from '../../src/auth/index.js';
import {
  documentedOperations,
  inline,
  operation,
  parameters,
  ResponseValidator,
  sampleRequest,
  schemaDifferences,
  zodJsonSchema,
} from './contract-tools.js';
import { bearer, keysFor, makeTestApp } from './helpers.js';

const spec = loadSpec().doc;
const routes = allRoutes();
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;
const named = routes.map((r) => [key(r), r] as [string, RouteDef]);

describe('openapi.yaml documents the app and nothing else', () => {
  it('documents every route the app serves', () => {
    const documented = new Set(documentedOperations(spec).map(key));
    expect(routes.map(key).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('documents no operation the app does not serve', () => {
    const served = new Set(routes.map(key));
    expect(
      documentedOperations(spec)
        .map(key)
        .filter((k) => !served.has(k)),
    ).toEqual([]);
  });
});

describe.each(named)('%s', (_name, route) => {
  const op = operation(spec, route) ?? {};
  const responses = (op.responses ?? {}) as Record<string, unknown>;

  it('has the same operationId, tag and roles as its declaration', () => {
    expect(op.operationId).toBe(route.operationId);
    expect(op.tags?.[0]).toBe(route.area);
    expect([...(op['x-roles'] ?? [])].sort()).toEqual(route.roles === 'public' ? [] : [...route.roles].sort());
    expect(op['x-roles'].every((r: string) => (ROLES as readonly string[]).includes(r))).toBe(true);
  });

  it('declares security matching its roles', () => {
    expect(op.security).toEqual(route.roles === 'public' ? [] : [{ apiKey: [] }]);
  });

  it('documents the errors the framework can produce for it, as problem+json', () => {
    const need = ['500'];
    if (route.roles !== 'public') need.push('401', '403', '429');
    if (route.body) need.push('400', '413');
    if (route.params || route.query) need.push('400');
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(need));
    for (const [status, r] of Object.entries(responses)) {
      if (Number(status) < 400 || (status === '503' && route.operationId === 'getReadiness')) continue;
      const content = inline(spec, r).content ?? {};
      expect(Object.keys(content), status).toEqual(['application/problem+json']);
      expect(content['application/problem+json'].schema).toEqual(
        inline(spec, { $ref: '#/components/schemas/Problem' }),
      );
    }
  });

  it('documents its success response with the declared status, content type and schema', () => {
    const status = String(route.response.status ?? 200);
    const documented = inline(spec, responses[status]);
    expect(documented, `response ${status}`).toBeDefined();
    if ('schema' in route.response) {
      const media = documented.content?.['application/json'];
      expect(media, 'application/json').toBeDefined();
      expect(schemaDifferences(media.schema, zodJsonSchema(route.response.schema, 'output'))).toEqual([]);
    } else {
      expect(Object.keys(documented.content ?? {})).toContain(route.response.contentType);
    }
  });

  it('documents its path and query parameters with the declared schemas', () => {
    const params = parameters(spec, route);
    const templated = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(
      params
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort(),
    ).toEqual(templated.sort());
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      const documented = params.filter((p) => p.in === where);
      if (!schema) {
        if (where === 'query') expect(documented).toEqual([]);
        continue;
      }
      const derived = zodJsonSchema(schema, 'input') as {
        properties: Record<string, object>;
        required?: string[];
      };
      expect(documented.map((p) => p.name).sort()).toEqual(Object.keys(derived.properties).sort());
      for (const p of documented) {
        expect(schemaDifferences(p.schema, derived.properties[p.name]!, `/${where}/${p.name}`)).toEqual([]);
        expect(Boolean(p.required)).toBe(where === 'path' || (derived.required ?? []).includes(p.name));
      }
    }
  });

  it('documents its request body with the declared schema and an example the declaration accepts', () => {
    const body = inline(spec, op.requestBody);
    if (!route.body) {
      expect(body).toBeUndefined();
      return;
    }
    expect(body.required).toBe(true);
    // JSON always, plus each text media type the route reads into a body field (textBodies)
    expect(Object.keys(body.content ?? {}).sort()).toEqual(
      ['application/json', ...Object.keys(route.textBodies ?? {})].sort(),
    );
    const media = body.content?.['application/json'];
    expect(schemaDifferences(media.schema, zodJsonSchema(route.body, 'input'))).toEqual([]);
    expect(media.example, 'a request example (the role matrix and the docs page send it)').toBeDefined();
    expect(route.body.safeParse(media.example).success).toBe(true);
  });
});

describe('real responses match the documented schemas', () => {
  it('for every route, called with every role, without a key and with a bad key', async () => {
    const t = await makeTestApp();
    const keys = await keysFor(t.db, 'contract');
    const callers: Record<string, Record<string, string>> = {
      none: {},
      bad: bearer('vk_0123456789abcdef_' + 'A'.repeat(43)),
    };
    for (const role of ROLES) callers[role] = bearer(keys[role]);
    const validator = new ResponseValidator(spec);
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const [who, headers] of Object.entries(callers)) {
        const sample = sampleRequest(spec, route);
        const res = await t.app.request(sample.path, {
          method: route.method.toUpperCase(),
          headers: sample.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          ...(sample.body === undefined ? {} : { body: sample.body }),
        });
        const problems = validator.check(route, res.status, res.headers.get('content-type') ?? '', await res.text());
        checked += 1;
        for (const p of problems) failures.push(`${key(route)} as ${who} → ${res.status}: ${p}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length * (ROLES.length + 2)); // every role, no key, a bad key
  });

  it('for the admin key lifecycle, validation failures, size limits and an unready service', async () => {
    const t = await makeTestApp({
      config: { limits: { bodyBytes: 200 } },
      artifacts: () => ({ present: false, dev: true, reason: 'ARTIFACT_MISSING' }),
    });
    const { admin } = await keysFor(t.db, 'contract');
    const validator = new ResponseValidator(spec);
    const failures: string[] = [];
    const statuses: number[] = [];
    const send = async (method: string, path: string, routePath: string, body?: string) => {
      const res = await t.app.request(path, {
        method,
        headers: { ...bearer(admin), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      statuses.push(res.status);
      for (const p of validator.check(
        { method: method.toLowerCase() as 'get', path: routePath },
        res.status,
        res.headers.get('content-type') ?? '',
        text,
      ))
        failures.push(`${method} ${path} → ${res.status}: ${p}`);
      return text;
    };
    const created = JSON.parse(
      await send('POST', '/v1/admin/keys', '/v1/admin/keys', JSON.stringify({ role: 'issuer', label: 'l' })),
    );
    await send('GET', `/v1/admin/keys/${created.id}`, '/v1/admin/keys/{id}');
    await send('DELETE', `/v1/admin/keys/${created.id}`, '/v1/admin/keys/{id}');
    await send('GET', '/v1/admin/keys', '/v1/admin/keys');
    await send('GET', '/v1/admin/keys/NOT-HEX', '/v1/admin/keys/{id}');
    await send('POST', '/v1/admin/keys', '/v1/admin/keys', '{"role":');
    await send('POST', '/v1/admin/keys', '/v1/admin/keys', JSON.stringify({ role: 'king' }));
    await send('POST', '/v1/admin/keys', '/v1/admin/keys', JSON.stringify({ role: 'issuer', label: 'x'.repeat(300) }));
    await send('GET', '/readyz', '/readyz');
    expect(failures).toEqual([]);
    expect(statuses).toEqual([201, 200, 200, 200, 400, 400, 400, 413, 503]);
  });
});
