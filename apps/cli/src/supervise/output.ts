import { type Finding, type Issue, findingSchema, issueSchema } from '@openpayer/domain';
import { z } from 'zod';

/**
 * The lines `openpayer supervise` writes (NDJSON, in input order): one per finding, and one per
 * input line that is not a valid claim (the batch goes on, as `settle` does). One schema per wire
 * shape: tests and readers decode the output with these.
 */

/** A finding of the post-payment review, with the claim it was found on. */
export const superviseFindingLineSchema = z.strictObject({
  claimId: z.string(),
  /** The institution's code (claim.institution.code). */
  institution: z.string(),
  personId: z.string(),
  /** The finding's lines (the same as finding.lineIds), at the top for grep and jq. */
  lineIds: z.array(z.string()).readonly(),
  finding: findingSchema,
});
export type SuperviseFindingLine = z.output<typeof superviseFindingLineSchema>;
export type SuperviseFindingLineWire = z.input<typeof superviseFindingLineSchema>;

/** An input line that could not be reviewed: not JSON, or not a valid claim. */
export const superviseErrorLineSchema = z.strictObject({
  /** The input line (1-based). */
  line: z.int().min(1),
  ok: z.literal(false),
  issues: z.array(issueSchema).min(1),
});
export type SuperviseErrorLine = z.output<typeof superviseErrorLineSchema>;

export const superviseLineSchema = z.union([superviseFindingLineSchema, superviseErrorLineSchema]);

/**
 * The text of a finding line (JSON, no newline). Written field by field rather than through
 * superviseFindingLineSchema.encode: about 4 µs a line against 18 µs (measured on one finding,
 * 200,000 times); a test holds the two to the same bytes.
 */
export function findingLineText(
  claim: {
    readonly id: string;
    readonly institution: { readonly code: string };
    readonly person: { readonly id: string };
  },
  finding: Finding,
): string {
  const line: SuperviseFindingLineWire = {
    claimId: claim.id,
    institution: claim.institution.code,
    personId: claim.person.id,
    lineIds: [...finding.lineIds],
    // The finding's wire form is its output (no codecs), in the schema's field order.
    finding: {
      rule: {
        ruleSet: finding.rule.ruleSet,
        code: finding.rule.code,
        version: finding.rule.version,
        name: finding.rule.name,
      },
      category: finding.category,
      stage: finding.stage,
      severity: finding.severity,
      resultType: finding.resultType,
      action: finding.action,
      lineIds: [...finding.lineIds],
      evidence: finding.evidence,
      explanation: { zh: finding.explanation.zh, en: finding.explanation.en },
    },
  };
  return JSON.stringify(line);
}

/** The text of an error line (JSON, no newline). */
export function errorLineText(line: number, issues: readonly Issue[]): string {
  const value: SuperviseErrorLine = {
    line,
    ok: false,
    issues: issues.map((i) => ({ ...i, path: [...i.path] })),
  };
  return JSON.stringify(value);
}

/**
 * What the summary counts, per claim, as tally keys: a finding as `rule code \t action`, an
 * input line in error as `\u0000` + its first error code.
 */
export const ERROR_KEY = '\u0000';

export function findingKey(finding: Finding): string {
  return `${finding.rule.code}\t${finding.action}`;
}

/** The running counts of a run (and of a checkpoint). */
export const superviseTotalsSchema = z.strictObject({
  claims: z.int().min(0),
  reviewed: z.int().min(0),
  failed: z.int().min(0),
  findings: z.int().min(0),
  /** `rule code \t action` → findings. */
  byRule: z.record(z.string(), z.int().min(0)),
  /** Issue code → input lines in error with it. */
  issues: z.record(z.string(), z.int().min(0)),
});
export type SuperviseTotals = z.output<typeof superviseTotalsSchema>;

export function emptySuperviseTotals(): SuperviseTotals {
  return { claims: 0, reviewed: 0, failed: 0, findings: 0, byRule: {}, issues: {} };
}
