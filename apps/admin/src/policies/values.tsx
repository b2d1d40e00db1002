import type { PolicyParameter } from '@openpayer/pricing';
import type { ReactNode } from 'react';
import { percent, yuan } from '../ui/format.ts';
import { KEY_LABELS, KEY_VALUE_LABELS, PARTY_LABELS } from './model.ts';

/**
 * A policy entry's keys and value as a fund administrator reads them: ratios as percentages,
 * amounts as exact yuan (the document's strings, never a JS number), bands as rising edges.
 * Entries arrive as the document writes them (wire form), from the policy or from a diff.
 */

type Json = Readonly<Record<string, unknown>>;

const record = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? ''
      : JSON.stringify(value);

function Money({ amount }: { readonly amount: unknown }) {
  if (amount === null) return <span className="muted">no limit</span>;
  return <span className="money">¥{yuan(text(amount))}</span>;
}

function Percent({ ratio }: { readonly ratio: unknown }) {
  return <span className="ratio">{percent(text(ratio))}</span>;
}

/** Reimbursement / critical-illness bands: "up to ¥50,000.00 → 85%, above → 90%". */
function Bands({ bands }: { readonly bands: unknown }) {
  const rows = list(bands).map(record);
  if (rows.length === 1 && rows[0]?.['upTo'] === null) {
    return (
      <span>
        <Percent ratio={rows[0]['ratio']} /> <span className="muted">of all of it</span>
      </span>
    );
  }
  return (
    <ul className="bands">
      {rows.map((band, i) => {
        const previous = rows[i - 1]?.['upTo'];
        return (
          <li key={i}>
            <span className="band-range">
              {band['upTo'] === null ? (
                <>
                  above <Money amount={previous ?? '0.00'} />
                </>
              ) : (
                <>
                  up to <Money amount={band['upTo']} />
                </>
              )}
            </span>{' '}
            → <Percent ratio={band['ratio']} />
          </li>
        );
      })}
    </ul>
  );
}

function Facts({ children }: { readonly children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The value of one entry of `parameter`. */
export function EntryValue({
  parameter,
  entry,
}: {
  readonly parameter: PolicyParameter;
  readonly entry: Json;
}) {
  const value = entry['value'];
  const v = record(value);
  switch (parameter) {
    case 'firstSelfPayRatio':
    case 'drgQualityUplift':
    case 'drgDomesticDeviceUplift':
      return <Percent ratio={value} />;
    case 'drgCoefficient':
    case 'dipHospitalCoefficient':
      return <span className="ratio">× {text(value)}</span>;
    case 'annualCap':
      return <Money amount={value} />;
    case 'reimbursement':
      return <Bands bands={value} />;
    case 'deductible':
      return (
        <Facts>
          <Fact label={v['per'] === 'admission' ? 'Per admission' : 'Per year'}>
            <Money amount={v['first']} />
          </Fact>
          {v['subsequent'] === undefined ? null : (
            <Fact label="Later admissions">
              <Money amount={v['subsequent']} />
            </Fact>
          )}
        </Facts>
      );
    case 'poolingArea':
      return (
        <Facts>
          <Fact label="Regions">
            {list(v['regions']).map((region) => (
              <code key={text(region)}>{text(region)}</code>
            ))}
          </Fact>
        </Facts>
      );
    case 'outOfRegion':
      return (
        <Facts>
          <Fact label="Registered">
            {v['registered'] === null ? (
              <span className="muted">the local bands</span>
            ) : (
              <Percent ratio={v['registered']} />
            )}
          </Fact>
          <Fact label="Not registered">
            <Percent ratio={v['notRegistered']} />
          </Fact>
        </Facts>
      );
    case 'criticalIllness':
      return (
        <Facts>
          <Fact label="Threshold">
            <Money amount={v['threshold']} />
          </Fact>
          <Fact label="Bands">
            <Bands bands={v['bands']} />
          </Fact>
          <Fact label="Annual cap">
            <Money amount={v['annualCap']} />
          </Fact>
        </Facts>
      );
    case 'medicalAssistance':
      return (
        <Facts>
          <Fact label="Ratio">
            <Percent ratio={v['ratio']} />
          </Fact>
          <Fact label="Annual cap">
            <Money amount={v['annualCap']} />
          </Fact>
        </Facts>
      );
    case 'commercial':
      return (
        <Facts>
          <Fact label="Deductible">
            <Money amount={v['deductible']} />
          </Fact>
          <Fact label="Ratio">
            <Percent ratio={v['ratio']} />
          </Fact>
          <Fact label="Covers self-pay">{v['coversSelfPay'] === true ? 'yes' : 'no'}</Fact>
          <Fact label="Annual cap">
            <Money amount={v['annualCap']} />
          </Fact>
        </Facts>
      );
    case 'drgOutliers':
      return (
        <Facts>
          <Fact label="High-cost above">× {text(v['highMultiple'])} the average</Fact>
          <Fact label="Low-cost below">
            <Percent ratio={v['lowFraction']} /> of the average
          </Fact>
          <Fact label="Paid of the excess">
            <Percent ratio={v['highExcessRatio']} />
          </Fact>
        </Facts>
      );
    case 'dipOutliers':
      return (
        <Facts>
          <Fact label="High multiplier above">× {text(v['highMultiple'])} the average</Fact>
          <Fact label="Low multiplier below">
            <Percent ratio={v['lowFraction']} /> of the average
          </Fact>
        </Facts>
      );
    case 'drgWeightYear':
      return <span>table of {text(value)}</span>;
    case 'caseReconciliation':
      return (
        <Facts>
          <Fact label="Surplus retained">
            <Percent ratio={v['surplusRetained']} />
          </Fact>
          <Fact label="Of it to the care team">
            <Percent ratio={v['careTeamShare']} />
          </Fact>
          <Fact label="Overrun borne">
            <Percent ratio={v['overrunBorne']} />
          </Fact>
        </Facts>
      );
    case 'sharing':
      return (
        <Facts>
          <Fact label="Rule">
            {text(entry['name'])} <code>{text(entry['id'])}</code>
          </Fact>
          <Fact label="Items">
            {list(entry['items']).map((item) => (
              <code key={text(item)} className="item-code">
                {text(item)}
              </code>
            ))}
          </Fact>
          <Fact label="Shares">
            <ul className="bands">
              {list(entry['shares'])
                .map(record)
                .map((share) => (
                  <li key={text(share['party'])}>
                    {PARTY_LABELS[text(share['party'])] ?? text(share['party'])}:{' '}
                    <Percent ratio={share['ratio']} />
                  </li>
                ))}
            </ul>
          </Fact>
        </Facts>
      );
    case 'specialCaseReview':
      return (
        <Facts>
          <Fact label="Paid of the actual cost">
            <Percent ratio={v['paymentRatio']} />
          </Fact>
          <Fact label="At most of the cases">
            <Percent ratio={v['maxShareOfCases']} />
          </Fact>
        </Facts>
      );
    case 'icerThreshold':
      return (
        <span>
          <Money amount={value} /> per QALY
        </span>
      );
    case 'itemStandards':
    case 'temporaryPrices':
    case 'lifecycleSchedules':
    case 'standardCoefficients':
    case 'serviceUnits':
    case 'caseAddOns':
    case 'capitation':
    case 'steppedP4P':
    case 'valueScore':
    case 'payForResponse':
    case 'riskSharing':
    case 'dynamicAdjustments':
      return <RuleFacts entry={entry} />;
    case 'drgTechniqueSubgroups':
      return (
        <Facts>
          <Fact label="DRG">
            <code>{text(entry['drg'])}</code> · {text(entry['technique'])}
          </Fact>
          {entry['weight'] === undefined ? (
            <Fact label="Standard">
              <Money amount={entry['standard']} />
            </Fact>
          ) : (
            <Fact label="Weight">{text(entry['weight'])}</Fact>
          )}
        </Facts>
      );
  }
}

/** Fields every rule has, shown elsewhere (its dates, keys and note) or as its title. */
const RULE_FIELDS = new Set(['id', 'name', 'from', 'to', 'key', 'note']);

/** A compact reading of a rule's value: amounts and ratios as written, lists and objects inline. */
function compact(value: unknown): string {
  if (Array.isArray(value)) return value.map(compact).join('; ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${compact(v)}`)
      .join(', ');
  }
  return text(value);
}

/** A value-based payment rule: its name and id, then each of its fields as written. */
function RuleFacts({ entry }: { readonly entry: Json }) {
  return (
    <Facts>
      <Fact label="Rule">
        {text(entry['name'])} <code>{text(entry['id'])}</code>
      </Fact>
      {Object.keys(entry)
        .filter((field) => !RULE_FIELDS.has(field))
        .map((field) => (
          <Fact key={field} label={field}>
            {compact(entry[field])}
          </Fact>
        ))}
    </Facts>
  );
}

/** What an entry applies to: its keys (or, for a sharing rule, its person category). */
export function EntryKeys({ entry }: { readonly entry: Json }) {
  const key = { ...record(entry['key']) };
  if (typeof entry['personCategory'] === 'string') key['personCategory'] = entry['personCategory'];
  const names = Object.keys(key).filter((k) => key[k] !== undefined);
  if (names.length === 0) return <span className="muted">everyone</span>;
  return (
    <ul className="keys">
      {names.map((name) => (
        <li key={name}>
          <span className="key-name">{KEY_LABELS[name] ?? name}</span>{' '}
          {KEY_VALUE_LABELS[text(key[name])] ?? text(key[name])}
        </li>
      ))}
    </ul>
  );
}

/** "2025-01-01 →" or "2025-01-01 → 2025-06-30" (the document's `to` is the first day no longer in force). */
export function Period({ entry }: { readonly entry: Json }) {
  const to = entry['to'];
  return (
    <span className="period">
      <span data-field="from">{text(entry['from'])}</span> →{' '}
      {typeof to === 'string' ? (
        <span data-field="to" title={`in force until the day before ${to}`}>
          {to}
        </span>
      ) : (
        <span className="muted" data-field="to">
          open
        </span>
      )}
    </span>
  );
}

export function entryNote(entry: Json): string {
  return text(entry['note']);
}
