import {
  type CalendarDate,
  Decimal,
  type Issue,
  Money,
  type RegionCode,
  type Result,
  calendarDateSchema,
  decimalCodec,
  fail,
  issue,
  issuesFromZod,
  isWithinRegion,
  moneyCodec,
  ok,
  parseDiagnosisCode,
  regionCodeSchema,
  validateDiagnosisCode,
  validateProcedureCode,
} from '@openpayer/domain';
import { z } from 'zod';
import { capIssues } from './issues.ts';

/**
 * A DIP catalog (按病种分值付费目录): a city's list of disease groups (病种), each a principal
 * diagnosis (an ICD-10 医保版 code, or a category prefix) with the procedure(s) (ICD-9-CM-3 医保版)
 * that define it, a score (分值) and the group's average cost (次均费用).
 *
 * Group kinds: core (核心病种: diagnosis + procedure, one of four procedure categories — 手术操作
 * `surgical`, 治疗性操作 `therapeutic`, 诊断性操作 `diagnostic`, 保守治疗 `conservative` with no
 * procedure), basic (基层病种: treated the same at every hospital level) and comprehensive
 * (综合病种: the cases no core group takes, pooled by ICD-10 3-character category and the kind of
 * the case's most significant procedure). `category` encodes the procedure kind for every group:
 * what the published tables write in their 操作类型 column.
 *
 * `procedureKinds` classifies a procedure code by its longest matching prefix (the kind of the
 * procedure for the comprehensive groups); the codes of core groups are classified by their
 * group's category first. `sexSpecific` names diagnosis prefixes that only one sex can have, so
 * an impossible record is refused naming the field.
 */

export const DIP_GROUP_KINDS = ['core', 'basic', 'comprehensive'] as const;
export type DipGroupKind = (typeof DIP_GROUP_KINDS)[number];

/** Procedure kinds in grouping priority (surgical first). */
export const DIP_PROCEDURE_KINDS = [
  'surgical',
  'therapeutic',
  'diagnostic',
  'conservative',
] as const;
export type DipProcedureKind = (typeof DIP_PROCEDURE_KINDS)[number];

const codeText = z.string().trim().min(1).max(40);

export const dipGroupSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,39}$/u, {
        error: 'must be 1–40 letters, digits, ".", "_", "+" or "-"',
      })
      .meta({ description: '病种编码, unique in the catalog.' }),
    kind: z.enum(DIP_GROUP_KINDS),
    category: z
      .enum(DIP_PROCEDURE_KINDS)
      .meta({ description: 'Procedure kind (操作类型); conservative = no procedure.' }),
    diagnosis: codeText.meta({
      description: 'ICD-10 医保版 code or prefix (comprehensive: the 3-character category).',
    }),
    diagnosisName: z.string().max(200).default(''),
    procedures: z
      .array(codeText)
      .max(10)
      .default([])
      .meta({ description: 'ICD-9-CM-3 医保版 codes that must all occur (prefix match).' }),
    procedureName: z.string().max(400).default(''),
    // A refinement also runs on text that failed to decode (non-aborting issues): it only
    // judges decoded values; the codec already reports the rest.
    score: decimalCodec
      .refine((v) => !(v instanceof Decimal) || v.greaterThan(0), { error: 'must be positive' })
      .meta({ description: '分值, positive.' }),
    averageCost: moneyCodec
      .refine((v) => !(v instanceof Money) || v.isPositive(), { error: 'must be positive' })
      .meta({ description: '次均费用, positive.' }),
    basedOn: z
      .string()
      .max(40)
      .optional()
      .meta({ description: 'Basic groups: the core group they are taken from.' }),
  })
  .meta({ id: 'DipGroup' });

const catalogFields = {
  id: z.string().min(1).max(80),
  title: z.string().max(200).default(''),
  region: regionCodeSchema,
  from: calendarDateSchema,
  to: calendarDateSchema.nullable().default(null),
  synthetic: z
    .boolean()
    .default(false)
    .meta({ description: 'True for demo catalogs that are not an official table.' }),
  procedureKinds: z
    .array(
      z.strictObject({
        prefix: z.string().min(1).max(40),
        kind: z.enum(['surgical', 'therapeutic', 'diagnostic']),
      }),
    )
    .max(100_000)
    .default([]),
  sexSpecific: z
    .array(z.strictObject({ prefix: z.string().min(1).max(40), sex: z.enum(['male', 'female']) }))
    .max(10_000)
    .default([]),
};
const period = {
  error: '"to" (the first day no longer in force) must be after "from"',
  path: ['to'],
};
const periodOk = (c: { from: string; to: string | null }) => c.to === null || c.to > c.from;

/** A catalog's fields other than its groups (what a CSV import takes beside the table). */
export const dipCatalogMetaSchema = z.strictObject(catalogFields).refine(periodOk, period);

export const dipCatalogSchema = z
  .strictObject({ ...catalogFields, groups: z.array(dipGroupSchema).min(1).max(200_000) })
  .refine(periodOk, period)
  .meta({ id: 'DipCatalog' });
export type DipCatalogWire = z.input<typeof dipCatalogSchema>;
export type DipGroupWire = z.input<typeof dipGroupSchema>;

export interface DipGroup {
  readonly id: string;
  readonly kind: DipGroupKind;
  readonly category: DipProcedureKind;
  readonly diagnosis: string;
  readonly diagnosisName: string;
  readonly procedures: readonly string[];
  readonly procedureName: string;
  readonly score: Decimal;
  readonly averageCost: Money;
  readonly basedOn?: string | undefined;
}

export interface DipCatalog {
  readonly id: string;
  readonly title: string;
  readonly region: RegionCode;
  readonly from: string;
  readonly to: string | null;
  readonly synthetic: boolean;
  readonly groups: ReadonlyMap<string, DipGroup>;
  /** Diagnosis (code or prefix, normalised) → core and basic groups with it, in catalog order. */
  readonly byDiagnosis: ReadonlyMap<string, readonly DipGroup[]>;
  /** `${category3}|${kind}` → the comprehensive group. */
  readonly comprehensive: ReadonlyMap<string, DipGroup>;
  /** Procedure prefix → kind (core groups' codes by their category, then `procedureKinds`). */
  readonly procedureKinds: ReadonlyMap<string, Exclude<DipProcedureKind, 'conservative'>>;
  readonly longestProcedurePrefix: number;
  /** Diagnosis prefix (normalised) → the only sex that can have it. */
  readonly sexSpecific: ReadonlyMap<string, 'male' | 'female'>;
  readonly longestSexPrefix: number;
}

export const DIP_CATALOG_ISSUE_CODES = [
  'dip_catalog.invalid',
  'dip_catalog.file',
  'dip_catalog.missing_column',
  'dip_catalog.bad_value',
  'dip_catalog.duplicate_group',
  'dip_catalog.duplicate_key',
  'dip_catalog.unknown_code',
  'dip_catalog.bad_code',
  'dip_catalog.dangling_reference',
  'dip_catalog.inconsistent',
  'dip_catalog.more_issues',
] as const;
export type DipCatalogIssueCode = (typeof DIP_CATALOG_ISSUE_CODES)[number];

/** The real code lists, when the caller has them: then codes not in them are refused. */
export interface KnownCodes {
  readonly diagnoses?: ReadonlySet<string>;
  readonly procedures?: ReadonlySet<string>;
}

export interface LoadDipCatalogOptions {
  readonly known?: KnownCodes;
  /** Where each group came from (e.g. the CSV line), for the issues: index → { file, line }. */
  readonly origin?: (index: number) => { readonly file: string; readonly line: number } | undefined;
}

/** Whether `code` is an ICD-10 3-character category itself (`K80`), as comprehensive groups name one. */
function isCategory(code: string): boolean {
  const parsed = parseDiagnosisCode(code);
  return parsed.ok && parsed.value.form === 'disease' && parsed.value.category === code;
}

/** ICD-10 医保版 spelling: the chapter letter upper case, the extension `x` lower case (`N40.x00`). */
export function normalizeDiagnosis(code: string): string {
  const t = code.trim();
  return t.charAt(0).toUpperCase() + t.slice(1).replaceAll('X', 'x');
}

function where(options: LoadDipCatalogOptions, index: number): string {
  const o = options.origin?.(index);
  return o === undefined ? `groups[${index}]` : `${o.file} line ${o.line}`;
}

function pathOf(options: LoadDipCatalogOptions, index: number, field: string): (string | number)[] {
  const o = options.origin?.(index);
  return o === undefined ? ['groups', index, field] : [o.file, o.line, field];
}

/**
 * Validates a DIP catalog document and builds its lookup indexes. Refuses the whole catalog, with
 * every problem named (group index or file + line, and the field), when a code is malformed or not
 * in the real code lists (where given), an id or a (kind, category, diagnosis, procedures) key is
 * repeated, a basic group's `basedOn` names no core group, or a group's shape does not fit its kind.
 */
export function loadDipCatalog(
  input: unknown,
  options: LoadDipCatalogOptions = {},
): Result<DipCatalog, DipCatalogIssueCode> {
  const parsed = dipCatalogSchema.safeDecode(input as DipCatalogWire);
  if (!parsed.success) {
    return fail(
      capIssues(
        issuesFromZod(parsed.error).map((i) => {
          const [first, index, ...rest] = i.path;
          if (first === 'groups' && typeof index === 'number' && options.origin?.(index)) {
            return {
              ...i,
              code: 'dip_catalog.invalid' as const,
              path: pathOf(options, index, String(rest[0] ?? '')),
              message: `${where(options, index)}: ${i.message}`,
            };
          }
          return { ...i, code: 'dip_catalog.invalid' as const };
        }),
        'dip_catalog.more_issues',
      ),
    );
  }
  const doc = parsed.data;
  const issues: Issue<DipCatalogIssueCode>[] = [];
  const groups = new Map<string, DipGroup>();
  const firstIndex = new Map<string, number>();
  const keys = new Map<string, number>();
  const byDiagnosis = new Map<string, DipGroup[]>();
  const comprehensive = new Map<string, DipGroup>();
  const kinds = new Map<string, Exclude<DipProcedureKind, 'conservative'>>();
  const push = (
    code: DipCatalogIssueCode,
    index: number,
    field: string,
    message: string,
    data?: Record<string, unknown>,
  ) =>
    issues.push(
      issue(code, `${where(options, index)}: ${message}`, {
        path: pathOf(options, index, field),
        ...(data === undefined ? {} : { data }),
      }),
    );

  doc.groups.forEach((g, index) => {
    const before = issues.length;
    const diagnosis = normalizeDiagnosis(g.diagnosis);
    // Trimmed by the schema; the case is the code list's own (17.912A0): the validator judges it.
    const procedures = g.procedures;
    // codes
    if (g.kind === 'comprehensive') {
      if (!isCategory(diagnosis)) {
        push(
          'dip_catalog.bad_code',
          index,
          'diagnosis',
          `a comprehensive group's diagnosis is an ICD-10 3-character category (e.g. "K80"), not "${g.diagnosis}"`,
        );
      }
      if (procedures.length > 0) {
        push(
          'dip_catalog.inconsistent',
          index,
          'procedures',
          'a comprehensive group takes any procedure of its category: list none',
        );
      }
    } else if (validateDiagnosisCode(diagnosis).length > 0) {
      push('dip_catalog.bad_code', index, 'diagnosis', `"${g.diagnosis}" is not an ICD-10 code`);
    }
    if (
      options.known?.diagnoses !== undefined &&
      !options.known.diagnoses.has(diagnosis) &&
      issues.length === before
    ) {
      push(
        'dip_catalog.unknown_code',
        index,
        'diagnosis',
        `diagnosis "${g.diagnosis}" is not in the ICD-10 医保版 code list`,
        { code: g.diagnosis },
      );
    }
    procedures.forEach((p, i) => {
      if (validateProcedureCode(p).length > 0) {
        push(
          'dip_catalog.bad_code',
          index,
          'procedures',
          `procedure ${i + 1} "${p}" is not an ICD-9-CM-3 code`,
        );
      } else if (options.known?.procedures !== undefined && !options.known.procedures.has(p)) {
        push(
          'dip_catalog.unknown_code',
          index,
          'procedures',
          `procedure "${p}" is not in the ICD-9-CM-3 医保版 code list`,
          { code: p },
        );
      }
    });
    if (new Set(procedures).size !== procedures.length) {
      push('dip_catalog.inconsistent', index, 'procedures', 'a procedure is listed twice');
    }
    // shape by kind / category
    if (g.kind !== 'comprehensive') {
      if (g.category === 'conservative' && procedures.length > 0) {
        push(
          'dip_catalog.inconsistent',
          index,
          'procedures',
          'a conservative (保守治疗) group lists no procedure',
        );
      }
      if (g.category !== 'conservative' && procedures.length === 0) {
        push(
          'dip_catalog.inconsistent',
          index,
          'procedures',
          `a ${g.category} group needs its procedure code(s)`,
        );
      }
    }
    if (g.basedOn !== undefined && g.kind !== 'basic') {
      push('dip_catalog.inconsistent', index, 'basedOn', 'only a basic group is based on another');
    }
    // duplicates
    const seen = firstIndex.get(g.id);
    if (seen !== undefined) {
      push(
        'dip_catalog.duplicate_group',
        index,
        'id',
        `group ${g.id} is already defined at ${where(options, seen)}`,
        { id: g.id },
      );
    }
    const key = `${g.kind}|${g.category}|${diagnosis}|${[...procedures].sort().join('+')}`;
    const sameKey = keys.get(key);
    if (sameKey !== undefined) {
      push(
        'dip_catalog.duplicate_key',
        index,
        'diagnosis',
        `same ${g.kind} ${g.category} group (diagnosis ${diagnosis}${procedures.length ? ` + ${procedures.join('+')}` : ''}) as ${where(options, sameKey)}`,
      );
    }
    if (issues.length > before) return;
    firstIndex.set(g.id, index);
    keys.set(key, index);
    const group: DipGroup = {
      id: g.id,
      kind: g.kind,
      category: g.category,
      diagnosis,
      diagnosisName: g.diagnosisName,
      procedures,
      procedureName: g.procedureName,
      score: g.score,
      averageCost: g.averageCost,
      ...(g.basedOn === undefined ? {} : { basedOn: g.basedOn }),
    };
    groups.set(g.id, group);
    if (g.kind === 'comprehensive') {
      comprehensive.set(`${diagnosis}|${g.category}`, group);
    } else {
      const list = byDiagnosis.get(diagnosis) ?? [];
      list.push(group);
      byDiagnosis.set(diagnosis, list);
      if (g.category !== 'conservative') {
        for (const p of procedures) if (!kinds.has(p)) kinds.set(p, g.category);
      }
    }
  });
  doc.groups.forEach((g, index) => {
    if (g.basedOn === undefined || g.kind !== 'basic') return;
    const core = groups.get(g.basedOn);
    if (core?.kind !== 'core') {
      push(
        'dip_catalog.dangling_reference',
        index,
        'basedOn',
        `basedOn "${g.basedOn}" names no core group of the catalog`,
        { basedOn: g.basedOn },
      );
    }
  });
  doc.procedureKinds.forEach((k, i) => {
    const prefix = k.prefix.trim();
    if (!/^\d{2}(\.[0-9A-Za-z]*)?$/u.test(prefix)) {
      issues.push(
        issue(
          'dip_catalog.bad_code',
          `procedureKinds[${i}]: "${k.prefix}" is no ICD-9-CM-3 prefix`,
          {
            path: ['procedureKinds', i, 'prefix'],
          },
        ),
      );
      return;
    }
    if (!kinds.has(prefix)) kinds.set(prefix, k.kind);
  });
  const sexSpecific = new Map<string, 'male' | 'female'>();
  doc.sexSpecific.forEach((entry, i) => {
    const prefix = normalizeDiagnosis(entry.prefix);
    const other = sexSpecific.get(prefix);
    if (other !== undefined && other !== entry.sex) {
      issues.push(
        issue(
          'dip_catalog.inconsistent',
          `sexSpecific[${i}]: ${prefix} is also listed as a ${other} diagnosis`,
          { path: ['sexSpecific', i, 'sex'] },
        ),
      );
    }
    sexSpecific.set(prefix, entry.sex);
  });
  if (issues.length > 0) return fail(capIssues(issues, 'dip_catalog.more_issues'));
  let longestSex = 0;
  for (const p of sexSpecific.keys()) longestSex = Math.max(longestSex, p.length);
  let longest = 0;
  for (const p of kinds.keys()) longest = Math.max(longest, p.length);
  return ok({
    id: doc.id,
    title: doc.title,
    region: doc.region,
    from: doc.from,
    to: doc.to,
    synthetic: doc.synthetic,
    groups,
    byDiagnosis,
    comprehensive,
    procedureKinds: kinds,
    longestProcedurePrefix: longest,
    sexSpecific,
    longestSexPrefix: longestSex,
  });
}

/**
 * Whether a catalog applies on `date` to `region` (its own region, or one within it): the one
 * check grouping and payment make before using a catalog. Null when it applies, else the field
 * (`date` or `region`) and why.
 */
export function catalogApplies(
  catalog: DipCatalog,
  date: CalendarDate,
  region: RegionCode,
): { readonly field: 'date' | 'region'; readonly message: string } | null {
  if (date < catalog.from || (catalog.to !== null && date >= catalog.to)) {
    return {
      field: 'date',
      message: `DIP catalog ${catalog.id} is in force from ${catalog.from}${catalog.to === null ? '' : ` until ${catalog.to} (exclusive)`}, not on ${date}`,
    };
  }
  if (!isWithinRegion(region, catalog.region)) {
    return {
      field: 'region',
      message: `DIP catalog ${catalog.id} is for region ${catalog.region}, not ${region}`,
    };
  }
  return null;
}
