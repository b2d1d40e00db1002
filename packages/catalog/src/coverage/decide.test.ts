import { describe, expect, it } from 'vitest';
import {
  COMMUNITY,
  itemNamed,
  lungCancerClaim,
  nrdl2024,
  nrdlIndex,
} from '../__fixtures__/nrdl.ts';
import { Decimal } from '@openpayer/domain';
import { type CoverageContext, decideClaim, decideCoverage } from './decide.ts';
import { type UsageHistory, hasPrefix } from './evaluate.ts';

/** The context of a claim's first line, as decideClaim would build it, without an index. */
function contextOf(
  claim: ReturnType<typeof lungCancerClaim>,
  extra: Partial<CoverageContext> = {},
): CoverageContext {
  const line = claim.lines[0]!;
  return { person: claim.person, institution: claim.institution, claim, line, ...extra };
}

describe('decideCoverage on the real 2024 list', () => {
  const dacomitinib = itemNamed('达可替尼片'); // 乙; 限 EGFR 19/21 突变 … 非小细胞肺癌 … 一线治疗

  it('covers an EGFR-targeted drug for EGFR-mutation-positive NSCLC, with the class-B first self-pay', () => {
    const decision = decideCoverage(dacomitinib, contextOf(lungCancerClaim()));
    expect(decision.outcome).toBe('covered_first_self_pay');
    expect(decision.firstSelfPay).toBe(true);
    expect(decision.review).toBe(false);
    expect(decision.restrictions.map((r) => [r.kind, r.result])).toEqual(
      expect.arrayContaining([
        ['evidence', 'met'],
        ['diagnosis', 'met'],
        ['line_of_therapy', 'met'],
      ]),
    );
  });

  it('makes the same drug self-pay for a patient without the EGFR evidence, saying why', () => {
    const claim = lungCancerClaim((c) => {
      c.evidence = [];
    });
    const decision = decideCoverage(dacomitinib, contextOf(claim));
    expect(decision.outcome).toBe('self_pay');
    expect(decision.reasons).toMatchObject([
      { code: 'coverage.restriction_not_met', data: { failing: ['restriction.evidence.missing'] } },
    ]);
    expect(decision.restrictions.find((r) => r.kind === 'evidence')).toMatchObject({
      result: 'not_met',
      code: 'restriction.evidence.missing',
    });
  });

  it('makes it self-pay for EGFR wild-type, and for a diagnosis other than lung cancer', () => {
    const wildType = lungCancerClaim((c) => {
      c.evidence = [{ kind: 'biomarker', test: 'egfr', result: 'negative', date: '2025-03-28' }];
    });
    expect(
      decideCoverage(dacomitinib, contextOf(wildType)).restrictions.find(
        (r) => r.kind === 'evidence',
      )?.code,
    ).toBe('restriction.evidence.contrary');
    const breast = lungCancerClaim((c) => {
      c.diagnoses = [{ code: 'C50.900', role: 'principal' }];
    });
    const decision = decideCoverage(dacomitinib, contextOf(breast));
    expect(decision.outcome).toBe('self_pay');
    expect(decision.restrictions.find((r) => r.kind === 'diagnosis')?.code).toBe(
      'restriction.diagnosis.no_matching_diagnosis',
    );
  });

  it('flags for review when the claim does not say the line of therapy', () => {
    const claim = lungCancerClaim((c) => {
      delete (c.lines[0] as { lineOfTherapy?: number }).lineOfTherapy;
    });
    const decision = decideCoverage(dacomitinib, contextOf(claim));
    expect(decision.outcome).toBe('covered_first_self_pay');
    expect(decision.review).toBe(true);
    expect(decision.reasons.map((r) => r.code)).toContain('coverage.review_needed');
  });

  it('covers an alternative of a numbered restriction when any one alternative holds (盐酸埃克替尼片)', () => {
    const icotinib = itemNamed('盐酸埃克替尼片');
    expect(icotinib.indications.length).toBeGreaterThanOrEqual(2);
    const covered = decideCoverage(icotinib, contextOf(lungCancerClaim()));
    expect(covered.outcome).toBe('covered_first_self_pay');
    const withoutEvidence = decideCoverage(
      icotinib,
      contextOf(lungCancerClaim((c) => (c.evidence = []))),
    );
    expect(withoutEvidence.outcome).toBe('self_pay');
  });

  it('refuses a drug restricted to secondary-and-above institutions at a community centre', () => {
    const qingkailing = itemNamed('清开灵注射液'); // 甲, 限二级及以上医疗机构
    const atCommunity = lungCancerClaim((c) => {
      c.institution = { ...COMMUNITY };
    });
    const decision = decideCoverage(
      qingkailing,
      contextOf(atCommunity, { primaryCareFormulary: nrdlIndex().formulary }),
    );
    expect(decision.outcome).toBe('self_pay');
    expect(decision.restrictions).toMatchObject([
      {
        kind: 'institution_tier',
        result: 'not_met',
        code: 'restriction.institution_tier.below_minimum',
      },
    ]);
    expect(decideCoverage(qingkailing, contextOf(lungCancerClaim())).outcome).toBe('covered');
  });

  it('does not cover a negotiated drug outside its agreement window', () => {
    const icotinib = itemNamed('盐酸埃克替尼片'); // agreement 2024-01-01 … 2025-12-31
    expect(icotinib.agreement).toEqual({ start: '2024-01-01', end: '2026-01-01' });
    const after = lungCancerClaim((c) => {
      c.admissionDate = '2026-01-05';
      c.lines[0]!.date = '2026-01-05';
    });
    const decision = decideCoverage(icotinib, contextOf(after));
    expect(decision.outcome).toBe('not_covered');
    expect(decision.reasons).toMatchObject([
      { code: 'coverage.outside_agreement_window', path: ['date'] },
    ]);
    const lastDay = lungCancerClaim((c) => {
      c.lines[0]!.date = '2025-12-31';
    });
    expect(decideCoverage(icotinib, contextOf(lastDay)).outcome).toBe('covered_first_self_pay');
  });

  it('gives class-A items plain coverage and class-B items the first self-pay flag', () => {
    const borax = itemNamed('复方硼砂'); // 甲, no restriction
    const gefitinib = itemNamed('吉非替尼'); // 乙, no restriction
    expect(decideCoverage(borax, contextOf(lungCancerClaim()))).toMatchObject({
      outcome: 'covered',
      firstSelfPay: false,
      coverageClass: 'A',
    });
    expect(decideCoverage(gefitinib, contextOf(lungCancerClaim()))).toMatchObject({
      outcome: 'covered_first_self_pay',
      firstSelfPay: true,
      coverageClass: 'B',
    });
    const everyB = nrdl2024().release.items.filter(
      (i) => i.coverageClass === 'B' && i.restrictionText === null && i.agreement === null,
    );
    for (const item of everyB.slice(0, 200)) {
      expect(decideCoverage(item, contextOf(lungCancerClaim())).firstSelfPay, item.id).toBe(true);
    }
  });

  it('refuses a work-injury-only drug to a basic medical insurance claim and covers it under work injury', () => {
    const item = nrdl2024().release.items.find((i) =>
      i.restrictions.some((r) => r.kind === 'scheme' && r.schemes.includes('work_injury')),
    );
    expect(item).toBeDefined();
    expect(decideCoverage(item, contextOf(lungCancerClaim())).outcome).toBe('self_pay');
    const workInjury = lungCancerClaim((c) => {
      c.scheme = 'work_injury';
    });
    expect(['covered', 'covered_first_self_pay']).toContain(
      decideCoverage(item, contextOf(workInjury)).outcome,
    );
  });

  it('does not cover a code that is not in the catalog and suggests same-class alternatives', () => {
    const decision = decideCoverage(
      undefined,
      contextOf(lungCancerClaim(), {
        alternatives: () => nrdlIndex().alternatives(undefined, 'XL01EBZ999A001010100001'),
      }),
    );
    expect(decision.outcome).toBe('not_covered');
    expect(decision.reasons).toMatchObject([{ code: 'coverage.not_in_catalog' }]);
    expect(decision.alternatives.length).toBeGreaterThan(0);
    for (const id of decision.alternatives) expect(id.startsWith('XL01EB/')).toBe(true);
  });

  it('needs the lead hospital’s approval for a drug outside the primary-care formulary at a community centre', () => {
    const gefitinib = itemNamed('吉非替尼'); // 乙: outside the demo formulary (甲 of the regular parts)
    const atCommunity = lungCancerClaim((c) => {
      c.institution = { ...COMMUNITY };
    });
    const decision = decideCoverage(
      gefitinib,
      contextOf(atCommunity, { primaryCareFormulary: nrdlIndex().formulary }),
    );
    expect(decision.outcome).toBe('needs_approval');
    expect(decision.reasons).toMatchObject([{ code: 'coverage.outside_primary_care_formulary' }]);
  });
});

describe('hasPrefix', () => {
  it('matches a category prefix only at the category boundary', () => {
    expect(hasPrefix('C34.900', 'C34')).toBe(true);
    expect(hasPrefix('C34', 'C34')).toBe(true);
    expect(hasPrefix('E11.301', 'E11.3')).toBe(true);
    expect(hasPrefix('M81400/3', 'M81')).toBe(false);
    expect(hasPrefix('C340', 'C34')).toBe(false);
  });
});

describe('course and quantity limits across claims', () => {
  const escin = nrdlIndex().item('XC05/七叶皂苷/注射剂')!; // 支付不超过10天。
  const history = (daysUsed: number, quantity: string): UsageHistory => ({
    daysUsed: () => daysUsed,
    quantityInPeriod: () => new Decimal(quantity),
  });

  it('counts the days already paid in the course before this line', () => {
    expect(escin.restrictions).toMatchObject([{ kind: 'course', maxDays: 10 }]);
    const sevenDays = lungCancerClaim((c) => {
      c.lines[0]!.daysSupply = 7;
    });
    expect(decideCoverage(escin, contextOf(sevenDays)).outcome).not.toBe('self_pay');
    expect(
      decideCoverage(escin, contextOf(sevenDays, { history: history(3, '0') })).outcome,
    ).not.toBe('self_pay');
    const over = decideCoverage(escin, contextOf(sevenDays, { history: history(4, '0') }));
    expect(over.outcome).toBe('self_pay');
    expect(over.restrictions).toMatchObject([{ code: 'restriction.course.exceeded' }]);
  });

  it('counts the quantity already paid in the period for a quantity limit', () => {
    const limited = {
      ...itemNamed('复方硼砂'),
      restrictions: [
        {
          kind: 'quantity' as const,
          source: 'manual' as const,
          text: '每月最多支付60',
          maxQuantity: '60',
          periodDays: 30,
        },
      ],
    };
    const claim = lungCancerClaim(); // quantity 30
    expect(decideCoverage(limited, contextOf(claim, { history: history(0, '30') })).outcome).toBe(
      'covered',
    );
    const decision = decideCoverage(limited, contextOf(claim, { history: history(0, '30.5') }));
    expect(decision.restrictions).toMatchObject([
      { result: 'not_met', code: 'restriction.quantity.exceeded' },
    ]);
  });

  it('cannot tell an age when the service date is before the birth date, instead of failing', () => {
    const child = itemNamed('水合氯醛灌肠剂'); // 限儿童。
    const claim = lungCancerClaim((c) => {
      c.person.birthDate = '2026-01-01';
    });
    const decision = decideCoverage(child, contextOf(claim));
    expect(decision.restrictions.find((r) => r.kind === 'age')?.code).toBe(
      'restriction.age.unknown',
    );
    expect(decision.review).toBe(true);
  });
});

describe('decideClaim resolves lines through the index', () => {
  it('applies rule-base restrictions by national code: 阿帕他胺片 is for men', () => {
    const claim = lungCancerClaim((c) => {
      c.person.sex = 'female';
      c.diagnoses = [{ code: 'C61.x00', role: 'principal' }];
      c.lines[0] = { ...c.lines[0]!, code: 'XL02BBA326A001010102180', name: '阿帕他胺片' };
    });
    const [first] = decideClaim(nrdlIndex(), claim);
    expect(first?.decision.itemId).toBe('XL02B/阿帕他胺片');
    expect(first?.decision.matchedBy).toBe('code');
    expect(first?.decision.outcome).toBe('self_pay');
    expect(first?.decision.restrictions).toContainEqual(
      expect.objectContaining({
        kind: 'sex',
        source: 'rule_base',
        result: 'not_met',
        code: 'restriction.sex.mismatch',
      }),
    );
  });

  it('finds an item by the institution’s local code, by a new code of a known generic, and by name', () => {
    const viaLocal = lungCancerClaim((c) => {
      c.lines[0] = {
        ...c.lines[0]!,
        code: 'XZ99ZZZ999A001010100001',
        localCode: 'YP-0001',
        name: '阿帕他胺片',
      };
    });
    expect(decideClaim(nrdlIndex(), viaLocal)[0]?.decision).toMatchObject({
      itemId: 'XL02B/阿帕他胺片',
      matchedBy: 'code',
    });
    const newManufacturer = lungCancerClaim((c) => {
      c.lines[0] = { ...c.lines[0]!, code: 'XL02BBA326A001019999999', name: '阿帕他胺片' };
    });
    expect(decideClaim(nrdlIndex(), newManufacturer)[0]?.decision).toMatchObject({
      itemId: 'XL02B/阿帕他胺片',
      matchedBy: 'generic',
    });
    const byName = decideClaim(nrdlIndex(), lungCancerClaim())[0]?.decision;
    expect(byName).toMatchObject({ itemId: 'XL01EB/达可替尼片', matchedBy: 'name', review: true });
    expect(byName?.reasons.map((r) => r.code)).toContain('coverage.matched_by_name');
  });

  it('is deterministic: the same claim decided twice gives the same decisions', () => {
    const claim = lungCancerClaim();
    expect(JSON.stringify(decideClaim(nrdlIndex(), claim))).toBe(
      JSON.stringify(decideClaim(nrdlIndex(), lungCancerClaim())),
    );
  });
});
