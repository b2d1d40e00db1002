import type { RestrictionKind } from '@openpayer/catalog';
import type { ItemView, RestrictionView } from './api.ts';
import { RESTRICTION_LABEL, SOURCE_LABEL } from './labels.ts';

/** A structured restriction's parameters in words: what a claim must show for it to hold. */
export function restrictionParameters(r: RestrictionView): string {
  switch (r.kind) {
    case 'diagnosis':
      return `${r.conditions.join(' / ')} — ${
        r.icdPrefixes.length === 0 ? 'no ICD-10 code mapped' : `ICD-10 ${r.icdPrefixes.join(', ')}`
      }`;
    case 'evidence':
      return `${r.test} ${r.result}${r.variants === undefined ? '' : ` (${r.variants.join(' or ')})`}`;
    case 'age': {
      const bounds = [
        r.minYears === undefined ? null : `≥ ${r.minYears} years`,
        r.maxYears === undefined ? null : `≤ ${r.maxYears} years`,
        r.minMonths === undefined ? null : `≥ ${r.minMonths} months`,
        r.maxMonths === undefined ? null : `≤ ${r.maxMonths} months`,
        r.maxDays === undefined ? null : `≤ ${r.maxDays} days old`,
      ].filter((b) => b !== null);
      return r.minYears !== undefined && r.maxYears !== undefined && bounds.length === 2
        ? `${r.minYears}–${r.maxYears} years`
        : bounds.length === 0
          ? 'any age'
          : bounds.join(', ');
    }
    case 'sex':
      return r.sex;
    case 'institution_tier':
      return `${r.minTier} tier or above`;
    case 'setting':
      return r.settings.join(' or ');
    case 'line_of_therapy':
      return r.maxLine === undefined
        ? `line ${r.minLine} or later`
        : r.maxLine === r.minLine
          ? `line ${r.minLine} only`
          : `lines ${r.minLine}–${r.maxLine}`;
    case 'course':
      return `at most ${r.maxDays} days`;
    case 'quantity':
      return `at most ${r.maxQuantity} per ${r.periodDays} days`;
    case 'prescriber_title':
      return `${r.minTitle} or above`;
    case 'scheme':
      return r.schemes.join(', ');
    case 'approval':
      return 'prior approval required';
    case 'lab': {
      const op = { gt: '>', gte: '≥', lt: '<', lte: '≤' }[r.comparator];
      const unit = r.unit === null ? '' : r.unit === '×ULN' ? ' × ULN' : ` ${r.unit}`;
      return `${r.tests.join(' or ')} ${op} ${r.value}${unit}`;
    }
    case 'combination':
      return `used with ${r.with.join(r.require === 'all' ? ' and ' : ' or ')}`;
    case 'cumulative_quantity':
      return `at most ${r.maxQuantity}${r.perEye ? ' per eye' : ''} ${
        r.window === 'lifetime'
          ? 'in all'
          : r.window === 'first_year'
            ? 'in the first year'
            : 'per year'
      }`;
    case 'month_limit':
      return `at most ${r.maxMonths} months from first use`;
    case 'first_prescription':
      return `first prescription: ${[
        r.minTier === undefined ? null : `${r.minTier} tier or above`,
        r.minTitle === undefined ? null : `${r.minTitle} or above`,
        r.specialist ? 'by a specialist' : null,
      ]
        .filter((p) => p !== null)
        .join(', ')}`;
    case 'frequency':
      return `at most ${r.maxPerDay} per day`;
    case 'emergency':
      return 'emergency or rescue care only';
    case 'tcm_syndrome':
      return `TCM syndrome: ${r.syndromes.join(' or ')}`;
    case 'procedure':
      return `with ${r.procedures.join(' or ')} (${[...r.procedureCodes, ...r.statusCodes].join(', ')})`;
    case 'prior_therapy':
      return `earlier ${r.therapies.join(r.require === 'all' ? ' and ' : ' or ')}: ${r.outcomes
        .map((o) => o.replace('_', ' '))
        .join(' or ')}`;
  }
}

/** One restriction as a table row: kind, parameters, and the fragment of text it was read from. */
export function RestrictionTable({
  restrictions,
  caption,
}: {
  readonly restrictions: readonly RestrictionView[];
  readonly caption: string;
}) {
  if (restrictions.length === 0) return null;
  return (
    <table className="data restriction-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Must hold</th>
          <th scope="col">Read from</th>
        </tr>
      </thead>
      <tbody>
        {restrictions.map((r, i) => (
          <tr key={i} data-kind={r.kind}>
            <td>
              <span className={`badge restriction-kind kind-${r.kind}`}>
                {RESTRICTION_LABEL[r.kind]}
              </span>
            </td>
            <td>{restrictionParameters(r)}</td>
            <td>
              <q lang="zh">{r.text}</q> <span className="muted">({SOURCE_LABEL[r.source]})</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every restriction kind an item carries, top-level or in an indication. */
export function restrictionKinds(item: ItemView): RestrictionKind[] {
  const kinds = new Set<RestrictionKind>();
  for (const r of item.restrictions) kinds.add(r.kind);
  for (const indication of item.indications)
    for (const r of indication.restrictions) kinds.add(r.kind);
  return [...kinds];
}

/** The structured side of an item: restrictions that must all hold, then alternative indications. */
export function StructuredRestrictions({ item }: { readonly item: ItemView }) {
  const none = item.restrictions.length === 0 && item.indications.length === 0;
  return (
    <div className="structured" data-testid="structured-restrictions">
      {none ? (
        <p className="muted">
          {item.restrictionText === null
            ? 'No restriction: payable within the item’s class.'
            : 'The importer read no computable restriction from this text.'}
        </p>
      ) : null}
      {item.restrictions.length > 0 ? (
        <section aria-label="Restrictions that must all hold">
          <h3>All of these must hold</h3>
          <RestrictionTable restrictions={item.restrictions} caption="Restrictions" />
        </section>
      ) : null}
      {item.indications.length > 0 ? (
        <section aria-label="Indications">
          <h3>
            {item.restrictions.length > 0
              ? 'and any one of these indications'
              : 'Any one of these indications'}{' '}
            <span className="muted">({item.indications.length})</span>
          </h3>
          <ol className="indications">
            {item.indications.map((indication, i) => (
              <li key={i} data-testid="indication">
                <p className="indication-text" lang="zh">
                  {indication.text}
                  {item.unparsed.some(
                    (f) => f === indication.text || indication.text.includes(f),
                  ) ? (
                    <>
                      {' '}
                      <span className="badge badge-warning">part of this text is unparsed</span>
                    </>
                  ) : null}
                </p>
                {indication.restrictions.length === 0 ? (
                  <p className="muted">No computable restriction read from this indication.</p>
                ) : (
                  <RestrictionTable
                    restrictions={indication.restrictions}
                    caption={`Indication ${i + 1}`}
                  />
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
