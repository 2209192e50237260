/**
 * Shared world for the reporting route tests: a test app with only the keys they use, a small
 * real ledger, price table and CARF identity file, a caller that validates every response against
 * openapi.yaml, and a full database dump to prove failed requests change nothing.
 */
import { expect } from 'vitest';
import { loadSpec } from '../../src/api/openapi/spec.js';
import { createApiKey, type Role } from '../../src/auth/index.js';
import { apiKeysOf } from '../../src/api/services/api-key-store.js';
import { ResponseValidator } from './contract-tools.js';
import { bearer, dumpStores, makeTestApp, type TestApp, type TestAppOptions } from './helpers.js';
import { CARF_USERS } from '../support/carf-users.js';

export const spec = loadSpec().doc;
export const HEADER = 'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind';
export const ROWS = [
  '2025-02-01T00:00:00Z,alice,BTC,buy,0.5,40000,USD,10,USD,V,T1,spot',
  '2026-03-01T00:00:00Z,alice,BTC,sell,0.2,45000,USD,5,USD,V,T2,spot',
  '2026-04-01T00:00:00Z,alice,ETH,buy,2,0.05,BTC,,,V,T3,spot',
];
export const LEDGER = `${HEADER}\n${ROWS.join('\n')}\n`;
export const PRICES = 'time,asset,quote,price\n2026-04-01T00:00:00Z,BTC,USD,50000\n';
export const USERS = { rcasp: CARF_USERS.rcasp, users: { alice: CARF_USERS.users.alice } };
export const TAX = { method: 'FIFO', year: 2026, jurisdiction: 'US', prices: PRICES };

export interface Reply {
  status: number;
  type: string;
  text: string;
  body: any;
}

export async function world(options: TestAppOptions = {}) {
  const t = await makeTestApp(options);
  // Only the keys these tests use: each one costs an scrypt hash (and one more on first use).
  const acme = { institution: await keyFor(t, 'institution', 'acme'), auditor: await keyFor(t, 'auditor', 'acme') };
  const auditCo = { auditor: await keyFor(t, 'auditor', 'audit-co') };
  const validator = new ResponseValidator(spec);
  /** One request; its response must be what openapi.yaml documents for that status. */
  const call = async (
    method: string,
    path: string,
    routePath: string,
    key?: string,
    body?: unknown,
  ): Promise<Reply> => {
    const res = await t.app.request(path, {
      method,
      headers: { ...(key ? bearer(key) : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const problems = validator.check(
      { method: method.toLowerCase() as 'get', path: routePath },
      res.status,
      type,
      text,
    );
    expect(problems, `${method} ${path} → ${res.status}`).toEqual([]);
    return { status: res.status, type, text, body: /json/.test(type) ? JSON.parse(text) : undefined };
  };
  const importCsv = (csv: string, key = acme.institution) =>
    call('POST', '/v1/ledger/fills', '/v1/ledger/fills', key, { csv });
  const tax = (body: object, key = acme.institution) => call('POST', '/v1/reports/tax', '/v1/reports/tax', key, body);
  const createBundle = (body: object, key = acme.institution) =>
    call('POST', '/v1/reports/bundles', '/v1/reports/bundles', key, body);
  const getBundle = (id: string, key: string) =>
    call('GET', `/v1/reports/bundles/${id}`, '/v1/reports/bundles/{id}', key);
  const pins = async () => ({
    jwks: JSON.parse(await (await t.app.request('/.well-known/jwks.json')).text()),
    logKey: (await call('GET', '/v1/log/verifier-key', '/v1/log/verifier-key')).body.verifierKey as string,
  });
  const verify = async (bundle: unknown, extra: object = {}, key = auditCo.auditor) =>
    call('POST', '/v1/audit/verify', '/v1/audit/verify', key, { bundle, ...(await pins()), ...extra });
  return { ...t, acme, auditCo, call, importCsv, tax, createBundle, getBundle, pins, verify };
}

/** A key in the store the app authenticates against (PostgreSQL when the app runs on it). */
export async function keyFor(t: TestApp, role: Role, tenant: string): Promise<string> {
  return (await createApiKey(apiKeysOf(t.deps), { role, tenant })).key;
}

/** Every table, every row, of every store the app uses: a request that fails must leave this unchanged. */
export const dump = (t: TestApp): Promise<string> => dumpStores(t);

/** The checkpoint with one character of its root hash line changed. */
export const flipRoot = (note: string) => {
  const lines = note.split('\n');
  lines[2] = (lines[2]![0] === 'A' ? 'B' : 'A') + lines[2]!.slice(1);
  return lines.join('\n');
};
export const failed = (r: Reply) =>
  (r.body.checks as { ok: boolean; code?: string }[])
    .filter((c) => !c.ok)
    .map((c) => c.code)
    .sort();
export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
