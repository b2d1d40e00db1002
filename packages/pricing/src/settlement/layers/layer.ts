import { type CoverageDecision, type LineDecision } from '@openpayer/catalog';
import { EngineError, Money } from '@openpayer/domain';
import { type Resolved } from '../../policy/policy.ts';

/** What every layer shares: zero, the floor at zero, and how an explanation names a policy entry. */

export const ZERO = Money.zero();

export const max0 = (m: Money): Money => (m.isNegative() ? ZERO : m);

/** `parameters.reimbursement[2]`: the policy entry an explanation used. */
export const at = (r: Resolved<unknown>): string => `parameters.${r.parameter}[${r.index}]`;

export const sumAmounts = (parts: readonly { readonly amount: Money }[], from: Money): Money => {
  let sum = from;
  for (const p of parts) sum = sum.add(p.amount);
  return sum;
};

/** The explanations of a layer asked not to explain: shared, never written to. */
export const NO_EXPLANATIONS: readonly never[] = Object.freeze([]);

/** The catalog decision of line `i` (decided before any layer runs; its absence is a bug). */
export function decisionAt(
  decisions: readonly LineDecision[],
  i: number,
  lineId: string,
): CoverageDecision {
  const decision = decisions[i]?.decision;
  if (decision === undefined)
    throw new EngineError('invariant_violated', `no decision for line ${lineId}`);
  return decision;
}
