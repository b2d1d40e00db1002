import { Decimal, Ratio, calendarDate } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Approval,
  type ApprovalPolicyWire,
  type ApprovalRequestWire,
  type Reviewer,
  approvalInForce,
  approvalPolicySchema,
  approvalRequestSchema,
  approve,
  drawDown,
  expire,
  findApprovalInForce,
  reject,
  remaining,
  requestApproval,
  reverseDrawDown,
  withdraw,
} from './approval.ts';

const d = calendarDate;

/** PRODUCT.md §3 / §8 as policy data: associate-chief or above at tertiary hospitals, 60% orphan ratio. */
const policyWire: ApprovalPolicyWire = {
  requireInformedConsent: true,
  requireAlternativesForOutOfCatalog: true,
  minRequesterTitle: { tertiary: 'associate_chief' },
  maxValidityDays: 90,
  specialAccessRatio: { min: '0.5', max: '0.7' },
};
const policy = approvalPolicySchema.parse(policyWire);

const requestWire: ApprovalRequestWire = {
  id: 'AP-2025-0001',
  kind: 'out_of_catalog',
  item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
  personId: 'P-000777',
  institution: { code: 'H23010300012', tier: 'tertiary' },
  requestedBy: { id: 'D-0101', title: 'associate_chief' },
  reason: '一线靶向治疗耐药，目录内替代药品均已使用',
  alternativesConsidered: ['XL01EB/吉非替尼', 'XL01EB/达可替尼片'],
  informedConsent: true,
  requestedOn: '2025-04-01',
  requestedQuantity: '90',
  requestedDays: 90,
};
const request = (change: Partial<ApprovalRequestWire> = {}) =>
  approvalRequestSchema.parse({ ...requestWire, ...change });
const reviewer: Reviewer = { id: 'R-01', role: 'reviewer' };
const approveInput = {
  by: reviewer,
  on: d('2025-04-02'),
  comment: '同意，按月复评',
  validFrom: d('2025-04-02'),
  validTo: d('2025-06-30'),
  approvedQuantity: new Decimal(60),
};

function approved(change: Partial<ApprovalRequestWire> = {}): Approval {
  const opened = requestApproval(request(change), policy);
  if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
  const result = approve(opened.value, approveInput, policy);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const value = (
  r: { ok: boolean; issues: readonly unknown[] } & ({ value: Approval } | object),
): Approval => {
  if (!('value' in r)) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const codes = (r: { issues: readonly { code: string }[] }) => r.issues.map((i) => i.code);
const draw = (claimId: string, quantity: number, on = '2025-04-10') => ({
  claimId,
  lineId: 'L1',
  quantity: new Decimal(quantity),
  on: d(on),
  personId: 'P-000777',
  itemCode: 'XL01XXZ999A001010100001',
});

describe('approvals', () => {
  it('goes request → approve → two drawdowns → exhausted, and a reversal reopens it exactly', () => {
    let a = approved();
    expect(a.status).toBe('approved');
    expect(remaining(a).toString()).toBe('60');
    a = value(drawDown(a, draw('C-1', 30)));
    expect(remaining(a).toString()).toBe('30');
    a = value(drawDown(a, draw('C-2', 30, '2025-05-10')));
    expect(a.status).toBe('exhausted');
    expect(remaining(a).isZero()).toBe(true);
    a = value(reverseDrawDown(a, { claimId: 'C-2', lineId: 'L1', on: d('2025-05-11') }));
    expect(a.status).toBe('approved');
    expect(remaining(a).toString()).toBe('30');
    expect(a.history.map((h) => h.to)).toEqual(['requested', 'approved', 'exhausted', 'approved']);
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

  it('requires an associate chief or above to request at a tertiary hospital', () => {
    expect(
      codes(requestApproval(request({ requestedBy: { id: 'D-9', title: 'resident' } }), policy)),
    ).toEqual(['approval.requester_title_too_low']);
    expect(
      requestApproval(request({ requestedBy: { id: 'D-9', title: 'associate_chief' } }), policy).ok,
    ).toBe(true);
    expect(
      requestApproval(
        request({
          requestedBy: { id: 'D-9', title: 'resident' },
          institution: { code: 'H23010300345', tier: 'secondary' },
        }),
        policy,
      ).ok,
    ).toBe(true);
  });

  it('lets only the alliance lead hospital approve a primary institution’s out-of-formulary prescription', () => {
    const opened = value(
      requestApproval(
        request({
          kind: 'primary_care',
          institution: { code: 'H23010300345', tier: 'primary', allianceId: 'HRB-ALLIANCE-1' },
        }),
        policy,
      ),
    );
    const other = approve(
      opened,
      {
        ...approveInput,
        by: { id: 'R-9', role: 'reviewer', allianceId: 'HRB-ALLIANCE-2', isLeadHospital: true },
      },
      policy,
    );
    expect(codes(other)).toEqual(['approval.approver_not_lead_hospital']);
    const member = approve(
      opened,
      {
        ...approveInput,
        by: { id: 'R-8', role: 'reviewer', allianceId: 'HRB-ALLIANCE-1', isLeadHospital: false },
      },
      policy,
    );
    expect(codes(member)).toEqual(['approval.approver_not_lead_hospital']);
    const lead = approve(
      opened,
      {
        ...approveInput,
        by: { id: 'R-7', role: 'reviewer', allianceId: 'HRB-ALLIANCE-1', isLeadHospital: true },
      },
      policy,
    );
    expect(lead.ok).toBe(true);
  });

  it('approves special access for an orphan drug only with a ratio inside the policy’s bounds', () => {
    const opened = value(requestApproval(request({ kind: 'special_access' }), policy));
    expect(codes(approve(opened, approveInput, policy))).toEqual(['approval.ratio_required']);
    expect(
      codes(approve(opened, { ...approveInput, reimbursementRatio: Ratio.of('0.9') }, policy)),
    ).toEqual(['approval.ratio_out_of_bounds']);
    const ok = value(
      approve(opened, { ...approveInput, reimbursementRatio: Ratio.of('60%') }, policy),
    );
    expect(ok.decision?.reimbursementRatio?.toString()).toBe('0.6');
  });

  it('refuses validity beyond the policy, before the request, and more than was requested', () => {
    const opened = value(requestApproval(request(), policy));
    expect(codes(approve(opened, { ...approveInput, validTo: d('2025-12-31') }, policy))).toEqual([
      'approval.validity_too_long',
    ]);
    expect(
      codes(
        approve(
          opened,
          { ...approveInput, validFrom: d('2025-03-31'), validTo: d('2025-04-30') },
          policy,
        ),
      ),
    ).toEqual(['approval.validity_before_request']);
    expect(
      codes(approve(opened, { ...approveInput, approvedQuantity: new Decimal(91) }, policy)),
    ).toEqual(['approval.quantity_above_requested']);
    expect(
      codes(approve(opened, { ...approveInput, by: { id: 'X', role: 'auditor' } }, policy)),
    ).toEqual(['approval.reviewer_not_authorised']);
  });

  it('refuses invalid transitions with the from and to states', () => {
    const rejected = value(
      reject(value(requestApproval(request(), policy)), {
        by: reviewer,
        on: d('2025-04-02'),
        comment: '可用目录内替代',
      }),
    );
    expect(approve(rejected, approveInput, policy).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'rejected', to: 'approved' } },
    ]);
    const requested = value(requestApproval(request(), policy));
    expect(drawDown(requested, draw('C-1', 1)).issues).toMatchObject([
      { code: 'approval.invalid_transition', data: { from: 'requested', to: 'drawdown' } },
    ]);
    expect(codes(reject(requested, { by: reviewer, on: d('2025-04-02'), comment: ' ' }))).toEqual([
      'approval.comment_required',
    ]);
    expect(value(withdraw(requested, { by: 'D-0101', on: d('2025-04-02') })).status).toBe(
      'withdrawn',
    );
    expect(codes(withdraw(approved(), { by: 'D-0101', on: d('2025-04-05') }))).toEqual([
      'approval.invalid_transition',
    ]);
  });

  it('checks each drawdown: person, item, window, remaining quantity, and the same line twice', () => {
    const a = approved();
    expect(codes(drawDown(a, { ...draw('C-1', 1), personId: 'P-000001' }))).toEqual([
      'approval.person_mismatch',
    ]);
    expect(codes(drawDown(a, { ...draw('C-1', 1), itemCode: 'XL01EBD999A001010100001' }))).toEqual([
      'approval.item_mismatch',
    ]);
    expect(codes(drawDown(a, draw('C-1', 1, '2025-04-01')))).toEqual(['approval.not_yet_valid']);
    expect(codes(drawDown(a, draw('C-1', 1, '2025-07-01')))).toEqual(['approval.expired']);
    expect(drawDown(a, draw('C-1', 61)).issues).toMatchObject([
      { code: 'approval.quantity_exceeded', data: { remaining: '60' } },
    ]);
    const once = value(drawDown(a, draw('C-1', 10)));
    expect(codes(drawDown(once, draw('C-1', 10)))).toEqual(['approval.duplicate_drawdown']);
    expect(
      codes(reverseDrawDown(once, { claimId: 'C-9', lineId: 'L1', on: d('2025-04-11') })),
    ).toEqual(['approval.unknown_drawdown']);
  });

  it('expires after its last valid day and is then no longer in force', () => {
    const a = approved();
    const query = {
      personId: 'P-000777',
      itemCode: 'XL01XXZ999A001010100001',
      on: d('2025-06-30'),
    };
    expect(approvalInForce(a, query)).toBe(true);
    expect(value(expire(a, d('2025-06-30'))).status).toBe('approved');
    const expired = value(expire(a, d('2025-07-01')));
    expect(expired.status).toBe('expired');
    expect(approvalInForce(expired, query)).toBe(false);
    expect(findApprovalInForce([expired, a], query)?.status).toBe('approved');
    expect(findApprovalInForce([a], { ...query, on: d('2025-07-01') })).toBeUndefined();
  });

  it('never draws more than approved, and remaining is always approved minus drawn (property)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('draw' as const),
        claim: fc.integer({ min: 1, max: 8 }),
        qty: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({ kind: fc.constant('reverse' as const), claim: fc.integer({ min: 1, max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let a = approved();
        for (const o of ops) {
          const result =
            o.kind === 'draw'
              ? drawDown(a, draw(`C-${o.claim}`, o.qty))
              : reverseDrawDown(a, { claimId: `C-${o.claim}`, lineId: 'L1', on: d('2025-04-12') });
          if (result.ok) a = result.value;
          const drawnTotal = a.drawdowns.reduce((s, x) => s.plus(x.quantity), new Decimal(0));
          expect(drawnTotal.lte(60)).toBe(true);
          expect(remaining(a).equals(new Decimal(60).minus(drawnTotal))).toBe(true);
          expect(a.status).toBe(remaining(a).isZero() ? 'exhausted' : 'approved');
        }
      }),
      { numRuns: 300 },
    );
  });
});
