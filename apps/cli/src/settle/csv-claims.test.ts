import { validateClaim } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CsvClaimAssembler, csvHeader } from './csv-claims.ts';

const ROW: Record<string, string> = {
  claim_id: 'C-TCM-1',
  claim_type: 'outpatient',
  person_id: 'P-1',
  birth_date: '1960-05-01',
  sex: 'female',
  insurance_type: 'employee',
  insured_region: '230100',
  institution_code: 'H23010000012',
  institution_name: '哈尔滨市第一医院',
  institution_tier: 'tertiary',
  institution_region: '230100',
  admission_date: '2025-03-05',
  diagnoses: 'I25.103',
  total_amount: '36.00',
  line_id: 'L1',
  item_kind: 'drug',
  item_code: 'ZA04CAE0023010100166',
  item_name: '中成药',
  quantity: '1',
  unit_price: '36.00',
  amount: '36.00',
  service_date: '2025-03-05',
};

/** One claim of one row through the assembler, with the given extra columns. */
function assemble(extra: Record<string, string>): Record<string, unknown> {
  const row = { ...ROW, ...extra };
  const columns = Object.keys(row);
  const header = csvHeader(columns.join(','));
  if (!header.ok) throw new Error(header.message);
  const assembler = new CsvClaimAssembler(header.header);
  expect(assembler.push(2, columns.map((c) => row[c]).join(','))).toBeUndefined();
  const done = assembler.end();
  return JSON.parse(done?.json ?? 'null') as Record<string, unknown>;
}

describe('CSV claims: the emergency and TCM syndrome columns', () => {
  it('are optional columns of the header', () => {
    expect(CSV_COLUMNS).toContain('emergency');
    expect(CSV_COLUMNS).toContain('tcm_syndromes');
    expect(csvHeader(Object.keys(ROW).join(',')).ok).toBe(true);
  });

  it('carry the syndromes as a list and the flag as a boolean, as NDJSON would', () => {
    const claim = assemble({ emergency: 'true', tcm_syndromes: '气虚血瘀证; 肝郁脾虚证' });
    expect(claim['emergency']).toBe(true);
    expect(claim['tcmSyndromes']).toEqual(['气虚血瘀证', '肝郁脾虚证']);
    const valid = validateClaim(claim);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    if (valid.ok) expect(valid.value.tcmSyndromes).toEqual(['气虚血瘀证', '肝郁脾虚证']);

    const plain = assemble({ emergency: 'false', tcm_syndromes: '' });
    expect(plain['emergency']).toBe(false);
    expect('tcmSyndromes' in plain).toBe(false);
    expect('emergency' in assemble({ emergency: '' })).toBe(false);
  });

  it('hands a flag that is not true or false to validation, which names the field', () => {
    const claim = assemble({ emergency: 'yes' });
    const valid = validateClaim(claim);
    expect(valid.ok).toBe(false);
    if (!valid.ok) expect(valid.issues.map((i) => i.path.join('.'))).toContain('emergency');
  });
});
