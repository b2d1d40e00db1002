import type { CatalogItem } from '../item/item.ts';
import type { CatalogRelease } from './release.ts';

/**
 * What changed between two releases, entry by entry: the view an administrator reads before a
 * dynamic adjustment takes effect, and what the CLI and the admin UI print.
 */

export const CHANGE_KINDS = [
  'class',
  'restriction',
  'payment_standard',
  'agreement_window',
  'name',
  'codes',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface FieldChange {
  readonly kind: ChangeKind;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ItemChange {
  readonly itemId: string;
  readonly name: string;
  readonly changes: readonly FieldChange[];
}

export interface CatalogDiff {
  readonly from: string;
  readonly to: string;
  readonly added: readonly CatalogItem[];
  readonly removed: readonly CatalogItem[];
  readonly changed: readonly ItemChange[];
  readonly counts: {
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly unchanged: number;
    readonly byChange: Readonly<Record<ChangeKind, number>>;
  };
}

/**
 * JSON with object keys in sorted order: two restrictions built in different key orders (the
 * importer's and the release schema's) are the same restriction.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function restrictionView(item: CatalogItem) {
  return {
    text: item.restrictionText,
    restrictions: item.restrictions,
    indications: item.indications,
  };
}

function priceView(item: CatalogItem) {
  const s = item.paymentStandard;
  return s === null
    ? null
    : {
        text: s.text,
        confidential: s.confidential,
        prices: s.prices.map((p) => ({
          amount: p.amount.toDecimalString(),
          unit: p.unit,
          tier: p.tier ?? null,
        })),
      };
}

function itemChanges(before: CatalogItem, after: CatalogItem): FieldChange[] {
  const changes: FieldChange[] = [];
  const check = (kind: ChangeKind, a: unknown, b: unknown) => {
    if (!sameJson(a, b)) changes.push({ kind, before: a, after: b });
  };
  check('class', before.coverageClass, after.coverageClass);
  check('restriction', restrictionView(before), restrictionView(after));
  check('payment_standard', priceView(before), priceView(after));
  check('agreement_window', before.agreement, after.agreement);
  check('name', before.name, after.name);
  check('codes', before.codes, after.codes);
  return changes;
}

export function diffReleases(from: CatalogRelease, to: CatalogRelease): CatalogDiff {
  const old = new Map(from.items.map((i) => [i.id, i]));
  const next = new Map(to.items.map((i) => [i.id, i]));
  const added = to.items.filter((i) => !old.has(i.id));
  const removed = from.items.filter((i) => !next.has(i.id));
  const changed: ItemChange[] = [];
  const byChange = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<
    ChangeKind,
    number
  >;
  let unchanged = 0;
  for (const item of to.items) {
    const before = old.get(item.id);
    if (before === undefined) continue;
    const changes = itemChanges(before, item);
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    for (const c of changes) byChange[c.kind]++;
    changed.push({ itemId: item.id, name: item.name, changes });
  }
  return {
    from: from.id,
    to: to.id,
    added,
    removed,
    changed,
    counts: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged,
      byChange,
    },
  };
}
