import type { Indication, Structuring } from '../item/item.ts';
import type { Restriction, RestrictionKind } from '../restrictions/restriction.ts';
import type { ConditionMatcher } from './condition-dictionary.ts';
import type { ImportSettings } from './settings.ts';
import { splitOutsideBrackets } from './text.ts';

/**
 * Reads the national list's restricted payment scope (限定支付范围) into restrictions.
 *
 * The text has a small grammar: `限：1.A；2.B。应同时符合以下条件：1.x；2.y` is "A or B, and
 * always x and y"; `限A；限B。支付不超过14天。` is "A or B, and at most 14 days". Within one
 * clause each recognizer (tier, setting, age, sex, line of therapy, course, insurance scheme,
 * approval, evidence, diagnosis) claims the characters it understood; what is left, after filler
 * words, decides whether the clause is fully structured. A clause joined by 或 across different
 * kinds ("限子宫肌瘤患者或生育保险") cannot be written as all-of, so it is left whole for an
 * administrator rather than structured wrongly.
 */

export interface ParsedRemark {
  readonly restrictions: Restriction[];
  readonly indications: Indication[];
  readonly structuring: Structuring;
  readonly unparsed: string[];
}

export interface RemarkParser {
  parse(remark: string): ParsedRemark;
}

interface ClauseResult {
  readonly text: string;
  readonly restrictions: Restriction[];
  /** The clause text when some of it was not understood. */
  readonly leftover: string | null;
}

/** Marks that stand for a note in the printed list, not a restriction (◇: see the list's notes). */
const MARKERS = new Set(['◇', '★', '△']);

const ALSO_REQUIRED = /应同时符合以下条件:?/u;

export function normalizeRemark(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').replace(/[“”]/gu, '"').replace(/;+/gu, ';');
}

/** Splits `1.a;2.b;3.c` (numbers in sequence, each after the start, `:`, `;` or `。`). */
function numberedItems(text: string): string[] | null {
  const starts: { at: number; body: number }[] = [];
  let from = 0;
  for (let n = 1; ; n++) {
    const marker = `${n}.`;
    let found = -1;
    let search = from;
    while (search < text.length) {
      const at = text.indexOf(marker, search);
      if (at < 0) break;
      const before = at === 0 ? '' : text[at - 1];
      if (at === 0 || before === ':' || before === ';' || before === '。' || before === '限') {
        found = at;
        break;
      }
      search = at + 1;
    }
    if (found < 0) break;
    starts.push({ at: found, body: found + marker.length });
    from = found + marker.length;
  }
  if (starts.length < 2) return null;
  return starts.map((s, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1]?.at ?? text.length) : text.length;
    return trimClause(text.slice(s.body, end));
  });
}

function trimClause(text: string): string {
  return text.replace(/^[限:;。,、]+/u, '').replace(/[;。,、:]+$/u, '');
}

/** Splits on `sep` outside brackets, trimmed, dropping empty parts. */
function splitTopLevel(text: string, sep: string): string[] {
  return splitOutsideBrackets(text, sep)
    .map(trimClause)
    .filter((p) => p.length > 0);
}

export function remarkParser(settings: ImportSettings, conditions: ConditionMatcher): RemarkParser {
  const { childrenMaxYears, adultMinYears } = settings.ages;
  const aliases = settings.evidenceTests
    .flatMap((t) => t.aliases.map((alias) => ({ alias, test: t.test })))
    .sort((a, b) => b.alias.length - a.alias.length);
  const positiveWords = settings.evidenceResults.positive;
  const negativeWords = settings.evidenceResults.negative;
  const fillers = [...settings.fillerWords].sort((a, b) => b.length - a.length);
  const orFillers = fillers.filter((w) => w.length > 1 && w.includes('或'));

  /** Whether text has anything left once filler words, numbers, variants and abbreviations go. */
  function meaningful(text: string): boolean {
    let rest = text.replace(/\([A-Za-z0-9\s\-+/.,≥≤<>%=]*\)/gu, '').replace(/[A-Z]\d+[A-Z]/gu, '');
    for (const word of fillers) if (rest.includes(word)) rest = rest.split(word).join('');
    return rest.replace(/[\p{P}\p{S}\d\s]/gu, '').length > 0;
  }

  function parseClause(text: string): ClauseResult {
    // Who understood each character: 0 nobody, -1 a filler phrase, n > 0 restriction n − 1.
    const owner = new Int16Array(text.length);
    const restrictions: Restriction[] = [];
    const claim = (from: number, to: number, by = restrictions.length) =>
      owner.fill(by === 0 ? -1 : by, from, to);
    const claimedAt = (i: number) => owner[i] !== 0;
    // Filler phrases that contain 或 (局部晚期或转移性) are claimed first, so that 或 is not
    // mistaken for an alternative between two conditions.
    for (const phrase of orFillers) {
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
        claim(at, at + phrase.length, 0);
      }
    }
    const each = (pattern: RegExp, onMatch: (m: RegExpExecArray) => unknown) => {
      const re = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      );
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (claimedAt(m.index)) continue;
        const before = restrictions.length;
        if (onMatch(m) !== false) {
          claim(
            m.index,
            m.index + m[0].length,
            restrictions.length > before ? restrictions.length : 0,
          );
        }
      }
    };
    const add = (restriction: Restriction): void => {
      restrictions.push(restriction);
    };
    const fragment = (m: RegExpExecArray) => m[0];

    // Scheme (限工伤保险 / 生育保险).
    each(/限?(工伤|生育)保险/u, (m) => {
      add({
        kind: 'scheme',
        source: 'nrdl',
        text: fragment(m),
        schemes: [m[1] === '工伤' ? 'work_injury' : 'maternity'],
      });
    });
    // Prior approval (事前审查 / 审批 / 备案).
    each(/(?:经)?(?:事前审查|事前审核|审批|备案)(?:后方可(?:使用|用)?)?/u, (m) => {
      add({ kind: 'approval', source: 'nrdl', text: fragment(m) });
    });
    // Course: 支付不超过14天 / 单次住院最多支付14天 / 限14天.
    each(/(?:单次住院)?(?:最多支付|支付不超过|使用不超过|不超过|限)(\d+)天/u, (m) => {
      add({ kind: 'course', source: 'nrdl', text: fragment(m), maxDays: Number(m[1]) });
    });
    // Institution tier.
    each(/(二级|三级)及以上(?:医疗机构|医院)?/u, (m) => {
      add({
        kind: 'institution_tier',
        source: 'nrdl',
        text: fragment(m),
        minTier: m[1] === '三级' ? 'tertiary' : 'secondary',
      });
    });
    // Setting.
    each(/(?:限)?住院(?:患者|病人|使用)?(?:方予支付)?/u, (m) => {
      add({ kind: 'setting', source: 'nrdl', text: fragment(m), settings: ['inpatient'] });
    });
    each(/(?:限)?门诊(?:患者|使用)?/u, (m) => {
      add({ kind: 'setting', source: 'nrdl', text: fragment(m), settings: ['outpatient'] });
    });
    // Line of therapy.
    each(/二线(?:及以上|及以后)?(?:用药|治疗)?/u, (m) => {
      add({ kind: 'line_of_therapy', source: 'nrdl', text: fragment(m), minLine: 2 });
    });
    each(/三线(?:及以上|及以后)?(?:用药|治疗)?/u, (m) => {
      add({ kind: 'line_of_therapy', source: 'nrdl', text: fragment(m), minLine: 3 });
    });
    each(/既往(?:至少)?(?:接受|经过|经)?过?(?:至少)?(?:(?:2|两|二)(?:种|个|线)|二线)/u, (m) => {
      add({ kind: 'line_of_therapy', source: 'nrdl', text: fragment(m), minLine: 3 });
    });
    each(/既往(?:至少)?(?:接受|经过|经)?过?(?:至少)?(?:一线|一种|1种|一次|一个)/u, (m) => {
      add({ kind: 'line_of_therapy', source: 'nrdl', text: fragment(m), minLine: 2 });
    });
    each(/一线(?:治疗|用药)/u, (m) => {
      add({ kind: 'line_of_therapy', source: 'nrdl', text: fragment(m), minLine: 1, maxLine: 1 });
    });
    // Age: explicit years first, then 儿童 / 成人 unless the clause names both (成人和6岁及以上儿童).
    const firstAge = restrictions.length;
    each(/(\d+)周?岁?(?:-|~|至)(<)?(\d+)周?岁/u, (m) => {
      add({
        kind: 'age',
        source: 'nrdl',
        text: fragment(m),
        minYears: Number(m[1]),
        maxYears: m[2] === '<' ? Number(m[3]) - 1 : Number(m[3]),
      });
    });
    each(/(?:≥(\d+)周?岁|(\d+)周?岁(?:和\d+周?岁)?(?:及)?以上)/u, (m) => {
      add({ kind: 'age', source: 'nrdl', text: fragment(m), minYears: Number(m[1] ?? m[2]) });
    });
    each(/(?:<(\d+)周?岁|(\d+)周?岁(?:及)?以下)/u, (m) => {
      add({
        kind: 'age',
        source: 'nrdl',
        text: fragment(m),
        maxYears: m[1] === undefined ? Number(m[2]) : Number(m[1]) - 1,
      });
    });
    const namesChildren = /儿童|小儿/u.test(text);
    const namesAdults = /成人|成年/u.test(text);
    const explicitAges = restrictions.length - firstAge;
    if (explicitAges > 0 && namesAdults) {
      // "成人和12岁及以上青少年": adults *and* the younger group — from the youngest age up.
      let youngest = Infinity;
      for (let i = firstAge; i < restrictions.length; i++) {
        const r = restrictions[i];
        if (r?.kind === 'age') youngest = Math.min(youngest, r.minYears ?? 0);
      }
      for (let i = firstAge; i < restrictions.length; i++) {
        const r = restrictions[i];
        if (r?.kind === 'age')
          restrictions[i] = { kind: 'age', source: r.source, text: r.text, minYears: youngest };
      }
      each(/儿童|小儿|成人|成年|青少年/u, () => undefined);
    } else if (explicitAges > 0) {
      // "6-17岁儿童": the years say it all.
      each(/儿童|小儿|青少年/u, () => undefined);
    } else if (namesChildren !== namesAdults) {
      each(namesChildren ? /儿童|小儿/u : /成人|成年(?:人)?/u, (m) => {
        add(
          namesChildren
            ? { kind: 'age', source: 'nrdl', text: fragment(m), maxYears: childrenMaxYears }
            : { kind: 'age', source: 'nrdl', text: fragment(m), minYears: adultMinYears },
        );
      });
    } else if (namesChildren && namesAdults) {
      // Both named: the clause is an age *range* joined by 和 / 、; only explicit years count.
      each(/儿童|小儿|成人|成年|青少年/u, () => undefined);
    }
    // Sex.
    each(/女性|妇女/u, (m) => {
      add({ kind: 'sex', source: 'nrdl', text: fragment(m), sex: 'female' });
    });
    each(/男性/u, (m) => {
      add({ kind: 'sex', source: 'nrdl', text: fragment(m), sex: 'male' });
    });
    // Evidence phrases, then biomarkers followed by a result word.
    for (const p of settings.evidencePhrases) {
      let at = text.indexOf(p.phrase);
      while (at >= 0) {
        if (!claimedAt(at)) {
          add({ kind: 'evidence', source: 'nrdl', text: p.phrase, test: p.test, result: p.result });
          claim(at, at + p.phrase.length);
        }
        at = text.indexOf(p.phrase, at + p.phrase.length);
      }
    }
    const seenTests = new Set<string>();
    for (const { alias, test } of aliases) {
      let at = text.indexOf(alias);
      while (at >= 0) {
        const end = at + alias.length;
        if (!claimedAt(at)) {
          const found = resultAfter(text, end);
          if (found === null) {
            claim(at, end, 0);
          } else {
            if (!seenTests.has(`${test}:${found.result}`)) {
              seenTests.add(`${test}:${found.result}`);
              add({
                kind: 'evidence',
                source: 'nrdl',
                text: text.slice(at, found.end),
                test,
                result: found.result,
              });
            }
            claim(at, found.end);
          }
        }
        at = text.indexOf(alias, end);
      }
    }
    // Diagnoses: every dictionary term, one restriction whose prefixes any diagnosis may match.
    const { terms, icdPrefixes } = conditions.match(text);
    if (terms.length > 0) {
      add({
        kind: 'diagnosis',
        source: 'nrdl',
        text: terms.join('或'),
        conditions: terms,
        icdPrefixes,
      });
      for (const term of terms) {
        for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
          if (!claimedAt(at)) claim(at, at + term.length);
        }
      }
    }

    if (orJoinsDifferentConditions()) return { text, restrictions: [], leftover: text };
    let rest = '';
    for (let i = 0; i < text.length; i++) if (owner[i] === 0) rest += text.charAt(i);
    return { text, restrictions, leftover: meaningful(rest) ? text : null };

    /**
     * 或 between two different kinds of condition (限子宫肌瘤患者或生育保险), or between a condition
     * and text we did not understand (限急诊或住院患者), cannot be written as all-of.
     */
    function orJoinsDifferentConditions(): boolean {
      for (let i = text.indexOf('或'); i >= 0; i = text.indexOf('或', i + 1)) {
        if (owner[i] !== 0) continue;
        const left = side(i, -1);
        const right = side(i, 1);
        const isKind = (s: string) => s !== 'text' && s !== 'none';
        if (isKind(left) && isKind(right) && left !== right) return true;
        if ((isKind(left) && right === 'text') || (left === 'text' && isKind(right))) return true;
      }
      return false;
    }

    function side(from: number, step: 1 | -1): RestrictionKind | 'text' | 'none' {
      let stretch = '';
      let i = from + step;
      while (i >= 0 && i < text.length && (owner[i] ?? 0) <= 0) {
        if (owner[i] === 0)
          stretch = step === 1 ? stretch + text.charAt(i) : text.charAt(i) + stretch;
        i += step;
      }
      if (meaningful(stretch)) return 'text';
      const by = i >= 0 && i < text.length ? (owner[i] ?? 0) : 0;
      return by > 0 ? (restrictions[by - 1]?.kind ?? 'none') : 'none';
    }

    function resultAfter(
      source: string,
      from: number,
    ): { result: 'positive' | 'negative'; end: number } | null {
      // Skip "(EGFR)" after "表皮生长因子受体", then look ahead to the end of the phrase or the next test.
      let start = from;
      const abbreviation = /^\([A-Za-z0-9-]+\)/u.exec(source.slice(start));
      if (abbreviation) start += abbreviation[0].length;
      let stop = source.length;
      for (const sep of [',', ';', '。', '、', ':']) {
        const at = source.indexOf(sep, start);
        if (at >= 0 && at < stop) stop = at;
      }
      for (const other of aliases) {
        const at = source.indexOf(other.alias, start);
        if (at >= 0 && at < stop) stop = at;
      }
      const window = source.slice(start, Math.min(stop, start + 40));
      let best: { result: 'positive' | 'negative'; at: number; length: number } | null = null;
      for (const [result, words] of [
        ['positive', positiveWords],
        ['negative', negativeWords],
      ] as const) {
        // The phrase's last result word: "19号外显子缺失突变或21号外显子L858R置换突变" is one
        // requirement, and "EGFR基因突变阴性" is negative.
        for (const word of words) {
          const at = window.lastIndexOf(word);
          if (at >= 0 && (best === null || at > best.at)) {
            best = { result, at, length: word.length };
          }
        }
      }
      return best === null ? null : { result: best.result, end: start + best.at + best.length };
    }
  }

  function parse(remark: string): ParsedRemark {
    const text = normalizeRemark(remark);
    if (text.length === 0 || MARKERS.has(text)) {
      return { restrictions: [], indications: [], structuring: 'none_needed', unparsed: [] };
    }
    const [main = '', ...tails] = text.split(ALSO_REQUIRED);
    const alwaysClauses = tails.flatMap((tail) => numberedItems(tail) ?? splitTopLevel(tail, ';'));

    let alternatives: string[] = [];
    const numbered = numberedItems(main);
    if (numbered !== null) {
      alternatives = numbered;
    } else {
      const sentences = splitTopLevel(main, '。');
      const [first = '', ...others] = sentences;
      const colon = first.indexOf(':');
      const head = colon >= 0 ? trimClause(first.slice(0, colon)) : '';
      const body = colon >= 0 ? first.slice(colon + 1) : first;
      const parts = splitTopLevel(body, ';');
      if (parts.length > 1) {
        alternatives = parts;
        if (head !== '') alwaysClauses.push(head);
      } else {
        alwaysClauses.push(head === '' ? trimClause(body) : `${head}${trimClause(body)}`);
      }
      alwaysClauses.push(...others);
    }

    const always = alwaysClauses.filter((c) => c.length > 0).map(parseClause);
    const options = alternatives.map(parseClause);
    const unparsed = [...always, ...options].flatMap((c) =>
      c.leftover === null ? [] : [c.leftover],
    );
    const restrictions = always.flatMap((c) => c.restrictions);
    // An alternative we could not read at all would make the any-of wrongly narrow: keep none.
    const indications: Indication[] = options.some((o) => o.restrictions.length === 0)
      ? []
      : options.map((o) => ({ text: o.text, restrictions: o.restrictions }));
    const structuredCount = restrictions.length + indications.length;
    const structuring: Structuring =
      unparsed.length === 0 ? 'complete' : structuredCount === 0 ? 'unparsed' : 'partial';
    return { restrictions, indications, structuring, unparsed };
  }

  return { parse };
}
