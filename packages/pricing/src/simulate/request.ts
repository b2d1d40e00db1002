import { calendarDateSchema } from '@openpayer/domain';
import { z } from 'zod';
import { simulationBudgetSchema } from './report.ts';

/**
 * A simulation asked of stored claims (the API's jobs, the admin's what-if form): the period, each
 * side's stored versions, the budget. One schema: the API reads requests with it, the admin checks
 * its form with it before sending, so a wrong period is named the same way in both.
 */

const simulationSideSchema = z
  .strictObject({
    policy: z
      .string()
      .min(1)
      .max(80)
      .meta({ description: 'A stored policy version id: an active one or a draft.' }),
    catalog: z.string().min(1).max(80).optional().meta({
      description:
        'A stored catalog release id; omitted: each claim under the release it was settled with.',
    }),
    ruleSets: z.array(z.string().min(1).max(80)).max(20).optional().meta({
      description:
        "Stored smart-review rule sets (ids, active or not) the side settles with: their findings' actions apply, each claim reviewed against the person's stored history.",
    }),
  })
  .meta({ id: 'SimulationSide' });

export const simulationRequestSchema = z
  .strictObject({
    from: calendarDateSchema.meta({ description: 'First service date compared.' }),
    to: calendarDateSchema.meta({ description: 'First service date not compared.' }),
    baseline: simulationSideSchema,
    candidate: simulationSideSchema,
    budget: simulationBudgetSchema.optional().meta({
      description: "The basic fund's global budget (总额预算) for the period: the budget impact.",
    }),
  })
  .refine((r) => r.from < r.to, { error: 'must be after from', path: ['to'] })
  .refine((r) => r.from.slice(0, 4) === r.to.slice(0, 4) || r.to.endsWith('-01-01'), {
    error: 'the period must lie within one accounting year (to may be the next 1 January)',
    path: ['to'],
  })
  .meta({ id: 'SimulationRequest' });

export type SimulationRequestWire = z.infer<typeof simulationRequestSchema>;
