import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call, type SuccessBody } from '../api/client.ts';
import { byField } from '../ui/form-issues.ts';
import { yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Empty, ErrorState } from '../ui/states.tsx';
import {
  type AdjustmentField,
  type MeasureRow,
  adjustmentRequestOf,
  signedPercent,
} from './model.ts';

type Proposed = SuccessBody<
  Awaited<ReturnType<(typeof api.v1.value)['adjustment-proposals']['$post']>>
>;

// The demo policy's dynamic-adjustment indicators, offered as rows to fill (any can be renamed).
const FIRST_ROWS: readonly MeasureRow[] = [
  { indicator: 'cost_decline', value: '' },
  { indicator: 'grade3_adverse_event_rate', value: '' },
  { indicator: 'fund_spend_share', value: '' },
];
const FIELDS = ['region', 'effectiveFrom', 'id', 'measures'] as const;

/**
 * Dynamic adjustments (动态调整): an item's measured rates go to the region's rules, which propose
 * a new standard (stored as a draft policy version, not active) or a review. The draft is reviewed
 * and activated on the policies screens.
 */
export function AdjustmentsPage() {
  const [region, setRegion] = useState('230100');
  const [item, setItem] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [id, setId] = useState('');
  const [rows, setRows] = useState<readonly MeasureRow[]>(FIRST_ROWS);
  const [fieldErrors, setFieldErrors] = useState<
    Partial<Record<AdjustmentField | 'region', string[]>>
  >({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [proposed, setProposed] = useState<Proposed | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
    setProposed(null);
    const checked = adjustmentRequestOf({ region, item, effectiveFrom, id, rows });
    setFieldErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setBusy(true);
    const result = await call(api.v1.value['adjustment-proposals'].$post({ json: checked.value }));
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(byField(result.error.issues, FIELDS).at);
      setFailure(result.error);
      return;
    }
    setProposed(result.data);
  }

  const errors = (field: AdjustmentField | 'region') =>
    (fieldErrors[field] ?? []).map((message, i) => (
      <span key={i} className="field-error">
        {message}
      </span>
    ));
  const setRow = (index: number, change: Partial<MeasureRow>) => {
    setRows((all) => all.map((r, i) => (i === index ? { ...r, ...change } : r)));
  };

  return (
    <>
      <p className="intro-text">
        When an item&rsquo;s measured cost falls or its adverse events rise past the policy&rsquo;s
        thresholds, its payment standard is proposed lower from a date; a category&rsquo;s spend
        above its share of the fund is proposed for review. The version in force is never edited: a
        changed standard becomes a draft version to review and activate.
      </p>
      <form
        className="panel"
        aria-label="Propose adjustments"
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <div className="filters">
          <label className="field">
            <span>Region</span>
            <input
              name="region"
              value={region}
              onChange={(e) => {
                setRegion(e.target.value);
              }}
            />
            {errors('region')}
          </label>
          <label className="field">
            <span>Item code</span>
            <input
              name="item"
              value={item}
              placeholder="270800001000000"
              onChange={(e) => {
                setItem(e.target.value);
              }}
            />
            {errors('item')}
          </label>
          <label className="field">
            <span>Effective from</span>
            <input
              type="date"
              name="effectiveFrom"
              value={effectiveFrom}
              onChange={(e) => {
                setEffectiveFrom(e.target.value);
              }}
            />
            {errors('effectiveFrom')}
          </label>
          <label className="field">
            <span>Draft version id (optional)</span>
            <input
              name="id"
              value={id}
              placeholder="demo-230100-2025.1.adjusted.2026-01-01"
              onChange={(e) => {
                setId(e.target.value);
              }}
            />
            {errors('id')}
          </label>
        </div>
        <fieldset>
          <legend>Measured indicators (rates 0–1; leave blank what was not measured)</legend>
          {rows.map((row, i) => (
            <div className="filters" key={i}>
              <label className="field">
                <span>Indicator {i + 1}</span>
                <input
                  value={row.indicator}
                  onChange={(e) => {
                    setRow(i, { indicator: e.target.value });
                  }}
                />
              </label>
              <label className="field">
                <span>{row.indicator.trim() === '' ? `Value ${i + 1}` : row.indicator}</span>
                <input
                  inputMode="decimal"
                  value={row.value}
                  placeholder="0.15"
                  onChange={(e) => {
                    setRow(i, { value: e.target.value });
                  }}
                />
              </label>
            </div>
          ))}
          <button
            type="button"
            onClick={() => {
              setRows((all) => [...all, { indicator: '', value: '' }]);
            }}
          >
            Add an indicator
          </button>
          {errors('measures')}
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Proposing…' : 'Propose'}
        </button>
        {failure === null ? null : (
          <div data-testid="propose-error">
            <ErrorState error={failure} />
          </div>
        )}
      </form>
      {proposed === null ? null : <Proposals proposed={proposed} />}
    </>
  );
}

function Proposals({ proposed }: { readonly proposed: Proposed }) {
  return (
    <>
      <h2>Proposals</h2>
      {proposed.policy === null ? (
        <p className="banner" role="status" data-testid="no-draft">
          No standard changes: only reviews are proposed, and no draft version was made.
        </p>
      ) : (
        <p className="banner banner-ok" role="status" data-testid="draft-policy">
          Draft policy version <code>{proposed.policy}</code> proposed (not active).{' '}
          <Link to={`/policies/${encodeURIComponent(proposed.policy)}`}>
            Review and activate {proposed.policy}
          </Link>
        </p>
      )}
      {proposed.proposals.length === 0 ? (
        <Empty>No rule applies to these measures: nothing is proposed.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="proposals">
            <caption className="visually-hidden">Proposals</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Item</th>
                <th scope="col">Measured</th>
                <th scope="col">Proposal</th>
                <th scope="col" className="num">
                  Current
                </th>
                <th scope="col" className="num">
                  Proposed
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {proposed.proposals.map((p, i) => (
                <tr key={`${p.rule}-${i}`} data-rule={p.rule} data-kind={p.kind}>
                  <td>
                    <code>{p.rule}</code>
                  </td>
                  <td>
                    <code>{p.item}</code>
                  </td>
                  <td>
                    {p.measure} = {p.value}
                  </td>
                  <td>{p.kind === 'adjust_standard' ? 'Adjust the standard' : 'Review'}</td>
                  <td className="num">{p.current === undefined ? '—' : yuan(p.current)}</td>
                  <td className="num" data-testid="proposed-standard">
                    {p.proposed === undefined ? '—' : yuan(p.proposed)}
                  </td>
                  <td className="num">{p.change === undefined ? '—' : signedPercent(p.change)}</td>
                  <td>{p.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
