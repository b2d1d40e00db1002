import {
  type CalendarDate,
  type ClaimType,
  type Decimal,
  type Evidence,
  type InstitutionTier,
  type InsuredPerson,
  type PrescriberTitle,
  type PriorTherapyOutcome,
  type Scheme,
  Decimal as DecimalValue,
  INSTITUTION_TIERS,
  PRESCRIBER_TITLES,
  ageAt,
  daysBetween,
  toEpochDay,
} from '@openpayer/domain';
import {
  type Restriction,
  type RestrictionOf,
  canonicalVariants,
  variantSatisfies,
} from '../restrictions/restriction.ts';

/**
 * Each restriction against what a claim shows: met, not met, or cannot tell from the claim —
 * always with a stable reason code, so a reviewer (or a program) knows why.
 */

export const RESTRICTION_RESULTS = ['met', 'not_met', 'cannot_tell'] as const;
export type RestrictionResultValue = (typeof RESTRICTION_RESULTS)[number];

export const RESTRICTION_REASON_CODES = [
  'restriction.met',
  'restriction.diagnosis.no_matching_diagnosis',
  'restriction.diagnosis.unmapped',
  'restriction.evidence.missing',
  'restriction.evidence.contrary',
  'restriction.evidence.indeterminate',
  'restriction.age.below_minimum',
  'restriction.age.unknown',
  'restriction.age.above_maximum',
  'restriction.sex.mismatch',
  'restriction.sex.unknown',
  'restriction.institution_tier.below_minimum',
  'restriction.setting.mismatch',
  'restriction.line_of_therapy.unknown',
  'restriction.line_of_therapy.out_of_range',
  'restriction.course.exceeded',
  'restriction.course.days_unknown',
  'restriction.quantity.exceeded',
  'restriction.prescriber_title.below_minimum',
  'restriction.prescriber_title.unknown',
  'restriction.scheme.mismatch',
  'restriction.approval.missing',
  'restriction.diagnosis.histology_unknown',
  'restriction.diagnosis.histology_contrary',
  'restriction.evidence.variant_unknown',
  'restriction.evidence.variant_mismatch',
  'restriction.lab.missing',
  'restriction.lab.out_of_range',
  'restriction.lab.unit_mismatch',
  'restriction.lab.uln_unknown',
  'restriction.combination.partner_not_seen',
  'restriction.cumulative_quantity.exceeded',
  'restriction.cumulative_quantity.eye_unknown',
  'restriction.month_limit.exceeded',
  'restriction.month_limit.history_unknown',
  'restriction.first_prescription.unknown',
  'restriction.first_prescription.not_met',
  'restriction.frequency.exceeded',
  'restriction.prior_therapy.unknown',
  'restriction.prior_therapy.contrary',
  'restriction.emergency.unknown',
  'restriction.emergency.not_emergency',
  'restriction.tcm_syndrome.unknown',
  'restriction.tcm_syndrome.mismatch',
  'restriction.procedure.not_performed',
  'restriction.procedure.unknown',
] as const;
export type RestrictionReasonCode = (typeof RESTRICTION_REASON_CODES)[number];

export interface RestrictionEvaluation {
  readonly result: RestrictionResultValue;
  readonly code: RestrictionReasonCode;
}

/** What the claim says, computed once per claim and shared by its lines. */
export interface ClaimFacts {
  readonly type: ClaimType;
  readonly scheme: Scheme;
  readonly setting: 'inpatient' | 'outpatient';
  readonly diagnosisCodes: readonly string[];
  /** The claim's procedures, by ICD-9-CM-3 医保版 code. */
  readonly procedures?: readonly { readonly code: string }[] | undefined;
  /** Normalised test name (upper case, letters and digits) → results seen. */
  readonly biomarkers: ReadonlyMap<string, readonly ('positive' | 'negative' | 'indeterminate')[]>;
  /** Normalised test name → the canonical variants of its positive results (see `canonicalVariants`). */
  readonly variants?: ReadonlyMap<string, readonly (readonly string[])[]> | undefined;
  /** Normalised lab test or score instrument → values seen. */
  readonly labs?: ReadonlyMap<string, readonly LabValue[]> | undefined;
  /** Morphology (histology) codes among the diagnoses, e.g. "M80410/3". */
  readonly morphologyCodes?: readonly string[] | undefined;
  /** Names of the claim's lines, for "used together with …" restrictions. */
  readonly lineNames?: readonly string[] | undefined;
  readonly attendingTitle: PrescriberTitle | undefined;
  /** Days of an inpatient stay (discharge − admission, at least 1), for per-day limits; else absent. */
  readonly stayDays?: number | undefined;
  /** Whether the claim is emergency or rescue care (急救/抢救). */
  readonly emergency?: boolean | undefined;
  /** The claim's TCM syndromes by normalised name and part (`syndromeParts`); absent = not recorded. */
  readonly tcmSyndromes?: ReadonlySet<string> | undefined;
  /** Normalised therapy name (`normalizeTherapy`) → what the claim records of it. */
  readonly priorTherapies?: ReadonlyMap<string, readonly PriorTherapyOutcome[]> | undefined;
}

export interface LabValue {
  readonly value: DecimalValue;
  /** Null for a score (DAS28, BMI given as a score). */
  readonly unit: string | null;
  readonly upperLimitOfNormal?: DecimalValue | undefined;
}

/** What one line adds: its date, quantity, days, line of therapy and prescriber. */
export interface LineFacts {
  readonly date: CalendarDate;
  readonly quantity?: Decimal | undefined;
  readonly daysSupply?: number | undefined;
  readonly lineOfTherapy?: number | undefined;
  readonly prescriberTitle?: PrescriberTitle | undefined;
  /** Whether an approval in force covers this item for this person on this date. */
  readonly approved: boolean;
  /** Earlier use of the same item by the same person (from the caller's records), if known. */
  readonly history?: UsageHistory | undefined;
  readonly itemId?: string | undefined;
}

/**
 * What the caller knows of earlier use (settled claims), so that "at most 14 days" and "at most
 * N per period" count across claims, not just within one line. Without it, only the line counts.
 */
export interface UsageHistory {
  /** Quantity of the item already paid in the `periodDays` days before `on`. */
  quantityInPeriod(itemId: string, periodDays: number, on: CalendarDate): Decimal;
  /** Days of the item already paid in the current course (admission or prescription run). */
  daysUsed(itemId: string, on: CalendarDate): number;
  /**
   * The date the item was first paid for this person (before `on`), null if never; absent when
   * the caller keeps no such record (month limits and first-prescription rules then cannot tell).
   */
  firstUsed?(itemId: string, on: CalendarDate): CalendarDate | null;
}

export interface EvaluationSubject {
  readonly person: InsuredPerson;
  readonly tier: InstitutionTier;
  readonly claim: ClaimFacts;
  readonly line: LineFacts;
}

export function normalizeTest(test: string): string {
  return test.toUpperCase().replace(/[^A-Z0-9]/gu, '');
}

/**
 * A therapy's name as restrictions and claims compare it: NFKC, upper case, without spaces,
 * hyphens, dots or brackets ("EGFR-TKI" = "egfr tki", "含铂化疗" stays itself).
 */
export function normalizeTherapy(therapy: string): string {
  return therapy
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·()[\]]/gu, '');
}

/**
 * Which recorded outcomes satisfy a required one: a failed or intolerant therapy was received;
 * the others only themselves.
 */
const SATISFIED_BY: Readonly<Record<PriorTherapyOutcome, readonly PriorTherapyOutcome[]>> = {
  received: ['received', 'failed', 'intolerant'],
  failed: ['failed'],
  intolerant: ['intolerant'],
  contraindicated: ['contraindicated'],
  not_received: ['not_received'],
};

/**
 * An earlier-therapy restriction against the claim's `prior_therapy` evidence: each therapy is met
 * by a record of it with one of the required outcomes, not met by records with other outcomes
 * only, and cannot be told without a record (the prescriber's history is rarely on a claim: as
 * with an unknown line of therapy, the line is paid and flagged for review). `any` needs one
 * therapy met, `all` each.
 */
function priorTherapyResult(
  restriction: RestrictionOf<'prior_therapy'>,
  seen: ReadonlyMap<string, readonly PriorTherapyOutcome[]> | undefined,
): RestrictionEvaluation {
  let met = 0;
  let unknown = 0;
  for (const therapy of restriction.therapies) {
    const recorded = seen?.get(normalizeTherapy(therapy));
    if (recorded === undefined || recorded.length === 0) unknown++;
    else if (restriction.outcomes.some((o) => recorded.some((r) => SATISFIED_BY[o].includes(r))))
      met++;
  }
  const total = restriction.therapies.length;
  if (restriction.require === 'all' ? met === total : met > 0) return MET;
  const contrary = total - met - unknown;
  if (unknown > 0 && (restriction.require === 'any' || contrary === 0)) {
    return cannotTell('restriction.prior_therapy.unknown');
  }
  return notMet('restriction.prior_therapy.contrary');
}

/**
 * `C34` covers `C34.900` but `M81` must not cover the morphology code `M81400/3`: a category
 * prefix (no point) has to end where the code's category ends. A prefix written `=I10.x00` is
 * that code exactly, without its extension codes (I10.x00x016 白大衣高血压 is not I10.x00).
 */
export function hasPrefix(code: string, prefix: string): boolean {
  if (prefix.startsWith('=')) return code === prefix.slice(1);
  if (!code.startsWith(prefix)) return false;
  if (prefix.includes('.') || code.length === prefix.length) return true;
  const next = code[prefix.length];
  return next === '.' || next === '+' || next === 'x';
}

const MET: RestrictionEvaluation = { result: 'met', code: 'restriction.met' };
const notMet = (code: RestrictionReasonCode): RestrictionEvaluation => ({
  result: 'not_met',
  code,
});
const cannotTell = (code: RestrictionReasonCode): RestrictionEvaluation => ({
  result: 'cannot_tell',
  code,
});

const tierRank = (tier: InstitutionTier) => INSTITUTION_TIERS.indexOf(tier);
const titleRank = (title: PrescriberTitle) => PRESCRIBER_TITLES.indexOf(title);

export function evaluateRestriction(
  restriction: Restriction,
  subject: EvaluationSubject,
): RestrictionEvaluation {
  const { claim, line, person } = subject;
  switch (restriction.kind) {
    case 'diagnosis': {
      if (restriction.icdPrefixes.length === 0) return cannotTell('restriction.diagnosis.unmapped');
      let ambiguous: RestrictionEvaluation | undefined;
      for (const code of claim.diagnosisCodes) {
        for (const prefix of restriction.icdPrefixes) {
          if (!hasPrefix(code, prefix)) continue;
          const histology = restriction.histology?.find((h) => hasPrefix(code, h.prefix));
          if (histology === undefined) return MET;
          const result = histologyResult(histology, claim.morphologyCodes ?? []);
          if (result.result === 'met') return MET;
          if (ambiguous === undefined || result.result === 'cannot_tell') ambiguous = result;
        }
      }
      return ambiguous ?? notMet('restriction.diagnosis.no_matching_diagnosis');
    }
    case 'evidence': {
      const results = claim.biomarkers.get(normalizeTest(restriction.test));
      if (results === undefined || results.length === 0)
        return notMet('restriction.evidence.missing');
      if (results.includes(restriction.result)) {
        if (restriction.variants === undefined || restriction.result !== 'positive') return MET;
        return variantResult(
          restriction.variants,
          claim.variants?.get(normalizeTest(restriction.test)),
        );
      }
      if (results.includes('indeterminate'))
        return cannotTell('restriction.evidence.indeterminate');
      return notMet('restriction.evidence.contrary');
    }
    case 'age': {
      // A service date before the birth date is a data error the claim validator reports; here it
      // only means the age cannot be told.
      if (line.date < person.birthDate) return cannotTell('restriction.age.unknown');
      const age = ageAt(person.birthDate, line.date);
      if (restriction.minYears !== undefined && age < restriction.minYears) {
        return notMet('restriction.age.below_minimum');
      }
      if (restriction.maxYears !== undefined && age > restriction.maxYears) {
        return notMet('restriction.age.above_maximum');
      }
      if (restriction.minMonths !== undefined || restriction.maxMonths !== undefined) {
        const months = monthsBetween(person.birthDate, line.date);
        if (restriction.minMonths !== undefined && months < restriction.minMonths) {
          return notMet('restriction.age.below_minimum');
        }
        if (restriction.maxMonths !== undefined && months > restriction.maxMonths) {
          return notMet('restriction.age.above_maximum');
        }
      }
      if (
        restriction.maxDays !== undefined &&
        daysBetween(person.birthDate, line.date) > restriction.maxDays
      ) {
        return notMet('restriction.age.above_maximum');
      }
      return MET;
    }
    case 'sex':
      if (person.sex === 'unknown') return cannotTell('restriction.sex.unknown');
      return person.sex === restriction.sex ? MET : notMet('restriction.sex.mismatch');
    case 'institution_tier':
      return tierRank(subject.tier) >= tierRank(restriction.minTier)
        ? MET
        : notMet('restriction.institution_tier.below_minimum');
    case 'setting':
      return restriction.settings.includes(claim.setting)
        ? MET
        : notMet('restriction.setting.mismatch');
    case 'line_of_therapy': {
      if (line.lineOfTherapy === undefined)
        return cannotTell('restriction.line_of_therapy.unknown');
      const tooEarly = line.lineOfTherapy < restriction.minLine;
      const tooLate = restriction.maxLine !== undefined && line.lineOfTherapy > restriction.maxLine;
      return tooEarly || tooLate ? notMet('restriction.line_of_therapy.out_of_range') : MET;
    }
    case 'course': {
      if (line.daysSupply === undefined) return cannotTell('restriction.course.days_unknown');
      const before =
        line.history !== undefined && line.itemId !== undefined
          ? line.history.daysUsed(line.itemId, line.date)
          : 0;
      return before + line.daysSupply <= restriction.maxDays
        ? MET
        : notMet('restriction.course.exceeded');
    }
    case 'quantity': {
      if (line.quantity === undefined) return MET;
      const total =
        line.history !== undefined && line.itemId !== undefined
          ? line.quantity.plus(
              line.history.quantityInPeriod(line.itemId, restriction.periodDays, line.date),
            )
          : line.quantity;
      return total.lessThanOrEqualTo(restriction.maxQuantity)
        ? MET
        : notMet('restriction.quantity.exceeded');
    }
    case 'prescriber_title': {
      const title = line.prescriberTitle ?? claim.attendingTitle;
      if (title === undefined) return cannotTell('restriction.prescriber_title.unknown');
      return titleRank(title) >= titleRank(restriction.minTitle)
        ? MET
        : notMet('restriction.prescriber_title.below_minimum');
    }
    case 'scheme':
      return restriction.schemes.includes(claim.scheme)
        ? MET
        : notMet('restriction.scheme.mismatch');
    case 'approval':
      return line.approved ? MET : notMet('restriction.approval.missing');
    case 'lab':
      return labResult(restriction, claim.labs);
    case 'combination': {
      const names = claim.lineNames ?? [];
      const given = (w: string) => names.some((n) => n.includes(w));
      const seen =
        restriction.require === 'all'
          ? restriction.with.every(given)
          : restriction.with.some(given);
      // A partner given elsewhere, or named differently, is not evidence of its absence.
      return seen ? MET : cannotTell('restriction.combination.partner_not_seen');
    }
    case 'cumulative_quantity': {
      if (line.quantity === undefined) return MET;
      const history = line.history;
      let before: DecimalValue | undefined;
      if (restriction.window === 'per_year' && history !== undefined && line.itemId !== undefined) {
        before = history.quantityInPeriod(line.itemId, 365, line.date);
      } else if (history !== undefined && line.itemId !== undefined) {
        const first = history.firstUsed?.(line.itemId, line.date);
        if (first === null) before = undefined;
        else if (first !== undefined) {
          const since = daysBetween(first, line.date);
          if (restriction.window === 'first_year' && since >= daysInYearFrom(first)) return MET;
          before = history.quantityInPeriod(line.itemId, since + 1, line.date);
        }
      }
      const total = before === undefined ? line.quantity : line.quantity.plus(before);
      if (total.lessThanOrEqualTo(restriction.maxQuantity)) return MET;
      // Per eye: up to twice the cap may be two eyes' worth; the claim does not say which eye.
      if (
        restriction.perEye &&
        total.lessThanOrEqualTo(new DecimalValue(restriction.maxQuantity).times(2))
      )
        return cannotTell('restriction.cumulative_quantity.eye_unknown');
      return notMet('restriction.cumulative_quantity.exceeded');
    }
    case 'month_limit': {
      const first =
        line.itemId === undefined ? undefined : line.history?.firstUsed?.(line.itemId, line.date);
      if (first === undefined) return cannotTell('restriction.month_limit.history_unknown');
      if (first === null) return MET;
      return monthsBetween(first, line.date) < restriction.maxMonths
        ? MET
        : notMet('restriction.month_limit.exceeded');
    }
    case 'first_prescription':
      return firstPrescriptionResult(restriction, subject);
    case 'frequency': {
      if (line.quantity === undefined) return MET;
      const days = line.daysSupply ?? claim.stayDays ?? 1;
      return line.quantity.lessThanOrEqualTo(
        new DecimalValue(restriction.maxPerDay).times(Math.max(1, days)),
      )
        ? MET
        : notMet('restriction.frequency.exceeded');
    }
    case 'prior_therapy':
      return priorTherapyResult(restriction, claim.priorTherapies);
    case 'emergency':
      // A claim that does not say is paid and flagged, as an unknown line of therapy is.
      if (claim.emergency === undefined) return cannotTell('restriction.emergency.unknown');
      return claim.emergency ? MET : notMet('restriction.emergency.not_emergency');
    case 'tcm_syndrome': {
      const seen = claim.tcmSyndromes;
      // A claim without TCM diagnosis says nothing of the syndrome: paid and flagged for review.
      if (seen === undefined || seen.size === 0)
        return cannotTell('restriction.tcm_syndrome.unknown');
      const named = restriction.syndromes.some((s) => {
        const [whole, ...parts] = syndromeParts(s);
        return (
          (whole !== undefined && seen.has(whole)) ||
          (parts.length > 1 && parts.every((p) => seen.has(p)))
        );
      });
      return named ? MET : notMet('restriction.tcm_syndrome.mismatch');
    }
    case 'procedure': {
      const procedures = claim.procedures ?? [];
      const under = (code: string, prefixes: readonly string[]) =>
        prefixes.some((prefix) => hasPrefix(code, prefix));
      if (
        procedures.some((p) => under(p.code, restriction.procedureCodes)) ||
        claim.diagnosisCodes.some((code) => under(code, restriction.statusCodes))
      )
        return MET;
      // An inpatient claim codes every procedure of its stay (结算清单): others, and none of
      // these, say it was not done. An outpatient claim may leave it to another record.
      return claim.setting === 'inpatient' && procedures.length > 0
        ? notMet('restriction.procedure.not_performed')
        : cannotTell('restriction.procedure.unknown');
    }
  }
}

/**
 * A syndrome's name as restrictions and claims compare it, then its parts: NFKC, without spaces
 * and without the closing 证 / 证候 / 型 ("气虚血瘀证" = "气虚血瘀型" = "气虚血瘀"); a compound
 * syndrome ("气阴两虚、肾气不足证") is also split into its parts at 、 , ， ; 兼.
 */
function syndromeParts(name: string): string[] {
  const bare = (s: string) => s.replace(/(?:证候|证|型)$/u, '');
  const whole = bare(name.normalize('NFKC').replace(/\s/gu, ''));
  return [
    whole,
    ...whole
      .split(/[、,;兼]/u)
      .map(bare)
      .filter((p) => p !== ''),
  ];
}

function variantResult(
  required: readonly string[],
  seen: readonly (readonly string[])[] | undefined,
): RestrictionEvaluation {
  const named = (seen ?? []).filter((v) => v.length > 0);
  if (named.length === 0) return cannotTell('restriction.evidence.variant_unknown');
  for (const variants of named)
    for (const v of variants) if (required.some((r) => variantSatisfies(v, r))) return MET;
  return notMet('restriction.evidence.variant_mismatch');
}

function histologyResult(
  histology: { readonly confirm: readonly string[]; readonly exclude: readonly string[] },
  morphology: readonly string[],
): RestrictionEvaluation {
  if (morphology.some((m) => histology.confirm.some((p) => m.startsWith(p)))) return MET;
  if (morphology.some((m) => histology.exclude.some((p) => m.startsWith(p))))
    return notMet('restriction.diagnosis.histology_contrary');
  return cannotTell('restriction.diagnosis.histology_unknown');
}

/** A unit as a claim and a restriction compare it: ×10⁹/L = 10^9/L = 10*9/L. */
function normalizeUnit(unit: string): string {
  return unit
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, '')
    .replace(/²/gu, '2')
    .replace(/^[×x*]?10(?:\^|\*\*?)?9\//u, '10^9/');
}

function labResult(
  restriction: RestrictionOf<'lab'>,
  labs: ClaimFacts['labs'],
): RestrictionEvaluation {
  let reason: RestrictionEvaluation | undefined;
  for (const test of restriction.tests) {
    for (const lab of labs?.get(normalizeTest(test)) ?? []) {
      let threshold: DecimalValue;
      if (restriction.unit === '×ULN') {
        if (lab.upperLimitOfNormal === undefined) {
          reason ??= cannotTell('restriction.lab.uln_unknown');
          continue;
        }
        threshold = lab.upperLimitOfNormal.times(restriction.value);
      } else {
        if (
          restriction.unit !== null &&
          lab.unit !== null &&
          normalizeUnit(lab.unit) !== normalizeUnit(restriction.unit)
        ) {
          reason ??= cannotTell('restriction.lab.unit_mismatch');
          continue;
        }
        threshold = new DecimalValue(restriction.value);
      }
      const ok =
        restriction.comparator === 'gt'
          ? lab.value.greaterThan(threshold)
          : restriction.comparator === 'gte'
            ? lab.value.greaterThanOrEqualTo(threshold)
            : restriction.comparator === 'lt'
              ? lab.value.lessThan(threshold)
              : lab.value.lessThanOrEqualTo(threshold);
      if (ok) return MET;
      if (reason === undefined || reason.result === 'cannot_tell')
        reason = notMet('restriction.lab.out_of_range');
    }
  }
  return reason ?? notMet('restriction.lab.missing');
}

function firstPrescriptionResult(
  restriction: RestrictionOf<'first_prescription'>,
  subject: EvaluationSubject,
): RestrictionEvaluation {
  const { line } = subject;
  const first =
    line.itemId === undefined ? undefined : line.history?.firstUsed?.(line.itemId, line.date);
  // A refill: the condition was for the first prescription only.
  if (first !== undefined && first !== null) return MET;
  const tierOk =
    restriction.minTier === undefined || tierRank(subject.tier) >= tierRank(restriction.minTier);
  const title = line.prescriberTitle ?? subject.claim.attendingTitle;
  const titleOk =
    restriction.minTitle === undefined
      ? true
      : title === undefined
        ? undefined
        : titleRank(title) >= titleRank(restriction.minTitle);
  if (tierOk && titleOk === true && !restriction.specialist) return MET;
  if (!tierOk || titleOk === false) {
    // Known to be the first prescription and the prescriber does not qualify.
    return first === null
      ? notMet('restriction.first_prescription.not_met')
      : cannotTell('restriction.first_prescription.unknown');
  }
  // Tier fine, but whether the prescriber is a specialist (or their title) is not on the claim.
  return cannotTell('restriction.first_prescription.unknown');
}

/** Days from `from` to the same date a year later (365 or 366). */
function daysInYearFrom(from: CalendarDate): number {
  const [y = 0, m = 1, d = 1] = from.split('-').map(Number);
  return Math.round((Date.UTC(y + 1, m - 1, d) - Date.UTC(y, m - 1, d)) / 86_400_000);
}

/** Whole calendar months from `from` to `to` (2025-01-15 → 2025-02-14 is 0, → 2025-02-15 is 1). */
function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  const [fy = 0, fm = 1, fd = 1] = from.split('-').map(Number);
  const [ty = 0, tm = 1, td = 1] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * The codes a diagnosis counts for: itself, or both codes of a dagger-asterisk pair
 * ("A01.001+K77.0*" → A01.001, K77.0).
 */
export function codesOfDiagnosis(code: string): string[] {
  return code.includes('+') ? code.split('+').map((c) => c.replace(/\*$/u, '')) : [code];
}

/** Days of an inpatient stay (discharge − admission, at least 1), for per-day limits; else undefined. */
export function stayDaysOf(claim: {
  readonly type: ClaimType;
  readonly admissionDate?: CalendarDate | undefined;
  readonly dischargeDate?: CalendarDate | undefined;
}): number | undefined {
  return claim.type === 'inpatient' &&
    claim.admissionDate !== undefined &&
    claim.dischargeDate !== undefined
    ? Math.max(1, toEpochDay(claim.dischargeDate) - toEpochDay(claim.admissionDate))
    : undefined;
}

/**
 * The facts of the claim seen last: a claim's lines are decided one after another, so one entry
 * serves them all (a table keyed by every claim ever seen would be work for the collector).
 */
let lastFacts: { readonly claim: object; readonly facts: ClaimFacts } | undefined;

/**
 * Appends `value` to `map`'s list at `key`. Module-level rather than a closure in `claimFacts`:
 * under tsx (which keeps names) every named closure costs a property definition each time it is
 * made, once per claim there.
 */
function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The claim's facts, computed once per claim object (lines of one claim share them). */
export function claimFacts(claim: {
  readonly type: ClaimType;
  readonly scheme?: Scheme | undefined;
  readonly diagnoses: readonly { readonly code: string }[];
  readonly procedures?: readonly { readonly code: string }[] | undefined;
  readonly evidence?: readonly Evidence[] | undefined;
  readonly attendingPrescriber?: { readonly title: PrescriberTitle } | undefined;
  readonly emergency?: boolean | undefined;
  readonly tcmSyndromes?: readonly string[] | undefined;
  readonly lines?: readonly { readonly name: string }[] | undefined;
  readonly admissionDate?: CalendarDate | undefined;
  readonly dischargeDate?: CalendarDate | undefined;
}): ClaimFacts {
  if (lastFacts?.claim === claim) return lastFacts.facts;
  const biomarkers = new Map<string, ('positive' | 'negative' | 'indeterminate')[]>();
  const variants = new Map<string, string[][]>();
  const labs = new Map<string, LabValue[]>();
  // Made only for a claim that records earlier therapies (most do not).
  let priorTherapies: Map<string, PriorTherapyOutcome[]> | undefined;
  for (const e of claim.evidence ?? []) {
    if (e.kind === 'biomarker') {
      const key = normalizeTest(e.test);
      push(biomarkers, key, e.result);
      if (e.result === 'positive') push(variants, key, canonicalVariants(e.variant ?? ''));
    } else if (e.kind === 'lab') {
      push(labs, normalizeTest(e.test), {
        value: e.value,
        unit: e.unit,
        upperLimitOfNormal: e.upperLimitOfNormal,
      });
    } else if (e.kind === 'score') {
      push(labs, normalizeTest(e.instrument), { value: e.value, unit: null });
    } else {
      priorTherapies ??= new Map();
      push(priorTherapies, normalizeTherapy(e.therapy), e.outcome);
    }
  }
  const codes = claim.diagnoses.flatMap((d) => codesOfDiagnosis(d.code));
  const facts: ClaimFacts = {
    type: claim.type,
    scheme: claim.scheme ?? 'medical',
    setting: claim.type === 'inpatient' ? 'inpatient' : 'outpatient',
    diagnosisCodes: codes,
    procedures: claim.procedures,
    biomarkers,
    variants,
    labs,
    morphologyCodes: codes.filter((c) => /^M\d{4}/u.test(c)),
    lineNames: (claim.lines ?? []).map((l) => l.name),
    attendingTitle: claim.attendingPrescriber?.title,
    stayDays: stayDaysOf(claim),
    priorTherapies,
    emergency: claim.emergency,
    tcmSyndromes:
      claim.tcmSyndromes === undefined
        ? undefined
        : new Set(claim.tcmSyndromes.flatMap((name) => syndromeParts(name))),
  };
  lastFacts = { claim, facts };
  return facts;
}
