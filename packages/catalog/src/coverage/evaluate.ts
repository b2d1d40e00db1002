import {
  type CalendarDate,
  type ClaimType,
  type Decimal,
  type Evidence,
  type InstitutionTier,
  type InsuredPerson,
  type PrescriberTitle,
  type Scheme,
  INSTITUTION_TIERS,
  PRESCRIBER_TITLES,
  ageAt,
} from '@openpayer/domain';
import type { Restriction } from '../restrictions/restriction.ts';

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
  /** Normalised test name (upper case, letters and digits) → results seen. */
  readonly biomarkers: ReadonlyMap<string, readonly ('positive' | 'negative' | 'indeterminate')[]>;
  readonly attendingTitle: PrescriberTitle | undefined;
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
 * `C34` covers `C34.900` but `M81` must not cover the morphology code `M81400/3`: a category
 * prefix (no point) has to end where the code's category ends.
 */
export function hasPrefix(code: string, prefix: string): boolean {
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
      for (const code of claim.diagnosisCodes) {
        for (const prefix of restriction.icdPrefixes) if (hasPrefix(code, prefix)) return MET;
      }
      return notMet('restriction.diagnosis.no_matching_diagnosis');
    }
    case 'evidence': {
      const results = claim.biomarkers.get(normalizeTest(restriction.test));
      if (results === undefined || results.length === 0)
        return notMet('restriction.evidence.missing');
      if (results.includes(restriction.result)) return MET;
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
  }
}

/**
 * The facts of the claim seen last: a claim's lines are decided one after another, so one entry
 * serves them all (a table keyed by every claim ever seen would be work for the collector).
 */
let lastFacts: { readonly claim: object; readonly facts: ClaimFacts } | undefined;

/** The claim's facts, computed once per claim object (lines of one claim share them). */
export function claimFacts(claim: {
  readonly type: ClaimType;
  readonly scheme?: Scheme | undefined;
  readonly diagnoses: readonly { readonly code: string }[];
  readonly evidence?: readonly Evidence[] | undefined;
  readonly attendingPrescriber?: { readonly title: PrescriberTitle } | undefined;
}): ClaimFacts {
  if (lastFacts?.claim === claim) return lastFacts.facts;
  const biomarkers = new Map<string, ('positive' | 'negative' | 'indeterminate')[]>();
  for (const e of claim.evidence ?? []) {
    if (e.kind !== 'biomarker') continue;
    const key = normalizeTest(e.test);
    const list = biomarkers.get(key);
    if (list === undefined) biomarkers.set(key, [e.result]);
    else list.push(e.result);
  }
  const facts: ClaimFacts = {
    type: claim.type,
    scheme: claim.scheme ?? 'medical',
    setting: claim.type === 'inpatient' ? 'inpatient' : 'outpatient',
    // Dagger-asterisk pairs ("A01.001+K77.0*") count for both codes.
    diagnosisCodes: claim.diagnoses.flatMap((d) =>
      d.code.includes('+') ? d.code.split('+').map((c) => c.replace(/\*$/u, '')) : [d.code],
    ),
    biomarkers,
    attendingTitle: claim.attendingPrescriber?.title,
  };
  lastFacts = { claim, facts };
  return facts;
}
