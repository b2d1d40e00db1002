/**
 * Item codes and code prefixes (`XL01EB` covers every EGFR inhibitor, `003105` a chapter of
 * services), each with values, looked up by a national code: the code's prefixes of every length
 * the index holds. Matching is case-blind (codes are kept upper case). The one prefix matcher of
 * the review engine: which rules a line may trip, whether a code is one of a rule's items, a
 * duplicate-charge rule's pairs.
 */

const LOWER_CASE = /[a-z]/u;
const upper = (code: string) => (LOWER_CASE.test(code) ? code.toUpperCase() : code);

/** Answers of `has` an index remembers (then it starts again): the codes of a batch repeat. */
const HAS_REMEMBERED = 50_000;

export class CodeIndex<T> {
  readonly #byCode = new Map<string, T[]>();
  #lengths: readonly number[] = [];
  /** `has` per code as asked (claims bill the same items again and again); made on first use. */
  #known: Map<string, boolean> | undefined;

  add(code: string, value: T): void {
    this.#known = undefined;
    const c = upper(code);
    const list = this.#byCode.get(c);
    if (list === undefined) this.#byCode.set(c, [value]);
    else if (!list.includes(value)) list.push(value);
    if (!this.#lengths.includes(c.length)) {
      this.#lengths = [...this.#lengths, c.length].sort((a, b) => a - b);
    }
  }

  get size(): number {
    return this.#byCode.size;
  }

  /** Calls `visit` with the values of every code or prefix `code` starts with, shortest first. */
  forEach(code: string, visit: (values: readonly T[], pattern: string) => void): void {
    const c = upper(code);
    for (const n of this.#lengths) {
      if (n > c.length) break;
      const pattern = n === c.length ? c : c.slice(0, n);
      const values = this.#byCode.get(pattern);
      if (values !== undefined) visit(values, pattern);
    }
  }

  /** The codes and prefixes `code` starts with (shortest first) and their values. */
  lookup(code: string): { readonly pattern: string; readonly values: readonly T[] }[] {
    const out: { pattern: string; values: readonly T[] }[] = [];
    this.forEach(code, (values, pattern) => out.push({ pattern, values }));
    return out;
  }

  has(code: string): boolean {
    this.#known ??= new Map();
    let found = this.#known.get(code);
    if (found === undefined) {
      found = this.#lookUp(code);
      if (this.#known.size >= HAS_REMEMBERED) this.#known.clear();
      this.#known.set(code, found);
    }
    return found;
  }

  #lookUp(code: string): boolean {
    const c = upper(code);
    for (const n of this.#lengths) {
      if (n > c.length) return false;
      if (this.#byCode.has(n === c.length ? c : c.slice(0, n))) return true;
    }
    return false;
  }
}

/** An index of `codes` that only answers whether a code is among them. */
export function codeSet(codes: readonly string[]): CodeIndex<true> {
  const index = new CodeIndex<true>();
  for (const code of codes) index.add(code, true);
  return index;
}
