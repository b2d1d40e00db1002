import { Decimal } from '@openpayer/domain';
import { yuan } from '../format.ts';
import { ACCUMULATOR_FIELDS } from './vocabulary.ts';
import './settlement.css';

type Accumulators = Readonly<Record<string, unknown>>;

const LABELS: Readonly<Record<string, string>> = Object.fromEntries(ACCUMULATOR_FIELDS);
const MONEY = /^-?\d+\.\d{2}$/u;

/** A count as it is; money grouped; anything else (absent, an object) as a dash. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? yuan(value) : '—';
}

/** What this claim added: after − before, for two counts or two amounts of money. */
function change(before: unknown, after: unknown): string {
  if (typeof before === 'number' && typeof after === 'number') return String(after - before);
  if (
    typeof before === 'string' &&
    typeof after === 'string' &&
    MONEY.test(before) &&
    MONEY.test(after)
  )
    return yuan(new Decimal(after).sub(before).toFixed(2));
  return '';
}

/**
 * The person's year-to-date figures before the claim, what it added, and after. Only the figures:
 * who the person is (`personId`) and the year are the screen's to show, or not.
 */
export function AccumulatorsTable({
  before,
  after,
}: {
  readonly before: Accumulators;
  readonly after: Accumulators;
}) {
  const known: readonly string[] = ACCUMULATOR_FIELDS.map(([field]) => field);
  const others = Object.keys(after).filter(
    (k) => !known.includes(k) && k !== 'personId' && k !== 'year' && typeof after[k] !== 'object',
  );
  return (
    <div className="table-wrap">
      <table className="data settlement-accumulators" data-testid="accumulators">
        <thead>
          <tr>
            <th scope="col">Accumulator</th>
            <th scope="col" className="num">
              Before
            </th>
            <th scope="col" className="num">
              This claim
            </th>
            <th scope="col" className="num">
              After
            </th>
          </tr>
        </thead>
        <tbody>
          {[...known, ...others].map((field) => (
            <tr key={field} data-testid={`acc-${field}`}>
              <th scope="row">{LABELS[field] ?? field}</th>
              <td className="num">{shown(before[field])}</td>
              <td className="num">{change(before[field], after[field])}</td>
              <td className="num">{shown(after[field])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
