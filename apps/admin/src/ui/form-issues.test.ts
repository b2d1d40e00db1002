import { issue } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { byField } from './form-issues.ts';

describe('byField', () => {
  it('puts each issue at the form field its path starts with, the others above the form', () => {
    const issues = [
      issue('a', 'reason is empty', { path: ['reason'] }),
      issue('b', 'reason too short', { path: ['reason', 0] }),
      issue('c', 'days out of range', { path: ['requestedDays'] }),
      issue('d', 'not allowed', { path: ['institution', 'code'] }),
      issue('e', 'no path'),
    ];
    const { at, rest } = byField(issues, ['reason', 'requestedDays'] as const);
    expect(at).toEqual({
      reason: ['reason is empty', 'reason too short'],
      requestedDays: ['days out of range'],
    });
    expect(rest.map((i) => i.code)).toEqual(['d', 'e']);
  });
});
