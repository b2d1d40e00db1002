import { AUDIT_EVENT_KINDS } from '@openpayer/supervision';
import { describe, expect, it } from 'vitest';
import { EVENT_LABEL, chainHref, shortHash } from './labels.ts';

describe('audit labels', () => {
  it('labels every kind of change the log records, in English and Chinese', () => {
    for (const kind of AUDIT_EVENT_KINDS) {
      expect(EVENT_LABEL[kind]).toMatch(/^[A-Z][a-z].* \p{Script=Han}+/u);
    }
  });

  it('shortens a long hash to its ends and leaves a short one whole', () => {
    const hash = 'a'.repeat(10) + 'b'.repeat(44) + 'c'.repeat(10);
    expect(shortHash(hash)).toBe(`${'a'.repeat(10)}…${'c'.repeat(10)}`);
    expect(shortHash('abc')).toBe('abc');
    expect(shortHash('x'.repeat(21))).toBe('x'.repeat(21));
  });

  it('links to a chain with the type and id in the query', () => {
    expect(chainHref('settlement', 'stl_1/2')).toBe('/audit/chain?type=settlement&id=stl_1%2F2');
  });
});
