import {
  type CalendarDate,
  type Issue,
  type Result,
  calendarDateSchema,
  fail,
  issue,
  issuesFromZod,
  ok,
} from '@openpayer/domain';
import { z } from 'zod';
import {
  type CatalogItem,
  type Indication,
  type Structuring,
  indicationSchema,
} from '../item/item.ts';
import { type Restriction, restrictionSchema } from '../restrictions/restriction.ts';
import { type CatalogDiff, diffReleases } from './diff.ts';
import { type CatalogRelease, type CatalogReleaseSummary, releaseIdSchema } from './release.ts';

/**
 * An administrator finishes what the importer could not (限定支付范围的人工结构化): the restricted
 * payment scope of one item, restructured by hand, published as a NEW dated release — a copy of
 * the base release with that one item changed. The base is never edited, so a claim is always
 * re-decided against what the catalog said on its service date; the new release takes effect the
 * day after its publication at the earliest, so no date already past reads differently.
 */

export const RESTRICTION_EDIT_ISSUE_CODES = [
  'catalog.item_not_found',
  'catalog.release_exists',
  'catalog.edit_effective_not_after_base',
  'catalog.edit_effective_after_base_end',
  'catalog.edit_retroactive',
  'catalog.edit_base_superseded',
  'catalog.edit_source_not_manual',
  'catalog.edit_no_change',
] as const;
export type RestrictionEditIssueCode = (typeof RESTRICTION_EDIT_ISSUE_CODES)[number];

/** What an administrator sends: the new release's header and the item's new restricted scope. */
export const restrictionEditSchema = z
  .strictObject({
    releaseId: releaseIdSchema.meta({ description: 'The id of the new release.' }),
    effectiveFrom: calendarDateSchema.meta({
      description:
        'First day the new release is in force: after the base release’s start and after its publication (no edit of the past).',
    }),
    title: z.string().trim().min(1).max(300).optional().meta({
      description: 'Title of the new release; default: the base title with the edit’s date.',
    }),
    note: z.string().trim().min(1).max(2000).meta({
      description: 'Why the restrictions were changed (kept with the author in the edit record).',
    }),
    restrictions: z.array(restrictionSchema).max(50).meta({
      description:
        'Restrictions that must all hold. New or changed ones carry `source: "manual"`; one kept as the importer read it keeps its source.',
    }),
    indications: z
      .array(indicationSchema)
      .max(50)
      .default([])
      .meta({ description: 'Alternatives (any one must hold); empty = none.' }),
    unparsed: z
      .array(z.string().trim().min(1).max(2000))
      .max(50)
      .default([])
      .meta({ description: 'Fragments of the published text still not structured.' }),
  })
  .meta({ id: 'CatalogRestrictionEdit' });
export type RestrictionEdit = z.output<typeof restrictionEditSchema>;
export type RestrictionEditWire = z.input<typeof restrictionEditSchema>;

/** Who publishes the edit, and when: recorded with it, never taken from the request body. */
export interface RestrictionEditContext {
  /** The base release (the one the administrator looked at). */
  readonly base: CatalogRelease;
  readonly itemId: string;
  /** The principal publishing the edit (its id). */
  readonly author: string;
  /** The publication date (today, in the policy time zone). */
  readonly publishedOn: CalendarDate;
  /**
   * Headers of the other stored releases: an edit of a release that a later one of the same region
   * already replaces from the same date or earlier is refused (it would silently undo that one).
   */
  readonly others?: readonly CatalogReleaseSummary[];
}

/** The edit record kept beside the new release. */
export interface RestrictionEditRecord {
  readonly releaseId: string;
  readonly baseReleaseId: string;
  readonly itemId: string;
  readonly author: string;
  readonly note: string;
  readonly publishedOn: CalendarDate;
}

export interface RestrictionEditOutcome {
  readonly release: CatalogRelease;
  readonly record: RestrictionEditRecord;
  readonly diff: CatalogDiff;
}

/** JSON with sorted object keys: the same restriction however its keys were ordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** A restriction without its provenance: what it requires, and the text it was read from. */
const requirementOf = (r: Restriction) => canonical({ ...r, source: null });

/**
 * How much of the text is structured now: nothing to structure, all of it, part of it, or none
 * (the same states the importer reports).
 */
export function structuringOf(
  restrictionText: string | null,
  restrictions: readonly Restriction[],
  indications: readonly Indication[],
  unparsed: readonly string[],
): Structuring {
  const structured = restrictions.length > 0 || indications.length > 0;
  if (unparsed.length > 0) return structured ? 'partial' : 'unparsed';
  if (!structured && (restrictionText === null || restrictionText.trim() === '')) {
    return 'none_needed';
  }
  return 'complete';
}

/**
 * Restrictions not read by the importer must say an administrator wrote them: any restriction
 * whose source is not `manual` must be one the base item already had (same requirement and text).
 */
function provenanceIssues(before: CatalogItem, edit: RestrictionEdit): Issue[] {
  const known = new Map<string, Set<string>>();
  const remember = (r: Restriction) => {
    const key = requirementOf(r);
    const sources = known.get(key) ?? new Set<string>();
    sources.add(r.source);
    known.set(key, sources);
  };
  before.restrictions.forEach(remember);
  before.indications.forEach((i) => {
    i.restrictions.forEach(remember);
  });
  const found: Issue[] = [];
  const check = (r: Restriction, path: (string | number)[]) => {
    if (r.source === 'manual' || known.get(requirementOf(r))?.has(r.source) === true) return;
    found.push(
      issue(
        'catalog.edit_source_not_manual',
        `a restriction the importer did not read this way must have source "manual", not "${r.source}"`,
        { path: [...path, 'source'], data: { source: r.source } },
      ),
    );
  };
  edit.restrictions.forEach((r, i) => {
    check(r, ['restrictions', i]);
  });
  edit.indications.forEach((ind, i) => {
    ind.restrictions.forEach((r, j) => {
      check(r, ['indications', i, 'restrictions', j]);
    });
  });
  return found;
}

function dateIssues(context: RestrictionEditContext, edit: RestrictionEdit): Issue[] {
  const { base, publishedOn } = context;
  const from = edit.effectiveFrom;
  const found: Issue[] = [];
  const at = { path: ['effectiveFrom'] };
  if (from <= base.effective.start) {
    found.push(
      issue(
        'catalog.edit_effective_not_after_base',
        `the new release must start after ${base.id} starts (${base.effective.start}), not on ${from}`,
        { ...at, data: { baseStart: base.effective.start } },
      ),
    );
  }
  if (base.effective.end !== null && from >= base.effective.end) {
    found.push(
      issue(
        'catalog.edit_effective_after_base_end',
        `${base.id} is in force until ${base.effective.end} (exclusive); the new release must start before`,
        { ...at, data: { baseEnd: base.effective.end } },
      ),
    );
  }
  if (from <= publishedOn) {
    found.push(
      issue(
        'catalog.edit_retroactive',
        `a release published on ${publishedOn} takes effect the day after at the earliest: dates already past keep what the catalog said`,
        { ...at, data: { publishedOn } },
      ),
    );
  }
  for (const other of context.others ?? []) {
    if (
      other.id !== base.id &&
      other.region === base.region &&
      other.effective.start > base.effective.start &&
      other.effective.start <= from
    ) {
      found.push(
        issue(
          'catalog.edit_base_superseded',
          `release ${other.id} replaces ${base.id} from ${other.effective.start}; edit ${other.id} instead`,
          { ...at, data: { releaseId: other.id, start: other.effective.start } },
        ),
      );
    }
  }
  return found;
}

/**
 * The new release: the base with one item's restrictions, indications, unparsed fragments and
 * structuring replaced, in force from `effectiveFrom` to the base's end; or the issues naming the
 * fields that prevent it. The base release is not changed.
 */
export function editRestrictions(
  context: RestrictionEditContext,
  input: RestrictionEditWire,
): Result<RestrictionEditOutcome, RestrictionEditIssueCode | `schema.${string}`> {
  const parsed = restrictionEditSchema.safeParse(input);
  if (!parsed.success) return fail(issuesFromZod(parsed.error) as Issue<`schema.${string}`>[]);
  const edit = parsed.data;
  const { base, itemId, author, publishedOn } = context;

  const index = base.items.findIndex((item) => item.id === itemId);
  const before = base.items[index];
  if (before === undefined) {
    return fail([
      issue('catalog.item_not_found', `no item ${itemId} in ${base.id}`, {
        path: ['itemId'],
        data: { releaseId: base.id, itemId },
      }),
    ]);
  }
  const found: Issue<RestrictionEditIssueCode>[] = [];
  if (edit.releaseId === base.id || context.others?.some((o) => o.id === edit.releaseId)) {
    found.push(
      issue(
        'catalog.release_exists',
        `catalog release "${edit.releaseId}" exists; the new release needs an id of its own`,
        { path: ['releaseId'], data: { releaseId: edit.releaseId } },
      ),
    );
  }
  found.push(...(dateIssues(context, edit) as Issue<RestrictionEditIssueCode>[]));
  found.push(...(provenanceIssues(before, edit) as Issue<RestrictionEditIssueCode>[]));

  const after: CatalogItem = {
    ...before,
    restrictions: edit.restrictions,
    indications: edit.indications,
    unparsed: edit.unparsed,
    structuring: structuringOf(
      before.restrictionText,
      edit.restrictions,
      edit.indications,
      edit.unparsed,
    ),
  };
  const view = (item: CatalogItem) =>
    canonical([item.restrictions, item.indications, item.unparsed, item.structuring]);
  if (view(after) === view(before)) {
    found.push(
      issue(
        'catalog.edit_no_change',
        `the restrictions of ${itemId} are as ${base.id} has them; nothing to publish`,
        {
          path: ['restrictions'],
        },
      ),
    );
  }
  if (found.length > 0) return fail(found);

  const items = base.items.slice();
  items[index] = after;
  const release: CatalogRelease = {
    ...base,
    id: edit.releaseId,
    title: edit.title ?? `${base.title} (restrictions edited ${edit.effectiveFrom})`.slice(0, 300),
    effective: { start: edit.effectiveFrom, end: base.effective.end },
    publishedOn,
    source: `edit of ${base.id} by ${author}: restrictions of ${itemId}`.slice(0, 1000),
    items,
  };
  return ok({
    release,
    record: {
      releaseId: release.id,
      baseReleaseId: base.id,
      itemId,
      author,
      note: edit.note,
      publishedOn,
    },
    diff: diffReleases(base, release),
  });
}
