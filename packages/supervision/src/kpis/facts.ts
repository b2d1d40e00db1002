import { Decimal } from '@openpayer/domain';
import type { KpiCategory, KpiDefinitionSet, MeasureRef } from './definitions.ts';
import { measureKey, measuresOf, normalTest } from './definitions.ts';

/**
 * A stored settlement's facts: the measures the KPI definitions read, derived once from the
 * settlement and its claim (both in their stored wire form) and summed in SQL afterwards. Only
 * what the ledger recorded is read: line amounts and payers, coverage reasons, the claim's
 * procedures, diagnoses, biomarker evidence and outcomes.
 */

/** The parts of a stored settlement the facts read. */
export interface FactSettlement {
  readonly total: string;
  readonly payers: Readonly<Partial<Record<string, string>>>;
  readonly lines: readonly {
    readonly lineId: string;
    readonly amount: string;
    readonly coverageReasons: readonly string[];
    readonly payers: Readonly<Partial<Record<string, string>>>;
  }[];
}

/** The parts of a stored claim the facts read. */
export interface FactClaim {
  readonly institution: { readonly code: string; readonly tier: string };
  readonly department?: string | undefined;
  readonly attendingPrescriber?: { readonly id: string } | undefined;
  readonly diagnoses: readonly { readonly code: string }[];
  readonly procedures?: readonly { readonly code: string; readonly technique?: string }[];
  readonly lines: readonly {
    readonly id: string;
    readonly code: string;
    readonly prescriber?: { readonly id: string };
  }[];
  readonly evidence?: readonly {
    readonly kind: string;
    readonly test?: string;
    readonly result?: string;
  }[];
  readonly outcomes?: readonly { readonly kind: string }[];
}

export interface SettlementFacts {
  readonly institution: string;
  readonly tier: string;
  /** The claim's department; '' when it has none. */
  readonly department: string;
  /** The attending doctor, else the first line's prescriber; '' when the claim names none. */
  readonly doctor: string;
  /** measure key → exact value as a decimal string; measures that are 0 are left out. */
  readonly measures: Readonly<Record<string, string>>;
}

/** The fund's party in a settlement's payers. */
const FUND = 'basic_fund';

interface Plan {
  readonly keys: readonly { readonly key: string; readonly ref: MeasureRef }[];
  readonly classes: ReadonlyMap<string, ReadonlySet<string>>;
  readonly categories: ReadonlyMap<string, KpiCategory>;
}

const plans = new WeakMap<KpiDefinitionSet, Plan>();

function planOf(set: KpiDefinitionSet): Plan {
  const cached = plans.get(set);
  if (cached !== undefined) return cached;
  const plan: Plan = {
    keys: measuresOf(set).map((ref) => ({ key: measureKey(ref), ref })),
    classes: new Map(set.lineClasses.map((c) => [c.id, new Set<string>(c.reasons)])),
    categories: new Map(set.categories.map((c) => [c.id, c])),
  };
  plans.set(set, plan);
  return plan;
}

const startsWithAny = (code: string, prefixes: readonly string[]) =>
  prefixes.some((p) => code.startsWith(p));

/** Does the whole case belong to a case category? */
function caseInCategory(claim: FactClaim, c: KpiCategory): boolean {
  const procedures = claim.procedures ?? [];
  return (
    procedures.some(
      (p) =>
        startsWithAny(p.code, c.procedureCodePrefixes) ||
        (p.technique !== undefined && c.procedureTechniques.includes(p.technique)),
    ) || claim.diagnoses.some((d) => startsWithAny(d.code, c.diagnosisCodePrefixes))
  );
}

export function settlementFacts(
  set: KpiDefinitionSet,
  settlement: FactSettlement,
  claim: FactClaim,
): SettlementFacts {
  const plan = planOf(set);
  const codeOf = new Map(claim.lines.map((l) => [l.id, l.code]));
  const measures: Record<string, string> = {};
  const caseMemo = new Map<string, boolean>();
  const inCase = (c: KpiCategory) => {
    let v = caseMemo.get(c.id);
    if (v === undefined) caseMemo.set(c.id, (v = caseInCategory(claim, c)));
    return v;
  };
  for (const { key, ref } of plan.keys) {
    let value: Decimal;
    switch (ref.measure) {
      case 'cases': {
        const c = ref.category === undefined ? undefined : plan.categories.get(ref.category);
        value = new Decimal(c === undefined || inCase(c) ? 1 : 0);
        break;
      }
      case 'complication_cases': {
        const c = ref.category === undefined ? undefined : plan.categories.get(ref.category);
        const had = (claim.outcomes ?? []).some((o) => o.kind === 'complication');
        value = new Decimal(had && (c === undefined || inCase(c)) ? 1 : 0);
        break;
      }
      case 'tests':
      case 'tests_positive': {
        const test = normalTest(ref.test ?? '');
        value = new Decimal(
          (claim.evidence ?? []).filter(
            (e) =>
              e.kind === 'biomarker' &&
              normalTest(e.test ?? '') === test &&
              (ref.measure === 'tests' || e.result === 'positive'),
          ).length,
        );
        break;
      }
      case 'total':
      case 'fund': {
        const cls = ref.lineClass === undefined ? undefined : plan.classes.get(ref.lineClass);
        const cat = ref.category === undefined ? undefined : plan.categories.get(ref.category);
        // A category of lines picks lines by code; one of cases takes the case whole or not at all.
        const byLine = cat !== undefined && cat.lineCodePrefixes.length > 0;
        const amountOf = (
          of: { payers: Readonly<Partial<Record<string, string>>> },
          total: string,
        ) => new Decimal((ref.measure === 'total' ? total : of.payers[FUND]) ?? '0');
        if (cat !== undefined && !byLine && !inCase(cat)) value = new Decimal(0);
        else if (cls === undefined && !byLine) value = amountOf(settlement, settlement.total);
        else {
          value = new Decimal(0);
          for (const line of settlement.lines) {
            if (cls !== undefined && !line.coverageReasons.some((r) => cls.has(r))) continue;
            const code = byLine ? codeOf.get(line.lineId) : undefined;
            if (byLine && (code === undefined || !startsWithAny(code, cat.lineCodePrefixes))) {
              continue;
            }
            value = value.plus(amountOf(line, line.amount));
          }
        }
        break;
      }
      default:
        continue;
    }
    if (!value.isZero()) measures[key] = value.toFixed();
  }
  return {
    institution: claim.institution.code,
    tier: claim.institution.tier,
    department: claim.department ?? '',
    doctor:
      claim.attendingPrescriber?.id ?? claim.lines.find((l) => l.prescriber)?.prescriber?.id ?? '',
    measures,
  };
}
