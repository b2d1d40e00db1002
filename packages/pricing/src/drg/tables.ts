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

/**
 * A grouper version's tables (CHS-DRG 1.0 and local variants): MDCs, ADRGs, DRGs with their
 * severity flags, principal diagnosis → MDC and → ADRG, principal procedure → surgical ADRG, the
 * MCC / CC lists and their exclusion tables. Tables are data: a city's subdivided groups are
 * another set of files, loaded by the same code. Loading checks every row and refuses the whole
 * version — with file and line — when a row is malformed or names an ADRG or MDC that does not exist.
 */

export interface DrgRow {
  readonly drg: string;
  readonly name: string;
  /** 1 = the ADRG is defined by a procedure, 0 = medical, -1 = n/a. */
  readonly surgical: -1 | 0 | 1;
  /** 1 = requires an MCC, 0 = requires none, -1 = not split on it. */
  readonly mcc: -1 | 0 | 1;
  readonly cc: -1 | 0 | 1;
}

export interface AdrgInfo {
  readonly code: string;
  readonly mdc: string;
  readonly name: string;
  readonly drgs: readonly DrgRow[];
  /** Procedure lists for combination rules (e.g. AC1_01 pancreas + AC1_02 kidney). */
  readonly procedureLists: readonly string[];
  /**
   * Alternative combinations of procedure lists, each satisfied when every list in it has one of
   * the record's procedures (1.1 JA1: table 1 + table 2, or table 1 + table 3 + table 4). Empty when
   * the ADRG takes any procedure of its own list.
   */
  readonly alternatives: readonly (readonly string[])[];
}

/** A birth-weight band of a newborn ADRG (grams, both ends included; null = open). */
export interface BirthWeightBand {
  readonly min: number | null;
  readonly max: number | null;
}

export interface GrouperTables {
  readonly version: string;
  readonly mdcs: ReadonlyMap<string, string>;
  readonly adrgs: ReadonlyMap<string, AdrgInfo>;
  /** Principal diagnosis → MDC table entries (`MDCB`/`B00`, `MDCZ`/`Z03` …). */
  readonly mdcByDiagnosis: ReadonlyMap<string, readonly { mdc: string; table: string }[]>;
  /** Principal diagnosis → ADRGs whose diagnosis table lists it, in table order. */
  readonly adrgsByDiagnosis: ReadonlyMap<string, readonly string[]>;
  /** Procedure → ADRG procedure lists (`BB1`, `AC1_01` …), in table order. */
  readonly listsByProcedure: ReadonlyMap<string, readonly string[]>;
  readonly mcc: ReadonlyMap<string, string>;
  readonly cc: ReadonlyMap<string, string>;
  /** Exclusion table → principal diagnoses that cancel an MCC / CC listed with it. */
  readonly exclusions: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Diagnosis → ADRGs whose list may be met by the principal *or* a secondary diagnosis (1.1
   * "主要诊断或其他诊断中包含以下诊断", YC1 "包含以下诊断").
   */
  readonly adrgsByAnyDiagnosis: ReadonlyMap<string, readonly string[]>;
  /** Surgical ADRGs that take any operation (1.1 "全部手术"; 1.0 SB1, TB1, WJ1, XJ1, YC1). */
  readonly anyOperationAdrgs: ReadonlySet<string>;
  /** Newborn ADRGs chosen by birth weight (PS1 < 1500 g …), from the version's data. */
  readonly birthWeightBands: ReadonlyMap<string, BirthWeightBand>;
}

export const DRG_TABLE_FILES = [
  'mdc.csv',
  'adrg.csv',
  'drg.csv',
  'mdc_principal_diagnosis.csv',
  'adrg_principal_diagnosis.csv',
  'adrg_procedure.csv',
  'mcc.csv',
  'cc.csv',
  'cc_exclusion.csv',
  'birth_weight.csv',
] as const;
export type DrgTableFile = (typeof DRG_TABLE_FILES)[number];

export const DRG_TABLE_ISSUE_CODES = [
  'drg_tables.csv',
  'drg_tables.header',
  'drg_tables.row_width',
  'drg_tables.bad_value',
  'drg_tables.unknown_mdc',
  'drg_tables.unknown_adrg',
  'drg_tables.bad_code',
  'drg_tables.code_normalized',
  'drg_tables.duplicate',
  'drg_tables.syntax',
  'drg_tables.unknown_drg',
] as const;
export type DrgTableIssueCode = (typeof DRG_TABLE_ISSUE_CODES)[number];

const HEADERS: Record<DrgTableFile, readonly string[]> = {
  'mdc.csv': ['mdc_code', 'mdc_name'],
  'adrg.csv': ['mdc_code', 'mdc_name', 'adrg_code', 'adrg_name'],
  'drg.csv': [
    'mdc_code',
    'adrg_code',
    'drg_code',
    'drg_name',
    'surgical_flag',
    'mcc_flag',
    'cc_flag',
  ],
  'mdc_principal_diagnosis.csv': ['mdc_code', 'mdc_dx_table', 'diagnosis_code', 'diagnosis_name'],
  'adrg_principal_diagnosis.csv': ['mdc_code', 'adrg_code', 'diagnosis_code', 'diagnosis_name'],
  'adrg_procedure.csv': ['mdc_code', 'adrg_code', 'procedure_code', 'procedure_name'],
  'mcc.csv': ['diagnosis_code', 'diagnosis_name', 'exclusion_table'],
  'cc.csv': ['diagnosis_code', 'diagnosis_name', 'exclusion_table'],
  'cc_exclusion.csv': ['exclusion_table', 'diagnosis_code', 'diagnosis_name'],
  'birth_weight.csv': ['adrg_code', 'min_grams', 'max_grams'],
};

/** Reads the birth-weight bands (shared with the OpenDRG importer). */
export function readBirthWeightBands(
  file: string,
  rows: readonly { line: number; fields: readonly string[] }[],
  adrgExists: (code: string) => boolean,
  bad: (line: number, code: DrgTableIssueCode, message: string) => void,
): Map<string, BirthWeightBand> {
  const bands = new Map<string, BirthWeightBand>();
  const grams = (text: string): number | null | undefined =>
    text === '' ? null : /^\d{1,5}$/u.test(text) ? Number(text) : undefined;
  for (const { line, fields } of rows) {
    const [adrg = '', lo = '', hi = ''] = fields;
    const min = grams(lo);
    const max = grams(hi);
    if (!adrgExists(adrg)) bad(line, 'drg_tables.unknown_adrg', `unknown ADRG "${adrg}"`);
    else if (min === undefined || max === undefined || (min !== null && max !== null && min > max))
      bad(line, 'drg_tables.bad_value', `${file}: min_grams / max_grams must be grams, min ≤ max`);
    else if (bands.has(adrg)) bad(line, 'drg_tables.duplicate', `ADRG ${adrg} listed twice`);
    else bands.set(adrg, { min, max });
  }
  return bands;
}

/** A severity / surgical flag; empty (the `0000` placeholder group) reads as -1, not applicable. */
const FLAG = (text: string): -1 | 0 | 1 | undefined =>
  text === '1' ? 1 : text === '0' ? 0 : text === '-1' || text === '' ? -1 : undefined;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Loads one grouper version from its nine CSV texts. */
export function loadGrouperTables(
  version: string,
  files: Readonly<Record<DrgTableFile, string>>,
): Result<GrouperTables, DrgTableIssueCode> {
  const issues: Issue<DrgTableIssueCode>[] = [];
  const rows = {} as Record<DrgTableFile, { line: number; fields: readonly string[] }[]>;
  for (const file of DRG_TABLE_FILES) {
    const csv = parseCsv(files[file]);
    if (csv.issues.length > 0) {
      issues.push(
        issue('drg_tables.csv', `${file}: ${csv.issues[0]?.message ?? ''}`, { path: [file] }),
      );
      rows[file] = [];
      continue;
    }
    if (csv.header.join(',') !== HEADERS[file].join(',')) {
      issues.push(
        issue('drg_tables.header', `${file} line 1: expected ${HEADERS[file].join(',')}`, {
          path: [file, 1],
        }),
      );
      rows[file] = [];
      continue;
    }
    rows[file] = [];
    for (const r of csv.records) {
      if (r.fields.length !== HEADERS[file].length) {
        issues.push(
          issue(
            'drg_tables.row_width',
            `${file} line ${r.line}: expected ${HEADERS[file].length} fields`,
            {
              path: [file, r.line],
            },
          ),
        );
      } else {
        rows[file].push(r);
      }
    }
  }
  if (issues.length > 0) return fail(issues);

  const bad = (file: DrgTableFile, line: number, code: DrgTableIssueCode, message: string) =>
    issues.push(issue(code, `${file} line ${line}: ${message}`, { path: [file, line] }));

  const mdcs = new Map<string, string>();
  for (const { line, fields } of rows['mdc.csv']) {
    const [code = '', name = ''] = fields;
    if (code === '') bad('mdc.csv', line, 'drg_tables.bad_value', 'empty mdc_code');
    mdcs.set(code, name);
  }
  const adrgDraft = new Map<
    string,
    { mdc: string; name: string; drgs: DrgRow[]; lists: Set<string> }
  >();
  for (const { line, fields } of rows['adrg.csv']) {
    const [mdc = '', , code = '', name = ''] = fields;
    if (!mdcs.has(mdc)) bad('adrg.csv', line, 'drg_tables.unknown_mdc', `unknown MDC "${mdc}"`);
    adrgDraft.set(code, { mdc, name, drgs: [], lists: new Set() });
  }
  for (const { line, fields } of rows['drg.csv']) {
    const [, adrg = '', drg = '', name = '', s = '', m = '', c = ''] = fields;
    const target = adrgDraft.get(adrg);
    const surgical = FLAG(s);
    const mcc = FLAG(m);
    const cc = FLAG(c);
    if (target === undefined) {
      bad('drg.csv', line, 'drg_tables.unknown_adrg', `DRG ${drg} names unknown ADRG "${adrg}"`);
    } else if (surgical === undefined || mcc === undefined || cc === undefined) {
      bad('drg.csv', line, 'drg_tables.bad_value', `flags must be 1, 0 or -1`);
    } else {
      target.drgs.push({ drg, name, surgical, mcc, cc });
    }
  }
  const baseOf = (list: string) => list.split('_')[0] ?? list;
  const warnings: Issue<DrgTableIssueCode>[] = [];
  /**
   * Checks a diagnosis code and returns the code to use. The published 1.0 tables write three
   * extension codes with a capital X (G56.100X001); the 医保版 code is lower-case, so those are
   * corrected with a warning rather than refusing the national tables.
   */
  const checkDiagnosis = (file: DrgTableFile, line: number, code: string): string => {
    if (!validateDiagnosisCode(code).some((i) => i.severity === 'error')) return code;
    const lower =
      code.length > 4 ? `${code.slice(0, 4)}${code.slice(4).replaceAll('X', 'x')}` : code;
    if (lower !== code && !validateDiagnosisCode(lower).some((i) => i.severity === 'error')) {
      warnings.push(
        issue('drg_tables.code_normalized', `${file} line ${line}: "${code}" read as "${lower}"`, {
          path: [file, line],
          severity: 'warning',
        }),
      );
      return lower;
    }
    bad(file, line, 'drg_tables.bad_code', `"${code}" is not an ICD-10 医保版 code`);
    return code;
  };
  const mdcByDiagnosis = new Map<string, { mdc: string; table: string }[]>();
  for (const { line, fields } of rows['mdc_principal_diagnosis.csv']) {
    const [mdc = '', table = '', raw = ''] = fields;
    const dx = checkDiagnosis('mdc_principal_diagnosis.csv', line, raw);
    if (!mdcs.has(mdc))
      bad('mdc_principal_diagnosis.csv', line, 'drg_tables.unknown_mdc', `unknown MDC "${mdc}"`);
    else push(mdcByDiagnosis, dx, { mdc, table });
  }
  const adrgsByDiagnosis = new Map<string, string[]>();
  for (const { line, fields } of rows['adrg_principal_diagnosis.csv']) {
    const [, adrg = '', raw = ''] = fields;
    const dx = checkDiagnosis('adrg_principal_diagnosis.csv', line, raw);
    if (!adrgDraft.has(adrg))
      bad(
        'adrg_principal_diagnosis.csv',
        line,
        'drg_tables.unknown_adrg',
        `unknown ADRG "${adrg}"`,
      );
    else push(adrgsByDiagnosis, dx, adrg);
  }
  const listsByProcedure = new Map<string, string[]>();
  for (const { line, fields } of rows['adrg_procedure.csv']) {
    const [, list = '', proc = ''] = fields;
    if (validateProcedureCode(proc).some((i) => i.severity === 'error')) {
      bad(
        'adrg_procedure.csv',
        line,
        'drg_tables.bad_code',
        `"${proc}" is not an ICD-9-CM-3 医保版 code`,
      );
    }
    const target = adrgDraft.get(baseOf(list));
    if (target === undefined) {
      bad('adrg_procedure.csv', line, 'drg_tables.unknown_adrg', `unknown ADRG "${list}"`);
    } else {
      if (list.includes('_')) target.lists.add(list);
      push(listsByProcedure, proc, list);
    }
  }
  const exclusions = new Map<string, Set<string>>();
  for (const { line, fields } of rows['cc_exclusion.csv']) {
    const [table = '', raw = ''] = fields;
    const dx = checkDiagnosis('cc_exclusion.csv', line, raw);
    const set = exclusions.get(table) ?? new Set<string>();
    set.add(dx);
    exclusions.set(table, set);
  }
  const severity = (file: 'mcc.csv' | 'cc.csv') => {
    const map = new Map<string, string>();
    for (const { line, fields } of rows[file]) {
      const [raw = '', , table = ''] = fields;
      const dx = checkDiagnosis(file, line, raw);
      map.set(dx, table);
    }
    return map;
  };
  const mcc = severity('mcc.csv');
  const cc = severity('cc.csv');
  const birthWeightBands = readBirthWeightBands(
    'birth_weight.csv',
    rows['birth_weight.csv'],
    (code) => adrgDraft.has(code),
    (line, code, message) => bad('birth_weight.csv', line, code, message),
  );
  if (issues.length > 0) return fail(issues);
  const adrgs = new Map<string, AdrgInfo>();
  for (const [code, a] of adrgDraft) {
    const lists = [...a.lists].sort();
    adrgs.set(code, {
      code,
      mdc: a.mdc,
      name: a.name,
      drgs: a.drgs,
      procedureLists: lists,
      alternatives: lists.length > 0 ? [lists] : [],
    });
  }
  // A surgical ADRG without a procedure list takes any operation: with its diagnosis list (YC1
  // HIV-related OR procedures), or as the only surgical group of an MDC without an ambiguity
  // group (SB1, TB1, WJ1, XJ1). VC1 has neither list and its MDC has VQY: it stays unreachable.
  const listed = new Set<string>();
  for (const ls of listsByProcedure.values()) for (const l of ls) listed.add(baseOf(l));
  const withDiagnosisList = new Set<string>();
  for (const as of adrgsByDiagnosis.values()) for (const a of as) withDiagnosisList.add(a);
  const anyOperationAdrgs = new Set<string>();
  for (const a of adrgs.values()) {
    const surgical = a.drgs.some((d) => d.surgical === 1);
    if (!surgical || a.code.endsWith('QY') || listed.has(a.code)) continue;
    const hasQy = adrgs.has(`${a.mdc.slice(3)}QY`);
    if (withDiagnosisList.has(a.code) || !hasQy) anyOperationAdrgs.add(a.code);
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
      adrgsByAnyDiagnosis: new Map(),
      anyOperationAdrgs,
      birthWeightBands,
    },
    warnings,
  );
}
