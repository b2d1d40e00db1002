import { z } from 'zod';

/**
 * Chinese condition terms as the national list writes them (非小细胞肺癌, 2型糖尿病, 艾滋病病毒感染)
 * → ICD-10 医保版 prefixes. Curated data (`data/nrdl-2024/condition-icd10.json`), so an
 * administrator extends it without touching the parser.
 */
export const conditionDictionarySchema = z
  .strictObject({
    version: z.string().min(1).max(50),
    source: z.string().min(1).max(1000),
    entries: z.array(
      z.strictObject({
        term: z.string().min(1).max(100),
        icd10: z.array(z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Za-z]{1,4})?$/u)).min(1),
        note: z.string().max(500).optional(),
      }),
    ),
  })
  .refine((d) => new Set(d.entries.map((e) => e.term)).size === d.entries.length, {
    error: 'terms must be unique',
    path: ['entries'],
  });
export type ConditionDictionary = z.output<typeof conditionDictionarySchema>;

export interface ConditionMatcher {
  match(text: string): { terms: string[]; icdPrefixes: string[] };
}

/**
 * Finds dictionary terms in a text, longest first and without overlap, so 非小细胞肺癌 wins over
 * 小细胞肺癌 and 肺癌 inside it. Terms are indexed by their first character.
 */
export function conditionMatcher(dictionary: ConditionDictionary): ConditionMatcher {
  const byFirst = new Map<string, { term: string; icd10: readonly string[] }[]>();
  for (const entry of dictionary.entries) {
    const first = entry.term[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push({ term: entry.term, icd10: entry.icd10 });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);

  return {
    match(text) {
      const found: { at: number; term: string; icd10: readonly string[] }[] = [];
      const taken = new Uint8Array(text.length);
      // Longest terms anywhere win: collect candidates, then place them longest first.
      const candidates: { at: number; term: string; icd10: readonly string[] }[] = [];
      for (let i = 0; i < text.length; i++) {
        const list = byFirst.get(text[i] as string);
        if (list === undefined) continue;
        for (const entry of list)
          if (text.startsWith(entry.term, i)) candidates.push({ at: i, ...entry });
      }
      candidates.sort((a, b) => b.term.length - a.term.length || a.at - b.at);
      for (const c of candidates) {
        let free = true;
        for (let k = c.at; k < c.at + c.term.length; k++) if (taken[k] === 1) free = false;
        if (!free) continue;
        taken.fill(1, c.at, c.at + c.term.length);
        found.push(c);
      }
      found.sort((a, b) => a.at - b.at);
      const terms: string[] = [];
      const icdPrefixes: string[] = [];
      for (const f of found) {
        if (!terms.includes(f.term)) terms.push(f.term);
        for (const p of f.icd10) if (!icdPrefixes.includes(p)) icdPrefixes.push(p);
      }
      return { terms, icdPrefixes };
    },
  };
}
