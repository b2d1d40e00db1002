import { type Claim, validateClaim } from '@openpayer/domain';
import type { Context } from 'hono';
import { z } from 'zod';
import { errorBody } from './errors.ts';
import { readJsonBody } from './request.ts';

/**
 * What the routes that take a claim share (settle, pre-check, the FHIR adapter, the catalog's
 * look-ups for a claim): reading the claim body and the Idempotency-Key header's shape. Route
 * modules import this, never each other.
 */

/** An Idempotency-Key header: 1–200 printable ASCII characters, no spaces. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/u, { error: 'printable ASCII without spaces' });

/** A claim body: JSON, schema, national codes, amounts; 400 with every problem. */
export async function readClaim(
  c: Context,
): Promise<{ ok: true; claim: Claim; text: string } | { ok: false; response: Response }> {
  const body = await readJsonBody(c);
  if (!body.ok) return body;
  const result = validateClaim(body.value);
  if (!result.ok) {
    return {
      ok: false,
      response: c.json(errorBody('invalid_request', 'the claim is not valid', result.issues), 400),
    };
  }
  // The body exactly as sent: a retry sends the same bytes.
  return { ok: true, claim: result.value, text: body.text };
}
