import { describe, expect, it } from 'vitest';
import { type SearchFilters, isFiltered, readSearch, searchQuery } from './filters.ts';

const none: SearchFilters = {
  release: '',
  q: '',
  class: '',
  kind: '',
  restriction: '',
  negotiated: '',
  unparsed: '',
};

describe('readSearch', () => {
  it('reads every filter and the page from the URL', () => {
    const state = readSearch(
      new URLSearchParams(
        'release=nrdl-2024&q=达可&class=B&kind=drug&restriction=diagnosis&negotiated=true&unparsed=false&offset=100&limit=20',
      ),
    );
    expect(state).toEqual({
      release: 'nrdl-2024',
      q: '达可',
      class: 'B',
      kind: 'drug',
      restriction: 'diagnosis',
      negotiated: 'true',
      unparsed: 'false',
      offset: 100,
      limit: 20,
    });
  });

  it('drops unknown or malformed values instead of sending them on', () => {
    const state = readSearch(
      new URLSearchParams('class=Z&kind=pill&restriction=mood&negotiated=yes&offset=-3&limit=37'),
    );
    expect(state).toEqual({ ...none, offset: 0, limit: 50 });
    expect(readSearch(new URLSearchParams('offset=12345678')).offset).toBe(0);
  });

  it('cuts the search text at 100 characters and trims the release', () => {
    const state = readSearch(new URLSearchParams({ q: 'x'.repeat(150), release: ' r1 ' }));
    expect(state.q).toHaveLength(100);
    expect(state.release).toBe('r1');
  });
});

describe('searchQuery', () => {
  it('leaves the defaults out so URLs stay short', () => {
    expect(searchQuery({ ...none, offset: 0, limit: 50 })).toMatchObject({
      offset: undefined,
      limit: undefined,
    });
    expect(searchQuery({ q: '  abc ', offset: 50, limit: 100 })).toMatchObject({
      q: 'abc',
      offset: '50',
      limit: '100',
    });
  });

  it('gives back the state it was read from', () => {
    const url = 'release=r&q=x&class=A&kind=service&negotiated=false&offset=40&limit=200';
    const state = readSearch(new URLSearchParams(url));
    const again = new URLSearchParams();
    for (const [k, v] of Object.entries(searchQuery(state))) if (v) again.set(k, v);
    expect(readSearch(again)).toEqual(state);
  });
});

describe('isFiltered', () => {
  it('counts the filters, not the release or a blank search', () => {
    expect(isFiltered({ ...none, release: 'nrdl-2024', q: '   ' })).toBe(false);
    expect(isFiltered({ ...none, q: 'a' })).toBe(true);
    expect(isFiltered({ ...none, unparsed: 'false' })).toBe(true);
  });
});
