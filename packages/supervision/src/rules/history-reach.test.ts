import { describe, expect, it } from 'vitest';
import { historyReachOf } from './history-reach.ts';
import { compileRuleSet } from './review.ts';
import { ruleSetSchema } from './rule-set.ts';

const rule = (code: string, window: unknown, check: unknown) => ({
  code,
  name: code,
  category: 'medical',
  stages: ['post_payment'],
  resultType: 'suspicious',
  severity: 'medium',
  action: 'warn',
  window,
  from: '2025-01-01',
  check,
});

const reachOf = (rules: unknown[]) =>
  historyReachOf([
    compileRuleSet(
      ruleSetSchema.parse({
        id: 'reach-test',
        title: 'reach test',
        region: null,
        publishedOn: '2025-01-01',
        rules,
      }),
    ),
  ]);

// Codes of the national rule base (001103000010000 急诊监护费 includes 001102000030000 急诊诊查费).
const MONITORING = '001103000010000';
const CONSULTATION = '001102000030000';
const HBA1C = '002503020030000';
const WARD_ROUND = '001102000050000';

describe('historyReachOf', () => {
  it('reads back the main items of duplicate pairs, never the secondaries', () => {
    const reach = reachOf([
      rule(
        'DUP',
        { kind: 'natural_day' },
        { kind: 'duplicate_charge', pairs: [{ main: MONITORING, secondary: CONSULTATION }] },
      ),
    ]);
    expect(reach.lineDays(MONITORING)).toBe(0);
    expect(reach.lineDays(CONSULTATION)).toBeNull();
    expect(reach.evidenceDays).toBeNull();
    expect(reach.lookbackDays).toBe(0);
  });

  it('reads counted items for their window, the longest when rules overlap; this-visit rules not', () => {
    const reach = reachOf([
      rule(
        'TPW-15',
        { kind: 'days', days: 15 },
        { kind: 'times_per_window', items: [HBA1C], maxTimes: '1' },
      ),
      rule('COURSE-Y', { kind: 'year' }, { kind: 'item_course', items: ['0025'], maxDays: 30 }),
      rule(
        'TPW-V',
        { kind: 'visit' },
        { kind: 'times_per_window', items: [WARD_ROUND], maxTimes: '1' },
      ),
      rule('SEX', { kind: 'days', days: 90 }, { kind: 'item_sex', items: ['0021'], sex: 'female' }),
    ]);
    // HBA1C falls under 0025 too (a year's course): the longest of the two.
    expect(reach.lineDays(HBA1C)).toBe(366);
    expect(reach.lineDays('002501000010000')).toBe(366);
    expect(reach.lineDays(WARD_ROUND)).toBeNull();
    // A sex rule never reads earlier claims, whatever its window.
    expect(reach.lineDays('002101030300000')).toBeNull();
    expect(reach.lookbackDays).toBe(366);
  });

  it('reads a daily-frequency item on the same day whatever the window; evidence for biomarkers', () => {
    const reach = reachOf([
      rule(
        'FREQ',
        { kind: 'visit' },
        { kind: 'item_frequency', items: [WARD_ROUND], maxPerDay: '1' },
      ),
      rule(
        'BIO',
        { kind: 'days', days: 180 },
        {
          kind: 'biomarker_required',
          drugs: [{ codes: ['XL01EB'], test: 'EGFR', result: 'positive' }],
        },
      ),
    ]);
    expect(reach.lineDays(WARD_ROUND)).toBe(0);
    expect(reach.lineDays('XL01EBD999A001010100001')).toBeNull();
    expect(reach.evidenceDays).toBe(180);
    expect(reach.lookbackDays).toBe(180);
  });

  it('reads nothing back for rules that read this claim only', () => {
    const reach = reachOf([
      rule(
        'AGE',
        { kind: 'visit' },
        { kind: 'item_age', items: ['0031'], minAge: null, maxAge: 18 },
      ),
    ]);
    expect(reach.lineDays('003105120040000')).toBeNull();
    expect(reach.evidenceDays).toBeNull();
    expect(reach.lookbackDays).toBe(0);
  });
});
