import {
  type CalendarDate,
  type InstitutionCode,
  type InstitutionTier,
  type Issue,
  type ItemKind,
  type PersonId,
  type PrescriberTitle,
  type Ratio,
  type Result,
  Decimal,
  EngineError,
  INSTITUTION_TIERS,
  ITEM_KINDS,
  PRESCRIBER_TITLES,
  addDays,
  calendarDateSchema,
  compareDates,
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
 * ratio for orphan drugs — are an `ApprovalPolicy`, never constants here. Refusals are `Issue`s;
 * only a broken invariant (an approved approval without its decision) throws `EngineError`.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary

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

/**
 * The lifecycle as data: requested → approved | rejected | withdrawn; approved → exhausted (all
 * drawn) | expired; exhausted → approved (a drawdown was reversed) | expired.
 */
export const APPROVAL_TRANSITIONS: Readonly<Record<ApprovalStatus, readonly ApprovalStatus[]>> = {
  requested: ['approved', 'rejected', 'withdrawn'],
  approved: ['exhausted', 'expired'],
  exhausted: ['approved', 'expired'],
  rejected: [],
  withdrawn: [],
  expired: [],
};

export function canTransition(from: ApprovalStatus, to: ApprovalStatus): boolean {
  return APPROVAL_TRANSITIONS[from].includes(to);
}

export const APPROVAL_ISSUE_CODES = [
  /** data: { from, to } — `to` is a status, or `drawdown` / `reverse_drawdown`. */
  'approval.invalid_transition',
  'approval.informed_consent_missing',
  'approval.alternatives_missing',
  /** data: { minimum, actual } */
  'approval.requester_title_too_low',
  /** A primary_care request from an institution that is not primary. data: { tier } */
  'approval.not_primary_institution',
  /** A primary_care request without the alliance whose lead hospital must approve it. */
  'approval.alliance_missing',
  /** data: { role } */
  'approval.reviewer_not_authorised',
  /** data: { allianceId } */
  'approval.approver_not_lead_hospital',
  /** Only the requesting doctor withdraws a request. data: { requestedBy } */
  'approval.not_requester',
  /** data: { requestedOn } */
  'approval.decided_before_request',
  /** data: { requestedOn } */
  'approval.validity_before_request',
  'approval.validity_inverted',
  /** data: { days, maximum } */
  'approval.validity_too_long',
  'approval.quantity_not_positive',
  /** data: { requested } */
  'approval.quantity_above_requested',
  'approval.ratio_required',
  'approval.ratio_not_applicable',
  /** data: { min, max, actual } */
  'approval.ratio_out_of_bounds',
  'approval.comment_required',
  'approval.person_mismatch',
  /** The claim is from an institution the approval was not granted to. data: { grantedTo, allianceId, claimedAt } */
  'approval.institution_mismatch',
  /** data: { approved, actual } */
  'approval.item_mismatch',
  /** data: { validFrom } */
  'approval.not_yet_valid',
  /** data: { validTo } */
  'approval.expired',
  /** data: { remaining, requested } */
  'approval.quantity_exceeded',
  'approval.duplicate_drawdown',
  'approval.unknown_drawdown',
] as const;
export type ApprovalIssueCode = (typeof APPROVAL_ISSUE_CODES)[number];

export type ApprovalIssue = Issue<ApprovalIssueCode>;
export type ApprovalResult = Result<Approval, ApprovalIssueCode>;

/** Who is recorded in the history for transitions no person made (exhaustion, expiry). */
export const SYSTEM_ACTOR = 'system';

// ---------------------------------------------------------------------------------------------
// Request (wire form and engine form)

export interface ApprovalItem {
  readonly kind: ItemKind;
  /** National code as claims carry it. */
  readonly code: string;
  /** The catalog item id, when the item is in the catalog (restricted_use, primary_care). */
  readonly catalogItemId?: string | undefined;
  readonly name: string;
}

export interface RequestingInstitution {
  readonly code: InstitutionCode;
  readonly tier: InstitutionTier;
  /** The medical alliance (医联体) whose lead hospital approves primary_care requests. */
  readonly allianceId?: string | undefined;
}

export interface ApprovalRequest {
  readonly id: string;
  readonly kind: ApprovalKind;
  readonly item: ApprovalItem;
  readonly personId: PersonId;
  readonly institution: RequestingInstitution;
  readonly requestedBy: { readonly id: string; readonly title: PrescriberTitle };
  readonly reason: string;
  readonly alternativesConsidered: readonly string[];
  /** The patient signed the informed consent (知情同意书). */
  readonly informedConsent: boolean;
  readonly requestedOn: CalendarDate;
  readonly requestedQuantity: Decimal;
  readonly requestedDays: number;
}

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/u, { error: 'must be letters, digits and . _ : -' });

/** An approval request as a doctor's system sends it (quantity as a decimal string). */
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
    alternativesConsidered: z.array(z.string().trim().min(1).max(300)).max(20),
    informedConsent: z
      .boolean()
      .meta({ description: 'The patient signed the informed consent (知情同意书).' }),
    requestedOn: calendarDateSchema,
    requestedQuantity: quantityCodec.refine((quantity) => quantity.gt(0), {
      error: 'must be greater than 0',
    }),
    requestedDays: z.int().min(1).max(3650),
  })
  .meta({ id: 'ApprovalRequest' }) satisfies z.ZodType<ApprovalRequest>;
export type ApprovalRequestWire = z.input<typeof approvalRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Policy

/** The fund's approval rules, as dated policy data. */
export const approvalPolicySchema = z
  .strictObject({
    requireInformedConsent: z.boolean(),
    /** out_of_catalog and special_access requests name the in-catalog alternatives considered. */
    requireAlternativesForOutOfCatalog: z.boolean(),
    /** Lowest requester title per institution tier (PRODUCT.md: associate-chief at tertiary). */
    minRequesterTitle: z.partialRecord(z.enum(INSTITUTION_TIERS), z.enum(PRESCRIBER_TITLES)),
    /** Longest validity window, first and last day included. */
    maxValidityDays: z.int().min(1).max(3650),
    /** Bounds of the ratio a special-access approval may grant (PRODUCT.md: 60%). */
    specialAccessRatio: z
      .strictObject({ min: unitRatioCodec, max: unitRatioCodec })
      .refine((bounds) => bounds.min.compare(bounds.max) <= 0, {
        error: 'min must not exceed max',
        path: ['max'],
      }),
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;
export type ApprovalPolicyWire = z.input<typeof approvalPolicySchema>;

// ---------------------------------------------------------------------------------------------
// Approval value

/** Roles that may decide a request; the others are accepted as input only to be refused. */
export const DECIDING_ROLES = ['reviewer', 'administrator'] as const;
export type DecidingRole = (typeof DECIDING_ROLES)[number];

export interface Reviewer {
  readonly id: string;
  readonly role: DecidingRole | 'auditor' | 'institution_integrator';
  readonly institutionCode?: string | undefined;
  readonly allianceId?: string | undefined;
  /** The reviewer works at the lead hospital (牵头医院) of `allianceId`. */
  readonly isLeadHospital?: boolean | undefined;
}

export interface ApprovalDecision {
  readonly by: Reviewer;
  readonly on: CalendarDate;
  readonly comment: string;
  /** First and last day the approval may be drawn down (both inclusive). */
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate;
  readonly approvedQuantity: Decimal;
  /** special_access: the ratio the fund pays (e.g. 60%); null for the other kinds. */
  readonly reimbursementRatio: Ratio | null;
}

export interface Drawdown {
  readonly claimId: string;
  readonly lineId: string;
  readonly quantity: Decimal;
  readonly on: CalendarDate;
  /** The institution whose claim drew it (absent on drawdowns recorded before it was kept). */
  readonly institutionCode?: string;
}

export interface HistoryEntry {
  /** null for the opening entry. */
  readonly from: ApprovalStatus | null;
  readonly to: ApprovalStatus;
  readonly on: CalendarDate;
  /** A person's id, or `SYSTEM_ACTOR`. */
  readonly by: string;
  readonly comment?: string;
}

export interface Approval extends ApprovalRequest {
  readonly status: ApprovalStatus;
  /** Set when approved; kept through exhausted and expired. */
  readonly decision: ApprovalDecision | null;
  readonly drawdowns: readonly Drawdown[];
  readonly history: readonly HistoryEntry[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ZERO = new Decimal(0);

const rank = (title: PrescriberTitle) => PRESCRIBER_TITLES.indexOf(title);

function invalidTransition(
  approval: Approval,
  to: ApprovalStatus | 'drawdown' | 'reverse_drawdown',
): ApprovalResult {
  return fail([
    issue(
      'approval.invalid_transition',
      `an approval that is ${approval.status} cannot go to ${to}`,
      { path: ['status'], data: { from: approval.status, to } },
    ),
  ]);
}

/** The approval moved to `to`, with the step recorded in its history. */
function moved(
  approval: Approval,
  to: ApprovalStatus,
  step: { readonly on: CalendarDate; readonly by: string; readonly comment?: string | undefined },
  changes: Partial<Pick<Approval, 'decision' | 'drawdowns'>> = {},
): Approval {
  // Callers refuse invalid transitions as issues first; reaching here with one is a bug.
  if (!canTransition(approval.status, to)) {
    throw new EngineError('invariant_violated', `${approval.status} → ${to} is not a transition`, {
      approvalId: approval.id,
      from: approval.status,
      to,
    });
  }
  const entry: HistoryEntry =
    step.comment === undefined || step.comment === ''
      ? { from: approval.status, to, on: step.on, by: step.by }
      : { from: approval.status, to, on: step.on, by: step.by, comment: step.comment };
  return { ...approval, ...changes, status: to, history: [...approval.history, entry] };
}

/** The decision an approved, exhausted or expired approval must carry. */
function decisionOf(approval: Approval): ApprovalDecision {
  if (approval.decision === null) {
    throw new EngineError(
      'invariant_violated',
      `approval ${approval.id} is ${approval.status} without a decision`,
      { approvalId: approval.id, status: approval.status },
    );
  }
  return approval.decision;
}

function isForItem(approval: Approval, itemCode: string, catalogItemId?: string): boolean {
  return (
    approval.item.code === itemCode ||
    (catalogItemId !== undefined && approval.item.catalogItemId === catalogItemId)
  );
}

const sameLine = (a: { claimId: string; lineId: string }, b: { claimId: string; lineId: string }) =>
  a.claimId === b.claimId && a.lineId === b.lineId;

function decidedBeforeRequest(approval: Approval, on: CalendarDate): ApprovalIssue[] {
  return compareDates(on, approval.requestedOn) < 0
    ? [
        issue(
          'approval.decided_before_request',
          `the request was made on ${approval.requestedOn}`,
          {
            path: ['on'],
            data: { requestedOn: approval.requestedOn },
          },
        ),
      ]
    : [];
}

/** Who may decide (approve or reject): a deciding role, and for primary_care the lead hospital. */
function authorityIssues(approval: Approval, by: Reviewer): ApprovalIssue[] {
  const issues: ApprovalIssue[] = [];
  if (!(DECIDING_ROLES as readonly string[]).includes(by.role)) {
    issues.push(
      issue('approval.reviewer_not_authorised', `a ${by.role} cannot decide an approval`, {
        path: ['by', 'role'],
        data: { role: by.role },
      }),
    );
  }
  const allianceId = approval.institution.allianceId;
  if (
    approval.kind === 'primary_care' &&
    (allianceId === undefined || by.isLeadHospital !== true || by.allianceId !== allianceId)
  ) {
    issues.push(
      issue(
        'approval.approver_not_lead_hospital',
        'a primary institution’s out-of-formulary prescription is decided by its alliance’s lead hospital',
        { path: ['by'], data: { allianceId: allianceId ?? null } },
      ),
    );
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

/** Checks a request against the policy and opens it (status `requested`). */
export function requestApproval(request: ApprovalRequest, policy: ApprovalPolicy): ApprovalResult {
  const issues: ApprovalIssue[] = [];
  if (policy.requireInformedConsent && !request.informedConsent) {
    issues.push(
      issue(
        'approval.informed_consent_missing',
        'the patient’s signed informed consent is required',
        { path: ['informedConsent'] },
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
        { path: ['alternativesConsidered'] },
      ),
    );
  }
  const minTitle = policy.minRequesterTitle[request.institution.tier];
  if (minTitle !== undefined && rank(request.requestedBy.title) < rank(minTitle)) {
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
  if (request.kind === 'primary_care') {
    if (request.institution.tier !== 'primary') {
      issues.push(
        issue(
          'approval.not_primary_institution',
          'a primary_care approval is for a primary institution prescribing outside its formulary',
          { path: ['institution', 'tier'], data: { tier: request.institution.tier } },
        ),
      );
    }
    if (request.institution.allianceId === undefined) {
      issues.push(
        issue(
          'approval.alliance_missing',
          'a primary_care request names the medical alliance whose lead hospital reviews it',
          { path: ['institution', 'allianceId'] },
        ),
      );
    }
  }
  if (!request.requestedQuantity.gt(0)) {
    issues.push(
      issue('approval.quantity_not_positive', 'the requested quantity must be greater than 0', {
        path: ['requestedQuantity'],
      }),
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
  readonly comment?: string | undefined;
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate;
  /** At most the requested quantity. */
  readonly approvedQuantity: Decimal;
  /** Required for special_access, within the policy's bounds; refused for the other kinds. */
  readonly reimbursementRatio?: Ratio | undefined;
}

/** An authorised reviewer approves a request for a window and a quantity. */
export function approve(
  approval: Approval,
  input: ApproveInput,
  policy: ApprovalPolicy,
): ApprovalResult {
  if (approval.status !== 'requested') return invalidTransition(approval, 'approved');
  const issues = [
    ...authorityIssues(approval, input.by),
    ...decidedBeforeRequest(approval, input.on),
  ];

  if (compareDates(input.validFrom, approval.requestedOn) < 0) {
    issues.push(
      issue('approval.validity_before_request', 'validity cannot start before the request', {
        path: ['validFrom'],
        data: { requestedOn: approval.requestedOn },
      }),
    );
  }
  const days = daysBetween(input.validFrom, input.validTo) + 1;
  if (days < 1) {
    issues.push(
      issue('approval.validity_inverted', 'the last valid day is before the first', {
        path: ['validTo'],
      }),
    );
  } else if (days > policy.maxValidityDays) {
    issues.push(
      issue(
        'approval.validity_too_long',
        `validity is at most ${policy.maxValidityDays} days; got ${days}`,
        { path: ['validTo'], data: { days, maximum: policy.maxValidityDays } },
      ),
    );
  }

  if (!input.approvedQuantity.gt(0)) {
    issues.push(
      issue('approval.quantity_not_positive', 'the approved quantity must be greater than 0', {
        path: ['approvedQuantity'],
      }),
    );
  } else if (input.approvedQuantity.gt(approval.requestedQuantity)) {
    issues.push(
      issue(
        'approval.quantity_above_requested',
        `at most the requested ${approval.requestedQuantity.toFixed()} can be approved`,
        {
          path: ['approvedQuantity'],
          data: { requested: approval.requestedQuantity.toFixed() },
        },
      ),
    );
  }

  const ratio = input.reimbursementRatio;
  if (approval.kind === 'special_access') {
    if (ratio === undefined) {
      issues.push(
        issue(
          'approval.ratio_required',
          'a special-access approval states the ratio the fund pays',
          {
            path: ['reimbursementRatio'],
          },
        ),
      );
    } else if (
      ratio.compare(policy.specialAccessRatio.min) < 0 ||
      ratio.compare(policy.specialAccessRatio.max) > 0
    ) {
      issues.push(
        issue(
          'approval.ratio_out_of_bounds',
          `the special-access ratio must be between ${policy.specialAccessRatio.min.toString()} and ${policy.specialAccessRatio.max.toString()}`,
          {
            path: ['reimbursementRatio'],
            data: {
              min: policy.specialAccessRatio.min.toString(),
              max: policy.specialAccessRatio.max.toString(),
              actual: ratio.toString(),
            },
          },
        ),
      );
    }
  } else if (ratio !== undefined) {
    issues.push(
      issue(
        'approval.ratio_not_applicable',
        `only a special-access approval carries its own ratio; a ${approval.kind} approval is paid at the catalog's`,
        { path: ['reimbursementRatio'] },
      ),
    );
  }

  if (issues.length > 0) return fail(issues);
  const decision: ApprovalDecision = {
    by: input.by,
    on: input.on,
    comment: input.comment ?? '',
    validFrom: input.validFrom,
    validTo: input.validTo,
    approvedQuantity: input.approvedQuantity,
    reimbursementRatio: approval.kind === 'special_access' ? (ratio ?? null) : null,
  };
  return ok(
    moved(
      approval,
      'approved',
      { on: input.on, by: input.by.id, comment: input.comment },
      { decision },
    ),
  );
}

export interface RejectInput {
  readonly by: Reviewer;
  readonly on: CalendarDate;
  /** Why; required. */
  readonly comment: string;
}

/** The same authority that could approve a request rejects it, saying why. */
export function reject(approval: Approval, input: RejectInput): ApprovalResult {
  if (approval.status !== 'requested') return invalidTransition(approval, 'rejected');
  const issues = [
    ...authorityIssues(approval, input.by),
    ...decidedBeforeRequest(approval, input.on),
  ];
  if (input.comment.trim() === '') {
    issues.push(issue('approval.comment_required', 'a rejection says why', { path: ['comment'] }));
  }
  if (issues.length > 0) return fail(issues);
  return ok(
    moved(approval, 'rejected', { on: input.on, by: input.by.id, comment: input.comment.trim() }),
  );
}

export interface WithdrawInput {
  /** The requesting doctor's id. */
  readonly by: string;
  readonly on: CalendarDate;
  readonly comment?: string | undefined;
}

/** The requesting doctor withdraws a request that has not been decided. */
export function withdraw(approval: Approval, input: WithdrawInput): ApprovalResult {
  if (approval.status !== 'requested') return invalidTransition(approval, 'withdrawn');
  const issues = decidedBeforeRequest(approval, input.on);
  if (input.by !== approval.requestedBy.id) {
    issues.push(
      issue('approval.not_requester', 'only the requesting doctor withdraws a request', {
        path: ['by'],
        data: { requestedBy: approval.requestedBy.id },
      }),
    );
  }
  if (issues.length > 0) return fail(issues);
  return ok(moved(approval, 'withdrawn', input));
}

/**
 * Marks an approved or exhausted approval expired once `today` is after its last valid day; on or
 * before that day the approval comes back unchanged (so a daily job may call it on every one).
 */
export function expire(approval: Approval, today: CalendarDate): ApprovalResult {
  if (approval.status !== 'approved' && approval.status !== 'exhausted') {
    return invalidTransition(approval, 'expired');
  }
  const { validTo } = decisionOf(approval);
  if (compareDates(today, validTo) <= 0) return ok(approval);
  return ok(
    moved(approval, 'expired', { on: today, by: SYSTEM_ACTOR, comment: `valid until ${validTo}` }),
  );
}

// ---------------------------------------------------------------------------------------------
// Quantities

/** The quantity drawn by claims so far. */
export function drawn(approval: Approval): Decimal {
  return approval.drawdowns.reduce((sum, d) => sum.plus(d.quantity), ZERO);
}

/** Approved minus drawn; 0 while undecided or when rejected or withdrawn. */
export function remaining(approval: Approval): Decimal {
  if (approval.decision === null) return ZERO;
  return approval.decision.approvedQuantity.minus(drawn(approval));
}

/** Where a claim is treated, as far as approvals are concerned. */
export interface TreatingInstitution {
  readonly code: string;
  /** The medical alliance (医联体) it belongs to, if any. */
  readonly allianceId?: string | undefined;
}

/**
 * An approval is granted to the institution that requested it: only that institution's claims draw
 * on it. When the request named a medical alliance (医联体), the alliance's other members may
 * draw on it too, so a patient referred within the alliance keeps the approved therapy. Another
 * institution's claim for the same person and item is not covered by it.
 */
export function approvalUsableAt(approval: Approval, at: TreatingInstitution): boolean {
  if (approval.institution.code === at.code) return true;
  const alliance = approval.institution.allianceId;
  return alliance !== undefined && at.allianceId === alliance;
}

export interface DrawdownInput {
  readonly claimId: string;
  readonly lineId: string;
  readonly quantity: Decimal;
  /** The line's service date. */
  readonly on: CalendarDate;
  readonly personId: string;
  readonly itemCode: string;
  /** The catalog item the line resolved to, matched like `approvalInForce` does. */
  readonly catalogItemId?: string | undefined;
  /** The institution whose claim draws (see `approvalUsableAt`). */
  readonly institution: TreatingInstitution;
}

/** A later claim line uses part of the approval. Exhausts it when nothing is left. */
export function drawDown(approval: Approval, input: DrawdownInput): ApprovalResult {
  if (approval.status !== 'approved') return invalidTransition(approval, 'drawdown');
  const decision = decisionOf(approval);
  const issues: ApprovalIssue[] = [];
  if (input.personId !== approval.personId) {
    issues.push(
      issue('approval.person_mismatch', 'the approval is for another person', {
        path: ['personId'],
      }),
    );
  }
  if (!approvalUsableAt(approval, input.institution)) {
    issues.push(
      issue(
        'approval.institution_mismatch',
        `the approval was granted to ${approval.institution.code}, not to ${input.institution.code}`,
        {
          path: ['institution'],
          data: {
            grantedTo: approval.institution.code,
            allianceId: approval.institution.allianceId ?? null,
            claimedAt: input.institution.code,
          },
        },
      ),
    );
  }
  if (!isForItem(approval, input.itemCode, input.catalogItemId)) {
    issues.push(
      issue('approval.item_mismatch', `the approval is for ${approval.item.code}`, {
        path: ['itemCode'],
        data: { approved: approval.item.code, actual: input.itemCode },
      }),
    );
  }
  if (compareDates(input.on, decision.validFrom) < 0) {
    issues.push(
      issue('approval.not_yet_valid', `valid from ${decision.validFrom}`, {
        path: ['on'],
        data: { validFrom: decision.validFrom },
      }),
    );
  }
  if (compareDates(input.on, decision.validTo) > 0) {
    issues.push(
      issue('approval.expired', `valid until ${decision.validTo}`, {
        path: ['on'],
        data: { validTo: decision.validTo },
      }),
    );
  }
  if (approval.drawdowns.some((d) => sameLine(d, input))) {
    issues.push(
      issue(
        'approval.duplicate_drawdown',
        `claim ${input.claimId} line ${input.lineId} already drew on this approval`,
        { path: ['lineId'] },
      ),
    );
  }
  const left = remaining(approval);
  if (!input.quantity.gt(0)) {
    issues.push(
      issue('approval.quantity_not_positive', 'a drawdown must be greater than 0', {
        path: ['quantity'],
      }),
    );
  } else if (input.quantity.gt(left)) {
    issues.push(
      issue('approval.quantity_exceeded', `only ${left.toFixed()} remain`, {
        path: ['quantity'],
        data: { remaining: left.toFixed(), requested: input.quantity.toFixed() },
      }),
    );
  }
  if (issues.length > 0) return fail(issues);

  const drawdowns = [
    ...approval.drawdowns,
    {
      claimId: input.claimId,
      lineId: input.lineId,
      quantity: input.quantity,
      on: input.on,
      institutionCode: input.institution.code,
    },
  ];
  if (!left.minus(input.quantity).isZero()) return ok({ ...approval, drawdowns });
  return ok(
    moved(
      approval,
      'exhausted',
      {
        on: input.on,
        by: SYSTEM_ACTOR,
        comment: `claim ${input.claimId} line ${input.lineId} drew the rest`,
      },
      { drawdowns },
    ),
  );
}

export interface ReverseDrawdownInput {
  readonly claimId: string;
  readonly lineId: string;
  /** When the claim was reversed (recorded if this reopens an exhausted approval). */
  readonly on: CalendarDate;
}

/**
 * Undoes a drawdown because its claim was reversed: the quantity is available again, exactly as
 * before. An exhausted approval is approved again; an expired one stays expired.
 */
export function reverseDrawDown(approval: Approval, input: ReverseDrawdownInput): ApprovalResult {
  if (
    approval.status !== 'approved' &&
    approval.status !== 'exhausted' &&
    approval.status !== 'expired'
  ) {
    return invalidTransition(approval, 'reverse_drawdown');
  }
  if (!approval.drawdowns.some((d) => sameLine(d, input))) {
    return fail([
      issue(
        'approval.unknown_drawdown',
        `claim ${input.claimId} line ${input.lineId} did not draw on this approval`,
        { path: ['lineId'] },
      ),
    ]);
  }
  const drawdowns = approval.drawdowns.filter((d) => !sameLine(d, input));
  if (approval.status !== 'exhausted') return ok({ ...approval, drawdowns });
  return ok(
    moved(
      approval,
      'approved',
      {
        on: input.on,
        by: SYSTEM_ACTOR,
        comment: `claim ${input.claimId} line ${input.lineId} reversed`,
      },
      { drawdowns },
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Use by the coverage decision

export interface ApprovalQuery {
  readonly personId: string;
  readonly itemCode: string;
  readonly catalogItemId?: string | undefined;
  readonly on: CalendarDate;
  /** Where the claim is treated (see `approvalUsableAt`). */
  readonly institution: TreatingInstitution;
}

/**
 * Usable for this person and item (by national code, or by catalog item id) on that day, at this
 * institution: approved, inside its window, with quantity left.
 */
export function approvalInForce(approval: Approval, query: ApprovalQuery): boolean {
  if (approval.status !== 'approved') return false;
  const decision = decisionOf(approval);
  return (
    approval.personId === query.personId &&
    approvalUsableAt(approval, query.institution) &&
    isForItem(approval, query.itemCode, query.catalogItemId) &&
    compareDates(query.on, decision.validFrom) >= 0 &&
    compareDates(query.on, decision.validTo) <= 0 &&
    remaining(approval).gt(0)
  );
}

/** The first approval in force for the query, in the order given. */
export function findApprovalInForce(
  approvals: readonly Approval[],
  query: ApprovalQuery,
): Approval | undefined {
  return approvals.find((approval) => approvalInForce(approval, query));
}

/** The last valid day of a validity of `days` days starting on `from` (both included). */
export function validityEnd(from: CalendarDate, days: number): CalendarDate {
  return addDays(from, days - 1);
}
