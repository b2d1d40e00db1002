import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  scenarioPolicy,
  scenarios,
} from '../__fixtures__/harness.ts';
import { SHARE_PARTIES } from '../policy/policy.ts';
import { settle } from './settle.ts';
import { encodeSettlement } from './wire.ts';

describe('golden settlement scenarios (hand-checked; derivations in each fixture)', () => {
  for (const s of scenarios()) {
    it(`${s.file}: ${s.name}`, () => {
      expect(s.derivation.length).toBeGreaterThan(0);
      const claim = claimFrom(s.claim);
      const result = settle(claim, {
        policy: scenarioPolicy(s),
        catalog: catalogIndex(),
        accumulators: accumulatorsFrom(claim, s.accumulators),
      });
      if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
      const wire = encodeSettlement(result.value);
      const payers = Object.fromEntries(
        SHARE_PARTIES.map((p) => [p, s.expected.payers[p] ?? '0.00']),
      );
      expect(wire.payers).toEqual(payers);
      const layers = {
        ...wire.layers.basic,
        criticalIllness: wire.layers.criticalIllness,
        medicalAssistance: wire.layers.medicalAssistance,
        commercial: wire.layers.commercial,
        sharing: wire.layers.sharing,
      };
      for (const [k, v] of Object.entries(s.expected.layers ?? {}))
        expect(layers[k as keyof typeof layers], k).toEqual(v);
      if (s.expected.selfPay !== undefined) expect(wire.selfPay).toBe(s.expected.selfPay);
      if (s.expected.eligible !== undefined) expect(wire.eligible).toBe(s.expected.eligible);
      const after: Record<string, unknown> = wire.accumulatorsAfter;
      for (const [k, v] of Object.entries(s.expected.accumulatorsAfter ?? {}))
        expect(after[k], k).toEqual(v);
      if (s.expected.explanations !== undefined) {
        const explained = wire.explanations.map(({ layer, parameter, value, amount }) => ({
          layer,
          parameter,
          value,
          amount,
        }));
        expect(explained).toEqual(s.expected.explanations);
      }
      // Every line's payers sum to the line, and the lines to the claim.
      for (const line of result.value.lines) {
        const sum = Object.values(line.payers).reduce(
          (a, m) => a.add(m),
          line.amount.subtract(line.amount),
        );
        expect(sum.toFixedString()).toBe(line.amount.toFixedString());
      }
    });
  }
});
