import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policySchema } from './policy.ts';
import { parsePolicyText } from './text.ts';

const read = (name: string) =>
  readFileSync(new URL(`../../data/policies/${name}`, import.meta.url), 'utf8');

describe('parsePolicyText', () => {
  it('reads the documented YAML demo policy as the same policy as its JSON twin', () => {
    const yaml = parsePolicyText(read('demo-230100-2025.yaml'), 'yaml');
    const json = parsePolicyText(read('demo-230100-2025.json'), 'json');
    if (!yaml.ok || !json.ok) throw new Error(JSON.stringify([...yaml.issues, ...json.issues]));
    expect(z.encode(policySchema, yaml.value)).toEqual(z.encode(policySchema, json.value));
    expect(yaml.value.parameters.deductible).toHaveLength(7);
  });

  it('reports a syntax error with its line instead of throwing', () => {
    const result = parsePolicyText('id: x\nparameters: [unclosed\n', 'yaml');
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'policy.syntax', data: { format: 'yaml' } }],
    });
    expect(typeof result.issues[0]?.data?.['line']).toBe('number');
    expect(parsePolicyText('{"id": ', 'json').issues[0]?.code).toBe('policy.syntax');
  });

  it('names the field when an amount is written as a bare number', () => {
    const original = read('demo-230100-2025.yaml');
    const text = original.replace("value: '400000.00'", 'value: 400000');
    expect(text).not.toBe(original);
    const result = parsePolicyText(text, 'yaml');
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toEqual(['parameters', 'annualCap', 0, 'value']);
  });

  /** 1-based line of the first occurrence of `needle` in `text`. */
  const lineOf = (text: string, needle: string) =>
    text.slice(0, text.indexOf(needle)).split('\n').length;

  it.each(["'0'", "'abc'", "'99999999999999999999.99'"])(
    'names the path and the line of a band edge written %s in YAML',
    (edge) => {
      const original = read('demo-230100-2025.yaml');
      const text = original.replace("upTo: '50000.00'", `upTo: ${edge}`);
      expect(text).not.toBe(original);
      const result = parsePolicyText(text, 'yaml');
      expect(result.ok).toBe(false);
      const line = lineOf(text, `upTo: ${edge}`);
      expect(result.issues).toMatchObject([
        {
          code: 'policy.invalid',
          path: ['parameters', 'reimbursement', 0, 'value', 0, 'upTo'],
          data: { line, column: 11 },
        },
      ]);
      expect(result.issues[0]?.message).toContain(`(line ${line})`);
    },
  );

  it('names the path and the line of a malformed ratio in JSON', () => {
    const original = read('demo-230100-2025.json');
    const text = original.replace('"ratio": "0.85"', '"ratio": "0,85"');
    expect(text).not.toBe(original);
    const result = parsePolicyText(text, 'json');
    expect(result.issues).toMatchObject([
      {
        code: 'policy.invalid',
        path: ['parameters', 'reimbursement', 0, 'value', 0, 'ratio'],
        data: { line: lineOf(text, '"ratio": "0,85"') },
      },
    ]);
  });

  it('gives no line for a field that is not written, and none for the count of issues left out', () => {
    const text = JSON.stringify({
      ...(JSON.parse(read('demo-230100-2025.json')) as Record<string, unknown>),
      title: undefined,
    });
    const result = parsePolicyText(text, 'json');
    expect(result.issues).toMatchObject([{ code: 'policy.invalid', path: ['title'] }]);
    expect(result.issues[0]?.data?.['line']).toBeUndefined();
  });
});
