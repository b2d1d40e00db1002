import { z } from 'zod';

/**
 * What a rule-base import did, machine-readable: per file and per restriction type (or duplicate
 * frequency) how many rows there were, how many went into rules and how many were skipped, and
 * how many rules came out; every skipped row with its file, line, reason code and message. For
 * every file and type, imported + skipped = rows.
 */

export const RULE_BASE_FILES = [
  'drug_restrictions.csv',
  'drug_restriction_codes.csv',
  'item_restrictions.csv',
  'item_duplicate_charges.csv',
] as const;
export type RuleBaseFile = (typeof RULE_BASE_FILES)[number];

export const SKIP_REASONS = [
  /** The row has more or fewer fields than the header. */
  'malformed_row',
  /** A restriction type the importer does not know. */
  'unknown_type',
  /** A value the settings' vocabulary does not know (e.g. a sex other than 男 / 女). */
  'unknown_value',
  /** A field the rule needs is empty. */
  'missing_value',
  /** Not a national drug code / not a 15-digit service code. */
  'bad_code',
  /** A number (limit, period) that is not a positive number. */
  'bad_number',
  /** The same rule (or item of a rule) again. */
  'duplicate_row',
  /** A drug code row whose rule is not imported (absent or skipped). */
  'no_rule',
  /** A drug rule for which the code file lists no codes. */
  'no_codes',
  /** 限定年龄 text that gives no age bound in years (法定就业年龄). */
  'age_not_computable',
  /** 限定疗程 text that gives no course in days (支付不超过一年). */
  'course_without_days',
  /** A 限定频次 unit that is neither per day nor a period of days. */
  'frequency_unit_unsupported',
  /** A 重复收费 frequency with no rule window (6小时, 同一小时). */
  'window_unsupported',
  /** A duplicate pair of an item with itself. */
  'self_pair',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const count = z.int().min(0);

export const tallySchema = z.strictObject({ rows: count, imported: count, skipped: count });
export type Tally = z.output<typeof tallySchema>;

export const skippedRowSchema = z.strictObject({
  file: z.enum(RULE_BASE_FILES),
  line: z.int().min(1),
  reason: z.enum(SKIP_REASONS),
  message: z.string(),
});
export type SkippedRow = z.output<typeof skippedRowSchema>;

const fileTallySchema = tallySchema.extend({
  rules: count,
  byType: z.record(z.string(), tallySchema.extend({ rules: count })),
});

export const ruleBaseReportSchema = z
  .strictObject({
    files: z.record(z.enum(RULE_BASE_FILES), fileTallySchema),
    rules: z.strictObject({
      total: count,
      byKind: z.record(z.string(), count),
    }),
    skipped: z.array(skippedRowSchema),
  })
  .meta({ id: 'RuleBaseImportReport' });
export type RuleBaseReport = z.output<typeof ruleBaseReportSchema>;
