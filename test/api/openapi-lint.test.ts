/**
 * openapi.yaml lints clean under Redocly's `recommended-strict` rule set (the engine of
 * `redocly lint`, run in-process so `npm test` needs no extra binary and no network).
 * One documented exception: `operation-4xx-response` for public operational endpoints
 * (/healthz, /metrics, ...), which have no client error to report; protected operations must
 * document 401/403/429, which contract.test.ts enforces more strictly than the rule does.
 */
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_PATH } from '../../src/api/openapi/spec.js';
import { allRoutes } from '../../src/api/route-groups.js';

const pointer = (path: string, method: string) =>
  `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses`;

describe('openapi.yaml', () => {
  it('lints clean with the recommended-strict rules', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const problems = await lint({ ref: DEFAULT_SPEC_PATH, config });
    const exempt = new Set(
      allRoutes()
        .filter((r) => r.roles === 'public')
        .map((r) => pointer(r.path, r.method)),
    );
    const remaining = problems
      .filter((p) => !(p.ruleId === 'operation-4xx-response' && exempt.has(p.location[0]?.pointer ?? '')))
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(remaining).toEqual([]);
  });

  it('is checked by a linter that does find problems (an operation without responses fails)', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const { lintFromString } = await import('@redocly/openapi-core');
    const problems = await lintFromString({
      source: 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /x:\n    get: {}\n',
      absoluteRef: '/tmp/broken.yaml',
      config,
    });
    expect(problems.map((p) => p.ruleId)).toEqual(expect.arrayContaining(['operation-summary', 'security-defined']));
  });
});
