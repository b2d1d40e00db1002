import { z } from 'zod';

/**
 * Province-level prefixes of the GB/T 2260 administrative division codes (行政区划代码): the first
 * two digits of every valid region code.
 */
export const PROVINCE_PREFIXES = [
  '11',
  '12',
  '13',
  '14',
  '15', // 华北
  '21',
  '22',
  '23', // 东北
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37', // 华东
  '41',
  '42',
  '43',
  '44',
  '45',
  '46', // 中南
  '50',
  '51',
  '52',
  '53',
  '54', // 西南
  '61',
  '62',
  '63',
  '64',
  '65', // 西北
  '71',
  '81',
  '82', // 台湾, 香港, 澳门
] as const;

export const ECONOMIC_ZONES = ['east', 'central', 'west'] as const;
export type EconomicZone = (typeof ECONOMIC_ZONES)[number];

export const REGION_CODE_PATTERN = /^\d{6}$/;

export const regionCodeSchema = z
  .string()
  .regex(REGION_CODE_PATTERN, {
    error: 'must be a 6-digit administrative division code, e.g. "230100"',
  })
  .refine((code) => (PROVINCE_PREFIXES as readonly string[]).includes(code.slice(0, 2)), {
    error: 'must start with a province code (11–65, 71, 81, 82)',
  })
  .brand<'RegionCode'>()
  .meta({ description: 'GB/T 2260 administrative division code (6 digits).', example: '230100' });
export type RegionCode = z.output<typeof regionCodeSchema>;

/** A region (统筹区): where a person is insured, or where care is given. */
export const regionSchema = z
  .strictObject({
    code: regionCodeSchema,
    name: z.string().min(1).max(100),
    economicZone: z
      .enum(ECONOMIC_ZONES)
      .meta({ description: 'East / central / west, for regional coefficients.' }),
  })
  .meta({ id: 'Region' });
export type Region = z.output<typeof regionSchema>;

/**
 * GB/T 2260 codes are a three-level hierarchy read from the digits `PPCCDD`: a province
 * (`PP0000`), a prefecture-level city or grouping (`PPCC00`), a county or district (`PPCCDD`).
 * 230103 (南岗区) lies in 230100 (哈尔滨市), which lies in 230000 (黑龙江省). Province-administered
 * counties (`PP90DD`) and municipality districts (`110105` under `110100` under `110000`) follow
 * the same rule.
 */
export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export function regionLevel(code: RegionCode): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The region one level up (county → city → province); null for a province. */
export function parentRegion(code: RegionCode): RegionCode | null {
  switch (regionLevel(code)) {
    case 'province':
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000` as RegionCode;
    case 'county':
      return `${code.slice(0, 4)}00` as RegionCode;
  }
}

/** How many leading digits a region shares with every region within it ("23" of 230000). */
const OWN_DIGITS: Readonly<Record<RegionLevel, number>> = { province: 2, city: 4, county: 6 };

/**
 * Whether `code` is `area` itself or lies within it (230103 is within 230100 and 230000): it
 * starts with the digits the area shares with every region within it ("23" of 230000, "2301" of
 * 230100, all six of a county), compared in place (settlement and review ask this of every claim).
 */
export function isWithinRegion(code: RegionCode, area: RegionCode): boolean {
  if (code === area) return true;
  const own = OWN_DIGITS[regionLevel(area)];
  if (code.length < own) return false;
  for (let i = 0; i < own; i++) if (code.charCodeAt(i) !== area.charCodeAt(i)) return false;
  return true;
}
