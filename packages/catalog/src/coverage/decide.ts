import {
  type Claim,
  type ClaimLine,
  type Institution,
  type InsuredPerson,
  type Issue,
  type Ratio,
  issue,
  periodContains,
} from '@openpayer/domain';
import { type Approval, type ApprovalKind, findApprovalInForce } from '../approvals/index.ts';
import type { CatalogItem, CoverageClass, PaymentPrice, PaymentStandard } from '../item/item.ts';
import type { CatalogIndex, MatchKind } from '../lookup/catalog-index.ts';
import type { Restriction, RestrictionKind } from '../restrictions/restriction.ts';
import type { UnparsedRestrictionOutcome } from '../version/release.ts';
import {
  type EvaluationSubject,
  type RestrictionReasonCode,
  type RestrictionResultValue,
  type UsageHistory,
  claimFacts,
  evaluateRestriction,
} from './evaluate.ts';

/**
 * The coverage decision (目录支付判定): for one claim line, is the item covered, on what terms,
 * and why. Pure: the same item and context always give the same decision.
 */

export const COVERAGE_OUTCOMES = [
  'covered',
  'covered_first_self_pay',
  'self_pay',
  'needs_approval',
  'not_covered',
] as const;
export type CoverageOutcome = (typeof COVERAGE_OUTCOMES)[number];

export const COVERAGE_REASON_CODES = [
  'coverage.in_catalog',
  'coverage.first_self_pay',
  'coverage.not_in_catalog',
  'coverage.out_of_catalog_class',
  'coverage.outside_agreement_window',
  'coverage.outside_primary_care_formulary',
  'coverage.restriction_not_met',
  'coverage.requires_approval',
  'coverage.covered_by_approval',
  'coverage.special_access',
  'coverage.review_needed',
  'coverage.matched_by_name',
  'coverage.confidential_payment_standard',
  // Restriction text the importer could not read: flagged, held for review, or self-paid
  // (the release's `unparsedRestrictions`).
  'coverage.unparsed_restriction',
  'coverage.held_for_review',
  'coverage.unparsed_restriction_self_pay',
] as const;
export type CoverageReasonCode = (typeof COVERAGE_REASON_CODES)[number];

export interface RestrictionResult {
  readonly kind: RestrictionKind;
  readonly source: Restriction['source'];
  readonly text: string;
  readonly result: RestrictionResultValue;
  readonly code: RestrictionReasonCode;
  /** For an alternative of a numbered restriction text: its index; absent = must always hold. */
  readonly indication?: number;
}

export interface CoverageDecision {
  readonly outcome: CoverageOutcome;
  readonly itemId: string | null;
  readonly coverageClass: CoverageClass | null;
  /** Class B: the policy's first self-pay ratio applies before the item enters policy scope. */
  readonly firstSelfPay: boolean;
  readonly matchedBy: MatchKind | null;
  /** The maximum payable unit price for this institution, when the list gives exactly one. */
  readonly paymentStandard: PaymentPrice | null;
  readonly paymentStandardText: PaymentStandard['text'] | null;
  readonly restrictions: readonly RestrictionResult[];
  /**
   * A restriction could not be told from the claim, the item was matched by name only, or its
   * restriction text holds fragments the importer could not read (`unparsed`).
   */
  readonly review: boolean;
  /** Fragments of the item's restriction text the decision could not read (empty when none). */
  readonly unparsed: readonly string[];
  readonly approval: {
    readonly id: string;
    readonly kind: ApprovalKind;
    readonly reimbursementRatio: Ratio | null;
  } | null;
  /** In-catalog alternatives (item ids) when the item is not covered or is self-paid. */
  readonly alternatives: readonly string[];
  readonly reasons: readonly Issue<CoverageReasonCode>[];
  readonly releaseId: string | null;
}

export interface CoverageContext {
  readonly person: InsuredPerson;
  readonly institution: Institution;
  /** The claim (or the parts of it a decision reads). Facts are computed once per claim object. */
  readonly claim: Parameters<typeof claimFacts>[0];
  readonly line: Pick<ClaimLine, 'code' | 'date'> &
    Partial<Pick<ClaimLine, 'quantity' | 'daysSupply' | 'lineOfTherapy' | 'prescriber'>>;
  /** Approvals for this person (the decision picks one in force for the item and date). */
  readonly approvals?: readonly Approval[] | undefined;
  /** Item ids primary institutions may prescribe; null or absent = no formulary. */
  readonly primaryCareFormulary?: ReadonlySet<string> | null | undefined;
  /** Rule-base restrictions for the line's national code. */
  readonly codeRestrictions?: readonly Restriction[] | undefined;
  readonly matchedBy?: MatchKind | undefined;
  readonly releaseId?: string | undefined;
  /** What a line whose item has unparsed restriction text gets (the release's; default flag). */
  readonly unparsedRestrictions?: UnparsedRestrictionOutcome | undefined;
  /** Earlier use of items by this person, for course and quantity limits across claims. */
  readonly history?: UsageHistory | undefined;
  /** In-catalog alternatives (item ids) to offer when the decision is not "covered". */
  readonly alternatives?:
    ((itemId: string | undefined, code: string) => readonly string[]) | undefined;
}

const NO_RESULTS: readonly RestrictionResult[] = [];

const NO_RESTRICTIONS: readonly Restriction[] = [];

const NO_FRAGMENTS: readonly string[] = [];

/** All of: not met wins, then cannot tell. */
function allOf(a: RestrictionResultValue, b: RestrictionResultValue): RestrictionResultValue {
  if (a === 'not_met' || b === 'not_met') return 'not_met';
  return a === 'cannot_tell' || b === 'cannot_tell' ? 'cannot_tell' : 'met';
}

/** Any of: met wins, then cannot tell. */
function anyOf(a: RestrictionResultValue, b: RestrictionResultValue): RestrictionResultValue {
  if (a === 'met' || b === 'met') return 'met';
  return a === 'cannot_tell' || b === 'cannot_tell' ? 'cannot_tell' : 'not_met';
}

function priceFor(
  standard: PaymentStandard | null,
  tier: Institution['tier'],
): PaymentPrice | null {
  if (standard === null || standard.prices.length === 0) return null;
  const forTier = standard.prices.filter((p) => p.tier === tier);
  const general = standard.prices.filter((p) => p.tier === undefined);
  const candidates = forTier.length > 0 ? forTier : general;
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

interface Draft {
  readonly item: CatalogItem | undefined;
  readonly context: CoverageContext;
  readonly reasons: Issue<CoverageReasonCode>[];
  readonly approval: CoverageDecision['approval'];
}

function finish(
  draft: Draft,
  outcome: CoverageOutcome,
  restrictions: readonly RestrictionResult[],
  review: boolean,
  withApproval: boolean,
  offerAlternatives: boolean,
  unparsed: readonly string[] = NO_FRAGMENTS,
): CoverageDecision {
  const { item, context } = draft;
  const byName = context.matchedBy === 'name';
  return {
    outcome,
    itemId: item?.id ?? null,
    coverageClass: item?.coverageClass ?? null,
    firstSelfPay: outcome === 'covered_first_self_pay',
    matchedBy: item === undefined ? null : (context.matchedBy ?? 'code'),
    paymentStandard:
      item === undefined ? null : priceFor(item.paymentStandard, context.institution.tier),
    paymentStandardText: item?.paymentStandard?.text ?? null,
    restrictions,
    review: review || byName || unparsed.length > 0,
    unparsed,
    approval: withApproval ? draft.approval : null,
    alternatives: offerAlternatives
      ? (context.alternatives?.(item?.id, context.line.code) ?? [])
      : [],
    reasons: draft.reasons,
    releaseId: context.releaseId ?? null,
  };
}

function coveredByApproval(
  draft: Draft,
  why: string,
  restrictions: readonly RestrictionResult[],
  unparsed: readonly string[] = NO_FRAGMENTS,
): CoverageDecision {
  const special = draft.approval?.kind === 'special_access';
  const id = draft.approval?.id ?? '';
  draft.reasons.push(
    issue(
      special ? 'coverage.special_access' : 'coverage.covered_by_approval',
      `${why}; covered by approval ${id}${special ? ' at its special reimbursement ratio' : ''}`,
      { severity: 'info', data: { approvalId: id } },
    ),
  );
  return finish(draft, 'covered', restrictions, false, true, false, unparsed);
}

function evaluateInto(
  results: RestrictionResult[],
  restriction: Restriction,
  subject: EvaluationSubject,
  indication: number | undefined,
): RestrictionResultValue {
  const { result, code } = evaluateRestriction(restriction, subject);
  const { kind, source, text } = restriction;
  results.push(
    indication === undefined
      ? { kind, source, text, result, code }
      : { kind, source, text, result, code, indication },
  );
  return result;
}

/**
 * Decides one line. `item` is the catalog entry the line resolved to, or undefined when the code
 * is not in the catalog. Order: catalog membership and class → agreement window → primary-care
 * formulary → restrictions (any approval in force lifts what it is for) → class.
 */
export function decideCoverage(
  item: CatalogItem | undefined,
  context: CoverageContext,
): CoverageDecision {
  const { line, person, institution } = context;
  const reasons: Issue<CoverageReasonCode>[] = [];
  const found =
    context.approvals === undefined || context.approvals.length === 0
      ? undefined
      : findApprovalInForce(context.approvals, {
          personId: person.id,
          itemCode: line.code,
          catalogItemId: item?.id,
          on: line.date,
          institution: { code: institution.code, allianceId: institution.alliance?.id },
        });
  const approval =
    found === undefined
      ? null
      : {
          id: found.id,
          kind: found.kind,
          reimbursementRatio: found.decision?.reimbursementRatio ?? null,
        };
  const draft: Draft = { item, context, reasons, approval };
  if (context.matchedBy === 'name') {
    reasons.push(
      issue(
        'coverage.matched_by_name',
        `matched "${item?.name ?? ''}" by name within its drug class`,
        { severity: 'warning', path: ['code'] },
      ),
    );
  }

  // 1. In the catalog at all, and not class C.
  if (item === undefined || item.coverageClass === 'C') {
    const why =
      item === undefined
        ? `"${line.code}" is not in the catalog`
        : `${item.name} is out of catalog (class C)`;
    if (
      approval !== null &&
      (approval.kind === 'out_of_catalog' || approval.kind === 'special_access')
    ) {
      return coveredByApproval(draft, why, NO_RESULTS);
    }
    reasons.push(
      issue(item === undefined ? 'coverage.not_in_catalog' : 'coverage.out_of_catalog_class', why, {
        path: ['code'],
        data: { code: line.code },
      }),
    );
    return finish(draft, 'not_covered', NO_RESULTS, false, false, true);
  }

  // 2. Negotiated drugs only inside their agreement window.
  if (item.agreement !== null && !periodContains(item.agreement, line.date)) {
    reasons.push(
      issue(
        'coverage.outside_agreement_window',
        `${item.name} is covered under its agreement from ${item.agreement.start} until before ${item.agreement.end ?? 'open end'}; the line is dated ${line.date}`,
        { path: ['date'], data: { agreement: item.agreement, date: line.date } },
      ),
    );
    return finish(draft, 'not_covered', NO_RESULTS, false, false, true);
  }

  // 3. Primary institutions prescribe from the primary-care formulary, or with the lead hospital's approval.
  const formulary = context.primaryCareFormulary;
  const outsideFormulary =
    institution.tier === 'primary' &&
    formulary !== null &&
    formulary !== undefined &&
    !formulary.has(item.id);
  // The lead hospital's approval opens it; the line then uses (and draws on) that approval.
  const byLeadHospital = outsideFormulary && approval?.kind === 'primary_care';
  if (byLeadHospital) {
    reasons.push(
      issue(
        'coverage.covered_by_approval',
        `${item.name} is outside the primary-care formulary; prescribed with the alliance lead hospital's approval ${approval.id}`,
        { severity: 'info', data: { approvalId: approval.id } },
      ),
    );
  }
  if (outsideFormulary && !byLeadHospital) {
    reasons.push(
      issue(
        'coverage.outside_primary_care_formulary',
        `${item.name} is outside the primary-care formulary; a primary institution needs its alliance lead hospital's approval`,
        { path: ['code'], data: { itemId: item.id } },
      ),
    );
    return finish(draft, 'needs_approval', NO_RESULTS, false, false, true);
  }

  // 4. Restrictions: all of the item's and the code's, and any one indication.
  const codeRestrictions = context.codeRestrictions;
  const hasRestrictions =
    item.restrictions.length > 0 ||
    item.indications.length > 0 ||
    (codeRestrictions !== undefined && codeRestrictions.length > 0);
  let results: RestrictionResult[] | readonly RestrictionResult[] = NO_RESULTS;
  let overall: RestrictionResultValue = 'met';
  let indicationsResult: RestrictionResultValue = 'met';
  if (hasRestrictions) {
    const subject: EvaluationSubject = {
      person,
      tier: institution.tier,
      claim: claimFacts(context.claim),
      line: {
        date: line.date,
        quantity: line.quantity,
        daysSupply: line.daysSupply,
        lineOfTherapy: line.lineOfTherapy,
        prescriberTitle: line.prescriber?.title,
        approved: approval !== null,
        history: context.history,
        itemId: item.id,
      },
    };
    const list: RestrictionResult[] = [];
    let all: RestrictionResultValue = 'met';
    for (const r of item.restrictions) {
      all = allOf(all, evaluateInto(list, r, subject, undefined));
    }
    if (codeRestrictions !== undefined) {
      for (const r of codeRestrictions) all = allOf(all, evaluateInto(list, r, subject, undefined));
    }
    if (item.indications.length > 0) {
      let any: RestrictionResultValue = 'not_met';
      for (let index = 0; index < item.indications.length; index++) {
        let each: RestrictionResultValue = 'met';
        for (const r of item.indications[index]?.restrictions ?? NO_RESTRICTIONS) {
          each = allOf(each, evaluateInto(list, r, subject, index));
        }
        any = anyOf(any, each);
      }
      indicationsResult = any;
      all = allOf(all, any);
    }
    results = list;
    overall = all;
  }

  if (overall === 'not_met') {
    // An alternative that failed only matters when no alternative held.
    const failing = results.filter(
      (r) =>
        r.result === 'not_met' && (r.indication === undefined || indicationsResult === 'not_met'),
    );
    if (failing.every((r) => r.kind === 'approval')) {
      reasons.push(
        issue('coverage.requires_approval', `${item.name} is paid only with a prior approval`, {
          path: ['approvalRef'],
          data: { itemId: item.id },
        }),
      );
      return finish(draft, 'needs_approval', results, false, false, false);
    }
    if (approval !== null && approval.kind === 'restricted_use') {
      return coveredByApproval(
        draft,
        `${item.name}'s restricted payment scope is not met`,
        results,
        item.unparsed,
      );
    }
    const failingCodes = failing.map((f) => f.code);
    reasons.push(
      issue(
        'coverage.restriction_not_met',
        `${item.name} is paid only within its restricted scope: ${failingCodes.join(', ')}`,
        { data: { failing: failingCodes, restrictionText: item.restrictionText } },
      ),
    );
    return finish(draft, 'self_pay', results, false, false, true);
  }

  // 5. Text the importer could not read: never a silent payment. What was read holds (or cannot
  // be told); the release says whether the line is then flagged, held for review or self-paid.
  const unparsed = item.unparsed;
  if (unparsed.length > 0) {
    const mode = context.unparsedRestrictions ?? 'flag';
    const fragments = unparsed.map((f) => `"${f}"`).join('; ');
    const data = { itemId: item.id, fragments: unparsed, restrictionText: item.restrictionText };
    if (mode !== 'flag' && approval !== null && approval.kind === 'restricted_use') {
      return coveredByApproval(
        draft,
        `${item.name}'s restriction text is not fully read (${fragments})`,
        results,
        unparsed,
      );
    }
    if (mode === 'hold') {
      reasons.push(
        issue(
          'coverage.held_for_review',
          `${item.name} is held for review: its restriction text could not be read in full: ${fragments}`,
          { path: ['code'], data },
        ),
      );
      return finish(draft, 'needs_approval', results, true, false, false, unparsed);
    }
    if (mode === 'self_pay') {
      reasons.push(
        issue(
          'coverage.unparsed_restriction_self_pay',
          `${item.name} is self-paid: its restriction text could not be read in full: ${fragments}`,
          { path: ['code'], data },
        ),
      );
      return finish(draft, 'self_pay', results, true, false, true, unparsed);
    }
    reasons.push(
      issue(
        'coverage.unparsed_restriction',
        `${item.name} is decided on the part of its restriction text that was read; a reviewer should check: ${fragments}`,
        { severity: 'warning', data },
      ),
    );
  }

  const review = overall === 'cannot_tell';
  if (review) {
    reasons.push(
      issue(
        'coverage.review_needed',
        `the claim does not show whether ${item.name}'s restriction holds: ${results
          .filter((r) => r.result === 'cannot_tell')
          .map((r) => r.code)
          .join(', ')}`,
        { severity: 'warning' },
      ),
    );
  }
  if (item.paymentStandard?.confidential === true) {
    reasons.push(
      issue(
        'coverage.confidential_payment_standard',
        `${item.name}'s payment standard is confidential (published as *); the fund's own price list applies`,
        { severity: 'info' },
      ),
    );
  }
  if (item.coverageClass === 'B') {
    reasons.push(
      issue(
        'coverage.first_self_pay',
        `${item.name} is class B: the first self-pay ratio applies`,
        {
          severity: 'info',
        },
      ),
    );
    return finish(
      draft,
      'covered_first_self_pay',
      results,
      review,
      byLeadHospital,
      false,
      unparsed,
    );
  }
  reasons.push(issue('coverage.in_catalog', `${item.name} is class A`, { severity: 'info' }));
  return finish(draft, 'covered', results, review, byLeadHospital, false, unparsed);
}

export interface LineDecision {
  readonly lineId: string;
  readonly decision: CoverageDecision;
}

/**
 * Decides every line of a claim against one release's index: resolve each line (crosswalk,
 * code, generic, name) then `decideCoverage`. The claim's facts are computed once.
 */
export function decideClaim(
  index: CatalogIndex,
  claim: Pick<Claim, 'type' | 'diagnoses' | 'lines' | 'person' | 'institution'> &
    Partial<Pick<Claim, 'scheme' | 'evidence' | 'attendingPrescriber'>>,
  options: {
    readonly approvals?: readonly Approval[] | undefined;
    readonly history?: UsageHistory | undefined;
  } = {},
): LineDecision[] {
  const out: LineDecision[] = [];
  for (const line of claim.lines) {
    const resolved = index.resolve(line, claim.institution.code);
    const code = resolved?.nationalCode ?? line.code;
    out.push({
      lineId: line.id,
      decision: decideCoverage(resolved?.item, {
        person: claim.person,
        institution: claim.institution,
        claim,
        line: resolved?.viaCrosswalk === true ? { ...line, code } : line,
        approvals: options.approvals,
        history: options.history,
        primaryCareFormulary: index.formulary,
        codeRestrictions: index.codeRestrictions(code),
        matchedBy: resolved?.matchedBy,
        releaseId: index.release.id,
        unparsedRestrictions: index.release.unparsedRestrictions,
        alternatives: index.alternativesOf,
      }),
    });
  }
  return out;
}
