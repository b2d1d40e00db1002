import {
  type Issue,
  type Result,
  fail,
  issue,
  ok,
  validateDiagnosisCode,
  validateProcedureCode,
} from '@openpayer/domain';
import { parseCsv } from '@openpayer/catalog';
import {
  type AdrgInfo,
  type DrgRow,
  type DrgTableIssueCode,
  type GrouperTables,
  readBirthWeightBands,
} from './tables.ts';

/**
 * Importer for OpenDRG's rule-file format (`OpenDRG/DRG_Rules`, Apache-2.0), in which the national
 * CHS-DRG 1.1 and some twenty city variants are published: `1_MDC.txt`, `2_ADRG.txt`, `3_DRG.txt`
 * (code and name a line), `4_ADRG_DETAIL.txt` (each MDC's principal-diagnosis table and each ADRG's
 * rule: principal diagnosis list, principal procedure list, procedure tables that must occur
 * together, "principal or secondary diagnosis", "any operation", combination lines), `5_MCC.txt` /
 * `6_CC.txt` (code, name, exclusion table) and `7_CCE.txt` (the exclusion tables). The files come
 * from a PDF text dump: names wrap onto the next line, page numbers and headings appear between
 * records, and several records may share a line; the reader takes codes by their shape.
 *
 * Plus `birth_weight.csv` (adrg_code,min_grams,max_grams), written by us from the newborn ADRG
 * names (PS1 极度发育不全（出生体重＜1500g）…): the format has no field for the bands.
 *
 * Every error names the file and line; the whole version is refused on any error.
 */

export const OPENDRG_FILES = [
  '1_MDC.txt',
  '2_ADRG.txt',
  '3_DRG.txt',
  '4_ADRG_DETAIL.txt',
  '5_MCC.txt',
  '6_CC.txt',
  '7_CCE.txt',
  'birth_weight.csv',
] as const;
export type OpenDrgFile = (typeof OPENDRG_FILES)[number];

const DX = /^[A-Z]\d\d\.[0-9A-Za-z]+(?:\+[A-Z]\d\d(?:\.[0-9A-Za-z]+)?\*)?$/u;
const PROC = /^\d\d\.[0-9A-Za-z]+$/u;
const TABLE = /^\d+(?:-\d+)+$/u;

/** A DRG row's severity flags from its last character (1 MCC, 3 CC, 5 none, 9 not split) or name. */
export function flagsOf(
  drg: string,
  name: string,
): { mcc: -1 | 0 | 1; cc: -1 | 0 | 1 } | undefined {
  switch (drg.charAt(3)) {
    case '1':
      return { mcc: 1, cc: 0 };
    case '3':
      return { mcc: 0, cc: 1 };
    case '5':
      return { mcc: 0, cc: 0 };
    case '9':
      return { mcc: -1, cc: -1 };
  }
  // Local codes (Beijing 2/4/6/8, B/C/D): read the severity from the name.
  if (/不伴/u.test(name)) return { mcc: 0, cc: 0 };
  if (/伴严重并发症或合并症/u.test(name)) return { mcc: 1, cc: 0 };
  if (/伴并发症或合并症/u.test(name)) return { mcc: 0, cc: 1 };
  return { mcc: -1, cc: -1 };
}

interface Line {
  readonly line: number;
  readonly text: string;
}

const linesOf = (text: string): Line[] =>
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((t, i) => ({ line: i + 1, text: t.replace(/~~/gu, '').trim() }))
    .filter((l) => l.text !== '');

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

type Block =
  | { kind: 'none' }
  | { kind: 'pdx' }
  | { kind: 'anydx' }
  | { kind: 'skipdx' }
  | { kind: 'proc'; list: string };

/** Loads one grouper version from OpenDRG rule files (and our birth-weight bands). */
export function loadOpenDrgRules(
  version: string,
  files: Readonly<Record<OpenDrgFile, string>>,
): Result<GrouperTables, DrgTableIssueCode> {
  const issues: Issue<DrgTableIssueCode>[] = [];
  const warnings: Issue<DrgTableIssueCode>[] = [];
  const bad = (file: OpenDrgFile, line: number, code: DrgTableIssueCode, message: string) =>
    issues.push(issue(code, `${file} line ${line}: ${message}`, { path: [file, line] }));
  const warn = (file: OpenDrgFile, line: number, code: DrgTableIssueCode, message: string) =>
    warnings.push(
      issue(code, `${file} line ${line}: ${message}`, { path: [file, line], severity: 'warning' }),
    );
  const diagnosis = (file: OpenDrgFile, line: number, code: string): string => {
    if (!validateDiagnosisCode(code).some((i) => i.severity === 'error')) return code;
    const lower =
      code.length > 4 ? `${code.slice(0, 4)}${code.slice(4).replaceAll('X', 'x')}` : code;
    if (lower !== code && !validateDiagnosisCode(lower).some((i) => i.severity === 'error')) {
      warn(file, line, 'drg_tables.code_normalized', `"${code}" read as "${lower}"`);
      return lower;
    }
    bad(file, line, 'drg_tables.bad_code', `"${code}" is not an ICD-10 医保版 code`);
    return code;
  };

  // 1_MDC, 2_ADRG, 3_DRG.
  const mdcs = new Map<string, string>();
  for (const { line, text } of linesOf(files['1_MDC.txt'])) {
    const m = /^(MDC[A-Z])\s+(.+)$/u.exec(text);
    if (m === null) bad('1_MDC.txt', line, 'drg_tables.syntax', 'expected "MDCx name"');
    else if (mdcs.has(m[1] ?? '')) bad('1_MDC.txt', line, 'drg_tables.duplicate', `${m[1]} twice`);
    else mdcs.set(m[1] ?? '', m[2] ?? '');
  }
  const drafts = new Map<string, { mdc: string; name: string; drgs: DrgRow[] }>();
  for (const { line, text } of linesOf(files['2_ADRG.txt'])) {
    const m = /^([A-Z]{2}\d)\s+(.+)$/u.exec(text);
    const code = m?.[1] ?? '';
    const mdc = `MDC${code.charAt(0)}`;
    if (m === null) bad('2_ADRG.txt', line, 'drg_tables.syntax', 'expected "ADRG name"');
    else if (!mdcs.has(mdc)) bad('2_ADRG.txt', line, 'drg_tables.unknown_mdc', `no ${mdc}`);
    else if (drafts.has(code)) bad('2_ADRG.txt', line, 'drg_tables.duplicate', `${code} twice`);
    else drafts.set(code, { mdc, name: m[2] ?? '', drgs: [] });
  }
  const drgCodes = new Set<string>();
  for (const { line, text } of linesOf(files['3_DRG.txt'])) {
    const m = /^([A-Z]{2}\d)([0-9A-Z])\s+(.+)$/u.exec(text);
    if (m === null) {
      bad('3_DRG.txt', line, 'drg_tables.syntax', 'expected "DRG name"');
      continue;
    }
    const [, adrg = '', , name = ''] = m;
    const drg = `${adrg}${m[2] ?? ''}`;
    const target = drafts.get(adrg);
    const flags = flagsOf(drg, name);
    if (target === undefined)
      bad('3_DRG.txt', line, 'drg_tables.unknown_adrg', `DRG ${drg} names unknown ADRG "${adrg}"`);
    else if (drgCodes.has(drg)) bad('3_DRG.txt', line, 'drg_tables.duplicate', `${drg} twice`);
    else if (flags !== undefined) {
      drgCodes.add(drg);
      // CHS-DRG ADRG codes: second letter A–J operating-room, K–Q other procedures (both defined by
      // a procedure), R–Z medical.
      const surgical = adrg.charAt(1) <= 'Q' ? 1 : 0;
      target.drgs.push({ drg, name, surgical, ...flags });
    }
  }

  // 4_ADRG_DETAIL.
  const F = '4_ADRG_DETAIL.txt' as const;
  const mdcByDiagnosis = new Map<string, { mdc: string; table: string }[]>();
  const adrgsByDiagnosis = new Map<string, string[]>();
  const adrgsByAnyDiagnosis = new Map<string, string[]>();
  const listsByProcedure = new Map<string, string[]>();
  const anyOperationAdrgs = new Set<string>();
  const combos = new Map<string, string[]>();
  const conditions = new Map<string, string[][]>();
  let mode: 'none' | 'mdc' | 'adrg' = 'none';
  let mdc = '';
  let table = '';
  let adrg = '';
  let block: Block = { kind: 'none' };
  let pendingCondition: string[] | undefined;
  /** A 入组条件 line said "（主要诊断或其他诊断）": its 主要诊断 list takes any diagnosis. */
  let eitherDiagnosis = false;
  const startCombo = (n: number) => {
    const list = `${adrg}_${String(n).padStart(2, '0')}`;
    push(combos, adrg, list);
    block = { kind: 'proc', list };
  };
  for (const { line, text } of linesOf(files[F])) {
    const k = text.replace(/\s+/gu, '');
    const first = text.split(/\s+/u)[0] ?? '';
    const mdcTable = /^MDC([A-Z])(?:主诊表|诊断表)$/u.exec(k);
    if (mdcTable !== null || ((k === '诊断表' || k === '主诊表') && mode === 'none')) {
      mode = 'mdc';
      table = `${(mdcTable?.[1] ?? mdc.slice(3)) || ''}00`;
      block = { kind: 'pdx' };
      continue;
    }
    if (/^MDC[A-Z]$/u.test(first)) {
      if (!mdcs.has(first)) bad(F, line, 'drg_tables.unknown_mdc', `unknown MDC "${first}"`);
      mdc = first;
      mode = 'none';
      continue;
    }
    if (/^[A-Z]{2}\d$/u.test(first) && !DX.test(first)) {
      if (!drafts.has(first)) bad(F, line, 'drg_tables.unknown_adrg', `unknown ADRG "${first}"`);
      adrg = first;
      mode = 'adrg';
      block = { kind: 'none' };
      pendingCondition = undefined;
      eitherDiagnosis = false;
      continue;
    }
    if (mode === 'none' && mdc === 'MDCZ' && k.endsWith('创伤')) {
      // Beijing writes the multiple-trauma table without a 主诊表 heading: regions follow the MDC.
      mode = 'mdc';
      table = k;
      continue;
    }
    if (DX.test(first) || PROC.test(first)) {
      if (mode === 'mdc') {
        if (!DX.test(first)) {
          bad(F, line, 'drg_tables.bad_code', `"${first}" in an MDC diagnosis table`);
          continue;
        }
        push(mdcByDiagnosis, diagnosis(F, line, first), { mdc, table });
        continue;
      }
      if (mode !== 'adrg' || block.kind === 'none') {
        bad(F, line, 'drg_tables.syntax', `code "${first}" outside a list`);
        continue;
      }
      if (block.kind === 'skipdx') continue;
      if (block.kind === 'proc') {
        if (!PROC.test(first) || validateProcedureCode(first).some((i) => i.severity === 'error'))
          bad(F, line, 'drg_tables.bad_code', `"${first}" is not an ICD-9-CM-3 医保版 code`);
        else push(listsByProcedure, first, block.list);
        continue;
      }
      if (!DX.test(first)) {
        bad(F, line, 'drg_tables.bad_code', `"${first}" in a diagnosis list`);
        continue;
      }
      const dx = diagnosis(F, line, first);
      push(block.kind === 'pdx' ? adrgsByDiagnosis : adrgsByAnyDiagnosis, dx, adrg);
      continue;
    }
    if (/^(?:[A-Z]\d\d|\d\d)\./u.test(first)) {
      bad(F, line, 'drg_tables.bad_code', `"${first}" is neither an ICD-10 nor an ICD-9-CM-3 code`);
      continue;
    }
    if (/^\d+$/u.test(k)) {
      // A page number, or the table number of a combination line that wrapped.
      if (pendingCondition !== undefined) {
        pendingCondition.push(`${adrg}_T${k}`);
        pendingCondition = undefined;
      }
      continue;
    }
    if (mode === 'mdc') {
      if (k === '包含以下主要诊断：' || k === '包含以下诊断：') continue;
      if (mdc === 'MDCZ' && k.endsWith('创伤')) {
        table = k; // a body region of the multiple-trauma table (头颈部创伤 …)
        continue;
      }
      if (/包含|表|诊断/u.test(k))
        warn(F, line, 'drg_tables.syntax', `text "${k}" in the ${mdc} table ignored`);
      continue; // the wrapped end of a diagnosis name
    }
    if (mode !== 'adrg') continue;
    if (k === '包含以下主要诊断：' || k === '主要诊断：') {
      block = { kind: eitherDiagnosis ? 'anydx' : 'pdx' };
    } else if (
      /^(?:或)?(?:主要诊断或其他诊断中包含以下诊断|包含以下主要诊断或其他诊断|包含以下诊断|包含以下其他诊断|其他诊断)：$/u.test(
        k,
      )
    ) {
      block = { kind: 'anydx' };
    } else if (
      k === '包含以下主要手术或操作：' ||
      k === '包含以下手术或操作：' ||
      k === '主要手术或操作：'
    ) {
      block = { kind: 'proc', list: adrg };
    } else if (/^同时包含以下手术(?:或操作)?：$/u.test(k)) {
      startCombo(1);
    } else if (k === '和') {
      if (block.kind === 'skipdx') block = { kind: 'proc', list: adrg };
      else startCombo((combos.get(adrg)?.length ?? 0) + 1);
    } else if (k === '或同时包含以下主要诊断和手术操作：') {
      // Beijing IB1: a second way in (diagnosis + procedure). The diagnosis condition cannot be
      // tied to one alternative in this model: its procedures join the ADRG's list.
      warn(
        F,
        line,
        'drg_tables.syntax',
        `${adrg}: diagnosis-bound alternative read as procedures only`,
      );
      block = { kind: 'skipdx' };
    } else if (/^(?:包含以下主要手术或操作|手术表?)(\d+)：$/u.test(k)) {
      const n = /(\d+)：$/u.exec(k)?.[1] ?? '';
      block = { kind: 'proc', list: `${adrg}_T${n}` };
    } else if (/^(?:或)?(?:入组条件\d*：|包含以下主要诊断\+)/u.test(k) && k.includes('手术表')) {
      const tables = [...k.matchAll(/手术表(\d+)/gu)].map((m) => `${adrg}_T${m[1] ?? ''}`);
      const list = conditions.get(adrg) ?? [];
      list.push(tables);
      conditions.set(adrg, list);
      pendingCondition = k.endsWith('手术表') ? tables : undefined;
      if (k.includes('其他诊断或手术表'))
        warn(F, line, 'drg_tables.syntax', `${adrg}: "other diagnosis or table" read as the table`);
    } else if (k === '全部手术' || k === '包含全部手术' || /^包含除.+以外的手术$/u.test(k)) {
      anyOperationAdrgs.add(adrg);
      block = { kind: 'none' };
    } else if (/^符合MDC[A-Z]主诊表，且无手术$/u.test(k) || /^入组条件：/u.test(k)) {
      // Recognised: ZZ1 takes the MDC's medical rest; the lists of a 入组条件 line follow.
      if (k.includes('主要诊断或其他诊断')) eitherDiagnosis = true;
    } else if (/包含|手术表|诊断：/u.test(k)) {
      warn(F, line, 'drg_tables.syntax', `rule line "${k}" not understood: ignored`);
    }
    // Anything else is the wrapped end of a name.
  }

  // 5_MCC, 6_CC, 7_CCE: codes by their shape, several records a line.
  const severity = (file: '5_MCC.txt' | '6_CC.txt') => {
    const map = new Map<string, string>();
    let pending: { code: string; line: number } | undefined;
    for (const { line, text } of linesOf(files[file])) {
      const tokens = text.split(/\s+/u);
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] ?? '';
        if (DX.test(t)) {
          if (pending !== undefined)
            bad(
              file,
              pending.line,
              'drg_tables.bad_value',
              `${pending.code} has no exclusion table`,
            );
          pending = { code: t, line };
        } else if (t === '表' && TABLE.test(tokens[i + 1] ?? '') && pending !== undefined) {
          const dx = diagnosis(file, pending.line, pending.code);
          if (map.has(dx)) warn(file, pending.line, 'drg_tables.duplicate', `${dx} listed twice`);
          map.set(dx, `表 ${tokens[i + 1] ?? ''}`);
          pending = undefined;
          i++;
        } else if (t === '无' && pending !== undefined) {
          // No exclusion table: the MCC / CC counts whatever the principal diagnosis.
          map.set(diagnosis(file, pending.line, pending.code), '');
          pending = undefined;
        }
      }
    }
    if (pending !== undefined)
      bad(file, pending.line, 'drg_tables.bad_value', `${pending.code} has no exclusion table`);
    return map;
  };
  const mcc = severity('5_MCC.txt');
  const cc = severity('6_CC.txt');
  const exclusions = new Map<string, Set<string>>();
  {
    let current: Set<string> | undefined;
    for (const { line, text } of linesOf(files['7_CCE.txt'])) {
      const tokens = text.split(/\s+/u);
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] ?? '';
        if (t === '表' && TABLE.test(tokens[i + 1] ?? '')) {
          const name = `表 ${tokens[i + 1] ?? ''}`;
          current = exclusions.get(name) ?? new Set();
          exclusions.set(name, current);
          i++;
        } else if (DX.test(t)) {
          if (current === undefined)
            bad('7_CCE.txt', line, 'drg_tables.syntax', `${t} before any "表 n-n" heading`);
          else current.add(diagnosis('7_CCE.txt', line, t));
        }
      }
    }
  }
  for (const [file, map] of [
    ['5_MCC.txt', mcc],
    ['6_CC.txt', cc],
  ] as const) {
    const missing = [...new Set(map.values())].filter((t) => t !== '' && !exclusions.has(t));
    if (missing.length > 0)
      warn(
        file,
        1,
        'drg_tables.unknown_adrg',
        `exclusion tables absent from 7_CCE.txt: ${missing.join(', ')}`,
      );
  }

  const bw = parseCsv(files['birth_weight.csv']);
  let birthWeightBands = new Map<string, { min: number | null; max: number | null }>();
  if (bw.issues.length > 0 || bw.header.join(',') !== 'adrg_code,min_grams,max_grams') {
    bad('birth_weight.csv', 1, 'drg_tables.header', 'expected adrg_code,min_grams,max_grams');
  } else {
    birthWeightBands = readBirthWeightBands(
      'birth_weight.csv',
      bw.records,
      (code) => drafts.has(code),
      (line, code, message) => bad('birth_weight.csv', line, code, message),
    );
  }

  for (const [code, d] of drafts) {
    if (d.drgs.length === 0)
      bad('3_DRG.txt', 1, 'drg_tables.unknown_drg', `ADRG ${code} has no DRG row`);
  }
  if (issues.length > 0) return fail([...issues, ...warnings]);

  // A surgical ADRG without a procedure list takes any operation: for its diagnoses when it has a
  // list (YC1 HIV 相关疾患的手术室手术), or as its MDC's operating-room group when the MDC has no
  // ambiguity group.
  const listed = new Set<string>();
  for (const ls of listsByProcedure.values()) for (const l of ls) listed.add(l.split('_')[0] ?? l);
  const withDiagnosisList = new Set<string>();
  for (const as of [...adrgsByDiagnosis.values(), ...adrgsByAnyDiagnosis.values()])
    for (const a of as) withDiagnosisList.add(a);
  for (const [code, d] of drafts) {
    const surgical = d.drgs.some((r) => r.surgical === 1);
    const hasQy = drafts.has(`${code.charAt(0)}QY`);
    if (surgical && !listed.has(code) && (withDiagnosisList.has(code) || !hasQy))
      anyOperationAdrgs.add(code); // WJ1 烧伤伴除植皮之外的任何手术室手术: no list, any operation
  }
  const adrgs = new Map<string, AdrgInfo>();
  for (const [code, d] of drafts) {
    const combo = combos.get(code) ?? [];
    const alternatives = conditions.get(code) ?? (combo.length > 0 ? [combo] : []);
    const lists = [...new Set(alternatives.flat())].sort();
    adrgs.set(code, {
      code,
      mdc: d.mdc,
      name: d.name,
      drgs: d.drgs,
      procedureLists: lists,
      alternatives,
    });
  }
  return ok(
    {
      version,
      mdcs,
      adrgs,
      mdcByDiagnosis,
      adrgsByDiagnosis,
      listsByProcedure,
      mcc,
      cc,
      exclusions,
      adrgsByAnyDiagnosis,
      anyOperationAdrgs,
      birthWeightBands,
    },
    warnings,
  );
}
