import { Decimal, Money, Ratio } from '@openpayer/domain';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  scenarioPolicy,
  scenarios,
} from '../__fixtures__/harness.ts';
import { type Explanation, type LineSettlement, type Settlement, settle } from './settle.ts';
import {
  decodeSettlement,
  encodeSettlement,
  encodeSettlementBySchema,
  type explanationSchema,
  type lineSettlementSchema,
  settlementSchema,
  settlementWireOf,
} from './wire.ts';
import { MONEY_ACCUMULATORS } from './accumulators.ts';

/** The generic encoder the schema replaces, kept here as the reference for the bytes. */
function legacyToWire(value: unknown): unknown {
  if (value instanceof Money) return value.toFixedString();
  if (value instanceof Ratio) return value.toString();
  if (Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(legacyToWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = legacyToWire(v);
    return out;
  }
  return value;
}

function settled(s: ReturnType<typeof scenarios>[number], explain = true): Settlement {
  const claim = claimFrom(s.claim);
  const result = settle(claim, {
    policy: scenarioPolicy(s),
    catalog: catalogIndex(),
    accumulators: accumulatorsFrom(claim, s.accumulators),
    explain,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

describe('settlementSchema', () => {
  it("decodes to exactly the engine's types, field by field", () => {
    expectTypeOf<Mutable<z.output<typeof settlementSchema>>>().toEqualTypeOf<Mutable<Settlement>>();
    expectTypeOf<Mutable<z.output<typeof lineSettlementSchema>>>().toEqualTypeOf<
      Mutable<LineSettlement>
    >();
    expectTypeOf<Mutable<z.output<typeof explanationSchema>>>().toEqualTypeOf<
      Mutable<Explanation>
    >();
  });
});

describe('settlementSchema over the golden scenarios', () => {
  const all = scenarios();
  it('has scenarios to check', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const s of all) {
    it(`${s.file}: encodes to the same bytes as the generic encoder, and round-trips`, () => {
      for (const explain of [true, false]) {
        const value = settled(s, explain);
        const wire = encodeSettlement(value);
        expect(JSON.stringify(wire)).toBe(JSON.stringify(legacyToWire(value)));
        expect(JSON.stringify(wire)).toBe(JSON.stringify(encodeSettlementBySchema(value)));
        // The wire form is valid input, and decoding it gives the settlement back exactly.
        expect(settlementSchema.safeParse(JSON.parse(JSON.stringify(wire))).success).toBe(true);
        const back = decodeSettlement(JSON.parse(JSON.stringify(wire)) as typeof wire);
        expect(JSON.stringify(encodeSettlement(back))).toBe(JSON.stringify(wire));
        expect(back.total.equals(value.total)).toBe(true);
        expect(back.lines.map((l) => l.amount.toFixedString())).toEqual(
          value.lines.map((l) => l.amount.toFixedString()),
        );
      }
    });
  }

  it('reads a settlement stored before the sharing counter existed (its delta had none: 0.00)', () => {
    const wire = JSON.parse(JSON.stringify(encodeSettlement(settled(all[0]!)))) as {
      delta: { money: Record<string, string> };
    };
    delete wire.delta.money['sharingFundPaid'];
    const read = settlementWireOf(wire);
    expect(read.delta.money.sharingFundPaid).toBe('0.00');
    expect(Object.keys(read.delta.money)).toEqual([...MONEY_ACCUMULATORS]);
  });

  it('refuses a malformed wire settlement: money as a number, an unknown field', () => {
    const wire = encodeSettlement(settled(all[0]!));
    expect(settlementSchema.safeParse({ ...wire, total: 12.3 }).success).toBe(false);
    expect(settlementSchema.safeParse({ ...wire, extra: 1 }).success).toBe(false);
    const [first] = wire.explanations;
    if (first !== undefined)
      expect(
        settlementSchema.safeParse({ ...wire, explanations: [{ ...first, layer: 'other' }] })
          .success,
      ).toBe(false);
  });
});
