import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCodeList } from '../__fixtures__/external-data.ts';
import {
  type CodeIssueCode,
  parseConsumableClassification,
  parseConsumableCode,
  parseDiagnosisCode,
  parseDrugCode,
  parseProcedureCode,
  parseServiceCode,
  validateConsumableClassification,
  validateConsumableCode,
  validateDiagnosisCode,
  validateDrugCode,
  validateItemCode,
  validateProcedureCode,
  validateServiceCode,
} from './index.ts';

const icd10 = readCodeList('icd10_yb_v1.txt');
const icd9 = readCodeList('icd9cm3_yb_v1.txt');
const drugs = readCodeList('drug_codes_rule_base.txt');
const services = readCodeList('service_codes_rule_base.txt');
const consumables = readCodeList('consumable_classifications_20200628.txt').map((line) => {
  const [classification = '', category = '', commonName = '', material = '', characteristic = ''] =
    line.split(',');
  return { classification, category, commonName, material, characteristic };
});

function rejected(
  validate: (code: unknown) => readonly { code: string }[],
  codes: readonly string[],
): string[] {
  return codes.filter((c) => validate(c).length > 0);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('every real code is accepted', () => {
  it('all 47,101 ICD-10 医保版 v1.0 diagnosis codes, each parsed into its form', () => {
    expect(icd10).toHaveLength(47_101);
    expect(rejected(validateDiagnosisCode, icd10)).toEqual([]);
    const forms = countBy(icd10, (c) => {
      const parsed = parseDiagnosisCode(c);
      return parsed.ok ? parsed.value.form : 'rejected';
    });
    expect(forms).toEqual({
      disease: 43_923,
      dagger: 79,
      asterisk: 373,
      dagger_asterisk: 1_169,
      morphology: 1_494,
      morphology_group: 34,
      morphology_range: 29,
    });
  });

  it('all 17,552 ICD-9-CM-3 医保版 v1.0 procedure codes', () => {
    expect(icd9).toHaveLength(17_552);
    expect(rejected(validateProcedureCode, icd9)).toEqual([]);
    expect(icd9.filter((c) => parseProcedureCode(c).ok && c.includes('x'))).toHaveLength(
      3_453 + 798 + 317 + 2,
    );
  });

  it('all 13,738 drug codes of the smart-review rule base, Western (23) and Chinese patent (20)', () => {
    expect(drugs).toHaveLength(13_738);
    expect(rejected(validateDrugCode, drugs)).toEqual([]);
    expect(
      countBy(drugs, (c) =>
        parseDrugCode(c).ok
          ? (parseDrugCode(c) as { value: { kind: string } }).value.kind
          : 'rejected',
      ),
    ).toEqual({
      western: 5_475,
      chinese_patent: 8_263,
    });
  });

  it('all 1,188 medical service item codes of the rule base', () => {
    expect(services).toHaveLength(1_188);
    expect(rejected(validateServiceCode, services)).toEqual([]);
    expect(rejected((c) => validateItemCode('service', c), services)).toEqual([]);
  });

  it('all 9,011 consumable classifications, split into the catalog columns', () => {
    expect(consumables).toHaveLength(9_011);
    const disagreeing: string[] = [];
    for (const row of consumables) {
      const parsed = parseConsumableClassification(row.classification);
      expect(parsed.ok, row.classification).toBe(true);
      if (parsed.ok && JSON.stringify(parsed.value) !== JSON.stringify(row))
        disagreeing.push(row.classification);
    }
    // Two catalog rows whose name-code columns contradict their own code (the source's error;
    // the code is authoritative, so the parser reads the code).
    expect(disagreeing).toEqual(['C08080113300000', 'C14030300000000']);
  });

  it('consumable product codes built on every real classification (20 and 27 characters)', () => {
    const base = consumables.map((r) => `${r.classification}A0012`);
    const withSpec = consumables.map((r) => `${r.classification}A00120000345`);
    expect(rejected(validateConsumableCode, base)).toEqual([]);
    expect(rejected(validateConsumableCode, withSpec)).toEqual([]);
    expect(parseConsumableCode(withSpec[0])).toMatchObject({
      ok: true,
      value: { category: 'C010101', manufacturer: 'A0012', specification: '0000345' },
    });
  });
});

describe('parsed parts', () => {
  it('names the drug code segments', () => {
    expect(parseDrugCode('XA07XAX061N001010101521')).toEqual({
      ok: true,
      issues: [],
      value: {
        code: 'XA07XAX061N001010101521',
        kind: 'western',
        classification: 'A07XA',
        genericName: 'X061',
        dosageForm: 'N001',
        serial: '010101521',
      },
    });
    expect(parseDrugCode('ZA04CAE0023010100166')).toMatchObject({
      ok: true,
      value: {
        kind: 'chinese_patent',
        classification: 'A04CA',
        genericName: 'E002',
        dosageForm: null,
        serial: '3010100166',
      },
    });
  });

  it('splits dagger-asterisk pairs into cause and manifestation', () => {
    expect(parseDiagnosisCode('A01.001+K77.0*')).toMatchObject({
      ok: true,
      value: {
        form: 'dagger_asterisk',
        category: 'A01',
        etiology: 'A01.001',
        manifestation: 'K77.0',
        extension: false,
      },
    });
    expect(parseDiagnosisCode('G01*')).toMatchObject({
      ok: true,
      value: { form: 'asterisk', manifestation: 'G01' },
    });
    expect(parseDiagnosisCode('C61.x00')).toMatchObject({
      ok: true,
      value: { form: 'disease', category: 'C61', extension: true },
    });
    expect(parseDiagnosisCode('M80000/3')).toMatchObject({
      ok: true,
      value: { form: 'morphology' },
    });
    expect(parseProcedureCode('60.5x02')).toEqual({
      ok: true,
      issues: [],
      value: { code: '60.5x02', category: '60', extension: true },
    });
    expect(parseServiceCode('001109000010000')).toEqual({
      ok: true,
      issues: [],
      value: { code: '001109000010000' },
    });
  });
});

interface Case {
  readonly input: unknown;
  readonly code: CodeIssueCode;
  readonly message: string;
  readonly position?: number;
}

function expectIssue(
  validate: (
    code: unknown,
  ) => readonly { code: string; message: string; data?: Readonly<Record<string, unknown>> }[],
  c: Case,
): void {
  const issues = validate(c.input);
  expect(issues, `input ${JSON.stringify(c.input)}`).toHaveLength(1);
  const [found] = issues;
  expect(found?.code).toBe(c.code);
  expect(found?.message).toContain(c.message);
  if (c.position !== undefined) expect(found?.data?.['position']).toBe(c.position);
}

describe('malformed codes are rejected with a precise message', () => {
  it.each<Case>([
    { input: '', code: 'code.empty', message: 'Drug code is empty' },
    { input: 42, code: 'code.not_string', message: 'must be a string, got number' },
    { input: null, code: 'code.not_string', message: 'got null' },
    {
      input: ' XA07XAX061N001010101521',
      code: 'code.whitespace',
      message: 'leading whitespace at character 1',
      position: 1,
    },
    {
      input: 'XA07XAX061N001010101521 ',
      code: 'code.whitespace',
      message: 'trailing whitespace at character 24',
      position: 24,
    },
    {
      input: 'ＸA07XAX061N001010101521',
      code: 'code.full_width',
      message: 'use the ASCII "X"',
      position: 1,
    },
    {
      input: 'QA07XAX061N001010101521',
      code: 'code.drug.type',
      message: 'starts with "Q"',
      position: 1,
    },
    { input: 'xA07XAX061N001010101521', code: 'code.drug.type', message: 'starts with "x"' },
    {
      input: 'XA07XAX061N00101010152',
      code: 'code.drug.length',
      message: 'has 22 characters; a code starting with "X" is Western medicine, 23 characters',
    },
    { input: 'ZA04CAE002301010016', code: 'code.drug.length', message: 'has 19 characters' },
    {
      input: 'XA07XAX061N0010101015O1',
      code: 'code.drug.format',
      message: 'character 22 is "O", expected a digit',
      position: 22,
    },
    {
      input: 'X107XAX061N001010101521',
      code: 'code.drug.format',
      message: 'character 2 is "1", expected an uppercase letter',
      position: 2,
    },
    {
      input: 'ZA04CAE00230101001-6',
      code: 'code.drug.format',
      message: 'character 19 is "-"',
      position: 19,
    },
    {
      input: 'XA07XAX061N001010101521\u00a0',
      code: 'code.whitespace',
      message: 'whitespace at character 24',
    },
    {
      input: 'XA07XAX061N001010101521é',
      code: 'code.non_ascii',
      message: 'non-ASCII character "é" at character 24',
    },
  ])('drug $input → $code', (c) => {
    expectIssue(validateDrugCode, c);
  });

  it.each<Case>([
    {
      input: '00110900001000',
      code: 'code.service.length',
      message: 'has 14 characters; a medical service item code has 15 digits',
    },
    { input: '0011090000100000', code: 'code.service.length', message: 'has 16 characters' },
    {
      input: '00110900001000A',
      code: 'code.service.format',
      message: 'character 15 is "A", expected a digit',
      position: 15,
    },
    {
      input: '001109000O10000',
      code: 'code.service.format',
      message: 'character 10 is "O"',
      position: 10,
    },
  ])('service $input → $code', (c) => {
    expectIssue(validateServiceCode, c);
  });

  it.each<Case>([
    { input: 'D01010100101001A0012', code: 'code.consumable.type', message: 'starts with "D"' },
    {
      input: 'C01010100101001A001',
      code: 'code.consumable.length',
      message: 'has 19 characters; a consumable code has 20',
    },
    {
      input: 'C01010100101001A00120000',
      code: 'code.consumable.length',
      message: 'has 24 characters',
    },
    {
      input: 'C0101010010100AA0012',
      code: 'code.consumable.format',
      message: 'character 15 is "A", expected a digit',
      position: 15,
    },
    {
      input: 'C01010100101001a0012',
      code: 'code.consumable.format',
      message: 'character 16 is "a", expected a digit or an uppercase letter',
      position: 16,
    },
  ])('consumable $input → $code', (c) => {
    expectIssue(validateConsumableCode, c);
  });

  it('rejects a bare product code where a classification is expected and vice versa', () => {
    expect(validateConsumableClassification('C01010100101001A0012')[0]?.code).toBe(
      'code.consumable.length',
    );
    expect(validateConsumableCode('C01010100101001')[0]?.code).toBe('code.consumable.length');
  });

  it.each<Case>([
    {
      input: 'k35.800',
      code: 'code.diagnosis.format',
      message: 'character 1 is "k", expected an uppercase letter',
      position: 1,
    },
    {
      input: 'K35.800X001',
      code: 'code.diagnosis.format',
      message: 'character 8 is "X", expected "x"',
      position: 8,
    },
    { input: 'K35,800', code: 'code.diagnosis.format', message: 'character 4 is ","', position: 4 },
    {
      input: 'K35.80',
      code: 'code.diagnosis.format',
      message: 'ends after character 6; expected a digit next',
      position: 7,
    },
    {
      input: 'K35.800x00',
      code: 'code.diagnosis.format',
      message: 'ends after character 10',
      position: 11,
    },
    {
      input: 'K35.8000',
      code: 'code.diagnosis.format',
      message: 'character 8 is "0"',
      position: 8,
    },
    {
      input: 'K35.8000x001',
      code: 'code.diagnosis.format',
      message: 'character 8 is "0", expected "x"',
      position: 8,
    },
    {
      input: 'A01.001+K77.0',
      code: 'code.diagnosis.format',
      message: 'expected "*" next to complete the form A99.999+A99.9* (dagger-asterisk pair)',
    },
    {
      input: 'A01.001+K77.001*',
      code: 'code.diagnosis.format',
      message: 'character 14 is "0", expected "*"',
    },
    { input: 'A01.001*K77.0+', code: 'code.diagnosis.format', message: 'character 8 is "*"' },
    {
      input: 'K35.800x001x001',
      code: 'code.diagnosis.format',
      message: 'unexpected "x" at character 12',
    },
    { input: 'C61.x0', code: 'code.diagnosis.format', message: 'ends after character 6' },
    { input: 'M80000/4', code: 'code.diagnosis.morphology_behaviour', message: 'behaviour "4"' },
    { input: 'M80000/', code: 'code.diagnosis.format', message: 'ends after character 7' },
    {
      input: 'M804-M801',
      code: 'code.diagnosis.morphology_range',
      message: 'the range starts after it ends',
    },
    {
      input: 'K35．800',
      code: 'code.full_width',
      message: 'full-width character "．" at character 4; use the ASCII "."',
      position: 4,
    },
    { input: 'K35.800 ', code: 'code.whitespace', message: 'trailing whitespace' },
  ])('diagnosis $input → $code', (c) => {
    expectIssue(validateDiagnosisCode, c);
  });

  it.each<Case>([
    {
      input: '60',
      code: 'code.procedure.format',
      message: 'ends after character 2; expected "." next',
    },
    {
      input: '60.',
      code: 'code.procedure.format',
      message: 'ends after character 3; expected a digit next',
    },
    {
      input: '6O.5x02',
      code: 'code.procedure.format',
      message: 'character 2 is "O", expected a digit',
      position: 2,
    },
    { input: '60.5X02', code: 'code.procedure.format', message: 'character 5 is "X"', position: 5 },
    { input: '60.5x0', code: 'code.procedure.format', message: 'ends after character 6' },
    {
      input: '60.5x021',
      code: 'code.procedure.format',
      message: 'unexpected "1" at character 8 after a complete 99.9x99 (x code)',
    },
    { input: '17.912a0', code: 'code.procedure.format', message: 'character 7 is "a"' },
    { input: '60.212345', code: 'code.procedure.format', message: 'unexpected "5" at character 9' },
    {
      input: 'C61.x00',
      code: 'code.procedure.format',
      message: 'character 1 is "C", expected a digit',
    },
  ])('procedure $input → $code', (c) => {
    expectIssue(validateProcedureCode, c);
  });

  it('validates a line code by its kind', () => {
    expect(validateItemCode('drug', '001109000010000')[0]?.code).toBe('code.drug.type');
    expect(validateItemCode('service', 'XA07XAX061N001010101521')[0]?.code).toBe(
      'code.service.length',
    );
    expect(validateItemCode('consumable', '001109000010000')[0]?.code).toBe('code.consumable.type');
    expect(validateItemCode('drug', 'XA07XAX061N001010101521')).toEqual([]);
  });
});

describe('real codes made wrong are rejected', () => {
  const foreign = fc.constantFrom('a', 'o', '#', '/', ' ', '-', '.', 'É', '、');
  function property(
    codes: readonly string[],
    validate: (code: unknown) => readonly unknown[],
    allowed: RegExp,
  ) {
    return fc.property(fc.constantFrom(...codes), fc.nat(), foreign, (code, at, c) => {
      const position = at % (code.length + 1);
      const mutated = code.slice(0, position) + c + code.slice(position);
      // Inserting a character some shapes allow (`.`, `/`, `-`) may still give a real form.
      fc.pre(!allowed.test(c) || !code.includes(c));
      expect(validate(mutated).length, mutated).toBeGreaterThan(0);
    });
  }

  it('a foreign character inserted anywhere', () => {
    fc.assert(property(drugs, validateDrugCode, /^$/u), { numRuns: 1_000 });
    fc.assert(property(services, validateServiceCode, /^$/u), { numRuns: 1_000 });
    fc.assert(property(icd9, validateProcedureCode, /^[.]$/u), { numRuns: 1_000 });
  });

  it('a fixed-length code cut short by any number of characters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...drugs, ...services),
        fc.integer({ min: 1, max: 22 }),
        (code, cut) => {
          fc.pre(cut < code.length);
          expect(
            validateDrugCode(code.slice(0, -cut)).length +
              validateServiceCode(code.slice(0, -cut)).length,
          ).toBeGreaterThan(1);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
