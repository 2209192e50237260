/**
 * Every declared route, called with a key of every role and with no key: 401 exactly when no key
 * (or a bad key) is sent to a protected route, 403 exactly when the key's role is not admitted,
 * and neither otherwise. Routes are discovered from the route table, so later areas are covered
 * by being declared.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/api/openapi/spec.js';
import { allRoutes } from '../../src/api/route-groups.js';
import { createApiKey, revokeApiKey, ROLES } from '../../src/auth/index.js';
import { sampleRequest } from './contract-tools.js';
import { apiKeysFor, bearer, keysFor, makeTestApp } from './helpers.js';

const spec = loadSpec().doc;
const routes = allRoutes();
const env = (async () => {
  const t = await makeTestApp();
  const keys = await keysFor(t.db, 'matrix');
  const revoked = await createApiKey(apiKeysFor(t.db), { role: 'admin', tenant: 'matrix' });
  await revokeApiKey(apiKeysFor(t.db), revoked.id);
  return { ...t, keys, revokedKey: revoked.key };
})();

async function call(route: (typeof routes)[number], headers: Record<string, string>) {
  const { app } = await env;
  const sample = sampleRequest(spec, route);
  const res = await app.request(sample.path, {
    method: route.method.toUpperCase(),
    headers: sample.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    ...(sample.body === undefined ? {} : { body: sample.body }),
  });
  const text = await res.text();
  return {
    status: res.status,
    code: res.headers.get('content-type')?.includes('problem') ? (JSON.parse(text).code as string) : undefined,
  };
}

describe('role matrix', () => {
  it('covers at least the shell routes', () => {
    expect(routes.map((r) => r.operationId)).toEqual(expect.arrayContaining(['whoami', 'listApiKeys', 'getHealth']));
  });

  describe.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
    it('without a key: 401 AUTH_REQUIRED if protected, never 401/403 if public', async () => {
      const r = await call(route, {});
      if (route.roles === 'public') expect([401, 403]).not.toContain(r.status);
      else expect(r).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
    });

    it.each(ROLES.map((role) => [role]))(
      'with a %s key: admitted exactly when the route lists the role',
      async (role) => {
        const { keys } = await env;
        const r = await call(route, bearer(keys[role]));
        if (route.roles === 'public' || route.roles.includes(role))
          expect([401, 403], `status ${r.status} ${r.code}`).not.toContain(r.status);
        else expect(r).toEqual({ status: 403, code: 'FORBIDDEN' });
      },
    );

    if (route.roles !== 'public') {
      it('with a revoked, a tampered or a malformed key: 401 AUTH_INVALID', async () => {
        const { keys, revokedKey } = await env;
        const tampered = `${keys.admin.slice(0, -4)}AAAA`;
        for (const key of [revokedKey, tampered, 'vk_nothex_short', 'not-a-key']) {
          expect(await call(route, bearer(key))).toEqual({ status: 401, code: 'AUTH_INVALID' });
        }
        expect(await call(route, { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })).toEqual({
          status: 401,
          code: 'AUTH_INVALID',
        });
      });
    }
  });
});
