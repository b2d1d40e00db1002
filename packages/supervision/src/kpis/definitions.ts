import { type Result, fail, issue, issuesFromZod, ok } from '@openpayer/domain';
import { COVERAGE_REASON_CODES } from '@openpayer/catalog';
import { z } from 'zod';

/**
 * KPI definitions (监管指标) as data. A fund's indicators are ratios of measures the ledger
 * records per settlement: line amounts of a class (in catalog, out of catalog, off-label — each a
 * set of the coverage decision's reason codes), a category's spend (a set of item codes, or the
 * cases with a procedure, a technique or a diagnosis), biomarker tests performed and positive,
 * cases with a complication, the basic fund's payments, and DRG weights from the period
 * reconciliations. The definitions name which: the SQL that sums the measures and the code that
 * derives them from a settlement read nothing else.
 */

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,47}$/u, { error: 'must be 1–48 lower-case letters, digits or _' });

export const lineClassSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1).max(200),
  /** A line is of the class when its coverage reasons include one of these. */
  reasons: z.array(z.enum(COVERAGE_REASON_CODES)).min(1).max(20),
});
export type LineClass = z.output<typeof lineClassSchema>;

const codePrefixesSchema = z.array(z.string().min(1).max(40)).max(500);

export const kpiCategorySchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1).max(200),
    /** Lines whose national code starts with one of these belong to the category. */
    lineCodePrefixes: codePrefixesSchema.default([]),
    /**
     * Whole cases belong to it (their every line) when a procedure's code starts with one of
     * these, a procedure used one of these techniques, or a diagnosis starts with one of these.
     */
    procedureCodePrefixes: codePrefixesSchema.default([]),
    procedureTechniques: z.array(z.string().min(1).max(40)).max(20).default([]),
    diagnosisCodePrefixes: codePrefixesSchema.default([]),
  })
  .superRefine((c, ctx) => {
    const byLine = c.lineCodePrefixes.length > 0;
    const byCase =
      c.procedureCodePrefixes.length > 0 ||
      c.procedureTechniques.length > 0 ||
      c.diagnosisCodePrefixes.length > 0;
    if (byLine === byCase) {
      ctx.addIssue({
        code: 'custom',
        path: ['lineCodePrefixes'],
        message:
          'a category is either lines (lineCodePrefixes) or cases (procedure or diagnosis codes, techniques): give one of the two',
      });
    }
  });
export type KpiCategory = z.output<typeof kpiCategorySchema>;

export const MEASURES = [
  /** Settled cases (one per settlement). */
  'cases',
  /** The settlements' total amount. */
  'total',
  /** The basic fund's payments. */
  'fund',
  /** Cases with a complication recorded among their outcomes. */
  'complication_cases',
  /** Biomarker tests performed (`test`), and those positive. */
  'tests',
  'tests_positive',
  /** From the period reconciliations: Σ DRG weights and the DRG cases they came from. */
  'drg_weight',
  'drg_cases',
] as const;
export type Measure = (typeof MEASURES)[number];

export const measureRefSchema = z
  .strictObject({
    measure: z.enum(MEASURES),
    /** total and fund: only lines of this class. */
    lineClass: idSchema.optional(),
    /** cases, complication_cases, total, fund: only this category's lines (or cases). */
    category: idSchema.optional(),
    /** tests, tests_positive: which test (biomarker name as claims record it, e.g. EGFR). */
    test: z.string().min(1).max(64).optional(),
    /** entity (default): the row's institution / department / doctor; fund: every institution of the query. */
    scope: z.enum(['entity', 'fund']).default('entity'),
  })
  .meta({ id: 'KpiMeasure' });
export type MeasureRef = z.output<typeof measureRefSchema>;

export const KPI_UNITS = ['ratio', 'money', 'index', 'count'] as const;

const kpiBase = {
  id: idSchema,
  title: z.string().min(1).max(200),
  unit: z.enum(KPI_UNITS),
};

export const kpiDefinitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...kpiBase,
    kind: z.literal('ratio'),
    numerator: measureRefSchema,
    denominator: measureRefSchema,
  }),
  z.strictObject({ ...kpiBase, kind: z.literal('measure'), measure: measureRefSchema }),
  /** (this period − the period before, of equal length) ÷ the period before. */
  z.strictObject({ ...kpiBase, kind: z.literal('growth'), measure: measureRefSchema }),
]);
export type KpiDefinition = z.output<typeof kpiDefinitionSchema>;

export const kpiDefinitionSetSchema = z
  .strictObject({
    format: z.literal('openpayer.kpi-definitions/1'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
    title: z.string().min(1).max(200),
    lineClasses: z.array(lineClassSchema).max(20),
    categories: z.array(kpiCategorySchema).max(50),
    kpis: z.array(kpiDefinitionSchema).min(1).max(100),
  })
  .superRefine((set, ctx) => {
    const unique = (ids: readonly string[], key: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `${id} is defined twice` });
        }
        seen.add(id);
      });
    };
    unique(
      set.lineClasses.map((c) => c.id),
      'lineClasses',
    );
    unique(
      set.categories.map((c) => c.id),
      'categories',
    );
    unique(
      set.kpis.map((k) => k.id),
      'kpis',
    );
    const classes = new Set(set.lineClasses.map((c) => c.id));
    const categories = new Map(set.categories.map((c) => [c.id, c]));
    const check = (m: MeasureRef, path: (string | number)[]) => {
      if (m.lineClass !== undefined && !classes.has(m.lineClass)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'lineClass'],
          message: `no line class ${m.lineClass}`,
        });
      }
      if (m.category !== undefined && !categories.has(m.category)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'category'],
          message: `no category ${m.category}`,
        });
      }
      const money = m.measure === 'total' || m.measure === 'fund';
      if (m.lineClass !== undefined && !money) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'lineClass'],
          message: 'only total and fund are summed by line class',
        });
      }
      const counted = m.measure === 'cases' || m.measure === 'complication_cases';
      if (m.category !== undefined && !money && !counted) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'category'],
          message: 'only cases, complication_cases, total and fund are counted by category',
        });
      }
      if (counted && m.category !== undefined) {
        const c = categories.get(m.category);
        if (c !== undefined && c.lineCodePrefixes.length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'category'],
            message: `${m.category} is a category of lines: it has spend, not cases`,
          });
        }
      }
      const isTest = m.measure === 'tests' || m.measure === 'tests_positive';
      if (isTest !== (m.test !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'test'],
          message: isTest ? `${m.measure} needs the test` : 'only tests are counted by test',
        });
      }
    };
    set.kpis.forEach((k, i) => {
      if (k.kind === 'ratio') {
        check(k.numerator, ['kpis', i, 'numerator']);
        check(k.denominator, ['kpis', i, 'denominator']);
      } else check(k.measure, ['kpis', i, 'measure']);
    });
  })
  .meta({ id: 'KpiDefinitionSet' });
export type KpiDefinitionSet = z.output<typeof kpiDefinitionSetSchema>;
export type KpiDefinitionSetWire = z.input<typeof kpiDefinitionSetSchema>;

export type KpiIssueCode = 'kpi.invalid_definitions';

export function loadKpiDefinitions(json: unknown): Result<KpiDefinitionSet, KpiIssueCode> {
  const parsed = kpiDefinitionSetSchema.safeParse(json);
  if (!parsed.success)
    return fail(
      issuesFromZod(parsed.error).map((i) =>
        issue('kpi.invalid_definitions', i.message, { path: i.path }),
      ),
    );
  return ok(parsed.data);
}

/**
 * The key a measure is stored under in a settlement's facts (and summed by in SQL). DRG
 * measures come from the reconciliations, not from settlement facts.
 */
export function measureKey(m: Pick<MeasureRef, 'measure' | 'lineClass' | 'category' | 'test'>) {
  switch (m.measure) {
    case 'tests':
    case 'tests_positive':
      return `${m.measure}:${normalTest(m.test ?? '')}`;
    case 'total':
    case 'fund':
    case 'cases':
    case 'complication_cases':
      return [m.measure, m.lineClass ?? '', m.category ?? ''].join(':').replace(/:+$/u, '');
    default:
      return m.measure;
  }
}

/** Tests are matched without regard to case or surrounding space ("egfr " is EGFR). */
export function normalTest(name: string): string {
  return name.trim().toUpperCase();
}

/**
 * Every measure the facts keep: those the KPIs read, and the cases, spend and fund payments of
 * the whole ledger and of each category (budgets and category shares read them).
 */
export function measuresOf(set: KpiDefinitionSet): readonly MeasureRef[] {
  const refs = new Map<string, MeasureRef>();
  const add = (r: Omit<MeasureRef, 'scope'>) => {
    if (r.measure === 'drg_weight' || r.measure === 'drg_cases') return;
    refs.set(measureKey(r), { ...r, scope: 'entity' });
  };
  for (const measure of ['cases', 'total', 'fund'] as const) {
    add({ measure });
    for (const c of set.categories) {
      if (measure !== 'cases' || c.lineCodePrefixes.length === 0) add({ measure, category: c.id });
    }
  }
  for (const k of set.kpis)
    for (const r of k.kind === 'ratio' ? [k.numerator, k.denominator] : [k.measure]) add(r);
  return [...refs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}
