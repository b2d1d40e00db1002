import { type Approval, approvalRequestSchema, approve, requestApproval } from '@openpayer/catalog';
import { loadDemoApprovalPolicy } from '@openpayer/catalog/node';
import { Decimal, calendarDate } from '@openpayer/domain';

/** The out-of-catalog targeted drug the ledger's approval tests draw on (100.00 a unit). */
export const OUT_OF_CATALOG = 'XL01XXZ999A001010100001';

const approvalPolicy = loadDemoApprovalPolicy();

/**
 * An approved out-of-catalog approval (事前审批) of `granted` units of that drug for `personId`
 * at the demo hospital, valid 2025-07-01 to 2025-09-28, through the demo approval rules.
 */
export function approvedApproval(id: string, personId: string, granted: number): Approval {
  const requested = requestApproval(
    approvalRequestSchema.parse({
      id,
      kind: 'out_of_catalog',
      item: { kind: 'drug', code: OUT_OF_CATALOG, name: '目录外抗肿瘤药' },
      personId,
      institution: { code: 'H23010300012', tier: 'tertiary' },
      requestedBy: { id: 'D-0101', title: 'associate_chief' },
      reason: '一线靶向治疗耐药，目录内替代药品均已使用',
      alternativesConsidered: ['吉非替尼片', '达可替尼片'],
      informedConsent: true,
      requestedOn: '2025-06-30',
      requestedQuantity: String(granted),
      requestedDays: 90,
    }),
    approvalPolicy,
  );
  if (!requested.ok) throw new Error(JSON.stringify(requested.issues));
  const approved = approve(
    requested.value,
    {
      by: { id: 'R-01', role: 'reviewer' },
      on: calendarDate('2025-07-01'),
      validFrom: calendarDate('2025-07-01'),
      validTo: calendarDate('2025-09-28'),
      approvedQuantity: new Decimal(granted),
    },
    approvalPolicy,
  );
  if (!approved.ok) throw new Error(JSON.stringify(approved.issues));
  return approved.value;
}
