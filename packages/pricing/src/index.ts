/**
 * @openpayer/pricing — benefit design as dated, keyed policy data and one-stop layered settlement.
 * Isomorphic: no Node or DOM APIs.
 */
export {
  parameterKeySchema,
  type ParameterKey,
  type Band,
  SHARE_PARTIES,
  type Party,
  policySchema,
  type Policy,
  type PolicyWire,
  type ParameterName,
  type ParameterValue,
  type Facts,
  type Resolved,
  resolveParameter,
  POLICY_ISSUE_CODES,
  type PolicyIssueCode,
  loadPolicy,
} from './policy/policy.ts';
export {
  accumulatorsSchema,
  type Accumulators,
  type AccumulatorsWire,
  MONEY_ACCUMULATORS,
  type MoneyAccumulator,
  emptyAccumulators,
  encodeAccumulators,
  type AccumulatorDelta,
  applyDelta,
} from './settlement/accumulators.ts';
export {
  SELF_PAY_REASONS,
  type SelfPayReason,
  SETTLEMENT_ISSUE_CODES,
  type SettlementIssueCode,
  type LineSettlement,
  type Explanation,
  type Settlement,
  type SettleContext,
  settle,
  reverse,
} from './settlement/settle.ts';
export {
  EXPLANATION_LAYERS,
  partySchema,
  selfPayPartSchema,
  lineSettlementSchema,
  explanationSchema,
  accumulatorDeltaSchema,
  settlementSchema,
  type SettlementWire,
  type LineSettlementWire,
  type ExplanationWire,
  encodeSettlement,
  decodeSettlement,
  settlementWireOf,
} from './settlement/wire.ts';
export { type PolicyTextIssueCode, parsePolicyText } from './policy/text.ts';
export {
  type PolicyActivation,
  policyInForce,
  VERSION_STATUSES,
  type VersionStatus,
  type VersionState,
  versionStates,
} from './policy/in-force.ts';
export {
  POLICY_LAYERS,
  type PolicyLayer,
  type PolicyParameter,
  POLICY_PARAMETERS,
  type PolicyEntryWire,
  POLICY_FIELDS,
  type PolicyField,
  type PolicyFieldChange,
  type EntryChangeStatus,
  type PolicyEntryChange,
  type ParameterChangeStatus,
  type PolicyParameterChange,
  type EntryCounts,
  type PolicyDiff,
  diffPolicies,
} from './policy/diff.ts';
export {
  settleRequestSchema,
  type SettleRequestWire,
  type SettleRequestIssueCode,
  settleRequest,
  precheck,
} from './settlement/request.ts';
export {
  type DrgRow,
  type AdrgInfo,
  type GrouperTables,
  DRG_TABLE_FILES,
  type DrgTableFile,
  DRG_TABLE_ISSUE_CODES,
  type DrgTableIssueCode,
  loadGrouperTables,
  type BirthWeightBand,
} from './drg/tables.ts';
export { OPENDRG_FILES, type OpenDrgFile, loadOpenDrgRules } from './drg/opendrg.ts';
export { type LocalDrg, drgListFromWeights, localVariant } from './drg/variant.ts';
export {
  type GrouperAssignment,
  loadGrouperAssignments,
  grouperVersionFor,
} from './drg/assignment.ts';
export {
  type DischargeRecord,
  GROUP_STATUSES,
  type GroupStatus,
  UNGROUPABLE_REASONS,
  type UngroupableReason,
  type SeverityDiagnosis,
  GROUP_WARNING_CODES,
  type GroupWarningCode,
  type GroupWarning,
  type GroupResult,
  groupRecord,
  groupResultView,
} from './drg/group.ts';
export { generateRecords } from './drg/generate.ts';
export {
  type BaseRate,
  type DrgParameterSet,
  DRG_PAYMENT_ISSUE_CODES,
  type DrgPaymentIssueCode,
  loadDrgParameters,
  type CaseStandardInput,
  type CaseStandard,
  caseStandard,
  OUTLIER_KINDS,
  type OutlierKind,
  type OutlierPolicy,
  outlierPayment,
} from './drg/payment.ts';
export {
  dischargeRecordSchema,
  type DischargeRecordWire,
  DISCHARGE_CSV_COLUMNS,
  dischargeRecordFromCsv,
  toDischargeRecord,
  dischargeRecordOfClaim,
} from './drg/record.ts';
export type { TechniqueSubgroup, QualityUplift } from './drg/payment.ts';
export { type DrgCase, type DrgCasePayment, drgCasePayment } from './drg/case-payment.ts';
export {
  DIP_GROUP_KINDS,
  type DipGroupKind,
  DIP_PROCEDURE_KINDS,
  type DipProcedureKind,
  dipCatalogSchema,
  type DipCatalogWire,
  type DipGroup,
  type DipCatalog,
  DIP_CATALOG_ISSUE_CODES,
  type DipCatalogIssueCode,
  type KnownCodes,
  type LoadDipCatalogOptions,
  loadDipCatalog,
} from './dip/catalog.ts';
export { type DipCatalogMeta, type ImportDipCsvOptions, importDipCatalogCsv } from './dip/csv.ts';
export {
  DIP_GROUP_STATUSES,
  type DipGroupStatus,
  DIP_UNGROUPABLE_REASONS,
  type DipUngroupableReason,
  DIP_GROUP_WARNING_CODES,
  type DipGroupWarningCode,
  type DipGroupWarning,
  type DipGroupResult,
  groupDip,
} from './dip/group.ts';
export {
  dipParametersSchema,
  type DipParametersWire,
  type DipParameters,
  DIP_PAYMENT_ISSUE_CODES,
  type DipPaymentIssueCode,
  loadDipParameters,
  type DipCase,
  type DipBudget,
  type DipPeriodInput,
  DIP_OUTLIER_KINDS,
  type DipOutlierKind,
  type DipCasePayment,
  type DipPointValue,
  type DipPeriodPayment,
  dipPeriodPayment,
} from './dip/payment.ts';
export {
  RECONCILIATION_METHODS,
  type ReconciliationMethod,
  RECONCILED_OUTLIERS,
  reconciledCaseSchema,
  type ReconciledCase,
  reconciliationPoolSchema,
  type ReconciliationPool,
  reconciliationSchema,
  type Reconciliation,
  type ReconciliationWire,
  RECONCILE_ISSUE_CODES,
  type ReconcileIssueCode,
  type CaseToReconcile,
  type ReconcileInput,
  reconcileCases,
  type DipSettledCase,
  reconcileDipPeriod,
} from './reconcile/reconcile.ts';
export {
  type SettledCase,
  type DrgReconcileVersions,
  type DrgReconcileInput,
  reconcileDrgClaims,
} from './reconcile/drg.ts';
export {
  type ProcedureTechnique,
  type ProcedureTechniques,
  PROCEDURE_TECHNIQUE_ISSUE_CODES,
  type ProcedureTechniqueIssueCode,
  loadProcedureTechniques,
  procedureTechniqueOf,
  TECHNIQUE_SOURCES,
  type TechniqueSource,
  type CaseTechnique,
  techniqueOfCase,
} from './drg/technique.ts';
export {
  CASE_OUTLIERS,
  type CaseOutlier,
  SPECIAL_CASE_DECISIONS,
  type SpecialCaseDecision,
  specialCaseSchema,
  type SpecialCase,
} from './reconcile/reconcile.ts';
