import { readFileSync } from 'node:fs';
import { type CalendarDate, Ratio } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Policy, loadPolicy } from '../policy/policy.ts';
import { proposeAdjustments } from './adjustments.ts';
import { icer, icerThresholdOn } from './icer.ts';
import type { TreatmentCourse } from './response.ts';
import { coursePayment } from './run.ts';
import { caseAddOnPayment, findServiceUnitRule, serviceUnitPayment } from './service-units.ts';
import { dueReevaluations, itemPaymentStandard, matchingCoefficients } from './standards.ts';
import {
  adjustmentProposalSchema,
  adjustmentRequestSchema,
  caseAddOnPaymentSchema,
  caseAddOnRequestSchema,
  dueReevaluationSchema,
  icerAnswerSchema,
  icerRequestSchema,
  icerResultSchema,
  itemPaymentStandardSchema,
  itemStandardRequestSchema,
  responsePaymentRequestSchema,
  responsePaymentSchema,
  serviceUnitPaymentSchema,
  serviceUnitRequestSchema,
} from './wire.ts';

/**
 * The value computations' wire schemas over the golden fixtures: each request decodes through its
 * schema, the real functions compute over the demo policy, and each result encodes to plain JSON
 * (money as "3000.00") that decodes and encodes back to the same wire.
 */

const read = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const fixture = (name: string) => read(`./__fixtures__/${name}.json`);

const loaded = loadPolicy(read('../../data/policies/demo-230100-2025.json'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
const policy: Policy = loaded.value;

const AMOUNT = /^-?\d+\.\d{2}$/u;

function valueOf<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/**
 * The wire of a result: plain JSON, decoded and encoded back to the same wire; returned for the
 * caller's checks.
 */
function wireOf<S extends z.ZodType>(schema: S, value: z.output<S>): z.input<S> {
  const wire = z.encode(schema, value);
  expect(JSON.parse(JSON.stringify(wire))).toEqual(wire);
  expect(z.encode(schema, z.decode(schema, wire))).toEqual(wire);
  return wire;
}

/** The paths of the issues a request schema refuses the input with. */
function refusedPaths(schema: z.ZodType, input: unknown): (string | number | symbol)[][] {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path);
}

interface StandardsFixture {
  cases: {
    name: string;
    input: unknown;
    expect: { base?: string; standard?: string; coefficients?: { ratio: string }[] };
  }[];
  reevaluations: { name: string; date: string; expect: unknown[] }[];
}
const standards = fixture('standards') as StandardsFixture;

describe('item payment standards on the wire', () => {
  it.each(standards.cases.filter((c) => c.expect.standard !== undefined).map((c) => [c.name, c]))(
    '%s',
    (_name, c) => {
      const q = itemStandardRequestSchema.parse(c.input);
      const result = valueOf(itemPaymentStandard(policy.parameters, q, policy.rounding));
      const wire = wireOf(itemPaymentStandardSchema, result);
      expect(wire.base).toBe(c.expect.base);
      expect(wire.standard).toBe(c.expect.standard);
      expect(wire.standard).toMatch(AMOUNT);
      expect(wire.coefficients.map((k) => k.ratio)).toEqual(
        (c.expect.coefficients ?? []).map((k) => k.ratio),
      );
    },
  );

  it('writes the gene test standard in the east as "2000.00"', () => {
    const q = itemStandardRequestSchema.parse({
      item: '270800001000000',
      date: '2025-06-01',
      region: '310104',
    });
    expect(q.categories).toEqual([]);
    const result = valueOf(itemPaymentStandard(policy.parameters, q, policy.rounding));
    const wire = wireOf(itemPaymentStandardSchema, result);
    expect(wire).toMatchObject({
      item: '270800001000000',
      date: '2025-06-01',
      base: '2000.00',
      baseSource: 'item_standard',
      baseRuleId: 'gene-test-standard',
      coefficients: [],
      standard: '2000.00',
    });
  });

  it.each(standards.reevaluations.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const due = dueReevaluations(policy.parameters.temporaryPrices, r.date as CalendarDate);
    const wire = due.map((d) => wireOf(dueReevaluationSchema, d));
    expect(wire).toMatchObject(r.expect);
  });

  it('refuses a bad region, a bad date and an unknown category with their paths', () => {
    const good = { item: '270800001000000', date: '2025-06-01', region: '310104' };
    expect(refusedPaths(itemStandardRequestSchema, { ...good, region: '990000' })).toEqual([
      ['region'],
    ]);
    expect(refusedPaths(itemStandardRequestSchema, { ...good, region: '3101' })).toContainEqual([
      'region',
    ]);
    expect(refusedPaths(itemStandardRequestSchema, { ...good, date: '2025-02-30' })).toEqual([
      ['date'],
    ]);
    expect(
      refusedPaths(itemStandardRequestSchema, { ...good, categories: ['child', 'alien'] }),
    ).toEqual([['categories', 1]]);
    expect(refusedPaths(itemStandardRequestSchema, { ...good, extra: 1 })).toEqual([[]]);
  });
});

interface UnitsFixture {
  serviceUnitCases: {
    name: string;
    input: { date: string; charged: unknown; coefficient?: string; consumables: unknown[] };
    expect: {
      units: unknown[];
      consumables: unknown[];
      totals: Record<string, string>;
      warnings: { code: string; path: (string | number)[] }[];
    };
  }[];
  addOnCases: { name: string; input: Record<string, unknown>; expect: { total: string } }[];
}
const units = fixture('service-units') as UnitsFixture;
const GASTRIC = '331303001000000';

describe('service units and case add-ons on the wire', () => {
  it.each(units.serviceUnitCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { coefficient: given, ...input } = c.input;
    // The route's path: the request decoded, the rule found, the coefficient from the policy.
    const q = serviceUnitRequestSchema.parse({ ...input, item: GASTRIC, region: '230103' });
    const found = valueOf(findServiceUnitRule(policy.parameters.serviceUnits, q.item, q.date));
    const matched = matchingCoefficients(policy.parameters.standardCoefficients, q);
    const result = serviceUnitPayment(
      found.rule,
      {
        date: q.date,
        charged: q.charged,
        coefficient: given === undefined ? matched.product : Ratio.of(given),
        consumables: q.consumables,
      },
      policy.rounding,
      found.index,
    );
    const paid = valueOf(result);
    const wire = wireOf(serviceUnitPaymentSchema, paid);
    expect(wire.units).toMatchObject(c.expect.units);
    expect(wire.consumables).toMatchObject(c.expect.consumables);
    expect(wire.totals).toEqual(c.expect.totals);
    for (const amount of Object.values(wire.totals)) expect(amount).toMatch(AMOUNT);
    expect(wire).not.toHaveProperty('warnings');
    // With the result's warnings, when it has any.
    if (result.issues.length > 0) {
      const warned = wireOf(serviceUnitPaymentSchema, { ...paid, warnings: result.issues });
      expect(warned.warnings?.map((w) => ({ code: w.code, path: w.path }))).toEqual(
        c.expect.warnings,
      );
      expect(warned.warnings?.[0]?.severity).toBe('warning');
    }
  });

  it('writes a unit without floor or cap without them, and quantities as decimal strings', () => {
    const q = serviceUnitRequestSchema.parse({
      item: GASTRIC,
      date: '2025-06-01',
      region: '230103',
      charged: { equipment: '3000.00', operation: '5000.00' },
      consumables: [
        { lineId: 'L1', code: 'C1', quantity: '2.5', unitPrice: '10.1', purchasePrice: '8' },
      ],
    });
    const found = valueOf(findServiceUnitRule(policy.parameters.serviceUnits, q.item, q.date));
    const wire = wireOf(
      serviceUnitPaymentSchema,
      valueOf(serviceUnitPayment(found.rule, q, policy.rounding, found.index)),
    );
    expect(wire.units[0]).toMatchObject({ unit: 'equipment', floor: '2000.00', cap: '5000.00' });
    expect(JSON.parse(JSON.stringify(wire.units[1]))).not.toHaveProperty('floor');
    expect(wire.consumables[0]).toEqual({
      lineId: 'L1',
      code: 'C1',
      quantity: '2.5',
      charged: '25.25',
      paid: '20.00',
      markUp: '5.25',
    });
    expect(wire.totals.paid).toBe('8020.00');
  });

  it('refuses a negative consumable quantity, a bad price, a bad region and a bad date', () => {
    const good = {
      item: GASTRIC,
      date: '2025-06-01',
      region: '230103',
      charged: { equipment: '3000.00' },
      consumables: [{ lineId: 'L1', code: 'C1', quantity: '1', unitPrice: '10' }],
    };
    expect(serviceUnitRequestSchema.safeParse(good).success).toBe(true);
    const consumable = good.consumables[0];
    expect(
      refusedPaths(serviceUnitRequestSchema, {
        ...good,
        consumables: [{ ...consumable, quantity: '-1' }],
      }),
    ).toEqual([['consumables', 0, 'quantity']]);
    expect(
      refusedPaths(serviceUnitRequestSchema, {
        ...good,
        consumables: [{ ...consumable, quantity: 'two' }],
      }),
    ).toEqual([['consumables', 0, 'quantity']]);
    expect(
      refusedPaths(serviceUnitRequestSchema, {
        ...good,
        consumables: [{ ...consumable, purchasePrice: '-1' }],
      }),
    ).toEqual([['consumables', 0, 'purchasePrice']]);
    expect(
      refusedPaths(serviceUnitRequestSchema, { ...good, charged: { equipment: '3000' } }),
    ).toEqual([['charged', 'equipment']]);
    expect(refusedPaths(serviceUnitRequestSchema, { ...good, region: '000000' })).toEqual([
      ['region'],
    ]);
    expect(refusedPaths(serviceUnitRequestSchema, { ...good, date: '2025-13-01' })).toEqual([
      ['date'],
    ]);
  });

  it.each(units.addOnCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const q = caseAddOnRequestSchema.parse({ ...c.input, region: '230100' });
    expect(q.region).toBe('230100');
    const wire = wireOf(
      caseAddOnPaymentSchema,
      valueOf(caseAddOnPayment(policy.parameters.caseAddOns, q)),
    );
    expect(wire.total).toBe(c.expect.total);
    for (const a of wire.addOns) expect(a.amount).toMatch(AMOUNT);
  });

  it('refuses an unknown technique, a bad region and a bad date with their paths', () => {
    const good = {
      date: '2025-06-01',
      region: '230100',
      procedures: [{ code: '48.5000', technique: 'robotic' }],
    };
    expect(
      refusedPaths(caseAddOnRequestSchema, {
        ...good,
        procedures: [{ code: '48.5000', technique: 'telepathic' }],
      }),
    ).toEqual([['procedures', 0, 'technique']]);
    expect(refusedPaths(caseAddOnRequestSchema, { ...good, technique: 'telepathic' })).toEqual([
      ['technique'],
    ]);
    expect(refusedPaths(caseAddOnRequestSchema, { ...good, region: '2301' })).toContainEqual([
      'region',
    ]);
    expect(refusedPaths(caseAddOnRequestSchema, { ...good, date: '01/06/2025' })).toEqual([
      ['date'],
    ]);
  });
});

interface IcerFixture {
  cases: {
    name: string;
    input: { date: string; incrementalCost: string; incrementalQaly: string };
    expect: { threshold: string; icer: string | null; netMonetaryBenefit: string };
  }[];
}
const icers = fixture('icer') as IcerFixture;

describe('ICER on the wire', () => {
  it.each(icers.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const q = icerRequestSchema.parse({ ...c.input, region: '230100' });
    const threshold = valueOf(icerThresholdOn(policy, q.date));
    const result = valueOf(icer(q, threshold.value, policy.rounding));
    const wire = wireOf(icerResultSchema, result);
    expect(wire.threshold).toBe(c.expect.threshold);
    expect(wire.icer).toBe(c.expect.icer);
    expect(wire.netMonetaryBenefit).toBe(c.expect.netMonetaryBenefit);
    expect(wire.inputs).toEqual({
      incrementalCost: c.input.incrementalCost,
      incrementalQaly: c.input.incrementalQaly,
    });
    const answer = wireOf(icerAnswerSchema, { result, threshold });
    expect(answer.threshold).toMatchObject({
      value: c.expect.threshold,
      source: `parameters.icerThreshold[${String(threshold.index)}]`,
    });
  });

  it('refuses a bad region, a bad date and a QALY that is not a decimal', () => {
    const good = {
      date: '2026-03-01',
      region: '230100',
      incrementalCost: '-100.00',
      incrementalQaly: '-0.2',
    };
    expect(icerRequestSchema.safeParse(good).success).toBe(true);
    expect(refusedPaths(icerRequestSchema, { ...good, region: '23010X' })).toContainEqual([
      'region',
    ]);
    expect(refusedPaths(icerRequestSchema, { ...good, date: '2026-02-29' })).toEqual([['date']]);
    expect(refusedPaths(icerRequestSchema, { ...good, incrementalQaly: '1e3' })).toEqual([
      ['incrementalQaly'],
    ]);
    expect(refusedPaths(icerRequestSchema, { ...good, incrementalCost: '-100' })).toEqual([
      ['incrementalCost'],
    ]);
  });
});

interface ResponseFixture {
  cases: {
    name: string;
    input: {
      rule: string;
      course: TreatmentCourse;
      claim: { date: string; claimed: string };
    };
    expect: { status: string; share: string; paid: string; withheld: string };
  }[];
}
const responses = fixture('response') as ResponseFixture;

describe('pay for response on the wire', () => {
  it.each(responses.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const q = responsePaymentRequestSchema.parse({ ...c.input.claim, rule: c.input.rule });
    const result = valueOf(coursePayment(policy, c.input.course, q, q.rule));
    const wire = wireOf(responsePaymentSchema, result);
    expect(wire).toMatchObject(c.expect);
    expect(wire.paid).toMatch(AMOUNT);
    expect(wire.withheld).toMatch(AMOUNT);
  });

  it('refuses a negative claim, a bad date and a bad rule id with their paths', () => {
    const good = { date: '2025-04-10', claimed: '20000.00' };
    expect(refusedPaths(responsePaymentRequestSchema, { ...good, claimed: '-1.00' })).toEqual([
      ['claimed'],
    ]);
    expect(refusedPaths(responsePaymentRequestSchema, { ...good, claimed: 20000 })).toEqual([
      ['claimed'],
    ]);
    expect(refusedPaths(responsePaymentRequestSchema, { ...good, date: '2025-4-10' })).toEqual([
      ['date'],
    ]);
    expect(refusedPaths(responsePaymentRequestSchema, { ...good, rule: 'a rule' })).toEqual([
      ['rule'],
    ]);
  });
});

interface AdjustmentsFixture {
  cases: {
    name: string;
    date: string;
    measures: Record<string, Record<string, string>>;
    expect: { rule: string; kind?: string; current?: string; proposed?: string }[];
  }[];
}
const adjustments = fixture('adjustments') as AdjustmentsFixture;

describe('dynamic adjustments on the wire', () => {
  it.each(adjustments.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const q = adjustmentRequestSchema.parse({
      region: '230100',
      effectiveFrom: c.date,
      measures: c.measures,
    });
    const proposals = valueOf(proposeAdjustments(policy, q.effectiveFrom, q.measures));
    const wire = proposals.map((p) => wireOf(adjustmentProposalSchema, p));
    expect(wire).toMatchObject(c.expect);
    for (const p of wire) {
      if (p.kind === 'adjust_standard') {
        expect(p.current).toMatch(AMOUNT);
        expect(p.proposed).toMatch(AMOUNT);
        expect(p.change).toMatch(/^-0\.\d+$/u);
      } else {
        expect(p).not.toHaveProperty('proposed');
      }
    }
  });

  it('refuses a ratio above 1, a bad indicator, a bad region, a bad date and a bad id', () => {
    const good = {
      region: '230100',
      effectiveFrom: '2026-01-01',
      measures: { '270800001000000': { cost_decline: '0.15' } },
    };
    expect(adjustmentRequestSchema.safeParse(good).success).toBe(true);
    expect(
      refusedPaths(adjustmentRequestSchema, {
        ...good,
        measures: { '270800001000000': { cost_decline: '1.5' } },
      }),
    ).toEqual([['measures', '270800001000000', 'cost_decline']]);
    expect(
      refusedPaths(adjustmentRequestSchema, {
        ...good,
        measures: { '270800001000000': { 'Cost Decline': '0.1' } },
      }),
    ).toEqual([['measures', '270800001000000', 'Cost Decline']]);
    expect(refusedPaths(adjustmentRequestSchema, { ...good, region: '99' })).toContainEqual([
      'region',
    ]);
    expect(refusedPaths(adjustmentRequestSchema, { ...good, publishedOn: '2026-1-1' })).toEqual([
      ['publishedOn'],
    ]);
    expect(refusedPaths(adjustmentRequestSchema, { ...good, id: 'demo 2026' })).toEqual([['id']]);
  });
});
