import { z } from 'zod';

export const issueSchema = z
  .strictObject({
    code: z.string().meta({
      description: 'Stable machine-readable code.',
      example: 'claim.line_amount_mismatch',
    }),
    severity: z.enum(['error', 'warning', 'info']),
    path: z
      .array(z.union([z.string(), z.int()]))
      .meta({ description: 'Where in the input, e.g. ["lines", 0, "amount"].' }),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({
    id: 'Issue',
    description: 'A business outcome (validation problem, coverage reason, review finding).',
  });

/** The common result envelope: `{ ok: true, value, issues }` or `{ ok: false, issues }`. */
export function resultEnvelopeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value, issues: z.array(issueSchema) }),
    z.strictObject({ ok: z.literal(false), issues: z.array(issueSchema) }),
  ]);
}

/** The body of every non-2xx API response and of CLI error output. */
export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ example: 'malformed_json' }),
      message: z.string(),
      issues: z.array(issueSchema).optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.output<typeof errorBodySchema>;
