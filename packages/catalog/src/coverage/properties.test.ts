import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lungCancerClaim, nrdl2024, nrdlIndex } from '../__fixtures__/nrdl.ts';
import { decideCoverage } from './decide.ts';

const items = nrdl2024().release.items;
const tiers = ['primary', 'secondary', 'tertiary'] as const;
const diagnoses = [
  'C34.900',
  'C50.900',
  'E11.900',
  'I10.x00',
  'K25.900',
  'C61.x00',
  'H35.300',
  'B20.000',
];

/** Random contexts over every real entry: person, institution tier, diagnosis, evidence, date. */
const caseArb = fc.record({
  index: fc.integer({ min: 0, max: items.length - 1 }),
  tier: fc.constantFrom(...tiers),
  sex: fc.constantFrom('male' as const, 'female' as const),
  birthYear: fc.integer({ min: 1930, max: 2024 }),
  diagnosis: fc.constantFrom(...diagnoses),
  egfr: fc.constantFrom('positive' as const, 'negative' as const, null),
  inpatient: fc.boolean(),
  scheme: fc.constantFrom('medical' as const, 'work_injury' as const, 'maternity' as const),
  date: fc.constantFrom('2025-03-01', '2025-12-31', '2026-06-30', '2027-02-01'),
  lineOfTherapy: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

describe('coverage decisions over the whole real list (property)', () => {
  it('always decide, consistently with the class, the window and the restriction results', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const item = items[c.index]!;
        const claim = lungCancerClaim((w) => {
          w.type = c.inpatient ? 'inpatient' : 'outpatient';
          if (c.inpatient) w.dischargeDate = c.date;
          w.scheme = c.scheme;
          w.person.sex = c.sex;
          w.person.birthDate = `${c.birthYear}-06-15`;
          w.institution = { ...w.institution, tier: c.tier };
          w.diagnoses = [{ code: c.diagnosis, role: 'principal' }];
          w.evidence =
            c.egfr === null
              ? []
              : [{ kind: 'biomarker', test: 'EGFR', result: c.egfr, date: '2025-01-02' }];
          w.admissionDate = c.date;
          w.lines[0] = { ...w.lines[0]!, date: c.date, lineOfTherapy: c.lineOfTherapy };
          if (c.lineOfTherapy === undefined)
            delete (w.lines[0] as { lineOfTherapy?: number }).lineOfTherapy;
        });
        const decide = () =>
          decideCoverage(item, {
            person: claim.person,
            institution: claim.institution,
            claim,
            line: claim.lines[0]!,
            primaryCareFormulary: nrdlIndex().formulary,
            codeRestrictions: [],
          });
        const decision = decide();
        // Same input, same decision.
        expect(JSON.stringify(decide())).toBe(JSON.stringify(decision));
        const outside =
          item.agreement !== null &&
          (c.date < item.agreement.start ||
            (item.agreement.end !== null && c.date >= item.agreement.end));
        if (outside) expect(decision.outcome).toBe('not_covered');
        if (decision.outcome === 'covered_first_self_pay') expect(item.coverageClass).toBe('B');
        if (decision.outcome === 'covered') expect(item.coverageClass).toBe('A');
        expect(decision.firstSelfPay).toBe(decision.outcome === 'covered_first_self_pay');
        if (decision.outcome === 'self_pay') {
          expect(decision.restrictions.some((r) => r.result === 'not_met')).toBe(true);
        }
        // Under review: a restriction it cannot tell, or restriction text that was not read.
        if (decision.outcome === 'covered' || decision.outcome === 'covered_first_self_pay') {
          expect(decision.unparsed).toEqual(item.unparsed);
          if (item.unparsed.length > 0) expect(decision.review).toBe(true);
        }
        if (decision.review && decision.unparsed.length === 0) {
          expect(decision.restrictions.some((r) => r.result === 'cannot_tell')).toBe(true);
        }
        expect(decision.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
