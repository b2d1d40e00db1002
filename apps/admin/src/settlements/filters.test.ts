import { describe, expect, it } from 'vitest';
import { apiQuery, filtersHref, filtersOf } from './filters.ts';

describe('settlement filters', () => {
  it('reads the filters from the URL, dropping a bad status or date', () => {
    expect(
      filtersOf(
        new URLSearchParams(
          'institution=H1&status=settled&from=2025-01-01&to=2025-13-01&claim=C-1&pages=10,x,20',
        ),
      ),
    ).toEqual({
      institution: 'H1',
      status: 'settled',
      from: '2025-01-01',
      to: '',
      claim: 'C-1',
      cursors: ['10', '20'],
    });
    expect(filtersOf(new URLSearchParams('status=pending')).status).toBe('');
  });

  it('keeps the review statuses held and released, and asks the API for them', () => {
    for (const status of ['held', 'released'] as const) {
      const f = filtersOf(new URLSearchParams(`status=${status}`));
      expect(f.status).toBe(status);
      expect(apiQuery(f)).toEqual({ status });
    }
  });

  it('writes them back into the URL, leaving empty ones out', () => {
    const f = filtersOf(new URLSearchParams('status=reversed&pages=5'));
    expect(filtersHref('/settlements', f)).toBe('/settlements?status=reversed&pages=5');
    expect(filtersHref('/settlements', filtersOf(new URLSearchParams()))).toBe('/settlements');
  });

  it('asks the API for the day after the last day shown (its serviceTo is exclusive)', () => {
    const f = filtersOf(new URLSearchParams('from=2025-12-01&to=2025-12-31&institution=H1'));
    expect(apiQuery(f)).toEqual({
      institution: 'H1',
      serviceFrom: '2025-12-01',
      serviceTo: '2026-01-01',
    });
    expect(apiQuery(filtersOf(new URLSearchParams()))).toEqual({});
  });
});
