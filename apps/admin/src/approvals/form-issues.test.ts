import { issue } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { byField } from './form-issues.ts';
import { pseudonym } from './pseudonym.ts';

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

describe('pseudonym', () => {
  it('gives the same person the same tag, and two people different tags', () => {
    expect(pseudonym('P-000777')).toBe(pseudonym('P-000777'));
    expect(pseudonym('P-000777')).not.toBe(pseudonym('P-000778'));
    expect(pseudonym('P-000777')).toMatch(/^PT-[0-9A-Z]{4}-[0-9A-Z]{4}$/u);
  });

  it('never shows the id itself', () => {
    expect(pseudonym('P-000777')).not.toContain('000777');
  });
});
