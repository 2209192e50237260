/**
 * One RFC 4180 record: fields joined by ',', terminated by CRLF; a field containing ',', '"', CR or
 * LF is quoted with '"' doubled. The reader in ledger/csv.ts reads back exactly what this writes.
 *
 * Every CSV Vouch writes goes through here, and carries ledger text (accounts, trade ids) that a
 * spreadsheet would run as a formula. Per OWASP's CSV injection guidance, a field that starts with
 * `=`, `+`, `-`, `@`, tab or CR is prefixed with a single quote and quoted, so it shows as text.
 * Plain decimal numbers (`-12.34`, a loss) are left alone: they are numbers, not formulas, and
 * the amount columns must stay numeric.
 */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The field as a spreadsheet will show it as text: quote-prefixed when it could start a formula. */
export function neutraliseCsvField(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

function csvField(raw: string): string {
  const value = neutraliseCsvField(raw);
  return value !== raw || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
