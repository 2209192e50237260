import type { CodeTable } from '../kinds.js';

/** Trade ledger, price table, tax engine, CARF / 1099-DA / 8949 outputs and compliance summaries. */
export const ledgerCodes = {
  LEDGER_CSV_SYNTAX: { kind: 'input', title: 'The file is not well-formed CSV (RFC 4180)' },
  LEDGER_HEADER_INVALID: { kind: 'input', title: 'The ledger header does not name the expected columns' },
  LEDGER_ROW_INVALID: { kind: 'input', title: 'A ledger row has a malformed or inconsistent field' },
  LEDGER_DUPLICATE_TRADE: {
    kind: 'conflict',
    title: 'A trade id appears more than once for the same venue and account',
  },
  LEDGER_NOT_ORDERED: { kind: 'input', title: 'Fills are not in time order' },
  PRICE_ROW_INVALID: { kind: 'input', title: 'A price table row is malformed or duplicated' },
  PRICE_MISSING: { kind: 'input', title: 'No price at or before the fill time for an asset that must be valued' },
  TAX_JURISDICTION_REQUIRED: {
    kind: 'input',
    title: 'A tax report needs an explicit jurisdiction (none given and none configured for the tenant)',
  },
  TAX_LOT_SELECTION_INVALID: { kind: 'input', title: 'A specific-identification lot selection cannot be applied' },
  CARF_USERS_INVALID: { kind: 'input', title: 'The users file is malformed' },
  CARF_USER_MISSING: { kind: 'input', title: 'An account with reportable transactions has no entry in the users file' },
  DECISION_RECORD_INVALID: { kind: 'input', title: 'A hook decision record is malformed' },
} as const satisfies CodeTable;
