import { describe, expect, it } from 'vitest';
import type { KpiAnswer, StoredCaseView } from './api.ts';
import {
  budgetBar,
  fullestInstitution,
  institutionsOf,
  kpiFigure,
  monthsLabel,
  openCasesByDeadline,
  trendOf,
  warningLabel,
} from './model.ts';

describe('warningLabel', () => {
  it('names the level and what reached it', () => {
    expect(warningLabel({ level: '0.9', by: 'spend' })).toBe('90% reached by the spend');
    expect(warningLabel({ level: '1', by: 'forecast' })).toBe('100% forecast');
  });
});

describe('budgetBar', () => {
  it('draws spent and forecast against the budget, rescaled past 100%', () => {
    expect(budgetBar({ burn: '0.2500', forecastBurn: '0.5000' })).toEqual({
      spent: 0.25,
      forecast: 0.5,
      budget: 1,
    });
    const over = budgetBar({ burn: '0.5000', forecastBurn: '2.0000' });
    expect(over).toEqual({ spent: 0.25, forecast: 1, budget: 0.5 });
  });
});

const storedCase = (id: string, state: string, deadline: string | null, overdue: boolean) =>
  ({ case: { id, state, deadline }, overdue }) as unknown as StoredCaseView;

describe('openCasesByDeadline', () => {
  it('drops closed cases and puts the overdue first, each by deadline, none last', () => {
    const sorted = openCasesByDeadline([
      storedCase('a', 'open', null, false),
      storedCase('b', 'awaiting_response', '2025-05-01', false),
      storedCase('c', 'closed', '2025-01-01', true),
      storedCase('d', 'decided', '2025-04-20', true),
      storedCase('e', 'awaiting_response', '2025-04-02', true),
      storedCase('f', 'under_review', '2025-04-30', false),
    ]);
    expect(sorted.map((s) => s.case.id)).toEqual(['e', 'd', 'f', 'b', 'a']);
  });
});

const answer: Pick<KpiAnswer, 'items' | 'peers'> = {
  items: [
    {
      kpi: 'cost_per_case',
      group: { institution: 'H2', tier: 'tertiary', month: '2025-02' },
      numerator: '300.00',
      denominator: '2',
      value: '150.00',
    },
    {
      kpi: 'cost_per_case',
      group: { institution: 'H2', tier: 'tertiary', month: '2025-01' },
      numerator: '100.00',
      denominator: '0',
      value: null,
    },
    {
      kpi: 'cost_per_case',
      group: { institution: 'H1', tier: 'secondary', month: '2025-01' },
      numerator: '80.00',
      denominator: '1',
      value: '80.00',
    },
  ],
  peers: [
    {
      kpi: 'cost_per_case',
      tier: 'tertiary',
      month: '2025-03',
      average: '90.000000',
      institutions: 4,
    },
    {
      kpi: 'cost_per_case',
      tier: 'tertiary',
      month: '2025-01',
      average: '95.500000',
      institutions: 3,
    },
    {
      kpi: 'cost_per_case',
      tier: 'secondary',
      month: '2025-01',
      average: '70.000000',
      institutions: 2,
    },
    { kpi: 'cost_per_case', tier: 'tertiary', average: '99.000000', institutions: 5 },
  ],
};

describe('trendOf', () => {
  it("lists every month the institution or its tier's peers have, with exact strings", () => {
    expect(institutionsOf(answer)).toEqual(['H1', 'H2']);
    const trend = trendOf(answer, 'cost_per_case', 'H2');
    expect(trend.tier).toBe('tertiary');
    expect(trend.rows).toEqual([
      { month: '2025-01', value: null, peer: '95.500000', peers: 3 },
      { month: '2025-02', value: '150.00', peer: undefined, peers: undefined },
      { month: '2025-03', value: undefined, peer: '90.000000', peers: 4 },
    ]);
  });

  it('starts with the institution that has the most values', () => {
    expect(fullestInstitution(answer, 'cost_per_case')).toBe('H1');
    expect(fullestInstitution({ items: [] }, 'cost_per_case')).toBeUndefined();
  });
});

describe('figures', () => {
  it('writes a KPI in its unit without arithmetic', () => {
    expect(kpiFigure('0.123456', 'ratio')).toBe('12.3456%');
    expect(kpiFigure('-0.25', 'ratio')).toBe('−25%');
    expect(kpiFigure('1460322.50', 'money')).toBe('1,460,322.50');
    expect(kpiFigure('1.0421', 'index')).toBe('1.0421');
    expect(monthsLabel('2025-03', '2025-03')).toBe('2025-03');
    expect(monthsLabel('2025-03', '2025-05')).toBe('2025-03 – 2025-05');
  });
});
