import { type Issue, issue } from '../issue/issue.ts';
import { type CodeIssueCode, type CodeResult, precheck, resultOf } from './common.ts';
import { type Shape, closestShape, fitsShape, shapeMismatch } from './shape.ts';

/**
 * ICD-10 医保版 (national medical-insurance edition, v1.0) diagnosis codes. The shapes below are
 * every form that occurs among the 47,101 codes of `icd10_yb_v1.csv`:
 *
 * - category `K35`, subcategory `K35.8`, national detail `K35.800`, extension (扩展码) codes
 *   `K35.800x001`, and the `x` forms `I10.x00`, `I10.x00x002`;
 * - dagger (†, written `+`) and asterisk (*) codes: `A17+`, `A06.5+`, `G01*`, `K77.0*`, and
 *   dagger-asterisk pairs naming the cause and the manifestation: `A01.001+K77.0*`;
 * - morphology (肿瘤形态学) codes `M80000/3` (behaviour after the slash), groups `M800` and
 *   ranges `M801-M804`.
 */
export type DiagnosisCodeForm =
  | 'disease'
  | 'dagger'
  | 'asterisk'
  | 'dagger_asterisk'
  | 'morphology'
  | 'morphology_group'
  | 'morphology_range';

export interface DiagnosisCode {
  readonly code: string;
  readonly form: DiagnosisCodeForm;
  /** Three-character category, e.g. `K35`, `M80` for morphology; the etiology's for a pair. */
  readonly category: string;
  /** The cause (dagger) part without its mark, or the whole code when it has no pair. */
  readonly etiology: string;
  /** The manifestation (asterisk) part without its mark, for pairs and asterisk codes. */
  readonly manifestation: string | null;
  /** True for national extension codes (an `x` segment). */
  readonly extension: boolean;
}

const SINGLE: readonly Shape[] = [
  { template: 'A99', label: 'category' },
  { template: 'A99.9', label: 'subcategory' },
  { template: 'A99.999', label: 'national detail code' },
  { template: 'A99.999x999', label: 'extension code' },
  { template: 'A99.x99', label: 'x code' },
  { template: 'A99.x99x999', label: 'x extension code' },
];
const ASTERISK: readonly Shape[] = [
  { template: 'A99*', label: 'asterisk category' },
  { template: 'A99.9*', label: 'asterisk subcategory' },
];
const MORPHOLOGY: readonly Shape[] = [
  { template: 'M99999/9', label: 'morphology code with behaviour' },
  { template: 'M999', label: 'morphology group' },
  { template: 'M999-M999', label: 'morphology range' },
];

const SHAPES: readonly Shape[] = [
  ...SINGLE,
  ...ASTERISK,
  ...SINGLE.map((s) => ({ template: `${s.template}+`, label: `dagger ${s.label}` })),
  ...SINGLE.flatMap((s) =>
    ASTERISK.map((a) => ({
      template: `${s.template}+${a.template}`,
      label: `dagger-asterisk pair`,
    })),
  ),
  ...MORPHOLOGY,
];

/** ICD-O behaviour codes after the slash: benign, uncertain, in situ, malignant, metastatic, unknown. */
const BEHAVIOURS = new Set(['0', '1', '2', '3', '6', '9']);
const WHAT = 'Diagnosis code';

export function validateDiagnosisCode(code: unknown): Issue<CodeIssueCode>[] {
  const pre = precheck(WHAT, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  const shape = SHAPES.find((s) => fitsShape(s.template, code));
  if (shape === undefined)
    return [shapeMismatch('code.diagnosis.format', WHAT, closestShape(SHAPES, code), code)];
  if (shape.template === 'M99999/9') {
    const behaviour = code.charAt(7);
    if (!BEHAVIOURS.has(behaviour)) {
      return [
        issue(
          'code.diagnosis.morphology_behaviour',
          `${WHAT} "${code}": behaviour "${behaviour}" after the slash is not an ICD-O behaviour code (0, 1, 2, 3, 6 or 9).`,
          { data: { position: 8, found: behaviour, expected: [...BEHAVIOURS] } },
        ),
      ];
    }
  }
  if (shape.template === 'M999-M999' && code.slice(0, 4) > code.slice(5)) {
    return [
      issue(
        'code.diagnosis.morphology_range',
        `${WHAT} "${code}": the range starts after it ends.`,
        {
          data: { from: code.slice(0, 4), to: code.slice(5) },
        },
      ),
    ];
  }
  return [];
}

function formOf(code: string): DiagnosisCodeForm {
  if (code.startsWith('M') && (code.includes('/') || /^M\d{3}(-M\d{3})?$/u.test(code))) {
    return code.includes('/')
      ? 'morphology'
      : code.includes('-')
        ? 'morphology_range'
        : 'morphology_group';
  }
  if (code.includes('+') && code.endsWith('*')) return 'dagger_asterisk';
  if (code.endsWith('+')) return 'dagger';
  if (code.endsWith('*')) return 'asterisk';
  return 'disease';
}

export function parseDiagnosisCode(code: unknown): CodeResult<DiagnosisCode> {
  return resultOf(validateDiagnosisCode(code), () => {
    const c = code as string;
    const form = formOf(c);
    const [cause = c, manifestation] = c.split('+');
    const etiology = form === 'asterisk' ? c.slice(0, -1) : cause;
    return {
      code: c,
      form,
      category: c.slice(0, 3),
      etiology,
      manifestation:
        form === 'asterisk' ? etiology : manifestation ? manifestation.slice(0, -1) : null,
      extension: c.includes('x'),
    };
  });
}
