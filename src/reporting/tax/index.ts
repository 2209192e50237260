export { TaxEngine } from './tax-engine.js';
export type { TaxEngineOptions } from './tax-engine.js';
export { buildTaxReport, TaxReportCollector } from './build-tax-report.js';
export type { BuildTaxReportOptions, FillSource } from './build-tax-report.js';
export { runTaxFiles, taxReportFromFiles } from './run-tax-files.js';
export type { TaxFilesOptions, TaxFilesRun, TaxRunSink } from './run-tax-files.js';
export { TaxReportJsonWriter } from './tax-report-writer.js';
export type { TextOutput } from './tax-report-writer.js';
export {
  TAX_REPORT_FORMAT,
  disposalRecord,
  incomeRecord,
  shortfallRecord,
  transactionAggregate,
  totalsRecord,
} from './tax-report.js';
export type {
  TaxReport,
  DisposalRecord,
  IncomeRecord,
  ShortfallRecord,
  TransactionAggregate,
  ClassTotalsRecord,
} from './tax-report.js';
export { LOT_METHODS, isLotMethod } from './types.js';
export type {
  LotMethod,
  Leg,
  DisposalLine,
  IncomeLine,
  Shortfall,
  Movement,
  MovementType,
  TaxSink,
  TaxSummary,
  TaxTotals,
  ClassTotals,
} from './types.js';
export { gainsByMonth, chartValue } from './gains-by-month.js';
export type { MonthGains } from './gains-by-month.js';
export { taxReportWarnings } from './tax-warnings.js';
export type { TaxWarning, TaxWarningCode } from './tax-warnings.js';
export { JURISDICTIONS, isJurisdictionCode, assertJurisdiction, HoldingClassifier } from './jurisdictions.js';
export type { Jurisdiction, JurisdictionCode, HoldingClass } from './jurisdictions.js';
export { Calendar, addYears, dayOfIsoDate } from './calendar.js';
export { LotSelections } from './lot-selections.js';
export type { LotPick } from './lot-selections.js';
export { MovementAggregator, MOVEMENT_ORDER } from './movement-aggregator.js';
export type { MovementTotals } from './movement-aggregator.js';
export { Valuer } from './valuation.js';
export { taxBundleRecords, taxAggregates } from './tax-aggregates.js';
export type { TaxBundleRecord, TaxAggregates } from './tax-aggregates.js';
