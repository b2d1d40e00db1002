import {
  type CalendarDate,
  type RegionCode,
  type Result,
  EngineError,
  fail,
  issue,
  ok,
  calendarDateSchema,
  periodContains,
  periodSchema,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { catalogItemSchema, codeRestrictionSchema, substitutionGroupSchema } from '../item/item.ts';
import { crosswalkSchema } from '../lookup/crosswalk.ts';

/**
 * What the decision does with a line whose item has restriction text the importer could not
 * read (`unparsed`), chosen by the fund per release: `flag` decides on what was read and flags
 * the line for review naming the fragments; `hold` holds the line for a reviewer (not paid until
 * reviewed); `self_pay` leaves the line to the patient. Never a silent payment.
 */
export const UNPARSED_RESTRICTION_OUTCOMES = ['flag', 'hold', 'self_pay'] as const;
export type UnparsedRestrictionOutcome = (typeof UNPARSED_RESTRICTION_OUTCOMES)[number];

/**
 * A catalog release (目录版本): a dated, regional, immutable list. A dynamic adjustment (items in
 * and out, a new price, a new restriction) is a new release; the past is never edited, so a
 * claim can always be re-decided against what the catalog said on its service date.
 */
/** A release's id, as it appears in URLs and settlements' versions. */
export const releaseIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/u, { error: 'release id must be letters, digits and . _ : -' })
  .meta({ example: 'nrdl-2024' });

export const catalogReleaseSchema = z
  .strictObject({
    id: releaseIdSchema,
    title: z.string().min(1).max(300),
    region: regionCodeSchema
      .nullable()
      .meta({ description: 'Region (统筹区) the release applies to; null = national.' }),
    effective: periodSchema.meta({ description: 'When the release is in force (half-open).' }),
    publishedOn: calendarDateSchema,
    source: z.string().max(1000).meta({ description: 'Where the content came from.' }),
    items: z.array(catalogItemSchema).max(200_000),
    codeRestrictions: z.array(codeRestrictionSchema).max(500_000).default([]),
    primaryCareFormulary: z
      .array(z.string().min(1).max(300))
      .max(200_000)
      .nullable()
      .default(null)
      .meta({
        description: 'Item ids primary institutions may prescribe (基层版目录); null = no limit.',
      }),
    substitutionGroups: z.array(substitutionGroupSchema).max(50_000).default([]),
    unparsedRestrictions: z.enum(UNPARSED_RESTRICTION_OUTCOMES).default('flag').meta({
      description:
        "A line whose item has restriction text the importer could not read: 'flag' = decide on what was read and flag it for review, 'hold' = hold it for review, 'self_pay' = the patient pays it.",
    }),
    crosswalk: crosswalkSchema.default([]).meta({
      description:
        "Hospital codes (院内码) mapped to national codes (对照) for this release's claims.",
    }),
  })
  .superRefine((release, ctx) => {
    const seen = new Set<string>();
    release.items.forEach((item, index) => {
      if (seen.has(item.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `item id "${item.id}" appears twice`,
          path: ['items', index, 'id'],
        });
      }
      seen.add(item.id);
    });
    const known = (id: string) => seen.has(id);
    release.primaryCareFormulary?.forEach((id, index) => {
      if (!known(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `formulary names unknown item "${id}"`,
          path: ['primaryCareFormulary', index],
        });
      }
    });
    release.substitutionGroups.forEach((group, g) => {
      group.itemIds.forEach((id, index) => {
        if (!known(id)) {
          ctx.addIssue({
            code: 'custom',
            message: `substitution group names unknown item "${id}"`,
            path: ['substitutionGroups', g, 'itemIds', index],
          });
        }
      });
    });
  })
  .meta({ id: 'CatalogRelease' });
export type CatalogRelease = z.output<typeof catalogReleaseSchema>;
export type CatalogReleaseWire = z.input<typeof catalogReleaseSchema>;

/** The header of a release without its items, for listings. */
export type CatalogReleaseSummary = Pick<
  CatalogRelease,
  'id' | 'title' | 'region' | 'effective' | 'publishedOn' | 'source'
> & { readonly itemCount: number };

export function summarizeRelease(release: CatalogRelease): CatalogReleaseSummary {
  const { id, title, region, effective, publishedOn, source } = release;
  return { id, title, region, effective, publishedOn, source, itemCount: release.items.length };
}

/** Whether a release applies to `region`: national, the region itself, or its province / city. */
export function releaseCoversRegion(release: CatalogRelease, region: RegionCode): boolean {
  const own = release.region;
  if (own === null || own === region) return true;
  if (own.endsWith('0000')) return own.slice(0, 2) === region.slice(0, 2);
  if (own.endsWith('00')) return own.slice(0, 4) === region.slice(0, 4);
  return false;
}

/** How specific a release is: a city's release beats its province's, which beats the national one. */
function specificity(release: CatalogRelease): number {
  const own = release.region;
  if (own === null) return 0;
  if (own.endsWith('0000')) return 1;
  if (own.endsWith('00')) return 2;
  return 3;
}

/**
 * The releases of every region and date, coexisting. `at(date, region)` answers "what did the
 * catalog say on date D in region R": the most specific release covering R in force on D, the
 * latest-starting one when several are.
 */
export class CatalogRegistry {
  private readonly byId = new Map<string, CatalogRelease>();

  constructor(releases: readonly CatalogRelease[] = []) {
    for (const release of releases) {
      const added = this.add(release);
      if (!added.ok) throw new EngineError('invalid_argument', added.issues[0]?.message ?? '');
    }
  }

  /** Adds a release. A second release with an existing id is refused: releases are never edited. */
  add(release: CatalogRelease): Result<CatalogRelease, 'catalog.release_exists'> {
    if (this.byId.has(release.id)) {
      return fail([
        issue(
          'catalog.release_exists',
          `catalog release "${release.id}" exists; publish changes as a new release`,
          { path: ['id'], data: { releaseId: release.id } },
        ),
      ]);
    }
    this.byId.set(release.id, release);
    return ok(release);
  }

  get(id: string): CatalogRelease | undefined {
    return this.byId.get(id);
  }

  list(): CatalogReleaseSummary[] {
    return [...this.byId.values()]
      .sort((a, b) =>
        a.effective.start === b.effective.start
          ? a.id.localeCompare(b.id)
          : a.effective.start < b.effective.start
            ? -1
            : 1,
      )
      .map(summarizeRelease);
  }

  at(date: CalendarDate, region: RegionCode): CatalogRelease | undefined {
    let best: CatalogRelease | undefined;
    for (const release of this.byId.values()) {
      if (!periodContains(release.effective, date) || !releaseCoversRegion(release, region))
        continue;
      if (
        best === undefined ||
        specificity(release) > specificity(best) ||
        (specificity(release) === specificity(best) &&
          release.effective.start > best.effective.start)
      ) {
        best = release;
      }
    }
    return best;
  }
}
