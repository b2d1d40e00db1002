import { type Issue, issue } from '../issue/issue.ts';
import { type CodeIssueCode, type CodeResult, precheck, resultOf } from './common.ts';
import { type Shape, checkShape } from './shape.ts';

/**
 * 医保医用耗材编码 (national medical-consumable code).
 *
 * The first 15 characters are the classification published in the national consumable catalog
 * (`medical_consumables_20200628.csv`, column `specificationCode`): `C` + level-1, level-2 and
 * level-3 categories (2 digits each) + common name (3) + material (2) + characteristic (3).
 * A product code adds the 5-character manufacturer code (20 characters in all); a code with
 * the specification/model adds 7 more (27).
 */
export interface ConsumableClassification {
  /** The 15-character classification, e.g. `C01010100101001`. */
  readonly classification: string;
  /** Catalog code of the level-3 category, e.g. `C010101`. */
  readonly category: string;
  readonly commonName: string;
  readonly material: string;
  readonly characteristic: string;
}

export interface ConsumableCode extends ConsumableClassification {
  readonly code: string;
  readonly manufacturer: string;
  /** Specification/model part of a 27-character code, else `null`. */
  readonly specification: string | null;
}

const CLASSIFICATION: Shape = {
  template: 'C99999999999999',
  label: 'consumable classification, 15 characters',
};
const BASE: Shape = { template: 'C99999999999999BBBBB', label: 'consumable, 20 characters' };
const WITH_SPEC: Shape = {
  template: 'C99999999999999BBBBBBBBBBBB',
  label: 'consumable with specification, 27 characters',
};
const WHAT = 'Consumable code';

function checkStart(code: string): Issue<CodeIssueCode>[] {
  if (code.startsWith('C')) return [];
  return [
    issue(
      'code.consumable.type',
      `${WHAT} "${code}" starts with "${code.charAt(0)}"; a national consumable code starts with "C".`,
      {
        data: { position: 1, found: code.charAt(0), expected: 'C' },
      },
    ),
  ];
}

export function validateConsumableCode(code: unknown): Issue<CodeIssueCode>[] {
  const pre = precheck(WHAT, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  const start = checkStart(code);
  if (start.length > 0) return start;
  const shape = code.length === 20 ? BASE : code.length === 27 ? WITH_SPEC : null;
  if (shape === null) {
    return [
      issue(
        'code.consumable.length',
        `${WHAT} "${code}" has ${code.length} characters; a consumable code has 20 (classification + manufacturer) or 27 (with specification).`,
        { data: { length: code.length, expected: [20, 27] } },
      ),
    ];
  }
  return checkShape('code.consumable.format', WHAT, shape, code);
}

/** Validates the 15-character classification alone, as published in the consumable catalog. */
export function validateConsumableClassification(code: unknown): Issue<CodeIssueCode>[] {
  const what = 'Consumable classification';
  const pre = precheck(what, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  const start = checkStart(code);
  if (start.length > 0) return start;
  if (code.length !== 15) {
    return [
      issue(
        'code.consumable.length',
        `${what} "${code}" has ${code.length} characters; a consumable classification has 15.`,
        {
          data: { length: code.length, expected: 15 },
        },
      ),
    ];
  }
  return checkShape('code.consumable.format', what, CLASSIFICATION, code);
}

function classificationOf(c: string): ConsumableClassification {
  return {
    classification: c.slice(0, 15),
    category: c.slice(0, 7),
    commonName: c.slice(7, 10),
    material: c.slice(10, 12),
    characteristic: c.slice(12, 15),
  };
}

export function parseConsumableClassification(code: unknown): CodeResult<ConsumableClassification> {
  return resultOf(validateConsumableClassification(code), () => classificationOf(code as string));
}

export function parseConsumableCode(code: unknown): CodeResult<ConsumableCode> {
  return resultOf(validateConsumableCode(code), () => {
    const c = code as string;
    return {
      code: c,
      ...classificationOf(c),
      manufacturer: c.slice(15, 20),
      specification: c.length === 27 ? c.slice(20) : null,
    };
  });
}
