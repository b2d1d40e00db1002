import { describe, expect, it } from 'vitest';
import {
  adjustmentRequestOf,
  entriesChart,
  listOf,
  runRequestOf,
  signedPercent,
  treatedCount,
  viewsFor,
} from './model.ts';

describe('viewsFor', () => {
  it('gives an administrator every view, a reviewer the contracts, others the runs only', () => {
    expect(viewsFor('administrator')).toEqual(['runs', 'contracts', 'adjustments']);
    expect(viewsFor('reviewer')).toEqual(['runs', 'contracts']);
    expect(viewsFor('auditor')).toEqual(['runs']);
    expect(viewsFor('institution_integrator')).toEqual(['runs']);
  });
});

describe('runRequestOf', () => {
  const form = { period: ' 2025 ', region: '230100', institutions: '', contracts: '' };

  it('runs every scope of the period when nothing is named', () => {
    expect(runRequestOf(form)).toEqual({ ok: true, value: { period: '2025', region: '230100' } });
  });

  it('names the institutions and contracts typed, once each', () => {
    const checked = runRequestOf({
      ...form,
      institutions: 'H23010300012, H23010300013\nH23010300012',
      contracts: 'cart-survival',
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        period: '2025',
        region: '230100',
        institutions: ['H23010300012', 'H23010300013'],
        contracts: ['cart-survival'],
      },
    });
  });

  it('refuses a period that is not a year, quarter or month, and a region that is not 6 digits', () => {
    const checked = runRequestOf({ ...form, period: '2025-Q5', region: '2301' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['period', 'region']);
  });
});

describe('adjustmentRequestOf', () => {
  const form = {
    region: '230100',
    item: '270800001000000',
    effectiveFrom: '2026-01-01',
    id: '',
    rows: [
      { indicator: 'cost_decline', value: '0.15' },
      { indicator: 'grade3_adverse_event_rate', value: '' },
      { indicator: 'fund_spend_share', value: '0.06' },
    ],
  };

  it('measures the item by the rows filled in, leaving blank ones out', () => {
    expect(adjustmentRequestOf(form)).toEqual({
      ok: true,
      value: {
        region: '230100',
        effectiveFrom: '2026-01-01',
        measures: { '270800001000000': { cost_decline: '0.15', fund_spend_share: '0.06' } },
      },
    });
  });

  it('sends the draft version id only when one is given', () => {
    const checked = adjustmentRequestOf({ ...form, id: ' draft-1 ' });
    expect(checked.ok && checked.value.id).toBe('draft-1');
  });

  it('refuses a rate outside 0–1, an indicator twice, and no measure at all', () => {
    const outside = adjustmentRequestOf({
      ...form,
      rows: [{ indicator: 'cost_decline', value: '1.5' }],
    });
    expect(outside.ok ? [] : outside.errors.measures).toEqual([
      'cost_decline: enter a rate from 0 to 1, e.g. 0.15.',
    ]);
    const twice = adjustmentRequestOf({
      ...form,
      rows: [
        { indicator: 'cost_decline', value: '0.1' },
        { indicator: 'cost_decline', value: '0.2' },
      ],
    });
    expect(twice.ok ? [] : twice.errors.measures).toEqual(['cost_decline is measured twice.']);
    const none = adjustmentRequestOf({ ...form, item: '', rows: [] });
    expect(none.ok ? {} : none.errors).toEqual({
      item: ['Enter the item code.'],
      measures: ['Enter at least one measured indicator.'],
    });
  });
});

describe('signedPercent', () => {
  it('shows a change with its sign, exactly', () => {
    expect(signedPercent('-0.1')).toBe('−10%');
    expect(signedPercent('0.125')).toBe('+12.5%');
    expect(signedPercent('0')).toBe('0%');
  });
});

describe('entriesChart', () => {
  it('draws what the fund pays up and what is owed to it as its own series, one bar per entry', () => {
    const chart = entriesChart([
      { model: 'capitation', amount: '1400000.00' },
      { model: 'capitation', amount: '630000.00' },
      { model: 'risk_sharing', amount: '-1125000.00' },
    ]);
    expect(chart.categories).toEqual(['1. Capitation', '2. Capitation', '3. Risk sharing']);
    expect(chart.paid).toEqual([1400000, 630000, 0]);
    expect(chart.owed).toEqual([0, 0, 1125000]);
  });
});

describe('listOf', () => {
  it('splits on commas, spaces and new lines and drops repeats', () => {
    expect(listOf(' a, b;c\n a ')).toEqual(['a', 'b', 'c']);
    expect(listOf('   ')).toEqual([]);
  });
});

describe('treatedCount', () => {
  it('counts each patient once across evaluated, excluded and due', () => {
    expect(
      treatedCount({
        evaluated: [{ personId: 'P-1' }, { personId: 'P-2' }],
        excluded: [{ personId: 'P-3' }],
        dueEvaluations: [{ personId: 'P-4' }, { personId: 'P-1' }],
      }),
    ).toBe(4);
  });
});
