import { readFileSync, readdirSync } from 'node:fs';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { type Claim, accountingYearOf, claimSchema } from '@openpayer/domain';
import { demoClaimWire } from '@openpayer/testing';
import { type Policy, type PolicyWire, loadPolicy } from '../policy/policy.ts';
import {
  type Accumulators,
  type AccumulatorsWire,
  accumulatorsSchema,
} from '../settlement/accumulators.ts';

export const demoPolicyWire = (): PolicyWire =>
  JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;

export function policyFrom(wire: PolicyWire): Policy {
  const loaded = loadPolicy(wire);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.value;
}

let index: CatalogIndex | undefined;
/** The real 2024 list with the rule base, imported once per test file. */
export function catalogIndex(): CatalogIndex {
  if (index === undefined) {
    const imported = importShippedNrdl2024();
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
    index = new CatalogIndex(imported.value.release);
  }
  return index;
}

type Json = Record<string, unknown>;

/**
 * An employee inpatient stay at the demo tertiary hospital (`@openpayer/testing`'s demo claim);
 * scenarios override parts (person and institution field by field, `dischargeDate: null` for
 * none). The total is always the sum of the lines.
 */
export function claimFrom(override: Json): Claim {
  const { person, institution, dischargeDate, ...rest } = override;
  return claimSchema.parse(
    demoClaimWire({
      id: 'C-2025-300001',
      person: { categories: [], ...(person as Json | undefined) },
      ...(institution === undefined ? {} : { institution: institution as Json }),
      ...(dischargeDate === undefined ? {} : { dischargeDate: dischargeDate as string | null }),
      ...rest,
    }),
  );
}

/** A person's figures at the start of a year, as wire JSON. */
export function zeroAccumulatorsWire(personId: string, year: number): AccumulatorsWire {
  return {
    personId,
    year,
    deductibleUsed: '0.00',
    admissions: 0,
    fundPaid: '0.00',
    criticalIllnessBase: '0.00',
    criticalIllnessPaid: '0.00',
    assistancePaid: '0.00',
    commercialDeductibleUsed: '0.00',
    commercialPaid: '0.00',
  };
}

export function accumulatorsFrom(claim: Claim, override: Json): Accumulators {
  return accumulatorsSchema.parse({
    ...zeroAccumulatorsWire(claim.person.id, accountingYearOf(claim)),
    ...override,
  });
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly derivation: readonly string[];
  readonly policyPatch?: Json;
  readonly claim: Json;
  readonly accumulators: Json;
  readonly expected: {
    readonly payers: Record<string, string>;
    readonly layers?: Record<string, string | boolean>;
    readonly selfPay?: string;
    readonly eligible?: string;
    readonly accumulatorsAfter?: Record<string, string | number>;
    readonly explanations?: readonly Record<string, string | null>[];
  };
}

export function scenarios(): Scenario[] {
  const dir = new URL('./scenarios/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Omit<Scenario, 'file'>),
    }));
}

export function scenarioPolicy(s: Scenario): Policy {
  const wire = demoPolicyWire();
  return policyFrom({
    ...wire,
    parameters: { ...wire.parameters, ...(s.policyPatch ?? {}) },
  });
}
