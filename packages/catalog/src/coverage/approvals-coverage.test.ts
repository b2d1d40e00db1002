import { Decimal, Ratio, calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { COMMUNITY, itemNamed, lungCancerClaim, nrdlIndex } from '../__fixtures__/nrdl.ts';
import {
  type Approval,
  type ApprovalKind,
  approvalPolicySchema,
  approvalRequestSchema,
  approve,
  requestApproval,
} from '../approvals/approval.ts';
import { type CoverageContext, decideCoverage } from './decide.ts';

const policy = approvalPolicySchema.parse({
  requireInformedConsent: true,
  requireAlternativesForOutOfCatalog: false,
  minRequesterTitle: { tertiary: 'associate_chief' },
  maxValidityDays: 90,
  specialAccessRatio: { min: '0.5', max: '0.7' },
});

function approvalFor(
  kind: ApprovalKind,
  item: { code: string; catalogItemId?: string; name: string },
  options: { primary?: boolean; ratio?: string } = {},
): Approval {
  const request = approvalRequestSchema.parse({
    id: `AP-${kind}`,
    kind,
    item: { kind: 'drug', ...item },
    personId: 'P-000777',
    institution: options.primary
      ? { code: COMMUNITY.code, tier: 'primary', allianceId: 'HRB-ALLIANCE-1' }
      : { code: 'H23010300012', tier: 'tertiary' },
    requestedBy: { id: 'D-0101', title: 'associate_chief' },
    reason: 'clinical need',
    alternativesConsidered: [],
    informedConsent: true,
    requestedOn: '2025-04-01',
    requestedQuantity: '90',
    requestedDays: 90,
  });
  const opened = requestApproval(request, policy);
  if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
  const decided = approve(
    opened.value,
    {
      by: options.primary
        ? { id: 'R-LEAD', role: 'reviewer', allianceId: 'HRB-ALLIANCE-1', isLeadHospital: true }
        : { id: 'R-01', role: 'reviewer' },
      on: calendarDate('2025-04-02'),
      validFrom: calendarDate('2025-04-02'),
      validTo: calendarDate('2025-06-30'),
      approvedQuantity: new Decimal(90),
      ...(options.ratio === undefined ? {} : { reimbursementRatio: Ratio.of(options.ratio) }),
    },
    policy,
  );
  if (!decided.ok) throw new Error(JSON.stringify(decided.issues));
  return decided.value;
}

const OUT_OF_CATALOG = 'XL01XXZ999A001010100001';

function context(claim = lungCancerClaim(), extra: Partial<CoverageContext> = {}): CoverageContext {
  return {
    person: claim.person,
    institution: claim.institution,
    claim,
    line: claim.lines[0]!,
    ...extra,
  };
}

describe('coverage with approvals in force', () => {
  it('covers an out-of-catalog drug under an approval in force, and not before or after it', () => {
    const approval = approvalFor('out_of_catalog', {
      code: OUT_OF_CATALOG,
      name: '目录外抗肿瘤药',
    });
    const claim = lungCancerClaim((c) => {
      c.lines[0]!.code = OUT_OF_CATALOG;
    });
    const decision = decideCoverage(undefined, context(claim, { approvals: [approval] }));
    expect(decision).toMatchObject({
      outcome: 'covered',
      approval: { id: 'AP-out_of_catalog', kind: 'out_of_catalog' },
    });
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.covered_by_approval']);
    const late = lungCancerClaim((c) => {
      c.lines[0]!.code = OUT_OF_CATALOG;
      c.lines[0]!.date = '2025-07-01';
    });
    expect(decideCoverage(undefined, context(late, { approvals: [approval] })).outcome).toBe(
      'not_covered',
    );
  });

  it('pays a rare-disease orphan drug under special access at the approved ratio (60%)', () => {
    const approval = approvalFor(
      'special_access',
      { code: OUT_OF_CATALOG, name: '罕见病孤儿药' },
      { ratio: '0.6' },
    );
    const claim = lungCancerClaim((c) => {
      c.lines[0]!.code = OUT_OF_CATALOG;
    });
    const decision = decideCoverage(undefined, context(claim, { approvals: [approval] }));
    expect(decision.outcome).toBe('covered');
    expect(decision.approval?.reimbursementRatio?.toString()).toBe('0.6');
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.special_access']);
  });

  it('lets the lead hospital’s approval open a drug outside the primary-care formulary', () => {
    const gefitinib = itemNamed('吉非替尼');
    const atCommunity = lungCancerClaim((c) => {
      c.institution = { ...COMMUNITY };
    });
    const approval = approvalFor(
      'primary_care',
      { code: atCommunity.lines[0]!.code, catalogItemId: gefitinib.id, name: gefitinib.name },
      { primary: true },
    );
    const decision = decideCoverage(
      gefitinib,
      context(atCommunity, { approvals: [approval], primaryCareFormulary: nrdlIndex().formulary }),
    );
    expect(decision.outcome).toBe('covered_first_self_pay');
    // The line uses the approval, so settling it draws the approved quantity down.
    expect(decision.approval).toMatchObject({ id: approval.id, kind: 'primary_care' });
    expect(decision.reasons.map((r) => r.code)).toContain('coverage.covered_by_approval');
  });

  it('lifts a restriction that is not met with a restricted-use approval', () => {
    const dacomitinib = itemNamed('达可替尼片');
    const noEvidence = lungCancerClaim((c) => {
      c.evidence = [];
    });
    expect(decideCoverage(dacomitinib, context(noEvidence)).outcome).toBe('self_pay');
    const approval = approvalFor('restricted_use', {
      code: 'XL01EBD000A000000000000',
      catalogItemId: dacomitinib.id,
      name: dacomitinib.name,
    });
    const decision = decideCoverage(dacomitinib, context(noEvidence, { approvals: [approval] }));
    expect(decision.outcome).toBe('covered');
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.covered_by_approval']);
  });

  it('asks for approval when the list requires a review before use, and covers once approved (阿柏西普)', () => {
    const aflibercept = itemNamed('阿柏西普眼内注射溶液'); // 限：1.50岁以上的湿性年龄相关性黄斑变性 …；事前审查后方可用
    const claim = lungCancerClaim((c) => {
      c.person.birthDate = '1950-01-01';
      c.diagnoses = [{ code: 'H35.300x011', role: 'principal' }];
      // One vial: the list caps it at 9 per eye (每眼累计最多支付9支).
      c.lines[0] = { ...c.lines[0]!, quantity: '1', amount: '150.00' };
      c.totalAmount = '150.00';
    });
    const withoutApproval = decideCoverage(aflibercept, context(claim));
    expect(withoutApproval.outcome).toBe('needs_approval');
    expect(withoutApproval.reasons.map((r) => r.code)).toEqual(['coverage.requires_approval']);
    const approval = approvalFor('restricted_use', {
      code: claim.lines[0]!.code,
      catalogItemId: aflibercept.id,
      name: aflibercept.name,
    });
    const withApproval = decideCoverage(aflibercept, context(claim, { approvals: [approval] }));
    expect(withApproval.outcome).toBe('covered_first_self_pay');
    expect(withApproval.restrictions.find((r) => r.kind === 'approval')?.result).toBe('met');
  });
});
