import { z } from 'zod';

/**
 * The parts of a stored settlement's body (the engine's wire form, money as decimal strings) that
 * the screens show. The API documents the body loosely, so it is checked here at the boundary:
 * a body that does not fit is an error state, never a crash half-way through a table.
 */
const money = z.string().regex(/^-?\d+\.\d{2}$/u);

const lineSchema = z.looseObject({
  lineId: z.string(),
  amount: money,
  outcome: z.string(),
  itemId: z.string().nullable(),
  coverageReasons: z.array(z.string()),
  selfPay: z.array(z.looseObject({ reason: z.string(), amount: money })),
  eligible: money,
  payers: z.record(z.string(), money),
  sharingRule: z.string().nullable(),
  approvalId: z.string().nullable(),
});

export const settlementBodySchema = z.looseObject({
  claimId: z.string(),
  versions: z.looseObject({ policy: z.string(), catalog: z.string() }),
  total: money,
  eligible: money,
  selfPay: money,
  layers: z.looseObject({
    basic: z.looseObject({
      deductible: money,
      base: money,
      fund: money,
      capReached: z.boolean(),
    }),
    criticalIllness: money,
    medicalAssistance: money,
    commercial: money,
    sharing: money,
  }),
  payers: z.record(z.string(), money),
  lines: z.array(lineSchema),
  explanations: z.array(
    z.looseObject({
      layer: z.string(),
      what: z.string(),
      parameter: z.string().nullable(),
      value: z.string().nullable(),
      amount: money,
    }),
  ),
  accumulatorsBefore: z.record(z.string(), z.unknown()),
  accumulatorsAfter: z.record(z.string(), z.unknown()),
});

export type SettlementBody = z.output<typeof settlementBodySchema>;
export type LineBody = SettlementBody['lines'][number];
