import { type Issue, type Result, claimSchema, fail, issuesFromZod } from '@openpayer/domain';
import { z } from 'zod';
import { accumulatorsSchema } from './accumulators.ts';
import { type SettleContext, type Settlement, type SettlementIssueCode, settle } from './settle.ts';

/** A settlement request as integrators send it: the claim and the person's year-to-date figures. */
export const settleRequestSchema = z
  .strictObject({ claim: claimSchema, accumulators: accumulatorsSchema })
  .meta({ id: 'SettleRequest' });
export type SettleRequestWire = z.input<typeof settleRequestSchema>;

export type SettleRequestIssueCode = SettlementIssueCode | 'settlement.invalid_request';

/**
 * Validates a wire request (unknown fields refused, every problem with its path), then settles.
 * Bad input is an issue, never a throw.
 */
export function settleRequest(
  input: unknown,
  context: Omit<SettleContext, 'accumulators'>,
): Result<Settlement, SettleRequestIssueCode> {
  const parsed = settleRequestSchema.safeDecode(input as SettleRequestWire);
  if (!parsed.success) {
    const issues: Issue<SettleRequestIssueCode>[] = issuesFromZod(parsed.error).map((i) => ({
      ...i,
      code: 'settlement.invalid_request',
    }));
    return fail(issues);
  }
  return settle(parsed.data.claim, { ...context, accumulators: parsed.data.accumulators });
}

/**
 * Pre-check (事前): "what would this claim pay" — the same pipeline as `settle`. Neither commits
 * anything (the caller stores `accumulatorsAfter` only for a real settlement), so the figures
 * always agree.
 */
export const precheck: typeof settle = settle;
