import { type SettlementWire, settlementSchema } from '@openpayer/pricing';
import { z } from 'zod';

/**
 * A stored settlement's body, checked at the boundary against the settlement schema (the one
 * description of it, in `@openpayer/pricing`): a body that does not fit is an error state, never a
 * crash half-way through a table. A body that fits is given in its wire form.
 */
export type SettlementBody = SettlementWire;

export type CheckedBody =
  | { readonly success: true; readonly data: SettlementBody }
  | { readonly success: false; readonly error: z.ZodError };

export function checkBody(body: unknown): CheckedBody {
  const parsed = settlementSchema.safeParse(body);
  return parsed.success
    ? { success: true, data: z.encode(settlementSchema, parsed.data) }
    : { success: false, error: parsed.error };
}
