import { Money, calendarDateSchema, moneyWireSchema } from '@openpayer/domain';
import { simulationRequestSchema } from '@openpayer/pricing';
import type { SimulationJob, SimulationRequest } from './api.ts';

/**
 * The what-if form as the user fills it, the request it stands for (checked here first, so a
 * mistake shows at its field before the API is asked), and the job's progress. Pure.
 */
export interface WhatIfForm {
  readonly baseline: string;
  readonly baselineCatalog: string;
  readonly candidate: string;
  readonly candidateCatalog: string;
  /** Stored smart-review rule sets (ids) each side settles with. */
  readonly baselineRules: readonly string[];
  readonly candidateRules: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly budget: string;
}

/** The request's fields an issue can name (an API issue's first path segment). */
export const FIELDS = ['from', 'to', 'baseline', 'candidate', 'budget'] as const;
export type Field = (typeof FIELDS)[number];

export type Checked =
  | { readonly ok: true; readonly value: SimulationRequest }
  | { readonly ok: false; readonly errors: Partial<Record<Field, string[]>> };

const side = (policy: string, catalog: string, ruleSets: readonly string[]) => ({
  policy,
  ...(catalog === '' ? {} : { catalog }),
  ...(ruleSets.length === 0 ? {} : { ruleSets: [...ruleSets] }),
});

/** An engine message as a sentence for the form ("must be after from" → "Must be after from."). */
const sentence = (message: string) =>
  `${message.charAt(0).toUpperCase()}${message.slice(1)}${message.endsWith('.') ? '' : '.'}`;

/**
 * The form as a request: first what the user must fill in, in the form's words; then the API's own
 * schema (`simulationRequestSchema`: one accounting year, a positive budget …), its issues shown
 * at their fields.
 */
export function requestOf(form: WhatIfForm): Checked {
  const errors: Partial<Record<Field, string[]>> = {};
  const from = calendarDateSchema.safeParse(form.from.trim());
  const to = calendarDateSchema.safeParse(form.to.trim());
  if (!from.success) errors.from = ['Enter the first service date as YYYY-MM-DD.'];
  if (!to.success) errors.to = ['Enter the first date not compared as YYYY-MM-DD.'];
  if (form.baseline === '') errors.baseline = ['Choose the baseline policy version.'];
  if (form.candidate === '') errors.candidate = ['Choose the candidate policy version.'];
  const budget = form.budget.trim();
  if (budget !== '' && !moneyWireSchema.safeParse(budget).success) {
    errors.budget = ['Enter an amount in yuan with two decimals, e.g. 12000000.00.'];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = simulationRequestSchema.safeParse({
    from: form.from.trim(),
    to: form.to.trim(),
    baseline: side(form.baseline, form.baselineCatalog, form.baselineRules),
    candidate: side(form.candidate, form.candidateCatalog, form.candidateRules),
    ...(budget === '' ? {} : { budget }),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  for (const found of parsed.error.issues) {
    const head = found.path[0];
    const field = FIELDS.find((f) => f === head) ?? 'from';
    (errors[field] ??= []).push(sentence(found.message));
  }
  return { ok: false, errors };
}

/** The accounting year of `today`: from its 1 January to the next. */
export function yearOf(today: string): { readonly from: string; readonly to: string } {
  const year = Number(today.slice(0, 4));
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

export const isRunning = (job: Pick<SimulationJob, 'status'>) => job.status === 'running';

/** Whole percent of the claims done (0 while the total is not known). */
export function progressPercent(job: Pick<SimulationJob, 'processed' | 'total'>): number {
  if (job.total <= 0) return 0;
  return Math.min(100, Math.floor((job.processed * 100) / job.total));
}

/** The sign of a money change as sent ("-250.00" less, "0.00" same, else more). */
export function changeClass(change: string): 'change-less' | 'change-more' | 'change-same' {
  if (change.startsWith('-')) return 'change-less';
  return /^0+(?:\.0+)?$/u.test(change) ? 'change-same' : 'change-more';
}

interface Group {
  readonly total: { readonly change: string };
  readonly payers: Readonly<Partial<Record<string, { readonly change: string }>>>;
}

/** Fen of a money string as sent, exact (a change can pass what a JS number holds exactly). */
const fenOf = (amount: string | undefined): bigint =>
  amount === undefined ? 0n : Money.of(amount).toMinor();
const absFen = (n: bigint) => (n < 0n ? -n : n);

/** How much a group moved: the basic fund's change, then every payer's, then the total's. */
const moved = (g: Group): [bigint, bigint, bigint] => [
  absFen(fenOf(g.payers['basic_fund']?.change)),
  Object.values(g.payers).reduce((sum, c) => sum + absFen(fenOf(c?.change)), 0n),
  absFen(fenOf(g.total.change)),
];

const descending = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);

/** Groups of a breakdown, those that moved most first (ties: by key), for reading. */
export function byChange<G extends Group>(groups: Readonly<Record<string, G>>): [string, G][] {
  const keyed = Object.entries(groups).map(([key, g]) => ({ key, g, m: moved(g) }));
  keyed.sort(
    (a, b) =>
      descending(a.m[0], b.m[0]) ||
      descending(a.m[1], b.m[1]) ||
      descending(a.m[2], b.m[2]) ||
      a.key.localeCompare(b.key),
  );
  return keyed.map(({ key, g }) => [key, g]);
}

/** A histogram bucket's label for a narrow axis: "-10000 … -1000" → "-10k…-1k". */
export function shortLabel(label: string): string {
  return label
    .replace(/(\d+)000(?!\d)/gu, '$1k')
    .replace(/\s*…\s*/gu, '…')
    .replace(/([≤≥<>])\s+/gu, '$1');
}
