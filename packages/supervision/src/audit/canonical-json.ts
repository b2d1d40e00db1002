import { EngineError } from '@openpayer/domain';

/**
 * JSON Canonicalization Scheme (RFC 8785) for the values an audit entry holds: object members
 * sorted by their names' UTF-16 code units, no whitespace, strings and numbers as ECMAScript's
 * JSON.stringify writes them (which is what JCS specifies). Two systems that agree on an event
 * agree on its bytes, so its hash can be recomputed anywhere.
 *
 * Refused (an EngineError naming the path): non-finite numbers, `undefined` inside arrays,
 * functions, symbols, bigints and lone surrogates, none of which has one JSON spelling.
 */
export function canonicalJson(value: unknown): string {
  try {
    return fast(value);
  } catch (error) {
    if (error !== NOT_CANONICAL) throw error;
    // Rare: walk again, building paths, to name where the value is (or to write what the fast
    // path leaves to it).
    return write(value, '$');
  }
}

/** Thrown (one shared object, no stack captured per throw) to leave the fast writer. */
const NOT_CANONICAL = new Error('not canonical JSON');

/** No lone surrogate: ES2024's String.prototype.isWellFormed where the runtime has it. */
const wellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/**
 * The hot path (settlements are logged as they commit): a copy of the value with every object's
 * members inserted in canonical order, written by the engine's own JSON.stringify — which keeps
 * insertion order and writes strings and numbers as JCS does. ≈40% less time than writing the
 * text member by member (measured on a settlement body, 2.2 KB: 21 → 13 µs). A member name that
 * could be an array index (JavaScript orders those first, by value) or `__proto__` (a setter on a
 * plain object) leaves it for the writer below.
 */
function fast(value: unknown): string {
  return JSON.stringify(sortedCopy(value));
}

function sortedCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw NOT_CANONICAL;
      return value;
    case 'string':
      if (!wellFormed(value)) throw NOT_CANONICAL;
      return value;
    case 'object': {
      if (Array.isArray(value)) {
        const out: unknown[] = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw NOT_CANONICAL;
          out[i] = sortedCopy(item);
        }
        return out;
      }
      const record = value as Record<string, unknown>;
      if (typeof record['toJSON'] === 'function') throw NOT_CANONICAL;
      const keys = Object.keys(record).sort(); // the default order is UTF-16 code units
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const first = key.charCodeAt(0);
        if ((first >= 48 && first <= 57) || key === '__proto__' || !wellFormed(key)) {
          throw NOT_CANONICAL;
        }
        const member = record[key];
        if (member === undefined) continue;
        out[key] = sortedCopy(member);
      }
      return out;
    }
    default:
      throw NOT_CANONICAL;
  }
}

function refuse(path: string, what: string): never {
  throw new EngineError('invalid_argument', `${path}: ${what} has no canonical JSON form`, {
    code: 'audit.not_canonical_json',
    path: path.split(/[.[\]]/u).filter((p) => p !== '' && p !== '$'),
  });
}

/** A lone (unpaired) UTF-16 surrogate: JSON.stringify escapes it, but it is no Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, String(value));
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) refuse(path, 'a string with a lone surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) refuse(`${path}[${i}]`, 'undefined');
          parts.push(write(item, `${path}[${i}]`));
        }
        return `[${parts.join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const toJson = record['toJSON'];
      if (typeof toJson === 'function') return write(toJson.call(record), path);
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort(compareUtf16);
      const parts: string[] = [];
      for (const key of keys) {
        if (LONE_SURROGATE.test(key))
          refuse(`${path}.${key}`, 'a member name with a lone surrogate');
        parts.push(`${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return refuse(path, `a ${typeof value}`);
  }
}

/** RFC 8785 §3.2.3: member names ordered by their UTF-16 code units (JS string order). */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
