import type { Issue } from '../issue/issue.ts';
import { type CodeIssueCode, type CodeResult, precheck, resultOf } from './common.ts';
import { type Shape, closestShape, fitsShape, shapeMismatch } from './shape.ts';

/**
 * ICD-9-CM-3 医保版 (v1.0) procedure codes. The shapes are every form among the 17,552 codes of
 * `icd9cm3_yb_v1.csv`: `60.5`, `60.21`, `60.5x02`, `36.0601`, `17.91100`, `17.912A0`, and the
 * extension forms `36.0601x001`, `60.2x01x001`, `00.661x0001`.
 */
export interface ProcedureCode {
  readonly code: string;
  /** Two-digit category, e.g. `60` (operations on prostate and seminal vesicles). */
  readonly category: string;
  /** True for national extension codes (an `x` segment). */
  readonly extension: boolean;
}

const SHAPES: readonly Shape[] = [
  { template: '99.9', label: 'subcategory' },
  { template: '99.99', label: 'detail code' },
  { template: '99.9999', label: 'national detail code' },
  { template: '99.99999', label: 'national detail code, 5 digits' },
  { template: '99.999A9', label: 'lettered national code' },
  { template: '99.9x99', label: 'x code' },
  { template: '99.9999x999', label: 'extension code' },
  { template: '99.9x99x999', label: 'x extension code' },
  { template: '99.999x9999', label: 'extension code, 4 digits' },
];
const WHAT = 'Procedure code';

export function validateProcedureCode(code: unknown): Issue<CodeIssueCode>[] {
  const pre = precheck(WHAT, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  if (SHAPES.some((s) => fitsShape(s.template, code))) return [];
  return [shapeMismatch('code.procedure.format', WHAT, closestShape(SHAPES, code), code)];
}

export function parseProcedureCode(code: unknown): CodeResult<ProcedureCode> {
  return resultOf(validateProcedureCode(code), () => {
    const c = code as string;
    return { code: c, category: c.slice(0, 2), extension: c.includes('x') };
  });
}
