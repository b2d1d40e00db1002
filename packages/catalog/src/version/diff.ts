import {
  INSTITUTION_TIERS,
  type Period,
  periodSchema,
  unitPriceWireSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import {
  COVERAGE_CLASSES,
  type CatalogItem,
  type CoverageClass,
  type Indication,
  indicationSchema,
} from '../item/item.ts';
import { type Restriction, restrictionSchema } from '../restrictions/restriction.ts';
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

/** The restriction side of an entry: the published text and what was read from it. */
export interface RestrictionView {
  readonly text: string | null;
  readonly restrictions: readonly Restriction[];
  readonly indications: readonly Indication[];
}

/** The payment standard as compared: its text and prices (amounts as exact decimal strings). */
export interface PaymentStandardView {
  readonly text: string;
  readonly confidential: boolean;
  readonly prices: readonly {
    readonly amount: string;
    readonly unit: string;
    readonly tier: (typeof INSTITUTION_TIERS)[number] | null;
  }[];
}

interface Change<Kind extends ChangeKind, Value> {
  readonly kind: Kind;
  readonly before: Value;
  readonly after: Value;
}

/** One changed field of an entry, its before and after typed by the kind of change. */
export type FieldChange =
  | Change<'class', CoverageClass>
  | Change<'restriction', RestrictionView>
  | Change<'payment_standard', PaymentStandardView | null>
  | Change<'agreement_window', Period | null>
  | Change<'name', string>
  | Change<'codes', readonly string[]>;

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

// ---- the wire form ----

const restrictionViewSchema = z
  .strictObject({
    text: z.string().nullable().meta({ description: 'The restriction text as published.' }),
    restrictions: z.array(restrictionSchema).readonly(),
    indications: z.array(indicationSchema).readonly(),
  })
  .meta({ id: 'RestrictionView' });

const paymentStandardViewSchema = z
  .strictObject({
    text: z.string(),
    confidential: z.boolean(),
    prices: z
      .array(
        z.strictObject({
          amount: unitPriceWireSchema,
          unit: z.string(),
          tier: z.enum(INSTITUTION_TIERS).nullable(),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'PaymentStandardView' });

const change = <Kind extends ChangeKind, Value extends z.ZodType>(kind: Kind, value: Value) =>
  z.strictObject({ kind: z.literal(kind), before: value, after: value });

/** One changed field on the wire: `before` and `after` have the shape its `kind` names. */
export const fieldChangeSchema = z
  .discriminatedUnion('kind', [
    change('class', z.enum(COVERAGE_CLASSES)),
    change('restriction', restrictionViewSchema),
    change('payment_standard', paymentStandardViewSchema.nullable()),
    change('agreement_window', periodSchema.nullable()),
    change('name', z.string()),
    change('codes', z.array(z.string()).readonly()),
  ])
  .meta({ id: 'CatalogFieldChange' });
export type FieldChangeWire = z.input<typeof fieldChangeSchema>;

export const itemChangeSchema = z
  .strictObject({
    itemId: z.string(),
    name: z.string(),
    changes: z.array(fieldChangeSchema).readonly(),
  })
  .meta({ id: 'CatalogItemChange' });
export type ItemChangeWire = z.input<typeof itemChangeSchema>;

export const diffCountsSchema = z
  .strictObject({
    added: z.int(),
    removed: z.int(),
    changed: z.int(),
    unchanged: z.int(),
    byChange: z.record(z.enum(CHANGE_KINDS), z.int()),
  })
  .meta({ id: 'CatalogDiffCounts' });

/** An entry's changes as JSON. */
export function encodeItemChange(change: ItemChange): ItemChangeWire {
  return z.encode(itemChangeSchema, change);
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

function restrictionView(item: CatalogItem): RestrictionView {
  return {
    text: item.restrictionText,
    restrictions: item.restrictions,
    indications: item.indications,
  };
}

function priceView(item: CatalogItem): PaymentStandardView | null {
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
  const check = (change: FieldChange) => {
    if (!sameJson(change.before, change.after)) changes.push(change);
  };
  check({ kind: 'class', before: before.coverageClass, after: after.coverageClass });
  check({ kind: 'restriction', before: restrictionView(before), after: restrictionView(after) });
  check({ kind: 'payment_standard', before: priceView(before), after: priceView(after) });
  check({ kind: 'agreement_window', before: before.agreement, after: after.agreement });
  check({ kind: 'name', before: before.name, after: after.name });
  check({ kind: 'codes', before: before.codes, after: after.codes });
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
