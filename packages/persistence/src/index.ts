/**
 * @openpayer/persistence — storage for the API and the CLI: one schema and one set of
 * migrations for the embedded database (PGlite) and PostgreSQL (node-postgres).
 */
export { type Store, type SqlRunner, type OpenOptions, openStore, migrate } from './database.ts';
export {
  LEDGER_ISSUE_CODES,
  type LedgerIssueCode,
  type StoredSettlement,
  type SettleCommand,
  type ReverseCommand,
  requestHash,
  settleAndStore,
  reverseStored,
  type ReleaseCommand,
  releaseHeld,
  benchmarkWithoutSettlementAudit,
} from './ledger.ts';
export {
  REPLAY_ISSUE_CODES,
  type ReplayIssueCode,
  type ReplayVersions,
  type ReplayOutcome,
  replaySettlement,
  versionsFromStore,
  canonical,
} from './replay.ts';
export {
  type SettlementFilter,
  type SettlementPage,
  type MonthTotals,
  readSettlement,
  listSettlements,
  settlementTotalsByMonth,
  readAccumulators,
  countSettlements,
  institutionKnowsPerson,
} from './settlements.ts';
export {
  RELEASE_STORE_ISSUE_CODES,
  type ReleaseStoreIssueCode,
  type StoredReleaseSummary,
  saveRelease,
  listReleases,
  loadRelease,
} from './releases.ts';
export {
  type StoredReleaseEdit,
  type SavedReleaseEdit,
  saveReleaseEdit,
  readReleaseEdit,
  listReleaseEdits,
} from './release-edits.ts';
export {
  POLICY_STORE_ISSUE_CODES,
  type PolicyStoreIssueCode,
  type PolicySummary,
  savePolicy,
  listPolicies,
  readPolicy,
  activatePolicy,
} from './policies.ts';
export {
  type SettlementServices,
  type VersionsInForce,
  type ClaimOutcome,
  newSettlementId,
  newId,
  versionsFor,
  precheckClaim,
  settleClaim,
  mayReadPatientRecords,
  settlementWireFor,
} from './settle-claim.ts';
export {
  APPROVAL_STORE_ISSUE_CODES,
  type ApprovalStoreIssueCode,
  type StoredApproval,
  type ApprovalFilter,
  insertApproval,
  readApproval,
  updateApproval,
  listApprovals,
  approvedApprovalsOf,
} from './approvals.ts';
export {
  PRINCIPAL_ROLES,
  type PrincipalRole,
  type Principal,
  type AllianceMembership,
  PRINCIPAL_ISSUE_CODES,
  type PrincipalIssueCode,
  keyHash,
  createPrincipal,
  rotateKey,
  principalByKey,
  revokePrincipal,
  listPrincipals,
  setPrincipalAlliance,
} from './principals.ts';
export {
  type AuditEvent,
  auditEntryOf,
  appendAudit,
  auditSigningKey,
  AuditTree,
  type StoredAuditEntry,
} from './audit-log.ts';
export {
  RULE_SET_STORE_ISSUE_CODES,
  type RuleSetStoreIssueCode,
  type RuleSetSummary,
  saveRuleSet,
  listRuleSets,
  readRuleSet,
  activateRuleSet,
} from './rule-sets.ts';
export {
  FINDING_STORE_ISSUE_CODES,
  type FindingStoreIssueCode,
  type StoredFinding,
  type FindingRecord,
  type FindingFilter,
  type FindingPage,
  findingId,
  insertFindings,
  listFindings,
  readFinding,
  respondToFinding,
} from './findings.ts';
export {
  REVIEW_RUN_ISSUE_CODES,
  type ReviewRunIssueCode,
  type ReviewRun,
  type ReviewRunRequest,
  readReviewRun,
  listReviewRuns,
  runReview,
} from './review-runs.ts';
export {
  type ReconciliationSummary,
  type StoredReconciliation,
  type PeriodCases,
  type ReconcileRequest,
  readReconciliation,
  listReconciliations,
  periodCases,
  regionPeriodCases,
  recordReconciliation,
} from './reconciliations.ts';
export {
  VALUE_STORE_ISSUE_CODES,
  type ValueStoreIssueCode,
  type StoredObservations,
  recordValueObservations,
  readValueObservations,
  observedInstitutions,
  recordOutcomeEvent,
  listOutcomeEvents,
  type ValueRunSummary,
  type StoredValueRun,
  readValuePeriodRun,
  listValuePeriodRuns,
  earlierValueRuns,
  type ValueRunRequest,
  recordValuePeriodRun,
  recordAdmissionAssessment,
  listAdmissionAssessments,
  readAdmissionAssessment,
} from './value.ts';
export {
  SPECIAL_CASE_STATUSES,
  type SpecialCaseStatus,
  SPECIAL_CASE_STORE_ISSUE_CODES,
  type SpecialCaseStoreIssueCode,
  type SpecialCaseRequest,
  requestSpecialCase,
  decideSpecialCase,
  readSpecialCase,
  listSpecialCases,
  specialCaseDecisions,
} from './special-cases.ts';
export {
  SIMULATION_STATUSES,
  type SimulationStatus,
  SIMULATION_STORE_ISSUE_CODES,
  type SimulationStoreIssueCode,
  type SimulationSideRequest,
  type SimulationRequest,
  type SimulationJob,
  type SimulationVersions as SimulationJobVersions,
  type PreparedSimulation,
  readSimulation,
  listSimulations,
  readSimulationReport,
  cancelSimulation,
  failInterruptedSimulations,
  startSimulation,
} from './simulations.ts';
export {
  CASE_STORE_ISSUE_CODES,
  type CaseStoreIssueCode,
  type StoredCase,
  storeNewCase,
  stepCase,
  readCase,
  listCases,
  escalateOverdue,
} from './supervision-cases.ts';
