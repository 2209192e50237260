/**
 * The ledger's CSV reader: RFC 4180 parsing (quoted fields, CRLF, chunk boundaries) and the row
 * rules, with errors that name the line and column of the first bad row.
 */
import { describe, expect, it } from 'vitest';
import {
  parseCsv,
  parseTime,
  readLedgerCsv,
  readLedgerJson,
  type CsvRecord,
} from '../../src/reporting/ledger/index.js';
import { csv, HEADER, rejectsWith } from './tax-helpers.js';

async function records(source: Iterable<string | Uint8Array>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(source)) out.push(r);
  return out;
}

async function readAll(text: string): Promise<number> {
  let n = 0;
  for await (const _ of readLedgerCsv([text])) n += 1;
  return n;
}

describe('RFC 4180 CSV parsing', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and counts physical lines', async () => {
    const text = 'a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\nlast,,\n';
    const r = await records([text]);
    expect(r.map((x) => x.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'say "hi"', 'two\nlines'],
      ['last', '', ''],
    ]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it('gives the same records however the text is chunked (one character per chunk, bytes split inside a UTF-8 character)', async () => {
    const text = 'h1,h2\n"q,""ü""",€\nx,"y\r\nz"\n';
    const whole = await records([text]);
    expect(await records(text.split(''))).toEqual(whole);
    const bytes = new TextEncoder().encode(text);
    expect(await records([...bytes].map((b) => Uint8Array.of(b)))).toEqual(whole);
    expect(whole[1]!.fields).toEqual(['q,"ü"', '€']);
  });

  it('accepts a byte-order mark, CRLF and trailing empty lines; refuses an empty line inside the data', async () => {
    expect((await records(['\ufeffa,b\r\n1,2\r\n\r\n\n'])).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    await expect(records(['a,b\n\n1,2\n'])).rejects.toMatchObject({ line: 2 });
  });

  it('names the line and field of a syntax error', async () => {
    await expect(records(['a,b\n1,x"y\n'])).rejects.toMatchObject({ name: 'CsvSyntaxError', line: 2, column: 2 });
    await expect(records(['a,b\n1,"ok"x\n'])).rejects.toMatchObject({ line: 2, column: 2 });
    await expect(records(['a,b\n1,2\n3,"never\nclosed\n'])).rejects.toMatchObject({ line: 3, column: 2 });
    await expect(records(['a,b\r1,2\n'])).rejects.toMatchObject({ line: 1, column: 2 });
    await expect(records([Uint8Array.of(0x61, 0x2c, 0xff, 0x0a)])).rejects.toMatchObject({ name: 'CsvSyntaxError' });
  });
});

describe('ledger rows', () => {
  const good = '2026-01-05T10:00:00Z,a1,BTC,buy,0.5,40000,USD,1.5,USD,X,T1,spot';

  it('reads every kind of fill with exact values, time as Unix seconds or ISO 8601', async () => {
    const fills = [];
    for await (const f of readLedgerCsv([
      csv([
        good,
        '1767607200,a1,BTC-PERP,credit,12.5,,USDT,,,X,P1,pnl',
        '2026-01-05T11:00:00+01:00,a1,BTC-PERP,DEBIT,0.25,,USD,0.01,USD,,F1,funding',
      ]),
    ])) {
      fills.push(f);
    }
    expect(fills.map((f) => f.line)).toEqual([2, 3, 4]);
    expect(fills[0]!.fill).toMatchObject({
      timeMs: Date.UTC(2026, 0, 5, 10),
      side: 'buy',
      quantity: 5n * 10n ** 17n,
      price: 40000n * 10n ** 18n,
      fee: 15n * 10n ** 17n,
    });
    expect(fills[1]!.fill).toMatchObject({
      timeMs: 1767607200000,
      kind: 'pnl',
      side: 'credit',
      price: null,
      fee: 0n,
      feeAsset: '',
    });
    expect(fills[2]!.fill).toMatchObject({ timeMs: Date.UTC(2026, 0, 5, 10), side: 'debit', venue: '' });
  });

  it('accepts the columns in any order', async () => {
    const cols = HEADER.split(',');
    const values = good.split(',');
    const order = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    const text = `${order.map((i) => cols[i]).join(',')}\n${order.map((i) => values[i]).join(',')}\n`;
    const out = [];
    for await (const f of readLedgerCsv([text])) out.push(f.fill);
    expect(out[0]).toMatchObject({ tradeId: 'T1', account: 'a1', kind: 'spot' });
  });

  it('names line and column of a malformed field', async () => {
    const e = await rejectsWith(
      readAll(csv([good, good.replace(',T1,', ',T2,'), '2026-01-06T10:00:00Z,a1,BTC,sell,1,4O000,USD,,,X,T3,spot'])),
      'LEDGER_ROW_INVALID',
    );
    expect(e.details).toEqual({ line: 4, column: 6, field: 'price' });
    expect(e.message).toMatch(/^line 4, column 6 \(price\)/);
    expect(e.message).not.toContain('4O000'); // the value is not echoed
  });

  it.each([
    ['2026-01-05T10:00:00,a1,BTC,buy,1,1,USD,,,X,T9,spot', 1, 'time'], // no offset
    ['1767607200000,a1,BTC,buy,1,1,USD,,,X,T9,spot', 1, 'time'], // milliseconds given as seconds
    ['2026-02-30T10:00:00Z,a1,BTC,buy,1,1,USD,,,X,T9,spot', 1, 'time'],
    ['2026-01-05T10:00:00Z,,BTC,buy,1,1,USD,,,X,T9,spot', 2, 'account'],
    ['2026-01-05T10:00:00Z,a1,BTC,hold,1,1,USD,,,X,T9,spot', 4, 'side'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,0,1,USD,,,X,T9,spot', 5, 'quantity'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1e3,1,USD,,,X,T9,spot', 5, 'quantity'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,-1,1,USD,,,X,T9,spot', 5, 'quantity'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,0.0000000000000000001,1,USD,,,X,T9,spot', 5, 'quantity'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,,USD,,,X,T9,spot', 6, 'price'],
    ['2026-01-05T10:00:00Z,a1,BTC,credit,1,5,USD,,,X,T9,pnl', 6, 'price'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,BTC,,,X,T9,spot', 7, 'quote'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,-1,USD,X,T9,spot', 8, 'fee'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,1,,X,T9,spot', 9, 'feeAsset'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,,,X,,spot', 11, 'tradeId'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,,,X,T9,swap', 12, 'kind'],
    ['2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,,,X,T9,pnl', 4, 'side'],
  ])('rejects %s at the right column', async (row, column, field) => {
    const e = await rejectsWith(readAll(csv([good, row])), 'LEDGER_ROW_INVALID');
    expect(e.details).toEqual({ line: 3, column, field });
  });

  it('rejects a row with the wrong number of fields, naming the first missing column', async () => {
    const e = await rejectsWith(readAll(csv([good, '2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD'])), 'LEDGER_ROW_INVALID');
    expect(e.details).toEqual({ line: 3, column: 8, field: 'fee' });
  });

  it('rejects a header with a missing, unknown or repeated column, and an empty file', async () => {
    await rejectsWith(readAll('time,account\n'), 'LEDGER_HEADER_INVALID');
    await rejectsWith(readAll(`${HEADER},extra\n`), 'LEDGER_HEADER_INVALID');
    await rejectsWith(readAll(`${HEADER.replace('venue', 'time')}\n`), 'LEDGER_HEADER_INVALID');
    await rejectsWith(readAll(''), 'LEDGER_HEADER_INVALID');
  });

  it('reports a CSV syntax error with its line and column', async () => {
    const e = await rejectsWith(
      readAll(csv([good, '2026-01-05T10:00:00Z,a1,BTC,buy,1,1,USD,,,"X,T9,spot'])),
      'LEDGER_CSV_SYNTAX',
    );
    expect(e.details).toMatchObject({ line: 3, column: 10 });
  });

  it('rejects a second fill with the same trade id for one venue and account, and accepts it for another account', async () => {
    const e = await rejectsWith(readAll(csv([good, good.replace('0.5', '0.7')])), 'LEDGER_DUPLICATE_TRADE');
    expect(e.details).toMatchObject({ line: 3, firstLine: 2, field: 'tradeId' });
    expect(await readAll(csv([good, good.replace(',a1,', ',a2,'), good.replace(',X,', ',Y,')]))).toBe(3);
  });
});

describe('ledger JSON', () => {
  const fill = {
    time: 1767607200,
    account: 'a1',
    asset: 'BTC',
    side: 'buy',
    quantity: '1',
    price: '100',
    quote: 'USD',
    fee: '',
    feeAsset: '',
    venue: 'X',
    tradeId: 'T1',
    kind: 'spot',
  };

  it('reads the same fields as the CSV', () => {
    const [f] = readLedgerJson(JSON.stringify([fill]));
    expect(f!.fill).toMatchObject({
      timeMs: 1767607200000,
      quantity: 10n ** 18n,
      price: 100n * 10n ** 18n,
      kind: 'spot',
    });
  });

  it('refuses decimals given as JSON numbers, unknown keys and duplicates, naming the record and field', () => {
    expect(() => readLedgerJson(JSON.stringify([fill, { ...fill, tradeId: 'T2', quantity: 0.1 }]))).toThrow(
      expect.objectContaining({
        code: 'LEDGER_ROW_INVALID',
        details: expect.objectContaining({ record: 2, pointer: '/1/quantity' }),
      }),
    );
    expect(() => readLedgerJson(JSON.stringify([{ ...fill, extra: '1' }]))).toThrow(
      expect.objectContaining({
        code: 'LEDGER_ROW_INVALID',
        details: expect.objectContaining({ pointer: '/0/extra' }),
      }),
    );
    expect(() => readLedgerJson(JSON.stringify([fill, fill]))).toThrow(
      expect.objectContaining({ code: 'LEDGER_DUPLICATE_TRADE' }),
    );
    expect(() => readLedgerJson('{"fills":[]}')).toThrow(expect.objectContaining({ code: 'LEDGER_ROW_INVALID' }));
    expect(() => readLedgerJson('[')).toThrow(expect.objectContaining({ code: 'LEDGER_ROW_INVALID' }));
  });
});

describe('times', () => {
  it('reads Unix seconds (with milliseconds) and ISO 8601 with an offset', () => {
    expect(parseTime('0')).toBe(0);
    expect(parseTime('1767607200.5')).toBe(1767607200500);
    expect(parseTime('2026-01-05T10:00:00.123Z')).toBe(Date.UTC(2026, 0, 5, 10, 0, 0, 123));
    expect(parseTime('2026-01-05T10:00:00-05:30')).toBe(Date.UTC(2026, 0, 5, 15, 30));
    expect(parseTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTime('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTime('2026-01-05')).toBeUndefined();
    expect(parseTime(1.5)).toBeUndefined();
  });
});
