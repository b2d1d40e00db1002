import { type Result, Decimal, Ratio, calendarDate, isEngineError } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCT_APPROVAL_POLICY } from './__fixtures__/product-policy.ts';
import {
  type Approval,
  type ApprovalRequestWire,
  type ApproveInput,
  type DrawdownInput,
  type Reviewer,
  APPROVAL_ISSUE_CODES,
  APPROVAL_STATUSES,
  APPROVAL_TRANSITIONS,
  approvalInForce,
  approvalPolicySchema,
  approvalRequestSchema,
  approve,
  drawDown,
  drawn,
  expire,
  findApprovalInForce,
  reject,
  remaining,
  requestApproval,
  reverseDrawDown,
  approvalUsableAt,
  validityEnd,
  withdraw,
} from './index.ts';

const d = calendarDate;
const policy = approvalPolicySchema.parse(PRODUCT_APPROVAL_POLICY);

const ITEM = 'XL01XXZ999A001010100001';
const PERSON = 'P-000777';

const requestWire: ApprovalRequestWire = {
  id: 'AP-2025-0001',
  kind: 'out_of_catalog',
  item: { kind: 'drug', code: ITEM, name: '目录外抗肿瘤药' },
  personId: PERSON,
  institution: { code: 'H23010300012', tier: 'tertiary' },
  requestedBy: { id: 'D-0101', title: 'associate_chief' },
  reason: '一线靶向治疗耐药，目录内替代药品均已使用',
  alternativesConsidered: ['吉非替尼片', '达可替尼片'],
  informedConsent: true,
  requestedOn: '2025-04-01',
  requestedQuantity: '90',
  requestedDays: 90,
};
const PRIMARY = {
  code: 'H23010300345',
  tier: 'primary',
  allianceId: 'HRB-ALLIANCE-1',
} as const satisfies ApprovalRequestWire['institution'];

const request = (change: Partial<ApprovalRequestWire> = {}) =>
  approvalRequestSchema.parse({ ...requestWire, ...change });

const reviewer: Reviewer = { id: 'R-01', role: 'reviewer' };
const leadReviewer: Reviewer = {
  id: 'R-LEAD',
  role: 'reviewer',
  allianceId: 'HRB-ALLIANCE-1',
  isLeadHospital: true,
};
const approveInput: ApproveInput = {
  by: reviewer,
  on: d('2025-04-02'),
  comment: '同意，按月复评',
  validFrom: d('2025-04-02'),
  validTo: d('2025-06-30'),
  approvedQuantity: new Decimal(60),
};

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const codes = (result: Result<unknown>) => result.issues.map((i) => i.code);
const opened = (change: Partial<ApprovalRequestWire> = {}) =>
  unwrap(requestApproval(request(change), policy));
const approved = (change: Partial<ApprovalRequestWire> = {}, input: Partial<ApproveInput> = {}) =>
  unwrap(approve(opened(change), { ...approveInput, ...input }, policy));

const draw = (
  claimId: string,
  quantity: string,
  on = '2025-04-10',
  change: Partial<DrawdownInput> = {},
): DrawdownInput => ({
  claimId,
  lineId: 'L1',
  quantity: new Decimal(quantity),
  on: d(on),
  personId: PERSON,
  itemCode: ITEM,
  institution: { code: 'H23010300012' },
  ...change,
});
const reversal = (claimId: string, on = '2025-05-20') => ({ claimId, lineId: 'L1', on: d(on) });

/** Freezes plain objects and arrays (not Decimal or Ratio instances) so a mutation throws. */
function deepFreeze<T>(value: T): T {
  if (
    Array.isArray(value) ||
    (value !== null && Object.getPrototypeOf(value) === Object.prototype)
  ) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('approval requests', () => {
  it('parses the wire form into exact values and encodes back to the same wire form', () => {
    const parsed = request();
    expect(parsed.requestedQuantity).toBeInstanceOf(Decimal);
    expect(parsed.requestedQuantity.toFixed()).toBe('90');
    expect(approvalRequestSchema.encode(parsed)).toEqual(requestWire);
  });

  it('rejects unknown fields, a zero quantity, a blank reason and zero days on the wire', () => {
    const bad = (change: Record<string, unknown>) =>
      approvalRequestSchema.safeParse({ ...requestWire, ...change });
    expect(bad({ extra: 1 }).success).toBe(false);
    expect(bad({ requestedQuantity: '0' }).success).toBe(false);
    expect(bad({ requestedQuantity: '-1' }).success).toBe(false);
    expect(bad({ reason: '   ' }).success).toBe(false);
    expect(bad({ requestedDays: 0 }).success).toBe(false);
    expect(bad({ requestedOn: '2025-02-30' }).success).toBe(false);
    expect(bad({ requestedQuantity: '0.5' }).success).toBe(true);
  });

  it('opens a valid request as requested, with the requesting doctor in its history', () => {
    const a = opened();
    expect(a.status).toBe('requested');
    expect(a.decision).toBeNull();
    expect(remaining(a).toFixed()).toBe('0');
    expect(a.history).toEqual([{ from: null, to: 'requested', on: '2025-04-01', by: 'D-0101' }]);
  });

  it('refuses a request without informed consent or alternatives, naming the fields', () => {
    const result = requestApproval(
      request({ informedConsent: false, alternativesConsidered: [] }),
      policy,
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['approval.informed_consent_missing', ['informedConsent']],
      ['approval.alternatives_missing', ['alternativesConsidered']],
    ]);
  });

  it('does not ask for alternatives on a restricted-use request, nor for consent when the policy does not', () => {
    expect(
      requestApproval(request({ kind: 'restricted_use', alternativesConsidered: [] }), policy).ok,
    ).toBe(true);
    const lenient = approvalPolicySchema.parse({
      ...PRODUCT_APPROVAL_POLICY,
      requireInformedConsent: false,
    });
    expect(requestApproval(request({ informedConsent: false }), lenient).ok).toBe(true);
  });

  it('refuses a resident requesting at a tertiary hospital and accepts an associate chief or chief', () => {
    const resident = requestApproval(
      request({ requestedBy: { id: 'D-9', title: 'resident' } }),
      policy,
    );
    expect(resident.issues).toMatchObject([
      {
        code: 'approval.requester_title_too_low',
        path: ['requestedBy', 'title'],
        data: { minimum: 'associate_chief', actual: 'resident' },
      },
    ]);
    expect(
      codes(requestApproval(request({ requestedBy: { id: 'D-9', title: 'attending' } }), policy)),
    ).toEqual(['approval.requester_title_too_low']);
    for (const title of ['associate_chief', 'chief'] as const) {
      expect(requestApproval(request({ requestedBy: { id: 'D-9', title } }), policy).ok).toBe(true);
    }
  });

  it('lets a resident request at a secondary hospital, where the policy sets no minimum title', () => {
    const result = requestApproval(
      request({
        requestedBy: { id: 'D-9', title: 'resident' },
        institution: { code: 'H23010300345', tier: 'secondary' },
      }),
      policy,
    );
    expect(result.ok).toBe(true);
  });

  it('refuses a primary-care request from a hospital that is not primary or names no alliance', () => {
    expect(
      requestApproval(request({ kind: 'primary_care', institution: PRIMARY }), policy).ok,
    ).toBe(true);
    expect(
      requestApproval(
        request({ kind: 'primary_care', institution: { ...PRIMARY, tier: 'secondary' } }),
        policy,
      ).issues,
    ).toMatchObject([{ code: 'approval.not_primary_institution', data: { tier: 'secondary' } }]);
    expect(
      codes(
        requestApproval(
          request({
            kind: 'primary_care',
            institution: { code: 'H23010300345', tier: 'primary' },
          }),
          policy,
        ),
      ),
    ).toEqual(['approval.alliance_missing']);
  });

  it('refuses a request built without the schema whose quantity is not positive', () => {
    expect(
      codes(requestApproval({ ...request(), requestedQuantity: new Decimal(0) }, policy)),
    ).toEqual(['approval.quantity_not_positive']);
  });

  it('refuses a policy whose special-access minimum is above its maximum', () => {
    const result = approvalPolicySchema.safeParse({
      ...PRODUCT_APPROVAL_POLICY,
      specialAccessRatio: { min: '0.7', max: '0.6' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['specialAccessRatio', 'max']);
  });
});

describe('approval decisions', () => {
  it('records the decision and the reviewer’s comment in the history', () => {
    const a = approved();
    expect(a.status).toBe('approved');
    expect(a.decision).toMatchObject({
      by: reviewer,
      on: '2025-04-02',
      validFrom: '2025-04-02',
      validTo: '2025-06-30',
      reimbursementRatio: null,
    });
    expect(a.decision?.approvedQuantity.toFixed()).toBe('60');
    expect(a.history.at(-1)).toEqual({
      from: 'requested',
      to: 'approved',
      on: '2025-04-02',
      by: 'R-01',
      comment: '同意，按月复评',
    });
  });

  it('lets only the alliance lead hospital approve a primary institution’s out-of-formulary prescription', () => {
    const a = opened({ kind: 'primary_care', institution: PRIMARY });
    const otherAllianceLead = { ...leadReviewer, id: 'R-9', allianceId: 'HRB-ALLIANCE-2' };
    expect(approve(a, { ...approveInput, by: otherAllianceLead }, policy).issues).toMatchObject([
      { code: 'approval.approver_not_lead_hospital', data: { allianceId: 'HRB-ALLIANCE-1' } },
    ]);
    const memberReviewer = { ...leadReviewer, id: 'R-8', isLeadHospital: false };
    expect(codes(approve(a, { ...approveInput, by: memberReviewer }, policy))).toEqual([
      'approval.approver_not_lead_hospital',
    ]);
    expect(codes(approve(a, approveInput, policy))).toEqual([
      'approval.approver_not_lead_hospital',
    ]);
    const lead = unwrap(approve(a, { ...approveInput, by: leadReviewer }, policy));
    expect(lead.status).toBe('approved');
    expect(lead.decision?.by.id).toBe('R-LEAD');
  });

  it('lets only the lead hospital reject a primary-care request too', () => {
    const a = opened({ kind: 'primary_care', institution: PRIMARY });
    const input = { on: d('2025-04-02'), comment: '基层目录内有替代药' };
    expect(codes(reject(a, { ...input, by: reviewer }))).toEqual([
      'approval.approver_not_lead_hospital',
    ]);
    expect(unwrap(reject(a, { ...input, by: leadReviewer })).status).toBe('rejected');
  });

  it('refuses special access without a ratio or outside the policy’s bounds, and accepts 60%', () => {
    const a = opened({ kind: 'special_access' });
    expect(codes(approve(a, approveInput, policy))).toEqual(['approval.ratio_required']);
    expect(
      approve(a, { ...approveInput, reimbursementRatio: Ratio.of('0.7') }, policy).issues,
    ).toMatchObject([
      { code: 'approval.ratio_out_of_bounds', data: { min: '0.6', max: '0.6', actual: '0.7' } },
    ]);
    const ok = unwrap(approve(a, { ...approveInput, reimbursementRatio: Ratio.of('60%') }, policy));
    expect(ok.decision?.reimbursementRatio?.toString()).toBe('0.6');
  });

  it('refuses a ratio on an approval that is not special access', () => {
    expect(
      codes(approve(opened(), { ...approveInput, reimbursementRatio: Ratio.of('0.6') }, policy)),
    ).toEqual(['approval.ratio_not_applicable']);
  });

  it('refuses a validity longer than the policy allows, and accepts exactly the maximum', () => {
    const a = opened();
    const tooLong = { ...approveInput, validTo: validityEnd(d('2025-04-02'), 91) };
    expect(approve(a, tooLong, policy).issues).toMatchObject([
      { code: 'approval.validity_too_long', data: { days: 91, maximum: 90 } },
    ]);
    const longest = { ...approveInput, validTo: validityEnd(d('2025-04-02'), 90) };
    expect(longest.validTo).toBe('2025-06-30');
    expect(approve(a, longest, policy).ok).toBe(true);
  });

  it('refuses a window that starts before the request or ends before it starts', () => {
    const a = opened();
    expect(
      codes(
        approve(
          a,
          { ...approveInput, validFrom: d('2025-03-31'), validTo: d('2025-04-30') },
          policy,
        ),
      ),
    ).toEqual(['approval.validity_before_request']);
    expect(
      codes(
        approve(
          a,
          { ...approveInput, validFrom: d('2025-05-01'), validTo: d('2025-04-30') },
          policy,
        ),
      ),
    ).toEqual(['approval.validity_inverted']);
  });

  it('refuses a decision dated before the request', () => {
    const a = opened();
    expect(approve(a, { ...approveInput, on: d('2025-03-31') }, policy).issues).toMatchObject([
      { code: 'approval.decided_before_request', data: { requestedOn: '2025-04-01' } },
    ]);
    expect(codes(reject(a, { by: reviewer, on: d('2025-03-31'), comment: '不同意' }))).toEqual([
      'approval.decided_before_request',
    ]);
  });

  it('refuses to approve more than was requested, or nothing', () => {
    const a = opened();
    expect(
      approve(a, { ...approveInput, approvedQuantity: new Decimal('90.5') }, policy).issues,
    ).toMatchObject([{ code: 'approval.quantity_above_requested', data: { requested: '90' } }]);
    expect(
      codes(approve(a, { ...approveInput, approvedQuantity: new Decimal(0) }, policy)),
    ).toEqual(['approval.quantity_not_positive']);
    expect(approve(a, { ...approveInput, approvedQuantity: new Decimal(90) }, policy).ok).toBe(
      true,
    );
  });

  it('lets only reviewers and administrators decide', () => {
    const a = opened();
    const auditor: Reviewer = { id: 'X', role: 'auditor' };
    expect(approve(a, { ...approveInput, by: auditor }, policy).issues).toMatchObject([
      { code: 'approval.reviewer_not_authorised', data: { role: 'auditor' } },
    ]);
    expect(codes(reject(a, { by: auditor, on: d('2025-04-02'), comment: '不同意' }))).toEqual([
      'approval.reviewer_not_authorised',
    ]);
    expect(
      approve(a, { ...approveInput, by: { id: 'A-1', role: 'administrator' } }, policy).ok,
    ).toBe(true);
  });

  it('requires a reason to reject and records it', () => {
    const a = opened();
    expect(codes(reject(a, { by: reviewer, on: d('2025-04-02'), comment: '  ' }))).toEqual([
      'approval.comment_required',
    ]);
    const rejected = unwrap(
      reject(a, { by: reviewer, on: d('2025-04-02'), comment: '可用目录内替代' }),
    );
    expect(rejected.status).toBe('rejected');
    expect(rejected.history.at(-1)).toEqual({
      from: 'requested',
      to: 'rejected',
      on: '2025-04-02',
      by: 'R-01',
      comment: '可用目录内替代',
    });
  });

  it('lets only the requesting doctor withdraw, and only before the decision', () => {
    const a = opened();
    expect(withdraw(a, { by: 'D-0999', on: d('2025-04-02') }).issues).toMatchObject([
      { code: 'approval.not_requester', data: { requestedBy: 'D-0101' } },
    ]);
    const withdrawn = unwrap(
      withdraw(a, { by: 'D-0101', on: d('2025-04-02'), comment: '患者转院' }),
    );
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.history.at(-1)).toMatchObject({ to: 'withdrawn', by: 'D-0101' });
    expect(withdraw(approved(), { by: 'D-0101', on: d('2025-04-05') }).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'approved', to: 'withdrawn' } },
    ]);
  });

  it('refuses invalid transitions with the from and to states', () => {
    const rejected = unwrap(
      reject(opened(), { by: reviewer, on: d('2025-04-02'), comment: '可用目录内替代' }),
    );
    expect(approve(rejected, approveInput, policy).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'rejected', to: 'approved' } },
    ]);
    expect(approve(approved(), approveInput, policy).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'approved', to: 'approved' } },
    ]);
    expect(drawDown(opened(), draw('C-1', '1')).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'requested', to: 'drawdown' } },
    ]);
    expect(reverseDrawDown(rejected, reversal('C-1')).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'rejected', to: 'reverse_drawdown' } },
    ]);
    expect(expire(opened(), d('2025-12-31')).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'requested', to: 'expired' } },
    ]);
  });

  it('keeps the lifecycle table closed: terminal states lead nowhere, every target is a status', () => {
    expect(APPROVAL_TRANSITIONS.rejected).toEqual([]);
    expect(APPROVAL_TRANSITIONS.withdrawn).toEqual([]);
    expect(APPROVAL_TRANSITIONS.expired).toEqual([]);
    for (const targets of Object.values(APPROVAL_TRANSITIONS)) {
      for (const to of targets) expect(APPROVAL_STATUSES).toContain(to);
    }
  });
});

describe('drawdowns', () => {
  it('goes request → approve → two drawdowns → exhausted, and a reversal reopens it exactly', () => {
    let a = approved();
    expect(remaining(a).toFixed()).toBe('60');
    a = unwrap(drawDown(a, draw('C-1', '22.5')));
    expect(a.status).toBe('approved');
    expect(remaining(a).toFixed()).toBe('37.5');
    a = unwrap(drawDown(a, draw('C-2', '37.5', '2025-05-10')));
    expect(a.status).toBe('exhausted');
    expect(remaining(a).isZero()).toBe(true);
    expect(drawn(a).toFixed()).toBe('60');
    a = unwrap(reverseDrawDown(a, reversal('C-2', '2025-05-11')));
    expect(a.status).toBe('approved');
    expect(remaining(a).toFixed()).toBe('37.5');
    expect(a.drawdowns.map((x) => x.claimId)).toEqual(['C-1']);
    expect(a.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'requested', 'D-0101'],
      ['requested', 'approved', 'R-01'],
      ['approved', 'exhausted', 'system'],
      ['exhausted', 'approved', 'system'],
    ]);
  });

  it('is drawn only by the institution it was granted to, and records which institution drew', () => {
    const a = approved();
    const elsewhere = draw('C-9', '1', '2025-04-10', { institution: { code: 'H23010300999' } });
    expect(drawDown(a, elsewhere).issues).toMatchObject([
      {
        code: 'approval.institution_mismatch',
        data: { grantedTo: 'H23010300012', claimedAt: 'H23010300999' },
      },
    ]);
    const query = { personId: PERSON, itemCode: ITEM, on: d('2025-04-10') };
    expect(approvalInForce(a, { ...query, institution: { code: 'H23010300999' } })).toBe(false);
    expect(approvalInForce(a, { ...query, institution: { code: 'H23010300012' } })).toBe(true);
    const used = unwrap(drawDown(a, draw('C-1', '1')));
    expect(used.drawdowns.map((x) => x.institutionCode)).toEqual(['H23010300012']);
  });

  it('is drawn by the other members of the medical alliance named in the request', () => {
    const a = approved({
      institution: { ...requestWire.institution, allianceId: 'HRB-ALLIANCE-1' },
    });
    const member = { code: 'H23010300345', allianceId: 'HRB-ALLIANCE-1' };
    expect(approvalUsableAt(a, member)).toBe(true);
    expect(approvalUsableAt(a, { ...member, allianceId: 'OTHER' })).toBe(false);
    expect(approvalUsableAt(a, { code: 'H23010300345' })).toBe(false);
    expect(drawDown(a, draw('C-1', '1', '2025-04-10', { institution: member })).ok).toBe(true);
  });

  it('draws by the catalog item id when the line carries another national code for the item', () => {
    const a = approved({ item: { ...requestWire.item, catalogItemId: 'nrdl-2024:XL01XX:999' } });
    const other = { itemCode: 'XL01XXZ999A001010100999', catalogItemId: 'nrdl-2024:XL01XX:999' };
    expect(drawDown(a, draw('C-1', '1', '2025-04-10', other)).ok).toBe(true);
    expect(
      codes(drawDown(a, draw('C-1', '1', '2025-04-10', { ...other, catalogItemId: 'other' }))),
    ).toEqual(['approval.item_mismatch']);
  });

  it('checks each drawdown: person, item, window, remaining quantity, and the same line twice', () => {
    const a = approved();
    expect(codes(drawDown(a, draw('C-1', '1', '2025-04-10', { personId: 'P-000001' })))).toEqual([
      'approval.person_mismatch',
    ]);
    expect(
      drawDown(a, draw('C-1', '1', '2025-04-10', { itemCode: 'XL01EBD999A001010100001' })).issues,
    ).toMatchObject([
      {
        code: 'approval.item_mismatch',
        data: { approved: ITEM, actual: 'XL01EBD999A001010100001' },
      },
    ]);
    expect(drawDown(a, draw('C-1', '1', '2025-04-01')).issues).toMatchObject([
      { code: 'approval.not_yet_valid', data: { validFrom: '2025-04-02' } },
    ]);
    expect(drawDown(a, draw('C-1', '1', '2025-07-01')).issues).toMatchObject([
      { code: 'approval.expired', data: { validTo: '2025-06-30' } },
    ]);
    expect(drawDown(a, draw('C-1', '60.01')).issues).toMatchObject([
      { code: 'approval.quantity_exceeded', data: { remaining: '60', requested: '60.01' } },
    ]);
    expect(codes(drawDown(a, draw('C-1', '0')))).toEqual(['approval.quantity_not_positive']);
    expect(drawDown(a, draw('C-1', '1', '2025-04-02')).ok).toBe(true);
    expect(drawDown(a, draw('C-1', '1', '2025-06-30')).ok).toBe(true);

    const once = unwrap(drawDown(a, draw('C-1', '10')));
    expect(codes(drawDown(once, draw('C-1', '10', '2025-04-11')))).toEqual([
      'approval.duplicate_drawdown',
    ]);
    expect(drawDown(once, { ...draw('C-1', '10'), lineId: 'L2' }).ok).toBe(true);
    expect(codes(reverseDrawDown(once, reversal('C-9')))).toEqual(['approval.unknown_drawdown']);
  });

  it('refuses to draw on an exhausted approval', () => {
    const exhausted = unwrap(drawDown(approved(), draw('C-1', '60')));
    expect(exhausted.status).toBe('exhausted');
    expect(drawDown(exhausted, draw('C-2', '1')).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'exhausted', to: 'drawdown' } },
    ]);
  });

  it('never changes the approval it is given', () => {
    const a = deepFreeze(approved());
    const snapshot = JSON.stringify(a);
    const drawnOnce = deepFreeze(unwrap(drawDown(a, draw('C-1', '60'))));
    unwrap(reverseDrawDown(drawnOnce, reversal('C-1')));
    unwrap(expire(a, d('2025-07-01')));
    expect(JSON.stringify(a)).toBe(snapshot);
    expect(drawnOnce.status).toBe('exhausted');
  });

  it('throws an EngineError for an approved approval without its decision (a broken invariant)', () => {
    const broken: Approval = { ...approved(), decision: null };
    let thrown: unknown;
    try {
      drawDown(broken, draw('C-1', '1'));
    } catch (error) {
      thrown = error;
    }
    expect(isEngineError(thrown) && thrown.code).toBe('invariant_violated');
  });

  it('never draws more than approved, and remaining is always approved minus drawn (property)', () => {
    const approvedQuantity = new Decimal('60');
    const quantity = fc
      .integer({ min: 1, max: 4000 })
      .map((hundredths) => new Decimal(hundredths).dividedBy(100));
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('draw' as const),
        claim: fc.integer({ min: 1, max: 8 }),
        quantity,
      }),
      fc.record({ kind: fc.constant('reverse' as const), claim: fc.integer({ min: 1, max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let a = approved();
        const model = new Map<string, Decimal>();
        const modelDrawn = () => [...model.values()].reduce((s, q) => s.plus(q), new Decimal(0));
        for (const o of ops) {
          const claimId = `C-${o.claim}`;
          if (o.kind === 'draw') {
            const expected =
              !model.has(claimId) && o.quantity.lte(approvedQuantity.minus(modelDrawn()));
            const result = drawDown(a, draw(claimId, o.quantity.toFixed()));
            expect(result.ok).toBe(expected);
            if (result.ok) {
              a = result.value;
              model.set(claimId, o.quantity);
            }
          } else {
            const result = reverseDrawDown(a, reversal(claimId));
            expect(result.ok).toBe(model.has(claimId));
            if (result.ok) {
              a = result.value;
              model.delete(claimId);
            }
          }
          expect(drawn(a).equals(modelDrawn())).toBe(true);
          expect(drawn(a).lte(approvedQuantity)).toBe(true);
          expect(remaining(a).equals(approvedQuantity.minus(drawn(a)))).toBe(true);
          expect(a.status).toBe(remaining(a).isZero() ? 'exhausted' : 'approved');
        }
        // Reversing every drawdown restores the approval to its full quantity.
        for (const claimId of model.keys()) a = unwrap(reverseDrawDown(a, reversal(claimId)));
        expect(remaining(a).equals(approvedQuantity)).toBe(true);
        expect(a.status).toBe('approved');
      }),
      { numRuns: 300 },
    );
  });
});

describe('expiry and use by the coverage decision', () => {
  const query = {
    personId: PERSON,
    itemCode: ITEM,
    on: d('2025-06-30'),
    institution: { code: 'H23010300012' },
  };

  it('expires after its last valid day and is then no longer in force', () => {
    const a = approved();
    expect(approvalInForce(a, query)).toBe(true);
    expect(unwrap(expire(a, d('2025-06-30')))).toBe(a);
    const expired = unwrap(expire(a, d('2025-07-01')));
    expect(expired.status).toBe('expired');
    expect(expired.history.at(-1)).toMatchObject({
      from: 'approved',
      to: 'expired',
      on: '2025-07-01',
      by: 'system',
    });
    expect(approvalInForce(expired, query)).toBe(false);
    expect(drawDown(expired, draw('C-1', '1', '2025-06-30')).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'expired', to: 'drawdown' } },
    ]);
    expect(codes(expire(expired, d('2025-07-02')))).toEqual(['approval.invalid_transition']);
  });

  it('expires an exhausted approval, and a later reversal gives the quantity back but keeps it expired', () => {
    const exhausted = unwrap(drawDown(approved(), draw('C-1', '60')));
    const expired = unwrap(expire(exhausted, d('2025-07-01')));
    expect(expired.status).toBe('expired');
    const reversed = unwrap(reverseDrawDown(expired, reversal('C-1', '2025-07-05')));
    expect(reversed.status).toBe('expired');
    expect(remaining(reversed).toFixed()).toBe('60');
    expect(approvalInForce(reversed, query)).toBe(false);
  });

  it('is in force only for its person, its item, inside its window, with quantity left', () => {
    const a = approved({ item: { ...requestWire.item, catalogItemId: 'nrdl-2024:XL01XX:999' } });
    expect(approvalInForce(a, { ...query, on: d('2025-04-02') })).toBe(true);
    expect(approvalInForce(a, { ...query, on: d('2025-04-01') })).toBe(false);
    expect(approvalInForce(a, { ...query, on: d('2025-07-01') })).toBe(false);
    expect(approvalInForce(a, { ...query, personId: 'P-000001' })).toBe(false);
    expect(approvalInForce(a, { ...query, itemCode: 'XL01EBD999A001010100001' })).toBe(false);
    expect(
      approvalInForce(a, {
        ...query,
        itemCode: 'XL01EBD999A001010100001',
        catalogItemId: 'nrdl-2024:XL01XX:999',
      }),
    ).toBe(true);
    expect(approvalInForce(opened(), query)).toBe(false);
    const exhausted = unwrap(drawDown(a, draw('C-1', '60')));
    expect(approvalInForce(exhausted, query)).toBe(false);
  });

  it('finds the first usable approval among several', () => {
    const expired = unwrap(expire(approved({ id: 'AP-OLD' }), d('2025-07-01')));
    const exhausted = unwrap(drawDown(approved({ id: 'AP-USED' }), draw('C-1', '60')));
    const usable = approved({ id: 'AP-NEW' });
    const second = approved({ id: 'AP-NEWER' });
    expect(findApprovalInForce([expired, exhausted, usable, second], query)?.id).toBe('AP-NEW');
    expect(findApprovalInForce([expired, exhausted], query)).toBeUndefined();
    expect(findApprovalInForce([], query)).toBeUndefined();
    expect(findApprovalInForce([usable], { ...query, on: d('2025-07-01') })).toBeUndefined();
  });
});

describe('issue codes', () => {
  it('lists every code once, all in the approval namespace', () => {
    expect(new Set(APPROVAL_ISSUE_CODES).size).toBe(APPROVAL_ISSUE_CODES.length);
    for (const code of APPROVAL_ISSUE_CODES) expect(code).toMatch(/^approval\.[a-z_]+$/);
  });
});
