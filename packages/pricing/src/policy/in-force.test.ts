import { type CalendarDate, addDays, calendarDate, fromEpochDay } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PolicyActivation, policyInForce, versionStates } from './in-force.ts';

const d = calendarDate;
const v = (id: string, region: string, activeFrom: string | null): PolicyActivation => ({
  id,
  region,
  activeFrom,
});

const HARBIN = '230100';
const DAQING = '230600';

const versions = [
  v('harbin-2024', HARBIN, '2024-01-01'),
  v('harbin-2025', HARBIN, '2025-01-01'),
  v('harbin-2030', HARBIN, '2030-01-01'),
  v('harbin-draft', HARBIN, null),
  v('daqing-2025', DAQING, '2025-07-01'),
];

describe('policyInForce', () => {
  it('takes the activated version of the region with the latest start on or before the date', () => {
    expect(policyInForce(versions, HARBIN, d('2025-06-30'))?.id).toBe('harbin-2025');
    expect(policyInForce(versions, HARBIN, d('2024-12-31'))?.id).toBe('harbin-2024');
  });

  it('uses a version from its first day on', () => {
    expect(policyInForce(versions, HARBIN, d('2025-01-01'))?.id).toBe('harbin-2025');
    expect(policyInForce(versions, HARBIN, d('2030-01-01'))?.id).toBe('harbin-2030');
  });

  it('ignores activations that start after the date', () => {
    expect(policyInForce(versions, HARBIN, d('2029-12-31'))?.id).toBe('harbin-2025');
  });

  it('finds none before the region’s first activation', () => {
    expect(policyInForce(versions, HARBIN, d('2023-12-31'))).toBeUndefined();
    expect(policyInForce(versions, DAQING, d('2025-06-30'))).toBeUndefined();
  });

  it('never takes another region’s version, however recent', () => {
    expect(policyInForce(versions, DAQING, d('2031-01-01'))?.id).toBe('daqing-2025');
    expect(policyInForce(versions, '110000', d('2031-01-01'))).toBeUndefined();
  });

  it('never takes a version that was not activated', () => {
    expect(policyInForce([v('draft', HARBIN, null)], HARBIN, d('2031-01-01'))).toBeUndefined();
  });

  it('breaks a shared start day by the greatest id, whatever the listing order', () => {
    const tied = [
      v('b', HARBIN, '2025-01-01'),
      v('c', HARBIN, '2025-01-01'),
      v('a', HARBIN, '2025-01-01'),
    ];
    for (const order of [tied, [...tied].reverse(), [tied[2], tied[0], tied[1]]]) {
      expect(policyInForce(order as PolicyActivation[], HARBIN, d('2025-03-01'))?.id).toBe('c');
    }
  });

  it('returns the caller’s own object', () => {
    const rich = [{ ...v('x', HARBIN, '2025-01-01'), title: 'X' }];
    expect(policyInForce(rich, HARBIN, d('2025-01-01'))).toBe(rich[0]);
  });
});

describe('versionStates', () => {
  it('marks each version active, scheduled, superseded or not activated on a date', () => {
    const states = versionStates(versions, d('2025-06-30'));
    expect(Object.fromEntries(states)).toEqual({
      'harbin-2024': { status: 'superseded', until: '2025-01-01' },
      'harbin-2025': { status: 'active', until: '2030-01-01' },
      'harbin-2030': { status: 'scheduled', until: null },
      'harbin-draft': { status: 'not_activated', until: null },
      'daqing-2025': { status: 'scheduled', until: null },
    });
  });

  it('has no active version in a region before its first start', () => {
    const states = versionStates(versions, d('2023-01-01'));
    expect([...states.values()].map((s) => s.status)).not.toContain('active');
  });

  it('gives the loser of a shared start day no days in force', () => {
    const states = versionStates(
      [v('b', HARBIN, '2025-01-01'), v('a', HARBIN, '2025-01-01')],
      d('2025-01-01'),
    );
    expect(states.get('b')).toEqual({ status: 'active', until: null });
    expect(states.get('a')).toEqual({ status: 'superseded', until: '2025-01-01' });
  });

  // The status screens and the settlement must never disagree about which version applies.
  it('agrees with policyInForce on every date, and a version is active on exactly [activeFrom, until)', () => {
    const day = (n: number): CalendarDate => addDays(d('2025-01-01'), n);
    const version = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      region: fc.constantFrom(HARBIN, DAQING),
      activeFrom: fc.option(fc.integer({ min: 0, max: 20 }).map(day), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(version, { selector: (x) => x.id, maxLength: 6 }),
        fc.integer({ min: -2, max: 22 }).map(day),
        (list, date) => {
          const states = versionStates(list, date);
          for (const region of [HARBIN, DAQING]) {
            const active = list.filter(
              (x) => x.region === region && states.get(x.id)?.status === 'active',
            );
            expect(active.map((x) => x.id)).toEqual(
              [policyInForce(list, region, date)?.id].filter((id) => id !== undefined),
            );
          }
          for (const x of list) {
            const s = states.get(x.id);
            const inRange =
              x.activeFrom !== null &&
              x.activeFrom <= date &&
              (s === undefined || s.until === null || date < s.until);
            expect(s?.status === 'active', `${x.id} on ${date}`).toBe(inRange);
          }
        },
      ),
    );
  });

  it('does not depend on the order versions are listed in', () => {
    const shuffled = [versions[3], versions[1], versions[4], versions[0], versions[2]];
    expect(versionStates(shuffled as PolicyActivation[], fromEpochDay(20_200))).toEqual(
      versionStates(versions, fromEpochDay(20_200)),
    );
  });
});
