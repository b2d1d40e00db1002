import { describe, expect, it } from 'vitest';
import { hasUnstorableText, unstorableTextIssues } from './storable-text.ts';

describe('unstorableTextIssues', () => {
  it('names the path of a NUL character and of lone surrogates, in values and keys', () => {
    const body = JSON.parse(
      '{"reason":"a\\u0000b","lines":[{"name":"ok"},{"name":"x\\ud800"}],"k\\udc00":1}',
    ) as unknown;
    expect(unstorableTextIssues(body).map((i) => [i.code, i.path])).toEqual([
      ['text.unstorable_character', ['reason']],
      ['text.unstorable_character', ['lines', 1, 'name']],
      ['text.unstorable_character', ['k\udc00']],
    ]);
  });

  it('accepts paired surrogates (emoji), Chinese text and other control characters', () => {
    expect(unstorableTextIssues({ a: '😀 阿莫西林 \t\u0001', b: ['\ud83d\ude00'] })).toEqual([]);
    expect(hasUnstorableText('\ud83d\ude00')).toBe(false);
    expect(hasUnstorableText('\ude00\ud83d')).toBe(true);
  });

  it('walks a very deep value without exhausting the stack, and caps the issues', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableTextIssues(deep)).toHaveLength(1);
    const many = Array.from({ length: 500 }, () => '\u0000');
    expect(unstorableTextIssues(many, 20)).toHaveLength(20);
  });
});
