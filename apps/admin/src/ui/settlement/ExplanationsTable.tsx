import { yuan } from '../format.ts';
import type { ExplanationView } from './view.ts';
import { EXPLANATION_LAYER_LABELS } from './vocabulary.ts';
import './settlement.css';

/** A policy entry an explanation names: what it applies to, and when it is in force. */
export interface ExplanationEntry {
  readonly from: string;
  readonly to?: string | null;
  readonly key?: Readonly<Record<string, string>>;
  readonly note?: string;
}

function keyText(key: Readonly<Record<string, string>> | undefined): string {
  if (key === undefined || Object.keys(key).length === 0) return 'all claims';
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ');
}

/**
 * The parameter behind every figure of a settlement. Where the screen has the policy at hand,
 * `policy` looks each parameter's entry up, and the table shows what it applies to and when it is
 * in force.
 */
export function ExplanationsTable({
  explanations,
  policy,
}: {
  readonly explanations: readonly ExplanationView[];
  readonly policy?: {
    readonly version: string;
    readonly entry: (parameter: string | null) => ExplanationEntry | undefined;
  };
}) {
  return (
    <div className="table-wrap">
      <table className="data settlement-explanations" data-testid="explanations">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">What</th>
            <th scope="col">Parameter</th>
            {policy === undefined ? null : <th scope="col">Applies to</th>}
            <th scope="col">Value</th>
            {policy === undefined ? null : <th scope="col">In force</th>}
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {explanations.map((e, i) => {
            const entry = policy?.entry(e.parameter);
            return (
              <tr key={i}>
                <td>{EXPLANATION_LAYER_LABELS[e.layer] ?? e.layer}</td>
                <td>
                  {e.what}
                  {entry?.note === undefined ? null : <div className="muted">{entry.note}</div>}
                </td>
                <td>
                  {e.parameter === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <code>{e.parameter}</code>
                  )}
                  {entry === undefined ? null : (
                    <div className="muted">policy {policy?.version}</div>
                  )}
                </td>
                {policy === undefined ? null : (
                  <td>{entry === undefined ? '' : keyText(entry.key)}</td>
                )}
                <td>
                  <code>{e.value ?? '—'}</code>
                </td>
                {policy === undefined ? null : (
                  <td>
                    {entry === undefined
                      ? ''
                      : `from ${entry.from}${entry.to === undefined || entry.to === null ? '' : ` until ${entry.to}`}`}
                  </td>
                )}
                <td className="num">{yuan(e.amount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
