/**
 * The ledger's vocabulary, shared by the store, the API's schemas and the admin UI.
 */

/**
 * A stored settlement's status: `settled` (it stands), `reversed`, `held` (a review finding holds
 * it: its accumulators untouched until a reviewer releases it) or `released` (a held one whose
 * release stored its settlement as a new row).
 */
export const SETTLEMENT_STATUSES = ['settled', 'reversed', 'held', 'released'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/**
 * A reviewer's decision on a held claim: `pay` (the holding findings become warnings) or
 * `deduct` (they deduct their lines; a finding on the whole claim, every line).
 */
export const RELEASE_DECISIONS = ['pay', 'deduct'] as const;
export type ReleaseDecision = (typeof RELEASE_DECISIONS)[number];
