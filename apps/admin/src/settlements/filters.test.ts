import { describe, expect, it } from 'vitest';
import { SETTLEMENT_STATUSES } from '@openpayer/domain';
import { SETTLEMENT_STATUS_LABELS, apiQuery, filtersHref, filtersOf } from './filters.ts';

const listFilters = (query: URLSearchParams) => filtersOf(query, SETTLEMENT_STATUS_LABELS);

describe('settlement filters', () => {
  it('reads the filters from the URL, dropping a bad status or date', () => {
    expect(
      listFilters(
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
    expect(listFilters(new URLSearchParams('status=pending')).status).toBe('');
  });

  it('keeps the review statuses held and released, and asks the API for them', () => {
    for (const status of ['held', 'released'] as const) {
      const f = listFilters(new URLSearchParams(`status=${status}`));
      expect(f.status).toBe(status);
      expect(apiQuery(f)).toEqual({ status });
    }
  });

  it('takes the statuses the screen’s endpoint takes, and only those', () => {
    expect(Object.keys(SETTLEMENT_STATUS_LABELS)).toEqual([...SETTLEMENT_STATUSES]);
    const totals = { settled: 'Settled', reversed: 'Reversed', all: 'All' };
    expect(filtersOf(new URLSearchParams('status=all'), totals).status).toBe('all');
    expect(filtersOf(new URLSearchParams('status=held'), totals).status).toBe('');
    expect(listFilters(new URLSearchParams('status=all')).status).toBe('');
    expect(listFilters(new URLSearchParams('status=toString')).status).toBe('');
  });

  it('writes them back into the URL, leaving empty ones out', () => {
    const f = listFilters(new URLSearchParams('status=reversed&pages=5'));
    expect(filtersHref('/settlements', f)).toBe('/settlements?status=reversed&pages=5');
    expect(filtersHref('/settlements', listFilters(new URLSearchParams()))).toBe('/settlements');
  });

  it('asks the API for the day after the last day shown (its serviceTo is exclusive)', () => {
    const f = listFilters(new URLSearchParams('from=2025-12-01&to=2025-12-31&institution=H1'));
    expect(apiQuery(f)).toEqual({
      institution: 'H1',
      serviceFrom: '2025-12-01',
      serviceTo: '2026-01-01',
    });
    expect(apiQuery(listFilters(new URLSearchParams()))).toEqual({});
  });
});
