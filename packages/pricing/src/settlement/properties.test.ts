import { Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  demoPolicyWire,
  policyFrom,
} from '../__fixtures__/harness.ts';
import { SHARE_PARTIES } from '../policy/policy.ts';
import { MONEY_ACCUMULATORS } from './accumulators.ts';
import { reverse, settle } from './settle.ts';
import { encodeSettlement, encodeSettlementBySchema } from './wire.ts';

const policy = policyFrom(demoPolicyWire());

/** Real entries and their codes: class A, class B (inpatient only), B with a payment standard, out of catalog. */
const ITEMS = [
  { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂' },
  { code: 'XB05BAF705B002010101949', name: '复方氨基酸注射液(18AA-Ⅴ-SF)' },
  { code: 'XC01EBC109B001010102049', name: '注射用重组人脑利钠肽', daysSupply: 3 },
  { code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
  { code: 'XL01XXA999B001010100001', name: 'CAR-T（演示编码）' },
] as const;

const lineArb = fc.record({
  item: fc.integer({ min: 0, max: ITEMS.length - 1 }),
  quantity: fc.integer({ min: 1, max: 50 }),
  cents: fc.integer({ min: 1, max: 5_000_000 }),
});
const claimArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 15 }),
  insuranceType: fc.constantFrom('employee' as const, 'resident' as const),
  tier: fc.constantFrom('primary' as const, 'secondary' as const, 'tertiary' as const),
  categories: fc.subarray(['low_income', 'rare_disease', 'extreme_poverty'] as const),
  outOfRegion: fc.boolean(),
});

type ClaimCase = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: ClaimCase, id = 'C-P-1', reorder = false) {
  const lines = c.lines.map((l, i) => {
    const item = ITEMS[l.item]!;
    const unit = Money.fromMinor(BigInt(l.cents));
    return {
      id: `L${String(i + 1).padStart(2, '0')}`,
      kind: 'drug' as const,
      code: item.code,
      name: item.name,
      quantity: String(l.quantity),
      unitPrice: unit.toFixedString(),
      amount: unit.multiply(Money.of(String(l.quantity)).amount).toFixedString(),
      date: '2025-06-10',
      ...('daysSupply' in item ? { daysSupply: item.daysSupply } : {}),
    };
  });
  return claimFrom({
    id,
    person: { insuranceType: c.insuranceType, categories: c.categories },
    institution: c.outOfRegion
      ? { code: 'H11010500077', name: '北京示范医院', tier: c.tier, region: '110105' }
      : { tier: c.tier },
    diagnoses: [{ code: 'I50.900', role: 'principal' }],
    lines: reorder ? [...lines].reverse() : lines,
  });
}

describe('settlement invariants (property)', () => {
  it('parts sum exactly to the total, no share is negative, and line order does not matter', () => {
    fc.assert(
      fc.property(claimArb, (c) => {
        const claim = build(c);
        const accumulators = accumulatorsFrom(claim, {});
        const result = settle(claim, { policy, catalog: catalogIndex(), accumulators });
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        const s = result.value;
        const sum = SHARE_PARTIES.reduce((a, p) => a.add(s.payers[p]), Money.zero());
        expect(sum.equals(s.total)).toBe(true);
        for (const p of SHARE_PARTIES) expect(s.payers[p].isNegative(), p).toBe(false);
        for (const line of s.lines) {
          for (const m of Object.values(line.payers)) expect(m.isNegative()).toBe(false);
        }
        const reordered = settle(build(c, 'C-P-1', true), {
          policy,
          catalog: catalogIndex(),
          accumulators,
        });
        if (!reordered.ok) throw new Error('reordered failed');
        // The fast encoder gives exactly the schema's encoding.
        expect(JSON.stringify(encodeSettlement(s))).toBe(
          JSON.stringify(encodeSettlementBySchema(s)),
        );
        expect(encodeSettlement(reordered.value).payers).toEqual(encodeSettlement(s).payers);
        expect(encodeSettlement(reordered.value).accumulatorsAfter).toEqual(
          encodeSettlement(s).accumulatorsAfter,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('never gives a small line more than its amount across the layers (a case fast-check found)', () => {
    // Three layers on a 0.03 line: rounded independently, each gave it its leftover fen (0.02 +
    // 0.01 + 0.01), and the patient's part of the line was −0.01.
    const claim = build({
      lines: [
        { item: 0, quantity: 14, cents: 252329 },
        { item: 0, quantity: 3, cents: 1 },
        { item: 0, quantity: 42, cents: 46571 },
      ],
      insuranceType: 'resident',
      tier: 'secondary',
      categories: ['low_income'],
      outOfRegion: false,
    });
    const result = settle(claim, {
      policy,
      catalog: catalogIndex(),
      accumulators: accumulatorsFrom(claim, {}),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(encodeSettlement(result.value).lines.find((l) => l.lineId === 'L02')?.payers).toEqual({
      basic_fund: '0.02',
      critical_illness: '0.01',
      patient: '0.00',
    });
    for (const line of result.value.lines) {
      const parts = Object.values(line.payers);
      expect(parts.every((m) => !m.isNegative())).toBe(true);
      expect(parts.reduce((a, m) => a.add(m), Money.zero()).equals(line.amount)).toBe(true);
    }
    expect(encodeSettlement(result.value).payers).toMatchObject({
      basic_fund: '36000.14',
      critical_illness: '7400.75',
      medical_assistance: '10336.52',
      patient: '1148.50',
    });
  });

  it('never lets the basic fund exceed the annual cap across a sequence of claims, and reversal restores the accumulators', () => {
    fc.assert(
      fc.property(fc.array(claimArb, { minLength: 1, maxLength: 6 }), (cases) => {
        const first = build({ ...(cases[0] as ClaimCase), categories: [] }, 'C-S-0');
        let acc = accumulatorsFrom(first, {});
        const history: { settlement: Parameters<typeof reverse>[0]; before: typeof acc }[] = [];
        cases.forEach((c, i) => {
          // rare_disease brings the demo's CAR-T sharing rule, whose fund share is outside the cap.
          const categories = c.categories.filter((k) => k === 'rare_disease');
          const claim = build({ ...c, insuranceType: 'resident', categories }, `C-S-${i}`);
          const result = settle(claim, { policy, catalog: catalogIndex(), accumulators: acc });
          if (!result.ok) throw new Error(JSON.stringify(result.issues));
          history.push({ settlement: result.value, before: acc });
          acc = result.value.accumulatorsAfter;
          // Resident cap in the demo policy: 200,000.00 (sharing is outside the cap).
          expect(acc.fundPaid.lessThanOrEqual(Money.of('200000.00'))).toBe(true);
          // Everything the basic fund paid is in the accumulators, within the cap or outside it.
          const { money } = result.value.delta;
          expect(money.fundPaid.add(money.sharingFundPaid).toFixedString()).toBe(
            result.value.payers.basic_fund.toFixedString(),
          );
        });
        // Reverse in the opposite order: every step lands exactly on the figures before it.
        for (const { settlement, before } of [...history].reverse()) {
          acc = reverse(settlement, acc);
          for (const k of MONEY_ACCUMULATORS) expect(acc[k].equals(before[k]), k).toBe(true);
          expect(acc.admissions).toBe(before.admissions);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('gives byte-identical output for the same input, and the same result when settled again after a reversal', () => {
    const claim = build({
      lines: [
        { item: 0, quantity: 10, cents: 12345 },
        { item: 1, quantity: 3, cents: 99999 },
      ],
      insuranceType: 'employee',
      tier: 'tertiary',
      categories: [],
      outOfRegion: false,
    });
    const accumulators = accumulatorsFrom(claim, { admissions: 1, fundPaid: '1234.56' });
    const a = settle(claim, { policy, catalog: catalogIndex(), accumulators });
    const b = settle(claim, { policy, catalog: catalogIndex(), accumulators });
    if (!a.ok || !b.ok) throw new Error('settle failed');
    expect(JSON.stringify(encodeSettlement(a.value))).toBe(
      JSON.stringify(encodeSettlement(b.value)),
    );
    const restored = reverse(a.value, a.value.accumulatorsAfter);
    const again = settle(claim, { policy, catalog: catalogIndex(), accumulators: restored });
    if (!again.ok) throw new Error('settle failed');
    expect(JSON.stringify(encodeSettlement(again.value))).toBe(
      JSON.stringify(encodeSettlement(a.value)),
    );
  });
});
