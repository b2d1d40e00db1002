import { createHash } from 'node:crypto';
import type { CatalogIndex } from '@openpayer/catalog';
import type { Claim, Finding, SettlementStatus } from '@openpayer/domain';
import type { Policy, SettlementWire } from '@openpayer/pricing';
import type { ReviewPlan } from '@openpayer/supervision';

/** What the ledger is asked to do and what it answers: a settle command and a stored settlement. */

export const LEDGER_ISSUE_CODES = [
  'ledger.idempotency_key_reused',
  'ledger.settlement_not_found',
  'ledger.already_reversed',
  'ledger.settlement_exists',
  /** The claim (institution + claim id) already has a live settlement. data: { settlementId } */
  'ledger.claim_already_settled',
  /** A held settlement was released: its release stored the settlement to reverse. */
  'ledger.settlement_released',
  /** Only a held settlement can be released. */
  'ledger.not_held',
  /** The claim stored with a held settlement is missing or no longer decodes. */
  'ledger.claim_unreadable',
  /** The policy or catalog release a held settlement recorded can no longer be read. */
  'ledger.versions_missing',
] as const;
export type LedgerIssueCode = (typeof LEDGER_ISSUE_CODES)[number];

export interface StoredSettlement {
  readonly id: string;
  /** `held`: a review finding holds it; its accumulators are untouched until it is released. */
  readonly status: SettlementStatus;
  /** The settlement as wire JSON (what the API returns). */
  readonly body: SettlementWire;
  /** True when an idempotency key replayed an earlier result. */
  readonly replayed: boolean;
  readonly institutionCode: string;
  readonly personId: string;
  readonly claimId: string;
  /** The claim's service date (discharge, else admission); absent on rows stored before it was kept. */
  readonly serviceDate?: string;
  readonly createdAt?: string;
  readonly reversal?: { readonly by: string; readonly reason: string; readonly at: string };
}

export interface SettleCommand {
  readonly id: string;
  readonly claim: Claim;
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  /** Who is asking (an API principal); idempotency keys are per principal. */
  readonly principal: string;
  readonly idempotencyKey?: string | undefined;
  /** The request body as received, for the idempotency comparison. */
  readonly requestText: string;
  /**
   * Smart review before payment (事中): the rule sets in force. The ledger reads the person's
   * history in the transaction that settles the claim (earlier claims of the group included).
   */
  readonly review?: Omit<ReviewPlan, 'history'> | undefined;
  /**
   * Findings decided already (a held claim being released): applied as they are, instead of a
   * review. Takes precedence over `review`.
   */
  readonly findings?: readonly Finding[] | undefined;
}

export function requestHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
