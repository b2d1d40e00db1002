import {
  Decimal,
  INSTITUTION_TIERS,
  type Result,
  decimalCodec,
  fail,
  issue,
  issuesFromZod,
  ok,
} from '@openpayer/domain';
import { z } from 'zod';
import { type KpiGroupSums, type MeasureSums, kpiValue, totalSums } from './compute.ts';
import type { KpiDefinition, KpiDefinitionSet } from './definitions.ts';

/**
 * Anomaly rules (异常监测) as data, evaluated over the KPIs' monthly sums of a period: a KPI
 * above or below a threshold (over the period, or for n consecutive months), a KPI below its
 * peers' average by a share, and growth of one KPI within a window — optionally while another rose.
 * Every anomaly explains itself with its figures, the rule and the threshold it crossed.
 */

const ruleBase = {
  code: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,40}$/u, { error: 'must be 1–40 letters, digits or . _ -' }),
  title: z.string().min(1).max(200),
  severity: z.enum(['info', 'warning', 'critical']),
  /** What the fund asks for when the rule fires (e.g. a rectification report). */
  action: z.enum(['watch', 'review', 'rectification_report', 'open_case']),
  kpi: z.string().min(1).max(48),
  /** Only institutions of these tiers are watched; empty: all. */
  tiers: z.array(z.enum(INSTITUTION_TIERS)).max(3).default([]),
};

// A refinement runs even when the text did not decode (zod does not abort on a pattern issue).
const positive = decimalCodec.refine((d) => !Decimal.isDecimal(d) || d.isPositive(), {
  error: 'must be positive',
});

export const anomalyRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...ruleBase,
    kind: z.literal('threshold'),
    above: decimalCodec.optional(),
    below: decimalCodec.optional(),
    /** 0: the value over the whole period; n ≥ 1: n consecutive months each crossing it. */
    consecutiveMonths: z.int().min(0).max(120).default(0),
    /** institution: per institution; fund: the whole fund (every institution together). */
    entity: z.enum(['institution', 'fund']).default('institution'),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('peer_gap'),
    /** Fires when the value is below the peers' average by at least this share (0.2 = 20%). */
    below: positive,
    /** Peers: institutions of the same tier, or all institutions. */
    peers: z.enum(['tier', 'all']).default('tier'),
    minPeers: z.int().min(1).max(1000).default(1),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('growth'),
    /** The last `windowMonths` months against the as many months before them. */
    windowMonths: z.int().min(1).max(60),
    /** Fires at this relative growth or more: 1 = doubled. */
    minGrowth: decimalCodec.optional(),
    /** Fires above this relative growth (a cap: 0.2 = growth may reach +20% a window). */
    maxGrowth: decimalCodec.optional(),
    /** …and only while this KPI rose by at least minRise (relative) over the same windows. */
    with: z.strictObject({ kpi: z.string().min(1).max(48), minRise: decimalCodec }).optional(),
    entity: z.enum(['institution', 'fund']).default('institution'),
  }),
]);
export type AnomalyRule = z.output<typeof anomalyRuleSchema>;

export const anomalyRuleSetSchema = z
  .strictObject({
    format: z.literal('openpayer.anomaly-rules/1'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
    title: z.string().min(1).max(200),
    rules: z.array(anomalyRuleSchema).min(1).max(200),
  })
  .superRefine((set, ctx) => {
    set.rules.forEach((r, i) => {
      if (r.kind === 'threshold' && (r.above === undefined) === (r.below === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'above'],
          message: 'a threshold rule has either above or below',
        });
      }
      if (r.kind === 'growth' && (r.minGrowth === undefined) === (r.maxGrowth === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'minGrowth'],
          message:
            'a growth rule has either minGrowth (fires at it or more) or maxGrowth (fires above it)',
        });
      }
    });
  })
  .meta({ id: 'AnomalyRuleSet' });
export type AnomalyRuleSet = z.output<typeof anomalyRuleSetSchema>;
export type AnomalyRuleSetWire = z.input<typeof anomalyRuleSetSchema>;

export type AnomalyIssueCode = 'anomaly.invalid_rules';

/** The rules, checked against the KPI definitions they read (a KPI that is not defined). */
export function loadAnomalyRules(
  json: unknown,
  kpis: KpiDefinitionSet,
): Result<AnomalyRuleSet, AnomalyIssueCode> {
  const parsed = anomalyRuleSetSchema
    .superRefine((set, ctx) => {
      const defs = new Map(kpis.kpis.map((k) => [k.id, k]));
      set.rules.forEach((r, i) => {
        const refs: [string, (string | number)[]][] = [[r.kpi, ['rules', i, 'kpi']]];
        if (r.kind === 'growth' && r.with !== undefined) {
          refs.push([r.with.kpi, ['rules', i, 'with', 'kpi']]);
        }
        for (const [id, path] of refs) {
          const def = defs.get(id);
          if (def === undefined) {
            ctx.addIssue({ code: 'custom', path, message: `no KPI ${id} in ${kpis.id}` });
          } else if (def.kind === 'growth') {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${id} is a growth KPI: watch its measure with a growth rule instead`,
            });
          }
        }
      });
    })
    .safeParse(json);
  if (!parsed.success)
    return fail(
      issuesFromZod(parsed.error).map((i) =>
        issue('anomaly.invalid_rules', i.message, { path: i.path }),
      ),
    );
  return ok(parsed.data);
}

export interface Anomaly {
  readonly rule: string;
  readonly title: string;
  readonly severity: AnomalyRule['severity'];
  readonly action: AnomalyRule['action'];
  readonly kpi: string;
  /** The institution, or null for the whole fund. */
  readonly institution: string | null;
  /** The months the anomaly covers, first and last (`2025-01`). */
  readonly from: string;
  readonly to: string;
  /** The value that crossed, and what it was compared with (threshold, peer average, …). */
  readonly value: string;
  readonly reference: string;
  readonly explanation: string;
}

/** The monthly sums the rules read: per institution and month, and the fund's per month. */
export interface AnomalyInput {
  readonly kpis: KpiDefinitionSet;
  /** Rows by institution (with its tier) and month. */
  readonly rows: readonly KpiGroupSums[];
  /** The fund's sums per month (every institution of the region). */
  readonly fundByMonth: Readonly<Record<string, MeasureSums>>;
  /** The months of the period, in order (`2025-01` …). */
  readonly months: readonly string[];
}

const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function detectAnomalies(rules: AnomalyRuleSet, input: AnomalyInput): Anomaly[] {
  const defs = new Map(input.kpis.kpis.map((k) => [k.id, k]));
  const institutions = new Map<string, { tier: string; byMonth: Map<string, MeasureSums> }>();
  for (const row of input.rows) {
    const code = row.group.institution;
    if (code === undefined || row.group.month === undefined) continue;
    const inst = institutions.get(code) ?? {
      tier: row.group.tier ?? '',
      byMonth: new Map<string, MeasureSums>(),
    };
    const had = inst.byMonth.get(row.group.month);
    inst.byMonth.set(row.group.month, had === undefined ? row.sums : totalSums([had, row.sums]));
    institutions.set(code, inst);
  }
  const fundOver = (months: readonly string[]) =>
    totalSums(months.map((m) => input.fundByMonth[m] ?? {}));
  const entitySums = (code: string | null, months: readonly string[]): MeasureSums =>
    code === null
      ? fundOver(months)
      : totalSums(months.map((m) => institutions.get(code)?.byMonth.get(m) ?? {}));
  const valueOf = (def: KpiDefinition, code: string | null, months: readonly string[]) => {
    const v = kpiValue(def, { group: {}, sums: entitySums(code, months) }, fundOver(months)).value;
    return v === null ? null : new Decimal(v);
  };
  const months = input.months;
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];

  const out: Anomaly[] = [];
  for (const rule of rules.rules) {
    const def = defs.get(rule.kpi);
    if (def === undefined) continue;
    const watched = [...institutions]
      .filter(([, i]) => rule.tiers.length === 0 || (rule.tiers as string[]).includes(i.tier))
      .map(([code]) => code)
      .sort();
    const base = {
      rule: rule.code,
      title: rule.title,
      severity: rule.severity,
      action: rule.action,
      kpi: rule.kpi,
    };
    switch (rule.kind) {
      case 'threshold': {
        const limit = (rule.above ?? rule.below) as Decimal;
        const crosses = (v: Decimal) => (rule.above === undefined ? v.lt(limit) : v.gt(limit));
        const word = rule.above === undefined ? 'below' : 'above';
        const entities = rule.entity === 'fund' ? [null] : watched;
        for (const code of entities) {
          const who = code ?? 'the fund';
          if (rule.consecutiveMonths === 0) {
            const v = valueOf(def, code, months);
            if (v === null || !crosses(v)) continue;
            out.push({
              ...base,
              institution: code,
              from: first,
              to: last,
              value: v.toFixed(),
              reference: limit.toFixed(),
              explanation: `${def.title} of ${who} was ${v.toFixed()} over ${first}…${last}, ${word} ${limit.toFixed()} (${rule.code}: ${rule.title})`,
            });
            continue;
          }
          // Each run of at least n consecutive months crossing it.
          let run: { month: string; value: Decimal }[] = [];
          const flush = () => {
            if (run.length >= rule.consecutiveMonths) {
              const r0 = run[0];
              const rn = run[run.length - 1];
              if (r0 !== undefined && rn !== undefined) {
                out.push({
                  ...base,
                  institution: code,
                  from: r0.month,
                  to: rn.month,
                  value: rn.value.toFixed(),
                  reference: limit.toFixed(),
                  explanation: `${def.title} of ${who} was ${word} ${limit.toFixed()} for ${String(run.length)} consecutive months (${run.map((x) => `${x.month} ${x.value.toFixed()}`).join(', ')}); the rule allows ${String(rule.consecutiveMonths - 1)} (${rule.code}: ${rule.title})`,
                });
              }
            }
            run = [];
          };
          for (const m of months) {
            const v = valueOf(def, code, [m]);
            if (v !== null && crosses(v)) run.push({ month: m, value: v });
            else flush();
          }
          flush();
        }
        break;
      }
      case 'peer_gap': {
        const values = new Map<string, Decimal>();
        for (const [code] of institutions) {
          const v = valueOf(def, code, months);
          if (v !== null) values.set(code, v);
        }
        for (const code of watched) {
          const v = values.get(code);
          if (v === undefined) continue;
          const tier = institutions.get(code)?.tier;
          const peers = [...values].filter(
            ([c]) => c !== code && (rule.peers === 'all' || institutions.get(c)?.tier === tier),
          );
          if (peers.length < rule.minPeers) continue;
          const average = peers
            .reduce((s, [, x]) => s.plus(x), new Decimal(0))
            .dividedBy(peers.length);
          if (average.isZero()) continue;
          const gap = average.minus(v).dividedBy(average);
          if (gap.lt(rule.below)) continue;
          const avg = average.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed();
          out.push({
            ...base,
            institution: code,
            from: first,
            to: last,
            value: v.toFixed(),
            reference: avg,
            explanation: `${def.title} of ${code} was ${v.toFixed()} over ${first}…${last}, ${pct(gap)} below the average ${avg} of its ${String(peers.length)} ${rule.peers === 'tier' ? `${tier ?? ''} ` : ''}peers (${peers.map(([c, x]) => `${c} ${x.toFixed()}`).join(', ')}); the rule fires at ${pct(rule.below)} (${rule.code}: ${rule.title})`,
          });
        }
        break;
      }
      case 'growth': {
        const w = rule.windowMonths;
        if (months.length < 2 * w) break;
        const now = months.slice(-w);
        const before = months.slice(-2 * w, -w);
        const withDef = rule.with === undefined ? undefined : defs.get(rule.with.kpi);
        const entities = rule.entity === 'fund' ? [null] : watched;
        const span = (ms: readonly string[]) => `${ms[0] ?? ''}…${ms[ms.length - 1] ?? ''}`;
        for (const code of entities) {
          const a = valueOf(def, code, before);
          const b = valueOf(def, code, now);
          if (a === null || b === null || a.isZero()) continue;
          const growth = b.minus(a).dividedBy(a);
          const limit = (rule.minGrowth ?? rule.maxGrowth) as Decimal;
          if (rule.minGrowth === undefined ? !growth.gt(limit) : growth.lt(limit)) continue;
          let also = '';
          if (rule.with !== undefined && withDef !== undefined) {
            const c0 = valueOf(withDef, code, before);
            const c1 = valueOf(withDef, code, now);
            if (c0 === null || c1 === null || c0.isZero()) continue;
            const rise = c1.minus(c0).dividedBy(c0);
            if (rise.lt(rule.with.minRise)) continue;
            also = ` while ${withDef.title} rose ${pct(rise)} (${c0.toFixed()} → ${c1.toFixed()}; fires at ${pct(rule.with.minRise)})`;
          }
          out.push({
            ...base,
            institution: code,
            from: before[0] ?? first,
            to: last,
            value: growth.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(),
            reference: limit.toFixed(),
            explanation: `${def.title} of ${code ?? 'the fund'} grew ${pct(growth)} (${a.toFixed()} in ${span(before)} → ${b.toFixed()} in ${span(now)}; ${rule.minGrowth === undefined ? `the cap is ${pct(limit)}` : `fires at ${pct(limit)}`})${also} (${rule.code}: ${rule.title})`,
          });
        }
        break;
      }
    }
  }
  return out.sort(
    (x, y) =>
      SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
      x.rule.localeCompare(y.rule) ||
      (x.institution ?? '').localeCompare(y.institution ?? '') ||
      x.from.localeCompare(y.from),
  );
}
