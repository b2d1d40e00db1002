import {
  type CalendarDate,
  type RegionCode,
  validateDiagnosisCode,
  validateProcedureCode,
} from '@openpayer/domain';
import { type DischargeRecord, validateDischargeRecord } from '../drg/group.ts';
import {
  DIP_PROCEDURE_KINDS,
  catalogApplies,
  type DipCatalog,
  type DipGroup,
  type DipGroupKind,
  type DipProcedureKind,
  normalizeDiagnosis,
} from './catalog.ts';

/**
 * DIP grouping of a discharge record (the DRG record type: principal and secondary diagnoses,
 * procedures, age, sex …), deterministic, with a trace:
 *
 * 1. the record is checked — the DRG grouper's checks (`validateDischargeRecord`: ages that agree,
 *    birth weight, length of stay, sex), then DIP's own: the fields' types, a birth weight only for
 *    an infant, malformed codes, a principal diagnosis only the other sex can have → `invalid`
 *    naming the field; with `at`, the catalog must apply on that date and region (else `invalid`
 *    naming `date` or `region`);
 * 2. core groups of the principal diagnosis (its code and every prefix of it in the catalog), by
 *    category in priority: surgical > therapeutic > diagnostic > conservative. A group with
 *    procedures matches when every one of its codes is a prefix of one of the record's procedures;
 *    a conservative group when the record has no surgical or therapeutic procedure;
 * 3. basic groups, the same way;
 * 4. the comprehensive group of the diagnosis's 3-character category and the kind of the record's
 *    most significant procedure (surgical > therapeutic > diagnostic; conservative when none).
 *
 * Among several matches of one step: the longest diagnosis match, then the most procedures, then
 * the highest score, then the smallest group id.
 */

export const DIP_GROUP_STATUSES = ['grouped', 'ungroupable', 'invalid'] as const;
export type DipGroupStatus = (typeof DIP_GROUP_STATUSES)[number];

export const DIP_UNGROUPABLE_REASONS = ['no_group'] as const;
export type DipUngroupableReason = (typeof DIP_UNGROUPABLE_REASONS)[number];

export const DIP_GROUP_WARNING_CODES = ['procedure_kind_unknown'] as const;
export type DipGroupWarningCode = (typeof DIP_GROUP_WARNING_CODES)[number];

export interface DipGroupWarning {
  readonly code: DipGroupWarningCode;
  readonly field: string;
  readonly message: string;
}

export interface DipGroupResult {
  readonly status: DipGroupStatus;
  readonly catalog: string;
  readonly group: string | null;
  readonly kind: DipGroupKind | null;
  readonly category: DipProcedureKind | null;
  readonly reason: DipUngroupableReason | null;
  /** For `invalid`: the field that is wrong (e.g. `otherProcedures.1`, `sex`). */
  readonly field: string | null;
  readonly warnings: readonly DipGroupWarning[];
  readonly trace: readonly string[];
}

const KIND_RANK: Readonly<Record<DipProcedureKind, number>> = {
  surgical: 0,
  therapeutic: 1,
  diagnostic: 2,
  conservative: 3,
};

function invalid(catalog: DipCatalog, field: string, message: string): DipGroupResult {
  return {
    status: 'invalid',
    catalog: catalog.id,
    group: null,
    kind: null,
    category: null,
    reason: null,
    field,
    warnings: [],
    trace: [`${field}: ${message}`],
  };
}

/** A procedure of the record: its code (trimmed) and the field it came from. */
interface Procedure {
  readonly code: string;
  readonly field: string;
}

/**
 * The record's fields as the grouper reads them, or the first wrong one: the shared discharge-record
 * checks, then DIP's own. A record from untyped input (a file, a request) is checked for its types
 * too, so nothing below throws.
 */
function readRecord(
  catalog: DipCatalog,
  r: DischargeRecord,
): { principal: string; procedures: Procedure[] } | DipGroupResult {
  const shared = validateDischargeRecord(r);
  if (shared !== null) return invalid(catalog, shared.field, `must be ${shared.why}`);
  if (r.birthWeightGrams !== undefined && r.ageYears > 0) {
    return invalid(
      catalog,
      'birthWeightGrams',
      `a birth weight is given for a patient aged ${r.ageYears} years (only infants carry one)`,
    );
  }
  const principal = normalizeDiagnosis(r.principalDiagnosis);
  if (validateDiagnosisCode(principal).length > 0) {
    return invalid(
      catalog,
      'principalDiagnosis',
      `"${r.principalDiagnosis}" is not an ICD-10 code`,
    );
  }
  for (let n = Math.min(principal.length, catalog.longestSexPrefix); n >= 1; n--) {
    const prefix = principal.slice(0, n);
    const sex = catalog.sexSpecific.get(prefix);
    if (sex !== undefined && r.sex !== 'unknown' && r.sex !== sex) {
      return invalid(
        catalog,
        'sex',
        `principal diagnosis ${principal} (${prefix}…) is a ${sex} diagnosis; the record says ${r.sex}`,
      );
    }
  }
  if (!Array.isArray(r.otherProcedures)) {
    return invalid(catalog, 'otherProcedures', 'must be a list of procedure codes (may be empty)');
  }
  const given: { value: unknown; field: string }[] = [
    ...(r.principalProcedure === undefined
      ? []
      : [{ value: r.principalProcedure as unknown, field: 'principalProcedure' }]),
    ...(r.otherProcedures as readonly unknown[]).map((value, i) => ({
      value,
      field: `otherProcedures.${i}`,
    })),
  ];
  const procedures: Procedure[] = [];
  for (const { value, field } of given) {
    const code = typeof value === 'string' ? value.trim() : value;
    if (typeof code !== 'string' || validateProcedureCode(code).length > 0) {
      return invalid(catalog, field, `"${String(value)}" is not an ICD-9-CM-3 code`);
    }
    procedures.push({ code, field });
  }
  return { principal, procedures };
}

function hasAll(group: DipGroup, procedures: readonly string[]): boolean {
  return group.procedures.every((code) => procedures.some((p) => p.startsWith(code)));
}

function better(a: DipGroup, b: DipGroup): boolean {
  if (a.diagnosis.length !== b.diagnosis.length) return a.diagnosis.length > b.diagnosis.length;
  if (a.procedures.length !== b.procedures.length) return a.procedures.length > b.procedures.length;
  const s = a.score.comparedTo(b.score);
  if (s !== 0) return s > 0;
  return a.id < b.id;
}

function describe(g: DipGroup): string {
  const procs = g.procedures.length > 0 ? ` + ${g.procedures.join('+')}` : '';
  return `${g.kind} ${g.category} group ${g.id} (${g.diagnosis}${procs}; score ${g.score.toFixed()})`;
}

/** The kind of a procedure by its longest prefix in the catalog's classification. */
function procedureKind(
  catalog: DipCatalog,
  code: string,
): Exclude<DipProcedureKind, 'conservative'> | undefined {
  for (let n = Math.min(code.length, catalog.longestProcedurePrefix); n >= 2; n--) {
    const kind = catalog.procedureKinds.get(code.slice(0, n));
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/**
 * Groups one discharge record. With `at` (the discharge date and the insured region), the catalog
 * must be in force on that date and for that region.
 */
export function groupDip(
  catalog: DipCatalog,
  record: DischargeRecord,
  at?: { readonly date: CalendarDate; readonly region: RegionCode },
): DipGroupResult {
  if (at !== undefined) {
    const off = catalogApplies(catalog, at.date, at.region);
    if (off !== null) return invalid(catalog, off.field, off.message);
  }
  const read = readRecord(catalog, record);
  if ('status' in read) return read;
  const { principal } = read;
  const procedures = read.procedures.map((p) => p.code);
  const trace: string[] = [];
  const warnings: DipGroupWarning[] = [];
  let topKind = 'conservative' as DipProcedureKind;
  read.procedures.forEach(({ code: p, field }) => {
    const kind = procedureKind(catalog, p);
    if (kind === undefined) {
      warnings.push({
        code: 'procedure_kind_unknown',
        field,
        message: `procedure ${p} has no kind in catalog ${catalog.id}; it counts for core groups only`,
      });
    } else if (KIND_RANK[kind] < KIND_RANK[topKind]) {
      topKind = kind;
    }
  });
  const operated = topKind === 'surgical' || topKind === 'therapeutic';
  trace.push(
    `principal diagnosis ${principal}; procedures ${procedures.length ? procedures.join(', ') : 'none'} (most significant kind: ${topKind})`,
  );
  const candidates: DipGroup[] = [];
  for (let n = principal.length; n >= 1; n--) {
    const list = catalog.byDiagnosis.get(principal.slice(0, n));
    if (list !== undefined) candidates.push(...list);
  }
  const done = (g: DipGroup, why: string): DipGroupResult => {
    trace.push(`${why}: ${describe(g)}`);
    return {
      status: 'grouped',
      catalog: catalog.id,
      group: g.id,
      kind: g.kind,
      category: g.category,
      reason: null,
      field: null,
      warnings,
      trace,
    };
  };
  for (const kind of ['core', 'basic'] as const) {
    for (const category of DIP_PROCEDURE_KINDS) {
      let best: DipGroup | undefined;
      let count = 0;
      for (const g of candidates) {
        if (g.kind !== kind || g.category !== category) continue;
        const fits = category === 'conservative' ? !operated : hasAll(g, procedures);
        if (!fits) continue;
        count++;
        if (best === undefined || better(g, best)) best = g;
      }
      if (best !== undefined) {
        return done(
          best,
          `${kind} ${category}: ${count} group(s) of the diagnosis fit${count > 1 ? ' (longest diagnosis, most procedures, highest score, then id)' : ''}`,
        );
      }
    }
    const n = candidates.filter((g) => g.kind === kind).length;
    trace.push(
      n === 0
        ? `no ${kind} group for diagnosis ${principal}`
        : `${n} ${kind} group(s) of diagnosis ${principal}, none fits the procedures${operated ? ' (a conservative group needs no surgical or therapeutic procedure)' : ''}`,
    );
  }
  const category3 = principal.slice(0, 3);
  const fallback = catalog.comprehensive.get(`${category3}|${topKind}`);
  if (fallback !== undefined) {
    return done(fallback, `comprehensive group of category ${category3}, ${topKind}`);
  }
  trace.push(`no comprehensive group for category ${category3} and kind ${topKind}`);
  return {
    status: 'ungroupable',
    catalog: catalog.id,
    group: null,
    kind: null,
    category: null,
    reason: 'no_group',
    field: 'principalDiagnosis',
    warnings,
    trace,
  };
}
