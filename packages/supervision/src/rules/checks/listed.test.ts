import {
  type Approval,
  type ApprovalKind,
  CatalogIndex,
  approvalPolicySchema,
  approvalRequestSchema,
  approve,
  decideClaim,
  requestApproval,
} from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import {
  type Claim,
  Decimal,
  type Finding,
  calendarDate,
  claimSchema,
  findingSchema,
} from '@openpayer/domain';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReviewInput, compileRuleSet, historyOf, review } from '../review.ts';
import { type RuleSet, type RuleSetWire, type RuleWire, ruleSetSchema } from '../rule-set.ts';
import { LISTED_CHECKS } from './listed.ts';

// — A real catalog: the shipped 2024 national drug list with the rule base —

let index: CatalogIndex;
beforeAll(() => {
  const imported = importShippedNrdl2024();
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
  index = new CatalogIndex(imported.value.release);
});

// Lines resolve by name within their drug class (the list names classes, not product codes).
const AMLODIPINE = { code: 'XC08CXA001A001010100001', name: '氨氯地平' }; // class A, primary formulary
const ATORVASTATIN = { code: 'XC10AAA001A001010100001', name: '阿托伐他汀' }; // class B, not in it
const DACOMITINIB = { code: 'XL01EBD999A001010100001', name: '达可替尼片' }; // EGFR, NSCLC, 1st line
const TOFACITINIB = { code: 'XL04AFT001A001010100001', name: '托法替布' }; // JAK inhibitor
const BEVACIZUMAB = { code: 'XL01FAB001B002010100001', name: '贝伐珠单抗' };
const PEMETREXED = { code: 'XL01BAP001B002010100001', name: '培美曲塞' };
const OUT_OF_LIST = { code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' };

const COMMUNITY = {
  code: 'H23010300345',
  name: '道里区示范社区卫生服务中心',
  tier: 'primary',
  region: '230100',
  alliance: { id: 'HRB-ALLIANCE-1', isLead: false },
} as const;
const SECONDARY = {
  code: 'H23010300678',
  name: '哈尔滨示范二级医院',
  tier: 'secondary',
  region: '230100',
} as const;

type Json = Record<string, unknown>;

function line(
  id: string,
  item: { code: string; name: string },
  date: string,
  unitPrice: string,
  extra: Json = {},
  quantity = '1',
): Json {
  return {
    id,
    kind: 'drug',
    code: item.code,
    name: item.name,
    quantity,
    unitPrice,
    amount: lineAmount(quantity, unitPrice),
    date,
    ...extra,
  };
}

/** An outpatient visit of the demo person on `date`; `parts` replace any field. */
function visit(date: string, lines: readonly Json[], parts: Json = {}): Claim {
  return claimSchema.parse(
    demoClaimWire({
      id: `C-${date}`,
      type: 'outpatient',
      admissionDate: date,
      dischargeDate: null,
      attendingPrescriber: { id: 'D-0101', title: 'associate_chief' },
      lines,
      ...parts,
    }),
  );
}

function ruleWire(check: RuleWire['check'], extra: Partial<RuleWire> = {}): RuleWire {
  return {
    code: `R-${check.kind}`,
    name: check.kind,
    category: 'policy',
    stages: ['prescribe', 'settle', 'post_payment'],
    resultType: 'violation',
    severity: 'high',
    action: 'deduct',
    from: '2024-01-01',
    check,
    ...extra,
  };
}

function setOf(rules: readonly RuleWire[]): RuleSet {
  const wire: RuleSetWire = {
    id: 'TEST-2025',
    title: 'test rules',
    region: null,
    publishedOn: '2024-12-01',
    rules: [...rules],
  };
  return ruleSetSchema.parse(wire);
}

interface RunOptions {
  readonly history?: readonly Claim[];
  readonly approvals?: readonly Approval[];
  readonly window?: RuleWire['window'];
  readonly scenarios?: RuleWire['scenarios'];
  readonly formulary?: boolean;
}

function inputOf(claim: Claim, options: RunOptions = {}): ReviewInput {
  return {
    claim,
    stage: 'settle',
    decisions: decideClaim(
      index,
      claim,
      options.approvals === undefined ? {} : { approvals: options.approvals },
    ),
    history: historyOf((options.history ?? []).map((c) => ({ claim: c, settlementId: null }))),
    ...(options.formulary === true ? { primaryCareFormulary: index.formulary } : {}),
  };
}

/** The findings of one rule on `claim`; a check that threw would show as an `error` finding. */
function run(check: RuleWire['check'], claim: Claim, options: RunOptions = {}): Finding[] {
  const set = setOf([
    ruleWire(check, {
      ...(options.window === undefined ? {} : { window: options.window }),
      ...(options.scenarios === undefined ? {} : { scenarios: options.scenarios }),
    }),
  ]);
  const findings = review(compileRuleSet(set), inputOf(claim, options));
  for (const f of findings) {
    expect(f.evidence).not.toHaveProperty('error');
    // Evidence is what the wire carries: text, flags, lists — never a JS number.
    expect(findingSchema.safeParse(f).success).toBe(true);
  }
  return findings;
}

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
  primary = false,
): Approval {
  const request = approvalRequestSchema.parse({
    id: `AP-${kind}`,
    kind,
    item: { kind: 'drug', ...item },
    personId: 'P-000501',
    institution: primary
      ? { code: COMMUNITY.code, tier: 'primary', allianceId: COMMUNITY.alliance.id }
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
      by: primary
        ? {
            id: 'R-LEAD',
            role: 'reviewer',
            allianceId: COMMUNITY.alliance.id,
            isLeadHospital: true,
          }
        : { id: 'R-01', role: 'reviewer' },
      on: calendarDate('2025-04-02'),
      validFrom: calendarDate('2025-04-02'),
      validTo: calendarDate('2025-06-30'),
      approvedQuantity: new Decimal(90),
    },
    policy,
  );
  if (!decided.ok) throw new Error(JSON.stringify(decided.issues));
  return decided.value;
}

describe('the listed checks', () => {
  it('are tested on lines the real list resolves as the cases assume', () => {
    const claim = visit(
      '2025-04-10',
      [
        AMLODIPINE,
        ATORVASTATIN,
        DACOMITINIB,
        TOFACITINIB,
        BEVACIZUMAB,
        PEMETREXED,
        OUT_OF_LIST,
      ].map((item, i) => line(`L${i}`, item, '2025-04-10', '1.00')),
    );
    expect(decideClaim(index, claim).map((d) => d.decision.itemId)).toEqual([
      'XC08C/氨氯地平/口服常释剂型',
      'XC10AA/阿托伐他汀/口服常释剂型',
      'XL01EB/达可替尼片',
      'XL04AF/托法替布/口服常释剂型',
      'XL01F/贝伐珠单抗/注射剂',
      'XL01BA/培美曲塞/注射剂',
      null,
    ]);
  });

  it('are the nine kinds PRODUCT.md §5 lists', () => {
    expect(Object.keys(LISTED_CHECKS).sort()).toEqual([
      'biomarker_required',
      'daily_drug_cost',
      'exit_rule',
      'long_prescription',
      'out_of_catalog',
      'plan_cost_threshold',
      'primary_formulary',
      'restriction_not_met',
      'suspended_prescriber',
    ]);
  });
});

describe('out_of_catalog', () => {
  const check = { kind: 'out_of_catalog' } satisfies RuleWire['check'];

  it('finds an out-of-catalog drug billed without an approval, one finding per line', () => {
    const claim = visit('2025-04-10', [
      line('L1', AMLODIPINE, '2025-04-10', '12.00'),
      line('L2', OUT_OF_LIST, '2025-04-10', '3000.00'),
      line('L3', OUT_OF_LIST, '2025-04-10', '3000.00'),
    ]);
    const findings = run(check, claim);
    expect(findings.map((f) => f.lineIds)).toEqual([['L2'], ['L3']]);
    expect(findings[0]?.evidence).toMatchObject({
      code: OUT_OF_LIST.code,
      reason: 'coverage.not_in_catalog',
      amount: '3000.00',
      approvalRef: null,
    });
    expect(findings[0]?.explanation.zh).toContain('目录外抗肿瘤药');
    expect(findings[0]?.explanation.en).toContain('not in the catalog');
  });

  it('passes in-catalog lines and an out-of-catalog line under an approval in force', () => {
    const approval = approvalFor('out_of_catalog', OUT_OF_LIST);
    const claim = visit('2025-04-10', [
      line('L1', AMLODIPINE, '2025-04-10', '12.00'),
      line('L2', OUT_OF_LIST, '2025-04-10', '3000.00', { approvalRef: approval.id }),
    ]);
    expect(run(check, claim, { approvals: [approval] })).toEqual([]);
    // The same line after the approval has lapsed is a finding, naming the reference it carried.
    const later = visit('2025-07-10', [
      line('L2', OUT_OF_LIST, '2025-07-10', '3000.00', { approvalRef: approval.id }),
    ]);
    const findings = run(check, later, { approvals: [approval] });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence['approvalRef']).toBe(approval.id);
  });

  it('looks only at the item kinds it is given', () => {
    const claim = visit('2025-04-10', [line('L2', OUT_OF_LIST, '2025-04-10', '3000.00')]);
    expect(run({ kind: 'out_of_catalog', itemKinds: ['service'] }, claim)).toEqual([]);
    expect(run({ kind: 'out_of_catalog', itemKinds: ['drug'] }, claim)).toHaveLength(1);
  });
});

describe('a line without its coverage decision', () => {
  it('is a finding of its own for the checks that read decisions, and no crash for the others', () => {
    const claim = visit('2025-04-10', [
      line('L1', OUT_OF_LIST, '2025-04-10', '30000.00'),
      line('L2', BEVACIZUMAB, '2025-04-10', '30000.00'),
    ]);
    const compiled = compileRuleSet(
      setOf([
        ruleWire({ kind: 'out_of_catalog' }),
        ruleWire({ kind: 'plan_cost_threshold', items: ['XL01'], threshold: '50000.00' }),
      ]),
    );
    const findings = review(compiled, { ...inputOf(claim), decisions: [] });
    expect(findings.map((f) => [f.rule.code, f.action, f.lineIds])).toEqual([
      ['R-out_of_catalog', 'warn', ['L1', 'L2']],
      ['R-plan_cost_threshold', 'deduct', ['L1', 'L2']],
    ]);
    expect(findings[0]?.evidence['error']).toBe('no coverage decision for line L1');
  });
});

describe('restriction_not_met', () => {
  const check = { kind: 'restriction_not_met' } satisfies RuleWire['check'];
  const lung = (evidence: readonly Json[], lineExtra: Json = {}) =>
    visit('2025-04-10', [line('L1', DACOMITINIB, '2025-04-10', '150.00', lineExtra, '30')], {
      diagnoses: [
        { code: 'C34.900', role: 'principal' },
        { code: 'M81400/3', role: 'secondary' },
      ],
      evidence,
    });
  const egfr19 = {
    kind: 'biomarker',
    test: 'EGFR',
    result: 'positive',
    variant: 'exon 19 deletion',
    date: '2025-03-28',
  };

  it('names the restriction not met and what the claim showed', () => {
    const claim = lung([{ ...egfr19, result: 'negative', variant: undefined }], {
      lineOfTherapy: 1,
    });
    const findings = run(check, claim);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.lineIds).toEqual(['L1']);
    expect(f.evidence['kinds']).toEqual(['evidence']);
    expect(f.evidence['results']).toEqual(['restriction.evidence.contrary']);
    expect(String((f.evidence['restrictions'] as string[])[0])).toContain('EGFR');
    expect(f.evidence['biomarkers']).toEqual(['EGFR negative 2025-03-28']);
    expect(f.explanation.en).toContain('restricted payment scope');
  });

  it('names a second-line use of a first-line drug with the line read', () => {
    const findings = run(check, lung([egfr19], { lineOfTherapy: 2 }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({ kinds: ['line_of_therapy'], lineOfTherapy: '2' });
  });

  it('passes a line whose restriction holds, and one a restricted-use approval covers', () => {
    expect(run(check, lung([egfr19], { lineOfTherapy: 1 }))).toEqual([]);
    const approval = approvalFor('restricted_use', {
      code: DACOMITINIB.code,
      catalogItemId: 'XL01EB/达可替尼片',
      name: DACOMITINIB.name,
    });
    expect(run(check, lung([egfr19], { lineOfTherapy: 2 }), { approvals: [approval] })).toEqual([]);
  });
});

describe('biomarker_required', () => {
  const check = {
    kind: 'biomarker_required',
    drugs: [
      {
        codes: ['XL01EB'],
        test: 'EGFR',
        result: 'positive',
        variants: ['19号外显子缺失', 'L858R'],
      },
    ],
  } satisfies RuleWire['check'];
  const window = { kind: 'days', days: 365 } as const;
  const egfr = (date: string, result: string, variant?: string): Json => ({
    kind: 'biomarker',
    test: 'EGFR',
    result,
    ...(variant === undefined ? {} : { variant }),
    date,
  });
  const targeted = (evidence: readonly Json[], date = '2025-04-10') =>
    visit(date, [line('L1', DACOMITINIB, date, '150.00', {}, '30')], { evidence });

  it('finds a targeted drug without any biomarker result', () => {
    const findings = run(check, targeted([]), { window });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      required: ['EGFR positive (19号外显子缺失 / L858R)'],
      found: [],
      windowFrom: '2024-04-11',
      windowTo: '2025-04-10',
    });
  });

  it('finds a result of the wrong variant, a negative one, or one dated after the line', () => {
    for (const evidence of [
      egfr('2025-03-28', 'positive', 'T790M'),
      egfr('2025-03-28', 'negative'),
      egfr('2025-04-11', 'positive', 'exon 19 deletion'),
    ]) {
      const findings = run(check, targeted([evidence]), { window });
      expect(findings).toHaveLength(1);
    }
    const wrong = run(check, targeted([egfr('2025-03-28', 'positive', 'T790M')]), { window });
    expect(wrong[0]?.evidence['found']).toEqual(['EGFR positive T790M 2025-03-28']);
  });

  it('accepts the result however the test and variant are spelt', () => {
    for (const evidence of [
      egfr('2025-03-28', 'positive', 'exon 19 deletion'),
      { ...egfr('2025-03-28', 'positive', '21号外显子L858R置换'), test: 'egfr' },
      egfr('2025-04-10', 'positive', 'ex19del'),
    ]) {
      expect(run(check, targeted([evidence]), { window })).toEqual([]);
    }
  });

  it('needs no variant when the rule names none, and ignores lines of other drugs', () => {
    const anyPositive = {
      kind: 'biomarker_required',
      drugs: [{ codes: ['XL01EB'], test: 'EGFR' }],
    } satisfies RuleWire['check'];
    expect(run(anyPositive, targeted([egfr('2025-03-28', 'positive')]), { window })).toEqual([]);
    const other = visit('2025-04-10', [line('L1', AMLODIPINE, '2025-04-10', '12.00')]);
    expect(run(check, other, { window })).toEqual([]);
  });

  it("reads the result from the person's earlier claims within the window, not before it", () => {
    const tested = visit('2025-01-08', [line('T1', AMLODIPINE, '2025-01-08', '12.00')], {
      id: 'C-TEST-1',
      evidence: [egfr('2025-01-08', 'positive', 'exon 19 deletion')],
    });
    expect(run(check, targeted([]), { window, history: [tested] })).toEqual([]);
    // 400 days before the line: outside the 365-day window.
    const old = visit('2024-03-06', [line('T1', AMLODIPINE, '2024-03-06', '12.00')], {
      id: 'C-TEST-0',
      evidence: [egfr('2024-03-06', 'positive', 'exon 19 deletion')],
    });
    const findings = run(check, targeted([]), { window, history: [old] });
    expect(findings).toHaveLength(1);
    // An earlier contrary result is named with the claim it came from.
    const negative = visit('2025-01-08', [line('T1', AMLODIPINE, '2025-01-08', '12.00')], {
      id: 'C-TEST-2',
      evidence: [egfr('2025-01-08', 'negative')],
    });
    const named = run(check, targeted([]), { window, history: [negative] });
    expect(named[0]?.evidence).toMatchObject({
      found: ['EGFR negative 2025-01-08'],
      otherClaims: ['C-TEST-2'],
    });
  });
});

describe('primary_formulary', () => {
  const check = { kind: 'primary_formulary' } satisfies RuleWire['check'];
  const at = (institution: Json, item = ATORVASTATIN) =>
    visit('2025-04-10', [line('L1', item, '2025-04-10', '2.50', {}, '28')], { institution });

  it('finds a primary institution prescribing outside the primary-care formulary', () => {
    const findings = run(check, at(COMMUNITY));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      itemId: 'XC10AA/阿托伐他汀/口服常释剂型',
      tier: 'primary',
      outcome: 'needs_approval',
    });
  });

  it('passes formulary drugs, other tiers, and a line the lead hospital approved', () => {
    expect(run(check, at(COMMUNITY, AMLODIPINE))).toEqual([]);
    expect(run(check, at({}))).toEqual([]);
    const approval = approvalFor(
      'primary_care',
      {
        code: ATORVASTATIN.code,
        catalogItemId: 'XC10AA/阿托伐他汀/口服常释剂型',
        name: '阿托伐他汀',
      },
      true,
    );
    expect(run(check, at(COMMUNITY), { approvals: [approval] })).toEqual([]);
  });

  it('judges the tiers it names against the release formulary when given it', () => {
    const wider = {
      kind: 'primary_formulary',
      tiers: ['primary', 'secondary'],
    } satisfies RuleWire['check'];
    expect(run(wider, at(SECONDARY), { formulary: true })).toHaveLength(1);
    expect(run(wider, at(SECONDARY, AMLODIPINE), { formulary: true })).toEqual([]);
    expect(run(wider, at(COMMUNITY), { formulary: true })).toHaveLength(1);
  });
});

describe('long_prescription', () => {
  // PRODUCT.md §8: long prescriptions up to 1–2 months, 3 for some stable chronic conditions.
  const check = {
    kind: 'long_prescription',
    maxDays: 60,
    conditions: [{ diagnoses: ['I10', 'E11'], maxDays: 90 }],
  } satisfies RuleWire['check'];
  const rx = (days: number, diagnosis: string, type = 'outpatient') =>
    visit(
      '2025-04-10',
      [line('L1', AMLODIPINE, '2025-04-10', '0.50', { daysSupply: days }, '90')],
      {
        type,
        diagnoses: [{ code: diagnosis, role: 'principal' }],
        ...(type === 'inpatient' ? { dischargeDate: '2025-04-12' } : {}),
      },
    );

  it('finds a prescription over the general limit', () => {
    const findings = run(check, rx(61, 'J45.900'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      daysSupply: '61',
      maxDays: '60',
      chronicConditions: [],
    });
    expect(run(check, rx(60, 'J45.900'))).toEqual([]);
  });

  it('allows the longer limit for a named chronic condition, and not beyond it', () => {
    expect(run(check, rx(90, 'I10.x00'))).toEqual([]);
    expect(run(check, rx(90, 'E11.900', 'chronic_outpatient'))).toEqual([]);
    const findings = run(check, rx(91, 'I10.x00', 'pharmacy'));
    expect(findings[0]?.evidence).toMatchObject({
      maxDays: '90',
      chronicConditions: ['I10', 'E11'],
    });
  });

  it('reads condition prefixes as the catalog does: M81 is not the morphology code M81400/3', () => {
    const osteoporosis = {
      ...check,
      conditions: [{ diagnoses: ['M81'], maxDays: 90 }],
    } satisfies RuleWire['check'];
    expect(run(osteoporosis, rx(90, 'M81.000'))).toEqual([]);
    const findings = run(osteoporosis, rx(90, 'M81400/3'));
    expect(findings[0]?.evidence).toMatchObject({ maxDays: '60', chronicConditions: [] });
  });

  it('reviews the claims of its scenarios: not inpatient ones when it names outpatient and pharmacy', () => {
    // The demo rule's scenarios (outpatient, pharmacy): the rule, not the check, says which claims.
    const scenarios = ['outpatient', 'pharmacy'] as const;
    expect(run(check, rx(120, 'J45.900', 'inpatient'), { scenarios: [...scenarios] })).toEqual([]);
    expect(run(check, rx(120, 'J45.900', 'pharmacy'), { scenarios: [...scenarios] })).toHaveLength(
      1,
    );
    expect(run(check, rx(120, 'J45.900', 'inpatient'))).toHaveLength(1);
  });
});

describe('plan_cost_threshold', () => {
  // PRODUCT.md §8: a combination plan over 50,000 needs an approval.
  const check = {
    kind: 'plan_cost_threshold',
    items: ['XL01F', 'XL01BA'],
    threshold: '50000.00',
  } satisfies RuleWire['check'];
  const plan = (bevacizumab: string, pemetrexed: string, extra: Json = {}) =>
    visit('2025-04-10', [
      line('L1', AMLODIPINE, '2025-04-10', '12.00'),
      line('L2', BEVACIZUMAB, '2025-04-10', bevacizumab, extra),
      line('L3', PEMETREXED, '2025-04-10', pemetrexed),
    ]);

  it('finds a plan over the threshold without an approval, naming all its lines', () => {
    const findings = run(check, plan('30000.00', '20000.01'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.lineIds).toEqual(['L2', 'L3']);
    expect(findings[0]?.evidence).toMatchObject({
      total: '50000.01',
      threshold: '50000.00',
      lines: '2',
    });
  });

  it('passes a plan at the threshold, and one with an approval', () => {
    expect(run(check, plan('30000.00', '20000.00'))).toEqual([]);
    expect(run(check, plan('30000.00', '25000.00', { approvalRef: 'AP-PLAN-1' }))).toEqual([]);
  });
});

describe('daily_drug_cost', () => {
  // PRODUCT.md §8: a daily drug cost of 12,000 against the group's standard of 8,000 trips.
  const check = {
    kind: 'daily_drug_cost',
    groups: [
      { id: 'LUNG-CHEMO', name: '肺癌化疗', diagnoses: ['C34'], dailyStandard: '8000.00' },
      {
        id: 'LUNG-BREAST',
        name: '肺癌、乳腺癌',
        diagnoses: ['C34', 'C50'],
        dailyStandard: '20000.00',
      },
    ],
  } satisfies RuleWire['check'];
  const stay = (perDay: string, principal = 'C34.900', type = 'inpatient') =>
    visit(
      '2025-06-09',
      [
        line('L1', BEVACIZUMAB, '2025-06-09', perDay, {}, '2'),
        line('L2', PEMETREXED, '2025-06-10', perDay),
        { ...line('S1', AMLODIPINE, '2025-06-10', '9000.00'), kind: 'service' },
      ],
      {
        type,
        ...(type === 'inpatient' ? { dischargeDate: '2025-06-12' } : {}),
        diagnoses: [{ code: principal, role: 'principal' }],
      },
    );

  it('finds 12,000 a day against a standard of 8,000 (three days, drugs only)', () => {
    const findings = run(check, stay('12000.00'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.lineIds).toEqual(['L1', 'L2']);
    expect(findings[0]?.evidence).toMatchObject({
      group: 'LUNG-CHEMO',
      drugTotal: '36000.00',
      days: '3',
      dailyCost: '12000.00',
      dailyStandard: '8000.00',
    });
    expect(findings[0]?.explanation.en).toContain('12000.00');
  });

  it('passes a daily cost at the standard, and takes the first group the principal diagnosis matches', () => {
    expect(run(check, stay('8000.00'))).toEqual([]);
    // C50 is not C34: the second group's 20,000 applies (C34.900 is in both; the first wins).
    expect(run(check, stay('12000.00', 'C50.900'))).toEqual([]);
    expect(run(check, stay('21000.00', 'C50.900'))[0]?.evidence).toMatchObject({
      group: 'LUNG-BREAST',
    });
    expect(run(check, stay('12000.00', 'I10.x00'))).toEqual([]);
  });

  it('counts an outpatient visit as one day', () => {
    const findings = run(check, stay('3000.00', 'C34.900', 'outpatient'));
    expect(findings[0]?.evidence).toMatchObject({ days: '1', dailyCost: '9000.00' });
  });
});

describe('exit_rule', () => {
  // PRODUCT.md §8: stop the JAK inhibitor if DAS28 falls by less than 1.2 at 12 weeks, or ALT > 3× ULN.
  const check = {
    kind: 'exit_rule',
    items: ['XL04AF'],
    scores: [{ instrument: 'DAS28', minDrop: '1.2', afterDays: 84 }],
    labs: [{ test: 'ALT', maxTimesUpperLimit: '3' }],
  } satisfies RuleWire['check'];
  const window = { kind: 'days', days: 365 } as const;
  const das28 = (date: string, value: string): Json => ({
    kind: 'score',
    instrument: 'DAS28',
    value,
    date,
  });
  const alt = (date: string, value: string, upperLimitOfNormal?: string): Json => ({
    kind: 'lab',
    test: 'ALT',
    value,
    unit: 'U/L',
    ...(upperLimitOfNormal === undefined ? {} : { upperLimitOfNormal }),
    date,
  });
  const jak = (date: string, evidence: readonly Json[], id = `C-${date}`) =>
    visit(date, [line('L1', TOFACITINIB, date, '45.00', { daysSupply: 28 }, '56')], {
      id,
      diagnoses: [{ code: 'M06.900', role: 'principal' }],
      evidence,
    });
  const started = jak('2025-01-06', [das28('2025-01-06', '5.6')], 'C-START');

  it('finds a DAS28 drop under 1.2 twelve weeks after the therapy started on an earlier claim', () => {
    const findings = run(check, jak('2025-04-07', [das28('2025-04-07', '4.8')]), {
      window,
      history: [started],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      instrument: 'DAS28',
      therapyStart: '2025-01-06',
      baseline: '5.6',
      baselineDate: '2025-01-06',
      followUp: '4.8',
      drop: '0.8',
      minDrop: '1.2',
      afterDays: '84',
      otherClaims: ['C-START'],
    });
  });

  it('passes a drop of 1.2 or more, a follow-up before 12 weeks, and a therapy with no baseline', () => {
    const history = { window, history: [started] };
    expect(run(check, jak('2025-04-07', [das28('2025-04-07', '4.4')]), history)).toEqual([]);
    expect(run(check, jak('2025-04-07', [das28('2025-04-07', '4.2')]), history)).toEqual([]);
    // 83 days after the start: the 12-week mark has not come.
    expect(run(check, jak('2025-03-30', [das28('2025-03-30', '5.5')]), history)).toEqual([]);
    // The therapy starts on this claim: no follow-up yet.
    expect(run(check, jak('2025-04-07', [das28('2025-04-07', '5.5')]), { window })).toEqual([]);
    const noBaseline = jak('2025-01-06', [], 'C-START');
    expect(
      run(check, jak('2025-04-07', [das28('2025-04-07', '5.5')]), {
        window,
        history: [noBaseline],
      }),
    ).toEqual([]);
  });

  it('starts the therapy only within the window', () => {
    // The earlier claim is outside a 60-day window: the therapy starts on this claim.
    expect(
      run(check, jak('2025-04-07', [das28('2025-04-07', '5.5')]), {
        window: { kind: 'days', days: 60 },
        history: [started],
      }),
    ).toEqual([]);
  });

  it('finds ALT over 3× its upper limit, on this claim or an earlier one', () => {
    const findings = run(check, jak('2025-02-03', [alt('2025-02-03', '130', '40')]), {
      window,
      history: [started],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toMatchObject({
      test: 'ALT',
      value: '130',
      upperLimitOfNormal: '40',
      timesUpperLimit: '3.25',
      maxTimesUpperLimit: '3',
      otherClaims: [],
    });
    const labbed = jak('2025-02-03', [alt('2025-02-03', '130', '40')], 'C-LAB');
    const later = run(check, jak('2025-02-17', []), { window, history: [started, labbed] });
    expect(later[0]?.evidence).toMatchObject({ labDate: '2025-02-03', otherClaims: ['C-LAB'] });
  });

  it('passes ALT at 3×, a newer normal ALT, and a lab without an upper limit', () => {
    expect(run(check, jak('2025-02-03', [alt('2025-02-03', '120', '40')]), { window })).toEqual([]);
    const labbed = jak('2025-02-03', [alt('2025-02-03', '130', '40')], 'C-LAB');
    expect(
      run(check, jak('2025-02-17', [alt('2025-02-17', '35', '40')]), {
        window,
        history: [labbed],
      }),
    ).toEqual([]);
    expect(run(check, jak('2025-02-03', [alt('2025-02-03', '130')]), { window })).toEqual([]);
  });

  it('reads a malformed value as no evidence, never a crash', () => {
    const zeroLimit = jak('2025-02-03', [alt('2025-02-03', '130', '0')]);
    expect(run(check, zeroLimit, { window })).toEqual([]);
    const claim = jak('2025-04-07', [das28('2025-04-07', '4.8')]);
    const broken = {
      ...claim,
      evidence: claim.evidence.map((e) => ({ ...e, value: new Decimal(NaN) })),
    } as Claim;
    expect(run(check, broken, { window, history: [started] })).toEqual([]);
  });
});

describe('suspended_prescriber', () => {
  const check = {
    kind: 'suspended_prescriber',
    suspensions: [
      {
        prescriberId: 'D-0666',
        from: '2025-03-01',
        to: '2025-06-01',
        reason: '一年内三次违规 (3 violations in 2024)',
      },
      { prescriberId: 'D-0777', from: '2025-05-01' },
    ],
  } satisfies RuleWire['check'];
  const doctor = (id: string) => ({ prescriber: { id, title: 'attending' } });

  it("finds each line prescribed by a doctor while suspended, the line's or the attending's", () => {
    const claim = visit(
      '2025-04-10',
      [
        line('L1', AMLODIPINE, '2025-04-10', '12.00', doctor('D-0666')),
        line('L2', AMLODIPINE, '2025-04-10', '12.00', doctor('D-0101')),
        line('L3', ATORVASTATIN, '2025-04-10', '2.50'),
      ],
      { attendingPrescriber: { id: 'D-0666', title: 'attending' } },
    );
    const findings = run(check, claim);
    expect(findings.map((f) => f.lineIds)).toEqual([['L1'], ['L3']]);
    expect(findings[0]?.evidence).toMatchObject({
      prescriberId: 'D-0666',
      suspendedFrom: '2025-03-01',
      suspendedTo: '2025-06-01',
    });
    const open = visit('2026-01-10', [
      line('L1', AMLODIPINE, '2026-01-10', '12.00', doctor('D-0777')),
    ]);
    expect(run(check, open)[0]?.evidence['suspendedTo']).toBeNull();
  });

  it('passes lines before the suspension, from the day rights return, and other doctors', () => {
    for (const date of ['2025-02-28', '2025-06-01']) {
      const claim = visit(date, [line('L1', AMLODIPINE, date, '12.00', doctor('D-0666'))]);
      expect(run(check, claim)).toEqual([]);
    }
    expect(
      run(check, visit('2025-04-10', [line('L1', AMLODIPINE, '2025-04-10', '12.00')])),
    ).toEqual([]);
  });
});

describe('a rule set of PRODUCT.md §8 values, end to end', () => {
  const wire: readonly RuleWire[] = [
    ruleWire(
      { kind: 'plan_cost_threshold', items: ['XL01F', 'XL01BA'], threshold: '50000.00' },
      { code: 'PLAN-50K', action: 'hold', resultType: 'suspicious' },
    ),
    ruleWire(
      {
        kind: 'daily_drug_cost',
        groups: [
          { id: 'LUNG-CHEMO', name: '肺癌化疗', diagnoses: ['C34'], dailyStandard: '8000.00' },
        ],
      },
      { code: 'DAILY-8K', action: 'warn', resultType: 'suspicious', scenarios: ['inpatient'] },
    ),
    ruleWire(
      {
        kind: 'exit_rule',
        items: ['XL04AF'],
        scores: [{ instrument: 'DAS28', minDrop: '1.2', afterDays: 84 }],
        labs: [{ test: 'ALT', maxTimesUpperLimit: '3' }],
      },
      { code: 'JAK-EXIT', window: { kind: 'days', days: 365 } },
    ),
    ruleWire(
      {
        kind: 'long_prescription',
        maxDays: 60,
        conditions: [{ diagnoses: ['I10', 'E11'], maxDays: 90 }],
      },
      { code: 'LONG-RX', action: 'self_pay', scenarios: ['outpatient', 'pharmacy'] },
    ),
  ];
  const compiled = compileRuleSet(setOf(wire));

  it('gives each rule its findings, in rule order then line order', () => {
    const lung = visit(
      '2025-06-09',
      [
        line('L1', BEVACIZUMAB, '2025-06-09', '30000.00'),
        line('L2', PEMETREXED, '2025-06-10', '6000.00'),
      ],
      { type: 'inpatient', dischargeDate: '2025-06-12' },
    );
    const lungFindings = review(compiled, inputOf(lung));
    // 36,000 is under the plan threshold; 12,000 a day is over the 8,000 standard.
    expect(lungFindings.map((f) => f.rule.code)).toEqual(['DAILY-8K']);
    expect(lungFindings[0]).toMatchObject({
      action: 'warn',
      lineIds: ['L1', 'L2'],
      evidence: { dailyCost: '12000.00' },
    });

    const big = visit(
      '2025-06-09',
      [
        line('L1', BEVACIZUMAB, '2025-06-09', '30000.00'),
        line('L2', PEMETREXED, '2025-06-10', '21000.00'),
      ],
      { type: 'inpatient', dischargeDate: '2025-06-12' },
    );
    expect(review(compiled, inputOf(big)).map((f) => f.rule.code)).toEqual([
      'PLAN-50K',
      'DAILY-8K',
    ]);

    const start = visit('2025-01-06', [line('L1', TOFACITINIB, '2025-01-06', '45.00')], {
      id: 'C-START',
      diagnoses: [{ code: 'M06.900', role: 'principal' }],
      evidence: [{ kind: 'score', instrument: 'DAS28', value: '5.6', date: '2025-01-06' }],
    });
    const ra = visit(
      '2025-04-07',
      [
        line('L1', TOFACITINIB, '2025-04-07', '45.00', { daysSupply: 84 }, '168'),
        line('L2', AMLODIPINE, '2025-04-07', '0.50', { daysSupply: 120 }, '120'),
      ],
      {
        diagnoses: [
          { code: 'M06.900', role: 'principal' },
          { code: 'I10.x00', role: 'secondary' },
        ],
        evidence: [
          { kind: 'score', instrument: 'DAS28', value: '4.8', date: '2025-04-07' },
          {
            kind: 'lab',
            test: 'ALT',
            value: '150',
            unit: 'U/L',
            upperLimitOfNormal: '40',
            date: '2025-04-07',
          },
        ],
      },
    );
    const raFindings = review(compiled, inputOf(ra, { history: [start] }));
    expect(raFindings.map((f) => [f.rule.code, f.lineIds, f.rule.version])).toEqual([
      ['JAK-EXIT', ['L1'], 1],
      ['JAK-EXIT', ['L1'], 1],
      ['LONG-RX', ['L2'], 1],
    ]);
    expect(raFindings.map((f) => f.evidence['instrument'] ?? f.evidence['test'] ?? null)).toEqual([
      'DAS28',
      'ALT',
      null,
    ]);
    // The same claim and history give the same findings.
    expect(review(compiled, inputOf(ra, { history: [start] }))).toEqual(raFindings);
  });
});
