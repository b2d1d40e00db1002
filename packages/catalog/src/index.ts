/**
 * @openpayer/catalog — the reimbursement catalog (医保目录): dated regional releases of drugs,
 * services and consumables with class, payment standard, agreement window and structured
 * restrictions; the coverage decision; approvals; the national drug list and rule-base importers.
 * Isomorphic: no Node or DOM APIs (file helpers live in `@openpayer/catalog/node`).
 */

// Model
export {
  COVERAGE_CLASSES,
  type CoverageClass,
  STRUCTURING_STATES,
  type Structuring,
  paymentPriceSchema,
  type PaymentPrice,
  paymentStandardSchema,
  type PaymentStandard,
  indicationSchema,
  type Indication,
  catalogItemSchema,
  type CatalogItem,
  type CatalogItemWire,
  codeRestrictionSchema,
  type CodeRestriction,
  SUBSTITUTION_KINDS,
  type SubstitutionKind,
  substitutionGroupSchema,
  type SubstitutionGroup,
} from './item/item.ts';
export {
  RESTRICTION_KINDS,
  type RestrictionKind,
  restrictionSchema,
  type Restriction,
  type RestrictionOf,
  canonicalVariants,
  variantSatisfies,
} from './restrictions/restriction.ts';

// Versions
export {
  catalogReleaseSchema,
  type CatalogRelease,
  type CatalogReleaseWire,
  type CatalogReleaseSummary,
  summarizeRelease,
  releaseCoversRegion,
  CatalogRegistry,
  UNPARSED_RESTRICTION_OUTCOMES,
  type UnparsedRestrictionOutcome,
} from './version/release.ts';
export {
  CROSSWALK_ATTACH_ISSUE_CODES,
  type CrosswalkAttachIssueCode,
  CROSSWALK_COLUMNS,
  crosswalkAttachmentSchema,
  type CrosswalkAttachment,
  type CrosswalkAttachmentWire,
  attachCrosswalk,
  crosswalkFromCsv,
} from './version/attach-crosswalk.ts';
export {
  CHANGE_KINDS,
  type ChangeKind,
  type FieldChange,
  type FieldChangeWire,
  type RestrictionView,
  type PaymentStandardView,
  type ItemChange,
  type ItemChangeWire,
  type CatalogDiff,
  fieldChangeSchema,
  itemChangeSchema,
  diffCountsSchema,
  encodeItemChange,
  diffReleases,
} from './version/diff.ts';
export {
  RESTRICTION_EDIT_ISSUE_CODES,
  type RestrictionEditIssueCode,
  restrictionEditSchema,
  type RestrictionEdit,
  type RestrictionEditWire,
  type RestrictionEditContext,
  type RestrictionEditRecord,
  type RestrictionEditOutcome,
  structuringOf,
  editRestrictions,
} from './version/edit.ts';

// Look-up
export { crosswalkEntrySchema, type CrosswalkEntry, crosswalkSchema } from './lookup/crosswalk.ts';
export {
  MATCH_KINDS,
  type MatchKind,
  type ResolvedItem,
  type LineReference,
  CatalogIndex,
} from './lookup/catalog-index.ts';

// Coverage
export {
  RESTRICTION_RESULTS,
  type RestrictionResultValue,
  RESTRICTION_REASON_CODES,
  type RestrictionReasonCode,
  type RestrictionEvaluation,
  type ClaimFacts,
  type UsageHistory,
  evaluateRestriction,
  claimFacts,
  codesOfDiagnosis,
  hasPrefix,
  normalizeTest,
  normalizeTherapy,
  stayDaysOf,
} from './coverage/evaluate.ts';
export {
  COVERAGE_OUTCOMES,
  type CoverageOutcome,
  COVERAGE_REASON_CODES,
  type CoverageReasonCode,
  type RestrictionResult,
  type CoverageDecision,
  type CoverageContext,
  type LineDecision,
  decideCoverage,
  decideClaim,
} from './coverage/decide.ts';
export {
  restrictionResultSchema,
  coverageReasonSchema,
  coverageDecisionSchema,
  type CoverageDecisionWire,
  lineDecisionSchema,
  type LineDecisionWire,
  encodeLineDecisions,
} from './coverage/wire.ts';

// Approvals
export * from './approvals/index.ts';

// Import
export { parseCsv, type CsvRecord, type CsvParse } from './import/csv.ts';
export {
  importSettingsSchema,
  type ImportSettings,
  type ImportSettingsWire,
} from './import/settings.ts';
export {
  conditionDictionarySchema,
  type ConditionDictionary,
  type ConditionMatcher,
  conditionMatcher,
} from './import/condition-dictionary.ts';
export {
  normalizeRemark,
  remarkParser,
  type RemarkParser,
  type ParsedRemark,
} from './import/remark-parser.ts';
export { importRuleBase, type RuleBaseImport, columnsOf } from './import/rule-base.ts';
export {
  IMPORT_ISSUE_CODES,
  type ImportIssueCode,
  NRDL_COLUMNS,
  type ImportSummary,
  type NrdlImport,
  type NrdlImportInput,
  importNrdl,
  parsePaymentStandard,
  itemIdOf,
} from './import/nrdl.ts';
export {
  SERVICE_IMPORT_ISSUE_CODES,
  type ServiceImportIssueCode,
  serviceImportSettingsSchema,
  type ServiceImportSettings,
  type ServiceImport,
  importServiceItems,
  serviceItemId,
} from './import/services.ts';
export { importConsumables, consumableItemId } from './import/consumables.ts';
export {
  serviceScheduleSchema,
  type ServiceSchedule,
  type ServiceCatalogInput,
  applySchedule,
  importServiceCatalog,
  withItems,
} from './import/schedule.ts';
