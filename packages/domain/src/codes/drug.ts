import { type Issue, issue } from '../issue/issue.ts';
import { type CodeIssueCode, type CodeResult, precheck, resultOf } from './common.ts';
import { type Shape, checkShape } from './shape.ts';

/**
 * 国家医保药品编码 (national medical-insurance drug code).
 *
 * - Western medicine (西药), 23 characters: `X` + 5-character classification (an ATC-style code
 *   such as `A07XA`) + 4-character generic-name code (`X061`) + 4-character dosage-form code
 *   (`N001`) + 9 digits of specification, packaging and manufacturer serial.
 * - Chinese patent medicine (中成药), 20 characters: `Z` + 5-character classification (`A04CA`)
 *   + 4-character generic-name code (`E002`) + 10 digits of specification, packaging and serial.
 *
 * Both forms occur in the national smart-review rule base (5,546 Western, 8,281 Chinese patent
 * codes in `drug_restriction_codes.csv`); the tests accept every one of them.
 */
export type DrugKind = 'western' | 'chinese_patent';

export interface DrugCode {
  readonly code: string;
  readonly kind: DrugKind;
  /** Classification, e.g. `A07XA` (Western) or `A04CA` (Chinese patent). */
  readonly classification: string;
  /** Generic-name (通用名) code, e.g. `X061`; equal across manufacturers of the same drug. */
  readonly genericName: string;
  /** Dosage-form (剂型) code, Western medicines only, e.g. `N001`. */
  readonly dosageForm: string | null;
  /** The remaining specification / packaging / manufacturer digits. */
  readonly serial: string;
}

const WESTERN: Shape = {
  template: 'XA99AAA999A999999999999',
  label: 'Western medicine, 23 characters',
};
const CHINESE_PATENT: Shape = {
  template: 'ZA99AAA9999999999999',
  label: 'Chinese patent medicine, 20 characters',
};

const WHAT = 'Drug code';

export function validateDrugCode(code: unknown): Issue<CodeIssueCode>[] {
  const pre = precheck(WHAT, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  const first = code.charAt(0);
  if (first !== 'X' && first !== 'Z') {
    return [
      issue(
        'code.drug.type',
        `${WHAT} "${code}" starts with "${first}"; a national drug code starts with "X" (Western medicine, 23 characters) or "Z" (Chinese patent medicine, 20 characters).`,
        { data: { position: 1, found: first, expected: ['X', 'Z'] } },
      ),
    ];
  }
  const shape = first === 'X' ? WESTERN : CHINESE_PATENT;
  if (code.length !== shape.template.length) {
    return [
      issue(
        'code.drug.length',
        `${WHAT} "${code}" has ${code.length} characters; a code starting with "${first}" is ${shape.label}.`,
        { data: { length: code.length, expected: shape.template.length } },
      ),
    ];
  }
  return checkShape('code.drug.format', WHAT, shape, code);
}

export function parseDrugCode(code: unknown): CodeResult<DrugCode> {
  return resultOf(validateDrugCode(code), () => {
    const c = code as string;
    const western = c.startsWith('X');
    return {
      code: c,
      kind: western ? 'western' : 'chinese_patent',
      classification: c.slice(1, 6),
      genericName: c.slice(6, 10),
      dosageForm: western ? c.slice(10, 14) : null,
      serial: western ? c.slice(14) : c.slice(10),
    };
  });
}
