/**
 * One RFC 4180 record: fields joined by ',', terminated by CRLF; a field containing ',', '"', CR or
 * LF is quoted with '"' doubled. The reader in ledger/csv.ts reads back exactly what this writes.
 */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
