import {
  type Issue,
  type Result,
  INSTITUTION_TIERS,
  Money,
  fail,
  issue,
  ok,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { COVERAGE_CLASSES, type CatalogItem, type PaymentPrice } from '../item/item.ts';
import type { CatalogRelease } from '../version/release.ts';
import { importConsumables } from './consumables.ts';
import {
  type ServiceImportIssueCode,
  type ServiceImportSettings,
  importServiceItems,
} from './services.ts';

/**
 * A region's schedule for service items and consumables (医疗服务项目 / 医用耗材支付目录): the
 * class of each listed code and its payment standard per institution tier. Both are local
 * policy, so they are data (e.g. `data/services/demo-230100-prices.json`), never code.
 */

const TIER_LABELS = { primary: '一级', secondary: '二级', tertiary: '三级' } as const;
const price = z.string().regex(/^\d{1,7}(\.\d{1,4})?$/u, { error: 'a price like "12.50"' });

export const serviceScheduleSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    title: z.string().min(1).max(300),
    region: regionCodeSchema.nullable(),
    source: z.string().min(1).max(2000),
    /** The class of a national item the schedule does not list. */
    defaultClass: z.strictObject({
      service: z.enum(COVERAGE_CLASSES),
      consumable: z.enum(COVERAGE_CLASSES),
    }),
    items: z
      .array(
        z.strictObject({
          code: z.string().min(1).max(40),
          kind: z.enum(['service', 'consumable']),
          coverageClass: z.enum(COVERAGE_CLASSES).optional(),
          unit: z.string().min(1).max(50),
          prices: z
            .strictObject({
              primary: price.optional(),
              secondary: price.optional(),
              tertiary: price.optional(),
            })
            .refine((p) => Object.keys(p).length > 0, { error: 'at least one tier price' }),
        }),
      )
      .max(100_000),
  })
  .superRefine((schedule, ctx) => {
    const seen = new Set<string>();
    schedule.items.forEach((item, index) => {
      if (seen.has(item.code))
        ctx.addIssue({
          code: 'custom',
          message: `code "${item.code}" is listed twice`,
          path: ['items', index, 'code'],
        });
      seen.add(item.code);
    });
  })
  .meta({ id: 'ServiceSchedule' });
export type ServiceSchedule = z.output<typeof serviceScheduleSchema>;

/**
 * Sets the class and tier prices of the items the schedule lists (by national code). A listed
 * code no item carries is refused with its path: a price for nothing is a typo.
 */
export function applySchedule(
  items: readonly CatalogItem[],
  schedule: ServiceSchedule,
): Result<CatalogItem[], ServiceImportIssueCode> {
  const byCode = new Map<string, { item: CatalogItem; index: number }>();
  items.forEach((item, index) => {
    for (const code of item.codes) byCode.set(`${item.kind}\u0000${code}`, { item, index });
  });
  const out = [...items];
  const issues: Issue<ServiceImportIssueCode>[] = [];
  schedule.items.forEach((entry, i) => {
    const found = byCode.get(`${entry.kind}\u0000${entry.code}`);
    if (found === undefined) {
      issues.push(
        issue(
          'import.schedule_unknown_code',
          `schedule item ${i}: no national ${entry.kind} item has the code "${entry.code}"`,
          { path: ['items', i, 'code'], data: { code: entry.code, kind: entry.kind } },
        ),
      );
      return;
    }
    const prices: PaymentPrice[] = [];
    const texts: string[] = [];
    for (const tier of INSTITUTION_TIERS) {
      const amount = entry.prices[tier];
      if (amount === undefined) continue;
      prices.push({ amount: Money.of(amount), unit: entry.unit, tier });
      texts.push(`${TIER_LABELS[tier]}${amount}元/${entry.unit}`);
    }
    out[found.index] = {
      ...found.item,
      coverageClass: entry.coverageClass ?? found.item.coverageClass,
      paymentStandard: { text: texts.join('；'), confidential: false, prices, parsed: true },
    };
  });
  return issues.length > 0 ? fail(issues) : ok(out);
}

export interface ServiceCatalogInput {
  readonly itemRestrictionsCsv: string;
  readonly duplicateChargesCsv?: string | undefined;
  readonly consumablesCsv?: string | undefined;
  readonly settings: ServiceImportSettings;
  readonly schedule: ServiceSchedule;
}

/** Service items and consumables from the national lists, classed and priced by the schedule. */
export function importServiceCatalog(
  input: ServiceCatalogInput,
): Result<CatalogItem[], ServiceImportIssueCode> {
  const services = importServiceItems({
    restrictionsCsv: input.itemRestrictionsCsv,
    duplicateChargesCsv: input.duplicateChargesCsv,
    settings: input.settings,
    coverageClass: input.schedule.defaultClass.service,
  });
  if (!services.ok) return services;
  let items = services.value.items;
  if (input.consumablesCsv !== undefined) {
    const consumables = importConsumables({
      csv: input.consumablesCsv,
      settings: input.settings,
      coverageClass: input.schedule.defaultClass.consumable,
    });
    if (!consumables.ok) return consumables;
    items = [...items, ...consumables.value];
  }
  return applySchedule(items, input.schedule);
}

/**
 * A release with more items (a drug list plus the region's services and consumables): a new
 * value, the input untouched. An id already in the release is refused, never overwritten.
 */
export function withItems(
  release: CatalogRelease,
  items: readonly CatalogItem[],
): Result<CatalogRelease, 'import.duplicate_item'> {
  const ids = new Set(release.items.map((i) => i.id));
  const issues: Issue<'import.duplicate_item'>[] = [];
  items.forEach((item, index) => {
    if (ids.has(item.id))
      issues.push(
        issue('import.duplicate_item', `item "${item.id}" is already in the release`, {
          path: ['items', index, 'id'],
          data: { id: item.id },
        }),
      );
    ids.add(item.id);
  });
  if (issues.length > 0) return fail(issues);
  // The primary-care formulary (基层版目录) is a list of drugs: services and consumables are
  // outside its scope, so they join it rather than needing the lead hospital's approval.
  const formulary =
    release.primaryCareFormulary === null
      ? null
      : [
          ...release.primaryCareFormulary,
          ...items.filter((i) => i.kind !== 'drug').map((i) => i.id),
        ];
  return ok({
    ...release,
    items: [...release.items, ...items],
    primaryCareFormulary: formulary,
  });
}
