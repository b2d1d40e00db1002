import { parseCsv } from '@openpayer/catalog';
import {
  type Issue,
  type Result,
  TECHNIQUES,
  type Technique,
  fail,
  issue,
  ok,
} from '@openpayer/domain';

/**
 * The technique (手术方式: robotic-assisted, laparoscopic, endoscopic …) of a case, recognised from
 * its procedure codes (ICD-9-CM-3 医保版) rather than only from what the hospital declared: the
 * robotic-assisted add-on codes 17.41–17.49 anywhere on the record, or the approach the principal
 * procedure's name says (腹腔镜下胆囊切除术 → laparoscopic). The table is data
 * (`data/procedure-techniques/procedure_techniques.csv`, derived from the national code list), read
 * by the caller and given here: this module reads no files.
 */

/** Why a code implies its technique: a robotic-assisted add-on code, or a word of its name. */
export interface ProcedureTechnique {
  readonly technique: Technique;
  /** `add_on` (17.4x), or the word of the procedure's name that decided it (e.g. `腹腔镜`). */
  readonly basis: string;
}

export interface ProcedureTechniques {
  /** Where the table came from, for explanations (e.g. `ICD-9-CM-3 医保版 v1.0`). */
  readonly label: string;
  readonly codes: ReadonlyMap<string, ProcedureTechnique>;
}

export const PROCEDURE_TECHNIQUE_ISSUE_CODES = [
  'procedure_techniques.file',
  'procedure_techniques.bad_row',
] as const;
export type ProcedureTechniqueIssueCode = (typeof PROCEDURE_TECHNIQUE_ISSUE_CODES)[number];

const CODE = /^\d{2}(?:\.[0-9A-Zx]{1,5}(?:x\d{3})?)?$/u;
const isTechnique = (t: string): t is Technique => (TECHNIQUES as readonly string[]).includes(t);

/** Reads the table's CSV (columns code, technique, basis); every bad row is an issue with its line. */
export function loadProcedureTechniques(
  label: string,
  csv: string,
): Result<ProcedureTechniques, ProcedureTechniqueIssueCode> {
  const parsed = parseCsv(csv);
  if (parsed.issues.length > 0) {
    return fail([issue('procedure_techniques.file', 'the technique table is not valid CSV')]);
  }
  if (parsed.header.join(',') !== 'code,technique,basis') {
    return fail([
      issue('procedure_techniques.file', 'the technique table needs columns code,technique,basis', {
        path: [1],
      }),
    ]);
  }
  const issues: Issue<ProcedureTechniqueIssueCode>[] = [];
  const codes = new Map<string, ProcedureTechnique>();
  for (const { line, fields } of parsed.records) {
    const [code = '', technique = '', basis = ''] = fields;
    if (!CODE.test(code) || !isTechnique(technique) || basis === '' || codes.has(code)) {
      issues.push(
        issue(
          'procedure_techniques.bad_row',
          `line ${String(line)}: "${fields.join(',')}" is not a code, a technique and a basis (or repeats a code)`,
          { path: [line] },
        ),
      );
      continue;
    }
    codes.set(code, { technique, basis });
  }
  return issues.length > 0 ? fail(issues) : ok({ label, codes });
}

/** The table's entry for a code, or for its parent when an extension code (`…x001`) is not listed. */
export function procedureTechniqueOf(
  table: ProcedureTechniques,
  code: string,
): (ProcedureTechnique & { readonly code: string }) | undefined {
  const own = table.codes.get(code);
  if (own !== undefined) return { ...own, code };
  // 51.2300x004 → 51.2300; 60.5x00x001 → 60.5x00 (the x of a six-character code is not an extension).
  const parent = /^(\d{2}\.[0-9x]{4})x\d{3}$/u.exec(code)?.[1];
  const inherited = parent === undefined ? undefined : table.codes.get(parent);
  return inherited === undefined ? undefined : { ...inherited, code: parent ?? code };
}

export const TECHNIQUE_SOURCES = ['declared', 'add_on_code', 'procedure_name'] as const;
export type TechniqueSource = (typeof TECHNIQUE_SOURCES)[number];

export interface CaseTechnique {
  readonly technique: Technique;
  readonly source: TechniqueSource;
  /** The procedure code it came from (the add-on, or the principal procedure). */
  readonly code: string;
  /** For an explanation: what decided it. */
  readonly explanation: string;
}

/**
 * The technique a case is paid by: a robotic-assisted add-on code (17.41–17.49) anywhere on the
 * record → robotic (a robotic-assisted laparoscopic procedure is robotic, whatever was declared);
 * else the technique the hospital declared on the principal procedure; else the one its code's
 * name says; none → undefined (the DRG's own standard).
 */
export function techniqueOfCase(
  procedures: readonly {
    readonly code: string;
    readonly role: 'principal' | 'secondary';
    readonly technique?: Technique | undefined;
  }[],
  table: ProcedureTechniques | undefined,
): CaseTechnique | undefined {
  if (table !== undefined) {
    for (const p of procedures) {
      const known = procedureTechniqueOf(table, p.code);
      if (known?.basis === 'add_on') {
        return {
          technique: known.technique,
          source: 'add_on_code',
          code: p.code,
          explanation: `technique ${known.technique} (add_on_code): robotic-assisted add-on code ${p.code} on the record (${table.label})`,
        };
      }
    }
  }
  const principal = procedures.find((p) => p.role === 'principal');
  if (principal === undefined) return undefined;
  if (principal.technique !== undefined) {
    return {
      technique: principal.technique,
      source: 'declared',
      code: principal.code,
      explanation: `technique ${principal.technique} (declared): as the hospital declared it on the principal procedure ${principal.code}`,
    };
  }
  const named = table === undefined ? undefined : procedureTechniqueOf(table, principal.code);
  if (named === undefined || table === undefined) return undefined;
  return {
    technique: named.technique,
    source: 'procedure_name',
    code: principal.code,
    explanation: `technique ${named.technique} (procedure_name): the name of the principal procedure ${named.code} says ${named.basis} (${table.label})`,
  };
}
