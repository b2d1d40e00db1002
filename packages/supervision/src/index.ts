/**
 * @openpayer/supervision — how the fund watches its money after the rules have paid it. Today:
 * the tamper-evident audit log (RFC 6962 Merkle tree over canonical-JSON entries, Ed25519-signed
 * tree heads, inclusion and consistency proofs, an isomorphic streaming verifier). Smart review
 * rules; the case lifecycle (deadlines on a working-day calendar, violations and suspensions).
 * KPIs and anomalies join it as they land. Isomorphic: no Node or DOM APIs.
 */

export { canonicalJson } from './audit/canonical-json.ts';
export { toBase64, fromBase64, toHex, fromHex } from './audit/bytes.ts';
export {
  EMPTY_ROOT,
  MerkleLog,
  leafHash,
  nodeHash,
  verifyInclusion,
  verifyConsistency,
} from './audit/merkle.ts';
export {
  treeHeadSchema,
  type TreeHead,
  treeHeadSignatureInput,
  keyIdOf,
  newSigningKey,
  publicKeyOf,
  signTreeHead,
  verifyTreeHead,
  treeHeadFrom,
  publicKeyFrom,
} from './audit/tree-head.ts';
export {
  AUDIT_EVENT_KINDS,
  type AuditEventKind,
  auditEntrySchema,
  type AuditEntry,
  stateHash,
  entryBytes,
  pseudonymize,
} from './audit/entry.ts';
export {
  AUDIT_EXPORT_FORMAT,
  exportHeaderSchema,
  exportEntryLineSchema,
  exportHeadLineSchema,
  exportHeaderLine,
  exportEntryLine,
  exportHeadLine,
  exportLines,
  AuditLog,
} from './audit/export.ts';
export {
  type VerifyOptions,
  type VerifyReport,
  AuditVerifier,
  verifyExport,
} from './audit/verify.ts';

// Smart review rules (智能审核)
export {
  RULE_SCENARIOS,
  type RuleScenario,
  ruleWindowSchema,
  type RuleWindow,
  ruleCheckSchema,
  type RuleCheck,
  type RuleCheckKind,
  ruleSchema,
  type Rule,
  type RuleWire,
  ruleSetSchema,
  type RuleSet,
  type RuleSetWire,
} from './rules/rule-set.ts';
export {
  type PriorClaim,
  type PersonHistory,
  NO_HISTORY,
  historyOf,
  claimSpan,
  type ReviewInput,
  type CompiledRuleSet,
  compileRuleSet,
  lookbackOf,
  review,
  ruleApplies,
  scenariosOf,
  windowAround,
} from './rules/review.ts';
export { type HistoryReach, historyReachOf } from './rules/history-reach.ts';
export {
  RULE_SET_ISSUE_CODES,
  type RuleSetIssueCode,
  loadRuleSet,
  ruleSetWireOf,
} from './rules/load.ts';
export {
  ruleChangeSchema,
  ruleSetDiffSchema,
  type RuleSetDiff,
  diffRuleSets,
} from './rules/diff.ts';
export { type RuleSetActivation, ruleSetsInForce } from './rules/in-force.ts';
export {
  type ReviewPlan,
  findingsOf,
  settleReviewed,
  simulationSettle,
  reviewClaim,
  releasedFindings,
} from './rules/settle.ts';
export {
  RULE_BASE_TYPES,
  type RuleBaseType,
  ruleDefaultsSchema,
  type RuleDefaults,
  ruleBaseDefaultsSchema,
  type RuleBaseDefaults,
  type RuleBaseDefaultsWire,
  ruleBaseImportSettingsSchema,
  type RuleBaseImportSettings,
  type RuleBaseImportSettingsWire,
} from './rules/import/settings.ts';
export {
  RULE_BASE_FILES,
  type RuleBaseFile,
  SKIP_REASONS,
  type SkipReason,
  tallySchema,
  type Tally,
  skippedRowSchema,
  type SkippedRow,
  ruleBaseReportSchema,
  type RuleBaseReport,
} from './rules/import/report.ts';
export {
  RULE_IMPORT_ISSUE_CODES,
  type RuleImportIssueCode,
  type RuleBaseInput,
  type RuleBaseRuleSet,
  ruleSetFromRuleBase,
} from './rules/import/rule-base.ts';
export {
  type NationalRuleSetInput,
  importNationalRuleSet,
  nationalRuleBaseDefaults,
  demoRuleSetWire,
} from './rules/import/shipped.ts';

// Cases and sanctions (issue 23): the case lifecycle with deadlines on a working-day calendar
export {
  WORK_CALENDAR_FORMAT,
  workCalendarSchema,
  type WorkCalendarWire,
  CALENDAR_ISSUE_CODES,
  type CalendarIssueCode,
  WorkCalendar,
  loadWorkCalendar,
  deadlineSpanSchema,
  type DeadlineSpan,
  deadlineAfter,
} from './cases/calendar.ts';
export {
  CASE_ORIGINS,
  type CaseOrigin,
  CASE_STATES,
  type CaseState,
  CASE_OUTCOMES,
  type CaseOutcomeKind,
  CASE_EVENTS,
  type CaseEventKind,
  caseRulesVersionSchema,
  type CaseRulesVersion,
  caseRulesSchema,
  type CaseRules,
  CASE_ISSUE_CODES,
  type CaseIssueCode,
  loadCaseRules,
  caseRulesOn,
  caseOutcomeSchema,
  type CaseOutcome,
  caseTransitionSchema,
  type CaseTransition,
  caseSubjectSchema,
  supervisionCaseSchema,
  type SupervisionCase,
  caseEventSchema,
  type CaseEvent,
  type CaseContext,
  openCase,
  isOverdue,
  applyCaseEvent,
  CASE_EVENT_ACTORS,
  eventsAllowed,
  overdueCases,
  type Violation,
  type ViolationCount,
  violationCounts,
  violationsOf,
  type Suspension,
  suspensionsOf,
  suspendedPrescriberCheck,
  suspensionRuleSet,
} from './cases/case.ts';
export { shippedWorkCalendar, demoCaseRules } from './cases/shipped.ts';
export {
  samplingSpecSchema,
  type SamplingSpec,
  type SampleCandidate,
  SAMPLE_REASONS,
  type SampleReason,
  type Sampled,
  SAMPLING_ISSUE_CODES,
  type SamplingIssueCode,
  sampleForReview,
} from './cases/sampling.ts';
export {
  KPI_UNITS,
  MEASURES,
  type KpiCategory,
  type KpiDefinition,
  type KpiDefinitionSet,
  type KpiDefinitionSetWire,
  type KpiIssueCode,
  type LineClass,
  type Measure,
  type MeasureRef,
  kpiDefinitionSetSchema,
  kpiDefinitionSchema,
  loadKpiDefinitions,
  measureKey,
  measuresOf,
} from './kpis/definitions.ts';
export {
  type FactClaim,
  type FactSettlement,
  type SettlementFacts,
  settlementFacts,
} from './kpis/facts.ts';
export {
  type FundSums,
  type KpiGroup,
  type KpiGroupSums,
  type KpiValue,
  type MeasureSums,
  kpiValue,
  kpiValues,
  totalSums,
} from './kpis/compute.ts';
export {
  type Anomaly,
  type AnomalyInput,
  type AnomalyIssueCode,
  type AnomalyRule,
  type AnomalyRuleSet,
  type AnomalyRuleSetWire,
  anomalyRuleSetSchema,
  detectAnomalies,
  loadAnomalyRules,
} from './kpis/anomalies.ts';
export {
  type BudgetEntry,
  type BudgetIssueCode,
  type BudgetSet,
  type BudgetSetWire,
  type BudgetStatus,
  type BudgetWarning,
  budgetMeasure,
  budgetSetSchema,
  budgetStatus,
  loadBudgets,
} from './kpis/budgets.ts';
export { demoAnomalyRules, demoBudgets, demoKpiDefinitions } from './kpis/shipped.ts';
export { type PeerAverage, peerAverages } from './kpis/compute.ts';
export {
  anomalySchema,
  budgetStatusSchema,
  kpiGroupSchema,
  kpiValueSchema,
  peerAverageSchema,
} from './kpis/wire.ts';
