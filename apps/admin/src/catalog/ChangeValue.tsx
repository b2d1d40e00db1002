import type { ItemChangeView, RestrictionView } from './api.ts';
import { CHANGE_LABEL, CLASS_LABEL, RESTRICTION_TAG, periodText } from './labels.ts';
import { restrictionParameters } from './Restrictions.tsx';

/**
 * One side of a changed field in a catalog diff. The API sends each field's before and after
 * values in the shape of its kind (`@openpayer/catalog`'s `fieldChangeSchema`: a class letter,
 * the restriction text with its structured restrictions, a payment standard, a period, the
 * codes); the part of a text that differs from the other side is marked.
 */

type FieldChangeView = ItemChangeView['changes'][number];

/** The common start and end of two texts, so only the middle is marked as changed. */
export function splitChange(text: string, other: string) {
  let start = 0;
  while (start < text.length && start < other.length && text[start] === other[start]) start++;
  let end = 0;
  while (
    end < text.length - start &&
    end < other.length - start &&
    text[text.length - 1 - end] === other[other.length - 1 - end]
  ) {
    end++;
  }
  return {
    prefix: text.slice(0, start),
    middle: text.slice(start, text.length - end),
    suffix: text.slice(text.length - end),
  };
}

function MarkedText({
  text,
  other,
  side,
}: {
  readonly text: string;
  readonly other: string | null;
  readonly side: 'before' | 'after';
}) {
  if (other === null || other === text) return <span lang="zh">{text}</span>;
  const { prefix, middle, suffix } = splitChange(text, other);
  const Mark = side === 'before' ? 'del' : 'ins';
  return (
    <span lang="zh">
      {prefix}
      {middle === '' ? null : <Mark>{middle}</Mark>}
      {suffix}
    </span>
  );
}

/**
 * The structured side of a restriction value, one line per restriction ("line: line 2 or later"),
 * prefixed with its indication's number when it belongs to one.
 */
export function restrictionLines(value: {
  readonly restrictions: readonly RestrictionView[];
  readonly indications: readonly { readonly restrictions: readonly RestrictionView[] }[];
}): string[] {
  const line = (r: RestrictionView, prefix: string) =>
    `${prefix}${RESTRICTION_TAG[r.kind]}: ${restrictionParameters(r)}`;
  return [
    ...value.restrictions.map((r) => line(r, '')),
    ...value.indications.flatMap((indication, i) =>
      indication.restrictions.map((r) => line(r, `${i + 1}. `)),
    ),
  ];
}

/** The codes on this side that the other side does not have. */
export function codesOnlyIn(mine: readonly string[], theirs: readonly string[]): string[] {
  const other = new Set(theirs);
  return mine.filter((c) => !other.has(c));
}

export function ChangeValue({
  change,
  side,
}: {
  readonly change: FieldChangeView;
  readonly side: 'before' | 'after';
}) {
  const Mark = side === 'before' ? 'del' : 'ins';
  const otherSide = side === 'before' ? 'after' : 'before';
  switch (change.kind) {
    case 'class':
      return <span>{CLASS_LABEL[change[side]]}</span>;
    case 'name':
      return <MarkedText text={change[side]} other={change[otherSide]} side={side} />;
    case 'restriction': {
      const value = change[side];
      const lines = restrictionLines(value);
      const others = new Set(restrictionLines(change[otherSide]));
      return (
        <div className="change-restriction">
          {value.text === null ? (
            <p className="muted">no restriction text</p>
          ) : (
            <p className="original" data-testid={`restriction-${side}`}>
              <MarkedText text={value.text} other={change[otherSide].text} side={side} />
            </p>
          )}
          {lines.length === 0 ? (
            <p className="muted small">no structured restriction</p>
          ) : (
            <ul className="restriction-lines small" aria-label="Structured restrictions">
              {lines.map((line, i) => (
                <li key={i}>{others.has(line) ? line : <Mark>{line}</Mark>}</li>
              ))}
            </ul>
          )}
        </div>
      );
    }
    case 'payment_standard': {
      const value = change[side];
      if (value === null) return <None />;
      return (
        <span>
          {value.confidential ? (
            'confidential (*)'
          ) : (
            <MarkedText text={value.text} other={change[otherSide]?.text ?? null} side={side} />
          )}
        </span>
      );
    }
    case 'agreement_window': {
      const value = change[side];
      return value === null ? <None /> : <span>{periodText(value)}</span>;
    }
    case 'codes': {
      const mine = change[side];
      const only = codesOnlyIn(mine, change[otherSide]);
      return (
        <div>
          <span>{mine.length.toLocaleString('en')} codes</span>
          {only.length > 0 ? (
            <div className="small">
              {side === 'before' ? 'dropped: ' : 'new: '}
              {only.slice(0, 6).map((c) => (
                <Mark key={c}>
                  <code>{c}</code>{' '}
                </Mark>
              ))}
              {only.length > 6 ? <span className="muted">and {only.length - 6} more</span> : null}
            </div>
          ) : null}
        </div>
      );
    }
  }
}

function None() {
  return <span className="muted">none</span>;
}

/** The body of one item's change table: a row per changed field, before and after. */
export function ChangeRows({ changes }: { readonly changes: readonly FieldChangeView[] }) {
  return (
    <tbody>
      {changes.map((field) => (
        <tr key={field.kind} data-change={field.kind}>
          <th scope="row">{CHANGE_LABEL[field.kind]}</th>
          <td className="before">
            <ChangeValue change={field} side="before" />
          </td>
          <td className="after">
            <ChangeValue change={field} side="after" />
          </td>
        </tr>
      ))}
    </tbody>
  );
}
