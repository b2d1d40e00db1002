import { CatalogIndex } from '@openpayer/catalog';
import { type Finding, type FindingAction, Money } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  demoPolicyWire,
  policyFrom,
} from '../__fixtures__/harness.ts';
import { SHARE_PARTIES } from '../policy/policy.ts';
import { type Settlement, settle } from './settle.ts';
import { decodeSettlement, encodeSettlement, encodeSettlementBySchema } from './wire.ts';

/**
 * Smart-review findings in the settlement: a deducted line or one switched to self-pay leaves
 * policy scope whole with the rule as the reason, a held claim is marked held, a warning changes
 * no amount; the findings travel with the settlement and parts still sum to the whole.
 */

const policy = policyFrom(demoPolicyWire());
// The 2024 list without its rule-base restrictions (sex, age, setting): only the findings decide.
const catalog = new CatalogIndex({ ...catalogIndex().release, codeRestrictions: [] });
const drug = catalog.release.items.find(
  (i) =>
    i.kind === 'drug' &&
    i.coverageClass === 'A' &&
    i.restrictionText === null &&
    i.codes.length > 0 &&
    i.paymentStandard === null,
);
if (drug === undefined) throw new Error('the 2024 list has no plain class-A drug with a code');

const claim = claimFrom({
  lines: ['L1', 'L2'].map((id) => ({
    id,
    kind: 'drug',
    code: drug.codes[0],
    name: drug.name,
    quantity: '10',
    unitPrice: '120.00',
    amount: '1200.00',
    date: '2025-06-10',
  })),
});

function finding(action: FindingAction, lineIds: string[]): Finding {
  return {
    rule: { ruleSet: 'test-rules', code: `R-${action}`, version: 2, name: `规则 ${action}` },
    category: 'medical',
    stage: 'settle',
    severity: 'high',
    resultType: 'violation',
    action,
    lineIds,
    evidence: { limit: '1' },
    explanation: { zh: '超过限定', en: 'over the limit' },
  };
}

function settleWith(findings?: Finding[]): Settlement {
  const result = settle(claim, {
    policy,
    catalog,
    accumulators: accumulatorsFrom(claim, { deductibleUsed: '5000.00' }),
    ...(findings === undefined ? {} : { findings }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

function sumsToTotal(s: Settlement): void {
  let sum = Money.zero('CNY');
  for (const p of SHARE_PARTIES) sum = sum.add(s.payers[p]);
  expect(sum.equals(s.total)).toBe(true);
  for (const line of s.lines) {
    let parts = Money.zero('CNY');
    for (const m of Object.values(line.payers)) parts = parts.add(m);
    expect(parts.equals(line.amount), line.lineId).toBe(true);
  }
}

describe('a settlement with review findings', () => {
  const plain = settleWith();

  it('without findings has neither field, so stored settlements keep their bytes', () => {
    const wire = encodeSettlement(plain);
    expect('findings' in wire).toBe(false);
    expect('held' in wire).toBe(false);
    expect(plain.lines[0]?.payers.basic_fund?.isPositive()).toBe(true);
  });

  it.each([
    ['deduct', 'deducted_by_rule'],
    ['self_pay', 'self_pay_by_rule'],
  ] as const)(
    '%s: the line leaves policy scope whole, with the rule as the reason',
    (action, reason) => {
      const s = settleWith([finding(action, ['L2'])]);
      const [l1, l2] = s.lines;
      expect(l1?.eligible.toFixedString()).toBe(plain.lines[0]?.eligible.toFixedString());
      expect(l1?.selfPay).toEqual(plain.lines[0]?.selfPay);
      expect(l2?.selfPay.map((p) => [p.reason, p.amount.toFixedString()])).toEqual([
        [reason, '1200.00'],
      ]);
      expect(l2?.eligible.isZero()).toBe(true);
      expect(l2?.payers.basic_fund).toBeUndefined();
      expect(s.selfPay.toFixedString()).toBe(
        plain.selfPay.add(Money.of('1200.00', 'CNY')).toFixedString(),
      );
      expect(s.findings).toHaveLength(1);
      expect(s.held).toBeUndefined();
      expect(
        s.explanations.some((e) => e.parameter === 'rule set test-rules: R-' + action + ' v2'),
      ).toBe(true);
      sumsToTotal(s);
    },
  );

  it('a deduction on the whole claim (no lines named) deducts every line', () => {
    const s = settleWith([finding('deduct', [])]);
    expect(s.lines.map((l) => l.selfPay.map((p) => p.reason))).toEqual([
      ['deducted_by_rule'],
      ['deducted_by_rule'],
    ]);
    sumsToTotal(s);
  });

  it('a deduction wins over a switch to self-pay on the same line', () => {
    const s = settleWith([finding('self_pay', ['L1']), finding('deduct', ['L1'])]);
    expect(s.lines[0]?.selfPay.map((p) => p.reason)).toEqual(['deducted_by_rule']);
  });

  it('hold marks the settlement held and leaves every amount as releasing it would pay', () => {
    const s = settleWith([finding('hold', [])]);
    expect(s.held).toBe(true);
    expect(encodeSettlement(s).payers).toEqual(encodeSettlement(plain).payers);
  });

  it('warn changes no amount but travels with the settlement', () => {
    const s = settleWith([finding('warn', ['L1'])]);
    expect(encodeSettlement(s).payers).toEqual(encodeSettlement(plain).payers);
    expect(s.findings?.[0]?.rule.code).toBe('R-warn');
  });

  it('encodes by the fast path exactly as the schema does, and decodes back to the same bytes', () => {
    const s = settleWith([finding('deduct', ['L1']), finding('hold', [])]);
    const wire = encodeSettlement(s);
    expect(JSON.stringify(wire)).toBe(JSON.stringify(encodeSettlementBySchema(s)));
    const again = encodeSettlement(
      decodeSettlement(JSON.parse(JSON.stringify(wire)) as typeof wire),
    );
    expect(JSON.stringify(again)).toBe(JSON.stringify(wire));
  });

  it('ignores a finding naming a line the claim does not have', () => {
    const s = settleWith([finding('deduct', ['L9'])]);
    expect(encodeSettlement(s).payers).toEqual(encodeSettlement(plain).payers);
  });
});
