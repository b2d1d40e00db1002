import type { ApprovalPolicyWire } from '../approval.ts';

/**
 * PRODUCT.md §3 and §8 as approval policy data (wire form):
 * - "informed consent signed, requesting doctor of associate-chief title or above at tertiary
 *   hospitals", "alternatives considered" (§3 Out-of-catalog approval);
 * - "Orphan drug outside the catalog approved by special access: reimbursed at 60%" (§8), so the
 *   bounds are 60% to 60%;
 * - a validity of at most 90 days, the longest prescription PRODUCT.md §8 allows ("3 months for
 *   some"); a fund sets its own.
 */
export const PRODUCT_APPROVAL_POLICY: ApprovalPolicyWire = {
  requireInformedConsent: true,
  requireAlternativesForOutOfCatalog: true,
  minRequesterTitle: { tertiary: 'associate_chief' },
  maxValidityDays: 90,
  specialAccessRatio: { min: '0.6', max: '0.6' },
};
