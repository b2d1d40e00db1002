import { Decimal, Ratio, calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { PRODUCT_APPROVAL_POLICY } from './__fixtures__/product-policy.ts';
import {
  type Approval,
  approvalFromWire,
  approvalPolicySchema,
  approvalRequestSchema,
  approvalSchema,
  approvalToWire,
  approve,
  drawDown,
  requestApproval,
} from './index.ts';

const policy = approvalPolicySchema.parse(PRODUCT_APPROVAL_POLICY);
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; issues: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('the approval wire form', () => {
  const opened = unwrap(
    requestApproval(
      approvalRequestSchema.parse({
        id: 'AP-SA-1',
        kind: 'special_access',
        item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '罕见病用药' },
        personId: 'P-000777',
        institution: { code: 'H23010300012', tier: 'tertiary' },
        requestedBy: { id: 'D-0101', title: 'chief' },
        reason: '罕见病，无目录内替代',
        alternativesConsidered: ['无'],
        informedConsent: true,
        requestedOn: '2025-04-01',
        requestedQuantity: '12.5',
        requestedDays: 90,
      }),
      policy,
    ),
  );
  const approved = unwrap(
    approve(
      opened,
      {
        by: { id: 'R-01', role: 'reviewer' },
        on: calendarDate('2025-04-02'),
        comment: '同意',
        validFrom: calendarDate('2025-04-02'),
        validTo: calendarDate('2025-06-30'),
        approvedQuantity: new Decimal('12.5'),
        reimbursementRatio: Ratio.of('0.6'),
      },
      policy,
    ),
  );
  const drawn: Approval = unwrap(
    drawDown(approved, {
      claimId: 'C-1',
      lineId: 'L1',
      quantity: new Decimal('2.5'),
      on: calendarDate('2025-04-10'),
      personId: 'P-000777',
      itemCode: 'XL01XXZ999A001010100001',
      institution: { code: 'H23010300012' },
    }),
  );

  it('round-trips an approval with its decision, drawdowns and history exactly', () => {
    const wire = approvalToWire(drawn);
    expect(wire).toMatchObject({
      status: 'approved',
      requestedQuantity: '12.5',
      decision: { approvedQuantity: '12.5', reimbursementRatio: '0.6' },
      drawdowns: [{ claimId: 'C-1', lineId: 'L1', quantity: '2.5', on: '2025-04-10' }],
    });
    const back = approvalFromWire(JSON.parse(JSON.stringify(wire)));
    expect(JSON.stringify(approvalToWire(back))).toBe(JSON.stringify(wire));
    expect(back.decision?.approvedQuantity.equals(new Decimal('12.5'))).toBe(true);
  });

  it('refuses a document with an unknown status or field, naming the path', () => {
    const wire = approvalToWire(drawn);
    const bad = approvalSchema.safeDecode({ ...wire, status: 'lost' } as never);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['status']);
    const extra = approvalSchema.safeDecode({ ...wire, note: 'x' } as never);
    expect(extra.success).toBe(false);
  });
});
