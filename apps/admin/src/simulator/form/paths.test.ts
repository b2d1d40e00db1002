import { describe, expect, it } from 'vitest';
import { formPaths } from './paths.ts';

describe('formPaths', () => {
  it('lists the header fields, and each diagnosis and line field present in the draft', () => {
    const paths = formPaths({
      diagnoses: [{ code: 'C34.900' }, { code: 'I10.x00' }],
      lines: [{ id: 'L1' }],
    });
    expect(paths.has('person.insuredRegion')).toBe(true);
    expect(paths.has('diagnoses.1.role')).toBe(true);
    expect(paths.has('diagnoses.2.code')).toBe(false);
    expect(paths.has('lines.0')).toBe(true);
    expect(paths.has('lines.0.unitPrice')).toBe(true);
    expect(paths.has('lines.1.unitPrice')).toBe(false);
  });

  it('leaves evidence and procedures to the JSON editor', () => {
    const paths = formPaths({ evidence: [{ kind: 'biomarker' }], procedures: [] });
    expect([...paths].some((p) => p.startsWith('evidence') || p.startsWith('procedures'))).toBe(
      false,
    );
    expect(paths.has('lines')).toBe(true);
  });
});
