import { readFileSync } from 'node:fs';
import {
  type CalendarDate,
  Decimal,
  FEN_HALF_UP,
  Money,
  Ratio,
  type RoundingRule,
  type Technique,
} from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy, policySchema } from '../policy/policy.ts';
import {
  type ServiceUnitInput,
  type ServiceUnitRule,
  caseAddOnPayment,
  findServiceUnitRule,
  serviceUnitPayment,
} from './service-units.ts';

interface UnitCase {
  name: string;
  input: {
    date: string;
    charged: Record<string, string>;
    coefficient?: string;
    consumables: {
      lineId: string;
      code: string;
      quantity: string;
      unitPrice: string;
      purchasePrice?: string;
    }[];
  };
  expect: {
    units: {
      unit: string;
      charged: string;
      recognised: string;
      paid: string;
      overStandard: string;
      overCap: boolean;
    }[];
    consumables: { lineId: string; charged: string; paid: string; markUp: string }[];
    totals: { charged: string; paid: string; overStandard: string; markUp: string };
    warnings: { code: string; path: (string | number)[] }[];
  };
}
interface AddOnCase {
  name: string;
  input: {
    date: string;
    technique?: Technique;
    procedures: { code: string; technique?: Technique }[];
  };
  expect: { addOns: string[]; total: string };
}
interface Fixture {
  source: string;
  rules: Partial<PolicyWire['parameters']>;
  serviceUnitCases: UnitCase[];
  addOnCases: AddOnCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/service-units.json', import.meta.url), 'utf8'),
) as Fixture;

const demoWire = (): PolicyWire =>
  JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;

function withRules(rules: Partial<PolicyWire['parameters']>) {
  const wire = demoWire();
  return loadPolicy({ ...wire, parameters: { ...wire.parameters, ...rules } });
}

function policyWith(rules: Partial<PolicyWire['parameters']>): Policy {
  const loaded = withRules(rules);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.value;
}

const date = (text: string) => text as CalendarDate;
const policy = policyWith(fixture.rules);
const gastric = policy.parameters.serviceUnits[0]!;

function inputOf(i: UnitCase['input']): ServiceUnitInput {
  return {
    date: date(i.date),
    charged: Object.fromEntries(Object.entries(i.charged).map(([u, a]) => [u, Money.of(a)])),
    coefficient: i.coefficient === undefined ? undefined : Ratio.of(i.coefficient),
    consumables: i.consumables.map((c) => ({
      lineId: c.lineId,
      code: c.code,
      quantity: new Decimal(c.quantity),
      unitPrice: Money.of(c.unitPrice),
      purchasePrice: c.purchasePrice === undefined ? undefined : Money.of(c.purchasePrice),
    })),
  };
}

describe('service-unit payment (PRODUCT.md §8 robotic gastric surgery)', () => {
  it.each(fixture.serviceUnitCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = serviceUnitPayment(gastric, inputOf(c.input), policy.rounding, 0);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const v = result.value;
    expect(
      v.units.map((u) => ({
        unit: u.unit,
        charged: u.charged.toFixedString(),
        recognised: u.recognised.toFixedString(),
        paid: u.paid.toFixedString(),
        overStandard: u.overStandard.toFixedString(),
        overCap: u.overCap,
      })),
    ).toEqual(c.expect.units);
    expect(
      v.consumables.map((l) => ({
        lineId: l.lineId,
        charged: l.charged.toFixedString(),
        paid: l.paid.toFixedString(),
        markUp: l.markUp.toFixedString(),
      })),
    ).toEqual(c.expect.consumables);
    expect({
      charged: v.totals.charged.toFixedString(),
      paid: v.totals.paid.toFixedString(),
      overStandard: v.totals.overStandard.toFixedString(),
      markUp: v.totals.markUp.toFixedString(),
    }).toEqual(c.expect.totals);
    expect(result.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual(c.expect.warnings);
    expect(result.issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('explains each unit with the rule id, the numbers and the rule in the policy', () => {
    const result = serviceUnitPayment(
      gastric,
      inputOf({
        date: '2025-06-01',
        charged: { equipment: '4000.00', operation: '5000.00' },
        consumables: [],
      }),
      policy.rounding,
      0,
    );
    expect(result.ok && result.value.explanations).toEqual([
      'service unit robotic-gastric/equipment: charged 4000.00, standard 3000.00 within floor 2000.00, cap 5000.00 = 3000.00 → paid 3000.00, 1000.00 above the standard not paid (parameters.serviceUnits[0])',
      'service unit robotic-gastric/operation: charged 5000.00, standard 5000.00 = 5000.00 → paid 5000.00 (parameters.serviceUnits[0])',
      'service-unit rule robotic-gastric: charged 9000.00 = paid 8000.00 + above the standards 1000.00 + consumable mark-up 0.00',
    ]);
  });

  it('rounds a consumable line by the policy rounding, paid and mark-up still summing to the charge', () => {
    const result = serviceUnitPayment(
      gastric,
      {
        date: date('2025-06-01'),
        charged: {},
        consumables: [
          {
            lineId: 'L1',
            code: 'C1',
            quantity: new Decimal('1.5'),
            unitPrice: Money.of('0.333333'),
            purchasePrice: Money.of('0.2'),
          },
        ],
      },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const line = result.value.consumables[0]!;
    expect([line.charged, line.paid, line.markUp].map((m) => m.toFixedString())).toEqual([
      '0.50',
      '0.30',
      '0.20',
    ]);
  });

  it('pays consumables as charged when the rule does not pay them at cost', () => {
    const notAtCost: ServiceUnitRule = { ...gastric, consumablesAtCost: false };
    const result = serviceUnitPayment(
      notAtCost,
      {
        date: date('2025-06-01'),
        charged: {},
        consumables: [
          { lineId: 'L1', code: 'C1', quantity: new Decimal(2), unitPrice: Money.of('1200.00') },
        ],
      },
      FEN_HALF_UP,
    );
    expect(result.ok && result.value.totals.paid.toFixedString()).toBe('2400.00');
    expect(result.ok && result.value.totals.markUp.toFixedString()).toBe('0.00');
  });

  it('finds the one rule in force for a service code', () => {
    const found = findServiceUnitRule(
      policy.parameters.serviceUnits,
      '331303001000000',
      date('2025-06-01'),
    );
    expect(found.ok && found.value.index).toBe(0);
    const none = findServiceUnitRule(
      policy.parameters.serviceUnits,
      '331303001000000',
      date('2024-06-01'),
    );
    expect(none.issues).toMatchObject([{ code: 'value.no_service_unit_rule', path: ['item'] }]);
    const two = findServiceUnitRule(
      [gastric, { ...gastric, id: 'robotic-gastric-2' }],
      '331303001000000',
      date('2025-06-01'),
    );
    expect(two.issues).toMatchObject([
      {
        code: 'value.ambiguous_service_unit_rule',
        data: { rules: ['robotic-gastric', 'robotic-gastric-2'] },
      },
    ]);
  });
});

describe('serviceUnitPayment refuses bad input with its path', () => {
  const base = {
    date: '2025-06-01',
    charged: { equipment: '3000.00', operation: '5000.00' },
    consumables: [] as UnitCase['input']['consumables'],
  };
  const issuesOf = (input: ServiceUnitInput) => {
    const r = serviceUnitPayment(gastric, input, FEN_HALF_UP);
    expect(r.ok).toBe(false);
    return r.issues.map((i) => ({ code: i.code, path: i.path }));
  };

  it('refuses a charged unit the rule does not have', () => {
    expect(
      issuesOf(inputOf({ ...base, charged: { ...base.charged, anaesthesia: '100.00' } })),
    ).toEqual([{ code: 'value.unknown_unit', path: ['charged', 'anaesthesia'] }]);
  });

  it('refuses a consumable without a purchase price when consumables are paid at cost', () => {
    expect(
      issuesOf(
        inputOf({
          ...base,
          consumables: [
            { lineId: 'L1', code: 'C1', quantity: '1', unitPrice: '10.00', purchasePrice: '9.00' },
            { lineId: 'L2', code: 'C2', quantity: '1', unitPrice: '10.00' },
          ],
        }),
      ),
    ).toEqual([
      { code: 'value.missing_purchase_price', path: ['consumables', 1, 'purchasePrice'] },
    ]);
  });

  it('refuses negative charges, charges finer than the fen and negative quantities', () => {
    expect(
      issuesOf(
        inputOf({
          ...base,
          charged: { equipment: '-1.00', operation: '0.001' },
          consumables: [
            { lineId: 'L1', code: 'C1', quantity: '-1', unitPrice: '10.00', purchasePrice: '9.00' },
          ],
        }),
      ),
    ).toEqual([
      { code: 'value.invalid_input', path: ['charged', 'equipment'] },
      { code: 'value.invalid_input', path: ['charged', 'operation'] },
      { code: 'value.invalid_input', path: ['consumables', 0, 'quantity'] },
    ]);
  });

  it('refuses a date the rule is not in force on', () => {
    expect(issuesOf(inputOf({ ...base, date: '2024-12-31' }))).toEqual([
      { code: 'value.rule_not_in_force', path: ['date'] },
    ]);
  });
});

describe('service-unit payment properties', () => {
  const fen = (max: number) => fc.integer({ min: 0, max }).map((n) => Money.fromMinor(BigInt(n)));
  const ruleArb = fc
    .array(fc.tuple(fen(1_000_000), fen(1_000_000), fen(1_000_000), fc.boolean(), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    })
    .map((units) =>
      units.map(([a, b, c, withFloor, withCap], i) => {
        const [floor, standard, cap] = [a, b, c].sort((x, y) => x.compare(y)) as [
          Money,
          Money,
          Money,
        ];
        return {
          unit: `u${String(i)}`,
          standard: standard.toFixedString(),
          ...(withFloor ? { floor: floor.toFixedString() } : {}),
          ...(withCap ? { cap: cap.toFixedString() } : {}),
        };
      }),
    );
  const unitPrice = fc
    .integer({ min: 0, max: 100_000_000 })
    .map((n) => Money.of(new Decimal(n).dividedBy(10_000)));
  const consumableArb = fc.record({
    quantity: fc.integer({ min: 0, max: 5000 }).map((n) => new Decimal(n).dividedBy(10)),
    unitPrice,
    purchasePrice: unitPrice,
  });
  const roundingArb = fc.constantFrom<RoundingRule>(
    FEN_HALF_UP,
    { scale: 2, mode: 'down' },
    { scale: 2, mode: 'up' },
    { scale: 2, mode: 'half-even' },
  );

  it('splits the total charged exactly into paid + over the standard + mark-up, for any amounts', () => {
    fc.assert(
      fc.property(
        ruleArb,
        fc.array(fc.option(fen(2_000_000), { nil: undefined }), { minLength: 4, maxLength: 4 }),
        fc.option(
          fc.integer({ min: 0, max: 3000 }).map((n) => Ratio.of(new Decimal(n).dividedBy(1000))),
          {
            nil: undefined,
          },
        ),
        fc.array(consumableArb, { maxLength: 5 }),
        roundingArb,
        (units, charges, coefficient, consumables, rounding) => {
          const rule = policySchema.shape.parameters.shape.serviceUnits.decode([
            { id: 'r', from: '2025-01-01', items: ['S'], units, consumablesAtCost: true },
          ])[0]!;
          const charged: Record<string, Money> = {};
          units.forEach((u, i) => {
            const amount = charges[i];
            if (amount !== undefined) charged[u.unit] = amount;
          });
          const result = serviceUnitPayment(
            rule,
            {
              date: date('2025-06-01'),
              charged,
              coefficient,
              consumables: consumables.map((c, i) => ({
                ...c,
                lineId: `L${String(i)}`,
                code: 'C',
              })),
            },
            rounding,
          );
          if (!result.ok) throw new Error(JSON.stringify(result.issues));
          const { totals, units: lines, consumables: cLines } = result.value;
          expect(totals.paid.add(totals.overStandard).add(totals.markUp).toFixedString()).toBe(
            totals.charged.toFixedString(),
          );
          const charges_ = Money.sum([...Object.values(charged), ...cLines.map((l) => l.charged)]);
          expect(totals.charged.equals(charges_)).toBe(true);
          for (const l of lines) {
            expect(l.paid.isNegative() || l.overStandard.isNegative()).toBe(false);
            expect(l.paid.lessThanOrEqual(l.recognised)).toBe(true);
            expect(l.paid.add(l.overStandard).equals(l.charged)).toBe(true);
          }
          for (const l of cLines) {
            expect(l.markUp.isNegative()).toBe(false);
            expect(l.paid.add(l.markUp).equals(l.charged)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('case add-ons (PRODUCT.md §8 robotic rectal cancer and thyroid)', () => {
  it.each(fixture.addOnCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = caseAddOnPayment(policy.parameters.caseAddOns, {
      ...c.input,
      date: date(c.input.date),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.addOns.map((a) => a.ruleId)).toEqual(c.expect.addOns);
    expect(result.value.total.toFixedString()).toBe(c.expect.total);
    expect(result.value.explanations.at(-1)).toContain(
      c.expect.addOns.length === 0 ? 'no case add-on' : c.expect.total,
    );
  });

  it('explains an add-on with its rule, the procedure and the amount', () => {
    const result = caseAddOnPayment(policy.parameters.caseAddOns, {
      date: date('2025-06-01'),
      procedures: [{ code: '06.4x00', technique: 'robotic' }],
    });
    expect(result.ok && result.value.explanations[0]).toBe(
      'case add-on robotic-thyroid: procedure 06.4x00 (robotic) matches 06.2/06.3/06.4/06.5 → 3000.00 (parameters.caseAddOns[1])',
    );
  });

  it('lists only prefixes and procedure codes of the ICD-9-CM-3 医保版 list', () => {
    const codes = new Set(
      readFileSync(
        new URL('../../../domain/data/codes/icd9cm3_yb_v1.txt', import.meta.url),
        'utf8',
      ).split('\n'),
    );
    const prefixes = policy.parameters.caseAddOns.flatMap((r) => r.procedures);
    expect(prefixes.filter((p) => !codes.has(p))).toEqual([]);
    const used = fixture.addOnCases.flatMap((c) => c.input.procedures.map((p) => p.code));
    expect(used.filter((p) => !codes.has(p))).toEqual([]);
  });

  it('refuses a procedure code that is not ICD-9-CM-3, naming it', () => {
    const result = caseAddOnPayment(policy.parameters.caseAddOns, {
      date: date('2025-06-01'),
      procedures: [{ code: '48.5000' }, { code: 'rectum' }],
    });
    expect(result.issues).toMatchObject([
      { code: 'value.invalid_input', path: ['procedures', 1, 'code'] },
    ]);
  });
});

describe('service-unit and add-on rules refused by loadPolicy', () => {
  const unit = fixture.rules.serviceUnits![0]!;
  const addOn = fixture.rules.caseAddOns![0]!;
  const withUnits = (units: unknown[]) =>
    ({ serviceUnits: [{ ...unit, units }] }) as Partial<PolicyWire['parameters']>;
  const cases: [string, Partial<PolicyWire['parameters']>, (string | number)[]][] = [
    [
      'a floor above the cap',
      withUnits([{ unit: 'equipment', standard: '3000.00', floor: '6000.00', cap: '5000.00' }]),
      ['parameters', 'serviceUnits', 0, 'units', 0, 'floor'],
    ],
    [
      'a standard above the cap',
      withUnits([{ unit: 'equipment', standard: '5000.01', floor: '2000.00', cap: '5000.00' }]),
      ['parameters', 'serviceUnits', 0, 'units', 0, 'cap'],
    ],
    [
      'a floor above the standard',
      withUnits([{ unit: 'equipment', standard: '1999.99', floor: '2000.00' }]),
      ['parameters', 'serviceUnits', 0, 'units', 0, 'floor'],
    ],
    [
      'a unit named twice',
      withUnits([
        { unit: 'equipment', standard: '3000.00' },
        { unit: 'equipment', standard: '5000.00' },
      ]),
      ['parameters', 'serviceUnits', 0, 'units', 1, 'unit'],
    ],
    ['a rule without units', withUnits([]), ['parameters', 'serviceUnits', 0, 'units']],
    [
      'an add-on prefix that is not an ICD-9-CM-3 code',
      { caseAddOns: [{ ...addOn, procedures: ['48.5', 'rectum'] }] },
      ['parameters', 'caseAddOns', 0, 'procedures', 1],
    ],
    [
      'an unknown technique',
      { caseAddOns: [{ ...addOn, technique: 'laser' as Technique }] },
      ['parameters', 'caseAddOns', 0, 'technique'],
    ],
    [
      'a negative add-on amount',
      { caseAddOns: [{ ...addOn, amount: '-8000.00' }] },
      ['parameters', 'caseAddOns', 0, 'amount'],
    ],
  ];
  it.each(cases)('refuses %s, naming its path', (_name, rules, path) => {
    const loaded = withRules(rules);
    expect(loaded.ok).toBe(false);
    expect(loaded.issues.map((i) => i.path)).toContainEqual(path);
    expect(loaded.issues.every((i) => i.code === 'policy.invalid')).toBe(true);
  });
});
