import { z } from 'zod';
import { icdPrefixSchema } from '../restrictions/restriction.ts';
import { canonicalSeverity, endsSeverityRange } from './text.ts';

/** A morphology code prefix, e.g. `M8041` (small-cell carcinoma) or `M807` (squamous). */
const morphologyPrefixSchema = z.string().regex(/^M\d{3,5}(\/\d)?$/u);

/** A whole morphology code among a term's codes, e.g. `M87200/3`. */
const MORPHOLOGY_CODE = /^M\d{5}\/\d$/u;

export interface HistologyRequirement {
  readonly prefix: string;
  readonly confirm: string[];
  readonly exclude: string[];
}

/**
 * Chinese condition terms as the national list writes them (非小细胞肺癌, 2型糖尿病, 艾滋病病毒感染)
 * → ICD-10 医保版 prefixes. Curated data (`data/nrdl-2024/condition-icd10.json`), so an
 * administrator extends it without touching the parser. A diagnosis code satisfies a term when it
 * starts with one of the term's prefixes.
 */
export const conditionDictionarySchema = z
  .strictObject({
    version: z.string().min(1),
    source: z.string().min(1),
    entries: z.array(
      z
        .strictObject({
          term: z.string().min(1),
          /**
           * Other ways the list writes the same condition (脑梗塞 for 脑梗死, 食道癌 for 食管癌): each is
           * found and reported as written, with the term's codes and histology.
           */
          aliases: z.array(z.string().min(1)).optional(),
          icd10: z.array(icdPrefixSchema).min(1),
          /**
           * Latin abbreviations the list writes for the term (NSCLC, CML): found only as whole words
           * (AML inside TSC-AML is another disease), reported as the term itself.
           */
          abbreviations: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9+/-]*$/u)).optional(),
          /**
           * When the ICD-10 codes cannot tell this condition from its neighbours (C34 is every lung
           * cancer): the morphology (M) code prefixes that confirm it and those that rule it out.
           */
          histology: z
            .strictObject({
              confirm: z.array(morphologyPrefixSchema),
              exclude: z.array(morphologyPrefixSchema),
            })
            .optional(),
          /**
           * Longer words the term is written inside that name no condition (淋巴瘤 in 间变性淋巴瘤
           * 激酶, the ALK kinase): the term is not found there.
           */
          notWithin: z.array(z.string().min(2)).optional(),
          /**
           * Words written right before (`before`) or after (`after`) the term that its codes tell
           * apart (重度烧伤: a burn's degree and extent are coded; 重度肾功能不全: the CKD stage): the
           * term alone would take the milder forms' codes too, so the clause is read and flagged for
           * a reviewer — the import settings' `codedQualifiers`, for this condition alone.
           */
          qualifiers: z
            .strictObject({
              before: z.array(z.string().min(1)).default([]),
              after: z.array(z.string().min(1)).default([]),
            })
            .optional(),
          /**
           * Written in brackets after a broader term, the everyday name of that term rather than a
           * kind of it (艾滋病 after HIV感染: said of every HIV infection, though its own codes are the
           * disease's): the broader term is read and the clause flagged for a reviewer.
           */
          everydayName: z.boolean().optional(),
          note: z.string().optional(),
        })
        .superRefine((e, ctx) => {
          // A word that holds none of the entry's names would keep nothing out: a mistake.
          const names = [e.term, ...(e.aliases ?? []), ...(e.abbreviations ?? [])];
          (e.notWithin ?? []).forEach((word, i) => {
            if (!names.some((n) => word.includes(n))) {
              ctx.addIssue({
                code: 'custom',
                message: `notWithin "${word}" holds neither the term nor an alias`,
                path: ['notWithin', i],
              });
            }
          });
        }),
    ),
  })
  .refine(
    (d) => {
      const written = d.entries.flatMap((e) => [e.term, ...(e.aliases ?? [])]);
      return new Set(written).size === written.length;
    },
    { error: 'condition terms and aliases must be unique', path: ['entries'] },
  )
  .superRefine((d, ctx) => {
    // An abbreviation of two entries would find the first alone: the second's is dead, and which
    // the list means is an administrator's to say.
    const seen = new Map<string, string>();
    d.entries.forEach((e, i) => {
      (e.abbreviations ?? []).forEach((a, j) => {
        const first = seen.get(a);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `abbreviation "${a}" is already ${first}'s`,
            path: ['entries', i, 'abbreviations', j],
          });
        } else seen.set(a, e.term);
      });
    });
  });
export type ConditionDictionary = z.output<typeof conditionDictionarySchema>;

export interface ConditionMatcher {
  match(text: string): {
    terms: string[];
    icdPrefixes: string[];
    /** Per ambiguous prefix, what histology tells the matched term apart (absent when none). */
    histology?: HistologyRequirement[];
    /** Every place a term (or its abbreviation) was found, `[start, end)` in the NFKC text. */
    spans?: [number, number][];
    /** The term found at each of `spans`, in the same order. */
    spanTerms?: string[];
  };
  /**
   * The words its codes tell apart written beside a term `match` reports (see the schema's
   * `qualifiers`), in NFKC; none for a term the dictionary gives none.
   */
  qualifiersOf?(term: string): Qualifiers;
  /** Whether a term `match` reports is an everyday name (see the schema's `everydayName`). */
  isEverydayName?(term: string): boolean;
}

/** Words beside a term that its codes tell apart (see the dictionary schema's `qualifiers`). */
export interface Qualifiers {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const NO_QUALIFIERS: Qualifiers = Object.freeze({ before: [], after: [] });

interface IndexedTerm {
  /** The term as the dictionary writes it (what `match` returns). */
  readonly term: string;
  /** The term in NFKC, the form it is searched for. */
  readonly key: string;
  readonly icd10: readonly string[];
  readonly histology?: { readonly confirm: readonly string[]; readonly exclude: readonly string[] };
  /** Written in Latin letters (NSCLC): found only as a whole word, never inside TSC-AML. */
  readonly latin: boolean;
  /** Words the term is not found inside (see the schema's `notWithin`). */
  readonly notWithin: readonly string[];
}

interface Found {
  readonly at: number;
  /** Where the term ends in the text: past an abbreviation in brackets written inside it. */
  readonly end: number;
  readonly entry: IndexedTerm;
}

/**
 * An abbreviation in brackets, which a text may write inside a term: 艾滋病病毒(HIV)感染. Letters
 * only: not a variant (T315I) or a result (Ph+, HBeAg+), which say more than the term.
 */
const ABBREVIATION_IN_BRACKETS = /\([A-Za-z]{2,10}\)/gu;
/** How far before such a bracket a term written around it may start. */
const TERM_BEFORE_BRACKET = 24;

/** Whether `key`, found in `text` at `at`, is part of the word `word` written there. */
function insideWord(text: string, at: number, key: string, word: string): boolean {
  for (let i = word.indexOf(key); i >= 0; i = word.indexOf(key, i + 1)) {
    if (at - i >= 0 && text.startsWith(word, at - i)) return true;
  }
  return false;
}

/**
 * Finds the dictionary's terms in a text: longest terms first and without overlap, so 非小细胞肺癌
 * wins over the 小细胞肺癌 and 肺癌 inside it. Terms come back once each, in order of appearance,
 * with the union of their prefixes in first-seen order. Text and terms are compared in NFKC, so
 * `Ⅱ度烧伤` in a raw remark finds the term `II度烧伤`.
 *
 * The terms are indexed by their first character, longest first, so a call looks only at the
 * terms that can start at each position.
 */
export function conditionMatcher(dictionary: ConditionDictionary): ConditionMatcher {
  const byFirst = new Map<string, IndexedTerm[]>();
  for (const entry of dictionary.entries)
    for (const [written, reported] of [
      ...[entry.term, ...(entry.aliases ?? [])].map((t) => [t, t] as const),
      ...(entry.abbreviations ?? []).map((a) => [a, entry.term] as const),
    ]) {
      const key = canonicalSeverity(written.normalize('NFKC'));
      const first = key.charAt(0);
      let list = byFirst.get(first);
      if (list === undefined) {
        list = [];
        byFirst.set(first, list);
      }
      list.push({
        term: reported,
        key,
        icd10: entry.icd10,
        ...(entry.histology === undefined ? {} : { histology: entry.histology }),
        latin: /^[A-Za-z0-9+/-]+$/u.test(key),
        notWithin: (entry.notWithin ?? []).map((w) => w.normalize('NFKC')),
      });
    }
  for (const list of byFirst.values()) list.sort((a, b) => b.key.length - a.key.length);
  // Each reported term's qualifiers (an abbreviation is reported as its term).
  const qualifiers = new Map<string, Qualifiers>();
  const nfkc = (words: readonly string[]) => words.map((w) => w.normalize('NFKC'));
  for (const entry of dictionary.entries) {
    if (entry.qualifiers === undefined) continue;
    const q = { before: nfkc(entry.qualifiers.before), after: nfkc(entry.qualifiers.after) };
    for (const t of [entry.term, ...(entry.aliases ?? [])]) qualifiers.set(t, q);
  }
  const everydayNames = new Set(
    dictionary.entries
      .filter((entry) => entry.everydayName === true)
      .flatMap((entry) => [entry.term, ...(entry.aliases ?? [])]),
  );

  return {
    qualifiersOf: (term) => qualifiers.get(term) ?? NO_QUALIFIERS,
    isEverydayName: (term) => everydayNames.has(term),
    match(raw) {
      const text = canonicalSeverity(raw.normalize('NFKC'));
      const candidates: Found[] = [];
      for (let at = 0; at < text.length; at++) {
        const list = byFirst.get(text.charAt(at));
        if (list === undefined) continue;
        for (const entry of list) {
          if (!text.startsWith(entry.key, at)) continue;
          if (entry.latin && !wordAt(text, at, entry.key.length)) continue;
          if (entry.notWithin.some((w) => insideWord(text, at, entry.key, w))) continue;
          // Not the last severity of a range (重度… in 中重度…, 中度… in 轻中度…): the range's.
          if (endsSeverityRange(entry.key, text.slice(0, at))) continue;
          candidates.push({ at, end: at + entry.key.length, entry });
        }
      }
      // A term with an abbreviation in brackets written inside it ("艾滋病病毒(HIV)感染" for
      // 艾滋病病毒感染): found across the bracket, which it then spans.
      for (const bracket of text.matchAll(ABBREVIATION_IN_BRACKETS)) {
        const from = bracket.index;
        const to = from + bracket[0].length;
        if (from === 0 || to >= text.length) continue;
        const joined = text.slice(0, from) + text.slice(to);
        for (let at = Math.max(0, from - TERM_BEFORE_BRACKET); at < from; at++) {
          for (const entry of byFirst.get(joined.charAt(at)) ?? []) {
            if (entry.latin || at + entry.key.length <= from) continue;
            if (!joined.startsWith(entry.key, at)) continue;
            candidates.push({ at, end: at + entry.key.length + to - from, entry });
          }
        }
      }
      if (candidates.length === 0) return { terms: [], icdPrefixes: [], histology: [], spans: [] };

      // Longest terms anywhere in the text take their characters first; ties go to the earlier one.
      candidates.sort((a, b) => b.entry.key.length - a.entry.key.length || a.at - b.at);
      const taken = new Uint8Array(text.length);
      const chosen: Found[] = [];
      for (const c of candidates) {
        if (taken.subarray(c.at, c.end).includes(1)) continue;
        taken.fill(1, c.at, c.end);
        chosen.push(c);
      }
      chosen.sort((a, b) => a.at - b.at);

      const terms: string[] = [];
      const icdPrefixes: string[] = [];
      const spans: [number, number][] = [];
      const spanTerms: string[] = [];
      const seenTerms = new Set<string>();
      const seenPrefixes = new Set<string>();
      // A prefix is ambiguous only if every matched term using it needs histology to tell.
      const histologyByPrefix = new Map<string, HistologyRequirement | null>();
      for (const { at, end, entry } of chosen) {
        spans.push([at, end]);
        spanTerms.push(entry.term);
        if (seenTerms.has(entry.term)) continue;
        seenTerms.add(entry.term);
        terms.push(entry.term);
        for (const prefix of entry.icd10) {
          // A whole morphology code (M83120/3) names the condition itself: no histology to ask.
          const h = MORPHOLOGY_CODE.test(prefix) ? undefined : entry.histology;
          const before = histologyByPrefix.get(prefix);
          if (h === undefined) histologyByPrefix.set(prefix, null);
          else if (before === undefined)
            histologyByPrefix.set(prefix, {
              prefix,
              confirm: [...h.confirm],
              exclude: [...h.exclude],
            });
          else if (before !== null) {
            // Two terms on one prefix (非小细胞肺癌 or 小细胞肺癌): either histology confirms.
            const confirm = [...new Set([...before.confirm, ...h.confirm])];
            const exclude = before.exclude.filter(
              (e) =>
                h.exclude.includes(e) && !confirm.some((c) => c.startsWith(e) || e.startsWith(c)),
            );
            histologyByPrefix.set(prefix, { prefix, confirm, exclude });
          }
          if (seenPrefixes.has(prefix)) continue;
          seenPrefixes.add(prefix);
          icdPrefixes.push(prefix);
        }
      }
      const histology = [...histologyByPrefix.values()].filter(
        (h): h is HistologyRequirement => h !== null,
      );
      return { terms, icdPrefixes, histology, spans, spanTerms };
    },
  };
}

function wordAt(text: string, at: number, length: number): boolean {
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9-]/u.test(ch);
  return !isWordChar(text[at - 1]) && !isWordChar(text[at + length]);
}
