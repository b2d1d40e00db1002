import { type PrincipalRole, accountingPeriodOf, may } from '@openpayer/domain';
import { percent } from '../ui/format.ts';

/**
 * What the value-based payment screens (按价值付费) know beyond the API: the words for the payment
 * models, which views a role may open, the run form's and the adjustment form's bodies built from
 * what was typed, and the drawing of a run's entries. Money stays a string throughout; only a
 * chart's bar length goes through Number().
 */

export const VALUE_MODEL_LABELS = {
  capitation: { en: 'Capitation', zh: '按人头付费' },
  stepped_p4p: { en: 'Stepped P4P', zh: '阶梯绩效付费' },
  value_score: { en: 'Value score', zh: '价值评分' },
  risk_sharing: { en: 'Risk sharing', zh: '风险分担' },
} as const;
export type ValueModelName = keyof typeof VALUE_MODEL_LABELS;

export type ValueView = 'runs' | 'contracts' | 'adjustments';

/** The section's views a role may open: contracts need `run_review`, proposals `upload_policy`. */
export function viewsFor(role: PrincipalRole): readonly ValueView[] {
  return [
    'runs',
    ...(may(role, 'run_review') ? (['contracts'] as const) : []),
    ...(may(role, 'upload_policy') ? (['adjustments'] as const) : []),
  ];
}

/** A list typed as "H23010300012, H23010300013" (commas, spaces or new lines): its entries. */
export function listOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).filter((s) => s !== ''))];
}

export interface RunRequest {
  readonly period: string;
  readonly region: string;
  readonly institutions?: string[];
  readonly contracts?: string[];
}

export type Checked<T, F extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: Partial<Record<F, string[]>> };

export type RunField = 'period' | 'region' | 'institutions' | 'contracts';

/**
 * The period-run request from the form: a period the API accepts, a 6-digit region, and the
 * institutions and contracts named (none named: the API runs every scope of the period).
 */
export function runRequestOf(form: {
  readonly period: string;
  readonly region: string;
  readonly institutions: string;
  readonly contracts: string;
}): Checked<RunRequest, RunField> {
  const errors: Partial<Record<RunField, string[]>> = {};
  const period = form.period.trim();
  const region = form.region.trim();
  if (accountingPeriodOf(period) === undefined) {
    errors.period = ['Enter a year, quarter or month: 2025, 2025-Q2 or 2025-03.'];
  }
  if (!/^\d{6}$/u.test(region)) errors.region = ['Enter the 6-digit region code, e.g. 230100.'];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const institutions = listOf(form.institutions);
  const contracts = listOf(form.contracts);
  return {
    ok: true,
    value: {
      period,
      region,
      ...(institutions.length > 0 ? { institutions } : {}),
      ...(contracts.length > 0 ? { contracts } : {}),
    },
  };
}

/** One typed row of the adjustment form: an indicator and its measured rate (0–1). */
export interface MeasureRow {
  readonly indicator: string;
  readonly value: string;
}

export type AdjustmentField = 'item' | 'effectiveFrom' | 'measures' | 'id';

export interface AdjustmentRequest {
  readonly region: string;
  readonly effectiveFrom: string;
  readonly id?: string;
  readonly measures: Record<string, Record<string, string>>;
}

const RATE = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/u;

/**
 * The adjustment-proposal request from the form: one item's measured indicators (rows left blank
 * are not measured), the day the proposed version would take effect, and an optional version id.
 */
export function adjustmentRequestOf(form: {
  readonly region: string;
  readonly item: string;
  readonly effectiveFrom: string;
  readonly id: string;
  readonly rows: readonly MeasureRow[];
}): Checked<AdjustmentRequest, AdjustmentField> {
  const errors: Partial<Record<AdjustmentField, string[]>> = {};
  const item = form.item.trim();
  if (item === '') errors.item = ['Enter the item code.'];
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(form.effectiveFrom.trim())) {
    errors.effectiveFrom = ['Enter the date the adjusted standard takes effect (YYYY-MM-DD).'];
  }
  const measured: Record<string, string> = {};
  const measureErrors: string[] = [];
  for (const row of form.rows) {
    const indicator = row.indicator.trim();
    const value = row.value.trim();
    if (value === '') continue;
    if (indicator === '') measureErrors.push(`Name the indicator measured as ${value}.`);
    else if (!RATE.test(value)) {
      measureErrors.push(`${indicator}: enter a rate from 0 to 1, e.g. 0.15.`);
    } else if (indicator in measured) measureErrors.push(`${indicator} is measured twice.`);
    else measured[indicator] = value;
  }
  if (measureErrors.length === 0 && Object.keys(measured).length === 0) {
    measureErrors.push('Enter at least one measured indicator.');
  }
  if (measureErrors.length > 0) errors.measures = measureErrors;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const id = form.id.trim();
  return {
    ok: true,
    value: {
      region: form.region.trim(),
      effectiveFrom: form.effectiveFrom.trim(),
      ...(id === '' ? {} : { id }),
      measures: { [item]: measured },
    },
  };
}

/** A signed ratio as a percentage: "-0.1" → "−10%", "0.2" → "+20%" (exact, in the string). */
export function signedPercent(ratio: string): string {
  const trimmed = ratio.trim();
  const negative = trimmed.startsWith('-');
  const magnitude = trimmed.replace(/^[-+]/u, '');
  const shown = percent(magnitude);
  if (/^0+(?:\.0*)?$/u.test(magnitude)) return shown;
  return `${negative ? '−' : '+'}${shown}`;
}

/** The drawing of a run's entries: one bar each, paid by the fund or owed to it. */
export function entriesChart(
  entries: readonly { readonly model: ValueModelName; readonly amount: string }[],
): {
  readonly categories: string[];
  readonly paid: number[];
  readonly owed: number[];
} {
  // Numbered, so that two entries of one model stay two bars (and match the table's rows).
  const categories = entries.map((e, i) => `${i + 1}. ${VALUE_MODEL_LABELS[e.model].en}`);
  const drawn = entries.map((e) => Number(e.amount));
  return {
    categories,
    paid: drawn.map((n) => (Number.isFinite(n) && n > 0 ? n : 0)),
    owed: drawn.map((n) => (Number.isFinite(n) && n < 0 ? -n : 0)),
  };
}

/** How many patients a cohort counts as treated: each person once, whichever list holds them. */
export function treatedCount(cohort: {
  readonly evaluated: readonly { readonly personId: string }[];
  readonly excluded: readonly { readonly personId: string }[];
  readonly dueEvaluations: readonly { readonly personId: string }[];
}): number {
  return new Set(
    [...cohort.evaluated, ...cohort.excluded, ...cohort.dueEvaluations].map((p) => p.personId),
  ).size;
}
