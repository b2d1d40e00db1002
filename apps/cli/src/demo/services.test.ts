import { decideClaim } from '@openpayer/catalog';
import { validateClaim } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { generateClaims, loadDemoTables } from './generate.ts';

/**
 * The demo claims' service lines (beds, visits, nursing, tests, monitoring) are decided against
 * the demo catalog's service items as a fund would decide them — covered at the tier's payment
 * standard, or self-paid by a rule-base restriction — never "not in the catalog".
 */
describe('demo claims: service lines against the demo catalog', () => {
  const tables = loadDemoTables();
  const claims = [...generateClaims({ claims: 1500, seed: 5, tables })].map((wire) => {
    const result = validateClaim(wire);
    if (!result.ok) throw new Error(`${wire.id}: ${JSON.stringify(result.issues.slice(0, 2))}`);
    return result.value;
  });

  it('decides every service line by its catalog item, none as not in the catalog', () => {
    const outcomes: Record<string, number> = {};
    const failing: Record<string, number> = {};
    let lines = 0;
    let pricedAtTier = 0;
    for (const claim of claims) {
      const decisions = decideClaim(tables.catalog, claim);
      claim.lines.forEach((line, i) => {
        if (line.kind !== 'service') return;
        const decision = decisions[i]?.decision;
        if (decision === undefined) throw new Error('no decision');
        lines++;
        outcomes[decision.outcome] = (outcomes[decision.outcome] ?? 0) + 1;
        expect(decision.itemId).toBe(`SVC/${line.code}`);
        expect(decision.reasons.map((r) => r.code)).not.toContain('coverage.not_in_catalog');
        // The demo's charge is the schedule's payment standard for the institution's tier.
        if (decision.paymentStandard?.amount.equals(line.unitPrice) === true) pricedAtTier++;
        for (const r of decision.restrictions)
          if (r.result === 'not_met') failing[r.code] = (failing[r.code] ?? 0) + 1;
      });
    }
    console.log(
      `demo service lines: ${lines}; outcomes ${JSON.stringify(outcomes)}; restrictions not met ${JSON.stringify(failing)}`,
    );
    expect(lines).toBeGreaterThan(1000);
    expect(outcomes['not_covered'] ?? 0).toBe(0);
    expect(outcomes['covered'] ?? 0).toBeGreaterThan(lines * 0.9);
    expect(pricedAtTier).toBe(lines);
  });

  it('pays an inpatient stay its beds, visits and nursing day by day (限定频次 1/日)', () => {
    const inpatient = claims.filter((c) => c.type === 'inpatient');
    expect(inpatient.length).toBeGreaterThan(100);
    for (const claim of inpatient) {
      const [bed, visit, nursing] = decideClaim(tables.catalog, claim);
      for (const line of [bed, visit, nursing]) {
        expect(line?.decision).toMatchObject({
          outcome: 'covered',
          restrictions: [{ kind: 'frequency', result: 'met' }],
        });
      }
    }
  });
});
