import { z } from 'zod';
import { type Policy, type PolicyWire, policySchema } from './policy.ts';

/**
 * What changed between two policy versions, parameter by parameter and entry by entry: what an
 * administrator reads before activating a new version, and what the admin UI shows side by side.
 * Values are compared in their wire form (amounts and ratios as the exact strings of the
 * document), so "0.90" and "0.9" are one ratio only if the document says so — the diff reports
 * what was written, and both sides are shown as written.
 */

/** The payer layers (and DRG and DIP case payment) a policy's parameters belong to, in settlement order. */
export const POLICY_LAYERS = [
  'basic_medical_insurance',
  'critical_illness_insurance',
  'medical_assistance',
  'commercial_supplementary',
  'multi_party_sharing',
  'drg_case_payment',
  'dip_payment',
  'case_reconciliation',
  'value_based_payment',
] as const;
export type PolicyLayer = (typeof POLICY_LAYERS)[number];

export type PolicyParameter = keyof Policy['parameters'];

/** Each parameter of a policy and the layer it configures, in the order a reader goes through them. */
export const POLICY_PARAMETERS = {
  firstSelfPayRatio: 'basic_medical_insurance',
  deductible: 'basic_medical_insurance',
  reimbursement: 'basic_medical_insurance',
  annualCap: 'basic_medical_insurance',
  poolingArea: 'basic_medical_insurance',
  outOfRegion: 'basic_medical_insurance',
  criticalIllness: 'critical_illness_insurance',
  medicalAssistance: 'medical_assistance',
  commercial: 'commercial_supplementary',
  sharing: 'multi_party_sharing',
  drgCoefficient: 'drg_case_payment',
  drgOutliers: 'drg_case_payment',
  drgQualityUplift: 'drg_case_payment',
  drgDomesticDeviceUplift: 'drg_case_payment',
  drgTechniqueSubgroups: 'drg_case_payment',
  drgWeightYear: 'drg_case_payment',
  dipOutliers: 'dip_payment',
  dipHospitalCoefficient: 'dip_payment',
  caseReconciliation: 'case_reconciliation',
  specialCaseReview: 'case_reconciliation',
  // value-based payment (value/):
  itemStandards: 'value_based_payment',
  temporaryPrices: 'value_based_payment',
  lifecycleSchedules: 'value_based_payment',
  standardCoefficients: 'value_based_payment',
  serviceUnits: 'value_based_payment',
  caseAddOns: 'value_based_payment',
  capitation: 'value_based_payment',
  steppedP4P: 'value_based_payment',
  valueScore: 'value_based_payment',
  payForResponse: 'value_based_payment',
  riskSharing: 'value_based_payment',
  dynamicAdjustments: 'value_based_payment',
  icerThreshold: 'value_based_payment',
} as const satisfies Record<PolicyParameter, PolicyLayer>;

/** One entry of a parameter as the document writes it (a sharing rule, a technique subgroup, or a dated keyed value). */
export type PolicyEntryWire = {
  [P in PolicyParameter]: NonNullable<PolicyWire['parameters'][P]>[number];
}[PolicyParameter];

/** The version-level fields compared (the id always differs: it names the version). */
export const POLICY_FIELDS = ['title', 'region', 'publishedOn', 'rounding'] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

export interface PolicyFieldChange {
  readonly field: PolicyField;
  readonly before: PolicyWire[PolicyField];
  readonly after: PolicyWire[PolicyField];
}

export type EntryChangeStatus = 'added' | 'removed' | 'changed';

export interface PolicyEntryChange {
  readonly status: EntryChangeStatus;
  /** What the entry applies to, e.g. `claimType=inpatient tier=tertiary`, a sharing rule id, `DRG/technique`. */
  readonly identity: string;
  /** Index of the entry in each version's list (null on the side it is missing from). */
  readonly beforeIndex: number | null;
  readonly afterIndex: number | null;
  readonly before: PolicyEntryWire | null;
  readonly after: PolicyEntryWire | null;
  /** The entry's fields that differ (for `changed`: e.g. ['value'], ['from', 'to']). */
  readonly fields: readonly string[];
}

export type ParameterChangeStatus = 'added' | 'removed' | 'changed';

export interface PolicyParameterChange {
  readonly parameter: PolicyParameter;
  readonly layer: PolicyLayer;
  /** added: no entries before; removed: no entries after; changed: some entry differs. */
  readonly status: ParameterChangeStatus;
  readonly entries: readonly PolicyEntryChange[];
  readonly counts: EntryCounts;
}

export interface EntryCounts {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

export interface PolicyDiff {
  readonly from: string;
  readonly to: string;
  readonly fields: readonly PolicyFieldChange[];
  /** Only the parameters that differ, in POLICY_PARAMETERS order. */
  readonly parameters: readonly PolicyParameterChange[];
  readonly counts: {
    readonly fields: number;
    readonly parameters: {
      readonly added: number;
      readonly removed: number;
      readonly changed: number;
      readonly unchanged: number;
    };
    readonly entries: EntryCounts;
  };
}

/** JSON with object keys sorted, so key order in the document does not make a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

type Row = Readonly<Record<string, unknown>> & { readonly from: string };

/**
 * What an entry applies to: two entries with the same identity are the same rule in two versions
 * (its dates or value may differ). A keyed parameter's identity is its key; a rule's (sharing, value-based
 * payment), its id; a technique subgroup's, its DRG and technique.
 */
function identityOf(parameter: PolicyParameter, row: Row): string {
  if (typeof row['id'] === 'string') return row['id'];
  if (parameter === 'drgTechniqueSubgroups') {
    return `${String(row['drg'])}/${String(row['technique'])}`;
  }
  const key = (row['key'] ?? {}) as Record<string, unknown>;
  const parts = Object.keys(key)
    .filter((k) => key[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(key[k])}`);
  return parts.length === 0 ? '(all)' : parts.join(' ');
}

function changedFields(before: Row, after: Row): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.filter((name) => canonical(before[name] ?? null) !== canonical(after[name] ?? null));
}

interface Indexed {
  readonly row: Row;
  readonly index: number;
}

function diffEntries(
  parameter: PolicyParameter,
  before: readonly Row[],
  after: readonly Row[],
): { entries: PolicyEntryChange[]; unchanged: number } {
  const group = (rows: readonly Row[]) => {
    const groups = new Map<string, Indexed[]>();
    rows.forEach((row, index) => {
      const id = identityOf(parameter, row);
      const list = groups.get(id) ?? [];
      list.push({ row, index });
      groups.set(id, list);
    });
    return groups;
  };
  const old = group(before);
  const next = group(after);
  const entries: PolicyEntryChange[] = [];
  let unchanged = 0;
  const identities = [...new Set([...old.keys(), ...next.keys()])];
  for (const identity of identities) {
    const a = [...(old.get(identity) ?? [])];
    const b = [...(next.get(identity) ?? [])];
    const pairs: [Indexed, Indexed][] = [];
    // Same identity and same start date: the same entry. Then the rest pair up in date order, so
    // an entry whose start moved is "changed" (its dates side by side), not removed and added.
    for (const x of [...a]) {
      const j = b.findIndex((y) => y.row.from === x.row.from);
      const match = b[j];
      if (match === undefined) continue;
      pairs.push([x, match]);
      a.splice(a.indexOf(x), 1);
      b.splice(j, 1);
    }
    const byDate = (p: Indexed, q: Indexed) =>
      p.row.from < q.row.from ? -1 : p.row.from > q.row.from ? 1 : p.index - q.index;
    a.sort(byDate);
    b.sort(byDate);
    while (a.length > 0 && b.length > 0) {
      pairs.push([a.shift() as Indexed, b.shift() as Indexed]);
    }
    for (const [x, y] of pairs) {
      const fields = changedFields(x.row, y.row);
      if (fields.length === 0) {
        unchanged++;
        continue;
      }
      entries.push({
        status: 'changed',
        identity,
        beforeIndex: x.index,
        afterIndex: y.index,
        before: x.row as PolicyEntryWire,
        after: y.row as PolicyEntryWire,
        fields,
      });
    }
    for (const x of a) {
      entries.push({
        status: 'removed',
        identity,
        beforeIndex: x.index,
        afterIndex: null,
        before: x.row as PolicyEntryWire,
        after: null,
        fields: [],
      });
    }
    for (const y of b) {
      entries.push({
        status: 'added',
        identity,
        beforeIndex: null,
        afterIndex: y.index,
        before: null,
        after: y.row as PolicyEntryWire,
        fields: [],
      });
    }
  }
  const position = (e: PolicyEntryChange) => e.afterIndex ?? e.beforeIndex ?? 0;
  entries.sort((p, q) => position(p) - position(q) || (p.status < q.status ? -1 : 1));
  return { entries, unchanged };
}

/**
 * Compares two policy versions: the version-level fields (title, region, publication date,
 * rounding), and each parameter's entries matched by what they apply to — added, removed, or
 * changed with both sides — with counts. Pure: the same two policies always give the same diff.
 */
export function diffPolicies(from: Policy, to: Policy): PolicyDiff {
  const a = z.encode(policySchema, from);
  const b = z.encode(policySchema, to);
  const fields: PolicyFieldChange[] = POLICY_FIELDS.filter(
    (field) => canonical(a[field]) !== canonical(b[field]),
  ).map((field) => ({ field, before: a[field], after: b[field] }));

  const parameters: PolicyParameterChange[] = [];
  const parameterCounts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const entryCounts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const [parameter, layer] of Object.entries(POLICY_PARAMETERS) as [
    PolicyParameter,
    PolicyLayer,
  ][]) {
    const before = (a.parameters[parameter] ?? []) as readonly Row[];
    const after = (b.parameters[parameter] ?? []) as readonly Row[];
    const { entries, unchanged } = diffEntries(parameter, before, after);
    const counts = {
      added: entries.filter((e) => e.status === 'added').length,
      removed: entries.filter((e) => e.status === 'removed').length,
      changed: entries.filter((e) => e.status === 'changed').length,
      unchanged,
    };
    entryCounts.added += counts.added;
    entryCounts.removed += counts.removed;
    entryCounts.changed += counts.changed;
    entryCounts.unchanged += counts.unchanged;
    if (entries.length === 0) {
      parameterCounts.unchanged++;
      continue;
    }
    const status: ParameterChangeStatus =
      before.length === 0 ? 'added' : after.length === 0 ? 'removed' : 'changed';
    parameterCounts[status]++;
    parameters.push({ parameter, layer, status, entries, counts });
  }
  return {
    from: from.id,
    to: to.id,
    fields,
    parameters,
    counts: { fields: fields.length, parameters: parameterCounts, entries: entryCounts },
  };
}
