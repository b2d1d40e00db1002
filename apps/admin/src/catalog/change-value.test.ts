import { describe, expect, it } from 'vitest';
import { codesOnlyIn, restrictionLines, splitChange } from './ChangeValue.tsx';

describe('a changed field, side by side', () => {
  it('marks only the middle of a text that changed', () => {
    expect(splitChange('限二线治疗', '限一线治疗')).toEqual({
      prefix: '限',
      middle: '二',
      suffix: '线治疗',
    });
    expect(splitChange('abc', 'abc')).toEqual({ prefix: 'abc', middle: '', suffix: '' });
    expect(splitChange('ab', 'abcd')).toEqual({ prefix: 'ab', middle: '', suffix: '' });
  });

  it('lists the codes one side has and the other does not', () => {
    expect(codesOnlyIn(['A', 'B', 'C'], ['B'])).toEqual(['A', 'C']);
    expect(codesOnlyIn([], ['B'])).toEqual([]);
  });

  it('says each structured restriction, numbered by its indication', () => {
    const lines = restrictionLines({
      restrictions: [{ kind: 'sex', text: '限男性', source: 'nrdl', sex: 'male' }],
      indications: [
        {
          restrictions: [{ kind: 'line_of_therapy', text: '二线', source: 'nrdl', minLine: 2 }],
        },
      ],
    } as unknown as Parameters<typeof restrictionLines>[0]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toMatch(/^\d\. /u);
    expect(lines[1]).toMatch(/^1\. /u);
  });
});
