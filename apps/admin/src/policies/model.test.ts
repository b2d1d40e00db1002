import { issue } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { guessFormat, locateIssues, pathText, today } from './model.ts';

describe('guessFormat', () => {
  it('trusts a file extension first, then the first character', () => {
    expect(guessFormat('{"id": 1}', 'policy.yaml')).toBe('yaml');
    expect(guessFormat('id: x', 'policy.JSON')).toBe('json');
    expect(guessFormat('  {"id": 1}')).toBe('json');
    expect(guessFormat('[]')).toBe('json');
    expect(guessFormat('id: x')).toBe('yaml');
  });
});

describe('locateIssues', () => {
  const yaml = ['id: demo', 'parameters:', '  deductible:', '    - value: 1000', ''].join('\n');

  it('finds the line of the field an issue names', () => {
    const [located] = locateIssues(yaml, [
      issue('policy.invalid', 'bad', { path: ['parameters', 'deductible', 0, 'value'] }),
    ]);
    expect(located).toMatchObject({ line: 4, exact: true });
  });

  it('points at the nearest parent of a missing field, and says it is not exact', () => {
    const [located] = locateIssues(yaml, [
      issue('policy.invalid', 'missing', { path: ['parameters', 'annualCap'] }),
    ]);
    expect(located).toMatchObject({ line: 2, exact: false });
  });

  it('keeps the line an issue carries, and reads JSON too', () => {
    const json = '{\n  "id": "demo",\n  "title": 3\n}\n';
    const [carried, inJson] = locateIssues(json, [
      issue('policy.invalid', 'x', { path: ['id'], data: { line: 9 } }),
      issue('policy.invalid', 'y', { path: ['title'] }),
    ]);
    expect(carried).toMatchObject({ line: 9, exact: true });
    expect(inJson).toMatchObject({ line: 3, exact: true });
  });
});

describe('pathText and today', () => {
  it('prints a path as the API does', () => {
    expect(pathText(['parameters', 'reimbursement', 0, 'value'])).toBe(
      'parameters.reimbursement[0].value',
    );
    expect(pathText([])).toBe('');
  });

  it("gives today's date in the policies' time zone (Beijing), not UTC", () => {
    // 2025-06-30 20:00 UTC is already 2025-07-01 in Beijing.
    expect(today(new Date('2025-06-30T20:00:00Z'))).toBe('2025-07-01');
    expect(today(new Date('2025-06-30T10:00:00Z'))).toBe('2025-06-30');
  });
});
