import { describe, expect, it } from 'vitest';
import { openBracketBefore } from './text.ts';

describe('openBracketBefore', () => {
  it('finds the innermost bracket still open, past the ones closed before', () => {
    const text = '新生儿(乙型肝炎(HBsAg阳性)孕妇所生)';
    expect(openBracketBefore(text, text.indexOf('孕妇'))).toBe(text.indexOf('('));
    expect(openBracketBefore(text, text.indexOf('HBsAg'))).toBe(text.indexOf('(', 4));
  });

  it('answers -1 outside any bracket', () => {
    expect(openBracketBefore('乳腺癌(TNBC)患者', 9)).toBe(-1);
    expect(openBracketBefore('乳腺癌', 0)).toBe(-1);
  });
});
