import { Money, allocateMinor } from '@openpayer/domain';
import { type Party, SHARE_PARTIES } from '../../policy/policy.ts';
import type { LineSettlement } from '../settle.ts';
import { type LinesLayer } from './lines.ts';
import { type SharingLayer } from './sharing.ts';
import { ZERO, sumAmounts } from './layer.ts';

export interface PatientInput {
  readonly lines: LinesLayer;
  readonly sharing: Pick<SharingLayer, 'payers'>;
  /** The basic fund's payment after the annual cap (special-access parts are the lines'). */
  readonly fund: Money;
  readonly criticalIllness: Money;
  readonly assistance: Money;
  readonly commercial: Money;
  /** Commercial covers self-paid items: its per-line split weighs them too. */
  readonly commercialCoversSelfPay: boolean;
}

export interface PatientLayer {
  /** Every party's part of the claim; they sum to its total. */
  readonly payers: Record<Party, Money>;
  readonly lines: LineSettlement[];
}

/**
 * The patient remainder (个人自付): the patient pays what no layer did, for the claim and for each
 * line. Each layer's amount is spread over the unshared lines by their eligible amounts (commercial
 * also by self-pay when it covers it); a shared line keeps the sharing rule's parts.
 */
export function patientRemainder(input: PatientInput): PatientLayer {
  const { lines, fund, criticalIllness, assistance, commercial } = input;
  const payers = {} as Record<Party, Money>;
  for (const p of SHARE_PARTIES) payers[p] = input.sharing.payers[p] ?? ZERO;
  payers.basic_fund = payers.basic_fund.add(fund).add(lines.specialFund);
  payers.critical_illness = payers.critical_illness.add(criticalIllness);
  payers.medical_assistance = payers.medical_assistance.add(assistance);
  payers.commercial = payers.commercial.add(commercial);
  let paidByOthers = ZERO;
  for (const p of SHARE_PARTIES) if (p !== 'patient') paidByOthers = paidByOthers.add(payers[p]);
  payers.patient = lines.total.subtract(paidByOthers);

  const work = lines.lines;
  // Unshared lines by id (claim positions), so the spreads do not depend on the lines' order.
  const ordered: number[] = [];
  for (let i = 0; i < work.length; i++) if (work[i]?.shared === null) ordered.push(i);
  ordered.sort((a, b) => {
    const x = work[a]?.line.id ?? '';
    const y = work[b]?.line.id ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  // Minor units once per line; the four spreads are integer work (allocateMinor).
  const eligibleMinor = ordered.map((i) => work[i]?.eligible.toMinor() ?? 0n);
  const selfPayMinor = input.commercialCoversSelfPay
    ? ordered.map((i) => sumAmounts(work[i]?.selfPay ?? [], ZERO).toMinor())
    : undefined;
  // Layer parts per line, in fen: converted to Money once per party per line at the end.
  const partsMinor: (Map<Party, bigint> | undefined)[] = [];
  spread(partsMinor, 'basic_fund', fund, eligibleMinor);
  spread(partsMinor, 'critical_illness', criticalIllness, eligibleMinor);
  spread(partsMinor, 'medical_assistance', assistance, eligibleMinor);
  spread(
    partsMinor,
    'commercial',
    commercial,
    selfPayMinor === undefined
      ? eligibleMinor
      : eligibleMinor.map((e, k) => e + (selfPayMinor[k] ?? 0n)),
  );
  const linePayers: Partial<Record<Party, Money>>[] = [];
  for (let k = 0; k < ordered.length; k++) {
    const i = ordered[k];
    const w = i === undefined ? undefined : work[i];
    if (i === undefined || w === undefined) continue;
    const parts: Partial<Record<Party, Money>> = {};
    // Special-access lines already hold their fund part; the patient pays the rest of the line.
    if (w.specialFund !== null) parts.basic_fund = w.specialFund;
    let paidMinor = w.specialFund?.toMinor() ?? 0n;
    for (const [party, minor] of partsMinor[k] ?? []) {
      const existing = parts[party];
      parts[party] =
        existing === undefined ? Money.fromMinor(minor) : existing.add(Money.fromMinor(minor));
      paidMinor += minor;
    }
    parts.patient = Money.fromMinor(w.line.amount.toMinor() - paidMinor);
    linePayers[i] = parts;
  }
  const settled = work.map((w, i): LineSettlement => ({
    lineId: w.line.id,
    amount: w.line.amount,
    outcome: w.decision.outcome,
    itemId: w.decision.itemId,
    coverageReasons: w.decision.reasons.map((r) => r.code),
    selfPay: w.selfPay,
    eligible: w.eligible,
    payers: w.shared?.payers ?? linePayers[i] ?? {},
    sharingRule: w.shared?.ruleId ?? null,
    approvalId: w.decision.approval?.id ?? null,
    review: w.decision.review,
    unparsedRestriction: w.decision.unparsed,
  }));
  return { payers, lines: settled };
}

/**
 * Adds `amount`'s share of each line (by `weights`, in fen) to the line's parts of `party`. A line
 * never takes more than its weight minus what earlier layers gave it: rounded independently, the
 * layers could each give a small line the same leftover fen, and its patient part would turn
 * negative.
 */
function spread(
  partsMinor: (Map<Party, bigint> | undefined)[],
  party: Party,
  amount: Money,
  weights: readonly bigint[],
): void {
  if (amount.isZero() || weights.every((x) => x === 0n)) return;
  const room = weights.map((weight, k) => {
    let given = 0n;
    for (const part of partsMinor[k]?.values() ?? []) given += part;
    return weight - given;
  });
  const parts = allocateMinor(amount.toMinor(), weights, room);
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] ?? 0n;
    if (part === 0n) continue;
    const line = partsMinor[k] ?? new Map<Party, bigint>();
    partsMinor[k] = line;
    line.set(party, (line.get(party) ?? 0n) + part);
  }
}
