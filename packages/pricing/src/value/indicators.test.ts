import { Ratio, accountingPeriodOf } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import {
  conditionHolds,
  describeCondition,
  evaluateConditions,
  indicatorConditionSchema,
  keyIssues,
  periodIssues,
  signedPercent,
  signedRatioCodec,
} from './indicators.ts';

const condition = (wire: Record<string, string>) =>
  indicatorConditionSchema.decode({ indicator: 'control_rate', ...wire });
const holds = (wire: Record<string, string>, value: string) => {
  const result = conditionHolds(condition(wire), { control_rate: Ratio.of(value) });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value.holds;
};

describe('conditionHolds', () => {
  it('compares strictly for above and below, inclusively for atLeast and atMost', () => {
    expect([holds({ above: '0.8' }, '0.8'), holds({ above: '0.8' }, '0.8000001')]).toEqual([
      false,
      true,
    ]);
    expect([holds({ atLeast: '0.8' }, '0.8'), holds({ atLeast: '0.8' }, '0.79')]).toEqual([
      true,
      false,
    ]);
    expect([holds({ below: '0.05' }, '0.05'), holds({ below: '0.05' }, '0.0499')]).toEqual([
      false,
      true,
    ]);
    expect([holds({ atMost: '0.05' }, '0.05'), holds({ atMost: '0.05' }, '0.051')]).toEqual([
      true,
      false,
    ]);
  });

  it('reports an indicator that was not measured at its path, never as false', () => {
    for (const name of ['control_rate', 'constructor', 'to_string']) {
      const c = indicatorConditionSchema.decode({ indicator: name, above: '0.8' });
      const result = conditionHolds(c, {});
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => [i.code, i.path])).toEqual([
        ['value.indicator_missing', ['indicators', name]],
      ]);
    }
  });

  it('explains the comparison in percent', () => {
    const c = condition({ above: '0.8' });
    expect(describeCondition(c)).toBe('control_rate > 80%');
    const result = conditionHolds(c, { control_rate: Ratio.of('0.82') });
    expect(result.ok && result.value.explanation).toBe('control_rate 82% > 80%: holds');
  });

  it('names each missing indicator once across a rule’s conditions', () => {
    const result = evaluateConditions(
      [condition({ below: '0.05' }), condition({ above: '0.1' })],
      {},
    );
    expect(result.issues.map((i) => i.path)).toEqual([['indicators', 'control_rate']]);
  });
});

describe('indicatorConditionSchema', () => {
  it('refuses two comparisons (at the second), none, and a malformed id', () => {
    const paths = (wire: unknown) => {
      const parsed = indicatorConditionSchema.safeDecode(wire as never);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path);
    };
    expect(paths({ indicator: 'x', below: '0.1', atLeast: '0.05' })).toEqual([['below']]);
    expect(paths({ indicator: 'x' })).toEqual([[]]);
    expect(paths({ indicator: '1x', above: '0.1' })).toEqual([['indicator']]);
  });
});

describe('signedRatioCodec', () => {
  it('takes +5% and −5% and refuses a deduction of more than the whole', () => {
    expect(signedPercent(signedRatioCodec.decode('0.05'))).toBe('+5%');
    expect(signedPercent(signedRatioCodec.decode('-0.05'))).toBe('−5%');
    expect(signedRatioCodec.safeDecode('-1.01').success).toBe(false);
    expect(signedRatioCodec.safeDecode('5%').success).toBe(false);
  });
});

describe('periodIssues and keyIssues', () => {
  const q1 = accountingPeriodOf('2025-Q1');
  if (q1 === undefined) throw new Error('bad period');
  it('accepts a rule in force on every day of the period, refuses one that ends within it', () => {
    expect(periodIssues({ id: 'r', from: '2025-01-01', to: '2025-04-01' }, q1)).toEqual([]);
    expect(
      periodIssues({ id: 'r', from: '2025-01-01', to: '2025-03-01' }, q1).map((i) => i.path),
    ).toEqual([['period']]);
  });

  it('matches a region key by the regions within it', () => {
    const rule = { id: 'r', key: { region: '230100' } } as Parameters<typeof keyIssues>[0];
    expect(keyIssues(rule, { region: '230103' })).toEqual([]);
    expect(keyIssues(rule, { region: '230203' }).map((i) => i.path)).toEqual([['region']]);
    expect(keyIssues(rule, {}).map((i) => i.path)).toEqual([['region']]);
  });
});
