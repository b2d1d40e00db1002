import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROVINCE_PREFIXES,
  type RegionCode,
  isWithinRegion,
  parentRegion,
  regionCodeSchema,
  regionLevel,
} from './region.ts';

const code = (text: string) => regionCodeSchema.parse(text);

const pair = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const regionArb = fc
  .tuple(fc.constantFrom(...PROVINCE_PREFIXES), pair, pair)
  .map(([p, c, d]) => code(`${p}${c}${d}`));

describe('region hierarchy (GB/T 2260)', () => {
  it('reads the level of a code from its trailing zero pairs', () => {
    expect(regionLevel(code('230000'))).toBe('province');
    expect(regionLevel(code('230100'))).toBe('city');
    expect(regionLevel(code('230103'))).toBe('county');
  });

  it('walks a district up to its city and province, and stops at the province', () => {
    expect(parentRegion(code('230103'))).toBe('230100');
    expect(parentRegion(code('230100'))).toBe('230000');
    expect(parentRegion(code('230000'))).toBeNull();
    expect(parentRegion(code('110105'))).toBe('110100');
  });

  it('puts a district within its city and province, but not within a sibling city', () => {
    expect(isWithinRegion(code('230103'), code('230100'))).toBe(true);
    expect(isWithinRegion(code('230103'), code('230000'))).toBe(true);
    expect(isWithinRegion(code('230100'), code('230100'))).toBe(true);
    expect(isWithinRegion(code('230202'), code('230100'))).toBe(false);
    expect(isWithinRegion(code('230100'), code('230103'))).toBe(false);
    expect(isWithinRegion(code('231000'), code('230000'))).toBe(true);
    expect(isWithinRegion(code('220100'), code('230000'))).toBe(false);
  });

  it('agrees with walking the parents: within an area exactly when the area is the code or an ancestor', () => {
    const ancestorsOf = (c: RegionCode) => {
      const out: RegionCode[] = [c];
      for (let p = parentRegion(c); p !== null; p = parentRegion(p)) out.push(p);
      return out;
    };
    fc.assert(
      fc.property(regionArb, regionArb, (c, area) => {
        const chain = ancestorsOf(c);
        expect(chain.length).toBeLessThanOrEqual(3);
        for (const a of chain) expect(regionCodeSchema.safeParse(a).success).toBe(true);
        expect(isWithinRegion(c, area)).toBe(chain.includes(area));
      }),
      { numRuns: 500 },
    );
  });
});
