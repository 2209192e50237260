/**
 * Persisting the ledger: one transaction per file (a bad row or a duplicate imports nothing),
 * tenant scoping, hook-receipt fills, and reading back in time order — on every store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fillFromReceipt,
  importLedger,
  importReceiptFills,
  readLedgerFile,
  readLedgerFromDb,
  type ReceiptFill,
} from '../../src/reporting/ledger/index.js';
import { LEDGER_STORES, ledgerWorld, type LedgerWorld } from '../support/ledger-stores.js';
import { csv, rejectsWith } from './tax-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-ledger-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const rows = [
  '2026-01-03T00:00:00Z,a1,BTC,buy,1,100,USD,,,X,T1,spot',
  '2026-01-01T00:00:00Z,a1,BTC,buy,2,90,USD,0.5,USD,X,T2,spot',
  '2026-01-02T00:00:00Z,a2,ETH,sell,3,10,USD,,,X,T1,spot',
];

const all = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe.each(LEDGER_STORES)('on %s', (kind) => {
  let w: LedgerWorld;
  beforeEach(async () => {
    w = await ledgerWorld(kind);
  });
  afterEach(async () => {
    await w.close();
  });

  const stored = (tenant: string): Promise<number> => w.count('ledger_fills', tenant);
  const imports = (): Promise<number> => w.count('ledger_imports');

  describe('ledger import', () => {
    it('stores every fill of a valid file with exact decimal text, and reads them back in time order', async () => {
      const r = await importLedger(w.store, {
        tenant: 'acme',
        fills: readLedgerFile(file('ok.csv', csv(rows))),
        source: 'csv',
        sha256: 'ab'.repeat(32),
      });
      expect(r).toMatchObject({ tenant: 'acme', fills: 3 });
      expect(await stored('acme')).toBe(3);
      const back = await all(readLedgerFromDb(w.store, 'acme'));
      expect(back.map((f) => f.tradeId)).toEqual(['T2', 'T1', 'T1']);
      expect(back[0]).toMatchObject({ quantity: 2n * 10n ** 18n, fee: 5n * 10n ** 17n, account: 'a1' });
      const row = (await w.rows('acme')).find((r) => r.tradeId === 'T2')!;
      expect(row).toMatchObject({ quantity: '2', price: '90', fee: '0.5' });
    });

    it('imports nothing from a file whose fourth row is malformed, and says which line and column', async () => {
      const bad = file(
        'bad.csv',
        csv([
          ...rows,
          '2026-01-04T00:00:00Z,a1,BTC,sell,1,abc,USD,,,X,T3,spot',
          '2026-01-05T00:00:00Z,a1,BTC,sell,1,1,USD,,,X,T4,spot',
        ]),
      );
      const e = await rejectsWith(
        importLedger(w.store, { tenant: 'acme', fills: readLedgerFile(bad), source: 'csv' }),
        'LEDGER_ROW_INVALID',
      );
      expect(e.details).toEqual({ line: 5, column: 6, field: 'price' });
      expect(await stored('acme')).toBe(0);
      expect(await imports()).toBe(0);
    });

    it('rejects a file that repeats a trade id the tenant already has, importing none of its fills', async () => {
      await importLedger(w.store, { tenant: 'acme', fills: readLedgerFile(file('a.csv', csv(rows))), source: 'csv' });
      const second = file('b.csv', csv(['2026-02-01T00:00:00Z,a1,BTC,sell,1,100,USD,,,X,T5,spot', rows[1]!]));
      const e = await rejectsWith(
        importLedger(w.store, { tenant: 'acme', fills: readLedgerFile(second), source: 'csv' }),
        'LEDGER_DUPLICATE_TRADE',
      );
      expect(e.details).toMatchObject({ line: 3, field: 'tradeId' });
      expect(await stored('acme')).toBe(3); // T5 was not kept
      expect(await imports()).toBe(1);
    });

    it('rejects a duplicate inside one file before writing anything', async () => {
      const dup = file('dup.csv', csv([rows[0]!, rows[1]!, rows[0]!.replace('2026-01-03', '2026-01-09')]));
      await rejectsWith(
        importLedger(w.store, { tenant: 'acme', fills: readLedgerFile(dup), source: 'csv' }),
        'LEDGER_DUPLICATE_TRADE',
      );
      expect(await stored('acme')).toBe(0);
    });

    it('keeps tenants apart: the same file imports into a second tenant, and each reads only its own', async () => {
      const p = file('t.csv', csv(rows));
      await importLedger(w.store, { tenant: 'acme', fills: readLedgerFile(p), source: 'csv' });
      await importLedger(w.store, { tenant: 'globex', fills: readLedgerFile(p), source: 'csv' });
      await importLedger(w.store, {
        tenant: 'globex',
        fills: readLedgerFile(file('t2.csv', csv(['2026-03-01T00:00:00Z,a9,SOL,buy,1,1,USD,,,X,Z1,spot']))),
        source: 'csv',
      });
      expect(await all(readLedgerFromDb(w.store, 'acme'))).toHaveLength(3);
      expect(await all(readLedgerFromDb(w.store, 'globex'))).toHaveLength(4);
      expect(await all(readLedgerFromDb(w.store, 'nobody'))).toHaveLength(0);
      await rejectsWith(importLedger(w.store, { tenant: 'Not A Tenant', fills: [], source: 'csv' }), 'INPUT_INVALID');
    });

    it('imports JSON fills', async () => {
      const json = JSON.stringify([
        {
          time: '2026-01-01T00:00:00Z',
          account: 'a1',
          asset: 'BTC',
          side: 'buy',
          quantity: '1',
          price: '5',
          quote: 'USD',
          venue: 'X',
          tradeId: 'J1',
          kind: 'spot',
        },
      ]);
      const r = await importLedger(w.store, {
        tenant: 'acme',
        fills: readLedgerFile(file('f.json', json)),
        source: 'json',
      });
      expect(r.fills).toBe(1);
    });

    it('pages through large ledgers in time order', async () => {
      const many = Array.from({ length: 12_001 }, (_, i) => ({
        fill: fillFromReceipt({
          receiptId: `r${i}`,
          time: 1767225600 + (12_000 - i),
          account: 'a1',
          asset: 'BTC',
          side: 'buy',
          quantity: '1',
          price: '1',
          quote: 'USD',
          venue: 'X',
          tradeId: `N${i}`,
        }),
        line: i + 2,
      }));
      await importLedger(w.store, { tenant: 'big', fills: many, source: 'csv' });
      const back = await all(readLedgerFromDb(w.store, 'big'));
      expect(back).toHaveLength(12_001);
      expect(back.every((f, i) => i === 0 || f.timeMs >= back[i - 1]!.timeMs)).toBe(true);
      expect(back[0]!.tradeId).toBe('N12000');
    });
  });

  describe('fills from hook receipts', () => {
    const receipt: ReceiptFill = {
      receiptId: 'rcpt-1',
      time: '2026-04-01T12:00:00Z',
      account: 'acct-7',
      asset: 'ETH',
      side: 'buy',
      quantity: '1.25',
      price: '3000',
      quote: 'USD',
      venue: 'dark-pool',
      tradeId: 'H1',
    };

    it('stores receipt fills with their receipt id, under the same rules as a file', async () => {
      const r = await importReceiptFills(w.store, {
        tenant: 'acme',
        receipts: [receipt, { ...receipt, receiptId: 'rcpt-2', tradeId: 'H2', side: 'sell', quantity: '0.25' }],
      });
      expect(r.fills).toBe(2);
      const rowsBack = await w.rows('acme');
      expect(rowsBack.map((x) => x.receiptId)).toEqual(['rcpt-1', 'rcpt-2']);
      await rejectsWith(
        importReceiptFills(w.store, { tenant: 'acme', receipts: [{ ...receipt, receiptId: 'rcpt-3' }] }),
        'LEDGER_DUPLICATE_TRADE',
      );
    });

    it('rejects a malformed receipt naming the receipt and field', () => {
      expect(() => fillFromReceipt({ ...receipt, quantity: '1.5e3' }, 4)).toThrow(
        expect.objectContaining({ code: 'LEDGER_ROW_INVALID', details: { record: 5, field: 'quantity' } }),
      );
      expect(() => fillFromReceipt({ ...receipt, receiptId: '' })).toThrow(
        expect.objectContaining({ code: 'LEDGER_ROW_INVALID' }),
      );
    });
  });
});

describe('on postgres, with concurrent writers', () => {
  let w: LedgerWorld;
  beforeEach(async () => {
    w = await ledgerWorld('postgres');
  });
  afterEach(async () => {
    await w.close();
  });

  const fillsOf = (prefix: string, n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      fill: fillFromReceipt({
        receiptId: `${prefix}${i}`,
        time: 1767225600 + i,
        account: 'a1',
        asset: 'BTC',
        side: 'buy',
        quantity: '1',
        price: '1',
        quote: 'USD',
        venue: 'X',
        tradeId: `${prefix}${from + i}`,
      }),
      line: i + 2,
    }));

  it('runs two imports sharing a trade id into one tenant from two pools: one commits whole, the other leaves nothing', async () => {
    const other = await w.another!();
    // 2,500 fills each (three INSERT batches), the last one shared: the loser fails on its last batch
    const a = [...fillsOf('A', 2_499), ...fillsOf('S', 1)];
    const b = [...fillsOf('B', 2_499), ...fillsOf('S', 1)];
    const results = await Promise.allSettled([
      importLedger(w.store, { tenant: 'acme', fills: a, source: 'csv' }),
      importLedger(other, { tenant: 'acme', fills: b, source: 'csv' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toMatchObject({ code: 'LEDGER_DUPLICATE_TRADE', details: { line: 2, field: 'tradeId' } });
    expect(await w.count('ledger_fills', 'acme')).toBe(2_500);
    expect(await w.count('ledger_imports', 'acme')).toBe(1);
    const back = await all(readLedgerFromDb(w.store, 'acme'));
    const prefixes = new Set(back.filter((f) => f.tradeId !== 'S0').map((f) => f.tradeId[0]));
    expect(prefixes.size).toBe(1); // every fill from one import: nothing interleaved
  });

  it('lets imports into one tenant that do not conflict both commit, each whole', async () => {
    const other = await w.another!();
    await Promise.all([
      importLedger(w.store, { tenant: 'acme', fills: fillsOf('A', 1_500), source: 'csv' }),
      importLedger(other, { tenant: 'acme', fills: fillsOf('B', 1_500), source: 'csv' }),
    ]);
    expect(await w.count('ledger_fills', 'acme')).toBe(3_000);
    expect(await w.count('ledger_imports', 'acme')).toBe(2);
  });

  it('stores SQL metacharacters in every text field as plain text, changing nothing else', async () => {
    const evil = ["x'); DROP TABLE ledger_fills; --", 'a"b\\c', '%_*', "' OR '1'='1", '$1::text', 'e\u00e9\u4e2d'];
    let i = 0;
    for (const text of evil) {
      await importLedger(w.store, { tenant: 'victim', fills: fillsOf('V', 1, i++), source: 'csv' });
      const r = await importReceiptFills(w.store, {
        tenant: 'acme',
        receipts: [
          {
            receiptId: text,
            time: 1767225600 + i,
            account: text,
            asset: 'BTC',
            side: 'buy',
            quantity: '1',
            price: '1',
            quote: 'USD',
            venue: text,
            tradeId: text,
          },
        ],
      });
      expect(r.fills).toBe(1);
    }
    const rows = await w.rows('acme');
    expect(rows.map((r) => [r.account, r.venue, r.tradeId, r.receiptId])).toEqual(evil.map((t) => [t, t, t, t]));
    expect(await w.count('ledger_fills', 'victim')).toBe(evil.length);
    // the same trade id again is a duplicate, named as such — not an SQL error
    await rejectsWith(
      importReceiptFills(w.store, {
        tenant: 'acme',
        receipts: [
          {
            receiptId: 'r',
            time: 1767225600,
            account: evil[0]!,
            asset: 'BTC',
            side: 'buy',
            quantity: '1',
            price: '1',
            quote: 'USD',
            venue: evil[0]!,
            tradeId: evil[0]!,
          },
        ],
      }),
      'LEDGER_DUPLICATE_TRADE',
    );
  });
});
