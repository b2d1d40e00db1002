import { validateDiagnosisCode } from '@openpayer/domain';
import type { AdrgInfo, DrgRow, GrouperTables } from './tables.ts';

/**
 * The CHS-DRG grouper: a discharge record in, a group out, with a trace a hospital coder can read.
 *
 * Order (CHS-DRG grouping scheme, 1.0 and 1.1): pre-MDC groups (transplants, long ventilation /
 * ECMO) → newborns (MDC P: under 29 days with a principal diagnosis in the MDC P table, or an
 * infant with a diagnosis of newborn origin; PS / PT by their diagnosis lists and the birth-weight
 * bands of the version's data) → HIV (MDC Y: an HIV diagnosis, principal or secondary) → multiple significant trauma
 * (MDC Z: principal diagnosis in a Z table and injuries in at least two body regions) → the
 * principal diagnosis's MDC (sex-specific MDCs M / N / O checked against the sex). Within the MDC:
 * a surgical ADRG from the principal procedure (combination lists need a procedure from each),
 * an operating-room procedure unrelated to the MDC → the ambiguity group `xQY`, otherwise the
 * medical ADRG of the principal diagnosis. Severity: a secondary diagnosis on the MCC / CC list
 * counts unless the principal diagnosis is in its exclusion table; the DRG is the ADRG's row whose
 * flags match (1 with MCC, 3 with CC, 5 without, 9 not split).
 */

export interface DischargeRecord {
  readonly sex: 'male' | 'female' | 'unknown';
  readonly ageYears: number;
  /**
   * Age in days. Needed for infants (under one year); many hospital files carry it at every age,
   * and it is then checked against the age in years (years decide).
   */
  readonly ageDays?: number | undefined;
  /** Birth weight in grams, for newborns. */
  readonly birthWeightGrams?: number | undefined;
  readonly lengthOfStay: number;
  /** Leaving type (离院方式) 1–9; 5 = died. */
  readonly dischargeDisposition?: number | undefined;
  readonly principalDiagnosis: string;
  readonly secondaryDiagnoses: readonly string[];
  readonly principalProcedure?: string | undefined;
  readonly otherProcedures: readonly string[];
}

export const GROUP_STATUSES = ['grouped', 'ambiguous', 'ungroupable', 'invalid'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const UNGROUPABLE_REASONS = [
  'principal_diagnosis_unknown',
  'sex_conflict',
  'age_conflict',
  'no_adrg_for_diagnosis',
  'no_drg_row',
] as const;
export type UngroupableReason = (typeof UNGROUPABLE_REASONS)[number];

export const GROUP_WARNING_CODES = ['secondary_diagnosis_unknown'] as const;
export type GroupWarningCode = (typeof GROUP_WARNING_CODES)[number];

/** Something the grouper did not use, said rather than silently ignored. */
export interface GroupWarning {
  readonly code: GroupWarningCode;
  /** The field, e.g. `secondaryDiagnoses.2`. */
  readonly field: string;
  readonly message: string;
}

export interface SeverityDiagnosis {
  readonly code: string;
  readonly level: 'mcc' | 'cc';
  readonly exclusionTable: string;
}

export interface GroupResult {
  readonly status: GroupStatus;
  readonly version: string;
  readonly mdc: string | null;
  readonly adrg: string | null;
  readonly drg: string | null;
  readonly drgName: string | null;
  readonly reason: UngroupableReason | null;
  /** For `invalid`: the field that is wrong. */
  readonly field: string | null;
  readonly counted: readonly SeverityDiagnosis[];
  readonly excluded: readonly SeverityDiagnosis[];
  readonly validProcedures: readonly string[];
  readonly warnings: readonly GroupWarning[];
  readonly trace: readonly string[];
}

const SEX_MDC: Readonly<Record<string, 'male' | 'female'>> = {
  MDCM: 'male',
  MDCN: 'female',
  MDCO: 'female',
};
const PRE_MDC_ORDER = ['AA1', 'AB1', 'AC1', 'AD1', 'AE1', 'AF1', 'AG1', 'AG2', 'AH1'];
/** The MDC P definition of the grouping scheme (出生年龄 < 29 天; infants < 1 周岁). */
const NEWBORN_DAYS = 29;
const INFANT_DAYS = 366;
const NEWBORN_SURGERY = ['PB1', 'PC1', 'PJ1'];

interface Context {
  readonly tables: GrouperTables;
  readonly record: DischargeRecord;
  readonly trace: string[];
  readonly procedures: readonly string[];
  readonly warnings: readonly GroupWarning[];
}

function result(
  ctx: Context,
  status: GroupStatus,
  fields: Partial<Omit<GroupResult, 'status' | 'version' | 'trace'>>,
): GroupResult {
  return {
    status,
    version: ctx.tables.version,
    mdc: null,
    adrg: null,
    drg: null,
    drgName: null,
    reason: null,
    field: null,
    counted: [],
    excluded: [],
    validProcedures: ctx.procedures.filter((p) => ctx.tables.listsByProcedure.has(p)),
    warnings: ctx.warnings,
    trace: ctx.trace,
    ...fields,
  };
}

function listHas(tables: GrouperTables, procedure: string, list: string): boolean {
  return tables.listsByProcedure.get(procedure)?.includes(list) === true;
}

/** Whether the procedures satisfy the ADRG: any procedure in its list, or one combination in full. */
function adrgByProcedures(
  tables: GrouperTables,
  adrg: AdrgInfo,
  procedures: readonly string[],
): boolean {
  if (adrg.alternatives.length > 0) {
    return adrg.alternatives.some((lists) =>
      lists.every((list) => procedures.some((p) => listHas(tables, p, list))),
    );
  }
  return procedures.some((p) => listHas(tables, p, adrg.code));
}

const conditionedCache = new WeakMap<GrouperTables, Set<string>>();

/** ADRGs that have a diagnosis list (computed once per tables). */
function diagnosisConditioned(tables: GrouperTables): Set<string> {
  let set = conditionedCache.get(tables);
  if (set === undefined) {
    set = new Set<string>();
    for (const adrgs of tables.adrgsByDiagnosis.values()) for (const a of adrgs) set.add(a);
    for (const adrgs of tables.adrgsByAnyDiagnosis.values()) for (const a of adrgs) set.add(a);
    conditionedCache.set(tables, set);
  }
  return set;
}

/** Whether the record meets the ADRG's diagnosis list (principal, or any diagnosis where allowed). */
function diagnosisFits(ctx: Context, adrg: string, principal: string): boolean {
  const { tables, record } = ctx;
  if (tables.adrgsByDiagnosis.get(principal)?.includes(adrg) === true) return true;
  if (tables.adrgsByAnyDiagnosis.get(record.principalDiagnosis)?.includes(adrg) === true)
    return true;
  return record.secondaryDiagnoses.some(
    (dx) => tables.adrgsByAnyDiagnosis.get(dx)?.includes(adrg) === true,
  );
}

function severity(ctx: Context): { counted: SeverityDiagnosis[]; excluded: SeverityDiagnosis[] } {
  const { tables, record } = ctx;
  const counted: SeverityDiagnosis[] = [];
  const excluded: SeverityDiagnosis[] = [];
  for (const dx of record.secondaryDiagnoses) {
    const mccTable = tables.mcc.get(dx);
    const ccTable = tables.cc.get(dx);
    const level = mccTable !== undefined ? 'mcc' : ccTable !== undefined ? 'cc' : null;
    const table = mccTable ?? ccTable;
    if (level === null || table === undefined) continue;
    const entry = { code: dx, level, exclusionTable: table } as const;
    if (tables.exclusions.get(table)?.has(record.principalDiagnosis) === true) {
      excluded.push(entry);
      ctx.trace.push(
        `${dx} is ${level.toUpperCase()} but excluded: principal ${record.principalDiagnosis} is in ${table}`,
      );
    } else {
      counted.push(entry);
      ctx.trace.push(`${dx} counts as ${level.toUpperCase()} (${table})`);
    }
  }
  return { counted, excluded };
}

function chooseDrg(adrg: AdrgInfo, hasMcc: boolean, hasCc: boolean): DrgRow | undefined {
  const rows = adrg.drgs;
  if (rows.length === 1) return rows[0];
  if (hasMcc) {
    const withMcc = rows.find((r) => r.mcc === 1);
    if (withMcc) return withMcc;
  }
  if (hasMcc || hasCc) {
    const withCc = rows.find((r) => r.cc === 1);
    if (withCc) return withCc;
  }
  return rows.find((r) => r.mcc !== 1 && r.cc !== 1);
}

function finishAdrg(ctx: Context, mdc: string, adrgCode: string): GroupResult {
  const adrg = ctx.tables.adrgs.get(adrgCode);
  if (adrg === undefined) return result(ctx, 'ungroupable', { mdc, reason: 'no_drg_row' });
  const { counted, excluded } = severity(ctx);
  const hasMcc = counted.some((c) => c.level === 'mcc');
  const hasCc = counted.some((c) => c.level === 'cc');
  const row = chooseDrg(adrg, hasMcc, hasCc);
  if (row === undefined) {
    ctx.trace.push(`ADRG ${adrgCode} has no DRG row for this severity`);
    return result(ctx, 'ungroupable', {
      mdc,
      adrg: adrgCode,
      reason: 'no_drg_row',
      counted,
      excluded,
    });
  }
  ctx.trace.push(
    `DRG ${row.drg} (${row.name}): ${hasMcc ? 'with MCC' : hasCc ? 'with CC' : 'without CC/MCC'}${row.mcc === -1 && row.cc === -1 ? ', not split' : ''}`,
  );
  const status = row.drg.endsWith('QY') ? 'ambiguous' : 'grouped';
  return result(ctx, status, {
    mdc,
    adrg: adrgCode,
    drg: row.drg,
    drgName: row.name,
    counted,
    excluded,
  });
}

/**
 * The checks every grouper makes on a discharge record (ages that agree, birth weight, length of
 * stay, a principal diagnosis, the sex): the first wrong field and what it must be, or null.
 */
export function validateDischargeRecord(
  record: DischargeRecord,
): { field: string; why: string } | null {
  if (!Number.isInteger(record.ageYears) || record.ageYears < 0 || record.ageYears > 150)
    return { field: 'ageYears', why: 'an integer 0–150' };
  if (record.ageDays !== undefined) {
    if (!Number.isInteger(record.ageDays) || record.ageDays < 0 || record.ageDays > 151 * 366)
      return { field: 'ageDays', why: 'an integer number of days' };
    // Years decide; days must agree with them (a year is 365 or 366 days).
    if (record.ageDays < record.ageYears * 365 || record.ageDays >= (record.ageYears + 1) * 366)
      return {
        field: 'ageDays',
        why: `${record.ageDays} days does not match an age of ${record.ageYears} year(s)`,
      };
  }
  if (
    record.birthWeightGrams !== undefined &&
    (!Number.isInteger(record.birthWeightGrams) ||
      record.birthWeightGrams < 100 ||
      record.birthWeightGrams > 9999)
  )
    return { field: 'birthWeightGrams', why: 'an integer 100–9,999 g' };
  if (
    !Number.isInteger(record.lengthOfStay) ||
    record.lengthOfStay < 0 ||
    record.lengthOfStay > 3650
  )
    return { field: 'lengthOfStay', why: 'an integer 0–3,650 days' };
  if (typeof record.principalDiagnosis !== 'string' || record.principalDiagnosis.trim() === '')
    return { field: 'principalDiagnosis', why: 'a diagnosis code' };
  if (!['male', 'female', 'unknown'].includes(record.sex))
    return { field: 'sex', why: 'male, female or unknown' };
  return null;
}

const knownCache = new WeakMap<GrouperTables, Set<string>>();

/** Every diagnosis code the version's tables name (MDC tables, ADRG lists, MCC, CC). */
function knownDiagnoses(tables: GrouperTables): Set<string> {
  let set = knownCache.get(tables);
  if (set === undefined) {
    set = new Set<string>([
      ...tables.mdcByDiagnosis.keys(),
      ...tables.adrgsByDiagnosis.keys(),
      ...tables.adrgsByAnyDiagnosis.keys(),
      ...tables.mcc.keys(),
      ...tables.cc.keys(),
    ]);
    knownCache.set(tables, set);
  }
  return set;
}

function secondaryWarnings(tables: GrouperTables, record: DischargeRecord): GroupWarning[] {
  const known = knownDiagnoses(tables);
  const warnings: GroupWarning[] = [];
  record.secondaryDiagnoses.forEach((dx, i) => {
    if (known.has(dx)) return;
    const malformed = validateDiagnosisCode(dx).some((x) => x.severity === 'error');
    warnings.push({
      code: 'secondary_diagnosis_unknown',
      field: `secondaryDiagnoses.${i}`,
      message: malformed
        ? `secondary diagnosis "${dx}" is not an ICD-10 医保版 code: not used`
        : `secondary diagnosis "${dx}" is in no table of ${tables.version}: not used for MDC, ADRG or severity`,
    });
  });
  return warnings;
}

/** Newborn (MDC P) grouping, once the record is known to belong there. */
function groupNewborn(ctx: Context, days: number): GroupResult {
  const { tables, record } = ctx;
  const pdx = record.principalDiagnosis;
  ctx.trace.push(
    `newborn: ${days} days old and ${pdx} is in the MDCP principal diagnosis table → MDCP`,
  );
  for (const code of NEWBORN_SURGERY) {
    const adrg = tables.adrgs.get(code);
    if (
      adrg !== undefined &&
      record.principalProcedure !== undefined &&
      adrgByProcedures(tables, adrg, [record.principalProcedure])
    ) {
      ctx.trace.push(`newborn surgery: ${record.principalProcedure} in ${code}`);
      return finishAdrg(ctx, 'MDCP', code);
    }
  }
  const pk1 = tables.adrgs.get('PK1');
  if (pk1 !== undefined && adrgByProcedures(tables, pk1, ctx.procedures)) {
    ctx.trace.push(`newborn ventilation: a procedure of PK1`);
    return finishAdrg(ctx, 'MDCP', 'PK1');
  }
  if (diagnosisFits(ctx, 'PR1', pdx)) {
    ctx.trace.push(`${pdx} is on the PR1 list`);
    return finishAdrg(ctx, 'MDCP', 'PR1');
  }
  // Preterm / low birth weight: a diagnosis on a weight-banded ADRG's list, then the weight picks.
  const banded = [...tables.birthWeightBands.keys()];
  const listed = banded.filter((a) => diagnosisFits(ctx, a, pdx));
  if (listed.length > 0) {
    const weight = record.birthWeightGrams;
    if (weight === undefined) {
      ctx.trace.push(
        `a diagnosis is on the ${listed.join('/')} list, which is chosen by birth weight: birthWeightGrams is missing`,
      );
      return result(ctx, 'invalid', { mdc: 'MDCP', field: 'birthWeightGrams' });
    }
    const band = banded.find((a) => {
      const b = tables.birthWeightBands.get(a);
      return (
        b !== undefined &&
        (b.min === null || weight >= b.min) &&
        (b.max === null || weight <= b.max)
      );
    });
    if (band === undefined) {
      ctx.trace.push(`birth weight ${weight} g is in no band of ${banded.join('/')}`);
      return result(ctx, 'invalid', { mdc: 'MDCP', field: 'birthWeightGrams' });
    }
    ctx.trace.push(
      `preterm / low-weight diagnosis (${listed.join('/')} list), birth weight ${weight} g → ${band}`,
    );
    return finishAdrg(ctx, 'MDCP', band);
  }
  const medical = (tables.adrgsByDiagnosis.get(pdx) ?? []).filter((a) => {
    const info = tables.adrgs.get(a);
    return (
      info?.mdc === 'MDCP' &&
      a !== 'PV1' &&
      !tables.birthWeightBands.has(a) &&
      !info.drgs.some((d) => d.surgical === 1)
    );
  });
  const surgicalElsewhere = isOperation(tables, record.principalProcedure);
  if (surgicalElsewhere && tables.adrgs.has('PQY')) {
    ctx.trace.push(
      `${record.principalProcedure} is an operation unrelated to the principal diagnosis: ambiguity group PQY`,
    );
    return finishAdrg(ctx, 'MDCP', 'PQY');
  }
  const chosen = medical[0];
  if (chosen === undefined) {
    ctx.trace.push(`no newborn ADRG lists ${pdx}`);
    return result(ctx, 'ungroupable', { mdc: 'MDCP', reason: 'no_adrg_for_diagnosis' });
  }
  ctx.trace.push(`medical ADRG ${chosen} (${tables.adrgs.get(chosen)?.name ?? ''})`);
  return finishAdrg(ctx, 'MDCP', chosen);
}

const medicalCache = new WeakMap<GrouperTables, Map<string, AdrgInfo[]>>();

/** An MDC's medical ADRGs (not ambiguity groups, with DRG rows), once per tables. */
function medicalAdrgsOf(tables: GrouperTables, mdc: string): readonly AdrgInfo[] {
  let byMdc = medicalCache.get(tables);
  if (byMdc === undefined) {
    byMdc = new Map();
    for (const a of tables.adrgs.values()) {
      if (a.code.endsWith('QY') || a.drgs.length === 0 || a.drgs.some((d) => d.surgical === 1))
        continue;
      const list = byMdc.get(a.mdc) ?? [];
      list.push(a);
      byMdc.set(a.mdc, list);
    }
    medicalCache.set(tables, byMdc);
  }
  return byMdc.get(mdc) ?? [];
}

/** Whether a procedure is an operation: it is on some surgical ADRG's list. */
function isOperation(tables: GrouperTables, procedure: string | undefined): boolean {
  if (procedure === undefined) return false;
  return (tables.listsByProcedure.get(procedure) ?? []).some((l) => {
    const code = l.split('_')[0] ?? l;
    const a = tables.adrgs.get(code);
    // CHS-DRG ADRG codes: second letter A–J operating-room procedures, K–Q other procedures
    // (not operations: they do not make an ambiguity or "any operation" group), R–Z medical.
    return a !== undefined && code.charAt(1) <= 'J' && a.drgs.some((d) => d.surgical === 1);
  });
}

export function groupRecord(tables: GrouperTables, record: DischargeRecord): GroupResult {
  const procedures = [
    ...(record.principalProcedure === undefined ? [] : [record.principalProcedure]),
    ...record.otherProcedures,
  ];
  const trace: string[] = [];
  const invalid = validateDischargeRecord(record);
  if (invalid !== null) {
    const ctx: Context = { tables, record, trace, procedures, warnings: [] };
    trace.push(`invalid input: ${invalid.field} must be ${invalid.why}`);
    return result(ctx, 'invalid', { field: invalid.field });
  }
  const warnings = secondaryWarnings(tables, record);
  const ctx: Context = { tables, record, trace, procedures, warnings };
  const pdx = record.principalDiagnosis;
  trace.push(
    `principal diagnosis ${pdx}${record.principalProcedure ? `, principal procedure ${record.principalProcedure}` : ''}`,
  );
  for (const w of warnings) trace.push(`${w.field}: ${w.message}`);

  // 1. Pre-MDC.
  for (const code of PRE_MDC_ORDER) {
    const adrg = tables.adrgs.get(code);
    if (adrg !== undefined && adrgByProcedures(tables, adrg, procedures)) {
      ctx.trace.push(`pre-MDC: a procedure of ${code} (${adrg.name})`);
      return finishAdrg(ctx, adrg.mdc, code);
    }
  }

  const entries = tables.mdcByDiagnosis.get(pdx) ?? [];

  // 2. Newborns: under 29 days with a principal diagnosis of the MDC P table; infants (29 days to
  // 1 year) with a diagnosis of newborn origin (PV1). Years decide: only age 0 can be either.
  if (record.ageYears === 0) {
    const inP = entries.some((e) => e.mdc === 'MDCP');
    const pv1 = tables.adrgs.has('PV1') && diagnosisFits(ctx, 'PV1', pdx);
    const days = record.ageDays;
    if (days === undefined && (inP || pv1)) {
      ctx.trace.push(
        `${pdx} is a newborn-period diagnosis and the age is 0 years: ageDays is needed to tell a newborn (< ${NEWBORN_DAYS} days) from an infant`,
      );
      return result(ctx, 'invalid', { field: 'ageDays' });
    }
    if (days !== undefined && days < NEWBORN_DAYS && inP) return groupNewborn(ctx, days);
    if (days !== undefined && days >= NEWBORN_DAYS && days < INFANT_DAYS && pv1) {
      ctx.trace.push(`infant of ${days} days with a diagnosis of newborn origin → MDCP PV1`);
      return finishAdrg(ctx, 'MDCP', 'PV1');
    }
    if (days !== undefined && days < NEWBORN_DAYS)
      ctx.trace.push(`newborn of ${days} days, but ${pdx} is not in the MDCP table: its own MDC`);
  }

  // 3. HIV: an HIV diagnosis, principal or secondary.
  let mdc: string | undefined;
  let adrgDiagnosis = pdx;
  if (entries.some((e) => e.mdc === 'MDCY')) {
    mdc = 'MDCY';
    ctx.trace.push('HIV principal diagnosis → MDCY');
  } else {
    // An HIV infection among the secondary diagnoses: in the MDC Y table and on an MDC Y ADRG's
    // list (not, e.g., Z20.600 exposure to HIV, which no MDC Y ADRG takes).
    const hiv = record.secondaryDiagnoses.find(
      (dx) =>
        (tables.mdcByDiagnosis.get(dx) ?? []).some((e) => e.mdc === 'MDCY') &&
        [
          ...(tables.adrgsByDiagnosis.get(dx) ?? []),
          ...(tables.adrgsByAnyDiagnosis.get(dx) ?? []),
        ].some((a) => tables.adrgs.get(a)?.mdc === 'MDCY'),
    );
    if (hiv !== undefined && tables.mdcs.has('MDCY')) {
      mdc = 'MDCY';
      adrgDiagnosis = hiv;
      ctx.trace.push(`HIV secondary diagnosis ${hiv} → MDCY (ADRG by ${hiv})`);
    }
  }

  if (mdc === undefined && entries.length === 0) {
    ctx.trace.push(`${pdx} is in no MDC table of ${tables.version}`);
    return result(ctx, 'ungroupable', { reason: 'principal_diagnosis_unknown' });
  }

  // 4. Multiple significant trauma: the principal in a Z table and injuries in ≥ 2 body regions.
  if (mdc === undefined) {
    const zPrincipal = entries.filter((e) => e.mdc === 'MDCZ').map((e) => e.table);
    if (zPrincipal.length > 0) {
      const regions = new Set(zPrincipal);
      for (const dx of record.secondaryDiagnoses) {
        for (const e of tables.mdcByDiagnosis.get(dx) ?? [])
          if (e.mdc === 'MDCZ') regions.add(e.table);
      }
      ctx.trace.push(`trauma in ${regions.size} body region(s): ${[...regions].sort().join(', ')}`);
      if (regions.size >= 2) mdc = 'MDCZ';
    }
  }
  // 5. The principal diagnosis's own MDC, with sex-specific MDCs checked.
  if (mdc === undefined) {
    const candidates = entries
      .map((e) => e.mdc)
      .filter((m) => m !== 'MDCZ' && m !== 'MDCY' && m !== 'MDCP');
    if (candidates.length === 0) {
      const only = [...new Set(entries.map((e) => e.mdc))];
      const newbornOnly = only.includes('MDCP');
      ctx.trace.push(
        newbornOnly
          ? `${pdx} is only in the newborn MDCP table, and the patient is ${record.ageYears} year(s)${record.ageDays === undefined ? '' : ` / ${record.ageDays} days`} old`
          : `${pdx} is only in the ${only.join('/')} table(s), whose entry conditions the record does not meet`,
      );
      return result(ctx, 'ungroupable', {
        reason: newbornOnly ? 'age_conflict' : 'principal_diagnosis_unknown',
      });
    }
    const fitting = candidates.filter((m) => {
      const sex = SEX_MDC[m];
      return sex === undefined || record.sex === 'unknown' || sex === record.sex;
    });
    if (fitting.length === 0) {
      ctx.trace.push(
        `${pdx} belongs to ${candidates.join('/')} which does not fit sex ${record.sex}`,
      );
      return result(ctx, 'ungroupable', { reason: 'sex_conflict' });
    }
    mdc = fitting[0] ?? '';
    ctx.trace.push(`principal diagnosis → ${mdc} (${tables.mdcs.get(mdc) ?? ''})`);
  }

  // 6. Surgical ADRG by the principal procedure; an OR procedure of another MDC → xQY.
  const letter = mdc.slice(3);
  if (record.principalProcedure !== undefined) {
    const lists = tables.listsByProcedure.get(record.principalProcedure) ?? [];
    const inMdc = [
      ...new Set(
        lists.map((l) => l.split('_')[0] ?? l).filter((a) => tables.adrgs.get(a)?.mdc === mdc),
      ),
    ];
    // A surgical ADRG with its own diagnosis list (BB1 脑创伤开颅术 vs BB2 …) takes the operation
    // only for those diagnoses: those that list the principal diagnosis first, then the open ones.
    const conditioned = diagnosisConditioned(tables);
    const ordered = [
      ...inMdc.filter((a) => conditioned.has(a) && diagnosisFits(ctx, a, adrgDiagnosis)),
      ...inMdc.filter((a) => !conditioned.has(a)),
    ];
    for (const code of ordered) {
      const adrg = tables.adrgs.get(code);
      if (adrg !== undefined && adrgByProcedures(tables, adrg, procedures)) {
        ctx.trace.push(`surgical ADRG ${code} (${adrg.name}) by ${record.principalProcedure}`);
        return finishAdrg(ctx, mdc, code);
      }
    }
    if (isOperation(tables, record.principalProcedure)) {
      // ADRGs that take any operation (YC1 for HIV-related diagnoses; SB1, TB1, XJ1 …).
      for (const a of tables.anyOperationAdrgs) {
        const info = tables.adrgs.get(a);
        if (info?.mdc !== mdc) continue;
        if (conditioned.has(a) && !diagnosisFits(ctx, a, adrgDiagnosis)) continue;
        ctx.trace.push(`${record.principalProcedure} is an operation: ${a} (${info.name})`);
        return finishAdrg(ctx, mdc, a);
      }
      if (tables.adrgs.has(`${letter}QY`)) {
        ctx.trace.push(
          `${record.principalProcedure} is an operation unrelated to the principal diagnosis: ambiguity group ${letter}QY`,
        );
        return finishAdrg(ctx, mdc, `${letter}QY`);
      }
    }
  }

  // 7. Medical ADRG by the principal diagnosis (in MDC Y, by the HIV diagnosis).
  const medicalOf = (dx: string) =>
    [
      ...(tables.adrgsByDiagnosis.get(dx) ?? []),
      ...(tables.adrgsByAnyDiagnosis.get(dx) ?? []),
    ].filter((a) => {
      const info = tables.adrgs.get(a);
      return info?.mdc === mdc && !info.drgs.some((d) => d.surgical === 1);
    });
  const medical = medicalOf(adrgDiagnosis);
  // An MDC with a single medical ADRG takes every medical record of it (ZZ1 多发性重要创伤无手术).
  const onlyMedical = medicalAdrgsOf(tables, mdc);
  const chosen = medical[0] ?? (onlyMedical.length === 1 ? onlyMedical[0]?.code : undefined);
  if (chosen === undefined) {
    ctx.trace.push(`no medical ADRG of ${mdc} lists ${adrgDiagnosis}`);
    return result(ctx, 'ungroupable', { mdc, reason: 'no_adrg_for_diagnosis' });
  }
  ctx.trace.push(`medical ADRG ${chosen} (${tables.adrgs.get(chosen)?.name ?? ''})`);
  return finishAdrg(ctx, mdc, chosen);
}

/** A result as plain JSON for the API and the CLI (the trace only when asked). */
export function groupResultView(g: GroupResult, withTrace: boolean) {
  return {
    status: g.status,
    version: g.version,
    mdc: g.mdc,
    adrg: g.adrg,
    drg: g.drg,
    drgName: g.drgName,
    reason: g.reason,
    field: g.field,
    counted: [...g.counted],
    excluded: [...g.excluded],
    validProcedures: [...g.validProcedures],
    warnings: g.warnings.map((w) => ({ ...w })),
    ...(withTrace ? { trace: [...g.trace] } : {}),
  };
}
