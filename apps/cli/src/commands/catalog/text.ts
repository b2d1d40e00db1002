import { type Restriction } from '@openpayer/catalog';
import { type Period, lastDayOf } from '@openpayer/domain';

/** How the catalog subcommands word periods, lists, counts and restrictions. */

/** One restriction as a reader would say it, with the text it was read from. */
export function restrictionText(r: Restriction): string {
  const what = ((): string => {
    switch (r.kind) {
      case 'diagnosis':
        return `diagnosis ${r.conditions.join(' / ')}${r.icdPrefixes.length === 0 ? ' (no ICD-10 mapping)' : ` → ICD-10 ${r.icdPrefixes.join(', ')}`}`;
      case 'evidence':
        return `evidence ${r.test} ${r.result}`;
      case 'age':
        return `age ${
          r.minYears !== undefined && r.maxYears !== undefined
            ? `${r.minYears}–${r.maxYears} years`
            : r.minYears !== undefined
              ? `${r.minYears} years or older`
              : `at most ${r.maxYears ?? '?'} years`
        }`;
      case 'sex':
        return `sex ${r.sex}`;
      case 'institution_tier':
        return `institution tier ${r.minTier} or above`;
      case 'setting':
        return `setting ${r.settings.join(' / ')}`;
      case 'line_of_therapy':
        return `line of therapy ${r.maxLine === undefined ? `${r.minLine} or later` : r.maxLine === r.minLine ? `${r.minLine}` : `${r.minLine}–${r.maxLine}`}`;
      case 'course':
        return `course at most ${r.maxDays} days`;
      case 'quantity':
        return `quantity at most ${r.maxQuantity} per ${r.periodDays} days`;
      case 'prescriber_title':
        return `prescriber ${r.minTitle} or above`;
      case 'scheme':
        return `scheme ${r.schemes.join(' / ')}`;
      case 'approval':
        return 'approval required';
      default:
        // A kind this wording does not know yet: its name (the source text follows).
        return r.kind;
    }
  })();
  return r.text === '' ? `${what} [${r.source}]` : `${what} [${r.source}: “${r.text}”]`;
}

export function periodText(p: Period): string {
  const last = lastDayOf(p);
  return last === null ? `from ${p.start} (open-ended)` : `${p.start} to ${last} (inclusive)`;
}

export function listed(values: readonly string[], max = 8): string {
  return values.length <= max
    ? values.join(', ')
    : `${values.slice(0, max).join(', ')} … and ${values.length - max} more`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
