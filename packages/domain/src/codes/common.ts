import { type Issue, issue } from '../issue/issue.ts';
import { type Result, fail, ok } from '../issue/result.ts';

/** Every issue code a code validator can produce. Stable; messages may be reworded. */
export const CODE_ISSUE_CODES = [
  'code.not_string',
  'code.empty',
  'code.whitespace',
  'code.full_width',
  'code.non_ascii',
  'code.drug.type',
  'code.drug.length',
  'code.drug.format',
  'code.service.length',
  'code.service.format',
  'code.consumable.type',
  'code.consumable.length',
  'code.consumable.format',
  'code.diagnosis.format',
  'code.diagnosis.morphology_behaviour',
  'code.diagnosis.morphology_range',
  'code.procedure.format',
] as const;
export type CodeIssueCode = (typeof CODE_ISSUE_CODES)[number];

export type CodeResult<T> = Result<T, CodeIssueCode>;

/**
 * Checks every national code shares: a non-empty string of printable ASCII with no whitespace.
 * Full-width characters (common when codes are typed with a Chinese IME) get their own code and
 * the ASCII character to use instead.
 */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/u;

export function precheck(what: string, code: unknown): Issue<CodeIssueCode>[] {
  if (typeof code !== 'string') {
    return [
      issue(
        'code.not_string',
        `${what} must be a string, got ${code === null ? 'null' : typeof code}.`,
      ),
    ];
  }
  if (code.length === 0) return [issue('code.empty', `${what} is empty.`)];
  // The usual case in one test: printable ASCII has no whitespace, full-width or other characters.
  if (PRINTABLE_ASCII.test(code)) return [];
  for (let i = 0; i < code.length; i++) {
    const c = code.charAt(i);
    const point = c.charCodeAt(0);
    if (/\s/u.test(c)) {
      const where = i === 0 ? 'leading ' : i === code.length - 1 ? 'trailing ' : '';
      return [
        issue(
          'code.whitespace',
          `${what} "${code}" has ${where}whitespace at character ${i + 1}; codes contain no spaces.`,
          {
            data: { position: i + 1 },
          },
        ),
      ];
    }
    if (point >= 0xff01 && point <= 0xff5e) {
      const ascii = String.fromCharCode(point - 0xfee0);
      return [
        issue(
          'code.full_width',
          `${what} "${code}" has the full-width character "${c}" at character ${i + 1}; use the ASCII "${ascii}".`,
          {
            data: { position: i + 1, found: c, suggestion: ascii },
          },
        ),
      ];
    }
    if (point < 0x21 || point > 0x7e) {
      return [
        issue(
          'code.non_ascii',
          `${what} "${code}" has the non-ASCII character "${c}" at character ${i + 1}.`,
          {
            data: { position: i + 1, found: c },
          },
        ),
      ];
    }
  }
  return [];
}

export function resultOf<T>(
  issues: readonly Issue<CodeIssueCode>[],
  value: () => T,
): CodeResult<T> {
  return issues.length > 0 ? fail(issues) : ok(value());
}
