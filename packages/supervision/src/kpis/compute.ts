import { Decimal } from '@openpayer/domain';
import type { KpiDefinition, KpiDefinitionSet, MeasureRef } from './definitions.ts';
import { measureKey } from './definitions.ts';

/**
 * KPI values from summed measures. The sums come from SQL (exact numeric, per institution,
 * department, doctor and month as asked); the ratios are taken here with exact decimals and
 * rounded once, at the unit's scale: ratios to 6 places, money to the fen, indices to 4.
 */

/** measure key → exact sum as a decimal string (a key not present sums to 0). */
export type MeasureSums = Readonly<Record<string, string>>;

export interface KpiGroup {
  readonly institution?: string;
  readonly tier?: string;
  readonly department?: string;
  readonly doctor?: string;
  /** The month (`2025-03`) when the query is by month. */
  readonly month?: string;
}

export interface KpiGroupSums {
  readonly group: KpiGroup;
  readonly sums: MeasureSums;
  /** The same group's sums over the period before, of equal length (growth KPIs). */
  readonly previous?: MeasureSums;
}

export interface KpiValue {
  readonly kpi: string;
  readonly group: KpiGroup;
  /** Exact; null for a growth KPI (see `previous`). */
  readonly numerator: string;
  readonly denominator: string | null;
  /** null when the denominator is 0 (or, for growth, when the period before had none). */
  readonly value: string | null;
}

const SCALE = { ratio: 6, money: 2, index: 4, count: 0 } as const;

const sumOf = (sums: MeasureSums | undefined, ref: MeasureRef) =>
  new Decimal(sums?.[measureKey(ref)] ?? '0');

function round(def: KpiDefinition, value: Decimal): string {
  return value.toDecimalPlaces(SCALE[def.unit], Decimal.ROUND_HALF_UP).toFixed(SCALE[def.unit]);
}

/**
 * One KPI of one group. `fund` are the sums over every group of the query, for measures whose
 * scope is the whole fund (a category's spend as a share of the fund).
 */
export function kpiValue(
  def: KpiDefinition,
  row: KpiGroupSums,
  fund: MeasureSums | undefined,
  fundPrevious?: MeasureSums,
): KpiValue {
  const pick = (ref: MeasureRef, previous = false) =>
    ref.scope === 'fund'
      ? sumOf(previous ? fundPrevious : fund, ref)
      : sumOf(previous ? row.previous : row.sums, ref);
  switch (def.kind) {
    case 'measure': {
      const v = pick(def.measure);
      return {
        kpi: def.id,
        group: row.group,
        numerator: v.toFixed(),
        denominator: null,
        value: round(def, v),
      };
    }
    case 'ratio': {
      const n = pick(def.numerator);
      const d = pick(def.denominator);
      return {
        kpi: def.id,
        group: row.group,
        numerator: n.toFixed(),
        denominator: d.toFixed(),
        value: d.isZero() ? null : round(def, n.dividedBy(d)),
      };
    }
    case 'growth': {
      const now = pick(def.measure);
      const before = pick(def.measure, true);
      return {
        kpi: def.id,
        group: row.group,
        numerator: now.toFixed(),
        denominator: before.toFixed(),
        value: before.isZero() ? null : round(def, now.minus(before).dividedBy(before)),
      };
    }
  }
}

/** Every asked KPI of every group, in the groups' order and the definitions' order. */
export function kpiValues(
  set: KpiDefinitionSet,
  rows: readonly KpiGroupSums[],
  options: {
    readonly kpis?: readonly string[] | undefined;
    /**
     * The fund's sums when the rows are filtered (one institution's rows do not make the fund):
     * over the whole period, the period before, and by month.
     */
    readonly fund?: FundSums | undefined;
  } = {},
): KpiValue[] {
  const defs =
    options.kpis === undefined ? set.kpis : set.kpis.filter((k) => options.kpis?.includes(k.id));
  const fund = options.fund?.total ?? totalSums(rows.map((r) => r.sums));
  const fundPrevious = options.fund?.previous ?? totalSums(rows.map((r) => r.previous ?? {}));
  // A fund scope is per month when the rows are by month.
  const byMonth = new Map<string, { now: MeasureSums; before: MeasureSums }>();
  if (options.fund?.byMonth !== undefined) {
    for (const [m, sums] of Object.entries(options.fund.byMonth)) {
      byMonth.set(m, { now: sums, before: {} });
    }
  } else if (options.fund === undefined && rows.some((r) => r.group.month !== undefined)) {
    const months = new Set(rows.map((r) => r.group.month ?? ''));
    for (const m of months) {
      const inMonth = rows.filter((r) => (r.group.month ?? '') === m);
      byMonth.set(m, {
        now: totalSums(inMonth.map((r) => r.sums)),
        before: totalSums(inMonth.map((r) => r.previous ?? {})),
      });
    }
  }
  return rows.flatMap((row) => {
    const scope = row.group.month === undefined ? undefined : byMonth.get(row.group.month);
    return defs.map((d) => kpiValue(d, row, scope?.now ?? fund, scope?.before ?? fundPrevious));
  });
}

export interface FundSums {
  readonly total: MeasureSums;
  readonly previous?: MeasureSums;
  readonly byMonth?: Readonly<Record<string, MeasureSums>>;
}

/** The key-by-key sum of several groups' sums. */
export function totalSums(all: readonly MeasureSums[]): MeasureSums {
  const out = new Map<string, Decimal>();
  for (const sums of all) {
    for (const [k, v] of Object.entries(sums)) out.set(k, (out.get(k) ?? new Decimal(0)).plus(v));
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, v.toFixed()]));
}

/** The average of a KPI over an institution's peers (same tier), per month when by month. */
export interface PeerAverage {
  readonly kpi: string;
  readonly tier: string;
  readonly month?: string;
  /** The mean of the peers' values (those with one), rounded at the KPI's unit (as values are). */
  readonly average: string;
  readonly institutions: number;
}

/**
 * Peer comparison: for rows by institution (and month), each KPI's mean value over the
 * institutions of one tier — what a hospital's figure is read against.
 */
export function peerAverages(set: KpiDefinitionSet, values: readonly KpiValue[]): PeerAverage[] {
  const units = new Map(set.kpis.map((k) => [k.id, k]));
  const groups = new Map<
    string,
    { kpi: string; tier: string; month?: string; sum: Decimal; n: number }
  >();
  for (const v of values) {
    if (v.value === null || v.group.institution === undefined) continue;
    const tier = v.group.tier ?? '';
    const id = `${v.kpi}|${tier}|${v.group.month ?? ''}`;
    const g = groups.get(id) ?? {
      kpi: v.kpi,
      tier,
      ...(v.group.month === undefined ? {} : { month: v.group.month }),
      sum: new Decimal(0),
      n: 0,
    };
    g.sum = g.sum.plus(v.value);
    g.n += 1;
    groups.set(id, g);
  }
  return [...groups.values()].map(({ sum, n, ...g }) => {
    // A mean of counts keeps two places (1.5 cases is a fair average); others their unit's.
    const unit = units.get(g.kpi)?.unit ?? 'ratio';
    const places = unit === 'count' ? 2 : SCALE[unit];
    return {
      ...g,
      average: sum.dividedBy(n).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places),
      institutions: n,
    };
  });
}
