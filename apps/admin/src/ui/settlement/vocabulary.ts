/**
 * How a settlement's own words read on screen — the reasons a patient pays part of a line, the
 * layer an explanation belongs to, a line's coverage outcome, the year-to-date accumulators — the
 * same on the settlement screens and in the simulator. A value without a label here shows its key.
 */

export const SELF_PAY_LABELS: Readonly<Record<string, string>> = {
  out_of_catalog: 'Out of catalog (自费)',
  restriction_not_met: 'Restriction not met (限定支付范围)',
  needs_approval: 'Needs prior approval',
  above_payment_standard: 'Above the payment standard (超限价)',
  first_self_pay: 'Class B first self-pay (乙类先行自付)',
  special_access_remainder: 'Special access: the unapproved part',
  held_for_review: 'Held for review: restriction text not read (待审核)',
  unparsed_restriction: 'Self-pay: restriction text not read',
  deducted_by_rule: 'Deducted by a review rule (审核扣款)',
  self_pay_by_rule: 'Self-pay by a review rule (审核转自费)',
};

/** The layer an explanation's figure belongs to. */
export const EXPLANATION_LAYER_LABELS: Readonly<Record<string, string>> = {
  line: 'Line',
  basic: 'Basic insurance',
  critical_illness: 'Critical illness',
  medical_assistance: 'Medical assistance',
  commercial: 'Commercial',
  sharing: 'Multi-party sharing',
};

export const OUTCOME_LABELS: Readonly<
  Record<string, { readonly label: string; readonly badge: string }>
> = {
  covered: { label: 'Covered', badge: 'ok' },
  covered_first_self_pay: { label: 'Covered, class B', badge: 'ok' },
  self_pay: { label: 'Self-pay: restriction', badge: 'warning' },
  needs_approval: { label: 'Needs approval', badge: 'warning' },
  not_covered: { label: 'Not covered', badge: 'error' },
};

/** The person's year-to-date figures, in the order the layers use them. */
export const ACCUMULATOR_FIELDS = [
  ['deductibleUsed', 'Outpatient deductible used (起付线)'],
  ['admissions', 'Admissions this year'],
  ['fundPaid', 'Basic fund paid (against the annual cap)'],
  ['criticalIllnessBase', 'Critical-illness base (eligible out-of-pocket)'],
  ['criticalIllnessPaid', 'Critical-illness insurance paid'],
  ['assistancePaid', 'Medical assistance paid'],
  ['commercialDeductibleUsed', 'Commercial deductible used'],
  ['commercialPaid', 'Commercial insurance paid'],
  ['sharingFundPaid', 'Basic fund paid outside the annual cap (multi-party sharing)'],
] as const;
