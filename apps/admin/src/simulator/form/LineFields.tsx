import { ITEM_KINDS } from '@openpayer/domain';
import { useState } from 'react';
import { type Draft, type Json, get, set, text, withAmounts } from '../draft.ts';
import { Field, FieldIssues, type FormProps, Group, fieldId, issuesAt } from './fields.tsx';
import { ItemLookup } from './ItemLookup.tsx';

/**
 * The claim's lines: item, quantity, unit price and the amount computed from them, with the
 * total; an item can be looked up in the catalog release and put on its line.
 */
export function LineFields({ props }: { readonly props: FormProps }) {
  const { draft, onChange } = props;
  const [lookupLine, setLookupLine] = useState<number | null>(null);
  const lines = get(draft, ['lines']);
  return (
    <>
      <Group legend="Lines">
        <FieldIssues id={fieldId(['lines'])} issues={issuesAt(props.issues, ['lines'])} />
        <div className="sim-lines">
          {Array.isArray(lines)
            ? lines.map((_, i) => (
                <div className="sim-line" key={i} data-testid={`form-line-${String(i)}`}>
                  <Field label="Line" path={['lines', i, 'id']} props={props} className="narrow" />
                  <Field
                    label="Kind"
                    path={['lines', i, 'kind']}
                    props={props}
                    options={ITEM_KINDS}
                    className="narrow"
                  />
                  <Field
                    label="National code"
                    path={['lines', i, 'code']}
                    props={props}
                    className="code"
                  />
                  <Field label="Name" path={['lines', i, 'name']} props={props} className="wide" />
                  <Field
                    label="Quantity"
                    path={['lines', i, 'quantity']}
                    props={props}
                    className="narrow"
                  />
                  <Field
                    label="Unit price"
                    path={['lines', i, 'unitPrice']}
                    props={props}
                    className="narrow"
                  />
                  <Field
                    label="Amount"
                    path={['lines', i, 'amount']}
                    props={props}
                    className="narrow"
                    readOnly
                  />
                  <Field label="Date" path={['lines', i, 'date']} props={props} type="date" />
                  <div className="sim-line-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setLookupLine(i);
                      }}
                      aria-label={`Look up the item of line ${String(i + 1)} in the catalog`}
                    >
                      Look up…
                    </button>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove line ${String(i + 1)}`}
                      onClick={() => {
                        onChange(withAmounts(set(draft, ['lines', i], undefined) as Draft));
                      }}
                    >
                      Remove
                    </button>
                  </div>
                  <FieldIssues
                    id={fieldId(['lines', i])}
                    issues={issuesAt(props.issues, ['lines', i])}
                  />
                </div>
              ))
            : null}
        </div>
        <div className="sim-inline">
          <button
            type="button"
            onClick={() => {
              const list = Array.isArray(lines) ? lines : [];
              const date =
                text(get(draft, ['dischargeDate'])) || text(get(draft, ['admissionDate']));
              onChange(
                withAmounts({
                  ...draft,
                  lines: [
                    ...list,
                    {
                      id: `L${String(list.length + 1)}`,
                      kind: 'drug',
                      code: '',
                      name: '',
                      quantity: '1',
                      unitPrice: '0.00',
                      amount: '0.00',
                      date,
                    },
                  ],
                }),
              );
            }}
          >
            Add line
          </button>
          <span className="spacer" />
          <Field
            label="Total amount"
            path={['totalAmount']}
            props={props}
            className="narrow"
            readOnly
          />
        </div>
      </Group>
      {lookupLine === null ? null : (
        <ItemLookup
          releaseId={props.releaseId}
          onClose={() => {
            setLookupLine(null);
          }}
          onPick={(item) => {
            let next: Json = set(draft, ['lines', lookupLine, 'name'], item.name);
            next = set(next, ['lines', lookupLine, 'kind'], item.kind);
            const code = item.codes[0];
            if (code !== undefined) next = set(next, ['lines', lookupLine, 'code'], code);
            onChange(next as Draft);
            setLookupLine(null);
          }}
        />
      )}
    </>
  );
}
