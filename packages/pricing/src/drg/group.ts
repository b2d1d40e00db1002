import type { AdrgInfo, DrgRow, GrouperTables } from './tables.ts';

/**
 * The CHS-DRG grouper: a discharge record in, a group out, with a trace a hospital coder can read.
 *
 * Order (CHS-DRG 1.0 grouping scheme): pre-MDC groups (transplants, long ventilation / ECMO) →
 * newborns (MDC P, by age in days and birth weight) → HIV (MDC Y) → multiple significant trauma
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
  /** Age in days, for infants (under one year). */
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
  'no_adrg_for_diagnosis',
  'no_drg_row',
] as const;
export type UngroupableReason = (typeof UNGROUPABLE_REASONS)[number];

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
  readonly trace: readonly string[];
}

const SEX_MDC: Readonly<Record<string, 'male' | 'female'>> = {
  MDCM: 'male',
  MDCN: 'female',
  MDCO: 'female',
};
const PRE_MDC_ORDER = ['AA1', 'AB1', 'AC1', 'AD1', 'AE1', 'AF1', 'AG1', 'AG2', 'AH1'];
const NEWBORN_DAYS = 29;

interface Context {
  readonly tables: GrouperTables;
  readonly record: DischargeRecord;
  readonly trace: string[];
  readonly procedures: readonly string[];
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
    trace: ctx.trace,
    ...fields,
  };
}

/** Whether the procedures satisfy the ADRG: any procedure in its list, or one per combination list. */
function adrgByProcedures(
  tables: GrouperTables,
  adrg: AdrgInfo,
  procedures: readonly string[],
): boolean {
  if (adrg.procedureLists.length > 0) {
    return adrg.procedureLists.every((list) =>
      procedures.some((p) => tables.listsByProcedure.get(p)?.includes(list) === true),
    );
  }
  return procedures.some((p) => tables.listsByProcedure.get(p)?.includes(adrg.code) === true);
}

const conditionedCache = new WeakMap<GrouperTables, Set<string>>();

/** ADRGs that have a diagnosis list (computed once per tables). */
function diagnosisConditioned(tables: GrouperTables): Set<string> {
  let set = conditionedCache.get(tables);
  if (set === undefined) {
    set = new Set<string>();
    for (const adrgs of tables.adrgsByDiagnosis.values()) for (const a of adrgs) set.add(a);
    conditionedCache.set(tables, set);
  }
  return set;
}

const catchAlls = new WeakMap<GrouperTables, Map<string, AdrgInfo>>();

/**
 * Per MDC, the surgical ADRG that no procedure list names (e.g. YC1 "HIV-related OR procedures"):
 * it takes any operation. Computed once per tables.
 */
function catchAllOf(tables: GrouperTables, mdc: string): AdrgInfo | undefined {
  let byMdc = catchAlls.get(tables);
  if (byMdc === undefined) {
    const listed = new Set<string>();
    for (const lists of tables.listsByProcedure.values()) {
      for (const l of lists) listed.add(l.split('_')[0] ?? l);
    }
    byMdc = new Map();
    for (const a of tables.adrgs.values()) {
      const surgical = a.drgs.some((d) => d.surgical === 1);
      if (surgical && !a.code.endsWith('QY') && !listed.has(a.code) && !byMdc.has(a.mdc)) {
        byMdc.set(a.mdc, a);
      }
    }
    catchAlls.set(tables, byMdc);
  }
  return byMdc.get(mdc);
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

function validate(record: DischargeRecord): string | null {
  if (!Number.isInteger(record.ageYears) || record.ageYears < 0 || record.ageYears > 150)
    return 'ageYears';
  if (
    record.ageDays !== undefined &&
    (!Number.isInteger(record.ageDays) || record.ageDays < 0 || record.ageDays > 366)
  )
    return 'ageDays';
  if (
    record.birthWeightGrams !== undefined &&
    (!Number.isInteger(record.birthWeightGrams) ||
      record.birthWeightGrams < 100 ||
      record.birthWeightGrams > 9999)
  )
    return 'birthWeightGrams';
  if (
    !Number.isInteger(record.lengthOfStay) ||
    record.lengthOfStay < 0 ||
    record.lengthOfStay > 3650
  )
    return 'lengthOfStay';
  if (typeof record.principalDiagnosis !== 'string' || record.principalDiagnosis.trim() === '')
    return 'principalDiagnosis';
  if (!['male', 'female', 'unknown'].includes(record.sex)) return 'sex';
  return null;
}

export function groupRecord(tables: GrouperTables, record: DischargeRecord): GroupResult {
  const procedures = [
    ...(record.principalProcedure === undefined ? [] : [record.principalProcedure]),
    ...record.otherProcedures,
  ];
  const ctx: Context = { tables, record, trace: [], procedures };
  const invalidField = validate(record);
  if (invalidField !== null) {
    ctx.trace.push(`invalid input: ${invalidField}`);
    return result(ctx, 'invalid', { field: invalidField });
  }
  const pdx = record.principalDiagnosis;
  ctx.trace.push(
    `principal diagnosis ${pdx}${record.principalProcedure ? `, principal procedure ${record.principalProcedure}` : ''}`,
  );

  // 1. Pre-MDC.
  for (const code of PRE_MDC_ORDER) {
    const adrg = tables.adrgs.get(code);
    if (adrg !== undefined && adrgByProcedures(tables, adrg, procedures)) {
      ctx.trace.push(`pre-MDC: a procedure of ${code} (${adrg.name})`);
      return finishAdrg(ctx, adrg.mdc, code);
    }
  }

  const entries = tables.mdcByDiagnosis.get(pdx) ?? [];
  const isNewborn =
    record.ageYears === 0 && record.ageDays !== undefined && record.ageDays < NEWBORN_DAYS;
  const isInfant = record.ageYears === 0 && record.ageDays !== undefined && record.ageDays < 366;

  // 2. Newborns: MDC P by age in days, then procedure, ventilation, diagnosis and birth weight.
  if (isNewborn || (isInfant && (tables.adrgsByDiagnosis.get(pdx) ?? []).includes('PV1'))) {
    ctx.trace.push(
      isNewborn
        ? `newborn: ${record.ageDays} days old → MDCP`
        : `infant with a newborn diagnosis → MDCP`,
    );
    if (!isNewborn) return finishAdrg(ctx, 'MDCP', 'PV1');
    for (const code of ['PB1', 'PC1', 'PJ1']) {
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
    if (pk1 !== undefined && adrgByProcedures(tables, pk1, procedures))
      return finishAdrg(ctx, 'MDCP', 'PK1');
    const byDx = tables.adrgsByDiagnosis.get(pdx) ?? [];
    if (byDx.includes('PR1')) return finishAdrg(ctx, 'MDCP', 'PR1');
    const weight = record.birthWeightGrams;
    if (weight !== undefined) {
      ctx.trace.push(`birth weight ${weight} g`);
      if (weight < 1500) return finishAdrg(ctx, 'MDCP', 'PS1');
      if (weight <= 2499) return finishAdrg(ctx, 'MDCP', 'PT1');
      if (byDx.includes('PT2')) return finishAdrg(ctx, 'MDCP', 'PT2');
    }
    return finishAdrg(ctx, 'MDCP', byDx.includes('PT2') ? 'PT2' : 'PU1');
  }

  if (entries.length === 0) {
    ctx.trace.push(`${pdx} is in no MDC table`);
    return result(ctx, 'ungroupable', { reason: 'principal_diagnosis_unknown' });
  }

  // 3. HIV.
  let mdc: string | undefined;
  if (entries.some((e) => e.mdc === 'MDCY')) {
    mdc = 'MDCY';
    ctx.trace.push('HIV principal diagnosis → MDCY');
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
    const fitting = candidates.filter((m) => {
      const sex = SEX_MDC[m];
      return sex === undefined || record.sex === 'unknown' || sex === record.sex;
    });
    if (fitting.length === 0) {
      ctx.trace.push(
        `${pdx} belongs to ${candidates.join('/')} which does not fit sex ${record.sex}`,
      );
      return result(ctx, 'ungroupable', {
        reason: candidates.length > 0 ? 'sex_conflict' : 'principal_diagnosis_unknown',
      });
    }
    mdc = fitting[0] ?? candidates[0] ?? '';
    ctx.trace.push(`principal diagnosis → ${mdc} (${tables.mdcs.get(mdc) ?? ''})`);
  }

  // 6. Surgical ADRG by the principal procedure; an OR procedure of another MDC → xQY.
  const letter = mdc.slice(3);
  if (record.principalProcedure !== undefined) {
    const lists = tables.listsByProcedure.get(record.principalProcedure) ?? [];
    const inMdc = lists
      .map((l) => l.split('_')[0] ?? l)
      .filter((a) => tables.adrgs.get(a)?.mdc === mdc);
    // A surgical ADRG with its own diagnosis list (BB1 脑创伤开颅术 vs BB2 …) takes the operation
    // only for those diagnoses: those that list the principal diagnosis first, then the open ones.
    const pdxAdrgs = tables.adrgsByDiagnosis.get(pdx) ?? [];
    const conditioned = diagnosisConditioned(tables);
    const ordered = [
      ...inMdc.filter((a) => conditioned.has(a) && pdxAdrgs.includes(a)),
      ...inMdc.filter((a) => !conditioned.has(a)),
    ];
    for (const code of ordered) {
      const adrg = tables.adrgs.get(code);
      if (adrg !== undefined && adrgByProcedures(tables, adrg, procedures)) {
        ctx.trace.push(`surgical ADRG ${code} (${adrg.name}) by ${record.principalProcedure}`);
        return finishAdrg(ctx, mdc, code);
      }
    }
    // An operation (in some surgical list) that fits no surgical ADRG of this MDC for this diagnosis.
    const surgicalElsewhere = lists.some((l) => {
      const a = tables.adrgs.get(l.split('_')[0] ?? l);
      return a !== undefined && a.drgs.some((d) => d.surgical === 1);
    });
    // An MDC without an ambiguity group whose surgical ADRG has no procedure list (SB1, TB1, WJ1,
    // XJ1) takes any operation there. (YC1 and VC1 have no list in the 1.0 tables either, but their
    // MDCs have YQY / VQY, which wins.)
    const catchAll = tables.adrgs.has(`${letter}QY`) ? undefined : catchAllOf(tables, mdc);
    if (surgicalElsewhere && catchAll !== undefined) {
      ctx.trace.push(
        `${record.principalProcedure} is an operation: ${catchAll.code} (${catchAll.name})`,
      );
      return finishAdrg(ctx, mdc, catchAll.code);
    }
    if (surgicalElsewhere && tables.adrgs.has(`${letter}QY`)) {
      ctx.trace.push(
        `${record.principalProcedure} is an operation unrelated to the principal diagnosis: ambiguity group ${letter}QY`,
      );
      return finishAdrg(ctx, mdc, `${letter}QY`);
    }
  }

  // 7. Medical ADRG by the principal diagnosis.
  const medical = (tables.adrgsByDiagnosis.get(pdx) ?? []).filter((a) => {
    const info = tables.adrgs.get(a);
    return info?.mdc === mdc && !info.drgs.some((d) => d.surgical === 1);
  });
  // An MDC with a single medical ADRG takes every medical record of it (ZZ1 多发性重要创伤无手术).
  const onlyMedical = [...tables.adrgs.values()].filter(
    (a) =>
      a.mdc === mdc &&
      !a.code.endsWith('QY') &&
      a.drgs.length > 0 &&
      !a.drgs.some((d) => d.surgical === 1),
  );
  const chosen = medical[0] ?? (onlyMedical.length === 1 ? onlyMedical[0]?.code : undefined);
  if (chosen === undefined) {
    ctx.trace.push(`no medical ADRG of ${mdc} lists ${pdx}`);
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
    ...(withTrace ? { trace: [...g.trace] } : {}),
  };
}
