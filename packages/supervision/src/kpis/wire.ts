import { INSTITUTION_TIERS, moneyCodec } from '@openpayer/domain';
import { z } from 'zod';

/**
 * KPI values, peer averages, anomalies and budget statuses on the wire: the one description the
 * API's answers, its OpenAPI document and the admin UI's types come from.
 */

export const kpiGroupSchema = z
  .strictObject({
    institution: z.string().optional(),
    tier: z.enum(INSTITUTION_TIERS).or(z.literal('')).optional(),
    department: z.string().optional(),
    doctor: z.string().optional(),
    month: z.string().optional(),
  })
  .meta({ id: 'KpiGroup' });

export const kpiValueSchema = z
  .strictObject({
    kpi: z.string(),
    group: kpiGroupSchema,
    numerator: z.string().meta({ description: 'Exact sum (growth: this period).' }),
    denominator: z
      .string()
      .nullable()
      .meta({ description: 'Exact sum (growth: the period before); null for a plain measure.' }),
    value: z.string().nullable().meta({
      description:
        'Rounded once at the unit (ratio 6 places, money 2, index 4, count 0); null when the denominator is 0.',
    }),
  })
  .meta({ id: 'KpiValue' });

export const peerAverageSchema = z
  .strictObject({
    kpi: z.string(),
    tier: z.string(),
    month: z.string().optional(),
    average: z.string(),
    institutions: z.int(),
  })
  .meta({ id: 'KpiPeerAverage' });

export const anomalySchema = z
  .strictObject({
    rule: z.string(),
    title: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    action: z.enum(['watch', 'review', 'rectification_report', 'open_case']),
    kpi: z.string(),
    institution: z.string().nullable().meta({ description: 'null: the whole fund.' }),
    from: z.string(),
    to: z.string(),
    value: z.string(),
    reference: z.string().meta({ description: 'The threshold, peer average or growth limit.' }),
    explanation: z.string(),
  })
  .meta({ id: 'Anomaly' });

export const budgetStatusSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    institution: z.string().nullable(),
    category: z.string().nullable(),
    amount: moneyCodec,
    spent: moneyCodec,
    forecast: moneyCodec.meta({
      description: 'Run rate: spent ÷ days elapsed × days in the year.',
    }),
    burn: z.string(),
    forecastBurn: z.string(),
    daysElapsed: z.int(),
    daysInYear: z.int(),
    warnings: z
      .array(z.strictObject({ level: z.string(), by: z.enum(['spend', 'forecast']) }))
      .readonly(),
    explanation: z.string(),
  })
  .meta({ id: 'BudgetStatus' });
