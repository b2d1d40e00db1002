import { Decimal } from '@openpayer/domain';
import type {
  ClaimResponse,
  ClaimResponseItemAdjudication,
  CodeableConcept,
  Claim as FhirClaim,
  Money as FhirMoney,
} from '@medplum/fhirtypes';
import type { SettlementWire } from '@openpayer/pricing';
import { FHIR_SYSTEMS, HL7 } from './systems.ts';

/** The parts of a settlement's wire form the ClaimResponse carries: a projection of the schema's. */
export type ClaimResponseSettlement = Pick<
  SettlementWire,
  'total' | 'eligible' | 'payers' | 'versions' | 'lines' | 'explanations'
>;

export interface ResponseContext {
  /** The stored settlement's id; absent for a pre-check (nothing was committed). */
  readonly settlementId?: string;
  readonly created: string;
  readonly personId: string;
  readonly institutionCode: string;
  readonly insuredRegion: string;
  readonly disposition: string;
}

/** FHIR money is a JSON number: exact for any amount at the fen below 10^13 yuan. */
const cny = (amount: string | Decimal): FhirMoney => ({
  value: Number(new Decimal(amount).toFixed(2)),
  currency: 'CNY',
});

const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
});

const ADJUDICATION_NAMES: Record<string, string> = {
  submitted: 'Submitted Amount',
  eligible: 'Eligible Amount',
  benefit: 'Benefit Amount',
};

const adjudication = (code: 'submitted' | 'eligible' | 'benefit') =>
  concept(HL7.adjudication, code, ADJUDICATION_NAMES[code]);

/** Payers in a fixed order (a stored settlement's JSON may not keep the key order). */
const sorted = (payers: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(payers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** What the patient does not pay: every payer but the patient. */
const benefit = (amount: string, payers: Readonly<Record<string, string>>): Decimal =>
  new Decimal(amount).minus(payers['patient'] ?? '0');

/**
 * A settlement (or a pre-check) as a FHIR R4 ClaimResponse: per item, the submitted, eligible and
 * benefit amounts (HL7 adjudication codes), the share of each payer and each self-pay part with
 * its reason (OpenPayer codes); the same totals for the claim; the calculation as process notes.
 */
export function claimResponseFrom(
  claim: FhirClaim,
  settlement: ClaimResponseSettlement,
  context: ResponseContext,
): ClaimResponse {
  const items = settlement.lines.map((line) => {
    const adjudications: ClaimResponseItemAdjudication[] = [
      { category: adjudication('submitted'), amount: cny(line.amount) },
      {
        category: adjudication('eligible'),
        reason: concept(FHIR_SYSTEMS.lineOutcome, line.outcome),
        amount: cny(line.eligible),
      },
      { category: adjudication('benefit'), amount: cny(benefit(line.amount, line.payers)) },
      ...sorted(line.payers).map(([payer, amount]) => ({
        category: concept(FHIR_SYSTEMS.payer, payer),
        amount: cny(amount),
      })),
      ...line.selfPay.map((part) => ({
        // Already inside the patient's share: this says why that part is outside the fund.
        category: concept(FHIR_SYSTEMS.selfPay, 'self_pay'),
        reason: concept(FHIR_SYSTEMS.selfPay, part.reason),
        amount: cny(part.amount),
      })),
    ];
    return { itemSequence: Number(line.lineId), adjudication: adjudications };
  });
  const identifier = claim.identifier?.[0];
  return {
    resourceType: 'ClaimResponse',
    ...(context.settlementId === undefined
      ? {}
      : { identifier: [{ system: FHIR_SYSTEMS.settlement, value: context.settlementId }] }),
    status: 'active',
    type: claim.type,
    ...(claim.subType === undefined ? {} : { subType: claim.subType }),
    use: claim.use,
    patient: { identifier: { system: FHIR_SYSTEMS.personId, value: context.personId } },
    created: context.created,
    insurer: {
      identifier: { system: FHIR_SYSTEMS.region, value: context.insuredRegion },
      display: `basic medical insurance fund, region ${context.insuredRegion}`,
    },
    requestor: {
      identifier: { system: FHIR_SYSTEMS.institutionCode, value: context.institutionCode },
    },
    ...(identifier === undefined ? {} : { request: { identifier } }),
    outcome: 'complete',
    disposition: context.disposition,
    item: items,
    total: [
      { category: adjudication('submitted'), amount: cny(settlement.total) },
      { category: adjudication('eligible'), amount: cny(settlement.eligible) },
      {
        category: adjudication('benefit'),
        amount: cny(benefit(settlement.total, settlement.payers)),
      },
      ...sorted(settlement.payers).map(([payer, amount]) => ({
        category: concept(FHIR_SYSTEMS.payer, payer),
        amount: cny(amount),
      })),
    ],
    processNote: [
      {
        number: 1,
        type: 'display',
        text: `policy ${settlement.versions.policy}, catalog ${settlement.versions.catalog}`,
      },
      ...settlement.explanations.map((e, i) => ({
        number: i + 2,
        type: 'display' as const,
        text: `${e.layer}: ${e.what}${explanationSource(e)} → ${e.amount}`,
      })),
    ],
  };
}

/** " (parameter = value)" for an explanation read from the policy; nothing when it was not. */
function explanationSource(e: {
  readonly parameter: string | null;
  readonly value: string | null;
}) {
  if (e.parameter === null) return e.value === null ? '' : ` (${e.value})`;
  return ` (${e.parameter}${e.value === null ? '' : ` = ${e.value}`})`;
}
