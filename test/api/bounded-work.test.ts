/**
 * Issue 19, finding 9 (over HTTP): cheap requests bought expensive work. A 2 MB bundle request
 * with 10^6 records took 27 s and 157 MiB; imports had no row bound. Item counts are now bounded
 * per request (config `limits.*`) and checked before any per-item work: 413 INPUT_TOO_LARGE naming
 * the field, nothing stored, nothing logged.
 */
import { describe, expect, it } from 'vitest';
import { dump, HEADER, TAX, world } from './reporting-world.js';

describe('per-request item limits', () => {
  it('refuses a 2 MB bundle request with 10^6 records with 413, storing and logging nothing', async () => {
    const w = await world();
    const before = await dump(w);
    const logSize = (await w.call('GET', '/v1/log/checkpoint', '/v1/log/checkpoint')).text;
    const body = `{"source":"records","kind":"generic","period":"2026","records":[${Array(1_000_000).fill('0').join(',')}]}`;
    expect(body.length).toBeGreaterThan(1_900_000);
    const r = await w.call('POST', '/v1/reports/bundles', '/v1/reports/bundles', w.acme.institution, body);
    expect([r.status, r.body.code]).toEqual([413, 'INPUT_TOO_LARGE']);
    expect(r.body.details).toEqual({ pointer: '/body/records', limit: 100_000, count: 1_000_000 });
    expect(await dump(w)).toBe(before);
    expect((await w.call('GET', '/v1/log/checkpoint', '/v1/log/checkpoint')).text).toBe(logSize);
  });

  it('bounds ledger rows per import (CSV lines and JSON fills) and price-table lines per tax request', async () => {
    const w = await world();
    w.deps.config.limits.ledgerRows = 3;
    const row = (i: number) => `2026-01-0${i}T00:00:00Z,alice,BTC,buy,0.5,40000,USD,,,V,T${i},spot`;
    const csv = (n: number) => `${HEADER}\n${Array.from({ length: n }, (_, i) => row(i + 1)).join('\n')}\n`;
    const before = await dump(w);
    const tooMany = await w.importCsv(csv(4));
    expect([tooMany.status, tooMany.body.code, tooMany.body.details.pointer]).toEqual([
      413,
      'INPUT_TOO_LARGE',
      '/body/csv',
    ]);
    const fill = {
      time: '2026-01-01T00:00:00Z',
      account: 'a',
      asset: 'BTC',
      side: 'buy',
      quantity: '1',
      price: '1',
      quote: 'USD',
      tradeId: 't',
      kind: 'spot',
    };
    const json = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, {
      fills: Array(4).fill(fill),
    });
    expect([json.status, json.body.details.pointer]).toEqual([413, '/body/fills']);
    expect(await dump(w)).toBe(before);
    expect((await w.importCsv(csv(3))).status).toBe(201);
    const prices = `time,asset,quote,price\n${Array.from({ length: 4 }, (_, i) => `2026-01-0${i + 1}T00:00:00Z,BTC,USD,5`).join('\n')}\n`;
    const tax = await w.tax({ ...TAX, prices });
    expect([tax.status, tax.body.code, tax.body.details.pointer]).toEqual([413, 'INPUT_TOO_LARGE', '/body/prices']);
  });
});
