export { buildComplianceReport, rate, COMPLIANCE_REPORT_FORMAT } from './build-compliance-report.js';
export type {
  ComplianceReport,
  ComplianceReportOptions,
  CompliancePeriod,
  Counts,
  CodeCount,
  PeriodSummary,
  PolicySummary,
} from './build-compliance-report.js';
export { parseDecisionRecord } from './decision-record.js';
export type { DecisionRecord, Decision } from './decision-record.js';
