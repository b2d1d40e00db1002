import { describe, expect, it } from 'vitest';
import { pseudonym } from './pseudonym.ts';

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
