import {
  type CalendarDate,
  type Decimal,
  type Issue,
  type Ratio,
  type Result,
  INSTITUTION_TIERS,
  ITEM_KINDS,
  PRESCRIBER_TITLES,
  addDays,
  calendarDateSchema,
  claimIdSchema,
  daysBetween,
  fail,
  institutionCodeSchema,
  issue,
  ok,
  personIdSchema,
  prescriberSchema,
  quantityCodec,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * Out-of-catalog and restricted-use approvals (目录外用药审批 / 特殊用药审批) as pure domain logic:
 * each function takes an approval value and returns a new one (persistence stores them). The
 * rules that vary between funds — who may request, how long an approval may last, the special
 * ratio for orphan drugs — are an `ApprovalPolicy`, never constants here.
 */

export const APPROVAL_KINDS = [
  'out_of_catalog',
  'restricted_use',
  'primary_care',
  'special_access',
] as const;
/**
 * out_of_catalog 目录外用药 · restricted_use 超限定支付范围 · primary_care 基层目录外 (needs the
 * alliance lead hospital) · special_access 罕见病特殊准入 (paid at a special ratio).
 */
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export const APPROVAL_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'withdrawn',
  'exhausted',
  'expired',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_ISSUE_CODES = [
  'approval.invalid_transition',
  'approval.informed_consent_missing',
  'approval.alternatives_missing',
  'approval.requester_title_too_low',
  'approval.reviewer_not_authorised',
  'approval.approver_not_lead_hospital',
  'approval.validity_too_long',
  'approval.validity_before_request',
  'approval.quantity_above_requested',
  'approval.ratio_required',
  'approval.ratio_out_of_bounds',
  'approval.comment_required',
  'approval.person_mismatch',
  'approval.item_mismatch',
  'approval.not_yet_valid',
  'approval.expired',
  'approval.quantity_exceeded',
  'approval.duplicate_drawdown',
  'approval.unknown_drawdown',
] as const;
export type ApprovalIssueCode = (typeof APPROVAL_ISSUE_CODES)[number];

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/u, { error: 'must be letters, digits and . _ : -' });

/** An approval request as a doctor's system sends it. */
export const approvalRequestSchema = z
  .strictObject({
    id,
    kind: z.enum(APPROVAL_KINDS),
    item: z.strictObject({
      kind: z.enum(ITEM_KINDS),
      code: z.string().min(1).max(40),
      catalogItemId: z.string().min(1).max(300).optional(),
      name: z.string().min(1).max(300),
    }),
    personId: personIdSchema,
    institution: z.strictObject({
      code: institutionCodeSchema,
      tier: z.enum(INSTITUTION_TIERS),
      allianceId: z.string().min(1).max(64).optional(),
    }),
    requestedBy: prescriberSchema,
    reason: z.string().trim().min(1).max(2000),
    alternativesConsidered: z.array(z.string().min(1).max(300)).max(20),
    informedConsent: z
      .boolean()
      .meta({ description: 'The patient signed the informed consent (知情同意书).' }),
    requestedOn: calendarDateSchema,
    requestedQuantity: quantityCodec,
    requestedDays: z.int().min(1).max(3650),
  })
  .meta({ id: 'ApprovalRequest' });
export type ApprovalRequest = z.output<typeof approvalRequestSchema>;
export type ApprovalRequestWire = z.input<typeof approvalRequestSchema>;

/** The fund's approval rules, as dated policy data. */
export const approvalPolicySchema = z
  .strictObject({
    requireInformedConsent: z.boolean(),
    requireAlternativesForOutOfCatalog: z.boolean(),
    /** Lowest requester title per institution tier (PRODUCT.md: associate-chief at tertiary). */
    minRequesterTitle: z.partialRecord(z.enum(INSTITUTION_TIERS), z.enum(PRESCRIBER_TITLES)),
    maxValidityDays: z.int().min(1).max(3650),
    specialAccessRatio: z.strictObject({ min: unitRatioCodec, max: unitRatioCodec }),
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;
export type ApprovalPolicyWire = z.input<typeof approvalPolicySchema>;

export interface Reviewer {
  readonly id: string;
  /** The principal's role; only reviewers and administrators decide. */
  readonly role: 'reviewer' | 'administrator' | 'auditor' | 'institution_integrator';
  readonly institutionCode?: string;
  readonly allianceId?: string;
  readonly isLeadHospital?: boolean;
}

export interface ApprovalDecision {
  readonly by: Reviewer;
  readonly on: CalendarDate;
  readonly comment: string;
  /** First and last day the approval may be drawn down (inclusive). */
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate;
  readonly approvedQuantity: Decimal;
  /** special_access: the ratio the fund pays (e.g. 60%). */
  readonly reimbursementRatio: Ratio | null;
}

export interface Drawdown {
  readonly claimId: string;
  readonly lineId: string;
  readonly quantity: Decimal;
  readonly on: CalendarDate;
}

export interface HistoryEntry {
  readonly from: ApprovalStatus | null;
  readonly to: ApprovalStatus;
  readonly on: CalendarDate;
  readonly by: string;
  readonly comment?: string;
}

export interface Approval extends ApprovalRequest {
  readonly status: ApprovalStatus;
  readonly decision: ApprovalDecision | null;
  readonly drawdowns: readonly Drawdown[];
  readonly history: readonly HistoryEntry[];
}

type Outcome = Result<Approval, ApprovalIssueCode>;

const rank = <T extends string>(list: readonly T[], value: T) => list.indexOf(value);

function transition(
  approval: Approval,
  to: ApprovalStatus,
  on: CalendarDate,
  by: string,
  changes: Partial<Approval> = {},
  comment?: string,
): Approval {
  const entry: HistoryEntry =
    comment === undefined
      ? { from: approval.status, to, on, by }
      : { from: approval.status, to, on, by, comment };
  return { ...approval, ...changes, status: to, history: [...approval.history, entry] };
}

function invalid(approval: Approval, to: ApprovalStatus | 'drawdown'): Outcome {
  return fail([
    issue(
      'approval.invalid_transition',
      `an approval that is ${approval.status} cannot become ${to}`,
      {
        path: ['status'],
        data: { from: approval.status, to },
      },
    ),
  ]);
}

/** Checks a request against the policy and opens it (status `requested`). */
export function requestApproval(request: ApprovalRequest, policy: ApprovalPolicy): Outcome {
  const issues: Issue<ApprovalIssueCode>[] = [];
  if (policy.requireInformedConsent && !request.informedConsent) {
    issues.push(
      issue(
        'approval.informed_consent_missing',
        'the patient’s signed informed consent is required',
        {
          path: ['informedConsent'],
        },
      ),
    );
  }
  if (
    policy.requireAlternativesForOutOfCatalog &&
    (request.kind === 'out_of_catalog' || request.kind === 'special_access') &&
    request.alternativesConsidered.length === 0
  ) {
    issues.push(
      issue(
        'approval.alternatives_missing',
        'name the in-catalog alternatives considered and why they do not suit',
        {
          path: ['alternativesConsidered'],
        },
      ),
    );
  }
  const minTitle = policy.minRequesterTitle[request.institution.tier];
  if (
    minTitle !== undefined &&
    rank(PRESCRIBER_TITLES, request.requestedBy.title) < rank(PRESCRIBER_TITLES, minTitle)
  ) {
    issues.push(
      issue(
        'approval.requester_title_too_low',
        `at a ${request.institution.tier} institution the requesting doctor must be ${minTitle} or above`,
        {
          path: ['requestedBy', 'title'],
          data: { minimum: minTitle, actual: request.requestedBy.title },
        },
      ),
    );
  }
  if (issues.length > 0) return fail(issues);
  return ok({
    ...request,
    status: 'requested',
    decision: null,
    drawdowns: [],
    history: [{ from: null, to: 'requested', on: request.requestedOn, by: request.requestedBy.id }],
  });
}

export interface ApproveInput {
  readonly by: Reviewer;
  readonly on: CalendarDate;
  readonly comment?: string;
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate;
  readonly approvedQuantity: Decimal;
  readonly reimbursementRatio?: Ratio;
}

export function approve(approval: Approval, input: ApproveInput, policy: ApprovalPolicy): Outcome {
  if (approval.status !== 'requested') return invalid(approval, 'approved');
  const issues: Issue<ApprovalIssueCode>[] = [];
  if (input.by.role !== 'reviewer' && input.by.role !== 'administrator') {
    issues.push(
      issue('approval.reviewer_not_authorised', 'only a reviewer may approve', {
        path: ['by', 'role'],
      }),
    );
  }
  if (
    approval.kind === 'primary_care' &&
    (input.by.isLeadHospital !== true ||
      approval.institution.allianceId === undefined ||
      input.by.allianceId !== approval.institution.allianceId)
  ) {
    issues.push(
      issue(
        'approval.approver_not_lead_hospital',
        'a primary institution’s out-of-formulary prescription is approved by its alliance’s lead hospital',
        { path: ['by'], data: { allianceId: approval.institution.allianceId ?? null } },
      ),
    );
  }
  if (input.validFrom < approval.requestedOn) {
    issues.push(
      issue('approval.validity_before_request', 'validity cannot start before the request', {
        path: ['validFrom'],
      }),
    );
  }
  const days = daysBetween(input.validFrom, input.validTo) + 1;
  if (days < 1 || days > policy.maxValidityDays) {
    issues.push(
      issue(
        'approval.validity_too_long',
        `validity must be 1–${policy.maxValidityDays} days; got ${days}`,
        {
          path: ['validTo'],
          data: { days, maximum: policy.maxValidityDays },
        },
      ),
    );
  }
  if (input.approvedQuantity.lte(0) || input.approvedQuantity.gt(approval.requestedQuantity)) {
    issues.push(
      issue(
        'approval.quantity_above_requested',
        'the approved quantity must be positive and at most the requested',
        {
          path: ['approvedQuantity'],
          data: { requested: approval.requestedQuantity.toString() },
        },
      ),
    );
  }
  let ratio: Ratio | null = null;
  if (approval.kind === 'special_access') {
    if (input.reimbursementRatio === undefined) {
      issues.push(
        issue(
          'approval.ratio_required',
          'a special-access approval states the ratio the fund pays',
          {
            path: ['reimbursementRatio'],
          },
        ),
      );
    } else {
      const value = input.reimbursementRatio;
      if (
        value.compare(policy.specialAccessRatio.min) < 0 ||
        value.compare(policy.specialAccessRatio.max) > 0
      ) {
        issues.push(
          issue(
            'approval.ratio_out_of_bounds',
            'the special-access ratio is outside the policy’s bounds',
            {
              path: ['reimbursementRatio'],
              data: {
                min: policy.specialAccessRatio.min.toString(),
                max: policy.specialAccessRatio.max.toString(),
              },
            },
          ),
        );
      }
      ratio = input.reimbursementRatio;
    }
  }
  if (issues.length > 0) return fail(issues);
  const decision: ApprovalDecision = {
    by: input.by,
    on: input.on,
    comment: input.comment ?? '',
    validFrom: input.validFrom,
    validTo: input.validTo,
    approvedQuantity: input.approvedQuantity,
    reimbursementRatio: ratio,
  };
  return ok(transition(approval, 'approved', input.on, input.by.id, { decision }, input.comment));
}

export function reject(
  approval: Approval,
  input: { by: Reviewer; on: CalendarDate; comment: string },
): Outcome {
  if (approval.status !== 'requested') return invalid(approval, 'rejected');
  if (input.comment.trim() === '') {
    return fail([
      issue('approval.comment_required', 'a rejection says why', { path: ['comment'] }),
    ]);
  }
  return ok(transition(approval, 'rejected', input.on, input.by.id, {}, input.comment));
}

export function withdraw(
  approval: Approval,
  input: { by: string; on: CalendarDate; comment?: string },
): Outcome {
  if (approval.status !== 'requested') return invalid(approval, 'withdrawn');
  return ok(transition(approval, 'withdrawn', input.on, input.by, {}, input.comment));
}

/** Marks an approved (or exhausted) approval expired once `today` is after its last valid day. */
export function expire(approval: Approval, today: CalendarDate): Outcome {
  if (
    (approval.status !== 'approved' && approval.status !== 'exhausted') ||
    approval.decision === null
  ) {
    return invalid(approval, 'expired');
  }
  if (today <= approval.decision.validTo) return ok(approval);
  return ok(transition(approval, 'expired', today, 'system'));
}

export function drawn(approval: Approval): Decimal {
  return approval.drawdowns.reduce(
    (sum, d) => sum.plus(d.quantity),
    approval.requestedQuantity.times(0),
  );
}

export function remaining(approval: Approval): Decimal {
  if (approval.decision === null) return approval.requestedQuantity.times(0);
  return approval.decision.approvedQuantity.minus(drawn(approval));
}

export interface DrawdownInput {
  readonly claimId: string;
  readonly lineId: string;
  readonly quantity: Decimal;
  readonly on: CalendarDate;
  readonly personId: string;
  readonly itemCode: string;
}

/** A later claim uses part of the approval. Exhausts it when nothing is left. */
export function drawDown(approval: Approval, input: DrawdownInput): Outcome {
  if (approval.status !== 'approved' || approval.decision === null)
    return invalid(approval, 'drawdown');
  claimIdSchema.parse(input.claimId);
  const d = approval.decision;
  const issues: Issue<ApprovalIssueCode>[] = [];
  if (input.personId !== approval.personId) {
    issues.push(
      issue('approval.person_mismatch', 'the approval is for another person', {
        path: ['personId'],
      }),
    );
  }
  if (input.itemCode !== approval.item.code) {
    issues.push(
      issue('approval.item_mismatch', `the approval is for ${approval.item.code}`, {
        path: ['itemCode'],
        data: { approved: approval.item.code, actual: input.itemCode },
      }),
    );
  }
  if (input.on < d.validFrom) {
    issues.push(issue('approval.not_yet_valid', `valid from ${d.validFrom}`, { path: ['on'] }));
  }
  if (input.on > d.validTo) {
    issues.push(issue('approval.expired', `valid until ${d.validTo}`, { path: ['on'] }));
  }
  if (approval.drawdowns.some((x) => x.claimId === input.claimId && x.lineId === input.lineId)) {
    issues.push(
      issue(
        'approval.duplicate_drawdown',
        `claim ${input.claimId} line ${input.lineId} already drew on this approval`,
        {
          path: ['lineId'],
        },
      ),
    );
  }
  const left = remaining(approval);
  if (input.quantity.lte(0) || input.quantity.gt(left)) {
    issues.push(
      issue('approval.quantity_exceeded', `only ${left.toString()} remain`, {
        path: ['quantity'],
        data: { remaining: left.toString(), requested: input.quantity.toString() },
      }),
    );
  }
  if (issues.length > 0) return fail(issues);
  const drawdown: Drawdown = {
    claimId: input.claimId,
    lineId: input.lineId,
    quantity: input.quantity,
    on: input.on,
  };
  const next: Approval = { ...approval, drawdowns: [...approval.drawdowns, drawdown] };
  return ok(remaining(next).isZero() ? transition(next, 'exhausted', input.on, 'system') : next);
}

/** Undoes a drawdown (the claim was reversed): the quantity is available again. */
export function reverseDrawDown(
  approval: Approval,
  input: { claimId: string; lineId: string; on: CalendarDate },
): Outcome {
  const found = approval.drawdowns.some(
    (x) => x.claimId === input.claimId && x.lineId === input.lineId,
  );
  if (!found) {
    return fail([
      issue(
        'approval.unknown_drawdown',
        `claim ${input.claimId} line ${input.lineId} did not draw on this approval`,
        {
          path: ['lineId'],
        },
      ),
    ]);
  }
  if (
    approval.status !== 'approved' &&
    approval.status !== 'exhausted' &&
    approval.status !== 'expired'
  ) {
    return invalid(approval, 'approved');
  }
  const next: Approval = {
    ...approval,
    drawdowns: approval.drawdowns.filter(
      (x) => !(x.claimId === input.claimId && x.lineId === input.lineId),
    ),
  };
  return ok(
    next.status === 'exhausted'
      ? transition(next, 'approved', input.on, 'system', {}, 'drawdown reversed')
      : next,
  );
}

export interface ApprovalQuery {
  readonly personId: string;
  readonly itemCode: string;
  readonly catalogItemId?: string | undefined;
  readonly on: CalendarDate;
}

/** Approved, for this person and item, in its window on that day, with quantity left. */
export function approvalInForce(approval: Approval, query: ApprovalQuery): boolean {
  const d = approval.decision;
  if (approval.status !== 'approved' || d === null) return false;
  if (approval.personId !== query.personId) return false;
  const sameItem =
    approval.item.code === query.itemCode ||
    (query.catalogItemId !== undefined && approval.item.catalogItemId === query.catalogItemId);
  if (!sameItem) return false;
  return query.on >= d.validFrom && query.on <= d.validTo && remaining(approval).gt(0);
}

export function findApprovalInForce(
  approvals: readonly Approval[],
  query: ApprovalQuery,
): Approval | undefined {
  return approvals.find((a) => approvalInForce(a, query));
}

/** The last valid day for a validity of `days` days starting on `from`. */
export function validityEnd(from: CalendarDate, days: number): CalendarDate {
  return addDays(from, days - 1);
}
