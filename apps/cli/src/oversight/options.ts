import { type CalendarDate, accountingPeriodOf, calendarDateSchema } from '@openpayer/domain';
import { CliError } from '../exit-codes.ts';

/** The options `kpi` and `anomalies` share: the batch, the period, the definitions. */
export const BATCH_OPTIONS = {
  claims: { type: 'string' },
  results: { type: 'string' },
  period: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  definitions: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** --period P, or --from D --to D (to exclusive); absent: the span of the results' service dates. */
export function rangeFrom(
  values: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  span: { from: CalendarDate | null; to: CalendarDate | null },
): { from: CalendarDate; to: CalendarDate } | null {
  if (values.period !== undefined) {
    if (values.from !== undefined || values.to !== undefined) {
      throw new CliError('usage', 'give --period, or --from and --to, not both');
    }
    const p = accountingPeriodOf(values.period);
    if (p === undefined) {
      throw new CliError(
        'usage',
        `--period "${values.period}": a year (2025), a quarter (2025-Q1) or a month (2025-03)`,
      );
    }
    return { from: p.start, to: p.end };
  }
  if ((values.from === undefined) !== (values.to === undefined)) {
    throw new CliError('usage', 'give --from and --to together (--to is the day after the last)');
  }
  if (values.from !== undefined && values.to !== undefined) {
    const date = (flag: string, text: string) => {
      const d = calendarDateSchema.safeParse(text);
      if (!d.success) throw new CliError('usage', `${flag} "${text}": a date YYYY-MM-DD`);
      return d.data;
    };
    const from = date('--from', values.from);
    const to = date('--to', values.to);
    if (to <= from) throw new CliError('usage', '--to must be after --from');
    return { from, to };
  }
  return span.from === null || span.to === null ? null : { from: span.from, to: span.to };
}
