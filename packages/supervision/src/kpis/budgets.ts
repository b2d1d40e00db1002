import {
  type CalendarDate,
  Decimal,
  Money,
  Ratio,
  type Result,
  calendarDate,
  daysBetween,
  fail,
  institutionCodeSchema,
  issue,
  issuesFromZod,
  moneyCodec,
  ok,
  ratioCodec,
  serviceYearSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import type { KpiDefinitionSet } from './definitions.ts';
import type { MeasureRef } from './definitions.ts';

/**
 * Global budgets (总额预算) as data: an amount of fund spending per year for the fund as a whole, an
 * institution, a category (robotic surgery, antibiotics …) or a category at one institution. The
 * status of each is its spend so far, a run-rate forecast to the year's end (spend ÷ days elapsed ×
 * days in the year) and the warning levels (burn shares, e.g. 80%, 90%, 100%) that the spend or
 * the forecast has reached.
 */

export const budgetEntrySchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
  title: z.string().min(1).max(200),
  /** The institution it binds; absent: the whole fund. */
  institution: institutionCodeSchema.optional(),
  /** A category of the KPI definitions; absent: all spending. */
  category: z.string().min(1).max(48).optional(),
  // A refinement runs even when the text did not decode (zod does not abort on a pattern issue).
  amount: moneyCodec.refine((m) => !(m instanceof Money) || m.isPositive(), {
    error: 'must be positive',
  }),
});

export const budgetSetSchema = z
  .strictObject({
    format: z.literal('openpayer.budgets/1'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
    title: z.string().min(1).max(200),
    year: serviceYearSchema,
    /** Burn shares that warn, ascending (0.8 = 80% of the budget spent or forecast). */
    warnAt: z.array(ratioCodec).min(1).max(10),
    entries: z.array(budgetEntrySchema).min(1).max(1000),
  })
  .superRefine((b, ctx) => {
    b.warnAt.forEach((w, i) => {
      const prev = b.warnAt[i - 1];
      if (!(w instanceof Ratio) || (prev !== undefined && !(prev instanceof Ratio))) return;
      if (w.isZero() || (prev !== undefined && !w.decimal.gt(prev.decimal))) {
        ctx.addIssue({
          code: 'custom',
          path: ['warnAt', i],
          message: 'warning levels are positive and ascending',
        });
      }
    });
    const seen = new Set<string>();
    b.entries.forEach((e, i) => {
      if (seen.has(e.id)) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `${e.id} twice` });
      }
      seen.add(e.id);
    });
  })
  .meta({ id: 'BudgetSet' });
export type BudgetSet = z.output<typeof budgetSetSchema>;
export type BudgetSetWire = z.input<typeof budgetSetSchema>;
export type BudgetEntry = z.output<typeof budgetEntrySchema>;

export type BudgetIssueCode = 'budget.invalid' | 'budget.bad_date';

/** The budgets, checked against the KPI definitions whose categories they name. */
export function loadBudgets(
  json: unknown,
  kpis: KpiDefinitionSet,
): Result<BudgetSet, BudgetIssueCode> {
  const categories = new Set(kpis.categories.map((c) => c.id));
  const parsed = budgetSetSchema
    .superRefine((b, ctx) => {
      b.entries.forEach((e, i) => {
        if (e.category !== undefined && !categories.has(e.category)) {
          ctx.addIssue({
            code: 'custom',
            path: ['entries', i, 'category'],
            message: `no category ${e.category} in ${kpis.id}`,
          });
        }
      });
    })
    .safeParse(json);
  if (!parsed.success)
    return fail(
      issuesFromZod(parsed.error).map((i) => issue('budget.invalid', i.message, { path: i.path })),
    );
  return ok(parsed.data);
}

/** The measure a budget entry's spend is the sum of: the fund's payments (of its category). */
export function budgetMeasure(entry: Pick<BudgetEntry, 'category'>): MeasureRef {
  return {
    measure: 'fund',
    scope: 'entity',
    ...(entry.category === undefined ? {} : { category: entry.category }),
  };
}

export interface BudgetWarning {
  /** The burn share reached (as in warnAt). */
  readonly level: string;
  /** Reached by the spend so far, or only by the forecast. */
  readonly by: 'spend' | 'forecast';
}

export interface BudgetStatus {
  readonly id: string;
  readonly title: string;
  readonly institution: string | null;
  readonly category: string | null;
  readonly amount: Money;
  readonly spent: Money;
  /** Spend ÷ days elapsed × days in the year, to the fen. */
  readonly forecast: Money;
  /** spent ÷ amount and forecast ÷ amount, to 4 places. */
  readonly burn: string;
  readonly forecastBurn: string;
  readonly daysElapsed: number;
  readonly daysInYear: number;
  /** The highest level reached by the spend, and the highest the forecast reaches beyond it. */
  readonly warnings: readonly BudgetWarning[];
  readonly explanation: string;
}

/**
 * One entry's status on `asOf` (spend counted up to and including that day). `spent` is the
 * entry's fund spend of the year so far.
 */
export function budgetStatus(
  set: BudgetSet,
  entry: BudgetEntry,
  spent: Money,
  asOf: CalendarDate,
): Result<BudgetStatus, BudgetIssueCode> {
  const start = calendarDate(`${String(set.year)}-01-01`);
  const end = calendarDate(`${String(set.year + 1)}-01-01`);
  if (asOf < start) {
    return fail([
      issue('budget.bad_date', `${asOf} is before the budget year ${String(set.year)}`, {
        path: ['asOf'],
      }),
    ]);
  }
  const daysInYear = daysBetween(start, end);
  const daysElapsed = Math.min(daysInYear, daysBetween(start, asOf) + 1);
  const forecast =
    daysElapsed === daysInYear
      ? spent
      : Money.of(
          spent.amount
            .times(daysInYear)
            .dividedBy(daysElapsed)
            .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
            .toFixed(2),
        );
  const share = (m: Money) => m.amount.dividedBy(entry.amount.amount);
  const burn = share(spent);
  const forecastBurn = share(forecast);
  const reached = set.warnAt.filter((w) => burn.gte(w.decimal));
  const forecastOnly = set.warnAt.filter(
    (w) => !burn.gte(w.decimal) && forecastBurn.gte(w.decimal),
  );
  const warnings: BudgetWarning[] = [
    ...reached.slice(-1).map((w) => ({ level: w.toString(), by: 'spend' as const })),
    ...forecastOnly.slice(-1).map((w) => ({ level: w.toString(), by: 'forecast' as const })),
  ];
  const p = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
  return ok({
    id: entry.id,
    title: entry.title,
    institution: entry.institution ?? null,
    category: entry.category ?? null,
    amount: entry.amount,
    spent,
    forecast,
    burn: burn.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4),
    forecastBurn: forecastBurn.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4),
    daysElapsed,
    daysInYear,
    warnings,
    explanation: `${entry.title}: spent ${spent.toFixedString()} of ${entry.amount.toFixedString()} (${p(burn)}) in ${String(daysElapsed)} of ${String(daysInYear)} days; at this rate ${forecast.toFixedString()} by the year's end (${p(forecastBurn)})${warnings.length === 0 ? '' : `; warning: ${warnings.map((w) => `${p(new Decimal(w.level))} reached by the ${w.by}`).join(', ')}`}`,
  });
}
