import { COVERAGE_CLASSES, type ChangeKind, restrictionSchema } from '@openpayer/catalog';
import { CLASS_LABEL, RESTRICTION_TAG, periodText } from './labels.ts';
import { restrictionParameters } from './Restrictions.tsx';

/**
 * One side of a changed field in a catalog diff. The API sends each field's before and after
 * values in the shape of its kind (a class letter, the restriction text with its structured
 * restrictions, a payment standard, a period, the codes); they are read defensively here, and
 * the part of a text that differs from the other side is marked.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

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
 * prefixed with its indication's number when it belongs to one. Read with the catalog's own
 * restriction schema, so anything unexpected shows as its kind only.
 */
function restrictionLines(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const lines: string[] = [];
  const add = (list: unknown, prefix: string) => {
    if (!Array.isArray(list)) return;
    for (const r of list) {
      const parsed = restrictionSchema.safeParse(r);
      lines.push(
        parsed.success
          ? `${prefix}${RESTRICTION_TAG[parsed.data.kind]}: ${restrictionParameters(parsed.data)}`
          : `${prefix}${isRecord(r) ? String(r['kind']) : 'restriction'}`,
      );
    }
  };
  add(value['restrictions'], '');
  const indications = value['indications'];
  if (Array.isArray(indications)) {
    indications.forEach((indication, i) => {
      if (isRecord(indication)) add(indication['restrictions'], `${i + 1}. `);
    });
  }
  return lines;
}

export function ChangeValue({
  kind,
  value,
  other,
  side,
}: {
  readonly kind: ChangeKind;
  readonly value: unknown;
  readonly other: unknown;
  readonly side: 'before' | 'after';
}) {
  if (value === null || value === undefined) return <span className="muted">none</span>;
  switch (kind) {
    case 'class': {
      const letter = stringOf(value);
      return (
        <span>
          {letter !== null && (COVERAGE_CLASSES as readonly string[]).includes(letter)
            ? CLASS_LABEL[letter as (typeof COVERAGE_CLASSES)[number]]
            : String(letter)}
        </span>
      );
    }
    case 'name': {
      const text = stringOf(value) ?? '';
      return <MarkedText text={text} other={stringOf(other)} side={side} />;
    }
    case 'restriction': {
      if (!isRecord(value)) break;
      const text = stringOf(value['text']);
      const otherText = isRecord(other) ? stringOf(other['text']) : null;
      const lines = restrictionLines(value);
      const others = new Set(restrictionLines(other));
      const Mark = side === 'before' ? 'del' : 'ins';
      return (
        <div className="change-restriction">
          {text === null ? (
            <p className="muted">no restriction text</p>
          ) : (
            <p className="original" data-testid={`restriction-${side}`}>
              <MarkedText text={text} other={otherText} side={side} />
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
      if (!isRecord(value)) break;
      const text = stringOf(value['text']) ?? '';
      const otherText = isRecord(other) ? stringOf(other['text']) : null;
      return (
        <span>
          {value['confidential'] === true ? (
            'confidential (*)'
          ) : (
            <MarkedText text={text} other={otherText} side={side} />
          )}
        </span>
      );
    }
    case 'agreement_window': {
      if (!isRecord(value)) break;
      const start = stringOf(value['start']);
      if (start === null) break;
      return <span>{periodText({ start, end: stringOf(value['end']) })}</span>;
    }
    case 'codes': {
      if (!Array.isArray(value)) break;
      const mine = value.filter((c): c is string => typeof c === 'string');
      const theirs = new Set(
        Array.isArray(other) ? other.filter((c): c is string => typeof c === 'string') : [],
      );
      const only = mine.filter((c) => !theirs.has(c));
      const Mark = side === 'before' ? 'del' : 'ins';
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
  return <code className="small">{JSON.stringify(value)}</code>;
}
