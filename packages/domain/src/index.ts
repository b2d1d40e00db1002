/**
 * @openpayer/domain — the shared vocabulary of OpenPayer: exact Money and Ratio, calendar dates
 * and periods, national code validators, the zod schemas of the wire format, Issue and EngineError.
 * Isomorphic: no Node or DOM APIs.
 */

// Outcomes and errors
export {
  type Issue,
  type IssuePath,
  type Severity,
  issue,
  atPath,
  hasErrors,
  formatPath,
  ENGINE_ERROR_CODES,
  EngineError,
  type EngineErrorCode,
  isEngineError,
  type Result,
  ok,
  fail,
} from './issue/index.ts';

// Money
export { Decimal, compareDecimals, isDecimalLiteral } from './money/decimal.ts';
export { CURRENCIES, CURRENCY_CODES, type Currency, minorUnitScale } from './money/currency.ts';
export { Money } from './money/money.ts';
export { Ratio } from './money/ratio.ts';
export { allocate, allocateMinor } from './money/allocate.ts';
export {
  ROUNDING_MODES,
  type RoundingMode,
  type RoundingRule,
  roundingRuleSchema,
  FEN_HALF_UP,
  roundDecimal,
} from './money/rounding.ts';
export {
  moneyCodec,
  moneyWireSchema,
  unitPriceCodec,
  unitPriceWireSchema,
  ratioCodec,
  unitRatioCodec,
  ratioWireSchema,
  quantityCodec,
  quantityWireSchema,
  decimalCodec,
} from './money/codec.ts';

// Dates
export {
  type CalendarDate,
  DEFAULT_POLICY_TIME_ZONE,
  isCalendarDate,
  calendarDate,
  calendarDateSchema,
  compareDates,
  addDays,
  addMonths,
  daysBetween,
  lengthOfStay,
  ageAt,
  dateInTimeZone,
  todayIn,
  yearOf,
  isLeapYear,
  daysInMonth,
  toEpochDay,
  fromEpochDay,
  SERVICE_YEARS,
  serviceYearSchema,
} from './dates/calendar-date.ts';
export {
  type Period,
  period,
  periodFromInclusive,
  periodOfYear,
  periodContains,
  periodsOverlap,
  lastDayOf,
  periodSchema,
  type AccountingPeriod,
  accountingPeriodOf,
  accountingPeriodSchema,
} from './dates/period.ts';

// Codes
export * from './codes/index.ts';

// Schemas
export * from './schemas/region.ts';
export * from './schemas/person.ts';
export * from './schemas/institution.ts';
export * from './schemas/claim.ts';
export * from './schemas/envelope.ts';
export * from './schemas/finding.ts';
export * from './schemas/ledger.ts';

// Access
export {
  PRINCIPAL_ROLES,
  type PrincipalRole,
  ACTIONS,
  type Action,
  PERMISSIONS,
  may,
} from './access/permissions.ts';

// Validation
export {
  CLAIM_ISSUE_CODES,
  type ClaimIssueCode,
  type ValidateClaimOptions,
  validateClaim,
  checkClaim,
} from './validation/validate-claim.ts';
export { issuesFromZod } from './validation/zod-issues.ts';
export {
  TEXT_ISSUE_CODES,
  hasUnstorableText,
  unstorableTextIssues,
} from './validation/storable-text.ts';
