import { type Claim, Money, allocate, isWithinRegion } from '@openpayer/domain';
import { type LineDecision } from '@openpayer/catalog';
import {
  type Facts,
  type ParameterValue,
  type Party,
  type Policy,
  type Resolved,
} from '../../policy/policy.ts';
import type { Explanation } from '../settle.ts';
import { NO_RULED_LINES, type RuledLine } from './findings.ts';
import { NO_EXPLANATIONS, ZERO, at, decisionAt, max0 } from './layer.ts';

type SharingRule = Policy['parameters']['sharing'][number];

/** A line a multi-party sharing rule (多方共付) pays: its parts replace every other layer's. */
export interface SharedLine {
  readonly ruleId: string;
  /** Each party's part of the line (what the annual cap cuts from the fund's, the patient's). */
  readonly payers: Partial<Record<Party, Money>>;
  readonly explanations: readonly Explanation[];
}

export interface SharingLayer {
  /** Indexed like the claim's lines; undefined where no rule shares the line. */
  readonly lines: readonly (SharedLine | undefined)[];
  /** The shared lines' amounts. */
  readonly total: Money;
  /** Each party's parts of the shared lines. */
  readonly payers: Readonly<Partial<Record<Party, Money>>>;
  /** The basic fund's shares within the annual cap: they narrow basic insurance's room under it. */
  readonly fundCounted: Money;
  /** The basic fund's shares outside it (a special arrangement, recorded in `sharingFundPaid`). */
  readonly fundOutsideCap: Money;
  readonly capReached: boolean;
}

const NO_SHARING: SharingLayer = Object.freeze({
  lines: Object.freeze([]),
  total: ZERO,
  payers: Object.freeze({}),
  fundCounted: ZERO,
  fundOutsideCap: ZERO,
  capReached: false,
});

/**
 * Multi-party sharing of designated therapies (CAR-T, …): each line a rule in force names is split
 * among the rule's parties. The fund's shares that count against the annual cap take its room in
 * line order, so a later line may find it gone.
 */
export function shareLines(
  claim: Pick<Claim, 'lines' | 'person' | 'institution'>,
  decisions: readonly LineDecision[],
  rules: Policy['parameters']['sharing'],
  date: Facts['date'],
  annualCap: Resolved<ParameterValue<'annualCap'>>,
  fundPaidBefore: Money,
  explain: boolean,
  /** Lines a review finding deducted or switched to self-pay: nobody shares them. */
  ruled: ReadonlyMap<number, RuledLine> = NO_RULED_LINES,
): SharingLayer {
  const inForce = rules.filter(
    (r) =>
      r.from <= date &&
      (r.to === null || date < r.to) &&
      (r.personCategory === undefined || claim.person.categories.includes(r.personCategory)) &&
      (r.regions === undefined ||
        r.regions.some((area) => isWithinRegion(claim.institution.region, area))),
  );
  if (inForce.length === 0) return NO_SHARING;
  const lines: (SharedLine | undefined)[] = [];
  const payers: Partial<Record<Party, Money>> = {};
  let total = ZERO;
  let fundCounted = ZERO;
  let fundOutsideCap = ZERO;
  let capReached = false;
  for (let i = 0; i < claim.lines.length; i++) {
    const line = claim.lines[i];
    if (line === undefined || ruled.has(i)) continue;
    const decision = decisionAt(decisions, i, line.id);
    const rule = ruleFor(inForce, line.code, decision.itemId);
    if (rule === undefined) continue;
    const parts = allocate(
      line.amount,
      rule.shares.map((s) => s.ratio),
    );
    let fundShare = ZERO;
    rule.shares.forEach((s, k) => {
      if (s.party === 'basic_fund') fundShare = fundShare.add(parts[k] ?? ZERO);
    });
    const capLeft = max0(annualCap.value.subtract(fundPaidBefore).subtract(fundCounted));
    const fundPart = rule.countsAgainstAnnualCap ? Money.min(fundShare, capLeft) : fundShare;
    const cut = fundShare.subtract(fundPart);
    const linePayers: Partial<Record<Party, Money>> = {};
    let toCut = cut;
    rule.shares.forEach((s, k) => {
      let part = parts[k] ?? ZERO;
      if (s.party === 'basic_fund' && toCut.isPositive()) {
        const off = Money.min(part, toCut);
        part = part.subtract(off);
        toCut = toCut.subtract(off);
      }
      linePayers[s.party] = (linePayers[s.party] ?? ZERO).add(part);
      payers[s.party] = (payers[s.party] ?? ZERO).add(part);
    });
    if (rule.countsAgainstAnnualCap) fundCounted = fundCounted.add(fundPart);
    else fundOutsideCap = fundOutsideCap.add(fundPart);
    total = total.add(line.amount);
    const explanations: Explanation[] | undefined = explain ? [] : undefined;
    explanations?.push({
      layer: 'sharing',
      what: `line ${line.id} shared by rule ${rule.id}, the fund's share ${rule.countsAgainstAnnualCap ? 'within' : 'outside'} the annual cap`,
      parameter: `parameters.sharing[${rules.indexOf(rule)}]`,
      value: rule.shares.map((s) => `${s.party}:${s.ratio.toString()}`).join(' '),
      amount: line.amount,
    });
    if (cut.isPositive()) {
      // What the cap cuts from the fund's share is the patient's: the other parties' shares
      // are their agreed parts of the therapy, not a guarantee of the fund's.
      capReached = true;
      linePayers.patient = (linePayers.patient ?? ZERO).add(cut);
      payers.patient = (payers.patient ?? ZERO).add(cut);
      explanations?.push({
        layer: 'sharing',
        what: `annual cap reached: ${capLeft.toFixedString()} left of the fund's share ${fundShare.toFixedString()} of line ${line.id}, the patient pays the rest`,
        parameter: at(annualCap),
        value: annualCap.value.toFixedString(),
        amount: cut,
      });
    }
    lines[i] = {
      ruleId: rule.id,
      payers: linePayers,
      explanations: explanations ?? NO_EXPLANATIONS,
    };
  }
  return { lines, total, payers, fundCounted, fundOutsideCap, capReached };
}

/** The first rule in force naming the line's code or the catalog item it resolved to. */
function ruleFor(
  rules: readonly SharingRule[],
  code: string,
  itemId: string | null,
): SharingRule | undefined {
  for (const r of rules) {
    if (r.items.includes(code) || (itemId !== null && r.items.includes(itemId))) return r;
  }
  return undefined;
}
