import { lineAmount, sumMoney } from './wire.ts';

/**
 * The claim being edited is its JSON text (what is pasted, uploaded or sent); the form reads and
 * writes fields of the parsed value by path and writes the text back. Line amounts and the total
 * follow quantity × unit price exactly, as the validator expects.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Draft = { [key: string]: Json };
export type Path = readonly (string | number)[];

export function parseDraft(
  text: string,
): { ok: true; draft: Draft } | { ok: false; message: string } {
  try {
    const value = JSON.parse(text) as Json;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: 'the claim must be a JSON object' };
    return { ok: true, draft: value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function get(value: Json | undefined, path: Path): Json | undefined {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current)
      ? typeof part === 'number'
        ? current[part]
        : undefined
      : (current as Record<string, Json | undefined>)[String(part)];
  }
  return current;
}

/** A copy with the value at `path` replaced (`undefined` removes it); missing objects are made. */
export function set(value: Json, path: Path, next: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return next ?? null;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (next === undefined && rest.length === 0) copy.splice(head, 1);
    else copy[head] = set(copy[head] ?? {}, rest, next);
    return copy;
  }
  const object: Record<string, Json> =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
  const key = String(head);
  if (rest.length === 0 && next === undefined) {
    const { [key]: _removed, ...others } = object;
    return others;
  }
  object[key] = set(object[key] ?? (typeof rest[0] === 'number' ? [] : {}), rest, next);
  return object;
}

export const text = (value: Json | undefined): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** Each line's amount from its quantity and unit price, and the total from the lines. */
export function withAmounts(draft: Draft): Draft {
  const lines = draft['lines'];
  if (!Array.isArray(lines)) return draft;
  const next = lines.map((line) => {
    if (line === null || typeof line !== 'object' || Array.isArray(line)) return line;
    const amount = lineAmount(text(line['quantity']), text(line['unitPrice']));
    return amount === undefined ? line : { ...line, amount };
  });
  const total = sumMoney(next.map((l) => text(get(l, ['amount']))));
  return { ...draft, lines: next, ...(total === undefined ? {} : { totalAmount: total }) };
}

/** Issue paths are matched to fields as `lines.0.code`. */
export const pathKey = (path: readonly PropertyKey[]): string => path.map(String).join('.');
