/**
 * HTTP conventions a client can rely on: ledger CSV is accepted as `text/csv` as well as wrapped in
 * JSON; a request the hook cannot read (a proof that is not a proof file, a trade that is not a
 * trade) is a 400 with a code, while a well-formed trade that is refused stays a 200 decision with
 * `allowed: false`; a 403 names the roles that may call the operation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
beforeAll(async () => {
  t = await makeTestApp();
  keys = await keysFor(t.db, 'venue-one');
});

const send = (path: string, key: string, body: string, type = 'application/json') =>
  t.app.request(path, { method: 'POST', headers: { ...bearer(key), 'content-type': type }, body });

const CSV =
  'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind\n2026-01-05T10:00:00Z,alice,BTC,buy,0.5,40000,USD,10,USD,example-venue,T1,spot\n';
const TRADE = {
  venue: 'venue-one',
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.1',
  price: '60000',
  nonce: '0123456789abcdef',
  time: 1767225600,
};
const zero = ['0', '0', '1'];
/** A well-formed proof file for a policy no venue enforces: readable, and refused. */
const PROOF = {
  type: 'vouch-proof',
  version: 1,
  policy: { id: 'no-such-policy', version: '1.0.0', policyHash: '1' },
  binding: { kind: 'trade', canonical: '{}' },
  proof: {
    pi_a: zero,
    pi_b: [
      ['0', '0'],
      ['0', '0'],
      ['1', '0'],
    ],
    pi_c: zero,
    protocol: 'groth16',
    curve: 'bn128',
  },
  publicSignals: ['0', '0', '0', '0', '0', '0', '0'],
  createdAt: 1767225600,
};

describe('ledger imports', () => {
  it('accepts CSV sent as text/csv, like the same CSV wrapped in JSON', async () => {
    const r = await send('/v1/ledger/fills', keys.institution, CSV, 'text/csv; charset=utf-8');
    expect(r.status).toBe(201);
    expect(await json(r)).toMatchObject({ source: 'csv', fills: 1, tenant: 'venue-one' });
    const wrapped = await send(
      '/v1/ledger/fills',
      keys.institution,
      JSON.stringify({ csv: CSV.replace(',T1,', ',T2,') }),
    );
    expect(wrapped.status).toBe(201);
  });

  it('refuses a malformed CSV body by line with a ledger code, and another content type naming both accepted ones', async () => {
    const bad = await send(
      '/v1/ledger/fills',
      keys.institution,
      CSV.replace('0.5', 'half').replace(',T1,', ',T3,'),
      'text/csv',
    );
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: 'LEDGER_ROW_INVALID', details: { line: 2 } });
    const other = await send('/v1/ledger/fills', keys.institution, CSV, 'text/plain');
    expect(other.status).toBe(400);
    const p = await json(other);
    expect(p.code).toBe('INPUT_INVALID');
    expect(p.detail).toContain('text/csv');
  });
});

describe('a malformed request is a 400, a refused trade a 200 decision', () => {
  it('answers 400 PROOF_MALFORMED for a proof that is not a proof file, on trades, verify and sessions', async () => {
    for (const [path, key, body] of [
      ['/v1/trades', keys.venue, { trade: TRADE, proof: { type: 'vouch-proof' } }],
      ['/v1/verify', keys.auditor, { trade: TRADE, proof: { ...PROOF, publicSignals: ['0'] } }],
      ['/v1/sessions', keys.venue, { proof: { nonsense: true } }],
    ] as const) {
      const r = await send(path, key, JSON.stringify(body));
      expect(r.status, path).toBe(400);
      expect((await json(r)).code, path).toBe('PROOF_MALFORMED');
    }
  });

  it('answers 400 TRADE_INVALID naming the field for a trade that is not a trade', async () => {
    const r = await send('/v1/trades', keys.venue, JSON.stringify({ trade: { ...TRADE, size: '-1' }, proof: PROOF }));
    expect(r.status).toBe(400);
    expect(await json(r)).toMatchObject({
      code: 'TRADE_INVALID',
      details: { field: 'size', pointer: '/body/trade/size' },
    });
    const order = await send(
      '/v1/sessions/ses_AAAAAAAAAAAAAAAA/orders',
      keys.venue,
      JSON.stringify({ trade: { ...TRADE, side: 'hold' }, signature: 'x' }),
    );
    expect(order.status).toBe(400);
    expect((await json(order)).code).toBe('TRADE_INVALID');
  });

  it('answers 200 with allowed: false and a signed receipt for a well-formed trade it refuses', async () => {
    const r = await send('/v1/trades', keys.venue, JSON.stringify({ trade: TRADE, proof: PROOF }));
    expect(r.status).toBe(200);
    const d = await json(r);
    expect(d).toMatchObject({ allowed: false, code: 'POLICY_UNKNOWN' });
    expect(typeof d.receipt).toBe('string');
  });
});

describe('403', () => {
  it('names the roles that may call the operation, in the detail and in details.allowedRoles', async () => {
    const r = await send('/v1/trades', keys.auditor, JSON.stringify({ trade: TRADE, proof: PROOF }));
    expect(r.status).toBe(403);
    const p = await json(r);
    expect(p).toMatchObject({ code: 'FORBIDDEN', details: { role: 'auditor', allowedRoles: ['venue'] } });
    expect(p.detail).toContain('venue');
  });
});
