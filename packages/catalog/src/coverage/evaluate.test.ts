import { type CalendarDate, Decimal, type Evidence } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { lungCancerClaim } from '../__fixtures__/nrdl.ts';
import {
  type Restriction,
  canonicalVariants,
  restrictionSchema,
} from '../restrictions/restriction.ts';
import {
  type EvaluationSubject,
  type UsageHistory,
  claimFacts,
  evaluateRestriction,
} from './evaluate.ts';

const base = lungCancerClaim();

function subject(
  options: {
    readonly diagnoses?: string[];
    readonly evidence?: Evidence[];
    readonly lines?: string[];
    readonly quantity?: string;
    readonly history?: UsageHistory;
    readonly tier?: EvaluationSubject['tier'];
  } = {},
): EvaluationSubject {
  return {
    person: base.person,
    tier: options.tier ?? 'tertiary',
    claim: claimFacts({
      type: 'outpatient',
      diagnoses: (options.diagnoses ?? ['C34.900']).map((code) => ({ code })),
      evidence: options.evidence ?? [],
      lines: (options.lines ?? ['达可替尼片']).map((name) => ({ name })),
    }),
    line: {
      date: '2025-04-10' as CalendarDate,
      quantity: new Decimal(options.quantity ?? '1'),
      approved: false,
      history: options.history,
      itemId: 'item',
    },
  };
}

const result = (r: Restriction, s: EvaluationSubject) => {
  const e = evaluateRestriction(r, s);
  return [e.result, e.code];
};
const date = '2025-03-01' as CalendarDate;
const egfr = (variant?: string): Evidence =>
  variant === undefined
    ? { kind: 'biomarker', test: 'EGFR', result: 'positive', date }
    : { kind: 'biomarker', test: 'EGFR', result: 'positive', variant, date };

describe('canonicalVariants', () => {
  it('spells the list’s Chinese and a claim’s English the same way', () => {
    expect(canonicalVariants('19号外显子缺失突变或21号外显子L858R置换突变')).toEqual([
      'EXON19DEL',
      'L858R',
    ]);
    expect(canonicalVariants('exon 19 deletion')).toEqual(['EXON19DEL']);
    expect(canonicalVariants('ex19del')).toEqual(['EXON19DEL']);
    expect(canonicalVariants('20号外显子插入')).toEqual(['EXON20INS']);
    expect(canonicalVariants('Exon 20 insertion')).toEqual(['EXON20INS']);
    expect(canonicalVariants('MET exon 14 skipping')).toEqual(['EXON14SKIP']);
    expect(canonicalVariants('EGFR T790M')).toEqual(['T790M']);
    expect(canonicalVariants('BRAF V600E')).toEqual(['V600E']);
    expect(canonicalVariants('ALK rearrangement')).toEqual(['FUSION']);
    expect(canonicalVariants('FLT3-ITD')).toEqual(['ITD']);
    expect(canonicalVariants('FLT3-TKD')).toEqual(['TKD']);
    // Short spellings and shorthand lists (probe 33): 19del, del19, Ex19del/L858R, V600E/K.
    expect(canonicalVariants('EGFR 19del/L858R')).toEqual(['EXON19DEL', 'L858R']);
    expect(canonicalVariants('del19或L858R')).toEqual(['EXON19DEL', 'L858R']);
    expect(canonicalVariants('Ex19del/L858R')).toEqual(['EXON19DEL', 'L858R']);
    expect(canonicalVariants('BRAF V600E/K')).toEqual(['V600E', 'V600K']);
    // An in-frame deletion by residues is none of these (left for a reviewer).
    expect(canonicalVariants('E746_A750del')).toEqual([]);
    // Not inside a word (a hypothetical "EDITD" names no duplication).
    expect(canonicalVariants('EDITD')).toEqual([]);
    expect(canonicalVariants('阳性')).toEqual([]);
  });

  it('reads an exon number written without 号, but not the digit of a gene name', () => {
    expect(canonicalVariants('EGFR19外显子缺失或21外显子L858R置换突变')).toEqual([
      'EXON19DEL',
      'L858R',
    ]);
    expect(canonicalVariants('MET14外显子跳跃')).toEqual(['EXON14SKIP']);
    expect(canonicalVariants('HER2外显子20插入')).toEqual(['EXON20INS']);
  });
});

describe('evaluateRestriction: variants', () => {
  const exon20: Restriction = {
    kind: 'evidence',
    source: 'nrdl',
    text: 'EGFR20号外显子插入突变',
    test: 'EGFR',
    result: 'positive',
    variants: ['EXON20INS'],
  };
  it('does not cover an L858R patient with an exon 20 insertion drug', () => {
    expect(result(exon20, subject({ evidence: [egfr('L858R')] }))).toEqual([
      'not_met',
      'restriction.evidence.variant_mismatch',
    ]);
    expect(result(exon20, subject({ evidence: [egfr('exon 20 insertion')] }))).toEqual([
      'met',
      'restriction.met',
    ]);
  });
  it('cannot tell when the claim names no variant, and V600 is met by V600E', () => {
    expect(result(exon20, subject({ evidence: [egfr()] }))).toEqual([
      'cannot_tell',
      'restriction.evidence.variant_unknown',
    ]);
    const v600: Restriction = { ...exon20, test: 'BRAF', variants: ['V600'] };
    expect(
      result(
        v600,
        subject({
          evidence: [
            { kind: 'biomarker', test: 'BRAF', result: 'positive', variant: 'V600E', date },
          ],
        }),
      ),
    ).toEqual(['met', 'restriction.met']);
  });
});

describe('evaluateRestriction: diagnosis histology', () => {
  const nsclc: Restriction = {
    kind: 'diagnosis',
    source: 'nrdl',
    text: '非小细胞肺癌',
    conditions: ['非小细胞肺癌'],
    icdPrefixes: ['C34'],
    histology: [{ prefix: 'C34', confirm: ['M8046', 'M814'], exclude: ['M8041'] }],
  };
  it('cannot tell NSCLC from C34 alone; a morphology code decides', () => {
    expect(result(nsclc, subject())).toEqual([
      'cannot_tell',
      'restriction.diagnosis.histology_unknown',
    ]);
    expect(result(nsclc, subject({ diagnoses: ['C34.900', 'M81400/3'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(nsclc, subject({ diagnoses: ['C34.900', 'M80410/3'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.histology_contrary',
    ]);
    expect(result(nsclc, subject({ diagnoses: ['C50.900'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
  });
});

describe('evaluateRestriction: a site code with histology beside whole morphology codes', () => {
  // 肾细胞癌 as the dictionary reads it: C64 with an RCC morphology, or an RCC morphology anywhere.
  const rcc = restrictionSchema.parse({
    kind: 'diagnosis',
    source: 'nrdl',
    text: '肾细胞癌',
    conditions: ['肾细胞癌'],
    icdPrefixes: ['C64', 'M83120/3'],
    histology: [{ prefix: 'C64', confirm: ['M831', 'M826'], exclude: ['M896'] }],
  });
  it('tells RCC from nephroblastoma at C64, and reads the RCC morphology on its own', () => {
    expect(result(rcc, subject({ diagnoses: ['C64.x00', 'M83100/3'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(rcc, subject({ diagnoses: ['C64.x00', 'M89600/3'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.histology_contrary',
    ]);
    expect(result(rcc, subject({ diagnoses: ['C64.x00'] }))[0]).toBe('cannot_tell');
    expect(result(rcc, subject({ diagnoses: ['C79.000', 'M83120/3'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
  });
});

describe('evaluateRestriction: a code exactly', () => {
  const essential = restrictionSchema.parse({
    kind: 'diagnosis',
    source: 'nrdl',
    text: '原发性高血压',
    conditions: ['原发性高血压'],
    icdPrefixes: ['=I10.x00', 'I10.x00x008'],
  });
  it('meets on the code and its listed extensions, not on the others', () => {
    expect(result(essential, subject({ diagnoses: ['I10.x00'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(essential, subject({ diagnoses: ['I10.x00x008'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    // 白大衣高血压 is an extension of I10.x00, not essential hypertension.
    expect(result(essential, subject({ diagnoses: ['I10.x00x016'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
  });
});

describe('evaluateRestriction: a morphology code that names the condition', () => {
  // 黑色素瘤 as the condition dictionary reads it: cutaneous (C43), or any site with a malignant
  // melanoma morphology (a mucosal melanoma is coded by its site).
  const melanoma = restrictionSchema.parse({
    kind: 'diagnosis',
    source: 'nrdl',
    text: '不可切除或转移性黑色素瘤',
    conditions: ['黑色素瘤'],
    icdPrefixes: ['C43', 'M87200/3', 'M87200/6'],
  });
  it('meets 黑色素瘤 with a rectal cancer code and a melanoma morphology, not with the site alone', () => {
    expect(result(melanoma, subject({ diagnoses: ['C43.500'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(melanoma, subject({ diagnoses: ['C20.x00', 'M87200/3'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(melanoma, subject({ diagnoses: ['C20.x00', 'M81400/3'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
    // In situ (/2) is not a malignant melanoma.
    expect(result(melanoma, subject({ diagnoses: ['D03.500', 'M87200/2'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
  });
});

describe('evaluateRestriction: diagnosis extension codes', () => {
  const diagnosis = (icdPrefixes: string[]): Restriction =>
    restrictionSchema.parse({
      kind: 'diagnosis',
      source: 'nrdl',
      text: '肾性贫血',
      conditions: ['肾性贫血'],
      icdPrefixes,
    });
  it('accepts an extension code (D64.900x005) as a prefix and matches a claim by prefix', () => {
    const renalAnaemia = diagnosis(['D64.900x005']);
    expect(result(renalAnaemia, subject({ diagnoses: ['D64.900x005'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    // A sibling extension code or the bare code does not denote 肾性贫血.
    expect(result(renalAnaemia, subject({ diagnoses: ['D64.900x001'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
    expect(result(renalAnaemia, subject({ diagnoses: ['D64.900'] }))).toEqual([
      'not_met',
      'restriction.diagnosis.no_matching_diagnosis',
    ]);
    // A broader prefix still covers the extension code.
    for (const prefix of ['D64.9', 'D64.900', 'D64'])
      expect(result(diagnosis([prefix]), subject({ diagnoses: ['D64.900x005'] }))).toEqual([
        'met',
        'restriction.met',
      ]);
    // A dagger-asterisk pair counts for its extension code.
    expect(
      result(diagnosis(['E11.400x025']), subject({ diagnoses: ['E11.400x025+G63.2*'] })),
    ).toEqual(['met', 'restriction.met']);
  });
  it('rejects prefixes that are not ICD-10 医保版 codes', () => {
    for (const bad of ['D64.900x05', 'D64.900x0051', 'D64x005', 'D64.900y005'])
      expect(() => diagnosis([bad])).toThrow();
  });
});

describe('evaluateRestriction: lab thresholds', () => {
  const alt: Restriction = {
    kind: 'lab',
    source: 'nrdl',
    text: 'AST或ALT大于120U/L',
    tests: ['AST', 'ALT'],
    comparator: 'gt',
    value: '120',
    unit: 'U/L',
  };
  const lab = (test: string, value: string, unit = 'U/L', uln?: string): Evidence =>
    uln === undefined
      ? { kind: 'lab', test, value: new Decimal(value), unit, date }
      : {
          kind: 'lab',
          test,
          value: new Decimal(value),
          unit,
          upperLimitOfNormal: new Decimal(uln),
          date,
        };
  it('is met by either test above the threshold read from the text', () => {
    expect(result(alt, subject({ evidence: [lab('ALT', '130')] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(alt, subject({ evidence: [lab('AST', '120')] }))).toEqual([
      'not_met',
      'restriction.lab.out_of_range',
    ]);
    expect(result(alt, subject())).toEqual(['not_met', 'restriction.lab.missing']);
    expect(result(alt, subject({ evidence: [lab('ALT', '2', 'μkat/L')] }))).toEqual([
      'cannot_tell',
      'restriction.lab.unit_mismatch',
    ]);
  });
  it('reads × ULN against the claim’s upper limit of normal', () => {
    const uln: Restriction = { ...alt, tests: ['ALT'], value: '2', unit: '×ULN' };
    expect(result(uln, subject({ evidence: [lab('ALT', '90', 'U/L', '40')] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(uln, subject({ evidence: [lab('ALT', '70', 'U/L', '40')] }))).toEqual([
      'not_met',
      'restriction.lab.out_of_range',
    ]);
    expect(result(uln, subject({ evidence: [lab('ALT', '90')] }))).toEqual([
      'cannot_tell',
      'restriction.lab.uln_unknown',
    ]);
  });
  it('takes ×10⁹/L, 10^9/L and 10*9/L for one unit (platelet and neutrophil counts)', () => {
    const platelets: Restriction = {
      ...alt,
      tests: ['PLT'],
      comparator: 'lt',
      value: '30',
      unit: '×10^9/L',
    };
    for (const unit of ['×10⁹/L', '10^9/L', '10*9/L', '×10^9/l']) {
      expect(result(platelets, subject({ evidence: [lab('PLT', '20', unit)] }))).toEqual([
        'met',
        'restriction.met',
      ]);
    }
    expect(result(platelets, subject({ evidence: [lab('PLT', '20', '/μL')] }))).toEqual([
      'cannot_tell',
      'restriction.lab.unit_mismatch',
    ]);
  });
  it('reads scores (BMI, DAS28) from score evidence', () => {
    const bmi: Restriction = { ...alt, tests: ['BMI'], comparator: 'gte', value: '25', unit: null };
    const score = (value: string): Evidence => ({
      kind: 'score',
      instrument: 'BMI',
      value: new Decimal(value),
      date,
    });
    expect(result(bmi, subject({ evidence: [score('25')] }))).toEqual(['met', 'restriction.met']);
    expect(result(bmi, subject({ evidence: [score('24.9')] }))).toEqual([
      'not_met',
      'restriction.lab.out_of_range',
    ]);
  });
});

describe('evaluateRestriction: combination, caps, months, first prescription', () => {
  const history = (first: CalendarDate | null, before: string): UsageHistory => ({
    quantityInPeriod: () => new Decimal(before),
    daysUsed: () => 0,
    firstUsed: () => first,
  });

  it('meets a combination when the partner is on the claim, else cannot tell', () => {
    const pn: Restriction = {
      kind: 'combination',
      source: 'nrdl',
      text: '与脂肪乳、氨基酸等肠外营养药物配合使用时支付',
      with: ['脂肪乳', '氨基酸', '肠外营养药物'],
      require: 'any',
    };
    expect(result(pn, subject({ lines: ['多种微量元素注射液', '中/长链脂肪乳注射液'] }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(pn, subject({ lines: ['多种微量元素注射液'] }))).toEqual([
      'cannot_tell',
      'restriction.combination.partner_not_seen',
    ]);
  });

  it('counts a per-eye vial cap, unsure between one and two eyes’ worth', () => {
    const cap: Restriction = {
      kind: 'cumulative_quantity',
      source: 'nrdl',
      text: '每眼累计最多支付9支',
      maxQuantity: '9',
      perEye: true,
      window: 'lifetime',
    };
    expect(result(cap, subject({ history: history('2024-01-01' as CalendarDate, '8') }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(result(cap, subject({ history: history('2024-01-01' as CalendarDate, '12') }))).toEqual([
      'cannot_tell',
      'restriction.cumulative_quantity.eye_unknown',
    ]);
    expect(result(cap, subject({ history: history('2024-01-01' as CalendarDate, '18') }))).toEqual([
      'not_met',
      'restriction.cumulative_quantity.exceeded',
    ]);
  });

  it('limits months from the first paid use, and cannot tell without records', () => {
    const months: Restriction = {
      kind: 'month_limit',
      source: 'nrdl',
      text: '支付不超过12个月',
      maxMonths: 12,
    };
    expect(result(months, subject())).toEqual([
      'cannot_tell',
      'restriction.month_limit.history_unknown',
    ]);
    expect(result(months, subject({ history: history(null, '0') }))).toEqual([
      'met',
      'restriction.met',
    ]);
    expect(
      result(months, subject({ history: history('2024-06-01' as CalendarDate, '0') })),
    ).toEqual(['met', 'restriction.met']);
    expect(
      result(months, subject({ history: history('2024-04-10' as CalendarDate, '0') })),
    ).toEqual(['not_met', 'restriction.month_limit.exceeded']);
  });

  it('applies a first-prescription rule to the first prescription only', () => {
    const firstRx: Restriction = {
      kind: 'first_prescription',
      source: 'nrdl',
      text: '首次处方时需由二级及以上医疗机构专科医师开具处方',
      minTier: 'secondary',
      specialist: true,
    };
    // A refill at a community centre: not restricted.
    expect(
      result(
        firstRx,
        subject({ tier: 'primary', history: history('2025-01-01' as CalendarDate, '30') }),
      ),
    ).toEqual(['met', 'restriction.met']);
    // Known first prescription at a primary institution: not met.
    expect(result(firstRx, subject({ tier: 'primary', history: history(null, '0') }))).toEqual([
      'not_met',
      'restriction.first_prescription.not_met',
    ]);
    // No records: cannot tell whether it is the first.
    expect(result(firstRx, subject({ tier: 'primary' }))).toEqual([
      'cannot_tell',
      'restriction.first_prescription.unknown',
    ]);
  });
});

describe('evaluateRestriction: ages in months and days', () => {
  const bornOn = (birthDate: string): EvaluationSubject => {
    const s = subject();
    return { ...s, person: { ...s.person, birthDate: birthDate as CalendarDate } };
  };
  // The line is dated 2025-04-10.
  const fromThreeMonths = restrictionSchema.parse({
    kind: 'age',
    source: 'nrdl',
    text: '3月龄及以上',
    minMonths: 3,
  });
  const newborn = restrictionSchema.parse({
    kind: 'age',
    source: 'rule_base',
    text: '新生儿',
    maxDays: 27,
  });

  it('counts completed months of age (3月龄及以上)', () => {
    expect(result(fromThreeMonths, bornOn('2025-01-10'))).toEqual(['met', 'restriction.met']);
    expect(result(fromThreeMonths, bornOn('2025-01-11'))).toEqual([
      'not_met',
      'restriction.age.below_minimum',
    ]);
  });

  it('holds 新生儿 to the first 28 days of life (days 0 to 27)', () => {
    expect(result(newborn, bornOn('2025-03-14'))).toEqual(['met', 'restriction.met']);
    expect(result(newborn, bornOn('2025-03-13'))).toEqual([
      'not_met',
      'restriction.age.above_maximum',
    ]);
  });
});
