import type { CatalogItem } from '../item/item.ts';

/**
 * Joins national drug codes (国家医保药品代码) to the drug list's entries. The 2024 list prints
 * no per-product codes; the public sources that do are the smart-review rule base (generic name
 * → the codes of every manufacturer and specification). A code joins an entry when it starts
 * with the entry's classification (药品分类代码) and names the same drug: the same name, or one
 * containing the other once both are normalised (full-width forms, spaces) and the aliases the
 * list and the rule base put in brackets are tried — 小儿退热合剂(口服液), 小儿清热止咳合剂
 * (小儿清热止咳口服液). Dosage-form words are never stripped: 片 and 胶囊 of one drug can be
 * separate entries with separate restrictions.
 */

export interface CodeJoinReport {
  /** Drug entries in the list. */
  readonly entries: number;
  /** Entries that got at least one national code. */
  readonly withCode: number;
  /** Distinct codes offered by the sources, and how many joined some entry. */
  readonly codesOffered: number;
  readonly codesJoined: number;
  readonly bySection: Readonly<
    Record<string, { readonly entries: number; readonly withCode: number }>
  >;
}

const MIN_ALIAS_LENGTH = 3;

/** The forms a drug name is compared in: itself, without its brackets, and each bracketed alias. */
export function nameVariants(name: string): string[] {
  const compact = name.normalize('NFKC').replace(/\s+/gu, '');
  const out = new Set<string>([compact]);
  const bracket = /\(([^()]*)\)/gu;
  for (let m = bracket.exec(compact); m !== null; m = bracket.exec(compact)) {
    const base = compact.slice(0, m.index) + compact.slice(m.index + m[0].length);
    if (base.length >= 2) out.add(base);
    for (const part of (m[1] ?? '').replace(/^原名[:：]/u, '').split(/[、,，]/u)) {
      if (part.length >= MIN_ALIAS_LENGTH) out.add(part);
    }
  }
  return [...out];
}

/** Adds the joined codes to `items` (sorted, no duplicates) and reports the coverage. */
export function joinNationalCodes(
  items: CatalogItem[],
  codesByName: ReadonlyMap<string, readonly string[]>,
): CodeJoinReport {
  const byCategory = new Map<string, { item: CatalogItem; names: string[] }[]>();
  for (const item of items) {
    if (item.kind !== 'drug' || item.categoryCode === null) continue;
    const list = byCategory.get(item.categoryCode) ?? [];
    list.push({ item, names: nameVariants(item.name) });
    byCategory.set(item.categoryCode, list);
  }
  const offered = new Set<string>();
  const joined = new Set<string>();
  for (const [name, codes] of codesByName) {
    const names = nameVariants(name);
    for (const code of codes) {
      offered.add(code);
      for (let length = Math.min(code.length, 10); length >= 3; length--) {
        const candidates = byCategory.get(code.slice(0, length));
        if (candidates === undefined) continue;
        const equal = candidates.filter((c) => c.names.some((n) => names.includes(n)));
        const related =
          equal.length > 0
            ? equal
            : candidates.filter((c) =>
                c.names.some((n) => names.some((v) => n.includes(v) || v.includes(n))),
              );
        if (related.length === 0) continue;
        for (const { item } of related) if (!item.codes.includes(code)) item.codes.push(code);
        joined.add(code);
        break;
      }
    }
  }
  const bySection: Record<string, { entries: number; withCode: number }> = {};
  let entries = 0;
  let withCode = 0;
  for (const item of items) {
    if (item.kind !== 'drug') continue;
    item.codes.sort();
    const section = (bySection[item.section] ??= { entries: 0, withCode: 0 });
    section.entries++;
    entries++;
    if (item.codes.length > 0) {
      section.withCode++;
      withCode++;
    }
  }
  return { entries, withCode, codesOffered: offered.size, codesJoined: joined.size, bySection };
}
