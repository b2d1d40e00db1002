import {
  loadImportSettings,
  loadServiceImportSettings,
  readShipped,
} from '@openpayer/catalog/node';
import { type Claim, Decimal, claimSchema } from '@openpayer/domain';
import { demoClaimWire } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import { NO_HISTORY, compileRuleSet, review } from '../review.ts';
import { importNationalRuleSet } from './shipped.ts';

/*
 * The imported national set run by the real engine (all registered checks): the spot-check rules
 * fire on claims that break them and stay silent on claims that do not.
 */

const imported = importNationalRuleSet({
  drugRestrictionsCsv: readShipped('ruleBaseRestrictions'),
  drugCodesCsv: readShipped('ruleBaseCodes'),
  itemRestrictionsCsv: readShipped('ruleBaseItemRestrictions'),
  duplicatesCsv: readShipped('ruleBaseDuplicateCharges'),
  catalogSettings: loadImportSettings(),
  serviceSettings: loadServiceImportSettings(),
});
if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
const compiled = compileRuleSet(imported.value.ruleSet);

const APALUTAMIDE = { code: 'XL02BBA326A001010102180', name: '阿帕他胺片', kind: 'drug' };
const EMERGENCY_MONITORING = { code: '001103000010000', name: '急诊监护费', kind: 'service' };
const EMERGENCY_CONSULTATION = { code: '001102000030000', name: '急诊诊查费', kind: 'service' };
const HBA1C = { code: '002503020030000', name: '糖化血红蛋白测定', kind: 'service' };

function claimOf(
  lines: readonly { item: { code: string; name: string; kind: string }; date: string }[],
  person: Record<string, unknown> = {},
): Claim {
  return claimSchema.parse(
    demoClaimWire({
      person,
      lines: lines.map((l, i) => ({
        id: `L${i + 1}`,
        kind: l.item.kind,
        code: l.item.code,
        name: l.item.name,
        quantity: '1',
        unitPrice: '10.00',
        amount: new Decimal('10.00').toFixed(2),
        date: l.date,
      })),
    }),
  );
}

function ruleCodesFound(claim: Claim): string[] {
  return review(compiled, { claim, stage: 'settle', decisions: [], history: NO_HISTORY }).map(
    (f) => f.rule.code,
  );
}

describe('the national rule set under the engine', () => {
  it('阿帕他胺片 for a woman is a finding; for a man it is not', () => {
    const lines = [{ item: APALUTAMIDE, date: '2025-06-10' }];
    const woman = ruleCodesFound(claimOf(lines, { sex: 'female' }));
    expect(woman.filter((c) => c.startsWith('NHSA-DRUG-SEX-'))).toHaveLength(1);
    expect(ruleCodesFound(claimOf(lines))).toEqual([]);
  });

  it('急诊诊查费 with 急诊监护费 on one day is a duplicate charge; on different days it is not', () => {
    const sameDay = ruleCodesFound(
      claimOf([
        { item: EMERGENCY_MONITORING, date: '2025-06-10' },
        { item: EMERGENCY_CONSULTATION, date: '2025-06-10' },
      ]),
    );
    expect(sameDay).toContain('NHSA-DUP-DAY-001103000010000');
    const apart = ruleCodesFound(
      claimOf([
        { item: EMERGENCY_MONITORING, date: '2025-06-10' },
        { item: EMERGENCY_CONSULTATION, date: '2025-06-11' },
      ]),
    );
    expect(apart).not.toContain('NHSA-DUP-DAY-001103000010000');
  });

  it('糖化血红蛋白测定 twice within 15 days is a finding; once is not', () => {
    const twice = ruleCodesFound(
      claimOf([
        { item: HBA1C, date: '2025-06-09' },
        { item: HBA1C, date: '2025-06-15' },
      ]),
    );
    expect(twice).toEqual(['NHSA-ITEM-PERIOD-002503020030000']);
    expect(ruleCodesFound(claimOf([{ item: HBA1C, date: '2025-06-09' }]))).toEqual([]);
  });
});
