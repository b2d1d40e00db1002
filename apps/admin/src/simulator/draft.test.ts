import { describe, expect, it } from 'vitest';
import { type Draft, get, parseDraft, pathKey, set, text, withAmounts } from './draft.ts';

describe('the claim draft', () => {
  it('parses a JSON object, and says why anything else is not a claim', () => {
    expect(parseDraft('{"id":"C-1"}')).toEqual({ ok: true, draft: { id: 'C-1' } });
    expect(parseDraft('[1]')).toEqual({ ok: false, message: 'the claim must be a JSON object' });
    expect(parseDraft('{"id":')).toMatchObject({ ok: false });
  });

  it('reads a field by path, and nothing through a missing or wrong-typed part', () => {
    const draft: Draft = { lines: [{ code: 'X' }], person: { id: 'P' } };
    expect(get(draft, ['lines', 0, 'code'])).toBe('X');
    expect(get(draft, ['person', 'id'])).toBe('P');
    expect(get(draft, ['lines', 'code'])).toBeUndefined();
    expect(get(draft, ['person', 'id', 'x'])).toBeUndefined();
  });

  it('writes a copy, making the missing objects and arrays on the way', () => {
    const draft: Draft = { person: { id: 'P' } };
    const next = set(draft, ['lines', 0, 'code'], 'X');
    expect(next).toEqual({ person: { id: 'P' }, lines: [{ code: 'X' }] });
    expect(draft).toEqual({ person: { id: 'P' } });
  });

  it('removes a field or an array element when given undefined', () => {
    const draft: Draft = { a: 1, lines: [{ id: 'L1' }, { id: 'L2' }] };
    expect(set(draft, ['a'], undefined)).toEqual({ lines: [{ id: 'L1' }, { id: 'L2' }] });
    expect(set(draft, ['lines', 0], undefined)).toEqual({ a: 1, lines: [{ id: 'L2' }] });
  });

  it('computes every line amount and the total exactly', () => {
    const draft: Draft = {
      lines: [
        { quantity: '3', unitPrice: '0.125', amount: '0' },
        { quantity: 2, unitPrice: '10.005' },
        { quantity: 'x', unitPrice: '1', amount: '5.00' },
      ],
    };
    const next = withAmounts(draft);
    expect(next['lines']).toEqual([
      { quantity: '3', unitPrice: '0.125', amount: '0.38' },
      { quantity: 2, unitPrice: '10.005', amount: '20.01' },
      { quantity: 'x', unitPrice: '1', amount: '5.00' },
    ]);
    expect(next['totalAmount']).toBe('25.39');
  });

  it('reads numbers and strings as text, and joins issue paths with dots', () => {
    expect(text(2)).toBe('2');
    expect(text('a')).toBe('a');
    expect(text(null)).toBe('');
    expect(pathKey(['lines', 0, 'code'])).toBe('lines.0.code');
  });
});
