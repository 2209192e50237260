export {
  SCALE,
  ONE,
  parseDecimal,
  formatDecimal,
  formatFixed,
  roundHalfEven,
  divHalfEven,
  mulHalfEven,
  mulDivHalfEven,
} from './decimal.js';
export type { Fixed } from './decimal.js';
export { LEDGER_COLUMNS, FILL_KINDS } from './fill.js';
export type { LedgerFill, LedgerColumn, FillKind, FillSide, SpotSide, CashflowSide, ReceiptFill } from './fill.js';
export { parseTime } from './parse-time.js';
export { validateFill, FillFieldError } from './validate-fill.js';
export type { RawFill } from './validate-fill.js';
export { parseCsv, CsvSyntaxError } from './csv.js';
export type { CsvRecord } from './csv.js';
export { readLedgerCsv } from './read-ledger-csv.js';
export type { LocatedFill, ReadLedgerOptions, TextSource } from './read-ledger-csv.js';
export { readLedgerJson } from './read-ledger-json.js';
export { readLedgerFile, ledgerFormatOf, readTextFile, sha256File, MAX_JSON_BYTES } from './read-ledger-file.js';
export type { LedgerFormat, ReadLedgerFileOptions } from './read-ledger-file.js';
export { importLedger } from './import-ledger.js';
export type { ImportLedgerOptions, ImportLedgerResult } from './import-ledger.js';
export { importReceiptFills, fillFromReceipt } from './import-receipt-fills.js';
export type { ImportReceiptFillsOptions } from './import-receipt-fills.js';
export { readLedgerFromDb } from './read-ledger-db.js';
export { duplicateTradeError } from './ledger-store.js';
export type { LedgerStore, LedgerImportInput, LedgerSource, LocatedRow } from './ledger-store.js';
export { SqliteLedgerStore } from './sqlite-ledger-store.js';
export { FillKeyIndex } from './fill-key-index.js';
export { PriceTable, readPriceTable, PRICE_COLUMNS } from './price-table.js';
export { isFiat, isCurrencyCode } from './fiat.js';
export { cooperative, cooperatively } from './cooperative.js';
