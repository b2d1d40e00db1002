import {
  type CalendarDate,
  type Result,
  fail,
  issue,
  ok,
  calendarDateSchema,
  periodContains,
} from '@openpayer/domain';
import { z } from 'zod';
import { parseCsv } from '../import/csv.ts';
import { type CrosswalkEntry, crosswalkKey, crosswalkSchema } from '../lookup/crosswalk.ts';
import { type CatalogRelease, catalogReleaseSchema, releaseIdSchema } from './release.ts';

/**
 * Attaching a crosswalk (对照) to a release. Releases are never edited, so the mappings go into a
 * new dated release: the same content from `effectiveFrom` on, with the crosswalk merged in (a
 * local code mapped again takes its new national code) or, with `replace`, instead of the old one.
 * Claims dated before `effectiveFrom` still read the release they were decided against.
 */

export const CROSSWALK_ATTACH_ISSUE_CODES = [
  'crosswalk.invalid',
  'crosswalk.header_mismatch',
  'crosswalk.effective_outside_release',
] as const;
export type CrosswalkAttachIssueCode = (typeof CROSSWALK_ATTACH_ISSUE_CODES)[number];

export const crosswalkAttachmentSchema = z
  .strictObject({
    id: releaseIdSchema.meta({ description: 'Id of the new release.' }),
    title: z.string().min(1).max(300).optional(),
    effectiveFrom: calendarDateSchema.meta({
      description: 'First day the new release is in force; inside the base release’s period.',
    }),
    publishedOn: calendarDateSchema,
    mode: z
      .enum(['merge', 'replace'])
      .default('merge')
      .meta({ description: "'merge' adds to the release's crosswalk; 'replace' supersedes it." }),
    entries: crosswalkSchema,
  })
  .meta({ id: 'CrosswalkAttachment' });
export type CrosswalkAttachment = z.output<typeof crosswalkAttachmentSchema>;
export type CrosswalkAttachmentWire = z.input<typeof crosswalkAttachmentSchema>;

/** The new release: `base` with `attachment.entries` merged into (or replacing) its crosswalk. */
export function attachCrosswalk(
  base: CatalogRelease,
  attachment: CrosswalkAttachment,
): Result<CatalogRelease, CrosswalkAttachIssueCode> {
  const from: CalendarDate = attachment.effectiveFrom;
  if (!periodContains(base.effective, from)) {
    return fail([
      issue(
        'crosswalk.effective_outside_release',
        `${from} is outside release ${base.id}'s period (${base.effective.start} until before ${base.effective.end ?? 'open end'})`,
        { path: ['effectiveFrom'], data: { releaseId: base.id, effective: base.effective } },
      ),
    ]);
  }
  const merged = new Map<string, CrosswalkEntry>();
  if (attachment.mode === 'merge') {
    for (const e of base.crosswalk) merged.set(crosswalkKey(e.institutionCode, e.localCode), e);
  }
  for (const e of attachment.entries) merged.set(crosswalkKey(e.institutionCode, e.localCode), e);
  const candidate: CatalogRelease = {
    ...base,
    id: attachment.id,
    title: attachment.title ?? base.title,
    effective: { start: from, end: base.effective.end },
    publishedOn: attachment.publishedOn,
    source:
      `${base.source} + crosswalk (${String(attachment.entries.length)} entries, ${attachment.mode}) from release ${base.id}`.slice(
        0,
        1000,
      ),
    crosswalk: [...merged.values()],
  };
  // The whole release is checked again (size limits, duplicate keys) before it is offered.
  const checked = catalogReleaseSchema.safeParse(z.encode(catalogReleaseSchema, candidate));
  if (!checked.success) {
    return fail(
      checked.error.issues.map((i) =>
        issue('crosswalk.invalid', i.message, { path: i.path.map(String) }),
      ),
    );
  }
  return ok(checked.data);
}

export const CROSSWALK_COLUMNS = [
  'institutionCode',
  'localCode',
  'kind',
  'nationalCode',
  'localName',
] as const;

/**
 * A crosswalk from CSV text with a header naming the columns `institutionCode, localCode, kind,
 * nationalCode` and optionally `localName` (any order). A problem names the CSV line and column.
 */
export function crosswalkFromCsv(
  text: string,
): Result<CrosswalkEntry[], 'crosswalk.invalid' | 'crosswalk.header_mismatch'> {
  const csv = parseCsv(text);
  if (csv.issues.length > 0) {
    return fail(csv.issues.map((i) => issue('crosswalk.invalid', i.message, { path: i.path })));
  }
  const column = new Map(csv.header.map((name, index) => [name.trim(), index]));
  const missing = CROSSWALK_COLUMNS.filter((c) => c !== 'localName' && !column.has(c));
  if (missing.length > 0) {
    return fail([
      issue(
        'crosswalk.header_mismatch',
        `the crosswalk CSV has no column ${missing.join(', ')}; expected ${CROSSWALK_COLUMNS.join(', ')}`,
        { path: ['header'], data: { missing, header: csv.header } },
      ),
    ]);
  }
  const field = (fields: readonly string[], name: (typeof CROSSWALK_COLUMNS)[number]) => {
    const index = column.get(name);
    return index === undefined ? undefined : fields[index]?.trim();
  };
  const rows = csv.records.map((r) => {
    const localName = field(r.fields, 'localName');
    return {
      institutionCode: field(r.fields, 'institutionCode'),
      localCode: field(r.fields, 'localCode'),
      kind: field(r.fields, 'kind'),
      nationalCode: field(r.fields, 'nationalCode'),
      ...(localName === undefined || localName === '' ? {} : { localName }),
    };
  });
  const parsed = crosswalkSchema.safeParse(rows);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => {
        const [row, ...rest] = i.path;
        const line = typeof row === 'number' ? csv.records[row]?.line : undefined;
        return issue(
          'crosswalk.invalid',
          line === undefined ? i.message : `line ${String(line)}: ${i.message}`,
          {
            path: line === undefined ? i.path.map(String) : ['line', line, ...rest.map(String)],
          },
        );
      }),
    );
  }
  return ok(parsed.data);
}
