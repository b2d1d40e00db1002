import {
  claimSchema,
  errorBodySchema,
  resultEnvelopeSchema,
  validateClaim,
} from '@openpayer/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/document.ts';
import { readJsonBody } from '../request.ts';

export const claimValidationSummarySchema = z
  .strictObject({
    claimId: z.string(),
    lineCount: z.int(),
    totalAmount: z.string().meta({ description: 'The claim total as received, fixed-scale.' }),
  })
  .meta({ id: 'ClaimValidationSummary' });

export const claimValidationResultSchema = resultEnvelopeSchema(claimValidationSummarySchema).meta({
  id: 'ClaimValidationResult',
  description:
    'ok: true with any warnings, or ok: false with every problem found (schema, codes, dates, amounts).',
});

export const claimRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/claims/validate',
    operationId: 'validateClaim',
    summary: 'Validate a claim',
    description:
      'Checks a claim without settling it: its shape (each problem names the field), the national codes of diagnoses, ' +
      'procedures and items, consistent dates, each line amount = quantity × unit price (to the fen) and the total. ' +
      'A claim with problems is answered 200 with ok: false; 4xx is reserved for requests that are not a JSON claim at all.',
    tags: ['claims'],
    requestBody: claimSchema,
    responses: {
      200: { description: 'The validation result.', schema: claimValidationResultSchema },
      400: { description: 'The body is not valid JSON.', schema: errorBodySchema },
      413: { description: 'The body is larger than the limit.', schema: errorBodySchema },
      415: { description: 'The body is not application/json.', schema: errorBodySchema },
    },
  },
];

export const claimRoutes = new Hono().post('/validate', async (c) => {
  const body = await readJsonBody(c);
  if (!body.ok) return body.response;
  const result = validateClaim(body.value);
  if (!result.ok) return c.json({ ok: false as const, issues: [...result.issues] }, 200);
  const claim = result.value;
  return c.json(
    {
      ok: true as const,
      value: {
        claimId: claim.id,
        lineCount: claim.lines.length,
        totalAmount: claim.totalAmount.toFixedString(),
      },
      issues: [...result.issues],
    },
    200,
  );
});
