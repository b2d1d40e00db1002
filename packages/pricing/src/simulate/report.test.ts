import { Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Party, SHARE_PARTIES } from '../policy/policy.ts';
import {
  BREAKDOWNS,
  type SimulatedClaim,
  type SimulationReport,
  type SimulationSettlement,
  type SimulationSide,
  SimulationBuilder,
  percentOf,
  simulationReportJson,
  simulationReportSchema,
} from './report.ts';

const PAYERS: readonly Party[] = ['basic_fund', 'critical_illness', 'patient', 'hospital'];
const OUTCOMES = ['covered', 'self_pay', 'not_covered'] as const;

const lineArb = fc.record({
  code: fc.constantFrom('XA01', 'XB02', 'XC03', '001', '002'),
  outcome: fc.constantFrom(...OUTCOMES),
  payers: fc.array(fc.integer({ min: 0, max: 2_000_000 }), {
    minLength: PAYERS.length,
    maxLength: PAYERS.length,
  }),
});

interface LineArb {
  readonly code: string;
  readonly outcome: (typeof OUTCOMES)[number];
  readonly payers: readonly number[];
}

/** A settlement whose claim payers are the sum of its lines' (as the engine's are). */
function settlementOf(lines: readonly LineArb[]): SimulationSettlement {
  const total = new Map<Party, Money>();
  const settled = lines.map((l, i) => {
    const payers: Partial<Record<Party, Money>> = {};
    PAYERS.forEach((party, p) => {
      const m = Money.fromMinor(BigInt(l.payers[p] ?? 0));
      payers[party] = m;
      total.set(party, (total.get(party) ?? Money.zero()).add(m));
    });
    return { lineId: `L${i + 1}`, outcome: l.outcome, payers };
  });
  const payers = Object.fromEntries(
    SHARE_PARTIES.map((party) => [party, total.get(party) ?? Money.zero()]),
  ) as Record<Party, Money>;
  return { payers, lines: settled };
}

const REFUSED: SimulationSide = {
  ok: false,
  issues: [{ code: 'settlement.parameter_missing', severity: 'error', path: [], message: 'x' }],
};

const claimArb = fc
  .record({
    person: fc.integer({ min: 0, max: 6 }),
    institution: fc.constantFrom('H23010300001', 'H23010300002', 'H23010300003'),
    type: fc.constantFrom('outpatient', 'inpatient', 'pharmacy'),
    insuranceType: fc.constantFrom('employee', 'resident'),
    categories: fc.subarray(['retired', 'low_income', 'disabled']),
    baseline: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
    change: fc.array(lineArb, { minLength: 3, maxLength: 3 }),
    changed: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    refused: fc.constantFrom('none', 'none', 'none', 'none', 'baseline', 'candidate'),
  })
  .map((c) => {
    const candidate = c.baseline.map((l, i) => (c.changed[i] ? (c.change[i] ?? l) : l));
    return { ...c, candidateLines: candidate };
  });

type ClaimArb = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;

function simulated(c: ClaimArb, record: number, identical = false): SimulatedClaim {
  const lines = c.baseline.map((l, i) => ({ id: `L${i + 1}`, code: l.code }));
  const baseline: SimulationSide = { ok: true, value: settlementOf(c.baseline) };
  const candidate: SimulationSide = identical
    ? baseline
    : {
        ok: true,
        value: settlementOf(
          c.candidateLines.map((l, i) => ({ ...l, code: c.baseline[i]?.code ?? '' })),
        ),
      };
  return {
    record,
    line: record,
    year: 2025,
    claim: {
      id: `C-${record}`,
      type: c.type,
      person: {
        id: `P-${c.person}`,
        insuranceType: c.insuranceType,
        categories: c.categories,
      },
      institution: { code: c.institution },
      lines,
    },
    baseline: c.refused === 'baseline' && !identical ? REFUSED : baseline,
    candidate: c.refused === 'candidate' && !identical ? REFUSED : candidate,
  };
}

function reportOf(entries: readonly SimulatedClaim[], budget?: string): SimulationReport {
  const b = new SimulationBuilder();
  for (const e of entries) b.add(e);
  return b.report({ budget });
}

const claimsArb = fc.array(claimArb, { minLength: 0, maxLength: 40 });

/** Every `change` member anywhere in the report. */
function changes(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) changes(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'change' && typeof v === 'string') out.push(v);
      else changes(v, out);
    }
  }
  return out;
}

const add = (a: string, b: string) => Money.of(a).add(Money.of(b)).toFixedString();

describe('SimulationBuilder', () => {
  it('identical baseline and candidate: every change is zero', () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const report = reportOf(
          claims.map((c, i) => simulated(c, i + 1, true)),
          '1000000.00',
        );
        expect(simulationReportSchema.parse(report)).toEqual(report);
        expect(changes(report).every((c) => c === '0.00')).toBe(true);
        expect(report.outOfPocket.more + report.outOfPocket.less).toBe(0);
        expect(report.outOfPocket.same).toBe(report.outOfPocket.people);
        expect(Object.values(report.outOfPocket.percentiles).every((p) => p === '0.00')).toBe(true);
        expect(report.outOfPocket.largest).toEqual([]);
        expect(report.coverageChanges.count).toBe(0);
        expect(report.budget.changePercent).toBe('0.00');
        expect(report.complete).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('totals per payer equal the sum over each breakdown (institutions, types, items…)', () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const report = reportOf(claims.map((c, i) => simulated(c, i + 1)));
        for (const name of BREAKDOWNS) {
          const summed: Record<string, { baseline: string; candidate: string; change: string }> =
            {};
          for (const group of Object.values(report.breakdowns[name])) {
            for (const [party, v] of Object.entries(group.payers)) {
              const s = summed[party] ?? { baseline: '0.00', candidate: '0.00', change: '0.00' };
              summed[party] = {
                baseline: add(s.baseline, v.baseline),
                candidate: add(s.candidate, v.candidate),
                change: add(s.change, v.change),
              };
            }
          }
          for (const [party, v] of Object.entries(report.payers)) {
            expect(
              summed[party] ?? { baseline: '0.00', candidate: '0.00', change: '0.00' },
            ).toEqual(v);
          }
        }
        let total = Money.zero();
        for (const v of Object.values(report.payers)) total = total.add(Money.of(v.change));
        expect(total.toFixedString()).toBe(report.total.change);
        expect(report.claims.read).toBe(claims.length);
        expect(report.claims.compared + report.claims.refused).toBe(claims.length);
      }),
      { numRuns: 100 },
    );
  });

  it('the merge of two partial reports equals the report of the whole, in any order', () => {
    fc.assert(
      fc.property(
        claimsArb,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        // A budget is a positive amount (zero and less are refused).
        fc
          .string({ unit: fc.constantFrom('1', '2', '3', '0'), minLength: 1, maxLength: 8 })
          .filter((digits) => /[1-9]/u.test(digits)),
        (claims, split, budget) => {
          const entries = claims.map((c, i) => simulated(c, i + 1));
          const whole = simulationReportJson(reportOf(entries, `${budget}.00`));
          const a = new SimulationBuilder();
          const b = new SimulationBuilder();
          for (const [i, e] of entries.entries()) (split[i] ? a : b).add(e);
          // Through a copy of b's state (a worker's part crosses threads by structured clone).
          const merged = a.merge(structuredClone(b.toState())).report({ budget: `${budget}.00` });
          expect(simulationReportJson(merged)).toBe(whole);
          const reversed = reportOf([...entries].reverse(), `${budget}.00`);
          expect(simulationReportJson(reversed)).toBe(whole);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names refusals and keeps the report marked incomplete', () => {
    const b = new SimulationBuilder();
    b.refuseInput({ record: 3, line: 3 }, [
      { code: 'input.malformed_json', severity: 'error', path: [], message: 'line 3 is not JSON' },
    ]);
    const report = b.report();
    expect(report.complete).toBe(false);
    expect(report.refusals.first).toEqual([
      {
        claimId: null,
        code: 'input.malformed_json',
        line: 3,
        message: 'line 3 is not JSON',
        record: 3,
        side: 'input',
      },
    ]);
  });

  it('refuses a budget of zero or less, naming it', () => {
    for (const budget of ['0.00', '-1.00']) {
      expect(() => new SimulationBuilder().report({ budget })).toThrow(
        /^budget: must be a positive/u,
      );
    }
  });

  it('gives the budget impact as exact percentages', () => {
    expect(percentOf(12_345n, 1_000_000n)).toBe('1.23');
    expect(percentOf(12_350n, 1_000_000n)).toBe('1.24');
    expect(percentOf(-12_350n, 1_000_000n)).toBe('-1.24');
    expect(percentOf(1n, 3n)).toBe('33.33');
  });
});
