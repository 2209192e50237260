/**
 * What each input file of the CLI looks like, with an example, for the commands' --help. One place,
 * so the prover's and the verifier's help describe the trade file the same way. Examples are
 * complete files a user can copy (the repository's `examples/` holds more).
 */

export const TRADE_FILE_HELP = `
Trade file (--trade): the trade the proof is bound to, as the venue will see it. JSON:
  {"venue": "my-venue", "market": "BTC-EUR", "side": "buy", "size": "0.25", "price": "61000",
   "nonce": "0a1b2c3d4e5f6071", "time": 1767225600}
  venue, market: ASCII identifiers; side: "buy" | "sell"; size, price: positive decimal strings;
  nonce: 16-64 hex characters (makes each trade unique); time: Unix seconds (the venue refuses a
  trade far from its clock). For an on-chain gate, venue is "evm:<chainId>:<gate address>".`;

export const MANUAL_EVIDENCE_HELP = `
Manual evidence file (--evidence manual --evidence-file FILE): the attributes an operator approved. JSON:
  {"kycLevel": 3, "jurisdiction": "DE", "investorClass": "professional", "ageOver18": true,
   "tradeLimit": "1000000", "sanctionsScreenedAt": 1764547200}
  kycLevel 0-3; jurisdiction: ISO 3166-1 alpha-2; investorClass: none | retail | professional |
  eligible_counterparty | accredited | qualified_purchaser; ageOver18: boolean; tradeLimit: integer
  string (per-trade cap in base units); optional birthYear, sanctionsScreenedAt (Unix seconds).
  vendor-jws: the vendor's compact JWS as the whole file; anon-aadhaar: the Anon Aadhaar proof JSON.`;

export const LEDGER_CSV_HELP = `
Ledger CSV (RFC 4180, UTF-8; a header row, then one fill per row):
  time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind
  2026-01-10T10:00:00Z,acct-1,BTC,buy,1,40000,EUR,10,EUR,example-venue,t-1,spot
  time: ISO 8601 with an offset; side: buy | sell (spot), credit | debit (pnl, funding);
  quantity, price, fee: decimal strings; kind: spot | pnl | funding; (venue, account, tradeId) unique.
  JSON ledgers: an array of the same fields (reports/ledger-fills.schema.json). Example: examples/reporting/fills.csv.`;

export const PRICES_CSV_HELP = `
Price table CSV (--prices): fiat values, never fetched from the network:
  time,asset,quote,price
  2026-01-01T00:00:00Z,BTC,EUR,40000
  a fill is valued at the latest price at or before its time. Example: examples/reporting/prices.csv.`;

export const USERS_FILE_HELP = `
Users file (--users, CARF only): the reporting CASP and each account's identity, the only source of
personal data in a CARF message. JSON {"rcasp": {...}, "users": {"<account>": {...}}}, described by
reports/carf-users.schema.json; example: examples/reporting/users.json.`;

export const DECISIONS_FILE_HELP = `
Decisions file (--decisions): the hook's recorded decisions (no personal data), a JSON array or
JSON Lines of {"time", "policyId", "allowed", "code", "sessionId"?}; \`vouch decisions export\`
writes one from the data dir (reports/decision-records.schema.json).`;
