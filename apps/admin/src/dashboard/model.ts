import { percent, yuan } from '../ui/format.ts';
import type { BudgetView, KpiAnswer, StoredCaseView } from './api.ts';

/**
 * The dashboard's pure helpers: which cases are open and in what order, a KPI's monthly trend
 * against its tier's peers, and how figures and warnings read. Figures stay the API's exact
 * strings; numbers are made only to draw bars and lines.
 */

/** A budget warning as a person reads it: "90% reached by the spend", "100% forecast". */
export function warningLabel(warning: BudgetView['warnings'][number]): string {
  const level = percent(warning.level);
  return warning.by === 'spend' ? `${level} reached by the spend` : `${level} forecast`;
}

/** A decimal string as a number for drawing (never for arithmetic on money); NaN → 0. */
export function drawn(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Fractions of the bar (0..1) for spent and forecast, over max(amount, forecast) (drawing only). */
export function budgetBar(b: Pick<BudgetView, 'burn' | 'forecastBurn'>): {
  readonly spent: number;
  readonly forecast: number;
  readonly budget: number;
} {
  const burn = Math.max(0, drawn(b.burn) ?? 0);
  const forecast = Math.max(0, drawn(b.forecastBurn) ?? 0);
  const scale = Math.max(1, burn, forecast);
  return { spent: burn / scale, forecast: forecast / scale, budget: 1 / scale };
}

/** Cases not closed, by deadline (earliest first, none last), overdue ones first. */
export function openCasesByDeadline(items: readonly StoredCaseView[]): StoredCaseView[] {
  return items
    .filter((s) => s.case.state !== 'closed')
    .toSorted((a, b) => {
      if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
      const da = a.case.deadline ?? '\uffff';
      const db = b.case.deadline ?? '\uffff';
      return da < db ? -1 : da > db ? 1 : a.case.id < b.case.id ? -1 : 1;
    });
}

/** The institutions of a KPI answer, sorted. */
export function institutionsOf(answer: Pick<KpiAnswer, 'items'>): string[] {
  return [
    ...new Set(
      answer.items.map((v) => v.group.institution).filter((i): i is string => i !== undefined),
    ),
  ].toSorted();
}

/** The institution with the most values (the fullest trend to show first); ties: the first. */
export function fullestInstitution(
  answer: Pick<KpiAnswer, 'items'>,
  kpi: string,
): string | undefined {
  const counts = new Map<string, number>();
  for (const v of answer.items) {
    const institution = v.group.institution;
    if (v.kpi !== kpi || institution === undefined || v.value === null) continue;
    counts.set(institution, (counts.get(institution) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const institution of institutionsOf(answer)) {
    if (best === undefined || (counts.get(institution) ?? 0) > (counts.get(best) ?? 0)) {
      best = institution;
    }
  }
  return best;
}

export interface TrendRow {
  readonly month: string;
  /** The institution's value (exact string), null when its denominator was 0, undefined: no row. */
  readonly value: string | null | undefined;
  /** Its tier's peer average that month (exact string), if any. */
  readonly peer: string | undefined;
  readonly peers: number | undefined;
}

export interface Trend {
  readonly tier: string | undefined;
  readonly rows: readonly TrendRow[];
}

/** One KPI of one institution by month, with its tier's peer average, every month either has. */
export function trendOf(
  answer: Pick<KpiAnswer, 'items' | 'peers'>,
  kpi: string,
  institution: string,
): Trend {
  const own = answer.items.filter((v) => v.kpi === kpi && v.group.institution === institution);
  const tier = own.find((v) => v.group.tier !== undefined && v.group.tier !== '')?.group.tier;
  const peers = answer.peers.filter(
    (p) => p.kpi === kpi && p.tier === tier && p.month !== undefined,
  );
  const months = [
    ...new Set([
      ...own.map((v) => v.group.month).filter((m): m is string => m !== undefined),
      ...peers.map((p) => p.month ?? ''),
    ]),
  ].toSorted();
  return {
    tier,
    rows: months.map((month) => {
      const value = own.find((v) => v.group.month === month);
      const peer = peers.find((p) => p.month === month);
      return {
        month,
        value: value === undefined ? undefined : value.value,
        peer: peer?.average,
        peers: peer?.institutions,
      };
    }),
  };
}

export type KpiUnit = 'ratio' | 'money' | 'index' | 'count';

/** A KPI value in its unit: a ratio as a percentage, money grouped, the rest as sent. */
export function kpiFigure(value: string, unit: KpiUnit | undefined): string {
  if (unit === 'ratio')
    return value.startsWith('-') ? `−${percent(value.slice(1))}` : percent(value);
  if (unit === 'money') return yuan(value);
  return value;
}

/** An anomaly's months: "2025-03" or "2025-03 – 2025-05". */
export function monthsLabel(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`;
}
